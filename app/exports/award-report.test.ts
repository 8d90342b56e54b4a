// The PDF award report and the debrief PDFs read back with pdftotext (poppler-utils): the
// ranking, the award, an accented vendor name with a euro sign, hostile text as text, the
// footer "page X of Y" with the snapshot hash, and a debrief that names no other bidder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACCENTED, HOSTILE, hostileRound, packFrom } from "../../tests/support/award-pack";
import { buildAwardReport } from "./award-report.server";
import { buildDebriefPdf } from "./debrief-pdf.server";

const dir = mkdtempSync(path.join(tmpdir(), "pareto-pdf-"));
let n = 0;
/** The PDF's text: laid out as on the page, or (raw) in the order it was drawn, so a wrapped table cell reads as one. */
function pdfText(bytes: Uint8Array, mode: "-layout" | "-raw" = "-layout"): { text: string; pages: string[] } {
  const file = path.join(dir, `f${n++}.pdf`);
  writeFileSync(file, bytes);
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", mode, file, "-"], { encoding: "utf8" });
  return { text, pages: text.split("\f").filter((p) => p.trim() !== "") };
}
const flat = (s: string) => s.replace(/\s+/g, " ");

describe("award report PDF", () => {
  const pack = packFrom(hostileRound(), { withAward: true });

  it("shows the award, the ranking and every page's footer with the snapshot hash", async () => {
    const { text, pages } = pdfText(await buildAwardReport(pack));
    expect(text).toContain("Award report");
    expect(flat(text)).toContain(`Award: ${pack.award!.vendorName}`);
    for (const b of pack.bundles.filter((x) => x.rank !== null)) expect(flat(text)).toContain(b.total.toFixed(2));
    pages.forEach((page, i) => {
      expect(flat(page)).toContain(`page ${i + 1} of ${pages.length}`);
      expect(page).toContain(pack.snapshot.inputHash);
    });
    for (const section of ["Executive summary", "Method", "Ranking", "Price against quality", "Sensitivity of the result", "Clause findings", "Protection figures", "The panel", "Conflict-of-interest declarations", "Opening register", "Approvals", "Concession log"]) {
      expect(text).toContain(section);
    }
  });

  it("embeds a font that prints accents and the euro sign", async () => {
    const { text } = pdfText(await buildAwardReport(pack));
    expect(text).toContain(ACCENTED);
    expect(text).toContain("€");
  });

  it("prints hostile names as text, and breaks a long ranking across pages with the header repeated", async () => {
    const names = [HOSTILE.html, HOSTILE.formula, HOSTILE.rtl.slice(0, 14), HOSTILE.plus, HOSTILE.longWord, ...Array.from({ length: 55 }, (_, i) => `Vendor ${i} ${HOSTILE.at}`)];
    const big = packFrom(hostileRound(names));
    const bytes = await buildAwardReport(big);
    const { pages } = pdfText(bytes);
    const all = pdfText(bytes, "-raw").text.replace(/\s+/g, "");
    for (const name of [HOSTILE.html, HOSTILE.formula, HOSTILE.plus]) expect(all).toContain(name.replace(/\s+/g, ""));
    // The 240-letter word wraps inside its cell: all of it is there, nothing runs off the page.
    expect(all).toContain(HOSTILE.longWord);
    const rankingPages = pages.filter((p) => /Rank\s+Vendor\s+Bundle\s+Total/.test(p));
    expect(rankingPages.length).toBeGreaterThan(1);
  });
});

describe("debrief PDF", () => {
  const pack = packFrom(hostileRound(), { withAward: true });
  it("shows the bidder's own bundles beside the winner and names no other bidder", async () => {
    const debrief = pack.debriefs!.find((d) => d.vendorName === ACCENTED) ?? pack.debriefs![0]!;
    const { text, pages } = pdfText(await buildDebriefPdf(debrief));
    expect(flat(text)).toContain(debrief.vendorName);
    expect(flat(text)).toContain(`awarded to ${debrief.winner.vendorName}`);
    for (const b of debrief.ownBundles) expect(text).toContain(b.slotName);
    const others = pack.bundles.map((b) => b.vendorName).filter((v) => v !== debrief.vendorName && v !== debrief.winner.vendorName);
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect(flat(text)).not.toContain(flat(other));
    pages.forEach((page, i) => expect(flat(page)).toContain(`page ${i + 1} of ${pages.length}`));
  });
});
