import { describe, expect, it } from "vitest";
import { bundleClausesSchema } from "../evaluation/clauses";
import { buildContractSchedule } from "./contract-schedule";

const clauses = bundleClausesSchema.parse({
  slas: [
    {
      id: "response",
      metric: "response time",
      unit: "hours",
      direction: "lower_is_better",
      target: 6,
      window: "month",
      verificationSource: "311 ticket log",
      remedies: [
        { kind: "service_credit", id: "response-credit", automatic: true, amount: { type: "per_step", percentPerStep: 2, step: 1 }, capPercentOfPeriodFee: 15 },
        { kind: "holdback", id: "response-holdback", percentOfFees: 5, releaseCondition: "Six consecutive months on target", releaseAfterPeriod: 12 },
        { kind: "termination_right", id: "response-exit", breachesToTrigger: 3, consecutive: true, description: null },
      ],
    },
  ],
  contingentClauses: [{ id: "pilot", metric: "complaints", unit: null, comparison: "gt", threshold: 20, window: "month", periods: [2], verificationSource: "311 log", remedy: { kind: "service_credit", id: "pilot-credit", automatic: false, amount: { type: "fixed", percent: 10 }, capPercentOfPeriodFee: null } }],
  contractTerms: { autoRenewal: true, renewalNoticeDays: 90, terminationRight: true, transitionAssistance: { months: 6, scope: "data export" }, creditCapPercentOfTotalFees: 20 },
});

describe("the contract schedule", () => {
  const schedule = buildContractSchedule({ rfpId: "r1", vendorName: "Civic Crew", slotName: "Balanced", currency: "EUR", clauses });

  it("lists each SLA's remedies with trigger, period, amount rule and cap; holdbacks with their release condition", () => {
    const [sla] = schedule.slas;
    expect(sla).toMatchObject({ metric: "response time", target: "at most 6 hours", window: "per month", verification: "311 ticket log" });
    expect(sla!.remedies[0]).toEqual({
      kind: "Service credit",
      trigger: "response time above 6 hours in a month",
      period: "each month",
      amountRule: "2 % of the period's fee for each 1 (or part) of shortfall, deducted from the next invoice automatically",
      cap: "15 % of the period's fee",
      releaseCondition: null,
    });
    expect(sla!.remedies[1]).toMatchObject({ kind: "Holdback", amountRule: "5 % of every period's fee withheld", releaseCondition: "Six consecutive months on target (released after period 12)" });
    expect(sla!.remedies[2]).toMatchObject({ kind: "Termination right", trigger: "response time above 6 hours in a month, in 3 consecutive period(s)" });
  });

  it("adds the contingent clauses and the contract terms, saying 'not stated' rather than inventing", () => {
    expect(schedule.otherClauses[0]).toMatchObject({ kind: "Service credit", trigger: "complaints rises above 20 in a month (only in period 2), verified from 311 log", amountRule: "10 % of the period's fee, on the buyer's claim", cap: null });
    expect(schedule.otherClauses.map((c) => c.kind)).toEqual(["Service credit", "Cap on all service credits", "Termination right", "Transition assistance", "Renewal"]);
    expect(schedule.otherClauses.at(-1)!.amountRule).toBe("Renews automatically unless notice is given 90 days before the end");
    const vague = buildContractSchedule({ rfpId: "r1", vendorName: "V", slotName: "S", currency: "EUR", clauses: bundleClausesSchema.parse({ slas: [{ id: "u", remedies: [{ kind: "holdback", id: "h" }] }] }) });
    expect(vague.slas[0]!.remedies[0]).toMatchObject({ trigger: "(metric not stated) misses its target (not stated) in a window not stated", releaseCondition: "not stated" });
  });
});
