import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bundleClausesSchema, type BundleClauses, type Observation } from "./clauses";
import { RemedySimulationError, percentOfFeeMinor, simulateRemedies } from "./remedy-simulator";

const FEE = 1_000_000; // 10,000.00 per month in minor units

// Fixtures are loose literals; the schema both types and validates them.
const bundle = (input: unknown): BundleClauses => bundleClausesSchema.parse(input);
const obs = (metric: string, values: (number | null)[]): Observation[] =>
  values.flatMap((value, i) => (value === null ? [] : [{ metric, period: i + 1, value }]));

const uptimeSla = (remedies: unknown[], extra: Record<string, unknown> = {}) => ({
  id: "sla", metric: "Uptime", unit: "%", direction: "higher_is_better", target: 99.9, window: "month",
  verificationSource: "buyer monitoring", remedies, ...extra,
});
const tieredCredit = { kind: "service_credit", id: "sc", automatic: true, amount: { type: "per_step", percentPerStep: 5, step: 0.1 }, capPercentOfPeriodFee: 20 };

describe("simulateRemedies: worked examples", () => {
  it("tiered credit of 5 % per 0.1 pt, capped at 20 % of the monthly fee", () => {
    const sim = simulateRemedies(bundle({ slas: [uptimeSla([tieredCredit])] }), obs("uptime", [99.5, 99.0, 99.95, 99.85]), FEE);
    // Month 1: 99.9 − 99.5 = 0.4 pt = 4 steps × 5 % = 20 %; 1,000,000 × 20 % = 200,000; cap 20 % = 200,000 → 200,000.
    // Month 2: 99.9 − 99.0 = 0.9 pt = 9 steps × 5 % = 45 % = 450,000 → capped at 200,000.
    // Month 3: 99.95 ≥ 99.9 → no breach.
    // Month 4: 0.05 pt is half a step; "or part thereof" → 1 step = 5 % = 50,000.
    expect(sim.credits.map((c) => [c.period, c.percent, c.amountMinor, c.capped])).toEqual([
      [1, 20, 200_000, false],
      [2, 45, 200_000, true],
      [4, 5, 50_000, false],
    ]);
    expect(sim.creditsByPeriod).toEqual([
      { period: 1, amountMinor: 200_000 }, { period: 2, amountMinor: 200_000 },
      { period: 3, amountMinor: 0 }, { period: 4, amountMinor: 50_000 },
    ]);
    expect(sim.totalCreditsMinor).toBe(450_000); // 200,000 + 200,000 + 50,000
    expect(sim.findings).toEqual([]);
  });

  it("applies the contract's overall cap over the fees elapsed", () => {
    const sim = simulateRemedies(
      bundle({ slas: [uptimeSla([tieredCredit])], contractTerms: { creditCapPercentOfTotalFees: 10 } }),
      obs("Uptime", [99.5, 99.0, 99.95, 99.85]), FEE,
    );
    // Month 1: 10 % of 1 × 1,000,000 = 100,000 allowed → 100,000 (of 200,000).
    // Month 2: 10 % of 2,000,000 = 200,000 − 100,000 paid = 100,000 → 100,000 (of 200,000).
    // Month 4: 10 % of 4,000,000 = 400,000 − 200,000 = 200,000 left → full 50,000.
    expect(sim.credits.map((c) => [c.amountMinor, c.capped])).toEqual([[100_000, true], [100_000, true], [50_000, false]]);
    expect(sim.totalCreditsMinor).toBe(250_000);
  });

  it("rounds down to whole minor units", () => {
    const credit = { ...tieredCredit, amount: { type: "fixed", percent: 2.5 }, capPercentOfPeriodFee: null };
    const sim = simulateRemedies(bundle({ slas: [uptimeSla([credit])] }), obs("Uptime", [99]), 333_333);
    // 333,333 × 2.5 % = 8,333.325 → floor → 8,333.
    expect(sim.credits[0]?.amountMinor).toBe(8_333);
    // 2^53 − 1 at 50 % = 4,503,599,627,370,495.5 → 4,503,599,627,370,495, exact thanks to BigInt.
    expect(percentOfFeeMinor(Number.MAX_SAFE_INTEGER, 50)).toBe(4_503_599_627_370_495);
  });

  it("takes a percentage to 4 decimals half away from zero on the decimal typed", () => {
    // 0.00145 % → 0.0015 % (15 ppm): 1,000,000 × 15 / 1,000,000 = 15; binary rounding read 14.4999… ppm → 14.
    const credit = { ...tieredCredit, amount: { type: "fixed", percent: 0.00145 }, capPercentOfPeriodFee: null };
    const sim = simulateRemedies(bundle({ slas: [uptimeSla([credit])] }), obs("Uptime", [99]), 1_000_000);
    expect(sim.credits[0]?.amountMinor).toBe(15);
    for (const [percent, ppm] of [[0.00565, 57], [0.02175, 218], [0.06445, 645], [0.00144, 14], [0.1, 1000], [0.1 * 3, 3000]] as const) {
      expect(percentOfFeeMinor(1_000_000, percent), `${percent} %`).toBe(ppm);
    }
  });

  it("banded credit on a lower-is-better SLA", () => {
    const sla = {
      id: "p1", metric: "P1 response", unit: "hours", direction: "lower_is_better", target: 4, window: "month", verificationSource: "ticket log",
      remedies: [{ kind: "service_credit", id: "band", automatic: true, capPercentOfPeriodFee: 100,
        amount: { type: "bands", bands: [{ minShortfall: 0, percent: 2 }, { minShortfall: 2, percent: 5 }, { minShortfall: 6, percent: 10 }] } }],
    };
    const sim = simulateRemedies(bundle({ slas: [sla] }), obs("P1 response", [3, 7, 11, 4.5]), 500_000);
    // 7 h: 3 h over → band "≥ 2" → 5 % of 500,000 = 25,000. 11 h: 7 over → 10 % = 50,000. 4.5 h: 0.5 over → 2 % = 10,000.
    expect(sim.credits.map((c) => [c.period, c.shortfall, c.amountMinor])).toEqual([[2, 3, 25_000], [3, 7, 50_000], [4, 0.5, 10_000]]);
  });

  it("contingent clause applies only in its window and periods", () => {
    const cc = { id: "cc", metric: "Uptime", comparison: "lt", threshold: 99.9, window: "month", periods: [2], verificationSource: "x",
      remedy: { kind: "service_credit", id: "sc-cc", automatic: true, amount: { type: "fixed", percent: 10 }, capPercentOfPeriodFee: 10 } };
    const sim = simulateRemedies(bundle({ contingentClauses: [cc] }), obs("Uptime", [99.0, 99.5, 99.0]), FEE);
    // Only month 2 counts: 10 % of 1,000,000 = 100,000.
    expect(sim.credits.map((c) => [c.period, c.amountMinor])).toEqual([[2, 100_000]]);
  });

  it("never credits more than the period fee across clauses", () => {
    const big = (id: string) => ({ kind: "service_credit", id, automatic: true, amount: { type: "fixed", percent: 60 }, capPercentOfPeriodFee: null });
    const sim = simulateRemedies(bundle({ slas: [uptimeSla([big("a"), big("b")])] }), obs("Uptime", [90]), FEE);
    // 60 % = 600,000, then only 1,000,000 − 600,000 = 400,000 is left of the invoice.
    expect(sim.credits.map((c) => [c.clauseId, c.amountMinor, c.capped])).toEqual([["a", 600_000, false], ["b", 400_000, true]]);
  });

  it("holdback: withheld each month, released only if every month to the release date was met", () => {
    const hb = { kind: "holdback", id: "hb", percentOfFees: 10, releaseCondition: "all months met", releaseAfterPeriod: 3 };
    const run = (values: (number | null)[]) => simulateRemedies(bundle({ slas: [uptimeSla([hb])] }), obs("Uptime", values), FEE).holdbacks[0];
    // 10 % of 1,000,000 = 100,000 per month × 3 months = 300,000.
    expect(run([99.95, 99.9, 100, 98])).toMatchObject({ totalWithheldMinor: 300_000, status: "released", releasedMinor: 300_000 });
    expect(run([99.95, 99.0, 100])).toMatchObject({ totalWithheldMinor: 300_000, status: "retained", releasedMinor: 0 });
    expect(run([99.95, null, 100])).toMatchObject({ status: "pending", releasedMinor: 0 }); // month 2 unproven
    expect(run([99.95, 99.95])).toMatchObject({ totalWithheldMinor: 200_000, status: "pending" }); // not yet due
  });

  it("termination right: consecutive or total breaches", () => {
    const tr = (consecutive: boolean) => ({ kind: "termination_right", id: `tr-${consecutive}`, breachesToTrigger: 3, consecutive });
    // Breaches in months 1, 2, 4, 5, 6.
    const sim = simulateRemedies(bundle({ slas: [uptimeSla([tr(true), tr(false)])] }), obs("Uptime", [99, 99, 99.99, 99, 99, 99]), FEE);
    expect(sim.terminations.map((t) => [t.clauseId, t.triggered, t.period])).toEqual([["tr-true", true, 6], ["tr-false", true, 4]]);
    expect(sim.terminations[0]?.breachPeriods).toEqual([1, 2, 4, 5, 6]);
  });

  it("reports clauses it cannot simulate, and pays nothing for them", () => {
    const manual = { ...tieredCredit, id: "manual", automatic: false };
    const vague = { ...tieredCredit, id: "vague", amount: { type: "per_step", percentPerStep: 5, step: null } };
    const textOnly = { kind: "holdback", id: "hb", percentOfFees: 5, releaseCondition: "on acceptance" };
    const sim = simulateRemedies(bundle({
      slas: [
        uptimeSla([manual, vague, textOnly]),
        uptimeSla([tieredCredit], { id: "no-metric", metric: "" }),
        uptimeSla([tieredCredit], { id: "no-window", window: null, target: null }),
        uptimeSla([tieredCredit], { id: "unseen", metric: "Latency" }),
        uptimeSla([{ kind: "transition_assistance", id: "ta", months: 3 }], { id: "exit-only", metric: null }),
      ],
    }), obs("Uptime", [99]), FEE);
    expect(sim.findings.map((f) => [f.code, f.clauseId])).toEqual([
      ["NO_METRIC", "no-metric"],
      ["NO_THRESHOLD", "no-window"],
      ["NO_WINDOW", "no-window"],
      ["NO_OBSERVATIONS", "unseen"],
      ["REMEDY_NOT_AUTOMATIC", "manual"],
      ["REMEDY_WITHOUT_AMOUNT", "vague"],
      ["RELEASE_NOT_MEASURABLE", "hb"],
    ]);
    expect(sim.credits).toEqual([]);
    expect(sim.holdbacks[0]).toMatchObject({ totalWithheldMinor: 50_000, status: "pending" });
  });

  it("rejects a fee that is not whole non-negative minor units, and bad observations", () => {
    const b = bundle({ slas: [uptimeSla([tieredCredit])] });
    for (const fee of [-1, 1.5, Number.NaN, Infinity, 2 ** 53]) {
      expect(() => simulateRemedies(b, [], fee)).toThrow(expect.objectContaining({ code: "INVALID_PERIOD_FEE" }));
    }
    expect(() => simulateRemedies(b, [{ metric: "Uptime", period: 1, value: Number.NaN }], FEE)).toThrow(RemedySimulationError);
    expect(() => simulateRemedies(b, [...obs("Uptime", [99]), ...obs("uptime", [98])], FEE))
      .toThrow(expect.objectContaining({ code: "DUPLICATE_OBSERVATION" }));
  });
});

// ── Properties ──────────────────────────────────────────────────────────────────────────

const percentArb = fc.double({ min: 0, max: 100, noNaN: true });
const amountArb = fc.oneof(
  fc.record({ type: fc.constant("fixed" as const), percent: percentArb }),
  fc.record({ type: fc.constant("per_step" as const), percentPerStep: percentArb, step: fc.double({ min: 0.001, max: 10, noNaN: true }) }),
  fc.record({ type: fc.constant("bands" as const), bands: fc.array(fc.record({ minShortfall: fc.double({ min: 0, max: 5, noNaN: true }), percent: percentArb }), { minLength: 1, maxLength: 4 }) }),
);
const slaArb = fc.record({
  metric: fc.constantFrom("A", "B"),
  direction: fc.constantFrom("higher_is_better" as const, "lower_is_better" as const),
  target: fc.double({ min: -10, max: 10, noNaN: true }),
  remedies: fc.array(fc.record({ amount: amountArb, cap: fc.option(percentArb) }), { minLength: 1, maxLength: 3 }),
});
const simArb = fc.record({
  slas: fc.array(slaArb, { minLength: 1, maxLength: 3 }),
  // Small overall caps are over-sampled so that the cap binds often.
  overallCap: fc.option(fc.oneof(percentArb, fc.constantFrom(0, 0.5, 5))),
  holdback: percentArb,
  fee: fc.oneof(fc.nat({ max: 10_000 }), fc.nat({ max: 2 ** 40 })),
  values: fc.array(fc.tuple(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true })), { maxLength: 8 }),
});

describe("simulateRemedies: properties", () => {
  it("payouts are whole, non-negative and within every cap", () => {
    fc.assert(fc.property(simArb, (s) => {
      const clauses = bundle({
        slas: s.slas.map((sla, i) => ({
          id: `s${i}`, metric: sla.metric, direction: sla.direction, target: sla.target, window: "month", verificationSource: "x",
          remedies: [
            ...sla.remedies.map((r, j) => ({ kind: "service_credit", id: `c${i}.${j}`, automatic: true, amount: r.amount, capPercentOfPeriodFee: r.cap })),
            { kind: "holdback", id: `h${i}`, percentOfFees: s.holdback, releaseAfterPeriod: 2 },
          ],
        })),
        contractTerms: { creditCapPercentOfTotalFees: s.overallCap },
      });
      const observations = s.values.flatMap(([a, b], i) => [{ metric: "A", period: i + 1, value: a }, { metric: "B", period: i + 1, value: b }]);
      const sim = simulateRemedies(clauses, observations, s.fee);
      const caps = new Map(clauses.slas.flatMap((sla) => sla.remedies.map((r) => [r.id, r.kind === "service_credit" ? r.capPercentOfPeriodFee : null] as const)));

      for (const c of sim.credits) {
        expect(Number.isSafeInteger(c.amountMinor) && c.amountMinor >= 0).toBe(true);
        expect(c.amountMinor).toBeLessThanOrEqual(percentOfFeeMinor(s.fee, caps.get(c.clauseId) ?? 100));
      }
      let cumulative = 0;
      for (const { period, amountMinor } of sim.creditsByPeriod) {
        expect(amountMinor).toBe(sim.credits.filter((c) => c.period === period).reduce((a, c) => a + c.amountMinor, 0));
        expect(amountMinor).toBeLessThanOrEqual(s.fee);
        cumulative += amountMinor;
        if (s.overallCap !== null) expect(cumulative).toBeLessThanOrEqual(percentOfFeeMinor(s.fee, s.overallCap, period));
      }
      expect(sim.totalCreditsMinor).toBe(cumulative);
      for (const h of sim.holdbacks) {
        expect(Number.isSafeInteger(h.totalWithheldMinor) && h.totalWithheldMinor >= 0).toBe(true);
        expect(h.releasedMinor === 0 || h.releasedMinor === h.totalWithheldMinor).toBe(true);
      }
    }), { numRuns: 300 });
  });
});
