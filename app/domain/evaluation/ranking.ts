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
  /** Per bundle: its vendor's name collation key (`nameKey`), then the name itself. */
  readonly vendorNameKeys: readonly string[];
  readonly vendorNames: readonly string[];
}

/** Unicode code-point order (not UTF-16 code units): no locale, so no machine dependence. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * The vendor-name collation of the tie-break, locale-independent by construction: Unicode
 * compatibility decomposition (NFKD), combining marks removed, default (locale-free) lower
 * case, then compared by code point. So "acme" < "Émile" < "Zeta" on every machine, whatever
 * its ICU data or locale; names equal under it fall back to the name's own code points.
 */
export function nameKey(name: string): string {
  // Printable ASCII has no decomposition and no combining mark: only the case changes.
  if (isPrintableAscii(name)) return name.toLowerCase();
  return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

function isPrintableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
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
  return (
    compareCodePoints(basis.vendorNameKeys[a]!, basis.vendorNameKeys[b]!) ||
    compareCodePoints(basis.vendorNames[a]!, basis.vendorNames[b]!) ||
    compareCodePoints(basis.vendorIds[a]!, basis.vendorIds[b]!) ||
    compareCodePoints(basis.slotIds[a]!, basis.slotIds[b]!)
  );
}

/** Bundle indices in rank order. */
export function rankBundles(basis: RankingBasis, eligible: readonly number[]): number[] {
  return [...eligible].sort((a, b) => compareBundles(basis, a, b));
}

/**
 * `sharingTopWeight`: the names of every criterion with the top weight, in criterion order;
 * when there are several, the first listed is the one the tie-break uses, and the text says so.
 */
export function describeTieBreak(tieBreak: readonly TieBreak[], heaviestCriterionName: string, sharingTopWeight: readonly string[] = [heaviestCriterionName]): string {
  const steps = ["higher total (to a millionth of a point)"];
  const list = (names: readonly string[]) => (names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`);
  const heaviest =
    sharingTopWeight.length > 1 ? `${heaviestCriterionName}, the first listed of ${list(sharingTopWeight)}, which share the top weight` : heaviestCriterionName;
  for (const rule of tieBreak) {
    steps.push(rule === "lower-evaluated-price" ? "lower evaluated price" : `higher score on the heaviest criterion (${heaviest})`);
  }
  steps.push(
    "vendor name (accents and letter case ignored, then compared in Unicode code-point order: the same on every machine, whatever its language settings), then vendor id, then bundle slot id, in code-point order",
  );
  return `Bundles are ranked by ${steps.join(", then ")}.`;
}
/** Whether total a is above total b at the ranking's resolution (used for the BATNA too). */
export function beatsTotal(a: number, b: number): boolean {
  return totalKey(a) > totalKey(b);
}
