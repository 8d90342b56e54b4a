/**
 * Turns a validated round into flat typed arrays indexed by position, once. Every later pass
 * (scoring, ranking, sensitivity, MESO) then reads numbers by index instead of walking objects
 * and looking up ids, which is what keeps a 500-vendor round within a few milliseconds.
 *
 * Bundle index b = vendorIndex × 3 + slotIndex (slot order of the RFP, not of the bid), which
 * the schema guarantees is a bijection.
 */
import { computeConsensusOfRanges, type ConsensusColumns } from "./consensus";
import { computeEvaluatedPrice, ownValue } from "./price";
import type { Bundle, Criterion, CriterionKind, Issue, RoundInput } from "./schema";

export interface CompiledCriterion {
  readonly index: number;
  readonly id: string;
  readonly kind: CriterionKind;
  readonly weight: number;
  /** Issue scored by a number or choice criterion; −1 otherwise. */
  readonly issueIndex: number;
  readonly worst: number;
  readonly best: number;
  readonly higherIsBetter: boolean;
  /** Choice criteria: points ÷ highest points, by option index (0 when nothing scores). */
  readonly optionScore: Float64Array;
  /** Position among the judged criteria; −1 otherwise. */
  readonly judgedIndex: number;
  readonly source: Criterion;
}

export interface CompiledRound {
  readonly input: RoundInput;
  readonly nBundles: number;
  readonly nCriteria: number;
  readonly nIssues: number;
  readonly slotsPerVendor: number;
  readonly bundles: readonly Bundle[];
  readonly vendorOfBundle: Int32Array;
  readonly slotOfBundle: Int32Array;
  readonly criteria: readonly CompiledCriterion[];
  readonly weights: Float64Array;
  readonly weightSum: number;
  readonly priceCriterion: number;
  /** Highest weight, first in criterion order on ties: the third tie-break. */
  readonly heaviestCriterion: number;
  readonly issueIndexById: ReadonlyMap<string, number>;
  /** i × nBundles + b: money/number value, choice option index, 0 for text. */
  readonly issueValues: Float64Array;
  readonly evaluatedPrice: Float64Array;
  /** c × nBundles + b: what the criterion scores (price, issue value, option index, consensus 0–10). */
  readonly raw: Float64Array;
  readonly consensus: ConsensusColumns;
  /** Per judged cell (j × nBundles + b): index in `input.moderations` of its moderation, −1 where none. */
  readonly moderationOfCell: Int32Array;
  readonly judgedCriteria: readonly number[];
}

/** Numeric form of one issue value, as stored in `issueValues`. */
export function issueNumeric(issue: Issue, value: number | string | undefined): number {
  if (issue.kind === "money" || issue.kind === "number") return typeof value === "number" ? value : 0;
  if (issue.kind === "choice") {
    const idx = issue.options.findIndex((o) => o.id === value);
    return idx < 0 ? 0 : idx;
  }
  return 0;
}

/**
 * `issueNumeric` for one issue, prepared once per round: a choice's option ids are looked up
 * in a map (the first option of an id, as `findIndex` finds) rather than searched per bundle.
 */
function issueNumericOf(issue: Issue): (value: number | string | undefined) => number {
  if (issue.kind !== "choice") return (value) => issueNumeric(issue, value);
  const indexOfOption = new Map<string, number>();
  issue.options.forEach((o, i) => {
    if (!indexOfOption.has(o.id)) indexOfOption.set(o.id, i);
  });
  return (value) => (typeof value === "string" ? (indexOfOption.get(value) ?? 0) : 0);
}

function compileCriterion(c: Criterion, index: number, issueIndexById: ReadonlyMap<string, number>, issues: readonly Issue[], judgedIndex: number): CompiledCriterion {
  const base = { index, id: c.id, kind: c.kind, weight: c.weight, source: c, judgedIndex: -1, issueIndex: -1, worst: 0, best: 1, higherIsBetter: true, optionScore: new Float64Array(0) };
  switch (c.kind) {
    case "price":
      return base;
    case "judged":
      return { ...base, judgedIndex };
    case "number":
      return { ...base, issueIndex: issueIndexById.get(c.issueId) ?? -1, worst: c.worst, best: c.best, higherIsBetter: c.direction === "higher_is_better" };
    case "choice": {
      const issueIndex = issueIndexById.get(c.issueId) ?? -1;
      const issue = issues[issueIndex];
      const options = issue?.kind === "choice" ? issue.options : [];
      const points = options.map((o) => ownValue(c.points, o.id) ?? 0);
      const max = points.reduce((m, p) => Math.max(m, p), 0);
      return { ...base, issueIndex, optionScore: Float64Array.from(points, (p) => (max > 0 ? p / max : 0)) };
    }
  }
}

export function compileRound(input: RoundInput): CompiledRound {
  const slotsPerVendor = input.bundleSlots.length;
  const nBundles = input.vendors.length * slotsPerVendor;
  const nIssues = input.issues.length;
  const issueIndexById = new Map(input.issues.map((issue, i) => [issue.id, i]));
  const slotIndexById = new Map(input.bundleSlots.map((slot, i) => [slot.id, i]));
  const vendorIndexById = new Map(input.vendors.map((vendor, i) => [vendor.id, i]));

  const bundles: Bundle[] = new Array<Bundle>(nBundles);
  const vendorOfBundle = new Int32Array(nBundles);
  const slotOfBundle = new Int32Array(nBundles);
  input.vendors.forEach((vendor, v) => {
    for (const bundle of vendor.bundles) {
      const s = slotIndexById.get(bundle.slotId) ?? 0;
      const b = v * slotsPerVendor + s;
      bundles[b] = bundle;
      vendorOfBundle[b] = v;
      slotOfBundle[b] = s;
    }
  });

  const issueValues = new Float64Array(nIssues * nBundles);
  const evaluatedPrice = new Float64Array(nBundles);
  const terms = input.settings.evaluatedPrice.terms;
  const numeric = input.issues.map(issueNumericOf);
  for (let b = 0; b < nBundles; b++) {
    const values = bundles[b]?.values ?? {};
    for (let i = 0; i < nIssues; i++) issueValues[i * nBundles + b] = numeric[i]!(ownValue(values, input.issues[i]!.id));
    evaluatedPrice[b] = computeEvaluatedPrice(values, terms);
  }

  let judgedCount = 0;
  const criteria = input.criteria.map((c, index) =>
    compileCriterion(c, index, issueIndexById, input.issues, c.kind === "judged" ? judgedCount++ : -1),
  );
  const judgedCriteria = criteria.filter((c) => c.kind === "judged").map((c) => c.index);
  const { consensus, moderationOfCell } = groupJudgedScores(input, nBundles, slotsPerVendor, criteria, vendorIndexById, slotIndexById, judgedCount);

  const nCriteria = criteria.length;
  const weights = Float64Array.from(criteria, (c) => c.weight);
  const raw = new Float64Array(nCriteria * nBundles);
  for (const c of criteria) {
    const col = c.index * nBundles;
    if (c.kind === "price") raw.set(evaluatedPrice, col);
    else if (c.kind === "judged") raw.set(consensus.value.subarray(c.judgedIndex * nBundles, (c.judgedIndex + 1) * nBundles), col);
    else if (c.issueIndex >= 0) raw.set(issueValues.subarray(c.issueIndex * nBundles, (c.issueIndex + 1) * nBundles), col);
  }

  let heaviestCriterion = 0;
  for (const c of criteria) if (c.weight > criteria[heaviestCriterion]!.weight) heaviestCriterion = c.index;

  return {
    input,
    nBundles,
    nCriteria,
    nIssues,
    slotsPerVendor,
    bundles,
    vendorOfBundle,
    slotOfBundle,
    criteria,
    weights,
    weightSum: weights.reduce((s, w) => s + w, 0),
    priceCriterion: criteria.findIndex((c) => c.kind === "price"),
    heaviestCriterion,
    issueIndexById,
    issueValues,
    evaluatedPrice,
    raw,
    consensus,
    moderationOfCell,
    judgedCriteria,
  };
}

/** Evaluator scores → CSR groups per (judged criterion, bundle) → consensus columns. */
function groupJudgedScores(
  input: RoundInput,
  nBundles: number,
  slotsPerVendor: number,
  criteria: readonly CompiledCriterion[],
  vendorIndexById: ReadonlyMap<string, number>,
  slotIndexById: ReadonlyMap<string, number>,
  judgedCount: number,
): { consensus: ConsensusColumns; moderationOfCell: Int32Array } {
  const judgedIndexById = new Map<string, number>();
  for (const c of criteria) if (c.judgedIndex >= 0) judgedIndexById.set(c.id, c.judgedIndex);
  const cells = judgedCount * nBundles;
  const index: CellIndex = { judgedIndexById, vendorIndexById, slotIndexById, nBundles, slotsPerVendor };

  // One pass over the score objects (reading them is the costly part); the rest works on
  // typed arrays only.
  const scores = input.evaluatorScores;
  const cellOfScore = new Int32Array(scores.length);
  const valueOfScore = new Float64Array(scores.length);
  cellsOf(scores, index, cellOfScore, valueOfScore);
  const ranges = scoreRanges(cellOfScore, valueOfScore, cells);
  const moderations = input.moderations;
  const cellOfModeration = new Int32Array(moderations.length);
  const valueOfModeration = new Float64Array(moderations.length);
  cellsOf(moderations, index, cellOfModeration, valueOfModeration);
  const moderated = new Float64Array(cells).fill(Number.NaN);
  const moderationOfCell = new Int32Array(cells).fill(-1);
  for (let k = 0; k < moderations.length; k++) {
    const cell = cellOfModeration[k]!;
    if (cell < 0) continue;
    moderated[cell] = valueOfModeration[k]!;
    moderationOfCell[cell] = k;
  }
  return { consensus: computeConsensusOfRanges(ranges.scores, ranges.from, ranges.to, input.settings.consensus, moderated), moderationOfCell };
}

/**
 * Where each cell's scores lie: cell k's are `scores[from[k] .. to[k])`, in the order given.
 * Scores usually arrive grouped by cell (an evaluator panel scores a bundle criterion by
 * criterion), and then each cell's run is used where it lies; otherwise they are grouped
 * first (counting sort into cell order, the order given kept within a cell). Either way a cell
 * sees the same scores in the same order, so its consensus is the same.
 */
function scoreRanges(cellOfScore: Int32Array, valueOfScore: Float64Array, cells: number): { scores: Float64Array; from: Int32Array; to: Int32Array } {
  const from = new Int32Array(cells);
  const to = new Int32Array(cells);
  const seen = new Uint8Array(cells);
  let grouped = true;
  for (let k = 0; k < cellOfScore.length && grouped; ) {
    const cell = cellOfScore[k]!;
    let end = k + 1;
    while (end < cellOfScore.length && cellOfScore[end] === cell) end++;
    if (cell >= 0) {
      if (seen[cell]) grouped = false; // a second run of the same cell
      seen[cell] = 1;
      from[cell] = k;
      to[cell] = end;
    }
    k = end;
  }
  if (grouped) return { scores: valueOfScore, from, to };
  // Counting sort (CSR): offsets per cell, then each score into its cell's next place.
  const offsets = new Int32Array(cells + 1);
  for (let k = 0; k < cellOfScore.length; k++) {
    const cell = cellOfScore[k]!;
    if (cell >= 0) offsets[cell + 1] = offsets[cell + 1]! + 1;
  }
  for (let k = 0; k < cells; k++) offsets[k + 1] = offsets[k + 1]! + offsets[k]!;
  const scores = new Float64Array(offsets[cells]!);
  const fill = offsets.slice(0, cells);
  for (let k = 0; k < cellOfScore.length; k++) {
    const cell = cellOfScore[k]!;
    if (cell < 0) continue;
    const at = fill[cell]!;
    scores[at] = valueOfScore[k]!;
    fill[cell] = at + 1;
  }
  return { scores, from: offsets.subarray(0, cells), to: offsets.subarray(1) };
}

interface CellIndex {
  readonly judgedIndexById: ReadonlyMap<string, number>;
  readonly vendorIndexById: ReadonlyMap<string, number>;
  readonly slotIndexById: ReadonlyMap<string, number>;
  readonly nBundles: number;
  readonly slotsPerVendor: number;
}

/**
 * Judged cell (j × nBundles + b, −1 when an id is unknown) and value of each score or
 * moderation. Rows usually arrive grouped (by vendor, slot, criterion), so remembering the last
 * id of each kind saves most of the 3 map lookups a row (210 000 scores in a large round).
 */
function cellsOf(
  rows: readonly { readonly criterionId: string; readonly vendorId: string; readonly slotId: string; readonly score?: number; readonly value?: number }[],
  index: CellIndex,
  cellOut: Int32Array,
  valueOut: Float64Array,
): void {
  const { judgedIndexById, vendorIndexById, slotIndexById, nBundles, slotsPerVendor } = index;
  let lastCriterionId = "";
  let j: number | undefined;
  let lastVendorId = "";
  let v: number | undefined;
  let lastSlotId = "";
  let s: number | undefined;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    if (row.criterionId !== lastCriterionId) {
      lastCriterionId = row.criterionId;
      j = judgedIndexById.get(lastCriterionId);
    }
    if (row.vendorId !== lastVendorId) {
      lastVendorId = row.vendorId;
      v = vendorIndexById.get(lastVendorId);
    }
    if (row.slotId !== lastSlotId) {
      lastSlotId = row.slotId;
      s = slotIndexById.get(lastSlotId);
    }
    cellOut[k] = j === undefined || v === undefined || s === undefined ? -1 : j * nBundles + v * slotsPerVendor + s;
    valueOut[k] = row.score ?? row.value ?? Number.NaN;
  }
}
