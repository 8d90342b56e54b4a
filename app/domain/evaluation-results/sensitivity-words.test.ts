import { describe, expect, it } from "vitest";
import { evaluateRound, type RankReversalReport, type SensitivityReport } from "../evaluation/evaluate";
import { parsed } from "../evaluation/test-round";
import { bundleName, describeRankReversal, describeSensitivity, overtakerOf, wholeWeightPast, type NameLookup, type SensitivityInput } from "./sensitivity-words";

const VENDORS: Record<string, string> = { north: "Northwind", civic: "Civic Crew", acme: "Acme" };
const names: NameLookup = (vendorId, slotId) => ({ vendorName: VENDORS[vendorId] ?? vendorId, slotName: slotId });
const criteria = [
  { id: "price", name: "Price" },
  { id: "local", name: "Local hiring" },
  { id: "quality", name: "Quality" },
];

/** An engine 1.x report (leader against the runner-up only): no overtakenBy/up/down. */
const report = (over: Partial<SensitivityInput> = {}): SensitivityInput => ({
  leader: { vendorId: "north", slotId: "cost", total: 78.4213 },
  runnerUp: { vendorId: "civic", slotId: "balanced", total: 75.3187 },
  margin: 3.1026,
  swaps: [
    // Tie at 28.4 going down from 35: 28 is the first whole weight past it.
    { criterionId: "price", currentWeight: 35, swapWeight: 28.4, delta: -6.6 },
    { criterionId: "local", currentWeight: 15, swapWeight: null, delta: null },
    // Tie at 61.25 going up from 50: 62.
    { criterionId: "quality", currentWeight: 50, swapWeight: 61.25, delta: 11.25 },
  ],
  smallestAbsDelta: 6.6,
  mostSensitiveCriterionId: "price",
  robustness: "moderate",
  ...over,
});

describe("describeSensitivity", () => {
  it("says each swap weight as a buyer would, smallest change first", () => {
    const words = describeSensitivity(report(), names, criteria)!;
    expect(words.swaps.map((s) => s.text)).toEqual([
      "If Price weighed 28 instead of 35, Civic Crew’s balanced bundle would move ahead of Northwind’s cost bundle (they tie at 28.4).",
      "If Quality weighed 62 instead of 50, Civic Crew’s balanced bundle would move ahead of Northwind’s cost bundle (they tie at 61.3).",
      "No weight of Local hiring between 0 and 100 puts Civic Crew’s balanced bundle ahead of Northwind’s cost bundle.",
    ]);
    expect(words.swaps.map((s) => s.mostSensitive)).toEqual([true, false, false]);
    expect(words.margin).toBe("Northwind’s cost bundle leads with 78.42 points, 3.10 ahead of Civic Crew’s balanced bundle (75.32 points).");
    expect(words.headline).toBe("Northwind’s cost bundle leads; the best bundle of another vendor is Civic Crew’s balanced bundle.");
  });

  it("explains the robustness label with the smallest move", () => {
    expect(describeSensitivity(report(), names, criteria)!.robustness).toEqual({
      label: "moderate",
      title: "Moderately robust",
      explanation: "The smallest change of one weight that changes the order is 6.6 points (Price, from 35 to 28.4): between 5 and 15 points, so the result holds unless the weights are rethought noticeably.",
    });
    const fragile = describeSensitivity(report({ smallestAbsDelta: 2, robustness: "fragile", swaps: [{ criterionId: "price", currentWeight: 35, swapWeight: 33, delta: -2 }] }), names, criteria)!;
    expect(fragile.robustness.explanation).toMatch(/^Moving one weight by only 2 points \(Price, from 35 to 33\) changes the order/);
    // A tie exactly on a whole number: the words go one past it (33 → 32).
    expect(fragile.swaps[0]!.text).toMatch(/^If Price weighed 32 instead of 35,/);
    const robust = describeSensitivity(report({ smallestAbsDelta: null, mostSensitiveCriterionId: null, robustness: "robust", swaps: [{ criterionId: "price", currentWeight: 100, swapWeight: null, delta: null }] }), names, criteria)!;
    expect(robust.robustness.explanation).toBe("No change of any single weight between 0 and 100 puts Civic Crew’s balanced bundle ahead of Northwind’s cost bundle.");
  });

  it("engine 2.x: names the bundle that would lead, both directions, every vendor checked", () => {
    const v2: SensitivityReport = {
      ...(report() as SensitivityReport),
      competingVendors: 2,
      swaps: [
        {
          criterionId: "price", currentWeight: 35, swapWeight: 28.4, delta: -6.6, overtakenBy: { vendorId: "acme", slotId: "reliability" },
          down: { swapWeight: 28.4, delta: -6.6, overtakenBy: { vendorId: "acme", slotId: "reliability" } },
          up: { swapWeight: 51.5, delta: 16.5, overtakenBy: { vendorId: "civic", slotId: "balanced" } },
        },
        { criterionId: "local", currentWeight: 15, swapWeight: null, delta: null, overtakenBy: null, up: null, down: null },
        { criterionId: "quality", currentWeight: 50, swapWeight: null, delta: null, overtakenBy: null, up: null, down: null },
      ],
    };
    const words = describeSensitivity(v2, names, criteria)!;
    expect(words.swaps.map((s) => s.text)).toEqual([
      "If Price weighed 28 instead of 35, Acme’s reliability bundle would lead (they tie at 28.4). Raising it to 52 would let Civic Crew’s balanced bundle lead.",
      "No weight of Local hiring between 0 and 100 changes the winning vendor.",
      "No weight of Quality between 0 and 100 changes the winning vendor.",
    ]);
    expect(words.method).toMatch(/Every other vendor's ranked bundles are checked \(2 vendors\)/);
  });

  it("a tie on points is explained as such", () => {
    const words = describeSensitivity(report({ margin: 0, runnerUp: { vendorId: "civic", slotId: "balanced", total: 78.4213 }, robustness: "fragile" }), names, criteria)!;
    expect(words.margin).toBe("Northwind’s cost bundle and Civic Crew’s balanced bundle are tied at 78.42 points; the tie-break rule puts Northwind’s cost bundle first.");
    expect(words.robustness.explanation).toMatch(/leads only by the tie-break rule/);
  });

  it("null: nothing to compare", () => {
    expect(describeSensitivity(null, names, criteria)).toBeNull();
  });

  it("unknown criteria and bundles keep their ids", () => {
    const words = describeSensitivity(report({ runnerUp: { vendorId: "x9", slotId: "B", total: 70 } }), () => { throw new Error("unknown"); }, [])!;
    expect(words.swaps[0]!.text).toBe("If price weighed 28 instead of 35, x9’s B bundle would move ahead of north’s cost bundle (they tie at 28.4).");
  });
});

/** Vendors x and y, three equal bundles each, judged criteria A, B, C scored by one evaluator. */
function judgedRound(weights: number[], scores: Record<string, number[]>) {
  const crit = ["a", "b", "c"];
  const slots = ["A", "B", "C"];
  return parsed({
    rfpId: "r", title: "T", currency: "EUR",
    issues: [{ id: "fee", name: "Fee", kind: "money" }],
    bundleSlots: slots.map((id) => ({ id, name: id })),
    criteria: crit.map((id, i) => ({ id, name: id.toUpperCase(), weight: weights[i], kind: "judged" })),
    gates: [], clauseRequirements: {},
    evaluators: [{ id: "e1", name: "E1" }],
    vendors: Object.keys(scores).map((v) => ({ id: v, name: v, bundles: slots.map((slotId) => ({ slotId, values: { fee: 1000 }, clauses: { slas: [] } })) })),
    evaluatorScores: Object.keys(scores).flatMap((v) => slots.flatMap((slotId) => crit.map((criterionId, i) => ({ evaluatorId: "e1", criterionId, vendorId: v, slotId, score: scores[v]![i]! })))),
    buyer: { reservationPriceMinor: 10_000, batna: { label: "b", values: { fee: 1000 }, judgedScores: { a: 0, b: 0, c: 0 } } },
    settings: { evaluatedPrice: { terms: [{ issueId: "fee", coefficient: 1 }] }, priceFormula: { kind: "lowest-price-ratio" }, consensus: "mean", spreadMargin: 2 },
  });
}
const wordsOf = (weights: number[], scores: Record<string, number[]>) =>
  describeSensitivity(evaluateRound(judgedRound(weights, scores)).sensitivity!, (v, sl) => ({ vendorName: v, slotName: sl }), ["a", "b", "c"].map((id) => ({ id, name: id.toUpperCase() })))!;

describe("swap points that are whole numbers (exact, not float noise)", () => {
  it("a change of exactly 5 points is moderate, not fragile", () => {
    // 35 / 30 / 35: y leads 43.5 to 41.5; B at 25 (others 37.5 each) ties them at 43.75: a change of exactly 5
    const words = wordsOf([35, 30, 35], { x: [8, 1, 3], y: [6, 4, 3] });
    expect(words.robustness.label).toBe("moderate");
    expect(words.robustness.explanation).toBe("The smallest change of one weight that changes the order is 5 points (B, from 30 to 25): between 5 and 15 points, so the result holds unless the weights are rethought noticeably.");
    expect(words.swaps[0]!.text).toBe("If B weighed 24 instead of 30, x’s A bundle would lead (they tie at 25).");
  });

  it("names the first whole weight strictly past an exact tie", () => {
    // 25 / 20 / 55: x leads; A at 28 (B 19.2, C 52.8) ties x and y at 46.4, where x still leads by the tie-break
    const words = wordsOf([25, 20, 55], { x: [2, 2, 7], y: [8, 7, 2] });
    expect(words.swaps.find((w) => w.criterionId === "a")!.text).toBe("If A weighed 29 instead of 25, y’s A bundle would lead (they tie at 28).");
  });

  it("reads a tie stored with float noise by an earlier engine as the whole number it is", () => {
    expect(wholeWeightPast(27.999999999999993, 2.999999999999993, 100)).toBe(29);
    expect(wholeWeightPast(25.000000000000004, -4.9999999999999964, 100)).toBe(24);
  });
});

describe("helpers", () => {
  it("whole weight past the tie stays in range", () => {
    expect(wholeWeightPast(28.4, -6.6, 100)).toBe(28);
    expect(wholeWeightPast(28, -7, 100)).toBe(27);
    expect(wholeWeightPast(0.4, -10, 100)).toBe(0);
    expect(wholeWeightPast(99.6, 10, 100)).toBe(100);
    expect(wholeWeightPast(100 - 1e-6, 10, 100)).toBe(100);
    expect(wholeWeightPast(99.5, 10, 99.9)).toBeNull();
  });

  it("bundle names do not say bundle twice", () => {
    expect(bundleName(() => ({ vendorName: "Civic Crew", slotName: "Balanced bundle" }), { vendorId: "c", slotId: "b" })).toBe("Civic Crew’s Balanced bundle");
  });

  it("reads an overtaker field defensively", () => {
    expect(overtakerOf({ criterionId: "p", swapWeight: 3 })).toBeNull();
    expect(overtakerOf({ criterionId: "p", overtakenBy: { vendorId: "v", slotId: "s", total: 3 } })).toEqual({ vendorId: "v", slotId: "s", total: 3 });
    expect(overtakerOf({ criterionId: "p", somethingElse: { vendorId: "v", slotId: "s" } })).toEqual({ vendorId: "v", slotId: "s" });
  });
});

describe("describeRankReversal", () => {
  it("absolute formula: the engine's summary, no warning", () => {
    const r: RankReversalReport = { applicable: false, reversals: [], summary: "The price formula is absolute: withdrawing a bid cannot reorder the others." };
    expect(describeRankReversal(r, names)).toEqual({ applicable: false, warning: false, summary: r.summary, reversals: [], more: 0 });
  });

  it("relative formula without reversals: no warning", () => {
    const r: RankReversalReport = { applicable: true, reversals: [], summary: "The price formula is relative, but withdrawing any one bid would not reorder the others." };
    expect(describeRankReversal(r, names)).toMatchObject({ applicable: true, warning: false, summary: r.summary });
  });

  it("engine 1.x reversals in words, with names", () => {
    const r = {
      applicable: true,
      reversals: [{ removed: { vendorId: "acme", slotId: "cost" }, wasAhead: { vendorId: "north", slotId: "reliability" }, nowAhead: { vendorId: "civic", slotId: "balanced" } }],
      summary: "Withdrawing acme/cost (the lowest price) would put civic/balanced ahead of north/reliability.",
    };
    const words = describeRankReversal(r, names);
    expect(words.warning).toBe(true);
    expect(words.reversals).toEqual([
      "If Acme’s cost bundle (the lowest price) were withdrawn, Civic Crew’s balanced bundle would move ahead of Northwind’s reliability bundle, although neither changed its bid.",
    ]);
  });

  it("engine 2.x: a vendor withdraws its whole bid; long lists are cut and counted", () => {
    const pair = { removed: { vendorId: "acme", slotId: "cost" }, removedVendorId: "acme", wasAhead: { vendorId: "north", slotId: "reliability" }, nowAhead: { vendorId: "civic", slotId: "balanced" } };
    const r: RankReversalReport = { applicable: true, reversals: Array.from({ length: 12 }, () => pair), reversalCount: 1500, summary: "Withdrawing acme's bid …" };
    const words = describeRankReversal(r, names);
    expect(words.reversals).toHaveLength(10);
    expect(words.reversals[0]).toBe("If Acme withdrew its bid (its cost bundle has the lowest price), Civic Crew’s balanced bundle would move ahead of Northwind’s reliability bundle, although neither changed its bid.");
    expect(words.more).toBe(1490);
  });

  it("without the list, the engine's summary decides the warning", () => {
    expect(describeRankReversal({ applicable: true, summary: "Withdrawing acme's bid (it holds the lowest price) would put civic ahead of north." }, names)).toMatchObject({ warning: true });
    expect(describeRankReversal({ applicable: true, summary: "The price formula is relative, but no vendor withdrawing its bid would reorder the others." }, names)).toMatchObject({ warning: false });
  });
});
