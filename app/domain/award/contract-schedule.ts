// The awarded bundle's safeguard clauses as the winner's contract schedule: every remedy with
// its trigger, period, amount rule and cap, every holdback with its release condition, and the
// contract terms. Words only from the clause data (clauses.ts); "not stated" where the bid left
// a field empty, so the schedule never invents a term.
import type { BundleClauses, Comparison, ContingentClause, CreditAmount, MeasurementWindow, Remedy, Sla } from "../evaluation/clauses";
import { formatNumber } from "../evaluation/format";
import type { ContractSchedule, ContractScheduleRemedy, ContractScheduleSla } from "./types";

const NOT_STATED = "not stated";
const COMPARISON: Record<Comparison, string> = { lt: "falls below", lte: "is at or below", gt: "rises above", gte: "is at or above" };
const KIND_LABELS: Record<Remedy["kind"], string> = {
  service_credit: "Service credit",
  holdback: "Holdback",
  termination_right: "Termination right",
  transition_assistance: "Transition assistance",
};

const num = (x: number | null | undefined, suffix = "") => (x === null || x === undefined ? NOT_STATED : `${formatNumber(x)}${suffix}`);
const windowWord = (w: MeasurementWindow | null) => (w ? w : `window ${NOT_STATED}`);
const periodOf = (w: MeasurementWindow | null) => (w ? `each ${w}` : `measurement period ${NOT_STATED}`);

function creditRule(amount: CreditAmount | null): string {
  if (!amount) return `amount ${NOT_STATED}`;
  switch (amount.type) {
    case "fixed":
      return `${num(amount.percent, " %")} of the period's fee`;
    case "per_step":
      return `${num(amount.percentPerStep, " %")} of the period's fee for each ${num(amount.step)} (or part) of shortfall`;
    case "bands":
      return `by shortfall: ${amount.bands.map((b) => `from ${formatNumber(b.minShortfall)}: ${formatNumber(b.percent)} % of the period's fee`).join("; ")}`;
  }
}

/** One remedy as a schedule line, with the trigger and period of the SLA or clause it hangs on. */
export function scheduleRemedy(remedy: Remedy, trigger: string, period: string): ContractScheduleRemedy {
  const kind = KIND_LABELS[remedy.kind];
  switch (remedy.kind) {
    case "service_credit":
      return {
        kind,
        trigger,
        period,
        amountRule: `${creditRule(remedy.amount)}, ${remedy.automatic ? "deducted from the next invoice automatically" : "on the buyer's claim"}`,
        cap: remedy.capPercentOfPeriodFee === null ? null : `${formatNumber(remedy.capPercentOfPeriodFee)} % of the period's fee`,
        releaseCondition: null,
      };
    case "holdback":
      return {
        kind,
        trigger,
        period,
        amountRule: `${num(remedy.percentOfFees, " %")} of every period's fee withheld`,
        cap: null,
        releaseCondition: `${remedy.releaseCondition || NOT_STATED}${remedy.releaseAfterPeriod ? ` (released after period ${remedy.releaseAfterPeriod})` : ""}`,
      };
    case "termination_right":
      return {
        kind,
        trigger: `${trigger}, in ${remedy.breachesToTrigger === null ? "an unstated number of" : remedy.breachesToTrigger} ${remedy.consecutive ? "consecutive " : ""}period(s)`,
        period,
        amountRule: `The buyer may terminate${remedy.description ? `: ${remedy.description}` : ""}`,
        cap: null,
        releaseCondition: null,
      };
    case "transition_assistance":
      return { kind, trigger, period, amountRule: `${num(remedy.months, " months")} of transition assistance${remedy.scope ? `: ${remedy.scope}` : ""}`, cap: null, releaseCondition: null };
  }
}

function slaTrigger(sla: Sla): string {
  const unit = sla.unit ? ` ${sla.unit}` : "";
  const metric = sla.metric || "(metric not stated)";
  if (sla.direction === "higher_is_better") return `${metric} below ${num(sla.target, unit)} in a ${windowWord(sla.window)}`;
  if (sla.direction === "lower_is_better") return `${metric} above ${num(sla.target, unit)} in a ${windowWord(sla.window)}`;
  return `${metric} misses its target (${num(sla.target, unit)}) in a ${windowWord(sla.window)}`;
}

function scheduleSla(sla: Sla): ContractScheduleSla {
  const unit = sla.unit ? ` ${sla.unit}` : "";
  const trigger = slaTrigger(sla);
  return {
    metric: sla.metric || "(metric not stated)",
    target: `${sla.direction === "higher_is_better" ? "at least " : sla.direction === "lower_is_better" ? "at most " : ""}${num(sla.target, unit)}`,
    window: sla.window ? `per ${sla.window}` : NOT_STATED,
    verification: sla.verificationSource || NOT_STATED,
    remedies: sla.remedies.map((r) => scheduleRemedy(r, trigger, periodOf(sla.window))),
  };
}

function contingentTrigger(c: ContingentClause): string {
  const unit = c.unit ? ` ${c.unit}` : "";
  const periods = c.periods ? ` (only in period${c.periods.length > 1 ? "s" : ""} ${c.periods.join(", ")})` : "";
  return `${c.metric || "(metric not stated)"} ${c.comparison ? COMPARISON[c.comparison] : "crosses"} ${num(c.threshold, unit)} in a ${windowWord(c.window)}${periods}, verified from ${c.verificationSource || NOT_STATED}`;
}

function contractTerms(clauses: BundleClauses): ContractScheduleRemedy[] {
  const t = clauses.contractTerms;
  const lines: ContractScheduleRemedy[] = [];
  const term = (kind: string, amountRule: string, trigger = "at any time", cap: string | null = null): ContractScheduleRemedy => ({ kind, trigger, period: "the whole contract", amountRule, cap, releaseCondition: null });
  if (t.creditCapPercentOfTotalFees !== null) lines.push(term("Cap on all service credits", "Service credits together are capped", "always", `${formatNumber(t.creditCapPercentOfTotalFees)} % of the fees of the periods elapsed`));
  if (t.terminationRight) lines.push(term("Termination right", "The buyer may terminate for cause or convenience"));
  if (t.transitionAssistance) {
    lines.push(term("Transition assistance", `${num(t.transitionAssistance.months, " months")} of transition assistance${t.transitionAssistance.scope ? `: ${t.transitionAssistance.scope}` : ""}`, "on expiry or termination"));
  }
  lines.push(term("Renewal", t.autoRenewal ? `Renews automatically unless notice is given ${num(t.renewalNoticeDays, " days")} before the end` : "Does not renew automatically", "at the end of the term"));
  return lines;
}

export function buildContractSchedule(input: { rfpId: string; vendorName: string; slotName: string; currency: string; clauses: BundleClauses }): ContractSchedule {
  const { clauses } = input;
  return {
    rfpId: input.rfpId,
    vendorName: input.vendorName,
    slotName: input.slotName,
    currency: input.currency,
    slas: clauses.slas.map(scheduleSla),
    otherClauses: [
      ...clauses.contingentClauses.flatMap((c) => {
        const trigger = contingentTrigger(c);
        if (!c.remedy) return [{ kind: "Contingent clause", trigger, period: periodOf(c.window), amountRule: `remedy ${NOT_STATED}`, cap: null, releaseCondition: null }];
        return [scheduleRemedy(c.remedy, trigger, periodOf(c.window))];
      }),
      ...contractTerms(clauses),
    ],
  };
}
