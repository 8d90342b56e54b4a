/**
 * Cheap screening of counter-packages. A 500-vendor round screens tens of thousands of
 * one- and two-issue changes, so the lookups every screen needs (which weighted criteria an
 * issue feeds, whether it enters the evaluated price) are prepared once per evaluation, and a
 * candidate's total is the bundle's round total plus the change on those criteria only. The
 * few candidates that are reported are re-scored exactly (`scoreChangedBundle`).
 */
import type { CompiledRound } from "./compile";
import { packageEvaluatedPrice, type IssueChange } from "./package";
import type { PriceContext } from "./price";
import { normalisedScore } from "./scoring";

/** A change whose value is bundle `donor`'s value of the issue (−1: a value of no bundle). */
export interface DonatedChange extends IssueChange {
  donor: number;
}

export class PackageScreen {
  /** Per issue: indices of the weighted criteria it feeds, in criterion order. */
  private readonly criteriaOfIssue: readonly (readonly number[])[];
  /** Per issue: whether it is a term of the evaluated price. */
  private readonly priced: readonly boolean[];
  private readonly scale: number;

  constructor(
    private readonly round: CompiledRound,
    private readonly scores: Float64Array,
    private readonly totals: Float64Array,
    private readonly price: PriceContext,
  ) {
    const { criteria, weights, nIssues } = round;
    const byIssue: number[][] = Array.from({ length: nIssues }, () => []);
    for (const c of criteria) if (c.issueIndex >= 0 && weights[c.index]! !== 0) byIssue[c.issueIndex]!.push(c.index);
    this.criteriaOfIssue = byIssue;
    const priced = new Array<boolean>(nIssues).fill(false);
    for (const t of round.input.settings.evaluatedPrice.terms) {
      const i = round.issueIndexById.get(t.issueId);
      if (i !== undefined) priced[i] = true;
    }
    this.priced = priced;
    this.scale = round.weightSum > 0 ? 100 / round.weightSum : 0;
  }

  // Reused change lists, so screening a candidate allocates nothing.
  private readonly one: [DonatedChange] = [{ issueIndex: 0, value: 0, donor: -1 }];
  private readonly two: [DonatedChange, DonatedChange] = [{ issueIndex: 0, value: 0, donor: -1 }, { issueIndex: 0, value: 0, donor: -1 }];

  /** Approximate total of bundle b with issue i set to `value`, the value of bundle `donor` (−1: none). */
  single(b: number, i: number, value: number, donor = -1): number {
    const [ch] = this.one;
    ch.issueIndex = i;
    ch.value = value;
    ch.donor = donor;
    return this.total(b, this.one);
  }

  /** Approximate total of bundle b with two changes, applied in this order (donors as in `single`). */
  pair(b: number, i1: number, value1: number, donor1: number, i2: number, value2: number, donor2: number): number {
    const [first, second] = this.two;
    first.issueIndex = i1;
    first.value = value1;
    first.donor = donor1;
    second.issueIndex = i2;
    second.value = value2;
    second.donor = donor2;
    return this.total(b, this.two);
  }

  /** Approximate total of bundle b with `changes` applied (same arithmetic for every candidate, so ranks are comparable). */
  total(b: number, changes: readonly (IssueChange | DonatedChange)[]): number {
    const { round, scores, price } = this;
    const { nBundles, criteria, weights } = round;
    let delta = 0;
    let repriced = false;
    for (const ch of changes) {
      const donor = "donor" in ch ? ch.donor : -1;
      for (const c of this.criteriaOfIssue[ch.issueIndex]!) {
        // A criterion an issue feeds scores the issue's value, so the donor bundle's score on it
        // IS the normalised score of the value (same function, same input): read, not recomputed.
        const s = donor >= 0 ? scores[c * nBundles + donor]! : normalisedScore(criteria[c]!, ch.value, price);
        delta += weights[c]! * (s - scores[c * nBundles + b]!);
      }
      if (this.priced[ch.issueIndex]) repriced = true;
    }
    const pc = round.priceCriterion;
    if (repriced && pc >= 0) {
      const p = packageEvaluatedPrice(round, b, changes);
      delta += weights[pc]! * (normalisedScore(criteria[pc]!, p, price) - scores[pc * nBundles + b]!);
    }
    return this.totals[b]! + delta * this.scale;
  }
}

/**
 * One vendor's screened candidates — one or two issue changes on a base bundle — as parallel
 * typed arrays. The pool is allocated once per evaluation and cleared per vendor, so screening
 * tens of thousands of candidates creates no objects; only the reported few become
 * `IssueChange` lists (`changesOf`).
 */
export class CandidatePool {
  size = 0;
  base = new Int32Array(64);
  /** 1 or 2. */
  changeCount = new Uint8Array(64);
  /** Two slots per candidate: [first change, second change]. */
  issue = new Int32Array(128);
  value = new Float64Array(128);
  donor = new Int32Array(128);
  total = new Float64Array(64);

  clear(): void {
    this.size = 0;
  }

  add(base: number, total: number, issue1: number, value1: number, donor1: number, issue2 = -1, value2 = 0, donor2 = -1): number {
    if (this.size === this.base.length) this.grow();
    const k = this.size++;
    this.base[k] = base;
    this.total[k] = total;
    this.changeCount[k] = issue2 < 0 ? 1 : 2;
    this.issue[2 * k] = issue1;
    this.value[2 * k] = value1;
    this.donor[2 * k] = donor1;
    this.issue[2 * k + 1] = issue2;
    this.value[2 * k + 1] = value2;
    this.donor[2 * k + 1] = donor2;
    return k;
  }

  changesOf(k: number): IssueChange[] {
    const out: IssueChange[] = [];
    for (let j = 0; j < this.changeCount[k]!; j++) out.push({ issueIndex: this.issue[2 * k + j]!, value: this.value[2 * k + j]! });
    return out;
  }

  donorsOf(k: number): number[] {
    return this.changeCount[k] === 1 ? [this.donor[2 * k]!] : [this.donor[2 * k]!, this.donor[2 * k + 1]!];
  }

  private grow(): void {
    const n = this.base.length * 2;
    const widen = <T extends Int32Array | Uint8Array | Float64Array>(a: T, length: number): T => {
      const b = new (a.constructor as new (length: number) => T)(length);
      b.set(a);
      return b;
    };
    this.base = widen(this.base, n);
    this.changeCount = widen(this.changeCount, n);
    this.total = widen(this.total, n);
    this.issue = widen(this.issue, 2 * n);
    this.value = widen(this.value, 2 * n);
    this.donor = widen(this.donor, 2 * n);
  }
}
