/**
 * Evaluator scores (0–10) → one consensus value per judged criterion and bundle, plus the
 * spread (max − min) that tells the panel to talk before the result is trusted.
 *
 * A moderated value (set by the panel chair with a written reason) is the consensus of its
 * cell under every method: the chair moderates where the method asks for it ("moderated") or
 * where the spread is flagged, and a moderation that did not count would mislead the panel.
 * Without one the method decides: mean, median, or for "moderated" the median.
 */
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
}

/**
 * Grouped scores in CSR form: cell k's scores are `scores[offsets[k] .. offsets[k+1])`.
 * `moderated` holds the moderated value per cell or NaN where there is none; a moderated value is
 * the cell's consensus whatever the method.
 */
export function computeConsensus(
  scores: Float64Array,
  offsets: Int32Array,
  method: ConsensusMethod,
  moderated: Float64Array,
): ConsensusColumns {
  const cells = offsets.length - 1;
  const value = new Float64Array(cells);
  const mean = new Float64Array(cells);
  const median = new Float64Array(cells);
  const spread = new Float64Array(cells);
  const count = new Int32Array(cells);
  for (let k = 0; k < cells; k++) {
    const from = offsets[k]!;
    const to = offsets[k + 1]!;
    const n = to - from;
    count[k] = n;
    if (n === 0) continue; // the schema requires a score; zeros keep the engine total anyway
    sortRange(scores, from, to);
    let sum = 0;
    for (let i = from; i < to; i++) sum += scores[i]!;
    mean[k] = sum / n;
    const mid = from + (n >> 1);
    median[k] = n % 2 === 1 ? scores[mid]! : (scores[mid - 1]! + scores[mid]!) / 2;
    spread[k] = scores[to - 1]! - scores[from]!;
    const mod = moderated[k]!;
    // A moderation decides under any method; without one, "moderated" falls back to the median.
    value[k] = !Number.isNaN(mod) ? mod : method === "mean" ? mean[k]! : median[k]!;
  }
  return { value, mean, median, spread, count };
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
