// A losing bidder's debrief, built from its own rows of one evaluation snapshot and the winning
// bundle's row, nothing else: the caller never reads another loser's row, so none can leak.
import type { ClauseFinding } from "../evaluation/clauses";
import { formatMoney, formatPoints } from "../evaluation/format";
import type { GateFailure } from "../evaluation/gates";
import type { Debrief, DebriefImprovement } from "./types";

export interface DebriefBundleRow {
  slotId: string;
  slotName: string;
  slotPosition: number;
  rank: number | null;
  total: number;
  evaluatedPriceMinor: number;
  passesGates: boolean;
  bestOfVendor: boolean;
  gateFailures: readonly GateFailure[];
  /** Weighted points per criterion, in the order of `criteria`. */
  points: readonly number[];
  clauseFindings: readonly ClauseFinding[];
}

export interface DebriefInput {
  rfp: { id: string; reference: string; title: string; buyerName: string; currency: string; minorUnitsPerMajor: number };
  vendor: { id: string; name: string };
  round: number;
  snapshot: { id: string; inputHash: string };
  criteria: readonly { id: string; name: string; weight: number }[];
  /** Every bundle of this vendor in the snapshot (at least one). */
  own: readonly DebriefBundleRow[];
  winner: { vendorName: string; slotName: string; total: number; evaluatedPriceMinor: number; points: readonly number[] };
  /** The award's own words: its rationale and, when it passed over the top-ranked bundle, why. */
  award: { rationale: string; deviationReason: string | null };
  standstillEndsAt: Date | null;
  approvedAt: Date | null;
}

/** Differences below half a hundredth of a point print as 0.00 and are not an advantage. */
const NOTICEABLE = 0.005;

/** The vendor's bundle compared with the winner: its best ranked bundle, else its highest total. */
export function comparedBundle(own: readonly DebriefBundleRow[]): DebriefBundleRow {
  const best = own.find((b) => b.bestOfVendor);
  if (best) return best;
  return [...own].sort((a, b) => b.total - a.total || a.slotPosition - b.slotPosition)[0]!;
}

/** The winning bid's relative advantages over the compared bundle, in words, largest first. */
export function winnerAdvantages(input: Pick<DebriefInput, "criteria" | "winner" | "rfp">, compared: DebriefBundleRow): string[] {
  const money = (m: number) => formatMoney(m, input.rfp.currency, input.rfp.minorUnitsPerMajor);
  const lines: { gap: number; text: string }[] = [];
  input.criteria.forEach((c, i) => {
    const theirs = input.winner.points[i] ?? 0;
    const yours = compared.points[i] ?? 0;
    const gap = theirs - yours;
    if (gap >= NOTICEABLE) {
      lines.push({ gap, text: `Scores ${formatPoints(gap)} more points on ${c.name} (weight ${c.weight}): ${formatPoints(theirs)} against your ${formatPoints(yours)}.` });
    }
  });
  lines.sort((a, b) => b.gap - a.gap);
  const words = lines.map((l) => l.text);
  if (input.winner.evaluatedPriceMinor < compared.evaluatedPriceMinor) {
    words.push(`Its evaluated price is ${money(compared.evaluatedPriceMinor - input.winner.evaluatedPriceMinor)} lower: ${money(input.winner.evaluatedPriceMinor)} against your ${money(compared.evaluatedPriceMinor)}.`);
  }
  const totalGap = input.winner.total - compared.total;
  if (totalGap >= NOTICEABLE) words.unshift(`In total it scores ${formatPoints(input.winner.total)} of 100 against your ${formatPoints(compared.total)} (${formatPoints(totalGap)} more).`);
  if (!compared.passesGates) words.unshift("Your best bundle failed a gate, so it could not be ranked; the winning bundle passes every gate.");
  if (words.length === 0) words.push("The winning bundle does not score more points than yours on any criterion; the buyer's reasons for choosing it are given with the award decision below.");
  return words;
}

/** The vendor's gate failures and clause findings, per bundle in slot order, as improvements. */
export function improvementsOf(own: readonly DebriefBundleRow[]): DebriefImprovement[] {
  const result: DebriefImprovement[] = [];
  for (const b of [...own].sort((x, y) => x.slotPosition - y.slotPosition)) {
    for (const g of b.gateFailures) {
      result.push({ severity: "error", where: `${b.slotName}: gate ${g.gateName}`, message: g.reason, suggestion: `Meet the gate “${g.gateName}” in your next bid: a bundle that fails a gate is not ranked.` });
    }
    for (const f of b.clauseFindings) {
      result.push({ severity: f.severity, where: f.clauseId ? `${b.slotName}: ${f.clauseId}` : b.slotName, message: f.message, suggestion: f.suggestion });
    }
  }
  return result;
}

export function buildDebrief(input: DebriefInput): Debrief {
  const compared = comparedBundle(input.own);
  return {
    rfpId: input.rfp.id,
    rfpReference: input.rfp.reference,
    rfpTitle: input.rfp.title,
    buyerName: input.rfp.buyerName,
    currency: input.rfp.currency,
    vendorOrganisationId: input.vendor.id,
    vendorName: input.vendor.name,
    round: input.round,
    snapshotId: input.snapshot.id,
    snapshotInputHash: input.snapshot.inputHash,
    winner: { vendorName: input.winner.vendorName, slotName: input.winner.slotName, total: input.winner.total, evaluatedPriceMinor: input.winner.evaluatedPriceMinor },
    own: {
      slotId: compared.slotId,
      slotName: compared.slotName,
      total: compared.total,
      evaluatedPriceMinor: compared.evaluatedPriceMinor,
      rank: compared.rank,
      gateFailures: compared.gateFailures.map((g) => `${g.gateName}: ${g.reason}`),
    },
    ownBundles: [...input.own]
      .sort((a, b) => a.slotPosition - b.slotPosition)
      .map((b) => ({ slotId: b.slotId, slotName: b.slotName, total: b.total, rank: b.rank, passesGates: b.passesGates })),
    criteria: input.criteria.map((c, i) => ({ criterionId: c.id, name: c.name, weight: c.weight, ownPoints: compared.points[i] ?? 0, winnerPoints: input.winner.points[i] ?? 0 })),
    advantages: winnerAdvantages(input, compared),
    awardReasons: { rationale: input.award.rationale, deviationReason: input.award.deviationReason },
    improvements: improvementsOf(input.own),
    standstillEndsAt: input.standstillEndsAt ? input.standstillEndsAt.toISOString() : null,
    awardApprovedAt: input.approvedAt ? input.approvedAt.toISOString() : null,
  };
}
