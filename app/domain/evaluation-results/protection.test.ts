/**
 * The protection figure on the field-services sample bids (app/domain/bids/sample.ts): six
 * SLAs measured monthly, each with an automatic 5 % service credit capped at 15 % of the
 * month's fee, a 5 % holdback on the complaint SLA released after month 3, and an overall
 * credit cap of 10 % of the fees so far. Every expected figure is worked out in the comments.
 */
import { describe, expect, it } from "vitest";
import { sampleFieldServicesBid } from "../bids/sample";
import { bundleClausesSchema, type BundleClauses } from "../evaluation/clauses";
import { RemedySimulationError } from "../evaluation/remedy-simulator";
import { bundleProtection, periodFeeOf, periodFeeSource, protectionFigure, standardScenario } from "./protection";

const bid = sampleFieldServicesBid();
const [cost, , balanced] = bid.bundles as [typeof bid.bundles[0], typeof bid.bundles[0], typeof bid.bundles[0]];
const FEE = 8_200_000; // the cost bundle's monthly fee, EUR 82,000.00

/** The cost bundle with only the named SLAs and, unless kept, no overall credit cap. */
function only(slaIds: string[], keepOverallCap = false): BundleClauses {
  return {
    ...cost.clauses,
    slas: cost.clauses.slas.filter((s) => slaIds.includes(s.id)),
    contractTerms: { ...cost.clauses.contractTerms, creditCapPercentOfTotalFees: keepOverallCap ? cost.clauses.contractTerms.creditCapPercentOfTotalFees : null },
  };
}

describe("standardScenario", () => {
  it("misses every SLA by 10 % of its target in periods 1–3, on the wrong side", () => {
    const obs = standardScenario(cost.clauses);
    expect(obs).toHaveLength(6 * 3);
    const month1 = Object.fromEntries(obs.filter((o) => o.period === 1).map((o) => [o.metric, o.value]));
    expect(month1).toEqual({
      "complaint resolution time": 4.4, // lower is better, 4 days + 0.4
      "citizen complaints": 33, // 30 + 3
      "emergency response time": 6.6, // 6 h + 0.6
      "missed collections": 5.5, // 5 + 0.5
      "crew attendance": 88.2, // higher is better, 98 − 9.8 (rounded to 9 decimals: 98 × 0.9 is 88.2)
      "graffiti removal time": 52.8, // 48 + 4.8
    });
    expect(obs.filter((o) => o.metric === "crew attendance").map((o) => o.period)).toEqual([1, 2, 3]);
    expect(standardScenario(cost.clauses, 1)).toHaveLength(6);
  });

  it("leaves out a zero target, an unmeasurable SLA and a second clause on the same metric", () => {
    const clauses = bundleClausesSchema.parse({
      slas: [
        { id: "breaches", metric: "data breaches", direction: "lower_is_better", target: 0, window: "month", remedies: [] },
        { id: "vague", metric: "quality", direction: null, target: 90, window: "month", remedies: [] },
        { id: "uptime", metric: "Uptime", direction: "higher_is_better", target: 99.9, window: "month", remedies: [] },
      ],
      contingentClauses: [
        { id: "cc-uptime", metric: "uptime", comparison: "lt", threshold: 99, window: "month", remedy: null },
        { id: "cc-queue", metric: "queue length", comparison: "gt", threshold: 200, window: "month", remedy: null },
      ],
    });
    // Uptime 99.9 − 9.99 = 89.91; queue length triggers above 200: 200 + 20 = 220.
    expect(standardScenario(clauses, 1)).toEqual([
      { metric: "Uptime", period: 1, value: 89.91 },
      { metric: "queue length", period: 1, value: 220 },
    ]);
    const figure = protectionFigure(clauses, 1000);
    expect(figure.notExercised.map((n) => n.clauseId)).toEqual(["breaches", "vague", "cc-uptime"]);
    expect(figure.description).toContain("its target is 0");
  });
});

describe("protectionFigure on the sample bids", () => {
  it("a 5 % credit capped at 15 %: 3 periods × 5 % of the fee, nothing withheld", () => {
    const f = protectionFigure(only(["crew-attendance"]), FEE);
    // 5 % of 8,200,000 = 410,000 (under the 15 % cap of 1,230,000) × 3 months = 1,230,000.
    expect(f).toMatchObject({ creditsMinor: 1_230_000, withheldMinor: 0, totalMinor: 1_230_000, periods: 3 });
    expect(f.simulation.credits.every((c) => c.amountMinor === 410_000 && !c.capped)).toBe(true);
  });

  it("a 5 % holdback is retained once the complaint SLA is breached", () => {
    const f = protectionFigure(only(["complaints-resolution"]), FEE);
    // Credit 410,000 × 3 = 1,230,000; holdback 5 % = 410,000 withheld in months 1–3 (release
    // after month 3), retained as the SLA was breached: 1,230,000. Total 2,460,000.
    expect(f).toMatchObject({ creditsMinor: 1_230_000, withheldMinor: 1_230_000, totalMinor: 2_460_000 });
    expect(f.simulation.holdbacks.map((h) => h.status)).toEqual(["retained"]);
  });

  it("the whole cost bundle: six credits, cut to the contract's overall 10 % cap", () => {
    const f = protectionFigure(cost.clauses, FEE, { currency: "EUR" });
    // Uncapped 6 × 5 % = 30 % a month; the overall cap allows 10 % of the fees so far:
    // month p: 10 % × p × 8,200,000 − credited so far = 820,000 each month → 2,460,000.
    // Holdback 1,230,000 retained. Total 3,690,000.
    expect(f).toMatchObject({ creditsMinor: 2_460_000, withheldMinor: 1_230_000, totalMinor: 3_690_000 });
    expect(f.description).toBe(
      "Every SLA missed by 10 % of its target for 3 consecutive periods at a period fee of EUR 82,000.00: " +
        "service credits of EUR 24,600.00 from 2 clauses (after caps); 1 holdback retained, EUR 12,300.00.",
    );
  });

  it("the balanced bundle's 8 % credits hit the same overall cap at its own fee", () => {
    const f = protectionFigure(balanced.clauses, 8_900_000);
    // 8 % = 712,000, then 178,000 more reaches 10 % = 890,000 a month → 2,670,000 over 3 months.
    // Holdback 5 % = 445,000 × 3 = 1,335,000. Total 4,005,000.
    expect(f).toMatchObject({ creditsMinor: 2_670_000, withheldMinor: 1_335_000, totalMinor: 4_005_000 });
  });

  it("a bundle with no automatic remedy protects nothing", () => {
    const claimed: BundleClauses = {
      ...only(["crew-attendance", "graffiti"]),
      slas: only(["crew-attendance", "graffiti"]).slas.map((s) => ({
        ...s,
        remedies: s.remedies.map((r) => (r.kind === "service_credit" ? { ...r, automatic: false } : r)),
      })),
    };
    const f = protectionFigure(claimed, FEE);
    expect(f).toMatchObject({ creditsMinor: 0, withheldMinor: 0, totalMinor: 0 });
    expect(f.description).toContain("no automatic service credit pays");
    expect(protectionFigure(bundleClausesSchema.parse({}), FEE).totalMinor).toBe(0);
  });

  it("a zero fee gives zero; a fractional fee is refused by the engine", () => {
    expect(protectionFigure(cost.clauses, 0).totalMinor).toBe(0);
    expect(() => protectionFigure(cost.clauses, 10.5)).toThrow(RemedySimulationError);
  });
});

describe("periodFeeOf", () => {
  const issues = [
    { id: "monthlyFee", name: "Monthly fee", kind: "money" as const },
    { id: "mobilisationFee", name: "Mobilisation fee", kind: "money" as const },
    { id: "termMonths", name: "Contract term", kind: "number" as const, unit: "months" },
  ];
  const round = { issues, vendors: [{ id: "north", name: "Northfield", bundles: bid.bundles }], simulation: undefined };

  it("takes the first money issue that says monthly (the field-services template's monthlyFee)", () => {
    expect(periodFeeOf(round, "north", "cost")).toBe(8_200_000);
    expect(periodFeeOf(round, "north", "balanced")).toBe(8_900_000);
    expect(periodFeeSource(round, "north", "cost")).toEqual({ feeMinor: 8_200_000, issueId: "monthlyFee", source: "monthly-issue" });
  });

  it("prefers the round's periodFeeIssueId", () => {
    const withSetting = { ...round, simulation: { periodFeeIssueId: "mobilisationFee", runs: [] } };
    expect(periodFeeOf(withSetting, "north", "cost")).toBe(4_000_000);
  });

  it("is null, with the reason, when nothing says monthly or the bundle is unknown", () => {
    const noMonthly = { ...round, issues: issues.filter((i) => i.id !== "monthlyFee") };
    expect(periodFeeOf(noMonthly, "north", "cost")).toBeNull();
    expect(periodFeeSource(noMonthly, "north", "cost")).toMatchObject({ feeMinor: null, reason: expect.stringContaining("no money issue is a monthly fee") });
    expect(periodFeeOf(round, "north", "nope")).toBeNull();
    expect(periodFeeOf(round, "south", "cost")).toBeNull();
  });

  it("bundleProtection joins both, or says why not", () => {
    const full = { ...round, currency: "EUR", minorUnitsPerMajor: 100 };
    const r = bundleProtection(full, "north", "cost");
    expect(r.ok && r.figure.totalMinor).toBe(3_690_000);
    expect(bundleProtection({ ...full, issues: [] }, "north", "cost")).toMatchObject({ ok: false });
  });
});
