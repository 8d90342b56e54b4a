// The benchmarks' generated round, one definition for all of them: deterministic (seeded), so
// every run measures the same data.
import type { RoundInputRaw } from "../app/domain/evaluation";

export const VENDORS = 500;
export const JUDGED = 20;
export const EVALUATORS = 7;
const SLOTS = ["A", "B", "C"];

/** Deterministic pseudo-random numbers (mulberry32), so every run benchmarks the same round. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The round's size; the default is the engine and results benchmarks' round. */
export interface RoundSize {
  vendors: number;
  numberCriteria: number;
  choiceCriteria: number;
  judged: number;
  evaluators: number;
}
export const DEFAULT_SIZE: RoundSize = { vendors: VENDORS, numberCriteria: 12, choiceCriteria: 7, judged: JUDGED, evaluators: EVALUATORS };

/** 500 vendors × 3 bundles, 40 criteria (price, 12 number, 7 choice, 20 judged × 7 evaluators), 12 issues, 6 SLAs a bundle, unless `size` says otherwise. */
export function buildRound(rfpId = "bench", size: RoundSize = DEFAULT_SIZE): RoundInputRaw {
  const r = rng(42);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const tiers = ["bronze", "silver", "gold", "platinum"];
  const numberIssues = ["term", "rollout", "response", "local", "training", "payment", "warranty"];
  const choiceIssues = ["support", "hosting", "reporting"];
  const issues: RoundInputRaw["issues"] = [
    { id: "fee", name: "Monthly fee", kind: "money" },
    { id: "setup", name: "Setup fee", kind: "money" },
    ...numberIssues.map((id) => ({ id, name: id, kind: "number" as const, unit: "units" })),
    ...choiceIssues.map((id) => ({ id, name: id, kind: "choice" as const, options: tiers.map((t) => ({ id: t, label: t })) })),
  ];
  const criteria: RoundInputRaw["criteria"] = [{ id: "price", name: "Price", weight: 0, kind: "price" }];
  for (let k = 0; k < size.numberCriteria; k++) {
    const issueId = numberIssues[k % numberIssues.length]!;
    criteria.push({ id: `n${k}`, name: `Number ${k}`, weight: 0, kind: "number", issueId, direction: k % 2 ? "higher_is_better" : "lower_is_better", worst: k % 2 ? 0 : 100, best: k % 2 ? 100 : 0 });
  }
  for (let k = 0; k < size.choiceCriteria; k++) {
    criteria.push({ id: `c${k}`, name: `Choice ${k}`, weight: 0, kind: "choice", issueId: choiceIssues[k % 3]!, points: { bronze: 0, silver: 3, gold: 6, platinum: 10 } });
  }
  for (let k = 0; k < size.judged; k++) criteria.push({ id: `j${k}`, name: `Judged ${k}`, weight: 0, kind: "judged" });
  // Price 21.0, the others 2.0 each and the remainder on the first number criterion (40 criteria: 21 + 39 × 2 + 1).
  criteria.forEach((c, i) => (c.weight = i === 0 ? 21 : 2));
  criteria[1]!.weight = 2 + (100 - 21 - 2 * (criteria.length - 1));

  const sla = (v: number, s: string, k: number) => ({
    id: `v${v}-${s}-sla${k}`,
    metric: `metric ${k}`,
    unit: "%",
    direction: "higher_is_better" as const,
    target: 99 + int(0, 9) / 10,
    window: "month" as const,
    verificationSource: "monitoring",
    remedies: [{ kind: "service_credit" as const, id: `v${v}-${s}-cr${k}`, automatic: true, amount: { type: "fixed" as const, percent: int(2, 10) }, capPercentOfPeriodFee: 20 }],
  });
  const vendors: RoundInputRaw["vendors"] = [];
  const evaluatorScores: NonNullable<RoundInputRaw["evaluatorScores"]> = [];
  for (let v = 0; v < size.vendors; v++) {
    vendors.push({
      id: `v${String(v).padStart(3, "0")}`,
      name: `Vendor ${v}`,
      bundles: SLOTS.map((s) => {
        const values: Record<string, number | string> = { fee: int(50_000, 150_000) * 100, setup: int(0, 50_000) * 100 };
        for (const id of numberIssues) values[id] = int(0, 100);
        for (const id of choiceIssues) values[id] = tiers[int(0, 3)]!;
        return {
          slotId: s,
          values,
          clauses: {
            slas: Array.from({ length: 6 }, (_, k) => sla(v, s, k)),
            contractTerms: { autoRenewal: false, renewalNoticeDays: 60, terminationRight: true, transitionAssistance: { months: 3, scope: "exit" }, creditCapPercentOfTotalFees: 20 },
          },
        };
      }),
    });
    for (const s of SLOTS) {
      for (let k = 0; k < size.judged; k++) {
        for (let e = 0; e < size.evaluators; e++) {
          evaluatorScores.push({ evaluatorId: `e${e}`, criterionId: `j${k}`, vendorId: `v${String(v).padStart(3, "0")}`, slotId: s, score: int(3, 10) });
        }
      }
    }
  }
  const batnaValues: Record<string, number | string> = { fee: 120_000_00, setup: 0 };
  for (const id of numberIssues) batnaValues[id] = 50;
  for (const id of choiceIssues) batnaValues[id] = "silver";
  return {
    rfpId,
    title: "Benchmark round",
    currency: "EUR",
    issues,
    bundleSlots: SLOTS.map((id) => ({ id, name: id })),
    criteria,
    gates: [
      { id: "g1", name: "term ≤ 95", kind: "number", issueId: "term", operator: "<=", value: 95 },
      { id: "g2", name: "metric 0 SLA", kind: "sla-present", metric: "metric 0" },
    ],
    clauseRequirements: { slas: [{ metric: "metric 0", unit: "%", direction: "higher_is_better", minimumTarget: 99.5, window: "month", verificationSource: null }] },
    evaluators: Array.from({ length: size.evaluators }, (_, e) => ({ id: `e${e}`, name: `Evaluator ${e}` })),
    vendors,
    evaluatorScores,
    buyer: { reservationPriceMinor: 5_000_000_00, batna: { label: "status quo", values: batnaValues, judgedScores: Object.fromEntries(criteria.filter((c) => c.kind === "judged").map((c) => [c.id, 5])) } },
    settings: { evaluatedPrice: { terms: [{ issueId: "fee", coefficient: 36 }, { issueId: "setup", coefficient: 1 }] }, priceFormula: { kind: "lowest-price-ratio" }, consensus: "median", spreadMargin: 3 },
  };
}
