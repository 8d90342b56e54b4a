import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLAUSE_FINDING_SEVERITY, checkClauses } from "./clause-check";
import {
  CLAUSE_FINDING_CODES,
  MEASUREMENT_WINDOWS,
  bundleClausesSchema,
  clauseRequirementsSchema,
  observationSchema,
  type BundleClauses,
  type ClauseFindingCode,
  type ClauseRequirements,
  type MeasurementWindow,
  type Sla,
} from "./clauses";

const requirements: ClauseRequirements = clauseRequirementsSchema.parse({
  slas: [
    { metric: "Uptime", unit: "%", direction: "higher_is_better", minimumTarget: 99.9, window: "month", verificationSource: "the buyer's independent monitoring" },
    { metric: "P1 response time", unit: "hours", direction: "lower_is_better", minimumTarget: 4, window: "month" },
  ],
  serviceCredit: { required: true, minimumPercent: 5, minimumCapPercent: 20 },
  holdback: { required: true },
  terminationRightRequired: true,
  transitionAssistanceRequired: true,
});

const uptime = (): Sla => ({
  id: "sla-uptime", metric: "Uptime", unit: "%", direction: "higher_is_better", target: 99.95, window: "month",
  verificationSource: "buyer's monitoring",
  remedies: [
    { kind: "service_credit", id: "sc-uptime", automatic: true, amount: { type: "per_step", percentPerStep: 5, step: 0.1 }, capPercentOfPeriodFee: 20 },
    { kind: "holdback", id: "hb", percentOfFees: 10, releaseCondition: "all SLAs met in months 1–6", releaseAfterPeriod: 6 },
  ],
});

const complete = (): BundleClauses => ({
  slas: [
    uptime(),
    {
      id: "sla-p1", metric: "p1 response time", unit: "hours", direction: "lower_is_better", target: 2, window: "week",
      verificationSource: "ticketing system export",
      remedies: [
        { kind: "service_credit", id: "sc-p1", automatic: true, amount: { type: "fixed", percent: 5 }, capPercentOfPeriodFee: 25 },
        { kind: "termination_right", id: "tr", breachesToTrigger: 3, consecutive: true, description: null },
      ],
    },
  ],
  contingentClauses: [
    {
      id: "cc", metric: "Uptime", unit: "%", comparison: "lt", threshold: 99.9, window: "month", periods: [2],
      verificationSource: "buyer's monitoring",
      remedy: { kind: "service_credit", id: "sc-cc", automatic: true, amount: { type: "fixed", percent: 1 }, capPercentOfPeriodFee: 1 },
    },
  ],
  contractTerms: {
    autoRenewal: true, renewalNoticeDays: 90, terminationRight: true,
    transitionAssistance: { months: 6, scope: "data export and knowledge transfer" }, creditCapPercentOfTotalFees: null,
  },
});

const codes = (b: BundleClauses, r: ClauseRequirements = requirements) => checkClauses(b, r).map((f) => f.code).sort();

describe("checkClauses: examples", () => {
  it("finds nothing in a complete, compliant bundle", () => {
    expect(checkClauses(complete(), requirements)).toEqual([]);
  });

  it("reports a vague SLA with warnings and a concrete rewrite", () => {
    const b = complete();
    b.slas[0] = { ...uptime(), target: null, window: null, verificationSource: null };
    const findings = checkClauses(b, requirements);
    expect(findings.map((f) => [f.code, f.severity, f.clauseId])).toEqual([
      ["NO_THRESHOLD", "warning", "sla-uptime"],
      ["NO_WINDOW", "warning", "sla-uptime"],
      ["NO_VERIFICATION_SOURCE", "warning", "sla-uptime"],
    ]);
    expect(findings[0]?.suggestion).toBe(
      "Uptime ≥ 99.9 % per calendar month, measured by the buyer's independent monitoring; " +
        "5 % service credit of the monthly fee per 0.1 pt below target, capped at 20 %, applied automatically to the next invoice.",
    );
  });

  it("compares targets by direction", () => {
    const b = complete();
    b.slas[0] = { ...uptime(), target: 99.5 };
    b.slas[1] = { ...b.slas[1]!, target: 8 };
    const findings = checkClauses(b, requirements);
    expect(findings.map((f) => [f.code, f.severity, f.clauseId])).toEqual([
      ["TARGET_BELOW_MINIMUM", "error", "sla-uptime"],
      ["TARGET_BELOW_MINIMUM", "error", "sla-p1"],
    ]);
    expect(findings[1]?.message).toContain("at most 4 hours");
    // A suggestion never weakens the RFP: it takes the stronger of bid and requirement.
    expect(findings[1]?.suggestion).toMatch(/^P1 response time ≤ 4 hours per calendar month/);
  });

  it("treats a vendor's bare promises as vague, the RFP's requirements as errors", () => {
    const b = complete();
    b.slas[0]!.remedies = [
      { kind: "service_credit", id: "sc", automatic: false, amount: { type: "fixed", percent: 2 }, capPercentOfPeriodFee: 10 },
      { kind: "holdback", id: "hb", percentOfFees: null, releaseCondition: " ", releaseAfterPeriod: null },
    ];
    expect(checkClauses(b, requirements).map((f) => `${f.code}:${f.severity}`)).toEqual([
      "REMEDY_NOT_AUTOMATIC:warning",
      "CREDIT_BELOW_MINIMUM:error",
      "CREDIT_CAP_BELOW_MINIMUM:error",
      "REMEDY_WITHOUT_AMOUNT:warning",
      "HOLDBACK_WITHOUT_RELEASE:warning",
    ]);
  });

  it("requires the RFP's SLAs, credits, holdback, exit terms", () => {
    const b: BundleClauses = bundleClausesSchema.parse({
      slas: [{ id: "s", metric: "Uptime", unit: "%", direction: "higher_is_better", target: 99.9, window: "quarter", verificationSource: "x" }],
      contractTerms: { autoRenewal: true },
    });
    const findings = checkClauses(b, requirements);
    expect(findings.map((f) => [f.code, f.severity, f.clauseId])).toEqual([
      ["WINDOW_LONGER_THAN_REQUIRED", "error", "s"],
      ["REQUIRED_REMEDY_MISSING", "error", "s"],
      ["REQUIRED_SLA_MISSING", "error", null],
      ["REQUIRED_REMEDY_MISSING", "error", null],
      ["AUTO_RENEWAL_WITHOUT_NOTICE", "warning", null],
      ["NO_TERMINATION_RIGHT", "error", null],
      ["NO_TRANSITION_ASSISTANCE", "error", null],
    ]);
    expect(findings[2]?.message).toContain("P1 response time");
  });

  it("only warns about exit terms the RFP does not require", () => {
    const lenient = clauseRequirementsSchema.parse({});
    const b = complete();
    b.contractTerms = { ...b.contractTerms, terminationRight: false, transitionAssistance: null };
    b.slas[1]!.remedies = b.slas[1]!.remedies.filter((r) => r.kind !== "termination_right");
    expect(checkClauses(b, lenient).map((f) => `${f.code}:${f.severity}`)).toEqual(["NO_TERMINATION_RIGHT:warning"]);
  });

  it("reports an SLA with no remedy and a contingent clause with no trigger or remedy", () => {
    const b = complete();
    b.slas.push({ id: "extra", metric: "NPS", unit: null, direction: "higher_is_better", target: 40, window: "year", verificationSource: "survey", remedies: [] });
    b.contingentClauses[0] = { ...b.contingentClauses[0]!, metric: " ", comparison: null, threshold: null, remedy: null };
    expect(codes(b)).toEqual(["NO_COMPARISON", "NO_METRIC", "NO_REMEDY", "NO_REMEDY", "NO_THRESHOLD"]);
  });

  it("does not compare targets in different units", () => {
    const b = complete();
    b.slas[1] = { ...b.slas[1]!, unit: "minutes", target: 120 };
    expect(codes(b)).toEqual(["UNIT_MISMATCH"]);
  });

  it("gives every code a severity", () => {
    expect(Object.keys(CLAUSE_FINDING_SEVERITY).sort()).toEqual([...CLAUSE_FINDING_CODES].sort());
  });
});

describe("clause schemas", () => {
  const pathsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
    (r.error?.issues ?? []).map((i) => i.path.join("."));

  it("accepts vagueness: blank metric, null target, missing window", () => {
    const parsed = bundleClausesSchema.parse({ slas: [{ id: "s", metric: "", target: null }] });
    expect(parsed.slas[0]).toMatchObject({ metric: "", target: null, window: null, direction: null, remedies: [] });
    expect(parsed.contractTerms.autoRenewal).toBe(false);
  });

  it("rejects NaN, out-of-range percentages, negative amounts and wrong types, listing paths", () => {
    const r = bundleClausesSchema.safeParse({
      slas: [{
        id: "s", metric: 42, target: Number.NaN, window: "fortnight",
        remedies: [
          { kind: "service_credit", id: "c", amount: { type: "per_step", percentPerStep: 101, step: 0 }, capPercentOfPeriodFee: -1 },
          { kind: "holdback", id: "h", percentOfFees: Infinity, releaseAfterPeriod: 1.5 },
        ],
      }],
      contingentClauses: [{ id: "cc", periods: [0], remedy: { kind: "transition_assistance", id: "t", months: -3 } }],
      contractTerms: { renewalNoticeDays: -30, creditCapPercentOfTotalFees: 100.5 },
    });
    expect(r.success).toBe(false);
    expect(pathsOf(r).sort()).toEqual([
      "contingentClauses.0.periods.0",
      "contingentClauses.0.remedy.months",
      "contractTerms.creditCapPercentOfTotalFees",
      "contractTerms.renewalNoticeDays",
      "slas.0.metric",
      "slas.0.remedies.0.amount.percentPerStep",
      "slas.0.remedies.0.amount.step",
      "slas.0.remedies.0.capPercentOfPeriodFee",
      "slas.0.remedies.1.percentOfFees",
      "slas.0.remedies.1.releaseAfterPeriod",
      "slas.0.target",
      "slas.0.window",
    ]);
  });

  it("rejects bad requirements and observations", () => {
    expect(pathsOf(clauseRequirementsSchema.safeParse({
      slas: [{ metric: "", direction: "up", minimumTarget: Number.NaN, window: "month" }],
      serviceCredit: { minimumPercent: 120 },
    })).sort()).toEqual(["serviceCredit.minimumPercent", "slas.0.direction", "slas.0.metric", "slas.0.minimumTarget"]);
    expect(pathsOf(observationSchema.safeParse({ metric: "Uptime", period: 0, value: Number.NaN })).sort()).toEqual(["period", "value"]);
  });
});

// ── Properties ──────────────────────────────────────────────────────────────────────────

const METRICS = ["Uptime", "Resolution time", "Defect rate"] as const;
const windowIdx = (w: MeasurementWindow) => MEASUREMENT_WINDOWS.indexOf(w);

const scenario = fc.record({
  reqs: fc.uniqueArray(
    fc.record({
      metric: fc.constantFrom(...METRICS),
      unit: fc.constantFrom("%", "hours", null),
      direction: fc.constantFrom("higher_is_better" as const, "lower_is_better" as const),
      minimumTarget: fc.integer({ min: 10, max: 1000 }),
      window: fc.constantFrom(...MEASUREMENT_WINDOWS),
      verificationSource: fc.constantFrom("buyer monitoring", null),
      margin: fc.integer({ min: 0, max: 9 }),
      shorter: fc.nat(),
    }),
    { minLength: 1, maxLength: 3, selector: (r) => r.metric },
  ),
  minPercent: fc.integer({ min: 0, max: 40 }),
  minCap: fc.integer({ min: 0, max: 90 }),
  extraPercent: fc.integer({ min: 0, max: 10 }),
  holdbackRequired: fc.boolean(),
  terminationRequired: fc.boolean(),
  transitionRequired: fc.boolean(),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario): { bundle: BundleClauses; reqs: ClauseRequirements } {
  const reqs: ClauseRequirements = {
    slas: s.reqs.map(({ margin: _m, shorter: _s, ...r }) => r),
    serviceCredit: { required: true, minimumPercent: s.minPercent, minimumCapPercent: s.minCap },
    holdback: { required: s.holdbackRequired },
    terminationRightRequired: s.terminationRequired,
    transitionAssistanceRequired: s.transitionRequired,
  };
  const slas: Sla[] = s.reqs.map((r, i) => ({
    id: `sla-${i}`, metric: r.metric.toUpperCase(), unit: r.unit, direction: r.direction,
    target: r.direction === "higher_is_better" ? r.minimumTarget + r.margin : r.minimumTarget - r.margin,
    window: MEASUREMENT_WINDOWS[r.shorter % (windowIdx(r.window) + 1)]!, verificationSource: "vendor dashboard, audited",
    remedies: [{
      kind: "service_credit", id: `sc-${i}`, automatic: true,
      amount: { type: "per_step", percentPerStep: s.minPercent + s.extraPercent, step: 1 },
      capPercentOfPeriodFee: Math.min(100, s.minCap + s.extraPercent),
    }],
  }));
  slas[0]!.remedies.push(
    { kind: "holdback", id: "hb", percentOfFees: 10, releaseCondition: null, releaseAfterPeriod: 6 },
    { kind: "termination_right", id: "tr", breachesToTrigger: 3, consecutive: false, description: null },
  );
  const bundle: BundleClauses = {
    slas,
    contingentClauses: [{
      id: "cc", metric: "Pilot adoption", unit: "%", comparison: "lt", threshold: 60, window: "month", periods: null,
      verificationSource: "usage logs",
      remedy: { kind: "service_credit", id: "sc-cc", automatic: true, amount: { type: "fixed", percent: 1 }, capPercentOfPeriodFee: 1 },
    }],
    contractTerms: {
      autoRenewal: true, renewalNoticeDays: 60, terminationRight: true,
      transitionAssistance: { months: 3, scope: "exit plan" }, creditCapPercentOfTotalFees: 15,
    },
  };
  return { bundle, reqs };
}

type Part = { name: string; when?: (s: Scenario) => boolean; cut: (b: BundleClauses, s: Scenario) => void; expect: (s: Scenario) => ClauseFindingCode[] };
const only = (...c: ClauseFindingCode[]) => () => c;
const sla0 = (b: BundleClauses) => b.slas[0]!;
const credit0 = (b: BundleClauses) => sla0(b).remedies[0] as Extract<Sla["remedies"][number], { kind: "service_credit" }>;

const PARTS: Part[] = [
  // The one part that yields two codes: a blank metric also leaves the required metric uncovered.
  { name: "SLA metric", cut: (b) => { sla0(b).metric = ""; }, expect: only("NO_METRIC", "REQUIRED_SLA_MISSING") },
  { name: "contingent metric", cut: (b) => { b.contingentClauses[0]!.metric = null; }, expect: only("NO_METRIC") },
  { name: "target", cut: (b) => { sla0(b).target = null; }, expect: only("NO_THRESHOLD") },
  { name: "contingent threshold", cut: (b) => { b.contingentClauses[0]!.threshold = null; }, expect: only("NO_THRESHOLD") },
  { name: "direction", cut: (b) => { sla0(b).direction = null; }, expect: only("NO_COMPARISON") },
  { name: "window", cut: (b) => { sla0(b).window = null; }, expect: only("NO_WINDOW") },
  { name: "verification source", cut: (b) => { b.contingentClauses[0]!.verificationSource = ""; }, expect: only("NO_VERIFICATION_SOURCE") },
  { name: "automatic", cut: (b) => { credit0(b).automatic = null; }, expect: only("REMEDY_NOT_AUTOMATIC") },
  { name: "credit amount", cut: (b) => { credit0(b).amount = null; }, expect: only("REMEDY_WITHOUT_AMOUNT") },
  { name: "cap", cut: (b) => { credit0(b).capPercentOfPeriodFee = null; }, expect: only("CREDIT_WITHOUT_CAP") },
  { name: "credit size", when: (s) => s.minPercent > 0, cut: (b, s) => { credit0(b).amount = { type: "fixed", percent: s.minPercent - 1 }; }, expect: only("CREDIT_BELOW_MINIMUM") },
  { name: "cap size", when: (s) => s.minCap > 0, cut: (b, s) => { credit0(b).capPercentOfPeriodFee = s.minCap - 0.5; }, expect: only("CREDIT_CAP_BELOW_MINIMUM") },
  { name: "holdback release", cut: (b) => { Object.assign(sla0(b).remedies[1]!, { releaseAfterPeriod: null }); }, expect: only("HOLDBACK_WITHOUT_RELEASE") },
  { name: "holdback amount", cut: (b) => { Object.assign(sla0(b).remedies[1]!, { percentOfFees: null }); }, expect: only("REMEDY_WITHOUT_AMOUNT") },
  { name: "holdback", cut: (b) => { sla0(b).remedies.splice(1, 1); }, expect: (s) => (s.holdbackRequired ? ["REQUIRED_REMEDY_MISSING"] : []) },
  { name: "termination trigger", cut: (b) => { Object.assign(sla0(b).remedies[2]!, { breachesToTrigger: null }); }, expect: only("NO_THRESHOLD") },
  { name: "termination right", cut: (b) => { b.contractTerms.terminationRight = false; sla0(b).remedies.pop(); }, expect: only("NO_TERMINATION_RIGHT") },
  { name: "renewal notice", cut: (b) => { b.contractTerms.renewalNoticeDays = null; }, expect: only("AUTO_RENEWAL_WITHOUT_NOTICE") },
  { name: "transition assistance", cut: (b) => { b.contractTerms.transitionAssistance = null; }, expect: (s) => (s.transitionRequired ? ["NO_TRANSITION_ASSISTANCE"] : []) },
  { name: "transition months", cut: (b) => { b.contractTerms.transitionAssistance = { months: null, scope: "exit plan" }; }, expect: only("REMEDY_WITHOUT_AMOUNT") },
  { name: "required SLA", cut: (b) => { b.slas.splice(b.slas.length - 1, 1); }, when: (s) => s.reqs.length > 1, expect: only("REQUIRED_SLA_MISSING") },
  { name: "required credit", cut: (b) => { sla0(b).remedies.shift(); }, expect: only("REQUIRED_REMEDY_MISSING") },
  { name: "contingent remedy", cut: (b) => { b.contingentClauses[0]!.remedy = null; }, expect: only("NO_REMEDY") },
  {
    name: "target strength", cut: (b, s) => { sla0(b).target = s.reqs[0]!.minimumTarget + (s.reqs[0]!.direction === "higher_is_better" ? -1 : 1); },
    expect: only("TARGET_BELOW_MINIMUM"),
  },
  { name: "window length", when: (s) => s.reqs[0]!.window !== "year", cut: (b) => { sla0(b).window = "year"; }, expect: only("WINDOW_LONGER_THAN_REQUIRED") },
  { name: "unit", cut: (b) => { sla0(b).unit = "furlongs"; }, when: (s) => s.reqs[0]!.unit !== null, expect: only("UNIT_MISMATCH") },
];

describe("checkClauses: properties", () => {
  it("a complete clause set has no finding and survives a schema round trip", () => {
    fc.assert(fc.property(scenario, (s) => {
      const { bundle, reqs } = build(s);
      expect(bundleClausesSchema.parse(bundle)).toEqual(bundle);
      expect(checkClauses(bundle, reqs)).toEqual([]);
    }), { numRuns: 200 });
  });

  it("removing any one part yields exactly its code, with the documented severity", () => {
    fc.assert(fc.property(scenario, fc.constantFrom(...PARTS), (s, part) => {
      fc.pre(part.when?.(s) ?? true);
      const { bundle, reqs } = build(s);
      part.cut(bundle, s);
      const findings = checkClauses(bundle, reqs);
      expect(findings.map((f) => f.code).sort(), part.name).toEqual([...part.expect(s)].sort());
      for (const f of findings) {
        const severity = f.code === "NO_TERMINATION_RIGHT" && reqs.terminationRightRequired ? "error" : CLAUSE_FINDING_SEVERITY[f.code];
        expect(f.severity).toBe(severity);
        expect(f.message.length).toBeGreaterThan(10);
        expect(f.suggestion).toMatch(/\d.*\.$/);
      }
    }), { numRuns: 600 });
  });
});
