import { describe, expect, it } from "vitest";
import { normaliseText, textProblem } from "./text";

describe("normaliseText", () => {
  it("returns ordinary text as it is: tabs, CRLF line breaks, accents and emoji", () => {
    const text = "Field technicians\tfor parks\r\nand streets 🌳 — ß, ünd “quotes”";
    expect(normaliseText(text)).toBe(text);
  });

  it("turns what stands for a line break into one", () => {
    expect(normaliseText("Page one ends here.\fPage two starts here.")).toBe("Page one ends here.\nPage two starts here.");
    expect(normaliseText("line\u000bbreak")).toBe("line\nbreak");
    expect(normaliseText("next\u0085line")).toBe("next\nline");
    expect(normaliseText("line\u2028separator")).toBe("line\nseparator");
    expect(normaliseText("paragraph\u2029separator")).toBe("paragraph\n\nseparator");
    expect(normaliseText("a\r\n\fb")).toBe("a\r\n\nb");
  });

  it("removes what no one can mean in a text, keeping every other character typed", () => {
    expect(normaliseText("Nul\u0000 Ltd")).toBe("Nul Ltd");
    expect(normaliseText("\u0000\u001b")).toBe("");
    expect(normaliseText("\u001b[31mred\u001b[0m")).toBe("[31mred[0m");
    expect(normaliseText("bell\u0007 del\u007f c1\u0080\u009f")).toBe("bell del c1");
    expect(normaliseText("a\ud800b")).toBe("ab");
    expect(normaliseText("\udc00x\ud800")).toBe("x");
    expect(normaliseText("\udc00\ud800")).toBe("");
    expect(normaliseText("tree 🌳\u0000")).toBe("tree 🌳");
  });

  it("always gives text the text rule accepts", () => {
    // Every character from U+0000 to U+00A0, the separators and lone or reversed surrogates, in pairs.
    const pieces = [...Array.from({ length: 0xa1 }, (_, i) => String.fromCharCode(i)), "\u2028", "\u2029", "\ud800", "\udbff", "\udc00", "\udfff", "🌳", "x"];
    for (const a of pieces) for (const b of pieces) {
      const normalised = normaliseText(`${a}${b}`);
      expect(textProblem(normalised), JSON.stringify(`${a}${b}`)).toBeNull();
      expect(normaliseText(normalised)).toBe(normalised);
    }
  });
});
