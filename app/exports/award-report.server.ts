// The PDF award report (issue #14, item 2): cover, executive summary, method, the full ranking
// (a table that breaks across pages with its header repeated), the results page's charts as
// vectors, clause findings and protection figures, the panel and its conflict declarations,
// the opening register and the approvals. Every page's footer names the snapshot's input hash.
import type { AwardPackData } from "../domain/award/pack";
import { formatUtc } from "../domain/award/pack";
import { formatNumber, formatPoints } from "../domain/evaluation/format";
import { pointsChart, pointsChartHeight, priceQualityChart, priceQualityChartHeight, sensitivityChart, sensitivityChartHeight } from "./award-charts.server";
import { fileText, packMoney } from "./pack-text";
import { addFooters, createPdf, facts, footerSnapshotId, heading, paragraph, pdfBytes, table, type Doc } from "./pdf-document.server";

/** The first footer line (the full snapshot id is on the cover). */
export function packFooter(pack: Pick<AwardPackData, "rfp" | "snapshot">): string {
  return `${pack.rfp.reference} · award report · evaluation snapshot ${footerSnapshotId(pack.snapshot.id)} (${pack.snapshot.engineVersion})`;
}

const AWARD_STATUS: Record<string, string> = {
  proposed: "proposed, awaiting the second approval",
  standstill: "approved; standstill period running",
  concluded: "concluded",
  cancelled: "cancelled",
};

export async function buildAwardReport(pack: AwardPackData): Promise<Uint8Array> {
  const doc = createPdf({ title: `Award report — ${pack.rfp.reference} ${pack.rfp.title}`, subject: `Evaluation snapshot ${pack.snapshot.id}`, footer: packFooter(pack) });
  const money = (minor: number | null) => packMoney(minor, pack.rfp.currency, pack.rfp.minorUnitsPerMajor);
  const name = (b: { vendorName: string; slotName: string }) => `${b.vendorName} — ${b.slotName}`;

  cover(doc, pack);

  // ── Executive summary ──
  doc.addPage();
  heading(doc, "Executive summary");
  const award = pack.award;
  const leader = pack.bundles.find((b) => b.rank === 1);
  if (award) {
    paragraph(doc, `Award: ${award.vendorName}, bundle “${award.slotName}” — ${formatPoints(award.total)} of 100 points, evaluated price ${money(award.evaluatedPriceMinor)} (${AWARD_STATUS[award.status] ?? award.status}).`, { bold: true });
    paragraph(doc, `Rationale: ${award.rationale}`);
    if (award.deviationReason) paragraph(doc, `Why not the top-ranked bundle: ${award.deviationReason}`);
  } else {
    // Without a leader, the next paragraph says why (no bundle passes the gates). An award resting on
    // another snapshot (an earlier round exported) is named, not denied.
    const elsewhere = pack.awardElsewhere;
    const standing = elsewhere
      ? `The award (${elsewhere.vendorName}, bundle “${elsewhere.slotName}”, ${AWARD_STATUS[elsewhere.status] ?? elsewhere.status}) rests on another evaluation snapshot, ${elsewhere.snapshotId} of round ${elsewhere.round}; this report shows snapshot ${pack.snapshot.id}.`
      : "No award has been proposed yet.";
    paragraph(doc, `${standing}${leader ? ` The top-ranked bundle${elsewhere ? " here" : ""} is ${name(leader)} with ${formatPoints(leader.total)} of 100 points.` : ""}`, { bold: true });
  }
  const ranked = pack.bundles.filter((b) => b.rank !== null);
  const vendorCount = new Set(pack.bundles.map((b) => b.vendorId)).size;
  const offered = `${count(pack.bundles.length, "bundle")} from ${count(vendorCount, "vendor")}`;
  const passing =
    ranked.length === 0
      ? `No bundle passes the gates: all ${offered} fail at least one gate, so none is ranked and there is no leader.`
      : ranked.length === pack.bundles.length
        ? `All ${offered} pass the gates and are ranked.`
        : `${ranked.length} of the ${offered} pass the gates and are ranked; ${pack.bundles.length - ranked.length} fail a gate.`;
  paragraph(doc, `${passing} Every figure in this report comes from evaluation snapshot ${pack.snapshot.id} (input SHA-256 ${pack.snapshot.inputHash}, ${pack.snapshot.engineVersion}), taken ${formatUtc(pack.snapshot.createdAt)}${pack.snapshot.scoresLocked ? " on locked scores" : " on draft scores"}.`);
  if (pack.sensitivityWords) paragraph(doc, `${pack.sensitivityWords.headline} ${pack.sensitivityWords.robustness.title}.`);
  if (ranked.length > 0) {
    heading(doc, "The top bundles", 2);
    table(
      doc,
      [{ header: "Rank", width: 0.6 }, { header: "Vendor and bundle", width: 4 }, { header: "Total", width: 1, align: "right" }, { header: "Evaluated price", width: 1.8, align: "right" }],
      ranked.slice(0, 5).map((b) => [String(b.rank), name(b), formatPoints(b.total), money(b.evaluatedPriceMinor)]),
    );
  }

  // ── Method ──
  heading(doc, "Method");
  paragraph(doc, "Each bundle's value on a criterion is turned into a normalised score between 0 and 1 by the criterion's method; its points are 100 × weight × normalised score ÷ the sum of the weights; its total is the sum of its points (at most 100). Bundles that fail a gate are scored but not ranked.");
  table(
    doc,
    [{ header: "Criterion", width: 2 }, { header: "Weight", width: 0.8, align: "right" }, { header: "How it is scored", width: 6 }],
    pack.criteria.map((c) => [c.name, formatNumber(c.weight, 2), c.method]),
  );
  paragraph(doc, `Evaluated price: ${pack.evaluatedPriceDescription}`);
  paragraph(doc, `Price formula: ${pack.priceFormulaDescription}`);
  paragraph(doc, `Consensus: ${pack.consensusDescription}`);
  paragraph(doc, `Ties: ${pack.tieBreakDescription}`);
  if (pack.gates.length > 0) {
    heading(doc, "Gates", 2);
    table(doc, [{ header: "Gate", width: 2 }, { header: "Rule", width: 5 }], pack.gates.map((g) => [g.name, g.rule]));
  }

  // ── Ranking ──
  heading(doc, "Ranking");
  if (ranked.length === 0) paragraph(doc, "No bundle passes the gates, so none is ranked. Every bundle is listed below with the gates it fails.");
  else table(
    doc,
    [
      { header: "Rank", width: 0.7 },
      { header: "Vendor", width: 2.1 },
      { header: "Bundle", width: 1.45 },
      { header: "Total", width: 0.8, align: "right" },
      { header: "Evaluated price", width: 1.9, align: "right" },
      { header: "Protection", width: 1.6, align: "right" },
      { header: "Clause errors / warnings", width: 1.1, align: "right" },
      { header: "Frontier", width: 1.1 },
    ],
    (function* () {
      for (const b of ranked) yield [String(b.rank), b.vendorName, b.slotName, formatPoints(b.total), money(b.evaluatedPriceMinor), b.protection ? money(b.protection.totalMinor) : "—", `${b.clauseErrors} / ${b.clauseWarnings}`, b.onFrontier ? "yes" : ""];
    })(),
  );
  const gated = pack.bundles.filter((b) => b.rank === null);
  if (gated.length > 0) {
    heading(doc, "Bundles that fail a gate", 2);
    table(
      doc,
      [{ header: "Vendor", width: 2.2 }, { header: "Bundle", width: 1.3 }, { header: "Total", width: 0.8, align: "right" }, { header: "Protection", width: 1.5, align: "right" }, { header: "Gates failed", width: 4 }],
      gated.map((b) => [b.vendorName, b.slotName, formatPoints(b.total), b.protection ? money(b.protection.totalMinor) : "—", b.gateFailures.map((f) => `${f.gateName}: ${f.reason}`).join("; ")]),
    );
  }

  // ── Charts ──
  // Each heading stays with its chart (the heading moves to the next page with it).
  heading(doc, "Weighted points of the best bundles", 1, ranked.length > 0 ? { keepWith: pointsChartHeight(pack.bundles, pack.criteria) } : {});
  if (ranked.length === 0) paragraph(doc, "No bundle passes the gates: there are no ranked bundles to chart.");
  else pointsChart(doc, pack.bundles, pack.criteria);
  const anyPasses = pack.bundles.some((b) => b.passesGates);
  heading(doc, "Price against quality, with the Pareto frontier", 1, anyPasses ? { keepWith: priceQualityChartHeight(doc, pack.bundles, pack.rfp.minorUnitsPerMajor) } : {});
  if (anyPasses) priceQualityChart(doc, pack.bundles, pack.rfp.minorUnitsPerMajor, pack.rfp.currency);
  else paragraph(doc, "No bundle passes the gates: there is no frontier to draw.");
  heading(doc, "Sensitivity of the result to the weights", 1, pack.sensitivity && pack.sensitivityWords ? { keepWith: sensitivityChartHeight(pack.sensitivity.swaps.length) } : {});
  if (pack.sensitivity && pack.sensitivityWords) {
    const names = new Map(pack.criteria.map((c) => [c.id, c.name]));
    sensitivityChart(doc, pack.sensitivity.swaps.map((s) => ({ criterionName: names.get(s.criterionId) ?? s.criterionId, currentWeight: s.currentWeight, swapWeight: s.swapWeight })));
    paragraph(doc, pack.sensitivityWords.method, { muted: true });
    for (const s of pack.sensitivityWords.swaps) paragraph(doc, `• ${s.text}`, { size: 9 });
  } else paragraph(doc, pack.sensitivityNote ?? "Fewer than two vendors are ranked: there is nothing to compare.");
  paragraph(doc, `Rank reversal: ${pack.rankReversalWords.summary}`);
  for (const r of pack.rankReversalWords.reversals) paragraph(doc, `• ${r}`, { size: 9 });

  // ── Clause findings and protection ──
  heading(doc, "Clause findings");
  const findings = pack.bundles.flatMap((b) => b.clauseFindings.map((f) => [b.vendorName, b.slotName, f.severity, f.message] as const));
  if (findings.length === 0) paragraph(doc, "No clause findings: every SLA and remedy has a measurable trigger and an automatic, capped remedy.");
  else table(doc, [{ header: "Vendor", width: 2 }, { header: "Bundle", width: 1.3 }, { header: "Severity", width: 0.9 }, { header: "Finding", width: 5 }], findings);
  heading(doc, "Protection figures", 2);
  paragraph(doc, `${pack.protectionScenario}. Each bundle's figure is in the ranking above (column “Protection”) and, for bundles that fail a gate, in their table; the workbook's Remedies sheet lists them with the period fee.`, { muted: true });

  // ── Concession log ──
  if (pack.concessionLogs && pack.concessionLogs.some((l) => l.lines.length > 0)) {
    heading(doc, "Concession log");
    table(
      doc,
      [{ header: "Vendor", width: 1.7 }, { header: "Round", width: 0.9 }, { header: "Item", width: 1.3 }, { header: "You give", width: 2 }, { header: "You get", width: 2 }, { header: "Value (points)", width: 1, align: "right" }],
      pack.concessionLogs.flatMap((log) => log.lines.map((l) => [log.vendorName, String(l.round), l.item, l.youGive || "—", l.youGet || "—", l.valueToBuyerPoints === null ? "—" : formatPoints(l.valueToBuyerPoints)])),
    );
  }

  // ── Panel ──
  heading(doc, "The panel");
  table(doc, [{ header: "Evaluator", width: 2 }, { header: "Scores", width: 5 }], pack.panel.map((p) => [p.name, p.criteria ? p.criteria.join(", ") : "every judged criterion"]));
  heading(doc, "Conflict-of-interest declarations", 2);
  const conflicts = pack.declarations.filter((d) => d.hasConflict);
  paragraph(doc, conflicts.length === 0 ? `${pack.declarations.length} declarations, none with a conflict.` : `${pack.declarations.length} declarations, ${conflicts.length} with a conflict (the evaluator did not see or score that bidder).`);
  // One row per evaluator (the workbook's "Conflict declarations" sheet lists every declaration).
  const byEvaluator = new Map<string, typeof pack.declarations>();
  for (const d of pack.declarations) byEvaluator.set(d.evaluatorName, [...(byEvaluator.get(d.evaluatorName) ?? []), d]);
  table(
    doc,
    [{ header: "Evaluator", width: 1.6 }, { header: "No conflict with", width: 1.3 }, { header: "Conflicts (bidder: note)", width: 3.2 }, { header: "Changed declarations", width: 2.6 }],
    [...byEvaluator].map(([name, list]) => {
      const latest = new Map(list.map((d) => [d.vendorName, d]));
      const current = [...latest.values()];
      return [
        name,
        `${current.filter((d) => !d.hasConflict).length} bidders`,
        current.filter((d) => d.hasConflict).map((d) => `${d.vendorName}: ${d.note || "—"}`).join("; ") || "none",
        list.filter((d) => d.changeReason).map((d) => `${d.vendorName}, ${formatUtc(d.declaredAt)}: ${d.changeReason}`).join("; ") || "none",
      ];
    }),
  );

  // ── Opening register ──
  heading(doc, "Opening register");
  if (pack.opening) {
    facts(doc, [
      ["Opened", `${formatUtc(pack.opening.openedAt)} by ${pack.opening.openedBy} (started ${formatUtc(pack.opening.startedAt)} by ${pack.opening.startedBy})`],
      ["Register SHA-256", pack.opening.registerHash ?? "—"],
    ]);
    table(
      doc,
      [{ header: "Bidder", width: 2 }, { header: "Status", width: 1 }, { header: "Version", width: 0.7 }, { header: "Received", width: 1.6 }, { header: "Stored / recomputed SHA-256", width: 3.6 }],
      pack.opening.rows.map((r) => [r.vendorName, r.status, r.versionNumber === null ? "—" : String(r.versionNumber), formatUtc(r.receivedAt), `${r.storedHash ?? "—"} / ${r.recomputedHash === r.storedHash ? "same" : (r.recomputedHash ?? "—")}`]),
      { fontSize: 7.5 },
    );
  } else paragraph(doc, "The bids have not been opened.");

  // ── Approvals ──
  heading(doc, "Approvals");
  if (award) {
    facts(doc, [
      ["Proposed", `${formatUtc(award.proposedAt)} by ${award.proposedBy.name}`],
      ["Approved (second person)", award.approvedAt ? `${formatUtc(award.approvedAt)} by ${award.approvedBy?.name ?? ""}` : "not yet"],
      ["Standstill", award.standstillEndsAt ? `${award.standstillDays} days, ends ${formatUtc(award.standstillEndsAt)}` : `${award.standstillDays} days from the approval`],
      ["Concluded", award.concludedAt ? `${formatUtc(award.concludedAt)} by ${award.concludedBy?.name ?? ""}` : "not yet"],
      ...(award.cancelledAt ? ([["Cancelled", `${formatUtc(award.cancelledAt)} by ${award.cancelledBy?.name ?? ""}: ${award.cancelReason ?? ""}`]] as const) : []),
    ]);
  } else paragraph(doc, pack.awardElsewhere ? "The award's approvals are in the report of its own snapshot." : "No award has been proposed or approved yet.");

  addFooters(doc, packFooter(pack), pack.snapshot.inputHash);
  return pdfBytes(doc);
}

/** "1 bundle", "3 bundles". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function cover(doc: Doc, pack: AwardPackData): void {
  doc.y = 160;
  doc.font("bold").fontSize(26).text("Award report", { width: 495 });
  doc.moveDown(0.5);
  doc.font("bold").fontSize(15).text(fileText(`${pack.rfp.reference} — ${pack.rfp.title}`), { width: 495 });
  doc.moveDown(0.3);
  doc.font("body").fontSize(12).text(fileText(pack.rfp.buyerName), { width: 495 });
  doc.moveDown(2);
  facts(doc, [
    ["Bids closed", formatUtc(pack.rfp.bidsCloseAt)],
    ["Bids opened", pack.opening ? formatUtc(pack.opening.openedAt) : "not yet"],
    ["Evaluation snapshot", `${pack.snapshot.id} (round ${pack.snapshot.round})`],
    ["Snapshot taken", formatUtc(pack.snapshot.createdAt)],
    ["Input SHA-256", pack.snapshot.inputHash],
    ["Engine", pack.snapshot.engineVersion],
    ["Award", pack.award ? `${pack.award.vendorName} — ${pack.award.slotName} (${AWARD_STATUS[pack.award.status] ?? pack.award.status})` : "not yet proposed"],
    ["Report generated", formatUtc(pack.generatedAt)],
  ]);
}
