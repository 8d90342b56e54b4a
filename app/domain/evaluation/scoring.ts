/**
 * The scoring core: raw value → normalised score (0..1) → weighted points → total (0..100).
 * One scalar function, `normalisedScore`, scores every cell, whether the whole round's columns
 * or a single counter-package, so a suggestion's claimed gain is by construction what the
 * round would give it.
 */
import type { CompiledCriterion } from "./compile";
import { priceScore, type PriceContext } from "./price";

/** Linear between worst (0) and best (1), clamped; equal bounds become a pass/fail step. */
export function linearScore(value: number, worst: number, best: number, higherIsBetter: boolean): number {
  const span = best - worst;
  if (span === 0) return (higherIsBetter ? value >= best : value <= best) ? 1 : 0;
  const t = (value - worst) / span;
  if (!(t > 0)) return 0;
  return t > 1 ? 1 : t;
}

export function normalisedScore(c: CompiledCriterion, raw: number, price: PriceContext): number {
  switch (c.kind) {
    case "price":
      return priceScore(price.formula, raw, price.lowestPrice);
    case "number":
      return linearScore(raw, c.worst, c.best, c.higherIsBetter);
    case "choice":
      return c.optionScore[raw] ?? 0;
    case "judged":
      return judgedScore(raw);
  }
}

/**
 * Scores every cell of the column-major raw matrix (c × nBundles + b) into `out`.
 * Column by column so each inner loop runs one criterion's formula over contiguous memory.
 */
export function scoreColumns(
  criteria: readonly CompiledCriterion[],
  raw: Float64Array,
  nBundles: number,
  price: PriceContext,
  out: Float64Array,
): void {
  // One loop per kind, each the matching branch of `normalisedScore` (so the very same
  // arithmetic), without its dispatch per cell.
  for (const c of criteria) {
    const from = c.index * nBundles;
    const to = from + nBundles;
    switch (c.kind) {
      case "price":
        for (let k = from; k < to; k++) out[k] = priceScore(price.formula, raw[k]!, price.lowestPrice);
        break;
      case "number":
        for (let k = from; k < to; k++) out[k] = linearScore(raw[k]!, c.worst, c.best, c.higherIsBetter);
        break;
      case "choice": {
        const optionScore = c.optionScore;
        for (let k = from; k < to; k++) out[k] = optionScore[raw[k]!] ?? 0;
        break;
      }
      case "judged":
        for (let k = from; k < to; k++) out[k] = judgedScore(raw[k]!);
        break;
    }
  }
}

/** A consensus 0–10 as a normalised score, clamped to 0..1. */
function judgedScore(consensus: number): number {
  const s = consensus / 10;
  if (!(s > 0)) return 0;
  return s > 1 ? 1 : s;
}

/**
 * total_b = 100 × Σ_c w_c · s_cb / Σ_c w_c. Dividing by the weight sum makes the total
 * independent of the weights' scale, so a sensitivity run can pass rescaled weights as they are.
 * All-zero weights give 0, not NaN.
 */
export function weightedTotals(scores: Float64Array, weights: ArrayLike<number>, nBundles: number, out: Float64Array): void {
  out.fill(0, 0, nBundles);
  let weightSum = 0;
  for (let c = 0; c < weights.length; c++) weightSum += weights[c]!;
  if (!(weightSum > 0)) return;
  // Same summation order and final scaling as `scoreRawRow`, so both give bit-identical totals.
  for (let c = 0; c < weights.length; c++) {
    const w = weights[c]!;
    if (w === 0) continue;
    const col = c * nBundles;
    for (let b = 0; b < nBundles; b++) out[b] = out[b]! + w * scores[col + b]!;
  }
  const scale = 100 / weightSum;
  for (let b = 0; b < nBundles; b++) out[b] = Math.min(100, out[b]! * scale); // float error must not print 100.00000000000001
}

/** Points a criterion contributes: weight share of 100 × normalised score. */
export function criterionPoints(weight: number, weightSum: number, normalised: number): number {
  return weightSum > 0 ? (100 * weight * normalised) / weightSum : 0;
}

/** Total of one bundle (or counter-package) from its raw value per criterion. */
export function scoreRawRow(
  criteria: readonly CompiledCriterion[],
  rawRow: ArrayLike<number>,
  weights: ArrayLike<number>,
  price: PriceContext,
): number {
  let weightSum = 0;
  let sum = 0;
  for (const c of criteria) {
    const w = weights[c.index]!;
    weightSum += w;
    if (w !== 0) sum += w * normalisedScore(c, rawRow[c.index]!, price);
  }
  return weightSum > 0 ? Math.min(100, sum * (100 / weightSum)) : 0;
}
