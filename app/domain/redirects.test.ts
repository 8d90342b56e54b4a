import { describe, expect, it } from "vitest";
import { safeRedirect, sameSitePath } from "./redirects";
import { textProblem, safeText } from "./text";

describe("safeRedirect", () => {
  it("keeps paths of this site, with their query and fragment", () => {
    expect(safeRedirect("/admin/users")).toBe("/admin/users");
    expect(safeRedirect("/rfps/1/basics?edit=2#criteria")).toBe("/rfps/1/basics?edit=2#criteria");
    expect(safeRedirect("/opportunities")).toBe("/opportunities");
    expect(safeRedirect("/")).toBe("/");
  });

  it("serialises what it keeps as ASCII, so it is always a valid Location header", () => {
    expect(safeRedirect("/search?q=café")).toBe("/search?q=caf%C3%A9");
    expect(safeRedirect("/a b")).toBe("/a%20b");
    expect(safeRedirect("/a/../b")).toBe("/b");
  });

  // Known open-redirect bypasses: each must fall back to the dashboard.
  const bypasses = [
    "//evil.example",
    "//evil.example/x",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\t/127.0.0.2:3499/phish",
    "/%09/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/a\nSet-Cookie: x=1",
    "/a%0ASet-Cookie:%20x=1",
    "/a%0D%0ALocation:%20//evil",
    "/ /evil.example".replace(" ", "\u0000"),
    "/%00/evil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "/javascript:alert(1)".slice(1),
    "data:text/html,<script>alert(1)</script>",
    "http://evil.example",
    "https://evil.example",
    "https:evil.example",
    "http:/evil.example",
    "//user:pass@evil.example",
    "evil.example",
    " /dashboard",
    "\u0085/evil.example",
    "/\u0085/evil.example",
    "/%E0%A4%A",
    "",
    "/" + "a".repeat(3_000),
  ];
  it.each(bypasses)("refuses %j", (value) => {
    expect(safeRedirect(value)).toBe("/dashboard");
    expect(sameSitePath(value)).toBeNull();
  });

  it("falls back for missing values and non-strings", () => {
    expect(safeRedirect(null)).toBe("/dashboard");
    expect(safeRedirect(undefined)).toBe("/dashboard");
    expect(safeRedirect(null, "/opportunities")).toBe("/opportunities");
    expect(sameSitePath(42)).toBeNull();
  });

  it("never returns anything that resolves to another host", () => {
    const pieces = ["/", "\\", "\t", "\n", "%2F", "%5C", "%09", ":", "evil", "@", "x", ".", "?", "#"];
    // Every three-piece combination starting with "/": a small exhaustive fuzz.
    for (const a of pieces) for (const b of pieces) for (const c of pieces) {
      const to = `/${a}${b}${c}`;
      const out = safeRedirect(to);
      const url = new URL(out, "http://x");
      expect(url.host, to).toBe("x");
      expect(out.startsWith("//"), to).toBe(false);
      // eslint-disable-next-line no-control-regex
      expect(/[\u0000-\u001f\\]/.test(out), to).toBe(false);
    }
  });
});

describe("the text rule", () => {
  it("accepts ordinary text, tabs and line breaks and emoji", () => {
    expect(textProblem("Field technicians\tfor parks\r\nand streets 🌳 — ß")).toBeNull();
  });
  it.each([["NUL", "a\u0000b"], ["bell", "a\u0007"], ["escape", "\u001b[31m"], ["DEL", "a\u007f"], ["lone high surrogate", "a\ud800b"], ["lone low surrogate", "\udc00"], ["reversed pair", "\udc00\ud800"]])(
    "refuses %s",
    (_name, value) => {
      expect(textProblem(value)).toMatch(/control characters/);
      expect(safeText().safeParse(value).success).toBe(false);
    },
  );
});
