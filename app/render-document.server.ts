// A page rendered to the bytes the server sends, and those bytes compressed for the client.
import Negotiator from "negotiator";
import { createElement, type ComponentType, type ReactElement } from "react";
import { renderToString, renderToStringParts } from "react-dom/server";
import { brotliCompressSync, constants as zlib, deflateSync, gzipSync } from "node:zlib";
import { KeptByText } from "../db/kept-by-text";
import type { MarkupKeeper } from "./components/kept-markup";

const DOCTYPE = Buffer.from("<!DOCTYPE html>");

/**
 * The page as UTF-8 bytes. React's `renderToString` returns the page as one string built from
 * thousands of pieces, which V8 must copy into one flat string before it can be encoded. A
 * page of more than 64 K characters that holds any character outside Latin-1 ("—" is on every
 * page) is a string of more than 128 KB, which V8 allocates in its large-object space: memory
 * mapped for it alone, written page by page, unmapped once collected. That copy cost the bid
 * grid about a tenth of its server time (decision 014, seventh pass). `renderToStringParts`
 * (patches/react-dom+18.3.1.patch) renders exactly as `renderToString` does and hands the
 * text back in pieces of about 8 K characters, each encoded on its own: the same bytes, and
 * no large string.
 */
export function renderDocument(element: ReactElement): Buffer {
  return Buffer.concat([DOCTYPE, ...renderToStringParts(element).map((part) => Buffer.from(part, "utf8"))]);
}

// Kept markup by component, then by its props as JSON (app/components/kept-markup.tsx): at most
// 100 sets of props per component (the charts of that many snapshots and pages; some 30 KB each).
const keptMarkup = new WeakMap<ComponentType<never>, KeptByText<string>>();

/**
 * The markup of a pure component for its props, rendered once per props (`KeptMarkup`): React
 * renders it on its own, as `renderToString` renders the same element in place.
 */
export const keepMarkup: MarkupKeeper = (component, props) => {
  let byProps = keptMarkup.get(component as ComponentType<never>);
  if (!byProps) keptMarkup.set(component as ComponentType<never>, (byProps = new KeptByText<string>(100, 1_000_000)));
  return byProps.get(JSON.stringify(props), () => renderToString(createElement(component, props)));
};

/**
 * Brotli as the server compresses every response (server.js hands these to `compression`):
 * quality 3 and a 256 KB window (decision 014, seventh pass).
 */
export const BROTLI_PARAMS = { [zlib.BROTLI_PARAM_QUALITY]: 3, [zlib.BROTLI_PARAM_LGWIN]: 18 } as const;
/** `compression`'s own threshold: smaller bodies go as they are. */
const THRESHOLD = 1024;
const ENCODINGS = ["br", "gzip", "deflate", "identity"];
const PREFERRED = ["br", "gzip"];

type Encoding = "br" | "gzip" | "deflate";

/**
 * A rendered page, or a data request's JSON, compressed here in one call instead of by the
 * `compression` middleware's stream: the body is whole in memory already, and zlib's streams
 * run on Node's thread pool, where each response's compressor paid for fresh memory (glibc's
 * per-thread arenas give it back after every use): four times the CPU of the same compression done in one call (the
 * ranking's 75 KB: 1.7 against 0.43 ms; the landing page: 0.33 against 0.09 ms). The encoding
 * is negotiated as `compression` negotiates it (the same library, the same order: brotli,
 * then gzip), so a client gets what it got before, and `compression` passes an encoded body
 * through untouched.
 */
export function encodeBody(body: Buffer, acceptEncoding: string | null): { body: Buffer; encoding: Encoding | null } {
  // No Accept-Encoding: as it is (`compression`'s default, enforceEncoding "identity").
  if (body.length < THRESHOLD || acceptEncoding === null) return { body, encoding: null };
  // negotiator's own second argument (the server's preference on equal weights) is not in its types.
  const negotiator = new Negotiator({ headers: { "accept-encoding": acceptEncoding } }) as Negotiator & {
    encoding(available: string[], preferred: string[]): string | undefined;
  };
  switch (negotiator.encoding(ENCODINGS, PREFERRED)) {
    case "br":
      return { body: brotliCompressSync(body, { params: BROTLI_PARAMS }), encoding: "br" };
    case "gzip":
      return { body: gzipSync(body), encoding: "gzip" };
    case "deflate":
      return { body: deflateSync(body), encoding: "deflate" };
    default:
      return { body, encoding: null };
  }
}

/**
 * The response for a body that is whole in memory: compressed for the client (`encodeBody`),
 * with its length and `Vary: Accept-Encoding` (the answer depends on that header whether or not
 * it is compressed).
 */
export function encodedResponse(body: Buffer, acceptEncoding: string | null, init: { status: number; headers: Headers }): Response {
  const encoded = encodeBody(body, acceptEncoding);
  const headers = init.headers;
  headers.append("Vary", "Accept-Encoding");
  if (encoded.encoding) headers.set("Content-Encoding", encoded.encoding);
  headers.set("Content-Length", String(encoded.body.length));
  return new Response(new Uint8Array(encoded.body.buffer as ArrayBuffer, encoded.body.byteOffset, encoded.body.byteLength), { headers, status: init.status });
}
