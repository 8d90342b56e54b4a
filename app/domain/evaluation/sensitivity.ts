/**
 * How much the weights must move before the leader and the runner-up swap, solved exactly.
 *
 * Setting criterion c's weight to x and rescaling the others in proportion (so the sum stays
 * W = 100) gives, for any bundle b,
 *   T_b(x) = (100 / W) · [ x · s_cb + (W − x) · O_b ],   O_b = Σ_{j≠c} w_j s_jb / (W − w_c),
 * which is linear in x. The leader's lead D(x) = T_L(x) − T_R(x) is linear too, so the swap
 * point is its single root x* = W · dO / (dO − dA) with dA = s_cL − s_cR and dO = O_L − O_R.
 */
import { compareBundles, rankBundles, type RankingBasis } from "./ranking";

export const ROBUSTNESS_THRESHOLDS = { fragile: 5, moderate: 15 } as const;
export type Robustness = "robust" | "moderate" | "fragile";

/** Below 5 weight points a single evaluator's opinion of the weights could flip the award. */
export function robustnessOf(smallestAbsDelta: number | null): Robustness {
  if (smallestAbsDelta === null) return "robust";
  if (smallestAbsDelta < ROBUSTNESS_THRESHOLDS.fragile) return "fragile";
  if (smallestAbsDelta < ROBUSTNESS_THRESHOLDS.moderate) return "moderate";
  return "robust";
}

/** Weights with criterion c set to x and the others scaled so the sum is unchanged. */
export function rescaleWeights(weights: ArrayLike<number>, c: number, x: number): Float64Array {
  const out = Float64Array.from(weights as ArrayLike<number>);
  let sum = 0;
  for (let j = 0; j < out.length; j++) sum += out[j]!;
  const rest = sum - (out[c] ?? 0);
  const factor = rest > 0 ? (sum - x) / rest : 0;
  for (let j = 0; j < out.length; j++) out[j] = j === c ? x : out[j]! * factor;
  return out;
}

/**
 * The weight x ∈ (0, W) of criterion c at which bundles L and R tie (beyond it they swap),
 * or null when no weight within 0..W swaps them (including when c already carries all the
 * weight, since there is nothing to rescale).
 */
export function swapWeight(scores: Float64Array, weights: ArrayLike<number>, nBundles: number, c: number, L: number, R: number): number | null {
  let W = 0;
  let others = 0;
  for (let j = 0; j < weights.length; j++) {
    const w = weights[j]!;
    W += w;
    if (j !== c) others += w * (scores[j * nBundles + L]! - scores[j * nBundles + R]!);
  }
  const wc = weights[c]!;
  const rest = W - wc;
  if (!(rest > 0)) return null;
  const dA = scores[c * nBundles + L]! - scores[c * nBundles + R]!;
  const dO = others / rest;
  const denom = dO - dA;
  if (denom === 0) return null;
  const x = (W * dO) / denom;
  // At 0 or W the two only tie at the very edge of the range, and the swapped side lies outside it.
  if (!(x > 1e-9 && x < W - 1e-9)) return null;
  return x;
}

export interface WeightSwap {
  criterionId: string;
  currentWeight: number;
  /** The weight at which the two tie; moving past it swaps them. */
  swapWeight: number | null;
  /** swapWeight − currentWeight (negative: lower the weight). */
  delta: number | null;
}

export interface SensitivityCore {
  swaps: WeightSwap[];
  smallestAbsDelta: number | null;
  mostSensitiveCriterionId: string | null;
  robustness: Robustness;
}

export function weightSensitivity(
  scores: Float64Array,
  weights: ArrayLike<number>,
  criterionIds: readonly string[],
  nBundles: number,
  L: number,
  R: number,
): SensitivityCore {
  const swaps: WeightSwap[] = [];
  let smallest: number | null = null;
  let mostSensitive: string | null = null;
  for (let c = 0; c < criterionIds.length; c++) {
    const x = swapWeight(scores, weights, nBundles, c, L, R);
    const current = weights[c]!;
    const delta = x === null ? null : x - current;
    swaps.push({ criterionId: criterionIds[c]!, currentWeight: current, swapWeight: x, delta });
    if (delta !== null && (smallest === null || Math.abs(delta) < smallest)) {
      smallest = Math.abs(delta);
      mostSensitive = criterionIds[c]!;
    }
  }
  return { swaps, smallestAbsDelta: smallest, mostSensitiveCriterionId: mostSensitive, robustness: robustnessOf(smallest) };
}

export interface RankReversal {
  /** The bundle whose withdrawal would change the lowest price. */
  removed: number;
  /** First pair (in the original order) that changes places without it. */
  before: number;
  after: number;
}

/**
 * For relative price formulas: would withdrawing any one bundle reorder the others? Only a
 * bundle that alone holds the lowest price changes anyone's score when it leaves, so only
 * those are re-ranked.
 */
export function findRankReversals(
  basis: RankingBasis,
  order: readonly number[],
  priceCol: { scoresAt: number; weight: number; weightSum: number },
  rescore: (price: number, lowestPrice: number) => number,
): RankReversal[] {
  const reversals: RankReversal[] = [];
  if (order.length < 3 || !(priceCol.weight > 0) || !(priceCol.weightSum > 0)) return reversals;
  let lowest = Number.POSITIVE_INFINITY;
  let holders = 0;
  for (const b of order) {
    const p = basis.evaluatedPrice[b]!;
    if (p < lowest) [lowest, holders] = [p, 1];
    else if (p === lowest) holders++;
  }
  if (holders !== 1) return reversals;
  const removed = order.find((b) => basis.evaluatedPrice[b] === lowest)!;
  let nextLowest = Number.POSITIVE_INFINITY;
  for (const b of order) if (b !== removed) nextLowest = Math.min(nextLowest, basis.evaluatedPrice[b]!);

  const totals = Float64Array.from(basis.totals);
  const scores = Float64Array.from(basis.scores);
  const scale = (100 * priceCol.weight) / priceCol.weightSum;
  for (const b of order) {
    const at = priceCol.scoresAt + b;
    const s = rescore(basis.evaluatedPrice[b]!, nextLowest);
    totals[b] = totals[b]! + scale * (s - scores[at]!);
    scores[at] = s;
  }
  const others = order.filter((b) => b !== removed);
  const reranked = rankBundles({ ...basis, totals, scores }, others);
  for (let i = 0; i < others.length; i++) {
    if (others[i] !== reranked[i]) {
      const before = others[i]!;
      const after = reranked[i]!;
      if (compareBundles({ ...basis, totals, scores }, after, before) < 0) reversals.push({ removed, before, after });
      break;
    }
  }
  return reversals;
}
