import { createRequire } from "node:module";
import path from "node:path";
import { createElement as h } from "react";
import { renderToString, renderToStringParts } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { encodeBody, renderDocument } from "./render-document.server";

/** A page larger than 64 K characters with text outside Latin-1, a surrogate pair and a lone surrogate. */
function largePage(rows: number) {
  return h(
    "html",
    null,
    h(
      "body",
      null,
      h(
        "table",
        null,
        h(
          "tbody",
          null,
          Array.from({ length: rows }, (_, i) =>
            h("tr", { key: i }, h("td", null, `Bundle A — issue ${i} ◆ “quoted” 🙂`), h("td", null, h("input", { name: `bundles.0.values.v${i}`, "aria-label": `Bundle A — value ${i}`, defaultValue: String(i) }))),
          ),
        ),
      ),
      h("p", null, "lone \uD800 surrogate"),
    ),
  );
}

describe("renderDocument (react-dom patched with renderToStringParts)", () => {
  it("sends exactly the bytes of the doctype and renderToString's page, encoded as UTF-8", () => {
    const page = largePage(800);
    const whole = renderToString(page);
    expect(whole.length).toBeGreaterThan(65_536);
    const sent = Buffer.from(renderDocument(page));
    expect(sent.equals(Buffer.from(`<!DOCTYPE html>${whole}`, "utf8"))).toBe(true);
    // The lone surrogate is sent as U+FFFD, as the fetch Response's own encoding does.
    expect(sent.toString("utf8")).toContain("lone \uFFFD surrogate");
  });

  it("hands the page back in pieces of about 8 K characters that join to renderToString's text", () => {
    const page = largePage(800);
    const parts = renderToStringParts(page);
    expect(parts.join("")).toBe(renderToString(page));
    expect(parts.length).toBeGreaterThan(8);
    for (const part of parts) expect(part.length).toBeLessThan(8_192 + 1_024);
  });

  it("is in both of React's builds, so development renders as production does", () => {
    const require = createRequire(import.meta.url);
    const cjs = path.join(path.dirname(require.resolve("react-dom/server")), "cjs");
    for (const file of ["react-dom-server-legacy.node.production.min.js", "react-dom-server-legacy.node.development.js"]) {
      const build = path.join(cjs, file);
      const server = require(build) as { renderToString: typeof renderToString; renderToStringParts?: typeof renderToStringParts };
      expect(typeof server.renderToStringParts, build).toBe("function");
      expect(server.renderToStringParts!(h("p", null, "x — y")).join("")).toBe(server.renderToString(h("p", null, "x — y")));
    }
  });
});

describe("encodeBody: a page compressed as the compression middleware would", () => {
  const page = renderDocument(largePage(200));
  it("sends brotli to a browser that accepts it, whatever order it lists its encodings in", () => {
    for (const accept of ["gzip, deflate, br, zstd", "br", "gzip;q=1, br;q=1"]) {
      const { body, encoding } = encodeBody(page, accept);
      expect(encoding, accept).toBe("br");
      expect(brotliDecompressSync(body).equals(page)).toBe(true);
      expect(body.length).toBeLessThan(page.length / 4);
    }
  });

  it("sends gzip or deflate to a client that takes only those, or prefers them by weight", () => {
    const gzip = encodeBody(page, "gzip, deflate");
    expect(gzip.encoding).toBe("gzip");
    expect(gunzipSync(gzip.body).equals(page)).toBe(true);
    expect(encodeBody(page, "br;q=0.1, gzip;q=0.9").encoding).toBe("gzip");
    const deflate = encodeBody(page, "deflate");
    expect(deflate.encoding).toBe("deflate");
    expect(inflateSync(deflate.body).equals(page)).toBe(true);
  });

  it("sends the page as it is without Accept-Encoding, to a client that refuses every encoding, and under 1 KB", () => {
    for (const accept of [null, "identity", "br;q=0, gzip;q=0, deflate;q=0", "zstd"]) {
      const { body, encoding } = encodeBody(page, accept);
      expect(encoding, String(accept)).toBeNull();
      expect(body).toBe(page);
    }
    const small = Buffer.from("<!DOCTYPE html><p>hi</p>");
    expect(encodeBody(small, "br")).toEqual({ body: small, encoding: null });
  });
});
