/**
 * MESO insight per vendor: which of its bundles are dominated, what its bundles reveal about
 * its prices, and counter-packages for a BAFO round built only from values it already
 * offered, each with a conditional ask ("If we accept X, could you include Y at B's price?").
 */
import type { CompiledRound } from "./compile";
import { formatMoney, formatNumber } from "./format";
import { gateFailures, type GateBook } from "./gates";
import { packageEvaluatedPrice, scoreChangedBundle, type IssueChange } from "./package";
import { highestPriceForScore, priceScore, type PriceContext } from "./price";
import { TOTAL_RESOLUTION } from "./ranking";
import { criterionPoints, normalisedScore } from "./scoring";
import { estimateTradeOffs, type EstimateMethod, type TradeOff } from "./tradeoffs";

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
  /** Vendor's revealed price for this change (minor units, estimate), null when unknown. */
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
  /** What the vendor's own bundles suggest it would charge for the changes (estimate). */
  revealedPriceMinor: number | null;
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
  const slotId = (b: number) => round.input.bundleSlots[round.slotOfBundle[b]!]!.id;
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
        out.push({ slotId: slotId(x), dominatedBySlotId: slotId(y) });
        break;
      }
    }
  }
  return out;
}

export function vendorMesoInsight(ctx: MesoContext, vendorIndex: number): VendorMesoInsight {
  const { round } = ctx;
  const spv = round.slotsPerVendor;
  const bundleIdx = Array.from({ length: spv }, (_, s) => vendorIndex * spv + s);
  const tradeOffs = estimateTradeOffs(round, bundleIdx);
  return {
    vendorId: round.input.vendors[vendorIndex]!.id,
    dominated: dominatedBundles(ctx, bundleIdx),
    tradeOffs,
    suggestions: counterPackages(ctx, vendorIndex, bundleIdx, tradeOffs),
  };
}

function counterPackages(ctx: MesoContext, vendorIndex: number, bundleIdx: readonly number[], tradeOffs: readonly TradeOff[]): CounterPackage[] {
  const { round, price } = ctx;
  const { nBundles, input } = round;
  const slopeByIssue = new Map<number, TradeOff>();
  for (const t of tradeOffs) if (t.variable.kind === "issue") slopeByIssue.set(t.variable.issueIndex, t);
  const swappable: number[] = [];
  input.issues.forEach((issue, i) => {
    if (issue.kind === "number" || issue.kind === "choice") swappable.push(i);
  });
  const screen = screener(ctx);
  const revealed = (ch: IssueChange, base: number): number | null => {
    const t = slopeByIssue.get(ch.issueIndex);
    return t ? t.pricePerUnitMinor * (ch.value - round.issueValues[ch.issueIndex * nBundles + base]!) : null;
  };

  const candidates: Candidate[] = [];
  for (const base of bundleIdx) {
    const gains: Candidate[] = [];
    const concessions: Candidate[] = [];
    for (const i of swappable) {
      const seen = new Set<number>([round.issueValues[i * nBundles + base]!]);
      for (const donor of bundleIdx) {
        const value = round.issueValues[i * nBundles + donor]!;
        if (seen.has(value)) continue;
        seen.add(value);
        const changes = [{ issueIndex: i, value }];
        const total = screen(base, changes);
        const cand = { base, changes, donors: [donor], total };
        // A concession is what the buyer gives: no score gain for it, but cheaper for the vendor.
        if (total - ctx.totals[base]! > MIN_GAIN) gains.push(cand);
        else if ((revealed(changes[0]!, base) ?? 0) < 0) concessions.push(cand);
      }
    }
    // The two changes the vendor prices lowest are what the buyer can offer in return.
    concessions.sort((a, b) => revealed(a.changes[0]!, base)! - revealed(b.changes[0]!, base)!);
    for (const g of gains) {
      candidates.push(g);
      for (const c of concessions.slice(0, 2)) {
        if (c.changes[0]!.issueIndex === g.changes[0]!.issueIndex) continue;
        const changes = [c.changes[0]!, g.changes[0]!];
        const total = screen(base, changes);
        if (total - ctx.totals[base]! > MIN_GAIN) candidates.push({ base, changes, donors: [c.donors[0]!, g.donors[0]!], total });
      }
    }
  }
  candidates.sort((a, b) => b.total - ctx.totals[b.base]! - (a.total - ctx.totals[a.base]!) || a.base - b.base || a.changes.length - b.changes.length);

  const out: CounterPackage[] = [];
  for (const cand of candidates) {
    if (out.length >= MAX_SUGGESTIONS_PER_VENDOR) break;
    if (isExistingBundle(round, cand, bundleIdx)) continue;
    const issueValue = (i: number) => cand.changes.find((ch) => ch.issueIndex === i)?.value ?? round.issueValues[i * nBundles + cand.base]!;
    // The screen was approximate; what is reported comes from the exact re-scoring.
    const scored = scoreChangedBundle(round, price, cand.base, cand.changes);
    if (!(scored.total - ctx.totals[cand.base]! > MIN_GAIN)) continue;
    const failures = gateFailures(ctx.gates, issueValue, (c) => scored.raw[c]!, round.bundles[cand.base]!.clauses, price);
    if (failures !== null) continue;
    out.push(describePackage(ctx, vendorIndex, cand, scored.evaluatedPrice, scored.total, revealed, slopeByIssue));
  }
  return out;
}

/**
 * Approximate total of bundle b with `changes`, from the round's scores plus the change on the
 * criteria those issues feed: enough to rank candidates cheaply (a 500-vendor round screens
 * tens of thousands); the few that are reported are re-scored exactly.
 */
function screener(ctx: MesoContext): (b: number, changes: readonly IssueChange[]) => number {
  const { round, scores, totals, price } = ctx;
  const { nBundles, criteria, weights } = round;
  const byIssue: number[][] = Array.from({ length: round.nIssues }, () => []);
  for (const c of criteria) if (c.issueIndex >= 0 && weights[c.index]! !== 0) byIssue[c.issueIndex]!.push(c.index);
  const priced = new Set(round.input.settings.evaluatedPrice.terms.map((t) => round.issueIndexById.get(t.issueId)));
  const pc = round.priceCriterion;
  const scale = round.weightSum > 0 ? 100 / round.weightSum : 0;
  return (b, changes) => {
    let delta = 0;
    let repriced = false;
    for (const ch of changes) {
      for (const c of byIssue[ch.issueIndex]!) delta += weights[c]! * (normalisedScore(criteria[c]!, ch.value, price) - scores[c * nBundles + b]!);
      if (priced.has(ch.issueIndex)) repriced = true;
    }
    if (repriced && pc >= 0) {
      const p = packageEvaluatedPrice(round, b, changes);
      delta += weights[pc]! * (normalisedScore(criteria[pc]!, p, price) - scores[pc * nBundles + b]!);
    }
    return totals[b]! + delta * scale;
  };
}

/** A "package" equal to one of the vendor's bundles in every value is not a new proposal. */
function isExistingBundle(round: CompiledRound, cand: Candidate, bundleIdx: readonly number[]): boolean {
  return bundleIdx.some((other) =>
    round.input.issues.every((issue, i) => {
      const mine = cand.changes.find((ch) => ch.issueIndex === i)?.value ?? round.issueValues[i * round.nBundles + cand.base]!;
      if (issue.kind === "text") return round.bundles[cand.base]!.values[issue.id] === round.bundles[other]!.values[issue.id];
      return mine === round.issueValues[i * round.nBundles + other]!;
    }),
  );
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

function describePackage(
  ctx: MesoContext,
  vendorIndex: number,
  cand: Candidate,
  evaluatedPrice: number,
  total: number,
  revealed: (ch: IssueChange, base: number) => number | null,
  slopeByIssue: ReadonlyMap<number, TradeOff>,
): CounterPackage {
  const { round } = ctx;
  const { input } = round;
  const slotOf = (b: number) => input.bundleSlots[round.slotOfBundle[b]!]!;
  const money = (m: number) => formatMoney(m, input.currency, input.minorUnitsPerMajor);
  const values: Record<string, number | string> = { ...round.bundles[cand.base]!.values };
  let revealedSum: number | null = 0;
  let method: EstimateMethod = "pairwise-difference";
  const changes = cand.changes.map((ch, k): PackageChange => {
    const issue = input.issues[ch.issueIndex]!;
    const donor = cand.donors[k]!;
    const value = round.bundles[donor]!.values[issue.id]!;
    values[issue.id] = value;
    const r = revealed(ch, cand.base);
    if (r === null) revealedSum = null;
    else if (revealedSum !== null) revealedSum += r;
    if (r !== null && slopeByIssue.get(ch.issueIndex)?.method === "least-squares") method = "least-squares";
    const valueLabel = issue.kind === "choice" ? (issue.options[ch.value]?.label ?? String(value)) : `${formatNumber(ch.value)}${issue.kind === "number" ? ` ${issue.unit}` : ""}`;
    return { issueId: issue.id, fromSlotId: slotOf(donor).id, value, valueLabel, revealedPriceMinor: r === null ? null : Math.round(r) };
  });
  const competitor = competitorOf(ctx, vendorIndex);
  const breakEven = breakEvenPrice(round, ctx.price, total, evaluatedPrice, competitor.total);
  const revealedPriceMinor = revealedSum === null ? null : Math.round(revealedSum);
  const likelyAskMinor = revealedPriceMinor === null ? null : Math.max(0, evaluatedPrice + revealedPriceMinor);
  const buyerLimit = Math.min(input.buyer.reservationPriceMinor, breakEven.kind === "price" ? breakEven.priceMinor : breakEven.kind === "any-price" ? Number.POSITIVE_INFINITY : -1);
  const zoneOfAgreement = breakEven.kind === "unreachable" ? "unlikely" : likelyAskMinor === null ? "unknown" : likelyAskMinor <= buyerLimit ? "likely" : "unlikely";

  const base = slotOf(cand.base);
  const phrase = (ch: PackageChange) => {
    const issue = input.issues.find((x) => x.id === ch.issueId)!;
    const from = input.bundleSlots.find((s) => s.id === ch.fromSlotId)!;
    return `${issue.name} ${ch.valueLabel} (as in your ${from.name} bundle)`;
  };
  const [first, second] = changes;
  const ask =
    second && first && (first.revealedPriceMinor ?? 0) < 0
      ? `If we accept ${phrase(first)}, could you include ${phrase(second)} at your ${base.name} bundle's price (${money(evaluatedPrice)} evaluated)?`
      : `If we choose your ${base.name} bundle, could you include ${changes.map(phrase).join(" and ")} at the same price (${money(evaluatedPrice)} evaluated)?`;

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
    revealedPriceMethod: revealedPriceMinor === null ? null : method,
    likelyAskMinor,
    zoneOfAgreement,
    ask,
  };
}

