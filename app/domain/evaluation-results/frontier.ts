/**
 * The Pareto frontier of a round: the bundles that no other bundle beats on both evaluated
 * price (lower is better) and non-price points (higher is better). See decision 011.
 *
 * b dominates a iff price(b) ≤ price(a) and quality(b) ≥ quality(a), at least one strictly.
 *
 * Exactness: prices are integers (minor units) and are compared as they are. Non-price points
 * are doubles from the engine (total minus the price criterion's points), so they are compared
 * by `totalKey`, in millionths of a point: the resolution the ranking itself uses to compare
 * totals (ranking.ts, TOTAL_RESOLUTION). Two bundles the ranking treats as tied on points are
 * tied here too, and 0.1 + 0.2 equals 0.3. Rounding (not an epsilon) keeps dominance transitive.
 */
import type { CriterionMethod } from "../evaluation/describe";
import type { BundleEvaluation, RoundEvaluation } from "../evaluation/evaluate";
import { totalKey } from "../evaluation/ranking";

export interface FrontierInputPoint {
  id: string;
  priceMinor: number;
  quality: number;
}

/** The key non-price points are compared by: millionths of a point, as the ranking does. */
export const qualityKey = totalKey;

/** b dominates a (the same comparison the frontier uses, exposed for tests and explanations). */
export function dominates(b: Omit<FrontierInputPoint, "id">, a: Omit<FrontierInputPoint, "id">): boolean {
  const qb = qualityKey(b.quality);
  const qa = qualityKey(a.quality);
  return b.priceMinor <= a.priceMinor && qb >= qa && (b.priceMinor < a.priceMinor || qb > qa);
}

/**
 * Ids of the non-dominated points, O(n log n): sorted by price, then by quality (best first),
 * one pass keeps the best quality seen at any lower price. Points with equal price and equal
 * quality do not dominate each other, so duplicates are on the frontier together or not at all.
 */
export function paretoFrontier(points: readonly FrontierInputPoint[]): Set<string> {
  const rows = points.map((p) => ({ id: p.id, price: p.priceMinor, q: qualityKey(p.quality) }));
  rows.sort((a, b) => a.price - b.price || b.q - a.q);
  const frontier = new Set<string>();
  let bestCheaper = Number.NEGATIVE_INFINITY; // best quality key among strictly cheaper points
  let i = 0;
  while (i < rows.length) {
    const price = rows[i]!.price;
    const groupBest = rows[i]!.q; // sorted: the first of a price group has its best quality
    let j = i;
    for (; j < rows.length && rows[j]!.price === price; j++) {
      // Dominated within the group by a better point at the same price, or by a cheaper point at least as good.
      if (rows[j]!.q === groupBest && bestCheaper < groupBest) frontier.add(rows[j]!.id);
    }
    if (groupBest > bestCheaper) bestCheaper = groupBest;
    i = j;
  }
  return frontier;
}

type PriceKindSource = readonly Pick<CriterionMethod, "criterionId" | "kind">[];

/**
 * Non-price points of a bundle: its total minus the points of the price criterion. A
 * `BundleEvaluation` does not say which criterion is the price criterion, so the caller passes
 * the round's `methods` (`RoundEvaluation.methods`, which carry each criterion's kind). A round
 * without a price criterion has non-price points equal to the total.
 */
export function nonPricePoints(bundle: BundleEvaluation, methods: PriceKindSource): number {
  let pricePoints = 0;
  for (const m of methods) {
    if (m.kind !== "price") continue;
    for (const c of bundle.criteria) if (c.criterionId === m.criterionId) pricePoints += c.points;
  }
  return bundle.total - pricePoints;
}

/** The id a results page uses for one bundle: `vendorId/slotId` (ids cannot contain "/"). */
export function bundleKey(b: { vendorId: string; slotId: string }): string {
  return `${b.vendorId}/${b.slotId}`;
}

export interface FrontierPoint extends FrontierInputPoint {
  label: string;
  vendorId: string;
  slotId: string;
  passesGates: boolean;
  onFrontier: boolean;
}

/**
 * Every bundle of an evaluation as a point of the price–quality chart, ids from `bundleKey`.
 * The frontier is computed among the bundles that pass the gates (only they can be awarded, so
 * a failed bundle must not push an eligible one off it); failed bundles are returned with
 * `onFrontier: false`. With `passingOnly`, failed bundles are left out.
 */
export function frontierPoints(evaluation: Pick<RoundEvaluation, "bundles" | "methods">, options: { passingOnly?: boolean } = {}): FrontierPoint[] {
  const all = evaluation.bundles
    .filter((b) => !options.passingOnly || b.passesGates)
    .map((b) => ({
      id: bundleKey(b),
      label: `${b.vendorName} — ${b.slotName}`,
      vendorId: b.vendorId,
      slotId: b.slotId,
      priceMinor: b.evaluatedPriceMinor,
      quality: nonPricePoints(b, evaluation.methods),
      passesGates: b.passesGates,
      onFrontier: false,
    }));
  const frontier = paretoFrontier(all.filter((p) => p.passesGates));
  for (const p of all) p.onFrontier = frontier.has(p.id);
  return all;
}
