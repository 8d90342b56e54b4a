// A page rendered to the bytes the server sends.
import type { ReactElement } from "react";
import { renderToStringParts } from "react-dom/server";

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
export function renderDocument(element: ReactElement): Uint8Array<ArrayBuffer> {
  const bytes = Buffer.concat([DOCTYPE, ...renderToStringParts(element).map((part) => Buffer.from(part, "utf8"))]);
  return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}
