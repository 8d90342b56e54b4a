// The awarded bundle as the winner's contract schedule, in contract terms: the commercial terms
// (every issue of the term sheet with the awarded value), each SLA as "Metric: at most 5 hours,
// measured per calendar month" with its remedies, then the contingent clauses and the contract
// terms. Each clause shows the fields its kind has, as label–value pairs, and no others (a
// renewal has a notice period, not a cap). Words only from the data; "not stated" where the bid
// left a field of that kind empty, so the schedule never invents a term.
import type { BundleClauses, Comparison, ContingentClause, CreditAmount, Direction, MeasurementWindow, Remedy, Sla } from "../evaluation/clauses";
import { formatMoney, formatNumber } from "../evaluation/format";
import type { Issue, IssueValue } from "../evaluation/schema";
import type { ContractSchedule, ContractScheduleClause, ContractScheduleSla, ScheduleFact } from "./types";

const NOT_STATED = "not stated";
const COMPARISON: Record<Comparison, string> = { lt: "falls below", lte: "is at or below", gt: "rises above", gte: "is at or above" };
const KIND_LABELS: Record<Remedy["kind"], string> = {
  service_credit: "Service credit",
  holdback: "Holdback",
  termination_right: "Termination right",
  transition_assistance: "Transition assistance",
};

/**
 * A measurement window as the contract names it: the engine's clause suggestions say "per
 * calendar month", so a month (and a quarter) is the calendar one, not any 30 days.
 */
const PERIOD: Record<MeasurementWindow, { one: string; many: string }> = {
  day: { one: "day", many: "days" },
  week: { one: "week", many: "weeks" },
  month: { one: "calendar month", many: "calendar months" },
  quarter: { one: "calendar quarter", many: "calendar quarters" },
  year: { one: "year", many: "years" },
};
/** The fee a credit or holdback is a share of: "the month's fee". */
const feeOf = (w: MeasurementWindow | null) => (w ? `the ${w}'s fee` : "the period's fee");
const aPeriod = (w: MeasurementWindow | null) => (w ? `a ${PERIOD[w].one}` : `a period (${NOT_STATED})`);

const fact = (label: string, value: string): ScheduleFact => ({ label, value });
const num = (x: number | null | undefined, unit: string | null = null) => (x === null || x === undefined ? NOT_STATED : `${formatNumber(x)}${unit ? ` ${unit}` : ""}`);
const percent = (x: number | null | undefined) => num(x, "%");
const said = (text: string | null | undefined) => (text && text.trim() !== "" ? text.trim() : NOT_STATED);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const metricOf = (metric: string | null) => (metric && metric.trim() !== "" ? metric.trim() : "(metric not stated)");

/** "at most 5 hours", "at least 99.5 %", or the bare target when the bid gave no direction. */
function targetWords(direction: Direction | null, target: number | null, unit: string | null): string {
  const value = num(target, unit);
  if (direction === "higher_is_better") return `at least ${value}`;
  if (direction === "lower_is_better") return `at most ${value}`;
  return `target ${value} (direction ${NOT_STATED})`;
}

/** When the SLA is missed: "Emergency response time above 5 hours in a calendar month". */
function slaBreach(sla: Sla): string {
  const metric = capitalise(metricOf(sla.metric));
  const target = num(sla.target, sla.unit);
  if (sla.direction === "higher_is_better") return `${metric} below ${target} in ${aPeriod(sla.window)}`;
  if (sla.direction === "lower_is_better") return `${metric} above ${target} in ${aPeriod(sla.window)}`;
  return `${metric} misses its target (${target}) in ${aPeriod(sla.window)}`;
}

function creditAmount(amount: CreditAmount | null, window: MeasurementWindow | null, unit: string | null, side: string): string {
  if (!amount) return NOT_STATED;
  const fee = feeOf(window);
  switch (amount.type) {
    case "fixed":
      return `${percent(amount.percent)} of ${fee}`;
    case "per_step":
      return `${percent(amount.percentPerStep)} of ${fee} per ${num(amount.step, unit)} (or part) ${side} the target`;
    case "bands":
      return `${amount.bands.map((b) => `${formatNumber(b.percent)} % of ${fee} from ${num(b.minShortfall, unit)} ${side} the target`).join("; ")}`;
  }
}

/** How many breached periods give the right to terminate, in words. */
function terminationWhen(breach: string, remedy: Extract<Remedy, { kind: "termination_right" }>, window: MeasurementWindow | null): string {
  const periods = window ? PERIOD[window].many : "periods";
  if (remedy.breachesToTrigger === null) return `${breach}, in a number of ${periods} ${NOT_STATED}`;
  if (remedy.breachesToTrigger === 1) return breach;
  return `${breach}, in ${remedy.breachesToTrigger} ${remedy.consecutive ? "consecutive" : "(consecutive or not)"} ${periods}`;
}

/**
 * One remedy as a schedule clause: the fields its kind has. `breach` is when the SLA or clause it
 * hangs on is missed; `window` its measurement period (the fee a credit is a share of).
 */
export function scheduleRemedy(remedy: Remedy, breach: string, window: MeasurementWindow | null, context: { unit: string | null; side: string } = { unit: null, side: "beyond" }): ContractScheduleClause {
  const kind = KIND_LABELS[remedy.kind];
  switch (remedy.kind) {
    case "service_credit":
      return {
        kind,
        facts: [
          fact("Applies when", breach),
          fact("Credit", creditAmount(remedy.amount, window, context.unit, context.side)),
          fact("How it is paid", remedy.automatic === true ? "Deducted from the next invoice automatically" : remedy.automatic === false ? "On the buyer's claim" : NOT_STATED),
          // A credit without a cap is a term of its own (the clause check flags it), so its absence is said.
          fact("Cap", remedy.capPercentOfPeriodFee === null ? "none stated" : `${formatNumber(remedy.capPercentOfPeriodFee)} % of ${feeOf(window)}`),
        ],
      };
    case "holdback":
      return {
        kind,
        facts: [
          fact("Withheld", remedy.percentOfFees === null ? NOT_STATED : `${percent(remedy.percentOfFees)} of every ${window ? PERIOD[window].one : "period"}'s fee`),
          fact("Released when", said(remedy.releaseCondition)),
          ...(remedy.releaseAfterPeriod !== null ? [fact("Released after", `${window ? PERIOD[window].one : "period"} ${remedy.releaseAfterPeriod}`)] : []),
        ],
      };
    case "termination_right":
      return {
        kind,
        facts: [fact("Applies when", terminationWhen(breach, remedy, window)), fact("Right", `The buyer may terminate the contract${remedy.description ? `: ${remedy.description}` : ""}`)],
      };
    case "transition_assistance":
      return { kind, facts: [fact("Applies when", breach), fact("Duration", num(remedy.months, "months")), ...(remedy.scope ? [fact("Scope", remedy.scope)] : [])] };
  }
}

function scheduleSla(sla: Sla): ContractScheduleSla {
  const metric = capitalise(metricOf(sla.metric));
  const measured = sla.window ? `measured per ${PERIOD[sla.window].one}` : `measurement period ${NOT_STATED}`;
  const breach = slaBreach(sla);
  const side = sla.direction === "lower_is_better" ? "above" : "below";
  return {
    metric,
    heading: `${metric}: ${targetWords(sla.direction, sla.target, sla.unit)}, ${measured}`,
    verification: said(sla.verificationSource),
    remedies: sla.remedies.map((r) => scheduleRemedy(r, breach, sla.window, { unit: sla.unit, side })),
  };
}

function contingentBreach(c: ContingentClause): string {
  const periods = c.periods ? ` (only in ${c.window ? PERIOD[c.window].one : "period"}${c.periods.length > 1 ? "s" : ""} ${c.periods.join(", ")})` : "";
  const comparison = c.comparison ? COMPARISON[c.comparison] : `crosses (direction ${NOT_STATED})`;
  return `${capitalise(metricOf(c.metric))} ${comparison} ${num(c.threshold, c.unit)} in ${aPeriod(c.window)}${periods}, verified from ${said(c.verificationSource)}`;
}

function contingentClause(c: ContingentClause): ContractScheduleClause {
  const breach = contingentBreach(c);
  if (!c.remedy) return { kind: "Contingent clause", facts: [fact("Applies when", breach), fact("Remedy", NOT_STATED)] };
  const side = c.comparison === "gt" || c.comparison === "gte" ? "above" : "below";
  return scheduleRemedy(c.remedy, breach, c.window, { unit: c.unit, side });
}

/** The bundle's contract terms, each with its own fields; a term the bid does not offer is left out (the clause findings say what is missing). */
function contractTerms(clauses: BundleClauses): ContractScheduleClause[] {
  const t = clauses.contractTerms;
  const lines: ContractScheduleClause[] = [];
  if (t.creditCapPercentOfTotalFees !== null) lines.push({ kind: "Cap on all service credits", facts: [fact("Cap", `${formatNumber(t.creditCapPercentOfTotalFees)} % of the fees of the periods elapsed`)] });
  if (t.terminationRight) lines.push({ kind: "Termination right", facts: [fact("Right", "The buyer may terminate the contract for cause or for convenience")] });
  if (t.transitionAssistance) {
    const { months, scope } = t.transitionAssistance;
    lines.push({ kind: "Transition assistance", facts: [fact("Applies", "On expiry or termination of the contract"), fact("Duration", num(months, "months")), ...(scope ? [fact("Scope", scope)] : [])] });
  }
  lines.push({
    kind: "Renewal",
    facts: t.autoRenewal
      ? [fact("Automatic renewal", "Yes, at the end of the term"), fact("Notice to stop it", t.renewalNoticeDays === null ? NOT_STATED : `${t.renewalNoticeDays} days before the end of the term`)]
      : [fact("Automatic renewal", "No: the contract ends at the end of its term")],
  });
  return lines;
}

/** An issue's awarded value as the contract states it: money in the RFP's currency, numbers with their unit, an option's label. */
export function issueValueWords(issue: Issue, value: IssueValue | undefined, money: { currency: string; minorUnitsPerMajor: number }): string {
  if (value === undefined || value === "") return NOT_STATED;
  switch (issue.kind) {
    case "money":
      return typeof value === "number" ? formatMoney(value, money.currency, money.minorUnitsPerMajor) : String(value);
    case "number":
      return typeof value === "number" ? `${formatNumber(value, 6)} ${issue.unit}` : `${value} ${issue.unit}`;
    case "choice":
      return issue.options.find((o) => o.id === value)?.label ?? String(value);
    case "text":
      return String(value);
  }
}

export interface ContractScheduleInput {
  rfpId: string;
  vendorName: string;
  slotName: string;
  currency: string;
  minorUnitsPerMajor: number;
  /** The term sheet of the evaluation the award rests on, in its order. */
  issues: readonly Issue[];
  /** The awarded bundle's value per issue. */
  values: Readonly<Record<string, IssueValue>>;
  clauses: BundleClauses;
}

export function buildContractSchedule(input: ContractScheduleInput): ContractSchedule {
  const { clauses } = input;
  const money = { currency: input.currency, minorUnitsPerMajor: input.minorUnitsPerMajor };
  return {
    rfpId: input.rfpId,
    vendorName: input.vendorName,
    slotName: input.slotName,
    currency: input.currency,
    commercialTerms: input.issues.map((issue) => fact(issue.name, issueValueWords(issue, input.values[issue.id], money))),
    slas: clauses.slas.map(scheduleSla),
    otherClauses: [...clauses.contingentClauses.map(contingentClause), ...contractTerms(clauses)],
  };
}
