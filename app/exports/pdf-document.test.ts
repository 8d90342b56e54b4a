// The PDF helpers' layout rules read back with pdftotext: a heading is kept with what follows it,
// and a line drawn with textLine never wraps onto the next.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentWidth, createPdf, fitLine, heading, MARGIN, paragraph, pdfBytes, textLine } from "./pdf-document.server";

const dir = mkdtempSync(path.join(tmpdir(), "pareto-pdf-doc-"));
let n = 0;
async function pages(doc: ReturnType<typeof createPdf>): Promise<string[]> {
  const file = path.join(dir, `d${n++}.pdf`);
  writeFileSync(file, await pdfBytes(doc));
  return execFileSync("pdftotext", ["-enc", "UTF-8", "-layout", file, "-"], { encoding: "utf8" }).split("\f").slice(0, -1);
}
const THREE_LINES = "Enough words to fill three lines of body text at ten points. ".repeat(8);
const bottom = (doc: ReturnType<typeof createPdf>) => doc.page.height - doc.page.margins.bottom;

describe("heading", () => {
  it("moves to the next page when fewer than three lines fit under it", async () => {
    const doc = createPdf({ title: "t", subject: "s", footer: "f" });
    // Room for the heading and about one line of text.
    doc.y = bottom(doc) - 50;
    heading(doc, "Sensitivity of the result to the weights");
    paragraph(doc, THREE_LINES);
    const [first, second] = await pages(doc);
    expect(first).not.toContain("Sensitivity");
    expect(second).toContain("Sensitivity of the result to the weights");
  });

  it("stays on its page when three lines fit under it, and keeps a chart's height when told", async () => {
    const doc = createPdf({ title: "t", subject: "s", footer: "f" });
    doc.y = bottom(doc) - 100;
    heading(doc, "Method");
    paragraph(doc, THREE_LINES);
    heading(doc, "Chart", 1, { keepWith: 300 });
    const [first, second] = await pages(doc);
    expect(first).toContain("Method");
    expect(first).not.toContain("Chart");
    expect(second).toContain("Chart");
  });
});

describe("textLine", () => {
  it("draws a long text as one line ending in an ellipsis, and a short one whole", async () => {
    const doc = createPdf({ title: "t", subject: "s", footer: "f" });
    doc.font("body").fontSize(7);
    const long = "RIV-2026-020 · debrief for Northfield Field Services Ltd · evaluation snapshot a35e8bb8-4c1d-4e2f-8f8c-0d9e8b7a6c5d";
    const fitted = fitLine(doc, long, 200);
    expect(fitted.endsWith("…")).toBe(true);
    expect(doc.widthOfString(fitted)).toBeLessThanOrEqual(200);
    expect(fitLine(doc, "page 1 of 2", 80)).toBe("page 1 of 2");
    textLine(doc, long, MARGIN, 100, 200);
    textLine(doc, "the next line", MARGIN, 110, contentWidth(doc));
    const [page] = await pages(doc);
    const lines = page!.split("\n").filter((l) => l.trim() !== "");
    expect(lines.map((l) => l.trim())).toEqual([fitted, "the next line"]);
  });
});
