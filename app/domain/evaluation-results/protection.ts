/**
 * The protection figure: what a bundle's remedies pay or withhold under one standard breach
 * scenario, so bundles compare on how well the contract protects the buyer, not only on price.
 * See decision 011.
 *
 * Standard scenario: every SLA (and every contingent clause with a threshold) is missed by
 * 10 % of its target for `periods` (3) consecutive periods, starting at period 1:
 * - higher is better (SLA) or "triggers below" (contingent lt/lte): value = target − 10 % × |target|;
 * - lower is better (SLA) or "triggers above" (contingent gt/gte): value = target + 10 % × |target|.
 *   (|target|, so a negative target is missed on the right side too.) Values are rounded to
 *   9 decimals, as the simulator rounds shortfalls, so 98 × 0.9 is 88.2.
 * - A target (threshold) of 0 cannot be missed by 10 % of itself, and any other miss size
 *   would depend on the unit (1 incident? 1 %?), so such a clause is left out of the scenario
 *   and listed in `notExercised`; the same rule for every bundle keeps figures comparable.
 * - Clauses missing a metric, direction or target are left out (the clause check reports them).
 * - One observation per metric and period (the simulator's rule): when two clauses share a
 *   metric, the first in bundle order (SLAs, then contingent clauses) sets the value, and the
 *   others are measured against it (they may or may not be breached); the rest are listed.
 *
 * Money comes from the engine's `simulateRemedies` (integers in minor units, floored, every
 * cap applied). `creditsMinor` = all service credits over the scenario; `withheldMinor` = the
 * holdbacks *retained* because of the breaches (a holdback still pending, e.g. without a
 * release date, is money withheld whatever happens, so it is described but not counted).
 */
import type { BundleClauses, Observation } from "../evaluation/clauses";
import { normaliseMetric } from "../evaluation/clauses";
import { formatMoney, formatNumber } from "../evaluation/format";
import { simulateRemedies, type RemedySimulation } from "../evaluation/remedy-simulator";
import type { RoundInput } from "../evaluation/schema";

export const STANDARD_MISS = 0.1;
export const STANDARD_PERIODS = 3;

const round9 = (x: number): number => Math.round(x * 1e9) / 1e9;

export interface NotExercised {
  clauseId: string;
  reason: string;
}

/** The value that misses `target` by 10 % of it on the wrong side, or null for a zero target. */
function missedValue(target: number, worseIsLower: boolean): number | null {
  if (target === 0) return null;
  const miss = Math.abs(target) * STANDARD_MISS;
  return round9(worseIsLower ? target - miss : target + miss);
}

function plan(clauses: BundleClauses): { values: Map<string, { metric: string; value: number }>; notExercised: NotExercised[] } {
  const values = new Map<string, { metric: string; value: number }>();
  const notExercised: NotExercised[] = [];
  const add = (id: string, metric: string | null, target: number | null, worseIsLower: boolean | null) => {
    const key = normaliseMetric(metric);
    if (key === "" || target === null || worseIsLower === null) {
      notExercised.push({ clauseId: id, reason: "it states no measurable metric, direction and target" });
      return;
    }
    const value = missedValue(target, worseIsLower);
    if (value === null) {
      notExercised.push({ clauseId: id, reason: "its target is 0, which cannot be missed by 10 % of itself" });
      return;
    }
    const taken = values.get(key);
    if (taken) {
      notExercised.push({ clauseId: id, reason: `its metric "${key}" is already set to ${formatNumber(taken.value)} by another clause` });
      return;
    }
    values.set(key, { metric: metric!.trim(), value });
  };
  for (const sla of clauses.slas) add(sla.id, sla.metric, sla.target, sla.direction === null ? null : sla.direction === "higher_is_better");
  for (const cc of clauses.contingentClauses) {
    add(cc.id, cc.metric, cc.threshold, cc.comparison === null ? null : cc.comparison === "lt" || cc.comparison === "lte");
  }
  return { values, notExercised };
}

/** Every SLA and contingent clause missed by 10 % of its target in periods 1..`periods`. */
export function standardScenario(clauses: BundleClauses, periods = STANDARD_PERIODS): Observation[] {
  const { values } = plan(clauses);
  const out: Observation[] = [];
  for (const { metric, value } of values.values()) {
    for (let period = 1; period <= periods; period++) out.push({ metric, period, value });
  }
  return out;
}

export interface ProtectionFigure {
  /** Service credits paid over the scenario, after every cap. */
  creditsMinor: number;
  /** Holdbacks retained because of the breaches. */
  withheldMinor: number;
  totalMinor: number;
  periods: number;
  description: string;
  /** Clauses the scenario could not exercise, and why. */
  notExercised: NotExercised[];
  /** The engine's full simulation, for a breakdown per clause and period. */
  simulation: RemedySimulation;
}

export interface ProtectionOptions {
  periods?: number;
  /** With a currency, the description states the amounts. */
  currency?: string;
  minorUnitsPerMajor?: number;
}

/**
 * The protection figure of one bundle for a period fee in minor units. Throws the simulator's
 * `RemedySimulationError` (code INVALID_PERIOD_FEE) for a fee that is not a non-negative
 * safe integer.
 */
export function protectionFigure(clauses: BundleClauses, periodFeeMinor: number, options: ProtectionOptions = {}): ProtectionFigure {
  const periods = options.periods ?? STANDARD_PERIODS;
  const { notExercised } = plan(clauses);
  const simulation = simulateRemedies(clauses, standardScenario(clauses, periods), periodFeeMinor);
  const retained = simulation.holdbacks.filter((h) => h.status === "retained");
  const pending = simulation.holdbacks.filter((h) => h.status === "pending");
  const creditsMinor = simulation.totalCreditsMinor;
  const withheldMinor = retained.reduce((s, h) => s + h.totalWithheldMinor, 0);
  const totalMinor = creditsMinor + withheldMinor;

  const money = (m: number) => (options.currency ? formatMoney(m, options.currency, options.minorUnitsPerMajor ?? 100) : `${m} minor units`);
  const creditClauses = new Set(simulation.credits.filter((c) => c.amountMinor > 0).map((c) => c.clauseId));
  const anyCapped = simulation.credits.some((c) => c.capped);
  const terminations = simulation.terminations.filter((t) => t.triggered);
  const parts = [
    `Every SLA missed by 10 % of its target for ${periods} consecutive period${periods === 1 ? "" : "s"}` +
      (options.currency ? ` at a period fee of ${money(periodFeeMinor)}` : "") + ":",
    creditClauses.size === 0
      ? "no automatic service credit pays."
      : `service credits of ${money(creditsMinor)} from ${creditClauses.size} clause${creditClauses.size === 1 ? "" : "s"}${anyCapped ? " (after caps)" : ""};`,
  ];
  if (creditClauses.size > 0 || retained.length > 0) {
    parts.push(retained.length === 0 ? "no holdback retained." : `${retained.length} holdback${retained.length === 1 ? "" : "s"} retained, ${money(withheldMinor)}.`);
  }
  if (pending.length > 0) parts.push(`${pending.length} holdback${pending.length === 1 ? "" : "s"} withheld without a release the scenario can decide (not counted).`);
  if (terminations.length > 0) parts.push(`A termination right arises (${terminations.map((t) => `${t.clauseId} in period ${t.period}`).join(", ")}).`);
  if (notExercised.length > 0) parts.push(`Not exercised: ${notExercised.map((n) => `${n.clauseId} (${n.reason})`).join("; ")}.`);
  return { creditsMinor, withheldMinor, totalMinor, periods, description: parts.join(" "), notExercised, simulation };
}

export type PeriodFeeSource =
  | { feeMinor: number; issueId: string; source: "simulation-setting" | "monthly-issue" }
  | { feeMinor: null; reason: string };

const MONTHLY = /monthly|per[\s_-]?month/i;

/**
 * Where one bundle's period fee comes from: `input.simulation.periodFeeIssueId` when the round
 * sets it, else the first money issue whose id or name says monthly ("monthlyFee", "Monthly
 * fee", "fee per month"; the field-services template's `monthlyFee`). SLAs are measured per
 * month in the templates, so a month's fee is one period's. Null with the reason otherwise.
 */
export function periodFeeSource(input: Pick<RoundInput, "issues" | "vendors" | "simulation">, vendorId: string, slotId: string): PeriodFeeSource {
  const bundle = input.vendors.find((v) => v.id === vendorId)?.bundles.find((b) => b.slotId === slotId);
  if (!bundle) return { feeMinor: null, reason: `no bundle ${slotId} of vendor ${vendorId}` };
  const configured = input.simulation?.periodFeeIssueId;
  const issue = configured !== undefined
    ? input.issues.find((i) => i.id === configured)
    : input.issues.find((i) => i.kind === "money" && (MONTHLY.test(i.id) || MONTHLY.test(i.name)));
  if (!issue) {
    return { feeMinor: null, reason: configured !== undefined ? `the period-fee issue ${configured} is not on the term sheet` : "no money issue is a monthly fee, and the round names no period-fee issue" };
  }
  // Own keys only: an issue id such as "constructor" must not read Object.prototype.
  const value = Object.hasOwn(bundle.values, issue.id) ? bundle.values[issue.id] : undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    return { feeMinor: null, reason: `the bundle's ${issue.name} is not an amount in minor units` };
  }
  return { feeMinor: value, issueId: issue.id, source: configured !== undefined ? "simulation-setting" : "monthly-issue" };
}

/** The fee of one period for a bundle, or null (see `periodFeeSource` for why). */
export function periodFeeOf(input: Pick<RoundInput, "issues" | "vendors" | "simulation">, vendorId: string, slotId: string): number | null {
  return periodFeeSource(input, vendorId, slotId).feeMinor;
}

export type BundleProtection = { ok: true; figure: ProtectionFigure; periodFeeMinor: number } | { ok: false; reason: string };

/** Period fee + protection figure of one bundle of a round, or why it is not computable. */
export function bundleProtection(input: Pick<RoundInput, "issues" | "vendors" | "simulation" | "currency" | "minorUnitsPerMajor">, vendorId: string, slotId: string, periods = STANDARD_PERIODS): BundleProtection {
  const fee = periodFeeSource(input, vendorId, slotId);
  if (fee.feeMinor === null) return { ok: false, reason: fee.reason };
  const bundle = input.vendors.find((v) => v.id === vendorId)!.bundles.find((b) => b.slotId === slotId)!;
  const figure = protectionFigure(bundle.clauses, fee.feeMinor, { periods, currency: input.currency, minorUnitsPerMajor: input.minorUnitsPerMajor });
  return { ok: true, figure, periodFeeMinor: fee.feeMinor };
}
