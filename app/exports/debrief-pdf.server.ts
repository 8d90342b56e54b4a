// A losing bidder's debrief as a PDF (issue #14, item 3): exactly what its portal debrief shows
// — its own bundles, its best bundle's points beside the winning bundle's, the winning bid's
// relative advantages and how its own clauses could improve — and nothing of any other bidder.
import type { Debrief } from "../domain/award/types";
import { minorUnitsPerMajor } from "../domain/bids/grid-form-numbers";
import { formatUtc } from "../domain/award/pack";
import { formatNumber, formatPoints } from "../domain/evaluation/format";
import { fileText, packMoney } from "./pack-text";
import { addFooters, createPdf, facts, footerSnapshotId, heading, paragraph, pdfBytes, table } from "./pdf-document.server";

/**
 * The first footer line. The snapshot comes before the vendor's name, so a name too long for the
 * line is what the ellipsis shortens; the full snapshot id is in the facts, the name in the title.
 */
export function debriefFooter(d: Pick<Debrief, "rfpReference" | "snapshotId" | "vendorName">): string {
  return `${d.rfpReference} · evaluation snapshot ${footerSnapshotId(d.snapshotId)} · debrief for ${d.vendorName}`;
}

export async function buildDebriefPdf(d: Debrief): Promise<Uint8Array> {
  const doc = createPdf({ title: `Debrief — ${d.rfpReference} — ${d.vendorName}`, subject: `Evaluation snapshot ${d.snapshotId}`, footer: debriefFooter(d) });
  // The currency's own minor units (JPY 1, KWD 1000), from the one place that knows them.
  const money = (minor: number) => packMoney(minor, d.currency, minorUnitsPerMajor(d.currency));
  doc.font("bold").fontSize(20).text("Debrief", { width: 495 });
  doc.moveDown(0.3);
  doc.font("bold").fontSize(13).text(fileText(`${d.rfpReference} — ${d.rfpTitle}`), { width: 495 });
  doc.font("body").fontSize(10).text(fileText(`For ${d.vendorName}, from ${d.buyerName}`), { width: 495 });
  doc.moveDown(1);
  facts(doc, [
    ["Award approved", formatUtc(d.awardApprovedAt)],
    ["Standstill period ends", formatUtc(d.standstillEndsAt)],
    ["Evaluation round", String(d.round)],
    ["Evaluation snapshot", d.snapshotId],
    ["Input SHA-256", d.snapshotInputHash],
  ]);

  heading(doc, "The result");
  paragraph(doc, `The contract is awarded to ${d.winner.vendorName}, bundle “${d.winner.slotName}”: ${formatPoints(d.winner.total)} of 100 points, evaluated price ${money(d.winner.evaluatedPriceMinor)}.`);
  paragraph(
    doc,
    d.own.rank === null
      ? `Your best bundle, “${d.own.slotName}”, scored ${formatPoints(d.own.total)} points but did not pass every gate: ${d.own.gateFailures.join("; ") || "—"}.`
      : `Your best bundle, “${d.own.slotName}”, placed ${d.own.rank} with ${formatPoints(d.own.total)} of 100 points, evaluated price ${money(d.own.evaluatedPriceMinor)}.`,
  );
  heading(doc, "Your bundles", 2);
  table(
    doc,
    [{ header: "Bundle", width: 3 }, { header: "Total", width: 1, align: "right" }, { header: "Place", width: 1, align: "right" }, { header: "Gates", width: 1.4 }],
    d.ownBundles.map((b) => [b.slotName, formatPoints(b.total), b.rank === null ? "—" : String(b.rank), b.passesGates ? "passed" : "failed"]),
  );

  heading(doc, "Points per criterion: your best bundle and the winning bundle");
  table(
    doc,
    [{ header: "Criterion", width: 3 }, { header: "Weight", width: 1, align: "right" }, { header: "Your points", width: 1.2, align: "right" }, { header: "Winner's points", width: 1.3, align: "right" }, { header: "Difference", width: 1.2, align: "right" }],
    d.criteria.map((c) => [c.name, formatNumber(c.weight, 2), formatPoints(c.ownPoints), formatPoints(c.winnerPoints), formatPoints(c.ownPoints - c.winnerPoints)]),
  );

  heading(doc, "The winning bid's relative advantages");
  if (d.advantages.length === 0) paragraph(doc, "None beyond the totals above.");
  for (const a of d.advantages) paragraph(doc, `• ${a}`);

  heading(doc, "The award decision");
  paragraph(doc, `The buyer's reasons, as written in the decision: “${d.awardReasons.rationale}”`);
  if (d.awardReasons.deviationReason) paragraph(doc, `Why the winning bundle was chosen over the top-ranked one: “${d.awardReasons.deviationReason}”`);

  heading(doc, "How your bid could improve");
  if (d.improvements.length === 0) paragraph(doc, "No clause findings on your bundles.");
  else
    table(
      doc,
      [{ header: "Severity", width: 0.9 }, { header: "Where", width: 1.8 }, { header: "Finding", width: 3 }, { header: "Suggestion", width: 3 }],
      d.improvements.map((i) => [i.severity, i.where, i.message, i.suggestion]),
    );
  paragraph(doc, "This debrief shows your own bid's evaluation beside the winning bid only; the evaluation of other bidders is not disclosed.", { muted: true });

  addFooters(doc, debriefFooter(d), d.snapshotInputHash);
  return pdfBytes(doc);
}
