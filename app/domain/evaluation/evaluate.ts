/**
 * The orchestrator: a validated round in, one plain-data evaluation out. Order matters:
 * consensus → gates → lowest price among gate-passing bundles → scores → ranking, because the
 * relative price formulas compare a bundle only with the bids that can win.
 */
import { checkClauses, prepareRequirements, type PreparedRequirements } from "./clause-check";
import type { ClauseFinding } from "./clauses";
import { compileRound, issueNumeric, type CompiledRound } from "./compile";
import { describeConsensus, prepareMargin, spreadExceeds, type Margin } from "./consensus";
import { describeEvaluatedPrice, describeMethods, type CriterionMethod } from "./describe";
import { compileGates, gateFailures, type GateBook, type GateFailure } from "./gates";
import { mesoInsights, type VendorMesoInsight } from "./meso-insight";
import { computeEvaluatedPrice, isRelativeFormula, ownValue, priceScore, type PriceContext } from "./price";
import { beatsTotal, describeTieBreak, nameKey, rankBundles, totalKey, type RankingBasis } from "./ranking";
import { simulateRoundRemedies, type RemedyRunReport } from "./remedies";
import type { RoundInput } from "./schema";
import { criterionPoints, normalisedScore, scoreColumns, scoreRawRow, weightedTotals } from "./scoring";
import { findRankReversals, vendorSensitivity, type SensitivityCore } from "./sensitivity";

export interface BundleRef {
  vendorId: string;
  slotId: string;
}

export interface CriterionScore {
  criterionId: string;
  /** What was scored: evaluated price, issue value (option id for choices), or consensus 0–10. */
  raw: number | string;
  normalised: number;
  weight: number;
  points: number;
}

export interface JudgedDetail {
  criterionId: string;
  evaluatorCount: number;
  mean: number;
  median: number;
  consensus: number;
  spread: number;
  spreadFlagged: boolean;
  moderationReason: string | null;
}

export interface BundleEvaluation extends BundleRef {
  vendorName: string;
  slotName: string;
  evaluatedPriceMinor: number;
  total: number;
  criteria: CriterionScore[];
  judged: JudgedDetail[];
  passesGates: boolean;
  gateFailures: GateFailure[];
  /** 1-based place in the ranking; null when a gate failed. */
  rank: number | null;
  bestOfVendor: boolean;
  beatsBatna: boolean;
  exceedsReservation: boolean;
  clauseFindings: ClauseFinding[];
  clauseErrors: number;
  clauseWarnings: number;
}

export interface SensitivityReport extends SensitivityCore {
  leader: BundleRef & { total: number };
  /** The best bundle of another vendor (the award goes to a vendor). */
  runnerUp: BundleRef & { total: number };
  /** Leader's lead over the runner-up in points. */
  margin: number;
  /** How many other vendors have a ranked bundle (every one is checked, not only the runner-up). */
  competingVendors?: number;
}

export interface RankReversalReport {
  applicable: boolean;
  /**
   * Pairs of vendors that change places when the vendor holding the lowest price withdraws its
   * whole bid: `removed` is that vendor's lowest-price bundle, `wasAhead` / `nowAhead` the two
   * vendors' best bundles (before / after). At most 1000 are listed; `reversalCount` counts all.
   */
  reversals: { removed: BundleRef; removedVendorId?: string; wasAhead: BundleRef; nowAhead: BundleRef }[];
  /** Added in pareto-engine 2.0. */
  reversalCount?: number;
  summary: string;
}

export interface RoundEvaluation {
  rfpId: string;
  currency: string;
  minorUnitsPerMajor: number;
  methods: CriterionMethod[];
  evaluatedPriceDescription: string;
  consensusDescription: string;
  tieBreakDescription: string;
  /** Pmin of the relative price formulas: lowest evaluated price among gate-passing bundles (all bundles if none pass). */
  lowestPriceMinor: number;
  bundles: BundleEvaluation[];
  ranking: (BundleRef & { rank: number; total: number; evaluatedPriceMinor: number; beatsBatna: boolean; exceedsReservation: boolean; clauseErrors: number })[];
  gateFailures: (BundleRef & { failures: GateFailure[] })[];
  bestPerVendor: (BundleRef & { rank: number; total: number })[];
  batna: { label: string; total: number; evaluatedPriceMinor: number; criteria: CriterionScore[] };
  reservationPriceMinor: number;
  spreadFlags: (BundleRef & { criterionId: string; spread: number })[];
  /** null when fewer than two vendors have a ranked bundle (see `sensitivityNote`). */
  sensitivity: SensitivityReport | null;
  /** One sentence on the sensitivity: the verdict, or why there is none (e.g. no competing vendor). */
  sensitivityNote?: string;
  rankReversal: RankReversalReport;
  meso: VendorMesoInsight[];
  remedySimulations: RemedyRunReport[];
}

/** Everything the scoring and ranking pass produces, in index form. */
export interface ScoredRound {
  round: CompiledRound;
  price: PriceContext;
  gates: GateBook;
  failures: (GateFailure[] | null)[];
  scores: Float64Array;
  totals: Float64Array;
  basis: RankingBasis;
  /** Gate-passing bundles, best first. */
  order: number[];
}

function bundleRef(basis: RankingBasis, b: number): BundleRef {
  return { vendorId: basis.vendorIds[b]!, slotId: basis.slotIds[b]! };
}

/** Scoring + ranking only (no clause check, sensitivity or MESO): the hot path. */
export function scoreAndRank(input: RoundInput): ScoredRound {
  const round = compileRound(input);
  const { nBundles } = round;
  const gates = compileGates(round);
  // Gates never read the price score (the schema forbids a price criterion-min gate), so any
  // context will do here; the real one needs the gate results first.
  const provisional: PriceContext = { formula: input.settings.priceFormula, lowestPrice: 0 };
  const failures: (GateFailure[] | null)[] = new Array<GateFailure[] | null>(nBundles);
  let lowest = Number.POSITIVE_INFINITY;
  let lowestAny = Number.POSITIVE_INFINITY;
  // The gate check's readers, made once and pointed at each bundle in turn (not two closures a bundle).
  const probe = { b: 0 };
  const issueValue = (i: number) => round.issueValues[i * nBundles + probe.b]!;
  const rawValue = (c: number) => round.raw[c * nBundles + probe.b]!;
  for (let b = 0; b < nBundles; b++) {
    probe.b = b;
    const f = gates.gates.length === 0 ? null : gateFailures(gates, issueValue, rawValue, round.bundles[b]!.clauses, provisional, b);
    failures[b] = f;
    const p = round.evaluatedPrice[b]!;
    if (p < lowestAny) lowestAny = p;
    if (f === null && p < lowest) lowest = p;
  }
  // With every bundle failed there is no ranking, but scores are still shown: use all bids.
  const lowestPrice = Number.isFinite(lowest) ? lowest : Number.isFinite(lowestAny) ? lowestAny : 0;
  const price: PriceContext = { formula: input.settings.priceFormula, lowestPrice };

  const scores = new Float64Array(round.nCriteria * nBundles);
  scoreColumns(round.criteria, round.raw, nBundles, price, scores);
  const totals = new Float64Array(nBundles);
  weightedTotals(scores, round.weights, nBundles, totals);

  const vendorIds = new Array<string>(nBundles);
  const slotIds = new Array<string>(nBundles);
  const vendorNames = new Array<string>(nBundles);
  const vendorNameKeys = new Array<string>(nBundles);
  const keyOfVendor = input.vendors.map((v) => nameKey(v.name));
  const eligible: number[] = [];
  for (let b = 0; b < nBundles; b++) {
    vendorIds[b] = input.vendors[round.vendorOfBundle[b]!]!.id;
    vendorNames[b] = input.vendors[round.vendorOfBundle[b]!]!.name;
    vendorNameKeys[b] = keyOfVendor[round.vendorOfBundle[b]!]!;
    slotIds[b] = input.bundleSlots[round.slotOfBundle[b]!]!.id;
    if (failures[b] === null) eligible.push(b);
  }
  const basis: RankingBasis = {
    nBundles,
    totals,
    evaluatedPrice: round.evaluatedPrice,
    scores,
    heaviestCriterion: round.heaviestCriterion,
    tieBreak: input.settings.tieBreak,
    vendorIds,
    slotIds,
    vendorNameKeys,
    vendorNames,
  };
  return { round, price, gates, failures, scores, totals, basis, order: rankBundles(basis, eligible) };
}

function scoreBatna(scored: ScoredRound): RoundEvaluation["batna"] {
  const { round, price } = scored;
  const { input } = round;
  const batna = input.buyer.batna;
  const evaluatedPrice = computeEvaluatedPrice(batna.values, input.settings.evaluatedPrice.terms);
  const raw = new Float64Array(round.nCriteria);
  for (const c of round.criteria) {
    if (c.kind === "price") raw[c.index] = evaluatedPrice;
    else if (c.kind === "judged") raw[c.index] = ownValue(batna.judgedScores, c.id) ?? 0;
    else raw[c.index] = issueNumeric(input.issues[c.issueIndex]!, ownValue(batna.values, input.issues[c.issueIndex]!.id));
  }
  const criteria = round.criteria.map((c): CriterionScore => {
    const normalised = normalisedScore(c, raw[c.index]!, price);
    const issue = input.issues[c.issueIndex];
    const rawValue = issue?.kind === "choice" ? String(ownValue(batna.values, issue.id) ?? "") : raw[c.index]!;
    return { criterionId: c.id, raw: rawValue, normalised, weight: c.weight, points: criterionPoints(c.weight, round.weightSum, normalised) };
  });
  return { label: batna.label, total: scoreRawRow(round.criteria, raw, round.weights, price), evaluatedPriceMinor: evaluatedPrice, criteria };
}

/** What every bundle's report needs from the round, looked up once rather than per bundle. */
interface ReportContext {
  readonly requirements: PreparedRequirements;
  /** Per criterion: the choice issue's id when the raw value is reported as the option id, else null. */
  readonly choiceIssueId: readonly (string | null)[];
  /** Per criterion: its id and weight. */
  readonly criterionIds: readonly string[];
  readonly weights: readonly number[];
  /** Per judged criterion (in judged order): its id. */
  readonly judgedIds: readonly string[];
  readonly batnaTotal: number;
  readonly spreadMargin: Margin;
}

function reportContext(round: CompiledRound, batnaTotal: number): ReportContext {
  const { input } = round;
  return {
    requirements: prepareRequirements(input.clauseRequirements),
    choiceIssueId: round.criteria.map((c) => {
      const issue = input.issues[c.issueIndex];
      return issue?.kind === "choice" ? issue.id : null;
    }),
    criterionIds: round.criteria.map((c) => c.id),
    weights: round.criteria.map((c) => c.weight),
    judgedIds: round.judgedCriteria.map((c) => round.criteria[c]!.id),
    batnaTotal,
    spreadMargin: prepareMargin(input.settings.spreadMargin),
  };
}

/**
 * One bundle's report. Its spread flags are appended to `spreadFlags` here, while the judged
 * figures are at hand, rather than by a second walk over 30 000 judged rows afterwards; bundles
 * are visited in index order, so the flags keep bundle-then-criterion order.
 */
function bundleEvaluation(
  scored: ScoredRound,
  b: number,
  rank: number | null,
  bestOfVendor: boolean,
  report: ReportContext,
  spreadFlags: RoundEvaluation["spreadFlags"],
): BundleEvaluation {
  const { round, totals } = scored;
  const { input } = round;
  const vendor = input.vendors[round.vendorOfBundle[b]!]!;
  const slot = input.bundleSlots[round.slotOfBundle[b]!]!;
  const bundle = round.bundles[b]!;
  const evaluatedPriceMinor = round.evaluatedPrice[b]!;
  const clauseFindings = checkClauses(bundle.clauses, report.requirements);
  let clauseErrors = 0;
  for (const f of clauseFindings) if (f.severity === "error") clauseErrors++;
  return {
    vendorId: vendor.id,
    slotId: slot.id,
    vendorName: vendor.name,
    slotName: slot.name,
    evaluatedPriceMinor,
    total: totals[b]!,
    criteria: criterionScores(scored, b, bundle.values, report),
    judged: judgedDetails(round, b, vendor.id, slot.id, report, spreadFlags),
    passesGates: scored.failures[b] === null,
    gateFailures: scored.failures[b] ?? [],
    rank,
    bestOfVendor,
    beatsBatna: beatsTotal(totals[b]!, report.batnaTotal),
    exceedsReservation: evaluatedPriceMinor > input.buyer.reservationPriceMinor,
    clauseFindings,
    clauseErrors,
    clauseWarnings: clauseFindings.length - clauseErrors,
  };
}

/** A bundle's score per criterion, in criterion order (60 000 rows a large round: nothing but the rows is allocated). */
function criterionScores(scored: ScoredRound, b: number, values: Readonly<Record<string, number | string>>, report: ReportContext): CriterionScore[] {
  const { round, scores } = scored;
  const { nBundles, nCriteria, weightSum } = round;
  const { criterionIds, weights, choiceIssueId } = report;
  const criteria: CriterionScore[] = [];
  for (let c = 0; c < nCriteria; c++) {
    const at = c * nBundles + b;
    const normalised = scores[at]!;
    const issueId = choiceIssueId[c];
    const raw = issueId != null ? String(ownValue(values, issueId) ?? "") : round.raw[at]!;
    criteria.push({ criterionId: criterionIds[c]!, raw, normalised, weight: weights[c]!, points: criterionPoints(weights[c]!, weightSum, normalised) });
  }
  return criteria;
}

/** A bundle's judged figures, in judged-criterion order; flagged spreads are appended to `spreadFlags`. */
function judgedDetails(round: CompiledRound, b: number, vendorId: string, slotId: string, report: ReportContext, spreadFlags: RoundEvaluation["spreadFlags"]): JudgedDetail[] {
  const { nBundles, consensus, moderationOfCell } = round;
  const { moderations } = round.input;
  const { judgedIds, spreadMargin } = report;
  const judged: JudgedDetail[] = [];
  for (let j = 0; j < judgedIds.length; j++) {
    const k = j * nBundles + b;
    const criterionId = judgedIds[j]!;
    const spread = consensus.spread[k]!;
    const spreadFlagged = spreadExceeds(consensus.spreadNum[k]!, consensus.spreadDen[k]!, spread, spreadMargin);
    if (spreadFlagged) spreadFlags.push({ vendorId, slotId, criterionId, spread });
    const moderation = moderationOfCell[k]!;
    judged.push({
      criterionId,
      evaluatorCount: consensus.count[k]!,
      mean: consensus.mean[k]!,
      median: consensus.median[k]!,
      consensus: consensus.value[k]!,
      spread,
      spreadFlagged,
      // A moderation is the consensus under every method, so its reason is reported wherever it applies.
      moderationReason: moderation >= 0 ? moderations[moderation]!.reason : null,
    });
  }
  return judged;
}

export function evaluateRound(input: RoundInput): RoundEvaluation {
  const scored = scoreAndRank(input);
  const { round, order, basis, scores, totals, price } = scored;
  const { nBundles } = round;

  const rankOf = new Int32Array(nBundles).fill(-1);
  order.forEach((b, i) => (rankOf[b] = i + 1));
  const bestOf = new Int32Array(input.vendors.length).fill(-1);
  for (const b of order) if (bestOf[round.vendorOfBundle[b]!] === -1) bestOf[round.vendorOfBundle[b]!] = b;

  const batna = scoreBatna(scored);
  const report = reportContext(round, batna.total);
  const bundles = new Array<BundleEvaluation>(nBundles);
  const spreadFlags: RoundEvaluation["spreadFlags"] = [];
  for (let b = 0; b < nBundles; b++) {
    const rank = rankOf[b]! > 0 ? rankOf[b]! : null;
    bundles[b] = bundleEvaluation(scored, b, rank, bestOf[round.vendorOfBundle[b]!] === b, report, spreadFlags);
  }

  const heaviest = input.criteria[round.heaviestCriterion]!;
  const sensitivity = sensitivityOf(scored);
  const meso = mesoInsights({ round, scores, totals, price, gates: scored.gates, order, batnaTotal: batna.total });

  return {
    rfpId: input.rfpId,
    currency: input.currency,
    minorUnitsPerMajor: input.minorUnitsPerMajor,
    methods: describeMethods(input),
    evaluatedPriceDescription: describeEvaluatedPrice(input),
    consensusDescription: describeConsensus(input.settings.consensus, input.settings.spreadMargin),
    tieBreakDescription: describeTieBreak(input.settings.tieBreak, heaviest.name, input.criteria.filter((c) => c.weight === heaviest.weight).map((c) => c.name)),
    lowestPriceMinor: price.lowestPrice,
    bundles,
    ranking: order.map((b) => {
      const e = bundles[b]!;
      return { vendorId: e.vendorId, slotId: e.slotId, rank: e.rank!, total: e.total, evaluatedPriceMinor: e.evaluatedPriceMinor, beatsBatna: e.beatsBatna, exceedsReservation: e.exceedsReservation, clauseErrors: e.clauseErrors };
    }),
    gateFailures: bundles.filter((e) => !e.passesGates).map((e) => ({ vendorId: e.vendorId, slotId: e.slotId, failures: e.gateFailures })),
    bestPerVendor: Array.from(bestOf)
      .filter((b) => b >= 0)
      .map((b) => ({ vendorId: basis.vendorIds[b]!, slotId: basis.slotIds[b]!, rank: rankOf[b]!, total: totals[b]! })),
    batna,
    reservationPriceMinor: input.buyer.reservationPriceMinor,
    spreadFlags,
    sensitivity,
    sensitivityNote: sensitivityNote(scored, sensitivity),
    rankReversal: rankReversalOf(scored),
    meso,
    remedySimulations: input.simulation ? simulateRoundRemedies(input) : [],
  };
}

/**
 * Leader versus runner-up, where the runner-up is the best bundle of ANOTHER vendor: the
 * award goes to a vendor, and the leader's own second bundle swapping with it changes nothing.
 * null when no other vendor has a ranked bundle (there is no competing vendor).
 */
export function pickContenders(scored: ScoredRound): [number, number] | null {
  const { order, round } = scored;
  const leader = order[0];
  if (leader === undefined) return null;
  const other = order.find((b) => round.vendorOfBundle[b] !== round.vendorOfBundle[leader]);
  return other === undefined ? null : [leader, other];
}

function sensitivityOf(scored: ScoredRound): SensitivityReport | null {
  const pair = pickContenders(scored);
  if (!pair) return null;
  const [L, R] = pair;
  const { round, basis, totals, order } = scored;
  const ref = (b: number): BundleRef => bundleRef(basis, b);
  const tied = totalKey(totals[L]!) === totalKey(totals[R]!);
  const core = vendorSensitivity(scored.scores, round.weights, round.criteria.map((c) => c.id), round.nBundles, order, round.vendorOfBundle, ref, tied);
  const vendors = new Set<number>();
  for (const b of order) if (round.vendorOfBundle[b] !== round.vendorOfBundle[L]) vendors.add(round.vendorOfBundle[b]!);
  return {
    ...core,
    leader: { ...ref(L), total: totals[L]! },
    runnerUp: { ...ref(R), total: totals[R]! },
    margin: tied ? 0 : totals[L]! - totals[R]!,
    competingVendors: vendors.size,
  };
}

function sensitivityNote(scored: ScoredRound, s: SensitivityReport | null): string {
  if (scored.order.length === 0) return "No bundle passes the gates, so there is no leader to test.";
  if (!s) return "Only one vendor has a ranked bundle: there is no competing vendor, so no change of the weights can change the award.";
  const by = s.mostSensitiveCriterionId === null ? null : s.swaps.find((w) => w.criterionId === s.mostSensitiveCriterionId)!;
  const change = by?.delta == null || !by.overtakenBy
    ? `no weight change within 0–100 on a single criterion lets another vendor take the lead`
    : `the smallest change is ${by.delta >= 0 ? "+" : "−"}${Math.abs(by.delta).toFixed(2)} weight points on ${by.criterionId}, where ${by.overtakenBy.vendorId}/${by.overtakenBy.slotId} takes the lead`;
  const tie = s.margin === 0 ? " The leader is tied on total with the runner-up and wins on the tie-break, so the award is fragile." : "";
  const n = s.competingVendors ?? 0;
  return `Checked against the best bundles of all ${n} other vendor${n === 1 ? "" : "s"}: ${change}; ${s.robustness}.${tie}`;
}

function rankReversalOf(scored: ScoredRound): RankReversalReport {
  const { round, basis, order, price } = scored;
  const pc = round.priceCriterion;
  if (pc < 0 || !isRelativeFormula(price.formula) || !(round.weights[pc]! > 0)) {
    return { applicable: false, reversals: [], reversalCount: 0, summary: "The price formula is absolute: withdrawing a bid cannot reorder the others." };
  }
  const found = findRankReversals(
    basis,
    order,
    { scoresAt: pc * round.nBundles, weight: round.weights[pc]!, weightSum: round.weightSum },
    (p, low) => priceScore(price.formula, p, low),
    round.vendorOfBundle,
  );
  const ref = (b: number): BundleRef => bundleRef(basis, b);
  const reversals = found.reversals.map((r) => ({ removed: ref(r.removed), removedVendorId: basis.vendorIds[r.removed]!, wasAhead: ref(r.before), nowAhead: ref(r.after) }));
  let summary: string;
  if (reversals.length === 0) summary = "The price formula is relative, but no vendor withdrawing its bid would reorder the others.";
  else {
    const pairs = reversals.slice(0, 20).map((r) => `${r.nowAhead.vendorId} ahead of ${r.wasAhead.vendorId}`);
    const more = found.count > pairs.length ? `, and ${found.count - pairs.length} more reordered pair${found.count - pairs.length === 1 ? "" : "s"}` : "";
    summary = `Withdrawing ${reversals[0]!.removedVendorId}'s bid (it holds the lowest price) would put ${pairs.join(", ")}${more}.`;
  }
  return { applicable: true, reversals, reversalCount: found.count, summary };
}
