import { describe, expect, it } from "vitest";
import { bundleClausesSchema, type BundleClauses } from "../evaluation/clauses";
import { compliantValue, defaultScenarioValues, parseMoneyMinor, parseScenario, runScenario, scenarioInputs, type Scenario, type ScenarioCell } from "./scenario";

const FEE = 1_000_000; // 10,000.00 per month
const DEFAULTS = { periodFeeMinor: FEE, minorUnitsPerMajor: 100 };
const bundle = (input: unknown): BundleClauses => bundleClausesSchema.parse(input);

const uptime = (remedies: unknown[]) => ({
  id: "uptime", metric: "Uptime", unit: "%", direction: "higher_is_better", target: 99.5, window: "month", verificationSource: "monitoring", remedies,
});
const complaints = (remedies: unknown[]) => ({
  id: "complaints", metric: "Complaint resolution time", unit: "days", direction: "lower_is_better", target: 4, window: "month", verificationSource: "311 CRM", remedies,
});
const stepCredit = { kind: "service_credit", id: "uptime-credit", automatic: true, amount: { type: "per_step", percentPerStep: 5, step: 0.1 }, capPercentOfPeriodFee: 15 };
const holdback = { kind: "holdback", id: "complaints-holdback", percentOfFees: 5, releaseCondition: "met for 3 months", releaseAfterPeriod: 3 };
const termination = { kind: "termination_right", id: "uptime-exit", breachesToTrigger: 3, consecutive: true };

const scenario = (breaches: Scenario["breaches"], horizon = 12, periodFeeMinor = FEE): Scenario => ({ horizon, periodFeeMinor, breaches });
const credits = (cells: ScenarioCell[]) => cells.map((c) => (c.kind === "service_credit" ? [c.amountMinor, c.capped] : null));

describe("runScenario: hand-computed", () => {
  it("5 % per 0.1 pt capped at 15 %: uptime 99.2 % in 3 of 12 months pays 15 % three times", () => {
    const r = runScenario(bundle({ slas: [uptime([stepCredit])] }), scenario([{ key: "uptime", value: 99.2, periods: 3, from: 1 }]));
    // 99.5 − 99.2 = 0.3 pt = 3 steps × 5 % = 15 % = 150,000 per month: exactly the cap, not beyond it.
    expect(r.rows.slice(0, 4).map((row) => credits(row.cells)[0])).toEqual([[150_000, false], [150_000, false], [150_000, false], [0, false]]);
    expect(r.creditsMinor).toBe(450_000);
    expect(r.totals[0]).toEqual({ kind: "service_credit", remedyId: "uptime-credit", paidMinor: 450_000, cappedPeriods: [], pays: true });
    expect(r.feesMinor).toBe(12_000_000);
    expect(r.rows).toHaveLength(12);
    expect(r.findings).toEqual([]);
  });

  it("a deeper breach is cut to the clause's cap and marked", () => {
    const r = runScenario(bundle({ slas: [uptime([stepCredit])] }), scenario([{ key: "uptime", value: 99.0, periods: 3, from: 1 }]));
    // 0.5 pt = 5 steps = 25 % = 250,000 → capped at 15 % = 150,000.
    expect(r.rows.slice(0, 3).map((row) => credits(row.cells)[0])).toEqual([[150_000, "clause cap"], [150_000, "clause cap"], [150_000, "clause cap"]]);
    expect(r.totals[0]).toMatchObject({ paidMinor: 450_000, cappedPeriods: [1, 2, 3] });
  });

  it("the contract's overall cap (10 % of the fees so far) is reached", () => {
    const r = runScenario(bundle({ slas: [uptime([stepCredit])], contractTerms: { creditCapPercentOfTotalFees: 10 } }), scenario([{ key: "uptime", value: 99.2, periods: 3, from: 1 }]));
    // Month 1: 10 % of 1,000,000 = 100,000 (of 150,000). Month 2: 10 % of 2,000,000 − 100,000 = 100,000. Month 3: the same.
    expect(r.rows.slice(0, 3).map((row) => credits(row.cells)[0])).toEqual([[100_000, "overall cap"], [100_000, "overall cap"], [100_000, "overall cap"]]);
    expect(r.creditsMinor).toBe(300_000);
  });

  it("a holdback is retained after a breach before its release period", () => {
    const r = runScenario(bundle({ slas: [complaints([holdback])] }), scenario([{ key: "complaints", value: 8, periods: 2, from: 1 }]));
    // 5 % of 1,000,000 = 50,000 withheld in months 1–3, retained at month 3 (breached in months 1 and 2).
    expect(r.rows.map((row) => row.withheldMinor)).toEqual([50_000, 50_000, 50_000, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.totals[0]).toEqual({ kind: "holdback", remedyId: "complaints-holdback", withheldMinor: 150_000, status: "retained", releasePeriod: 3, releasedMinor: 0, retainedMinor: 150_000, pendingMinor: 0 });
    expect(r.rows[2]!.cells[0]).toEqual({ kind: "holdback", breached: false, withheldMinor: 50_000, releasedMinor: 0, retainedMinor: 150_000 });
    expect(r.rows[0]!.cells[0]).toMatchObject({ breached: true });
    expect(r.retainedMinor).toBe(150_000);
  });

  it("the same holdback is released when the breaches come after the release period", () => {
    const r = runScenario(bundle({ slas: [complaints([holdback])] }), scenario([{ key: "complaints", value: 8, periods: 2, from: 5 }]));
    expect(r.totals[0]).toMatchObject({ status: "released", releasedMinor: 150_000, retainedMinor: 0 });
    expect(r.rows[2]!.cells[0]).toMatchObject({ releasedMinor: 150_000 });
  });

  it("a termination right arises at the third consecutive breach; a shared metric drives both clauses", () => {
    const clauses = bundle({
      slas: [uptime([stepCredit, termination])],
      contingentClauses: [{ id: "outage", metric: "uptime", unit: "%", comparison: "lte", threshold: 98, window: "month", verificationSource: "monitoring", remedy: { kind: "service_credit", id: "outage-credit", automatic: true, amount: { type: "fixed", percent: 10 }, capPercentOfPeriodFee: null } }],
    });
    const { inputs } = scenarioInputs(clauses);
    expect(inputs.map((i) => [i.key, i.clauseIds])).toEqual([["uptime", ["uptime", "outage"]]]);
    const r = runScenario(clauses, scenario([{ key: "uptime", value: 97, periods: 3, from: 2 }], 6));
    expect(r.columns.map((c) => c.remedyId)).toEqual(["uptime-credit", "uptime-exit", "outage-credit"]);
    expect(r.rows.map((row) => row.cells[1])).toEqual([
      { kind: "termination_right", breached: false, triggered: false },
      { kind: "termination_right", breached: true, triggered: false },
      { kind: "termination_right", breached: true, triggered: false },
      { kind: "termination_right", breached: true, triggered: true },
      { kind: "termination_right", breached: false, triggered: false },
      { kind: "termination_right", breached: false, triggered: false },
    ]);
    // Months 2–4: uptime credit capped at 15 % (150,000) + outage credit 10 % (100,000) = 250,000 a month.
    expect(r.rows.map((row) => row.creditsMinor)).toEqual([0, 250_000, 250_000, 250_000, 0, 0]);
    expect(r.terminationRights).toBe(1);
  });

  it("a value that meets the target triggers nothing and says so", () => {
    const r = runScenario(bundle({ slas: [uptime([stepCredit])] }), scenario([{ key: "uptime", value: 99.9, periods: 3, from: 1 }]));
    expect(r.creditsMinor).toBe(0);
    expect(r.notes[0]).toMatch(/99\.9 % is not a breach/);
  });

  it("lists clauses that cannot be simulated, with the reason", () => {
    const { inputs, skipped } = scenarioInputs(bundle({ slas: [uptime([stepCredit]), { id: "vague", metric: "", remedies: [stepCredit] }, { ...complaints([]), id: "bare" }] }));
    expect(inputs.map((i) => i.key)).toEqual(["uptime"]);
    expect(skipped).toEqual([
      { clauseId: "vague", reason: "it names no metric" },
      { clauseId: "bare", reason: "it has no remedy that pays or withholds anything" },
    ]);
  });

  it("compliant values stay off the boundary of ≤/≥ triggers", () => {
    const v = compliantValue([{ clauseId: "c", type: "contingent", comparison: "lte", threshold: 98, periods: null }]);
    expect(v).toBeGreaterThan(98);
  });
});

describe("parseScenario", () => {
  const clauses = bundle({ slas: [uptime([stepCredit]), complaints([holdback])] });
  const q = (s: string) => new URLSearchParams(s);

  it("an empty form is no scenario yet", () => {
    expect(parseScenario(q(""), clauses, DEFAULTS)).toEqual({ ok: false, empty: true, fieldErrors: {}, values: {} });
    expect(parseScenario(q("sort=total"), clauses, DEFAULTS)).toMatchObject({ ok: false, empty: true });
  });

  it("reads a full scenario", () => {
    const r = parseScenario(q("value.uptime=99.2%25&periods.uptime=3&value.complaints=8&periods.complaints=2&from.complaints=4&horizon=12&fee=82%2C000.50"), clauses, DEFAULTS);
    expect(r).toEqual({
      ok: true,
      scenario: { horizon: 12, periodFeeMinor: 8_200_050, breaches: [{ key: "uptime", value: 99.2, periods: 3, from: 1 }, { key: "complaints", value: 8, periods: 2, from: 4 }] },
      values: { "value.uptime": "99.2%", "periods.uptime": "3", "value.complaints": "8", "periods.complaints": "2", "from.complaints": "4", horizon: "12", fee: "82,000.50" },
    });
  });

  it("defaults: 12 periods and the bundle's fee; blank clauses comply", () => {
    const r = parseScenario(q("horizon=&fee=&value.uptime=&periods.uptime="), clauses, DEFAULTS);
    expect(r).toMatchObject({ ok: true, scenario: { horizon: 12, periodFeeMinor: FEE, breaches: [] } });
  });

  it("bad input: messages by field, everything typed kept", () => {
    const r = parseScenario(q("value.uptime=abc&periods.uptime=3&value.complaints=8&periods.complaints=13&horizon=12&fee=-5"), clauses, DEFAULTS);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.empty).toBe(false);
    expect(r.fieldErrors).toEqual({
      "value.uptime": ["Enter a number, e.g. 99.2."],
      "periods.complaints": ["At most 12: only 12 periods are simulated."],
      fee: ["“-5”: an amount cannot be negative"],
    });
    expect(r.values).toEqual({ "value.uptime": "abc", "periods.uptime": "3", "value.complaints": "8", "periods.complaints": "13", horizon: "12", fee: "-5" });
  });

  it("half-filled clauses, horizon out of range, a fee the bundle does not state", () => {
    const r = parseScenario(q("value.uptime=99&periods.complaints=2&horizon=121"), clauses, { periodFeeMinor: null, minorUnitsPerMajor: 100 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fieldErrors).toEqual({
      horizon: ["Enter the number of periods simulated from 1 to 120."],
      fee: ["Enter the period fee: this bundle does not state one."],
      "periods.uptime": ["Enter in how many periods, e.g. 3."],
      "value.complaints": ["Enter the measured value in the periods in breach."],
    });
  });

  it("a breach running past the horizon from a later start", () => {
    const r = parseScenario(q("value.uptime=99&periods.uptime=3&from.uptime=11&horizon=12"), clauses, DEFAULTS);
    expect(r).toMatchObject({ ok: false, fieldErrors: { "periods.uptime": ["At most 2 from period 11: only 12 periods are simulated."] } });
  });

  it("money in major units, exactly", () => {
    expect(parseMoneyMinor("82000", 100)).toBe(8_200_000);
    expect(parseMoneyMinor("0.1", 100)).toBe(10);
    expect(parseMoneyMinor("1.005", 100)).toBe("“1.005”: use at most 2 decimals");
    expect(parseMoneyMinor("12.50", 1)).toBe("“12.50”: this currency has no decimals; give a whole amount");
    expect(parseMoneyMinor("1.5.0", 100)).toBe("Give an amount with at most 2 decimals, e.g. 12,500.00");
    expect(parseMoneyMinor("1e3", 100)).toBe("Give an amount with at most 2 decimals, e.g. 12,500.00");
  });

  it("money as the vendor grid reads it: a comma only groups thousands", () => {
    expect(parseMoneyMinor("82,000.50", 100)).toBe(8_200_050);
    expect(parseMoneyMinor("1,5", 100)).toBe("“1,5”: write a decimal point, not a comma (commas only group thousands, as in 12,500.00)");
    expect(parseMoneyMinor("82,000,50", 100)).toBe("“82,000,50”: write a decimal point, not a comma (commas only group thousands, as in 12,500.00)");
    expect(parseMoneyMinor("8 2.5", 100)).toBe("Give an amount with at most 2 decimals, e.g. 12,500.00");
    expect(parseMoneyMinor("1.234", 1000)).toBe(1_234);
  });

  it("shows a bundle's fee so that sending it back gives the same minor units, however large", () => {
    for (const fee of [8_999_999_999_999_926, 9_007_199_254_740_991, 1_000_000_000_000_007, 5]) {
      const shown = defaultScenarioValues(fee, 100).fee!;
      expect(parseMoneyMinor(shown, 100)).toBe(fee);
    }
    expect(defaultScenarioValues(8_999_999_999_999_926, 100).fee).toBe("89999999999999.26");
    expect(defaultScenarioValues(1_500, 1).fee).toBe("1500");
  });
});
