/**
 * Small rounds for the tests, written out by hand so the expected numbers can be worked out
 * on paper. Not a test file itself (vitest only runs *.test.ts).
 */
import { parseRoundInput, type RoundInput, type RoundInputRaw } from "./schema";

const clauses = (uptime: boolean) => ({
  slas: uptime ? [{ id: "sla", metric: "uptime", unit: "%", direction: "higher_is_better" as const, target: 99.9, window: "month" as const, verificationSource: "monitor", remedies: [] }] : [],
});

type Row = [fee: number, months: number, support: string, rollout: number];

function bundle(slotId: string, [fee, months, support, rollout]: Row, uptime = true) {
  return { slotId, values: { fee, months, support, rollout, notes: "-" }, clauses: clauses(uptime) };
}

/**
 * Two vendors. Evaluated price = 12 × monthly fee. Weights: price 50 (lowest-price ratio),
 * support 20 (basic 0 / standard 5 / premium 10), rollout 10 (20 → 4 weeks, lower better),
 * quality 20 (judged, mean of two evaluators). Gate: rollout ≤ 16 weeks.
 */
export function miniRoundRaw(): RoundInputRaw {
  const quality: Record<string, [number, number]> = {
    "alpha/A": [6, 8],
    "alpha/B": [8, 8],
    "alpha/C": [7, 7],
    "beta/A": [5, 7],
    "beta/B": [9, 9],
    "beta/C": [6, 6],
  };
  return {
    rfpId: "mini",
    title: "Mini round",
    currency: "EUR",
    issues: [
      { id: "fee", name: "Monthly fee", kind: "money" },
      { id: "months", name: "Term", kind: "number", unit: "months" },
      { id: "support", name: "Support tier", kind: "choice", options: [{ id: "basic", label: "Basic" }, { id: "standard", label: "Standard" }, { id: "premium", label: "Premium" }] },
      { id: "rollout", name: "Rollout", kind: "number", unit: "weeks" },
      { id: "notes", name: "Notes", kind: "text" },
    ],
    bundleSlots: [{ id: "A", name: "A" }, { id: "B", name: "B" }, { id: "C", name: "C" }],
    criteria: [
      { id: "price", name: "Price", weight: 50, kind: "price" },
      { id: "support", name: "Support", weight: 20, kind: "choice", issueId: "support", points: { basic: 0, standard: 5, premium: 10 } },
      { id: "rollout", name: "Rollout", weight: 10, kind: "number", issueId: "rollout", direction: "lower_is_better", worst: 20, best: 4 },
      { id: "quality", name: "Quality", weight: 20, kind: "judged" },
    ],
    gates: [{ id: "g-rollout", name: "Rollout within 16 weeks", kind: "number", issueId: "rollout", operator: "<=", value: 16 }],
    clauseRequirements: {},
    evaluators: [{ id: "e1", name: "E1" }, { id: "e2", name: "E2" }],
    vendors: [
      { id: "alpha", name: "Alpha", bundles: [bundle("A", [100_000, 24, "standard", 8]), bundle("B", [125_000, 12, "premium", 4]), bundle("C", [110_000, 12, "standard", 12])] },
      { id: "beta", name: "Beta", bundles: [bundle("A", [90_000, 36, "basic", 10]), bundle("B", [120_000, 24, "premium", 8]), bundle("C", [100_000, 24, "standard", 20])] },
    ],
    evaluatorScores: Object.entries(quality).flatMap(([key, [a, b]]) => {
      const [vendorId, slotId] = key.split("/") as [string, string];
      return [
        { evaluatorId: "e1", criterionId: "quality", vendorId, slotId, score: a },
        { evaluatorId: "e2", criterionId: "quality", vendorId, slotId, score: b },
      ];
    }),
    buyer: {
      reservationPriceMinor: 1_450_000,
      batna: { label: "status quo", values: { fee: 95_000, months: 12, support: "basic", rollout: 0, notes: "" }, judgedScores: { quality: 5 } },
    },
    settings: {
      evaluatedPrice: { terms: [{ issueId: "fee", coefficient: 12 }] },
      priceFormula: { kind: "lowest-price-ratio" },
      consensus: "mean",
      spreadMargin: 1.5,
    },
  };
}

export function parsed(raw: unknown): RoundInput {
  const result = parseRoundInput(raw);
  if (!result.ok) throw new Error(`test round invalid:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join("\n")}`);
  return result.data;
}
