/**
 * How much the weights must move before the leader and the runner-up swap, solved exactly.
 *
 * Setting criterion c's weight to x and rescaling the others in proportion (so the sum stays
 * W = 100) gives, for any bundle b,
 *   T_b(x) = (100 / W) · [ x · s_cb + (W − x) · O_b ],   O_b = Σ_{j≠c} w_j s_jb / (W − w_c),
 * which is linear in x. The leader's lead D(x) = T_L(x) − T_R(x) is linear too, so the swap
 * point is its single root x* = W · dO / (dO − dA) with dA = s_cL − s_cR and dO = O_L − O_R.
 */
import { rankBundles, type RankingBasis } from "./ranking";

export const ROBUSTNESS_THRESHOLDS = { fragile: 5, moderate: 15 } as const;
export type Robustness = "robust" | "moderate" | "fragile";

/** Below 5 weight points a single evaluator's opinion of the weights could flip the award. */
export function robustnessOf(smallestAbsDelta: number | null): Robustness {
  if (smallestAbsDelta === null) return "robust";
  const d = snapWeight(smallestAbsDelta); // 4.9999999999999964 is a change of 5: moderate
  if (d < ROBUSTNESS_THRESHOLDS.fragile) return "fragile";
  if (d < ROBUSTNESS_THRESHOLDS.moderate) return "moderate";
  return "robust";
}

/**
 * A swap weight or weight change with its binary noise removed (pareto-engine 2.1): a value
 * within 1e-9 of a multiple of 10^−6 is that multiple, so an exact swap at 28 or a change of
 * exactly −5 reads 28 and −5, not 27.999999999999993 and −4.9999999999999964. Swap points are
 * ratios of sums of weights × scores, computed in doubles; their error is ~1e-13, far below the
 * snap, and a true swap point closer than 1e-9 to such a decimal without being it would need
 * scores or weights with more digits than anyone types. Other values are returned unchanged.
 */
export function snapWeight(x: number): number {
  const k = Math.round(x * 1e6);
  return Math.abs(x * 1e6 - k) <= 1e-3 ? k / 1e6 + 0 : x;
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

/** One direction of a criterion's weight change: where the first bundle of another vendor takes the lead. */
export interface WeightSwapSide {
  /** The weight at which that bundle ties with the best bundle of the leader's vendor; past it, it leads. */
  swapWeight: number;
  /** swapWeight − currentWeight (negative: lower the weight). */
  delta: number;
  /** The bundle (of another vendor) that takes the lead past `swapWeight`. */
  overtakenBy: { vendorId: string; slotId: string };
}

export interface WeightSwap {
  criterionId: string;
  currentWeight: number;
  /**
   * The nearer of `up` and `down`: the weight (others rescaled in proportion) at which a bundle
   * of ANOTHER vendor ties with the leader's vendor; moving past it changes the winning vendor.
   * null when no weight within 0..100 does (in either direction).
   */
  swapWeight: number | null;
  /** swapWeight − currentWeight (negative: lower the weight). */
  delta: number | null;
  /** Who takes the lead past `swapWeight` (added in pareto-engine 2.0). */
  overtakenBy?: { vendorId: string; slotId: string } | null;
  /** Raising the weight: the smallest increase that changes the winning vendor, or null. */
  up?: WeightSwapSide | null;
  /** Lowering the weight: the smallest decrease that changes the winning vendor, or null. */
  down?: WeightSwapSide | null;
}

export interface SensitivityCore {
  swaps: WeightSwap[];
  smallestAbsDelta: number | null;
  mostSensitiveCriterionId: string | null;
  robustness: Robustness;
}

/**
 * Sensitivity of the award against EVERY other vendor (issue 8). For criterion c set to weight
 * x (others rescaled), every bundle's total is linear in x (see the top of this file), so a
 * bundle b of another vendor leads the leader's vendor exactly where
 *   D_l(x) = W·dO + x·(dA − dO) > 0   for every ranked bundle l of the leader's vendor,
 * an intersection of half-lines: an interval. Its end nearest the current weight, on each
 * side, is where b overtakes; the smallest over all other vendors' ranked bundles is the
 * smallest weight change, up and down, that changes the winning vendor. Gates and the price
 * context do not depend on the weights, so the ranked set is fixed.
 */
export function vendorSensitivity(
  scores: Float64Array,
  weights: ArrayLike<number>,
  criterionIds: readonly string[],
  nBundles: number,
  order: readonly number[],
  vendorOfBundle: Int32Array,
  refOf: (b: number) => { vendorId: string; slotId: string },
  tiedAtTheTop: boolean,
): SensitivityCore {
  const nC = criterionIds.length;
  const leaderVendor = vendorOfBundle[order[0]!]!;
  let nOwn = 0;
  for (const b of order) if (vendorOfBundle[b] === leaderVendor) nOwn++;
  const own = new Int32Array(nOwn);
  const others = new Int32Array(order.length - nOwn);
  for (let k = 0, o = 0, t = 0; k < order.length; k++) {
    const b = order[k]!;
    if (vendorOfBundle[b] === leaderVendor) own[o++] = b;
    else others[t++] = b;
  }
  let W = 0;
  for (let j = 0; j < nC; j++) W += weights[j]!;
  const S = weightedSums(scores, weights, nC, nBundles, order);
  const swaps: WeightSwap[] = [];
  let smallest: number | null = null;
  let mostSensitive: string | null = null;
  const EPS = 1e-9 * Math.max(1, W);
  const ownO = new Float64Array(own.length);
  const ownS = new Float64Array(own.length);
  const found = new Float64Array(4);
  for (let c = 0; c < nC; c++) {
    const wc = weights[c]!;
    const rest = W - wc;
    let up: WeightSwapSide | null = null;
    let down: WeightSwapSide | null = null;
    if (rest > 0 && W > 0) {
      nearestOvertakes(scores, c * nBundles, S, wc, rest, W, EPS, own, ownS, ownO, others, found);
      const bestUp = found[0]!;
      const upBy = found[1]!;
      const bestDown = found[2]!;
      const downBy = found[3]!;
      if (upBy >= 0) up = { swapWeight: snapWeight(wc + bestUp), delta: snapWeight(bestUp), overtakenBy: refOf(upBy) };
      if (downBy >= 0) down = { swapWeight: snapWeight(wc - bestDown), delta: snapWeight(-bestDown), overtakenBy: refOf(downBy) };
    }
    const nearer = up && (!down || Math.abs(up.delta) <= Math.abs(down.delta)) ? up : down;
    swaps.push({
      criterionId: criterionIds[c]!,
      currentWeight: wc,
      swapWeight: nearer ? nearer.swapWeight : null,
      delta: nearer ? nearer.delta : null,
      overtakenBy: nearer ? nearer.overtakenBy : null,
      up,
      down,
    });
    if (nearer && (smallest === null || Math.abs(nearer.delta) < smallest)) {
      smallest = Math.abs(nearer.delta);
      mostSensitive = criterionIds[c]!;
    }
  }
  // A lead of 0 (decided by the tie-break rules) is never robust, whatever the weights do.
  const robustness = tiedAtTheTop ? "fragile" : robustnessOf(smallest);
  return { swaps, smallestAbsDelta: smallest, mostSensitiveCriterionId: mostSensitive, robustness };
}

/** Σ_j w_j s_jb per ranked bundle (not the clamped total). */
function weightedSums(scores: Float64Array, weights: ArrayLike<number>, nC: number, nBundles: number, order: readonly number[]): Float64Array {
  const S = new Float64Array(nBundles);
  for (let j = 0; j < nC; j++) {
    const w = weights[j]!;
    if (w === 0) continue;
    const col = j * nBundles;
    for (let k = 0; k < order.length; k++) {
      const b = order[k]!;
      S[b] = S[b]! + w * scores[col + b]!;
    }
  }
  return S;
}

/**
 * The hot loop of `vendorSensitivity` for criterion c (its scores start at `col`): over every
 * ranked bundle of another vendor, the smallest weight increase and decrease at which it leads
 * every bundle of the leader's vendor. Kept apart from the report-building code and allocating
 * nothing, so it runs as optimised code from the first criterion on (40 calls a round, each
 * over ~1 000 bundles); writes [bestUp, upBy, bestDown, downBy] into `found` (−1: none).
 */
function nearestOvertakes(
  scores: Float64Array,
  col: number,
  S: Float64Array,
  wc: number,
  rest: number,
  W: number,
  EPS: number,
  own: Int32Array,
  ownS: Float64Array,
  ownO: Float64Array,
  others: Int32Array,
  found: Float64Array,
): void {
  const nOwn = own.length;
  for (let k = 0; k < nOwn; k++) {
    const l = own[k]!;
    ownS[k] = scores[col + l]!;
    ownO[k] = (S[l]! - wc * ownS[k]!) / rest;
  }
  let bestUp = Number.POSITIVE_INFINITY;
  let bestDown = Number.POSITIVE_INFINITY;
  let upBy = -1;
  let downBy = -1;
  for (let t = 0; t < others.length; t++) {
    const b = others[t]!;
    const sb = scores[col + b]!;
    const ob = (S[b]! - wc * sb) / rest;
    let lower = Number.NEGATIVE_INFINITY; // b leads for lower < x < upper
    let upper = Number.POSITIVE_INFINITY;
    for (let k = 0; k < nOwn && lower < upper; k++) {
      const dO = ob - ownO[k]!;
      const slope = sb - ownS[k]! - dO;
      const at0 = W * dO;
      if (slope === 0) {
        if (!(at0 > 0)) upper = lower; // never ahead of this bundle
      } else {
        const root = -at0 / slope;
        if (slope > 0) lower = Math.max(lower, root);
        else upper = Math.min(upper, root);
      }
    }
    if (!(lower < upper)) continue;
    // Within the range of weights 0..W, and on each side of the current weight.
    // A root within EPS of a bound is that bound (float noise must not invent a region).
    if (lower < W - EPS && upper > wc + EPS) {
      const x = Math.max(lower, wc);
      if (x + EPS < Math.min(upper, W) && x - wc < bestUp) {
        bestUp = x - wc;
        upBy = b;
      }
    }
    if (upper > EPS && lower < wc - EPS) {
      const x = Math.min(upper, wc);
      if (x - EPS > Math.max(lower, 0) && wc - x < bestDown) {
        bestDown = wc - x;
        downBy = b;
      }
    }
  }
  found[0] = bestUp;
  found[1] = upBy;
  found[2] = bestDown;
  found[3] = downBy;
}

export interface RankReversal {
  /** The withdrawing vendor's bundle that holds the lowest price. */
  removed: number;
  /** The vendor index whose whole bid is withdrawn. */
  removedVendor: number;
  /** A pair of vendors that change places: `before` (that vendor's best bundle) was ahead, `after` is now. */
  before: number;
  after: number;
}

/** At most this many reordered pairs are listed (the count is reported in full). */
export const MAX_LISTED_REVERSALS = 1000;

/**
 * For relative price formulas: would a vendor withdrawing its bid reorder the others? A vendor
 * withdraws its whole bid, not one bundle (issue 8), and only a vendor that alone holds the
 * lowest price changes anyone's score when it leaves, so that vendor is removed, the price
 * column re-scored against the next lowest price, the rest re-ranked, and every pair of
 * vendors (by their best bundles) that changes places is reported, first listed first.
 */
export function findRankReversals(
  basis: RankingBasis,
  order: readonly number[],
  priceCol: { scoresAt: number; weight: number; weightSum: number },
  rescore: (price: number, lowestPrice: number) => number,
  vendorOfBundle: Int32Array,
): { reversals: RankReversal[]; count: number } {
  const none = { reversals: [], count: 0 };
  if (!(priceCol.weight > 0) || !(priceCol.weightSum > 0)) return none;
  let lowest = Number.POSITIVE_INFINITY;
  for (const b of order) lowest = Math.min(lowest, basis.evaluatedPrice[b]!);
  let holder = -1;
  for (const b of order) {
    if (basis.evaluatedPrice[b] !== lowest) continue;
    if (holder >= 0 && vendorOfBundle[b] !== vendorOfBundle[holder]) return none; // two vendors hold it
    if (holder < 0) holder = b;
  }
  if (holder < 0) return none;
  const removedVendor = vendorOfBundle[holder]!;
  const others = order.filter((b) => vendorOfBundle[b] !== removedVendor);
  let nextLowest = Number.POSITIVE_INFINITY;
  for (const b of others) nextLowest = Math.min(nextLowest, basis.evaluatedPrice[b]!);
  if (!Number.isFinite(nextLowest)) return none;

  const totals = basis.totals.slice();
  const scores = basis.scores.slice();
  const scale = (100 * priceCol.weight) / priceCol.weightSum;
  for (const b of others) {
    const at = priceCol.scoresAt + b;
    const s = rescore(basis.evaluatedPrice[b]!, nextLowest);
    totals[b] = totals[b]! + scale * (s - scores[at]!);
    scores[at] = s;
  }
  const reranked = rankBundles({ ...basis, totals, scores }, others);
  const bestBefore = firstPerVendor(others, vendorOfBundle);
  const bestAfter = firstPerVendor(reranked, vendorOfBundle);
  // By vendor index (typed arrays, not Maps: the pair loop below runs ~125 000 times at 500 vendors).
  let nVendors = 0;
  for (let b = 0; b < vendorOfBundle.length; b++) if (vendorOfBundle[b]! >= nVendors) nVendors = vendorOfBundle[b]! + 1;
  const positionAfter = new Int32Array(nVendors);
  const afterBundle = new Int32Array(nVendors);
  for (let i = 0; i < bestAfter.length; i++) {
    const v = vendorOfBundle[bestAfter[i]!]!;
    positionAfter[v] = i;
    afterBundle[v] = bestAfter[i]!;
  }
  const before = Int32Array.from(bestBefore);
  const reversals: RankReversal[] = [];
  const count = countReorderedPairs(before, vendorOfBundle, positionAfter, (i, j) => {
    if (reversals.length < MAX_LISTED_REVERSALS) reversals.push({ removed: holder, removedVendor, before: before[i]!, after: afterBundle[vendorOfBundle[before[j]!]!]! });
  });
  return { reversals, count };
}

/** Pairs i < j of `before` (vendors' best bundles, in the old order) whose vendors are now the other way round; `list` is told each. */
function countReorderedPairs(before: Int32Array, vendorOfBundle: Int32Array, positionAfter: Int32Array, list: (i: number, j: number) => void): number {
  let count = 0;
  for (let i = 0; i < before.length; i++) {
    const pi = positionAfter[vendorOfBundle[before[i]!]!]!;
    for (let j = i + 1; j < before.length; j++) {
      if (positionAfter[vendorOfBundle[before[j]!]!]! < pi) {
        count++;
        list(i, j);
      }
    }
  }
  return count;
}

/** The first (best) bundle of each vendor, in the order given. */
function firstPerVendor(order: readonly number[], vendorOfBundle: Int32Array): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const b of order) {
    const v = vendorOfBundle[b]!;
    if (!seen.has(v)) {
      seen.add(v);
      out.push(b);
    }
  }
  return out;
}
