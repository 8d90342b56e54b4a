/**
 * Scoring a counter-package: a vendor's bundle with some issue values taken from its other
 * bundles. It is scored by the same `scoreRawRow` as the round, with the round's price
 * context (lowest price) held fixed and the base bundle's judged scores, so the gain it
 * claims is exactly what re-scoring gives.
 */
import { issueNumeric, type CompiledRound } from "./compile";
import { exactLinearCombination, type PriceContext } from "./price";
import { scoreRawRow } from "./scoring";

export interface IssueChange {
  issueIndex: number;
  /** Numeric form (see `issueNumeric`): value, or option index for choice issues. */
  value: number;
}

export interface PackageScore {
  total: number;
  evaluatedPrice: number;
  /** Raw value per criterion, as scored. */
  raw: Float64Array;
}

function valueOf(round: CompiledRound, b: number, changes: readonly IssueChange[], issueIndex: number): number {
  for (const ch of changes) if (ch.issueIndex === issueIndex) return ch.value;
  return round.issueValues[issueIndex * round.nBundles + b]!;
}

/** Evaluated price with the same exact arithmetic as `computeEvaluatedPrice`. */
export function packageEvaluatedPrice(round: CompiledRound, b: number, changes: readonly IssueChange[]): number {
  let sum = 0;
  let exact = true;
  const terms = round.input.settings.evaluatedPrice.terms;
  for (const term of terms) {
    const i = round.issueIndexById.get(term.issueId);
    if (i === undefined) continue;
    const issue = round.input.issues[i]!;
    if (issue.kind !== "money" && issue.kind !== "number") continue;
    const v = valueOf(round, b, changes, i);
    const p = term.coefficient * v;
    sum += p;
    if (!Number.isSafeInteger(term.coefficient) || !Number.isSafeInteger(v) || !Number.isSafeInteger(p) || !Number.isSafeInteger(sum)) exact = false;
  }
  if (exact) return sum + 0;
  const pairs: [number, number][] = [];
  for (const term of terms) {
    const i = round.issueIndexById.get(term.issueId);
    if (i === undefined) continue;
    const issue = round.input.issues[i]!;
    if (issue.kind === "money" || issue.kind === "number") pairs.push([term.coefficient, valueOf(round, b, changes, i)]);
  }
  return Number(exactLinearCombination(pairs));
}

/** Scores bundle b with `changes` applied; `scratch` (length nCriteria) avoids an allocation per call. */
export function scoreChangedBundle(
  round: CompiledRound,
  price: PriceContext,
  b: number,
  changes: readonly IssueChange[],
  scratch: Float64Array = new Float64Array(round.nCriteria),
): PackageScore {
  const { criteria, raw, nBundles } = round;
  const evaluatedPrice = changes.length === 0 ? round.evaluatedPrice[b]! : packageEvaluatedPrice(round, b, changes);
  for (const c of criteria) {
    if (c.kind === "price") scratch[c.index] = evaluatedPrice;
    else if (c.issueIndex >= 0) scratch[c.index] = valueOf(round, b, changes, c.issueIndex);
    else scratch[c.index] = raw[c.index * nBundles + b]!;
  }
  return { total: scoreRawRow(criteria, scratch, round.weights, price), evaluatedPrice, raw: scratch };
}

/**
 * Public form: bundle (vendorId, slotId) with some issue values replaced, as plain values.
 * Returns null when the bundle does not exist.
 */
export function scorePackage(
  round: CompiledRound,
  price: PriceContext,
  vendorId: string,
  slotId: string,
  replacedValues: Readonly<Record<string, number | string>>,
): PackageScore | null {
  const v = round.input.vendors.findIndex((x) => x.id === vendorId);
  const s = round.input.bundleSlots.findIndex((x) => x.id === slotId);
  if (v < 0 || s < 0) return null;
  const changes: IssueChange[] = [];
  for (const [issueId, value] of Object.entries(replacedValues)) {
    const i = round.issueIndexById.get(issueId);
    if (i !== undefined) changes.push({ issueIndex: i, value: issueNumeric(round.input.issues[i]!, value) });
  }
  return scoreChangedBundle(round, price, v * round.slotsPerVendor + s, changes);
}
