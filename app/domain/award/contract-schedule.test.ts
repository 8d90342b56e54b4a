import { describe, expect, it } from "vitest";
import { bundleClausesSchema } from "../evaluation/clauses";
import type { Issue } from "../evaluation/schema";
import { buildContractSchedule, issueValueWords } from "./contract-schedule";
import type { ContractScheduleClause } from "./types";

const clauses = bundleClausesSchema.parse({
  slas: [
    {
      id: "response",
      metric: "emergency response time",
      unit: "hours",
      direction: "lower_is_better",
      target: 5,
      window: "month",
      verificationSource: "311 ticket log",
      remedies: [
        { kind: "service_credit", id: "response-credit", automatic: true, amount: { type: "per_step", percentPerStep: 2, step: 1 }, capPercentOfPeriodFee: 15 },
        { kind: "holdback", id: "response-holdback", percentOfFees: 5, releaseCondition: "Six consecutive months on target", releaseAfterPeriod: 12 },
        { kind: "termination_right", id: "response-exit", breachesToTrigger: 3, consecutive: true, description: null },
      ],
    },
    { id: "uptime", metric: "Uptime", unit: "%", direction: "higher_is_better", target: 99.5, window: "quarter", verificationSource: "monitoring", remedies: [{ kind: "service_credit", id: "u", automatic: false, amount: { type: "fixed", percent: 10 }, capPercentOfPeriodFee: null }] },
  ],
  contingentClauses: [{ id: "pilot", metric: "complaints", unit: null, comparison: "gt", threshold: 20, window: "month", periods: [2], verificationSource: "311 log", remedy: { kind: "service_credit", id: "pilot-credit", automatic: false, amount: { type: "fixed", percent: 10 }, capPercentOfPeriodFee: null } }],
  contractTerms: { autoRenewal: true, renewalNoticeDays: 90, terminationRight: true, transitionAssistance: { months: 6, scope: "data export" }, creditCapPercentOfTotalFees: 20 },
});

const issues: Issue[] = [
  { id: "monthlyFee", name: "Monthly fee", kind: "money" },
  { id: "mobilisationFee", name: "Mobilisation fee", kind: "money" },
  { id: "termMonths", name: "Contract term", kind: "number", unit: "months" },
  { id: "scheduling", name: "Scheduling", kind: "choice", options: [{ id: "fixed", label: "Fixed rota" }, { id: "seasonal", label: "Seasonal" }] },
  { id: "staffingPlan", name: "Staffing plan", kind: "text" },
  { id: "localHiringPct", name: "Local hiring", kind: "number", unit: "%" },
];
const values = { monthlyFee: 9_200_000, mobilisationFee: 2_500_000, termMonths: 48, scheduling: "seasonal", staffingPlan: "Two crews of four" };
const input = { rfpId: "r1", vendorName: "Civic Crew", slotName: "Balanced", currency: "EUR", minorUnitsPerMajor: 100, issues, values, clauses };
const facts = (clause: ContractScheduleClause | undefined) => Object.fromEntries((clause?.facts ?? []).map((f) => [f.label, f.value]));

describe("the contract schedule", () => {
  const schedule = buildContractSchedule(input);

  it("heads each SLA with its target and how it is measured, not as a monthly total", () => {
    expect(schedule.slas.map((s) => s.heading)).toEqual(["Emergency response time: at most 5 hours, measured per calendar month", "Uptime: at least 99.5 %, measured per calendar quarter"]);
    expect(schedule.slas[0]!.verification).toBe("311 ticket log");
  });

  it("gives each remedy the fields of its kind only: a credit its cap, a holdback its release, a termination right its trigger", () => {
    const [credit, holdback, exit] = schedule.slas[0]!.remedies;
    expect(credit).toEqual({
      kind: "Service credit",
      facts: [
        { label: "Applies when", value: "Emergency response time above 5 hours in a calendar month" },
        { label: "Credit", value: "2 % of the month's fee per 1 hours (or part) above the target" },
        { label: "How it is paid", value: "Deducted from the next invoice automatically" },
        { label: "Cap", value: "15 % of the month's fee" },
      ],
    });
    expect(facts(holdback)).toEqual({ Withheld: "5 % of every calendar month's fee", "Released when": "Six consecutive months on target", "Released after": "calendar month 12" });
    expect(facts(exit)).toEqual({ "Applies when": "Emergency response time above 5 hours in a calendar month, in 3 consecutive calendar months", Right: "The buyer may terminate the contract" });
    // A credit without a cap says so (the clause check's finding); a fixed credit is of the quarter's fee when measured quarterly.
    expect(facts(schedule.slas[1]!.remedies[0])).toMatchObject({ "Applies when": "Uptime below 99.5 % in a calendar quarter", Credit: "10 % of the quarter's fee", "How it is paid": "On the buyer's claim", Cap: "none stated" });
  });

  it("writes renewal, termination and transition with their own fields: no Trigger, Period, Amount rule or Cap forced on them", () => {
    expect(schedule.otherClauses.map((c) => c.kind)).toEqual(["Service credit", "Cap on all service credits", "Termination right", "Transition assistance", "Renewal"]);
    const byKind = (kind: string) => facts(schedule.otherClauses.find((c) => c.kind === kind));
    expect(byKind("Renewal")).toEqual({ "Automatic renewal": "Yes, at the end of the term", "Notice to stop it": "90 days before the end of the term" });
    expect(byKind("Termination right")).toEqual({ Right: "The buyer may terminate the contract for cause or for convenience" });
    expect(byKind("Transition assistance")).toEqual({ Applies: "On expiry or termination of the contract", Duration: "6 months", Scope: "data export" });
    expect(byKind("Cap on all service credits")).toEqual({ Cap: "20 % of the fees of the periods elapsed" });
    expect(facts(schedule.otherClauses[0])).toMatchObject({ "Applies when": "Complaints rises above 20 in a calendar month (only in calendar month 2), verified from 311 log", Credit: "10 % of the month's fee" });
    const labels = schedule.otherClauses.slice(1).flatMap((c) => c.facts.map((f) => f.label));
    for (const forced of ["Trigger", "Period", "Amount rule"]) expect(labels).not.toContain(forced);
    expect(JSON.stringify(schedule)).not.toMatch(/per month|per 1 month|hours per/);
  });

  it("a renewal that does not renew has no notice field; one without notice says the notice is not stated", () => {
    const of = (contractTerms: object) => facts(buildContractSchedule({ ...input, clauses: bundleClausesSchema.parse({ contractTerms }) }).otherClauses.at(-1));
    expect(of({ autoRenewal: false })).toEqual({ "Automatic renewal": "No: the contract ends at the end of its term" });
    expect(of({ autoRenewal: true })).toEqual({ "Automatic renewal": "Yes, at the end of the term", "Notice to stop it": "not stated" });
  });

  it("lists the awarded commercial terms in the term sheet's order, money in the RFP's currency", () => {
    expect(schedule.commercialTerms).toEqual([
      { label: "Monthly fee", value: "EUR 92,000.00" },
      { label: "Mobilisation fee", value: "EUR 25,000.00" },
      { label: "Contract term", value: "48 months" },
      { label: "Scheduling", value: "Seasonal" },
      { label: "Staffing plan", value: "Two crews of four" },
      { label: "Local hiring", value: "not stated" },
    ]);
    // A currency without minor units, and one with three decimals, in their own decimals.
    expect(issueValueWords(issues[0]!, 1_250_000, { currency: "JPY", minorUnitsPerMajor: 1 })).toBe("JPY 1,250,000");
    expect(issueValueWords(issues[0]!, 1_250_500, { currency: "KWD", minorUnitsPerMajor: 1000 })).toBe("KWD 1,250.500");
    expect(issueValueWords(issues[2]!, 0.1 + 0.2, { currency: "EUR", minorUnitsPerMajor: 100 })).toBe("0.3 months");
  });

  it("says 'not stated' rather than inventing a term the bid left out", () => {
    const vague = buildContractSchedule({ ...input, clauses: bundleClausesSchema.parse({ slas: [{ id: "u", remedies: [{ kind: "holdback", id: "h" }, { kind: "termination_right", id: "t" }] }] }) });
    expect(vague.slas[0]!.heading).toBe("(metric not stated): target not stated (direction not stated), measurement period not stated");
    expect(facts(vague.slas[0]!.remedies[0])).toEqual({ Withheld: "not stated", "Released when": "not stated" });
    expect(facts(vague.slas[0]!.remedies[1])["Applies when"]).toBe("(metric not stated) misses its target (not stated) in a period (not stated), in a number of periods not stated");
  });
});
