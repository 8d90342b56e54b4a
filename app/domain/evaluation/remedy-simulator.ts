/**
 * Remedy simulator: what a bundle's safeguards would actually have done, given observed
 * performance. Shows the buyer whether a remedy has teeth before the contract is signed.
 *
 * Model (documented because the numbers depend on it):
 * - A "period" is one measurement window of the clause, and `periodFeeMinor` is the fee for
 *   one such period. Periods 1..N are simulated, N = the highest observed period.
 * - A period without an observation of the clause's metric is not a breach: a breach must be
 *   shown by data. It also keeps a holdback release pending and breaks a consecutive run.
 * - Shortfall = how far the value lies on the wrong side of the target/threshold, rounded to
 *   9 decimals so that 99.9 − 99.5 is 0.4 and not 0.40000000000000568.
 * - Per-step credits count each step "or part thereof" (ceil): a breach of 0.05 pt with
 *   "5 % per 0.1 pt" costs 5 %; every breach must cost something.
 * - Money: percentages are taken to 4 decimals (parts per million of the fee) and every amount
 *   is floor(fee × ppm / 1,000,000), computed in BigInt so large fees do not lose precision.
 *   Flooring means a cap computed the same way can never be exceeded by rounding; the payer
 *   keeps less than one minor unit per clause per period.
 * - Caps, in order: the clause's cap (% of the period fee); all credits of a period together
 *   at most the period fee; all credits so far at most the contract's overall cap (% of the
 *   fees of periods 1..p). Credits are applied period by period, clauses in bundle order.
 * - A holdback withholds its % of every period's fee up to its release period (or every
 *   period if it has none); it is released at that period if its trigger was observed and
 *   not breached in every applicable period up to then, retained once any breach occurred,
 *   and pending otherwise.
 * - Only automatic, quantified remedies pay out; the others are reported as findings.
 */
import { makeFinding } from "./clause-check";
import { decimalOf, roundHalfAwayFromZero } from "./exact";
import {
  normaliseMetric,
  observationSchema,
  type BundleClauses,
  type ClauseFinding,
  type CreditAmount,
  type Observation,
  type Remedy,
} from "./clauses";

export type CreditPayout = {
  /** The service credit's id. */
  clauseId: string;
  /** The SLA or contingent clause whose breach triggered it. */
  triggerId: string;
  period: number;
  value: number;
  shortfall: number;
  /** % of the period fee before any cap. */
  percent: number;
  amountMinor: number;
  capped: boolean;
};

export type HoldbackOutcome = {
  clauseId: string;
  triggerId: string;
  withheld: { period: number; amountMinor: number }[];
  totalWithheldMinor: number;
  releasePeriod: number | null;
  status: "released" | "retained" | "pending";
  releasedMinor: number;
};

export type TerminationOutcome = {
  clauseId: string;
  triggerId: string;
  breachPeriods: number[];
  triggered: boolean;
  /** The period in which the right arose. */
  period: number | null;
};

export type RemedySimulation = {
  periodFeeMinor: number;
  periods: number[];
  credits: CreditPayout[];
  creditsByPeriod: { period: number; amountMinor: number }[];
  totalCreditsMinor: number;
  holdbacks: HoldbackOutcome[];
  terminations: TerminationOutcome[];
  findings: ClauseFinding[];
};

export class RemedySimulationError extends Error {
  constructor(
    readonly code: "INVALID_PERIOD_FEE" | "INVALID_OBSERVATION" | "DUPLICATE_OBSERVATION",
    message: string,
  ) {
    super(message);
    this.name = "RemedySimulationError";
  }
}

const round9 = (x: number): number => Math.round(x * 1e9) / 1e9;

/**
 * floor(feeMinor × periods × percent / 100) with percent taken to 4 decimals, rounded half away
 * from zero on the decimal (0.00145 % → 0.0015 %; `Math.round(0.00145 × 10 000)` gave 14 ppm, as
 * the product is 14.4999…). `round9` first drops a computed percent's binary noise (3 × 0.1).
 */
export function percentOfFeeMinor(feeMinor: number, percent: number, periods = 1): number {
  const x = round9(Math.min(Math.max(percent, 0), 100));
  // A whole number of ppm (2.5 %, 0.1 %) is exact as a double; otherwise round the decimal.
  const whole = x * 10_000;
  let ppm: bigint;
  if (Number.isInteger(whole)) ppm = BigInt(whole);
  else {
    const d = decimalOf(x);
    ppm = roundHalfAwayFromZero(d.digits * 10_000n, d.scale);
  }
  return Number((BigInt(feeMinor) * BigInt(periods) * ppm) / 1_000_000n);
}

export function creditPercentFor(amount: CreditAmount, shortfall: number): number | null {
  switch (amount.type) {
    case "fixed":
      return amount.percent;
    case "per_step":
      if (amount.percentPerStep === null || amount.step === null) return null;
      return Math.min(100, Math.ceil(round9(shortfall / amount.step)) * amount.percentPerStep);
    case "bands":
      return amount.bands.reduce((best, b) => (shortfall + 1e-9 >= b.minShortfall ? Math.max(best, b.percent) : best), 0);
  }
}

type Trigger = {
  id: string;
  metric: string;
  /** null when the period does not apply; else the shortfall (> 0 or, for ≤/≥, ≥ 0) on breach. */
  breach: (value: number, period: number) => number | null;
  applies: (period: number) => boolean;
  remedies: Remedy[];
};

/** Turns SLAs and contingent clauses into measurable triggers, or findings saying why not. */
function buildTriggers(clauses: BundleClauses, findings: ClauseFinding[]): Trigger[] {
  const triggers: Trigger[] = [];
  const unmeasurable = (id: string, parts: { metric: string | null; value: number | null; comparison: unknown; window: unknown }): boolean => {
    const why = "so its remedies cannot be simulated.";
    const fix = "State metric, comparison, number and window, e.g. \"Uptime ≥ 99.9 % per calendar month\".";
    const before = findings.length;
    if (normaliseMetric(parts.metric) === "") findings.push(makeFinding("NO_METRIC", id, `Clause ${id} names no metric, ${why}`, fix));
    if (parts.comparison === null) findings.push(makeFinding("NO_COMPARISON", id, `Clause ${id} says no direction, ${why}`, fix));
    if (parts.value === null) findings.push(makeFinding("NO_THRESHOLD", id, `Clause ${id} has no numeric threshold, ${why}`, fix));
    if (parts.window === null) findings.push(makeFinding("NO_WINDOW", id, `Clause ${id} has no measurement window, ${why}`, fix));
    return findings.length > before;
  };
  const simulable = (r: Remedy) => r.kind !== "transition_assistance";

  for (const sla of clauses.slas) {
    const remedies = sla.remedies.filter(simulable);
    if (remedies.length === 0) continue;
    if (unmeasurable(sla.id, { metric: sla.metric, value: sla.target, comparison: sla.direction, window: sla.window })) continue;
    const target = sla.target as number;
    const higher = sla.direction === "higher_is_better";
    triggers.push({
      id: sla.id,
      metric: normaliseMetric(sla.metric),
      breach: (v) => (higher ? (v < target ? round9(target - v) : null) : v > target ? round9(v - target) : null),
      applies: () => true,
      remedies,
    });
  }
  for (const cc of clauses.contingentClauses) {
    if (cc.remedy === null || !simulable(cc.remedy)) continue;
    if (unmeasurable(cc.id, { metric: cc.metric, value: cc.threshold, comparison: cc.comparison, window: cc.window })) continue;
    const t = cc.threshold as number;
    const hit = { lt: (v: number) => v < t, lte: (v: number) => v <= t, gt: (v: number) => v > t, gte: (v: number) => v >= t }[cc.comparison ?? "lt"];
    const periods = cc.periods ? new Set(cc.periods) : null;
    triggers.push({
      id: cc.id,
      metric: normaliseMetric(cc.metric),
      breach: (v) => (hit(v) ? round9(Math.abs(v - t)) : null),
      applies: (p) => periods === null || periods.has(p),
      remedies: [cc.remedy],
    });
  }
  return triggers;
}

function indexObservations(observations: Observation[]): Map<string, Map<number, number>> {
  const byMetric = new Map<string, Map<number, number>>();
  for (const raw of observations) {
    const parsed = observationSchema.safeParse(raw);
    if (!parsed.success) throw new RemedySimulationError("INVALID_OBSERVATION", `Invalid observation: ${parsed.error.message}`);
    const o = parsed.data;
    const key = normaliseMetric(o.metric);
    const series = byMetric.get(key) ?? new Map<number, number>();
    if (series.has(o.period))
      throw new RemedySimulationError("DUPLICATE_OBSERVATION", `Two observations of ${o.metric} for period ${o.period}.`);
    series.set(o.period, o.value);
    byMetric.set(key, series);
  }
  return byMetric;
}

export function simulateRemedies(clauses: BundleClauses, observations: Observation[], periodFeeMinor: number): RemedySimulation {
  if (!Number.isSafeInteger(periodFeeMinor) || periodFeeMinor < 0)
    throw new RemedySimulationError("INVALID_PERIOD_FEE", "The period fee must be a non-negative integer number of minor units.");
  const findings: ClauseFinding[] = [];
  const byMetric = indexObservations(observations);
  const horizon = observations.reduce((max, o) => Math.max(max, o.period), 0);
  const periods = Array.from({ length: horizon }, (_, i) => i + 1);

  // Per trigger: breach shortfall per period (null = met or not applicable, undefined = no data).
  const measured = buildTriggers(clauses, findings).flatMap((trigger) => {
    const series = byMetric.get(trigger.metric);
    if (!series) {
      findings.push(makeFinding("NO_OBSERVATIONS", trigger.id, `No observations of "${trigger.metric}", so clause ${trigger.id} was not simulated.`, "Record the metric for every period from the named verification source."));
      return [];
    }
    const shortfalls = new Map<number, number | null | undefined>();
    for (const p of periods) {
      const v = series.get(p);
      shortfalls.set(p, !trigger.applies(p) ? null : v === undefined ? undefined : trigger.breach(v, p));
    }
    return [{ trigger, series, shortfalls }];
  });

  const credits: CreditPayout[] = [];
  const creditsByPeriod: { period: number; amountMinor: number }[] = [];
  const overallCap = clauses.contractTerms.creditCapPercentOfTotalFees;
  let totalCreditsMinor = 0;
  for (const p of periods) {
    let periodTotal = 0;
    for (const { trigger, series, shortfalls } of measured) {
      const shortfall = shortfalls.get(p);
      if (shortfall === null || shortfall === undefined) continue;
      for (const r of trigger.remedies) {
        if (r.kind !== "service_credit" || r.automatic !== true || r.amount === null) continue;
        const percent = creditPercentFor(r.amount, shortfall);
        if (percent === null) continue;
        const uncapped = percentOfFeeMinor(periodFeeMinor, percent);
        const overallLeft = overallCap === null ? Infinity : percentOfFeeMinor(periodFeeMinor, overallCap, p) - totalCreditsMinor;
        const amountMinor = Math.max(0, Math.min(
          percentOfFeeMinor(periodFeeMinor, Math.min(percent, r.capPercentOfPeriodFee ?? 100)),
          periodFeeMinor - periodTotal,
          overallLeft,
        ));
        periodTotal += amountMinor;
        totalCreditsMinor += amountMinor;
        credits.push({ clauseId: r.id, triggerId: trigger.id, period: p, value: series.get(p) as number, shortfall, percent, amountMinor, capped: amountMinor < uncapped });
      }
    }
    creditsByPeriod.push({ period: p, amountMinor: periodTotal });
  }

  const holdbacks: HoldbackOutcome[] = [];
  const terminations: TerminationOutcome[] = [];
  for (const { trigger, shortfalls } of measured) {
    const breachPeriods = periods.filter((p) => typeof shortfalls.get(p) === "number");
    for (const r of trigger.remedies) {
      if (r.kind === "service_credit") {
        if (r.automatic !== true)
          findings.push(makeFinding("REMEDY_NOT_AUTOMATIC", r.id, `Service credit ${r.id} must be claimed, so nothing is paid automatically.`, "Apply the credit automatically to the next invoice."));
        if (r.amount === null || creditPercentFor(r.amount, 0) === null)
          findings.push(makeFinding("REMEDY_WITHOUT_AMOUNT", r.id, `Service credit ${r.id} states no amount, so it pays nothing.`, "State the credit as a % of the period fee, fixed or per step of shortfall."));
      } else if (r.kind === "holdback") {
        holdbacks.push(simulateHoldback(r, trigger.id, periods, shortfalls, periodFeeMinor, findings));
      } else if (r.kind === "termination_right") {
        if (r.breachesToTrigger === null) {
          findings.push(makeFinding("NO_THRESHOLD", r.id, `Termination right ${r.id} does not say how many breaches trigger it.`, "E.g. \"if the SLA is breached in 3 consecutive months\"."));
          continue;
        }
        let run = 0;
        let period: number | null = null;
        for (const p of periods) {
          const breached = typeof shortfalls.get(p) === "number";
          run = breached ? run + 1 : r.consecutive ? 0 : run;
          if (period === null && run >= r.breachesToTrigger) period = p;
        }
        terminations.push({ clauseId: r.id, triggerId: trigger.id, breachPeriods, triggered: period !== null, period });
      }
    }
  }
  return { periodFeeMinor, periods, credits, creditsByPeriod, totalCreditsMinor, holdbacks, terminations, findings };
}

function simulateHoldback(
  r: Extract<Remedy, { kind: "holdback" }>,
  triggerId: string,
  periods: number[],
  shortfalls: Map<number, number | null | undefined>,
  feeMinor: number,
  findings: ClauseFinding[],
): HoldbackOutcome {
  if (r.percentOfFees === null)
    findings.push(makeFinding("REMEDY_WITHOUT_AMOUNT", r.id, `Holdback ${r.id} states no % of fees, so nothing is withheld.`, "Withhold e.g. 10 % of each period's fee."));
  if (r.releaseAfterPeriod === null)
    findings.push(r.releaseCondition
      ? makeFinding("RELEASE_NOT_MEASURABLE", r.id, `Holdback ${r.id} is released on a condition the simulation cannot evaluate.`, "Add a release date: \"released after month 6 if every SLA was met\".")
      : makeFinding("HOLDBACK_WITHOUT_RELEASE", r.id, `Holdback ${r.id} is never released.`, "Add a release condition and date."));
  const release = r.releaseAfterPeriod;
  const perPeriod = r.percentOfFees === null ? 0 : percentOfFeeMinor(feeMinor, r.percentOfFees);
  const withheld = periods.filter((p) => release === null || p <= release).map((period) => ({ period, amountMinor: perPeriod }));
  const totalWithheldMinor = withheld.reduce((sum, w) => sum + w.amountMinor, 0);
  const upTo = periods.filter((p) => release === null || p <= release);
  // Without a release period the release cannot be decided, whatever happened.
  const status: HoldbackOutcome["status"] =
    release === null ? "pending"
    : upTo.some((p) => typeof shortfalls.get(p) === "number") ? "retained"
    : release <= periods.length && upTo.every((p) => shortfalls.get(p) !== undefined) ? "released"
    : "pending";
  return { clauseId: r.id, triggerId, withheld, totalWithheldMinor, releasePeriod: release, status, releasedMinor: status === "released" ? totalWithheldMinor : 0 };
}
