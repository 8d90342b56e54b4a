/**
 * Turns a validated round into flat typed arrays indexed by position, once. Every later pass
 * (scoring, ranking, sensitivity, MESO) then reads numbers by index instead of walking objects
 * and looking up ids, which is what keeps a 500-vendor round within a few milliseconds.
 *
 * Bundle index b = vendorIndex × 3 + slotIndex (slot order of the RFP, not of the bid), which
 * the schema guarantees is a bijection.
 */
import { computeConsensus, type ConsensusColumns } from "./consensus";
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
  for (let b = 0; b < nBundles; b++) {
    const values = bundles[b]?.values ?? {};
    for (let i = 0; i < nIssues; i++) issueValues[i * nBundles + b] = issueNumeric(input.issues[i]!, ownValue(values, input.issues[i]!.id));
    evaluatedPrice[b] = computeEvaluatedPrice(values, terms);
  }

  let judgedCount = 0;
  const criteria = input.criteria.map((c, index) =>
    compileCriterion(c, index, issueIndexById, input.issues, c.kind === "judged" ? judgedCount++ : -1),
  );
  const judgedCriteria = criteria.filter((c) => c.kind === "judged").map((c) => c.index);
  const consensus = groupJudgedScores(input, nBundles, slotsPerVendor, criteria, vendorIndexById, slotIndexById, judgedCount);

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
): ConsensusColumns {
  const judgedIndexById = new Map<string, number>();
  for (const c of criteria) if (c.judgedIndex >= 0) judgedIndexById.set(c.id, c.judgedIndex);
  const cells = judgedCount * nBundles;
  // Scores usually arrive grouped (by vendor, slot, criterion), so remembering the last id of
  // each kind saves most of the 3 map lookups per score (210 000 scores in a large round).
  let lastCriterionId = "";
  let lastJudged: number | undefined;
  let lastVendorId = "";
  let lastVendor: number | undefined;
  let lastSlotId = "";
  let lastSlot: number | undefined;
  const cellOf = (cell: { criterionId: string; vendorId: string; slotId: string }): number => {
    if (cell.criterionId !== lastCriterionId) {
      lastCriterionId = cell.criterionId;
      lastJudged = judgedIndexById.get(cell.criterionId);
    }
    if (cell.vendorId !== lastVendorId) {
      lastVendorId = cell.vendorId;
      lastVendor = vendorIndexById.get(cell.vendorId);
    }
    if (cell.slotId !== lastSlotId) {
      lastSlotId = cell.slotId;
      lastSlot = slotIndexById.get(cell.slotId);
    }
    const j = lastJudged;
    const v = lastVendor;
    const s = lastSlot;
    return j === undefined || v === undefined || s === undefined ? -1 : j * nBundles + v * slotsPerVendor + s;
  };

  // One pass over the score objects (reading them is the costly part); the CSR fill then
  // works on typed arrays only.
  const scores = input.evaluatorScores;
  const cellOfScore = new Int32Array(scores.length);
  const valueOfScore = new Float64Array(scores.length);
  const offsets = new Int32Array(cells + 1);
  for (let k = 0; k < scores.length; k++) {
    const score = scores[k]!;
    const cell = cellOf(score);
    cellOfScore[k] = cell;
    valueOfScore[k] = score.score;
    if (cell >= 0) offsets[cell + 1] = offsets[cell + 1]! + 1;
  }
  for (let k = 0; k < cells; k++) offsets[k + 1] = offsets[k + 1]! + offsets[k]!;
  const grouped = new Float64Array(offsets[cells]!);
  const fill = offsets.slice(0, cells);
  for (let k = 0; k < scores.length; k++) {
    const cell = cellOfScore[k]!;
    if (cell < 0) continue;
    const at = fill[cell]!;
    grouped[at] = valueOfScore[k]!;
    fill[cell] = at + 1;
  }
  const moderated = new Float64Array(cells).fill(Number.NaN);
  for (const m of input.moderations) {
    const cell = cellOf(m);
    if (cell >= 0) moderated[cell] = m.value;
  }
  return computeConsensus(grouped, offsets, input.settings.consensus, moderated);
}
