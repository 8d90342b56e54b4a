/**
 * MESO insight per vendor: which of its bundles are dominated, what its bundles reveal about
 * its prices, and counter-packages for a BAFO round built only from values it already
 * offered, each with a conditional ask ("If we accept X, could you include Y at B's price?").
 */
import type { CompiledRound } from "./compile";
import { formatMoney, formatNumber } from "./format";
import { gateFailures, type GateBook } from "./gates";
import { CandidatePool, PackageScreen } from "./meso-screen";
import { scoreChangedBundle, type IssueChange } from "./package";
import { highestPriceForScore, ownValue, priceScore, type PriceContext } from "./price";
import { TOTAL_RESOLUTION } from "./ranking";
import type { BundleSlot, RoundInput } from "./schema";
import { criterionPoints } from "./scoring";
import { estimateTradeOffs, groupMemberOf, groupMovePrice, prepareTradeOffs, type EstimateMethod, type GroupMove, type TradeOff, type TradeOffGroup, type TradeOffSetup } from "./tradeoffs";

export interface MesoContext {
  readonly round: CompiledRound;
  readonly scores: Float64Array;
  readonly totals: Float64Array;
  readonly price: PriceContext;
  readonly gates: GateBook;
  /** Ranked (gate-passing) bundles, best first. */
  readonly order: readonly number[];
  readonly batnaTotal: number;
}

export type BreakEven = { kind: "price"; priceMinor: number } | { kind: "any-price" } | { kind: "unreachable" };

export interface PackageChange {
  issueId: string;
  /** The vendor's bundle the value comes from. */
  fromSlotId: string;
  value: number | string;
  valueLabel: string;
  /**
   * Vendor's revealed price for this change (minor units, estimate), null when unknown. A change
   * of a lockstep group carries its member's own estimate, which claims the whole group's move:
   * the package's sum (`CounterPackage.revealedPriceMinor`) counts the group once.
   */
  revealedPriceMinor: number | null;
}

export interface CounterPackage {
  baseSlotId: string;
  changes: PackageChange[];
  values: Record<string, number | string>;
  evaluatedPriceMinor: number;
  baseTotal: number;
  total: number;
  /** total − baseTotal, from re-scoring with the round's scoring code and price context. */
  gain: number;
  /** Whom the package must beat: the best other vendor's bundle, or the BATNA. */
  competitor: { vendorId: string; slotId: string; total: number } | { batna: true; total: number };
  breakEven: BreakEven;
  /** What the vendor's own bundles suggest it would charge for the changes (estimate), a lockstep group counted once. */
  revealedPriceMinor: number | null;
  /**
   * Present when the revealed price is unknown because the package moves apart issues that
   * moved in lockstep in every bundle (their labels): the bids cannot price that.
   */
  inseparable?: string[];
  revealedPriceMethod: EstimateMethod | null;
  /** Evaluated price the vendor would likely ask: package price + revealed price of the changes. */
  likelyAskMinor: number | null;
  zoneOfAgreement: "likely" | "unlikely" | "unknown";
  ask: string;
}

export interface VendorMesoInsight {
  vendorId: string;
  dominated: { slotId: string; dominatedBySlotId: string }[];
  tradeOffs: TradeOff[];
  suggestions: CounterPackage[];
}

export const MAX_SUGGESTIONS_PER_VENDOR = 3;
const MIN_GAIN = 1e-9;

interface Candidate {
  base: number;
  changes: IssueChange[];
  donors: number[];
  total: number;
}

/** Pareto dominance on criterion scores and evaluated price among one vendor's bundles. */
function dominatedBundles(ctx: MesoContext, bundleIdx: readonly number[]): VendorMesoInsight["dominated"] {
  const { round, scores } = ctx;
  const out: VendorMesoInsight["dominated"] = [];
  for (const x of bundleIdx) {
    for (const y of bundleIdx) {
      if (x === y) continue;
      let atLeast = round.evaluatedPrice[y]! <= round.evaluatedPrice[x]!;
      let strictly = round.evaluatedPrice[y]! < round.evaluatedPrice[x]!;
      for (let c = 0; c < round.nCriteria && atLeast; c++) {
        const sx = scores[c * round.nBundles + x]!;
        const sy = scores[c * round.nBundles + y]!;
        if (sy < sx) atLeast = false;
        else if (sy > sx) strictly = true;
      }
      if (atLeast && strictly) {
        out.push({ slotId: slotOf(round, x).id, dominatedBySlotId: slotOf(round, y).id });
        break;
      }
    }
  }
  return out;
}

/**
 * Per-evaluation preparation shared by every vendor: the screening tables, the trade-off
 * variables, and one scratch row for exact re-scoring. Built once in `mesoInsights`, so the
 * per-vendor work is only the vendor's own candidates.
 */
interface MesoRound {
  readonly ctx: MesoContext;
  readonly screen: PackageScreen;
  readonly tradeOffs: TradeOffSetup;
  /** Number and choice issues: the values a package may take from the vendor's other bundles. */
  readonly swappable: readonly number[];
  readonly scratch: Float64Array;
  readonly pool: CandidatePool;
  /**
   * The gate check's readers for the candidate under test (`probe.cand`), made once per
   * evaluation: a pair of closures per re-scored candidate was measurable garbage (and, under
   * tsx's keep-names transform, a `__name` call each).
   */
  readonly probe: { cand: Candidate | null; readonly issueValue: (i: number) => number; readonly raw: (c: number) => number };
}

function prepareMeso(ctx: MesoContext): MesoRound {
  const { round } = ctx;
  const swappable: number[] = [];
  round.input.issues.forEach((issue, i) => {
    if (issue.kind === "number" || issue.kind === "choice") swappable.push(i);
  });
  const scratch = new Float64Array(round.nCriteria);
  const probe: MesoRound["probe"] = {
    cand: null,
    issueValue: (i) => packageValue(round, probe.cand!, i),
    raw: (c) => scratch[c]!,
  };
  return {
    ctx,
    screen: new PackageScreen(round, ctx.scores, ctx.totals, ctx.price),
    tradeOffs: prepareTradeOffs(round),
    swappable,
    scratch,
    pool: new CandidatePool(),
    probe,
  };
}

/** MESO insight for every vendor of the round, in vendor order. */
export function mesoInsights(ctx: MesoContext): VendorMesoInsight[] {
  const meso = prepareMeso(ctx);
  const out = new Array<VendorMesoInsight>(ctx.round.input.vendors.length);
  for (let v = 0; v < out.length; v++) out[v] = insightOf(meso, v);
  return out;
}

export function vendorMesoInsight(ctx: MesoContext, vendorIndex: number): VendorMesoInsight {
  return insightOf(prepareMeso(ctx), vendorIndex);
}

function insightOf(meso: MesoRound, vendorIndex: number): VendorMesoInsight {
  const { round } = meso.ctx;
  const spv = round.slotsPerVendor;
  const bundleIdx = new Array<number>(spv);
  for (let s = 0; s < spv; s++) bundleIdx[s] = vendorIndex * spv + s;
  const tradeOffs = estimateTradeOffs(round, bundleIdx, meso.tradeOffs);
  return {
    vendorId: round.input.vendors[vendorIndex]!.id,
    dominated: dominatedBundles(meso.ctx, bundleIdx),
    tradeOffs,
    suggestions: counterPackages(meso, vendorIndex, bundleIdx, tradeOffs),
  };
}

/** The vendor's revealed trade-off per issue index (undefined where its bundles reveal none). */
type SlopeByIssue = readonly (TradeOff | undefined)[];

/** What the vendor's own bundles suggest it charges for setting issue i to `value` on bundle `base`; null when unknown. */
function revealedPrice(round: CompiledRound, slopes: SlopeByIssue, i: number, value: number, base: number): number | null {
  const t = slopes[i];
  return t ? t.pricePerUnitMinor * (value - round.issueValues[i * round.nBundles + base]!) : null;
}

/** Whether an earlier donor (in slot order) already offered `value` for issue i. */
function offeredEarlier(round: CompiledRound, bundleIdx: readonly number[], k: number, i: number, value: number): boolean {
  for (let e = 0; e < k; e++) if (round.issueValues[i * round.nBundles + bundleIdx[e]!]! === value) return true;
  return false;
}

/** Stable insertion sort of a few concessions, cheapest for the vendor first. */
function sortByRevealed(concessions: number[], revealedOf: readonly number[]): void {
  for (let i = 1; i < concessions.length; i++) {
    const c = concessions[i]!;
    let j = i - 1;
    while (j >= 0 && revealedOf[concessions[j]!]! > revealedOf[c]!) {
      concessions[j + 1] = concessions[j]!;
      j--;
    }
    concessions[j + 1] = c;
  }
}

/**
 * Next candidate to examine among `generated` (positions not yet taken): best screened gain,
 * then lower base slot, fewer changes, earlier generated. Only the first few are ever needed
 * (three suggestions per vendor), so picking them one by one beats sorting them all.
 */
function nextBest(pool: CandidatePool, totals: Float64Array, generated: readonly number[], taken: Uint8Array): number {
  let best = -1;
  let bestGain = 0;
  for (let p = 0; p < generated.length; p++) {
    if (taken[p]) continue;
    const k = generated[p]!;
    const gain = pool.total[k]! - totals[pool.base[k]!]!;
    if (best >= 0) {
      const b = generated[best]!;
      const order = bestGain - gain || pool.base[k]! - pool.base[b]! || pool.changeCount[k]! - pool.changeCount[b]!;
      if (!(order < 0)) continue;
    }
    best = p;
    bestGain = gain;
  }
  if (best >= 0) taken[best] = 1;
  return best;
}

/**
 * Screens every one-change package (a value from another of the vendor's bundles) and every
 * pairing of a gain with one of the two concessions the vendor prices lowest, into the pool;
 * returns the pool indices of the gaining candidates in generation order.
 */
function screenCandidates(meso: MesoRound, bundleIdx: readonly number[], slopes: SlopeByIssue): number[] {
  const { ctx, screen, pool } = meso;
  const { round, totals } = ctx;
  const { nBundles } = round;
  pool.clear();
  const generated: number[] = [];
  const gains: number[] = [];
  const concessions: number[] = [];
  const revealedOf: number[] = [];
  for (const base of bundleIdx) {
    gains.length = 0;
    concessions.length = 0;
    for (const i of meso.swappable) {
      const own = round.issueValues[i * nBundles + base]!;
      for (let k = 0; k < bundleIdx.length; k++) {
        const donor = bundleIdx[k]!;
        const value = round.issueValues[i * nBundles + donor]!;
        if (value === own || offeredEarlier(round, bundleIdx, k, i, value)) continue;
        const total = screen.single(base, i, value, donor);
        // A concession is what the buyer gives: no score gain for it, but cheaper for the vendor.
        if (total - totals[base]! > MIN_GAIN) gains.push(pool.add(base, total, i, value, donor));
        else {
          const revealed = revealedPrice(round, slopes, i, value, base) ?? 0;
          if (revealed < 0) {
            const c = pool.add(base, total, i, value, donor);
            revealedOf[c] = revealed;
            concessions.push(c);
          }
        }
      }
    }
    // The two changes the vendor prices lowest are what the buyer can offer in return.
    sortByRevealed(concessions, revealedOf);
    const offers = Math.min(2, concessions.length);
    for (const g of gains) {
      generated.push(g);
      for (let k = 0; k < offers; k++) {
        const c = concessions[k]!;
        const ci = pool.issue[2 * c]!;
        const gi = pool.issue[2 * g]!;
        if (ci === gi) continue;
        const cv = pool.value[2 * c]!;
        const gv = pool.value[2 * g]!;
        const total = screen.pair(base, ci, cv, pool.donor[2 * c]!, gi, gv, pool.donor[2 * g]!);
        if (total - totals[base]! > MIN_GAIN) generated.push(pool.add(base, total, ci, cv, pool.donor[2 * c]!, gi, gv, pool.donor[2 * g]!));
      }
    }
  }
  return generated;
}

function counterPackages(meso: MesoRound, vendorIndex: number, bundleIdx: readonly number[], tradeOffs: readonly TradeOff[]): CounterPackage[] {
  const { ctx, pool, probe } = meso;
  const { round, price, totals } = ctx;
  const slopes = new Array<TradeOff | undefined>(round.nIssues);
  for (const t of tradeOffs) if (t.variable.kind === "issue") slopes[t.variable.issueIndex] = t;

  const generated = screenCandidates(meso, bundleIdx, slopes);
  const taken = new Uint8Array(generated.length);
  const out: CounterPackage[] = [];
  while (out.length < MAX_SUGGESTIONS_PER_VENDOR) {
    const p = nextBest(pool, totals, generated, taken);
    if (p < 0) break;
    const k = generated[p]!;
    const cand: Candidate = { base: pool.base[k]!, changes: pool.changesOf(k), donors: pool.donorsOf(k), total: pool.total[k]! };
    if (isExistingBundle(round, cand, bundleIdx)) continue;
    // The screen was approximate; what is reported comes from the exact re-scoring.
    const scored = scoreChangedBundle(round, price, cand.base, cand.changes, meso.scratch);
    if (!(scored.total - totals[cand.base]! > MIN_GAIN)) continue;
    // scoreChangedBundle wrote the candidate's raw row into meso.scratch, which probe.raw reads.
    probe.cand = cand;
    const failures = gateFailures(ctx.gates, probe.issueValue, probe.raw, round.bundles[cand.base]!.clauses, price, cand.base);
    probe.cand = null;
    if (failures !== null) continue;
    out.push(describePackage(ctx, vendorIndex, cand, scored.evaluatedPrice, scored.total, slopes));
  }
  return out;
}

/** Numeric value of issue i in the package: the change where there is one, else the base bundle's. */
function packageValue(round: CompiledRound, cand: Candidate, i: number): number {
  for (const ch of cand.changes) if (ch.issueIndex === i) return ch.value;
  return round.issueValues[i * round.nBundles + cand.base]!;
}

/** A "package" equal to one of the vendor's bundles in every value is not a new proposal. */
function isExistingBundle(round: CompiledRound, cand: Candidate, bundleIdx: readonly number[]): boolean {
  const { issues } = round.input;
  for (const other of bundleIdx) {
    let same = true;
    for (let i = 0; i < issues.length && same; i++) {
      const issue = issues[i]!;
      same =
        issue.kind === "text"
          ? ownValue(round.bundles[cand.base]!.values, issue.id) === ownValue(round.bundles[other]!.values, issue.id)
          : packageValue(round, cand, i) === round.issueValues[i * round.nBundles + other]!;
    }
    if (same) return true;
  }
  return false;
}

function competitorOf(ctx: MesoContext, vendorIndex: number): CounterPackage["competitor"] {
  const { round } = ctx;
  const best = ctx.order.find((b) => round.vendorOfBundle[b] !== vendorIndex);
  if (best === undefined) return { batna: true, total: ctx.batnaTotal };
  return {
    vendorId: round.input.vendors[round.vendorOfBundle[best]!]!.id,
    slotId: round.input.bundleSlots[round.slotOfBundle[best]!]!.id,
    total: ctx.totals[best]!,
  };
}

/**
 * Highest evaluated price at which the package still scores above `target`: the package's
 * non-price points are fixed, so the price score it needs follows directly and the price
 * formula is inverted (context held fixed).
 */
export function breakEvenPrice(round: CompiledRound, price: PriceContext, total: number, rawPrice: number, target: number): BreakEven {
  const pc = round.priceCriterion;
  const needed = target + TOTAL_RESOLUTION;
  const w = pc >= 0 ? round.weights[pc]! : 0;
  if (!(w > 0)) return total >= needed ? { kind: "any-price" } : { kind: "unreachable" };
  const c = round.criteria[pc]!;
  const scale = criterionPoints(w, round.weightSum, 1);
  const nonPrice = total - scale * (c.kind === "price" ? priceScore(price.formula, rawPrice, price.lowestPrice) : 0);
  const p = highestPriceForScore(price, (needed - nonPrice) / scale);
  if (p === null) return { kind: "unreachable" };
  return Number.isFinite(p) ? { kind: "price", priceMinor: p } : { kind: "any-price" };
}

function slotOf(round: CompiledRound, b: number): BundleSlot {
  return round.input.bundleSlots[round.slotOfBundle[b]!]!;
}

/** "Support tier Premium (as in your B bundle)". */
function phrase(input: RoundInput, ch: PackageChange): string {
  const issue = input.issues.find((x) => x.id === ch.issueId)!;
  const from = input.bundleSlots.find((s) => s.id === ch.fromSlotId)!;
  return `${issue.name} ${ch.valueLabel} (as in your ${from.name} bundle)`;
}

/**
 * Instances have a prototype that is itself prototype-less: like a null-prototype record, an
 * id such as "__proto__" or "toString" is an own key like any other and never reads
 * Object.prototype, but V8 keeps the object in fast mode (`Object.create(null)` objects are
 * hash tables, and filling 1 500 of them a round was a measurable share of MESO insight).
 */
function IdValues(this: Record<string, number | string>): void {}
IdValues.prototype = Object.create(null) as object;

/** A copy of an id-keyed record (see `IdValues`), keys in the same order. */
function copyRecord(record: Readonly<Record<string, number | string>>): Record<string, number | string> {
  const out = new (IdValues as unknown as new () => Record<string, number | string>)();
  const keys = Object.keys(record);
  for (let k = 0; k < keys.length; k++) out[keys[k]!] = record[keys[k]!]!;
  return out;
}

function describePackage(
  ctx: MesoContext,
  vendorIndex: number,
  cand: Candidate,
  evaluatedPrice: number,
  total: number,
  slopes: SlopeByIssue,
): CounterPackage {
  const { round } = ctx;
  const { input } = round;
  const values = copyRecord(round.bundles[cand.base]!.values);
  let revealedSum: number | null = 0;
  let method: EstimateMethod = "pairwise-difference";
  const changes: PackageChange[] = [];
  // Changes of one lockstep group are priced together below, the group counted once.
  const grouped = new Map<number, { group: TradeOffGroup; moves: GroupMove[]; revealed: number[] }>();
  for (let k = 0; k < cand.changes.length; k++) {
    const ch = cand.changes[k]!;
    const issue = input.issues[ch.issueIndex]!;
    const donor = cand.donors[k]!;
    const value = ownValue(round.bundles[donor]!.values, issue.id)!;
    values[issue.id] = value;
    const r = revealedPrice(round, slopes, ch.issueIndex, ch.value, cand.base);
    const group = r === null ? undefined : slopes[ch.issueIndex]!.group;
    if (group) {
      let entry = grouped.get(group.index);
      if (!entry) grouped.set(group.index, (entry = { group, moves: [], revealed: [] }));
      const member = groupMemberOf(group, { kind: "issue", issueId: issue.id, issueIndex: ch.issueIndex });
      entry.moves.push({ member, before: round.issueValues[ch.issueIndex * round.nBundles + cand.base]!, after: ch.value });
      entry.revealed.push(r!);
    } else if (r === null) revealedSum = null;
    else if (revealedSum !== null) revealedSum += r;
    if (r !== null && slopes[ch.issueIndex]?.method === "least-squares") method = "least-squares";
    const valueLabel = issue.kind === "choice" ? (issue.options[ch.value]?.label ?? String(value)) : `${formatNumber(ch.value)}${issue.kind === "number" ? ` ${issue.unit}` : ""}`;
    changes.push({ issueId: issue.id, fromSlotId: slotOf(round, donor).id, value, valueLabel, revealedPriceMinor: r === null ? null : Math.round(r) });
  }
  let inseparable: string[] | undefined;
  for (const { group, moves, revealed } of grouped.values()) {
    const joint = moves.length === 1 ? revealed[0]! : groupMovePrice(group, moves);
    if (joint === null) {
      revealedSum = null;
      inseparable = moves.map((m) => group.members[m.member]!.label);
    } else if (revealedSum !== null) revealedSum += joint;
  }
  const competitor = competitorOf(ctx, vendorIndex);
  const breakEven = breakEvenPrice(round, ctx.price, total, evaluatedPrice, competitor.total);
  const revealedPriceMinor = revealedSum === null ? null : Math.round(revealedSum);
  const likelyAskMinor = revealedPriceMinor === null ? null : Math.max(0, evaluatedPrice + revealedPriceMinor);
  const buyerLimit = Math.min(input.buyer.reservationPriceMinor, breakEven.kind === "price" ? breakEven.priceMinor : breakEven.kind === "any-price" ? Number.POSITIVE_INFINITY : -1);
  const zoneOfAgreement = breakEven.kind === "unreachable" ? "unlikely" : likelyAskMinor === null ? "unknown" : likelyAskMinor <= buyerLimit ? "likely" : "unlikely";

  const base = slotOf(round, cand.base);
  const price = formatMoney(evaluatedPrice, input.currency, input.minorUnitsPerMajor);
  // A change to a priced issue moves the evaluated price: then each price is quoted for what it
  // is (the package's and the bundle's as bid), never the package's as "the same price".
  const basePriceMinor = round.evaluatedPrice[cand.base]!;
  const samePrice = basePriceMinor === evaluatedPrice;
  const basePrice = formatMoney(basePriceMinor, input.currency, input.minorUnitsPerMajor);
  const [first, second] = changes;
  let ask: string;
  if (second && first && (first.revealedPriceMinor ?? 0) < 0) {
    ask = samePrice
      ? `If we accept ${phrase(input, first)}, could you include ${phrase(input, second)} at your ${base.name} bundle's price (${price} evaluated)?`
      : `If we accept ${phrase(input, first)}, could you include ${phrase(input, second)} for ${price} evaluated (your ${base.name} bundle as bid: ${basePrice} evaluated)?`;
  } else {
    const phrases: string[] = [];
    for (const ch of changes) phrases.push(phrase(input, ch));
    ask = samePrice
      ? `If we choose your ${base.name} bundle, could you include ${phrases.join(" and ")} at the same price (${price} evaluated)?`
      : `If we choose your ${base.name} bundle, could you include ${phrases.join(" and ")} for ${price} evaluated (the bundle as bid: ${basePrice} evaluated)?`;
  }

  return {
    baseSlotId: base.id,
    changes,
    values,
    evaluatedPriceMinor: evaluatedPrice,
    baseTotal: ctx.totals[cand.base]!,
    total,
    gain: total - ctx.totals[cand.base]!,
    competitor,
    breakEven,
    revealedPriceMinor,
    ...(inseparable ? { inseparable } : {}),
    revealedPriceMethod: revealedPriceMinor === null ? null : method,
    likelyAskMinor,
    zoneOfAgreement,
    ask,
  };
}
