// The PDF award report and the debrief PDFs read back with pdftotext (poppler-utils): the
// ranking, the award, an accented vendor name with a euro sign, hostile text as text, the
// footer "page X of Y" with the snapshot hash, and a debrief that names no other bidder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACCENTED, fieldServicesRaw, HOSTILE, hostileRound, packFrom } from "../../tests/support/award-pack";
import type { AwardPackData } from "~/domain/award/pack";
import { parseRoundInput, type RoundInputRaw } from "~/domain/evaluation";
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

interface PdfLine { top: number; bottom: number; height: number; text: string }
/**
 * Each page's lines of text with their positions (pdftotext -bbox): words at the same top make a
 * line; the tallest word's height stands for the line's font size.
 */
function pdfLines(bytes: Uint8Array): { height: number; lines: PdfLine[] }[] {
  const file = path.join(dir, `f${n++}.pdf`);
  writeFileSync(file, bytes);
  const html = execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8" });
  return html.split("<page ").slice(1).map((page) => {
    const height = Number(/height="([\d.]+)"/.exec(page)![1]);
    const byTop = new Map<string, { top: number; bottom: number; words: { x: number; text: string }[] }>();
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const top = Number(m[2]);
      const key = top.toFixed(1);
      const line = byTop.get(key) ?? { top, bottom: 0, words: [] };
      line.bottom = Math.max(line.bottom, Number(m[3]));
      line.words.push({ x: Number(m[1]), text: m[4]! });
      byTop.set(key, line);
    }
    const lines = [...byTop.values()]
      .map((l) => ({ top: l.top, bottom: l.bottom, height: l.bottom - l.top, text: l.words.sort((a, b) => a.x - b.x).map((w) => w.text).join(" ") }))
      .sort((a, b) => a.top - b.top);
    return { height, lines };
  });
}
interface PdfRun { x0: number; y0: number; x1: number; y1: number; text: string }
/**
 * Each page's runs of text in the order they were drawn (pdftotext -bbox -raw): words one after
 * another on the same line, a word space apart (less than 0.6 of their height), make a run; a label drawn over another starts its own.
 */
function pdfRuns(bytes: Uint8Array): PdfRun[][] {
  const file = path.join(dir, `f${n++}.pdf`);
  writeFileSync(file, bytes);
  const html = execFileSync("pdftotext", ["-bbox", "-raw", file, "-"], { encoding: "utf8" });
  return html.split("<page ").slice(1).map((page) => {
    const runs: PdfRun[] = [];
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
      const last = runs[runs.length - 1];
      if (last && Math.abs(last.y0 - y0) < 0.01 && x0 >= last.x1 - 0.01 && x0 - last.x1 < 0.6 * (y1 - y0)) Object.assign(last, { x1, y1: Math.max(last.y1, y1), text: `${last.text} ${m[5]}` });
      else runs.push({ x0, y0, x1, y1, text: m[5]! });
    }
    return runs;
  });
}
/** The footer's lines of each page: below the body's bottom margin (50 + 28 points). */
const footerLines = (page: { height: number; lines: PdfLine[] }) => page.lines.filter((l) => l.top > page.height - 78);
const unescapeHtml = (s: string) => s.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;|&#39;/g, "'");

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

/** The fixture round, changed by `edit` before it is parsed. */
function roundWith(edit: (raw: RoundInputRaw) => void) {
  const raw = fieldServicesRaw();
  edit(raw);
  const parsed = parseRoundInput(raw);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  return parsed.data;
}
/** The text between two headings (the first occurrence of each). */
function section(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = text.indexOf(to, start + from.length);
  return text.slice(start, end < 0 ? undefined : end);
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("award report PDF: what a reader notices", () => {
  it("prints a gate's threshold with its currency or unit", async () => {
    const input = roundWith((raw) => {
      (raw.gates as unknown[]).push({ id: "fee-max", name: "Monthly fee cap", kind: "number", issueId: "monthlyFee", operator: "<=", value: 14_000_000 });
    });
    const gates = flat(section(pdfText(await buildAwardReport(packFrom(input)), "-raw").text, "Gates", "Ranking"));
    expect(gates).toContain("Monthly fee at most EUR 140,000.00");
    expect(gates).toContain("Rollout at most 16 weeks");
    expect(gates).not.toContain("14000000");
  });

  it("keeps the concession log's Round header on one line", async () => {
    const { text } = pdfText(await buildAwardReport(packFrom(hostileRound(), { withAward: true })), "-raw");
    const log = section(text, "Concession log", "The panel");
    expect(log).toMatch(/\bRound\b/);
    expect(log).not.toMatch(/\bRoun\s+d\b/);
  });

  it("labels every bar of the points chart with its vendor and its bundle, however long the vendor's name", async () => {
    const names = ["Northfield Field Services Ltd", "Atlas Maintenance Group International", "Civic Crew Co-operative"];
    const pack = packFrom(hostileRound(names));
    const chart = section(pdfText(await buildAwardReport(pack), "-raw").text, "Weighted points of the best bundles", "Price against quality");
    const ranked = pack.bundles.filter((b) => b.rank !== null).slice(0, 10);
    expect(ranked.length).toBeGreaterThan(3);
    for (const b of ranked) expect(chart).toMatch(new RegExp(`${b.rank}\\.\\s+${escape(b.vendorName).replace(/ /g, "\\s+")}\\s+${escape(b.slotName)}`));
  });

  it("says plainly when no bundle passes the gates, with no empty tables or charts", async () => {
    const input = roundWith((raw) => {
      (raw.gates as { id: string; value?: number }[]).find((g) => g.id === "rollout-max")!.value = 1;
    });
    const pack = packFrom(input);
    expect(pack.bundles.every((b) => b.rank === null)).toBe(true);
    const { text } = pdfText(await buildAwardReport(pack), "-raw");
    const all = flat(text);
    expect(all).toContain("No bundle passes the gates: all 9 bundles from 3 vendors fail at least one gate");
    expect(all).not.toMatch(/\b0 bundles\b/);
    expect(all).not.toContain("The top bundles");
    expect(all).not.toContain("Vendor and bundle");
    expect(flat(section(text, "Ranking", "Bundles that fail a gate"))).not.toMatch(/Rank Vendor Bundle Total/);
    expect(all).toContain("there are no ranked bundles to chart");
    // The gated-out bundles are still listed with their reasons.
    expect(all).toContain("Bundles that fail a gate");
  });
});

describe("award report of a snapshot the award does not rest on", () => {
  it("names where the award rests instead of saying none was proposed", async () => {
    const withAward = packFrom(hostileRound(), { withAward: true });
    const pack = { ...packFrom(hostileRound()), awardElsewhere: { ...withAward.award!, snapshotId: "snap-2", round: 2 } };
    const all = flat(pdfText(await buildAwardReport(pack)).text);
    expect(all).toContain(flat("rests on another evaluation snapshot, snap-2 of round 2"));
    expect(all).not.toContain(flat("No award has been proposed yet."));
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

  it("quotes the award decision's reasons, and the deviation reason when the award passed over the top-ranked bundle", async () => {
    const debrief = { ...pack.debriefs![0]!, awardReasons: { rationale: "Two standby crews in winter.", deviationReason: "Delivery risk: no winter cover in the district." } };
    const all = flat(pdfText(await buildDebriefPdf(debrief)).text);
    expect(all).toContain(flat("The award decision"));
    expect(all).toContain(flat("Two standby crews in winter."));
    expect(all).toContain(flat("Why the winning bundle was chosen over the top-ranked one: “Delivery risk: no winter cover in the district.”"));
  });
});

describe("PDF footers and headings", () => {
  const pack = packFrom(hostileRound(["Northfield Field Services Ltd", "Atlas Maintenance Group", "Civic Crew Co-operative"]), { withAward: true });
  const snapshotId = "a35e8bb8-4c1d-4e2f-8f8c-0d9e8b7a6c5d";

  /** Each page's footer is two lines that do not touch: what it rests on with "page X of Y", then the hash. */
  function expectFooters(bytes: Uint8Array, firstLine: RegExp, hash: string) {
    const pages = pdfLines(bytes);
    pages.forEach((page, i) => {
      const footer = footerLines(page);
      expect(footer.map((l) => unescapeHtml(l.text))).toEqual([expect.stringMatching(firstLine), `input SHA-256 ${hash}`]);
      expect(footer[0]!.text).toMatch(new RegExp(`page ${i + 1} of ${pages.length}$`));
      expect(footer[1]!.top).toBeGreaterThanOrEqual(footer[0]!.bottom);
    });
  }

  it("keeps a debrief's footer on one line for a long vendor name, naming the snapshot by its short id", async () => {
    const debrief = { ...pack.debriefs![0]!, rfpReference: "RIV-2026-020", vendorName: "Northfield Field Services Ltd", snapshotId };
    const bytes = await buildDebriefPdf(debrief);
    expectFooters(bytes, /^RIV-2026-020 · evaluation snapshot a35e8bb8 · debrief for Northfield Field Services Ltd page \d+ of \d+$/, debrief.snapshotInputHash);
    // The full id is still in the debrief's facts.
    expect(flat(pdfText(bytes).text)).toContain(`Evaluation snapshot: ${snapshotId}`);
  });

  it("shortens the vendor's name with an ellipsis when even that does not fit, the snapshot still named", async () => {
    const debrief = { ...pack.debriefs![0]!, vendorName: `${HOSTILE.longWord} Holdings`, snapshotId };
    expectFooters(await buildDebriefPdf(debrief), /^RIV-\S+ · evaluation snapshot a35e8bb8 · debrief for Supercalifragilistic\S*… page \d+ of \d+$/, debrief.snapshotInputHash);
  });

  it("keeps the award report's footer on one line too, a 60-character reference shortening it with an ellipsis", async () => {
    const report = { ...pack, rfp: { ...pack.rfp, reference: "RIV-2026-020" }, snapshot: { ...pack.snapshot, id: snapshotId } };
    expectFooters(await buildAwardReport(report), /^RIV-2026-020 · award report · evaluation snapshot a35e8bb8 \(\S+ [\d.]+\) page \d+ of \d+$/, pack.snapshot.inputHash);
    const longest = { ...report, rfp: { ...pack.rfp, reference: `RIV-2026-020-${"X".repeat(47)}` } };
    expectFooters(await buildAwardReport(longest), /^RIV-2026-020-X{47} · award report · .*… page \d+ of \d+$/, pack.snapshot.inputHash);
  });

  it("never leaves a heading as the last line of a page, whatever the length of the report before it", async () => {
    for (const vendors of [3, 4, 5, 6, 8, 11, 14]) {
      const names = Array.from({ length: vendors }, (_, i) => `Vendor ${i + 1} ${"Field Services ".repeat(i % 3)}Ltd`);
      const pages = pdfLines(await buildAwardReport(packFrom(hostileRound(names), { withAward: true })));
      pages.forEach((page, i) => {
        const body = page.lines.filter((l) => l.top <= page.height - 78);
        const last = body[body.length - 1]!;
        // Headings are 12 and 16 points; body text 10 and below.
        expect(last.height, `${vendors} vendors, page ${i + 1} ends with "${last.text}"`).toBeLessThan(13);
      });
    }
  });

  it("titles the price/quality chart's axes, the y axis too", async () => {
    const text = flat(pdfText(await buildAwardReport(pack), "-raw").text);
    const chart = text.slice(text.indexOf("Price against quality"), text.indexOf("Sensitivity of the result"));
    expect(chart).toContain("Non-price points (higher is better)");
    expect(chart).toContain("Evaluated price (EUR, lower is better)");
  });
});

describe("award report PDF: the price/quality chart's frontier labels", () => {
  const names = ["Northfield Field Services Ltd", "Atlas Maintenance Group", "Civic Crew Co-operative"];
  /**
   * The round's passing bundles with the cheapest `count` moved onto a frontier whose neighbours are
   * `priceStep` (EUR) and `qualityStep` points apart, the rest left where they are, off the frontier.
   */
  function clustered(count: number, priceStep: number, qualityStep: number) {
    const pack = packFrom(hostileRound(names), { withAward: true });
    const passing = pack.bundles.filter((b) => b.passesGates).sort((a, b) => a.evaluatedPriceMinor - b.evaluatedPriceMinor);
    const [first] = passing;
    const top = Math.max(...passing.map((b) => b.quality));
    passing.forEach((b, i) => {
      b.onFrontier = i < count;
      if (i < count) Object.assign(b, { evaluatedPriceMinor: first!.evaluatedPriceMinor + i * priceStep * 100, quality: top - (count - 1 - i) * qualityStep });
    });
    return { pack, frontier: passing.slice(0, count) };
  }

  /** The chart's labels: the runs inside the plot, whose corners the axes' tick labels mark. */
  async function chartLabels(pack: AwardPackData) {
    const pages = pdfRuns(await buildAwardReport(pack));
    const page = pages.find((runs) => runs.some((r) => r.text.startsWith("Price against quality")))!;
    const from = page.findIndex((r) => r.text.startsWith("Price against quality"));
    const runs = page.slice(from, page.findIndex((r, i) => i > from && r.text.startsWith("Sensitivity of the result")));
    // Before the caption and the key under the chart (whose numbers are not the axes').
    const numeric = runs.slice(0, runs.findIndex((r) => r.text.startsWith("Filled:"))).filter((r) => /^[\d,.]+$/.test(r.text));
    const lowest = Math.max(...numeric.map((r) => r.y0));
    const xTicks = numeric.filter((r) => r.y0 > lowest - 0.5);
    const plotLeft = Math.min(...xTicks.map((r) => (r.x0 + r.x1) / 2));
    const plotRight = Math.max(...xTicks.map((r) => (r.x0 + r.x1) / 2));
    const yTicks = numeric.filter((r) => r.x1 < plotLeft);
    const plot = { x0: plotLeft, x1: plotRight, y0: Math.min(...yTicks.map((r) => (r.y0 + r.y1) / 2)), y1: Math.max(...yTicks.map((r) => (r.y0 + r.y1) / 2)) };
    expect(xTicks.length).toBeGreaterThanOrEqual(3);
    expect(yTicks.length).toBeGreaterThanOrEqual(3);
    const centreInside = (r: PdfRun) => (r.x0 + r.x1) / 2 > plot.x0 && (r.x0 + r.x1) / 2 < plot.x1 && (r.y0 + r.y1) / 2 > plot.y0 && (r.y0 + r.y1) / 2 < plot.y1;
    return { plot, labels: runs.filter(centreInside), all: flat(runs.map((r) => r.text).join(" ")) };
  }

  const where = (r: PdfRun) => `(${r.x0.toFixed(1)}–${r.x1.toFixed(1)}, ${r.y0.toFixed(1)}–${r.y1.toFixed(1)})`;
  const cases = [
    // Two bundles a little apart, as on the demo's field-services RFP: names beside the marks.
    { count: 2, priceStep: 120_000, qualityStep: 0.6, by: "names" },
    // Four close together: still names, each beside its own mark. Five packed tight: numbers and the key.
    { count: 4, priceStep: 40_000, qualityStep: 0.4, by: "names" },
    { count: 5, priceStep: 10_000, qualityStep: 0.15, by: "numbers" },
  ];
  it.each(cases)("keeps $count frontier labels ($by) apart and inside the plot, $priceStep EUR and $qualityStep points between neighbours", async ({ count, priceStep, qualityStep, by }) => {
    const { pack, frontier } = clustered(count, priceStep, qualityStep);
    const { plot, labels, all } = await chartLabels(pack);
    expect(labels).toHaveLength(count);
    for (const [i, a] of labels.entries()) {
      expect(a.x0, a.text).toBeGreaterThanOrEqual(plot.x0);
      expect(a.x1, a.text).toBeLessThanOrEqual(plot.x1);
      expect(a.y0, a.text).toBeGreaterThanOrEqual(plot.y0 - 1);
      expect(a.y1, a.text).toBeLessThanOrEqual(plot.y1 + 1);
      for (const b of labels.slice(i + 1)) {
        const intersect = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
        expect(intersect, `"${a.text}" ${where(a)} and "${b.text}" ${where(b)}`).toBe(false);
      }
    }
    // Each frontier bundle is named: beside its mark, or by its number with the key under the chart.
    const numbers = labels.every((l) => /^\d+$/.test(l.text));
    expect(numbers ? "numbers" : "names").toBe(by);
    frontier.forEach((b, i) => {
      if (numbers) expect(all).toContain(flat(`${i + 1} ${b.vendorName} — ${b.slotName}`));
      else expect(labels.map((l) => l.text)).toContain(`${b.vendorName} — ${b.slotName}`);
    });
    if (numbers) expect(labels.map((l) => Number(l.text)).sort((a, b) => a - b)).toEqual(frontier.map((_, i) => i + 1));
  });
});
