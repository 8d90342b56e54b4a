/**
 * One ranking of all bundles of all vendors. The order is total and deterministic: the same
 * input ranks the same way on every machine, whatever order the bids arrived in.
 */
import type { TieBreak } from "./schema";

/**
 * Totals are compared in millionths of a point: mathematically equal totals reached through
 * different float sums (33.3 + 66.7 vs 66.7 + 33.3) must tie, and rounding (unlike an epsilon
 * comparison) keeps the order transitive.
 */
export const TOTAL_RESOLUTION = 1e-6;
export function totalKey(total: number): number {
  return Math.round(total / TOTAL_RESOLUTION);
}

export interface RankingBasis {
  readonly nBundles: number;
  readonly totals: Float64Array;
  readonly evaluatedPrice: Float64Array;
  /** Normalised scores, column-major (c × nBundles + b). */
  readonly scores: Float64Array;
  readonly heaviestCriterion: number;
  readonly tieBreak: readonly TieBreak[];
  readonly vendorIds: readonly string[];
  readonly slotIds: readonly string[];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0; // code-unit order: no locale, so no machine dependence
}

/** Negative when bundle a ranks above bundle b. */
export function compareBundles(basis: RankingBasis, a: number, b: number): number {
  const byTotal = totalKey(basis.totals[b]!) - totalKey(basis.totals[a]!);
  if (byTotal !== 0) return byTotal;
  for (const rule of basis.tieBreak) {
    if (rule === "lower-evaluated-price") {
      const d = basis.evaluatedPrice[a]! - basis.evaluatedPrice[b]!;
      if (d !== 0) return d;
    } else {
      const col = basis.heaviestCriterion * basis.nBundles;
      const d = (basis.scores[col + b] ?? 0) - (basis.scores[col + a] ?? 0);
      if (d !== 0) return d;
    }
  }
  return compareText(basis.vendorIds[a]!, basis.vendorIds[b]!) || compareText(basis.slotIds[a]!, basis.slotIds[b]!);
}

/** Bundle indices in rank order. */
export function rankBundles(basis: RankingBasis, eligible: readonly number[]): number[] {
  return [...eligible].sort((a, b) => compareBundles(basis, a, b));
}

export function describeTieBreak(tieBreak: readonly TieBreak[], heaviestCriterionName: string): string {
  const steps = ["higher total (to a millionth of a point)"];
  for (const rule of tieBreak) {
    steps.push(rule === "lower-evaluated-price" ? "lower evaluated price" : `higher score on the heaviest criterion (${heaviestCriterionName})`);
  }
  steps.push("vendor id, then bundle slot id, in alphabetical (code-point) order");
  return `Bundles are ranked by ${steps.join(", then ")}.`;
}
