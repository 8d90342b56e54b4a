/**
 * Evaluator scores (0–10) → one consensus value per judged criterion and bundle, plus the
 * spread (max − min) that tells the panel to talk before the result is trusted.
 *
 * A moderated value (set by the panel chair with a written reason) is the consensus of its
 * cell under every method: the chair moderates where the method asks for it ("moderated") or
 * where the spread is flagged, and a moderation that did not count would mislead the panel.
 * Without one the method decides: mean, median, or for "moderated" the median.
 */
import { compareFractions, decimalOf, decimalScaleOf, pow10, pow10Number, type Decimal } from "./exact";
import type { EvaluationSettings } from "./schema";

export type ConsensusMethod = EvaluationSettings["consensus"];

export function describeConsensus(method: ConsensusMethod, spreadMargin: number): string {
  const spread =
    `Scores further apart than ${spreadMargin} points (highest − lowest) are flagged for discussion; ` +
    "where the panel chair then sets a moderated score with a written reason, that score is the consensus.";
  switch (method) {
    case "mean":
      return `Each evaluator scores 0–10 against the rubric; the consensus is the mean of their scores. ${spread}`;
    case "median":
      return (
        "Each evaluator scores 0–10 against the rubric; the consensus is the median of their scores (the middle score, " +
        `or the mean of the two middle scores), so one outlier cannot move it far. ${spread}`
      );
    case "moderated":
      return (
        "Each evaluator scores 0–10 against the rubric; the panel chair then sets a moderated score with a written reason, " +
        `which is the consensus (until one is set, the median of the scores). ${spread}`
      );
  }
}

/** Sorts `a[from..to)` in place; at 3–9 evaluators insertion sort beats allocating a view. */
function sortRange(a: Float64Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= from && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

export interface ConsensusColumns {
  /** Consensus 0–10 per cell (judged criterion j, bundle b) at j × nBundles + b. */
  readonly value: Float64Array;
  readonly mean: Float64Array;
  readonly median: Float64Array;
  readonly spread: Float64Array;
  readonly count: Int32Array;
  /**
   * The consensus exactly, as integers: value = consensusNum / consensusDen (both whole numbers
   * below 2^53), from the decimals the evaluators typed; NaN where a score has more than 9
   * decimals (the float value is then all there is). `value` is the double nearest to it.
   */
  readonly consensusNum: Float64Array;
  readonly consensusDen: Float64Array;
  /** The spread exactly: spreadNum / spreadDen (NaN as above). */
  readonly spreadNum: Float64Array;
  readonly spreadDen: Float64Array;
}

/**
 * Grouped scores in CSR form: cell k's scores are `scores[offsets[k] .. offsets[k+1])`.
 * `moderated` holds the moderated value per cell or NaN where there is none; a moderated value is
 * the cell's consensus whatever the method.
 *
 * Exact (issue 8): each cell's scores are read as the decimals that were typed — whole numbers
 * of 10^−k for the smallest k that fits them all (k = 1 for tenths and halves) — so sums,
 * means, medians and spreads are integer arithmetic divided once at the end: 3.8, 5.1 and 6.1
 * have a mean of exactly 5 and 4.4 − 1.4 is exactly 3.
 */
export function computeConsensus(
  scores: Float64Array,
  offsets: Int32Array,
  method: ConsensusMethod,
  moderated: Float64Array,
): ConsensusColumns {
  return computeConsensusOfRanges(scores, offsets.subarray(0, offsets.length - 1), offsets.subarray(1), method, moderated);
}

/**
 * The same, with cell k's scores at `scores[from[k] .. to[k])` (ranges in any order, not
 * overlapping): scores that arrive grouped by cell are used where they lie, without first being
 * copied into cell order.
 */
export function computeConsensusOfRanges(
  scores: Float64Array,
  from: Int32Array,
  to: Int32Array,
  method: ConsensusMethod,
  moderated: Float64Array,
): ConsensusColumns {
  const cells = from.length;
  const columns: ConsensusColumns = {
    value: new Float64Array(cells),
    mean: new Float64Array(cells),
    median: new Float64Array(cells),
    spread: new Float64Array(cells),
    count: new Int32Array(cells),
    consensusNum: new Float64Array(cells),
    consensusDen: new Float64Array(cells).fill(1),
    spreadNum: new Float64Array(cells),
    spreadDen: new Float64Array(cells).fill(1),
  };
  // "moderated" without a moderation falls back to the median, like "median".
  const byMean = method === "mean";
  // One call per cell (30 000 in a large round): the cell's code is optimised as a function of
  // its own, rather than by on-stack replacement of one long loop.
  for (let k = 0; k < cells; k++) consensusCell(columns, k, scores, from[k]!, to[k]!, byMean, moderated[k]!);
  return columns;
}

/** Cell k, whose sorted scores are `scores[from..to)`; `mod` its moderated value or NaN. */
function consensusCell(columns: ConsensusColumns, k: number, scores: Float64Array, from: number, to: number, byMean: boolean, mod: number): void {
  const { value, mean, median, spread, count, consensusNum, consensusDen, spreadNum, spreadDen } = columns;
  const n = to - from;
  count[k] = n;
  if (n === 0) {
    // the schema requires a score; zeros keep the engine total anyway
    if (!Number.isNaN(mod)) setExact(k, mod, value, consensusNum, consensusDen);
    return;
  }
  sortRange(scores, from, to);
  let scale = 0;
  for (let i = from; i < to && scale >= 0; i++) {
    const x = scores[i]!;
    // Whole scores (the usual case) have scale 0: `decimalScaleOf` is only asked about the others.
    if (Math.round(x) === x) continue;
    const s = decimalScaleOf(x);
    scale = s < 0 ? -1 : Math.max(scale, s);
  }
  const mid = from + (n >> 1);
  if (scale >= 0) {
    const p = pow10Number(scale);
    let sum = 0;
    for (let i = from; i < to; i++) sum += Math.round(scores[i]! * p);
    const lo = Math.round(scores[from]! * p);
    const hi = Math.round(scores[to - 1]! * p);
    mean[k] = sum / (n * p);
    const twiceMedian = n % 2 === 1 ? 2 * Math.round(scores[mid]! * p) : Math.round(scores[mid - 1]! * p) + Math.round(scores[mid]! * p);
    median[k] = twiceMedian / (2 * p);
    spread[k] = (hi - lo) / p;
    spreadNum[k] = hi - lo;
    spreadDen[k] = p;
    if (!Number.isNaN(mod)) setExact(k, mod, value, consensusNum, consensusDen);
    else if (byMean) {
      value[k] = mean[k]!;
      consensusNum[k] = sum;
      consensusDen[k] = n * p;
    } else {
      value[k] = median[k]!;
      consensusNum[k] = twiceMedian;
      consensusDen[k] = 2 * p;
    }
  } else {
    let sum = 0;
    for (let i = from; i < to; i++) sum += scores[i]!;
    mean[k] = sum / n;
    median[k] = n % 2 === 1 ? scores[mid]! : (scores[mid - 1]! + scores[mid]!) / 2;
    spread[k] = scores[to - 1]! - scores[from]!;
    spreadNum[k] = Number.NaN;
    spreadDen[k] = Number.NaN;
    // A moderation decides under any method; without one, "moderated" falls back to the median.
    if (!Number.isNaN(mod)) setExact(k, mod, value, consensusNum, consensusDen);
    else {
      value[k] = byMean ? mean[k]! : median[k]!;
      consensusNum[k] = Number.NaN;
      consensusDen[k] = Number.NaN;
    }
  }
}

function setExact(k: number, x: number, value: Float64Array, num: Float64Array, den: Float64Array): void {
  value[k] = x;
  const scale = decimalScaleOf(x);
  if (scale < 0) {
    num[k] = Number.NaN;
    den[k] = Number.NaN;
    return;
  }
  const p = pow10Number(scale);
  num[k] = Math.round(x * p);
  den[k] = p;
}

/** Convenience for one cell (tests, explanations). */
export function consensusOf(scores: readonly number[], method: ConsensusMethod, moderatedValue?: number): number {
  const cell = computeConsensus(
    Float64Array.from(scores),
    Int32Array.of(0, scores.length),
    method,
    Float64Array.of(moderatedValue ?? Number.NaN),
  );
  return cell.value[0]!;
}

/** A spread margin as the decimal it was typed as, prepared once per evaluation. */
export interface Margin {
  readonly value: number;
  readonly decimal: Decimal;
  /** digits and 10^scale as plain numbers, for the common small case. */
  readonly units: number;
  readonly pow: number;
}

export function prepareMargin(margin: number): Margin {
  const decimal = decimalOf(margin);
  return { value: margin, decimal, units: Number(decimal.digits), pow: Number(pow10(decimal.scale)) };
}

/**
 * Whether a spread num / den (exact, or NaN: then the binary `spread` is all there is) is
 * further apart than the margin, exactly: a spread of 3 against a margin of 3 is not flagged.
 */
export function spreadExceeds(num: number, den: number, spread: number, margin: Margin): boolean {
  if (Number.isNaN(num)) return spread > margin.value;
  const l = num * margin.pow;
  const r = margin.units * den;
  if (Number.isSafeInteger(l) && Number.isSafeInteger(r)) return l > r;
  return compareFractions(BigInt(num), BigInt(den), margin.decimal.digits, pow10(margin.decimal.scale)) > 0;
}
