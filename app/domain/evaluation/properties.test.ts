/** Property tests of the scoring core, ranking, sensitivity and MESO suggestions. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateRound, pickContenders, scoreAndRank } from "./evaluate";
import { scorePackage } from "./package";
import { compareBundles, totalKey } from "./ranking";
import type { PriceFormula, RoundInputRaw } from "./schema";
import { weightedTotals } from "./scoring";
import { rescaleWeights } from "./sensitivity";
import { parsed } from "./test-round";

const TIERS = ["basic", "standard", "premium"] as const;
const SLOTS = ["A", "B", "C"] as const;

const formulaArb: fc.Arbitrary<PriceFormula> = fc.oneof(
  fc.constant({ kind: "lowest-price-ratio" as const }),
  fc.constant({ kind: "proportional-penalty" as const }),
  fc.constant({ kind: "linear" as const, floorMinor: 200_000, ceilingMinor: 2_000_000 }),
  fc.constant({ kind: "logarithmic" as const, floorMinor: 200_000, ceilingMinor: 2_000_000 }),
);
const absoluteFormulaArb = fc.constantFrom<PriceFormula>(
  { kind: "linear", floorMinor: 200_000, ceilingMinor: 2_000_000 },
  { kind: "logarithmic", floorMinor: 200_000, ceilingMinor: 2_000_000 },
);

const bundleArb = fc.record({
  fee: fc.integer({ min: 0, max: 60_000 }),
  setup: fc.integer({ min: 0, max: 100_000 }),
  months: fc.constantFrom(12, 24, 36, 48),
  support: fc.constantFrom(...TIERS),
  rollout: fc.integer({ min: 1, max: 30 }),
  q1: fc.integer({ min: 0, max: 10 }),
  q2: fc.integer({ min: 0, max: 10 }),
});

/** A valid round: 1–6 vendors, 5 criteria with random weights summing to 100, any price formula. */
function roundArb(formula: fc.Arbitrary<PriceFormula> = formulaArb) {
  return fc
    .record({
      rawWeights: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 5, maxLength: 5 }).filter((w) => w.some((x) => x > 0)),
      formula,
      gate: fc.boolean(),
      vendors: fc.array(fc.array(bundleArb, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
    })
    .map(({ rawWeights, formula, gate, vendors }): RoundInputRaw => {
      // Weights in hundredths, as a buyer types them, adding up to exactly 100 (the schema adds the
      // decimals exactly): each share rounded down, the rest on the heaviest criterion.
      const sum = rawWeights.reduce((s, w) => s + w, 0);
      const hundredths = rawWeights.map((w) => Math.floor((10_000 * w) / sum));
      const heaviest = rawWeights.indexOf(Math.max(...rawWeights));
      hundredths[heaviest]! += 10_000 - hundredths.reduce((s, h) => s + h, 0);
      const weights = hundredths.map((h) => h / 100);
      return {
        rfpId: "prop",
        title: "Property round",
        currency: "EUR",
        issues: [
          { id: "fee", name: "Monthly fee", kind: "money" },
          { id: "setup", name: "Setup", kind: "money" },
          { id: "months", name: "Term", kind: "number", unit: "months" },
          { id: "support", name: "Support", kind: "choice", options: TIERS.map((t) => ({ id: t, label: t })) },
          { id: "rollout", name: "Rollout", kind: "number", unit: "weeks" },
        ],
        bundleSlots: SLOTS.map((id) => ({ id, name: id })),
        criteria: [
          { id: "price", name: "Price", weight: weights[0]!, kind: "price" },
          { id: "support", name: "Support", weight: weights[1]!, kind: "choice", issueId: "support", points: { basic: 0, standard: 4, premium: 10 } },
          { id: "rollout", name: "Rollout", weight: weights[2]!, kind: "number", issueId: "rollout", direction: "lower_is_better", worst: 26, best: 2 },
          { id: "term", name: "Term", weight: weights[3]!, kind: "number", issueId: "months", direction: "lower_is_better", worst: 48, best: 12 },
          { id: "quality", name: "Quality", weight: weights[4]!, kind: "judged" },
        ],
        gates: gate ? [{ id: "g", name: "Rollout ≤ 24", kind: "number", issueId: "rollout", operator: "<=", value: 24 }] : [],
        clauseRequirements: {},
        evaluators: [{ id: "e1", name: "E1" }, { id: "e2", name: "E2" }],
        vendors: vendors.map((bundles, v) => ({
          id: `v${v}`,
          name: `Vendor ${v}`,
          bundles: bundles.map((b, s) => ({ slotId: SLOTS[s]!, values: { fee: b.fee, setup: b.setup, months: b.months, support: b.support, rollout: b.rollout }, clauses: {} })),
        })),
        evaluatorScores: vendors.flatMap((bundles, v) =>
          bundles.flatMap((b, s) => [
            { evaluatorId: "e1", criterionId: "quality", vendorId: `v${v}`, slotId: SLOTS[s]!, score: b.q1 },
            { evaluatorId: "e2", criterionId: "quality", vendorId: `v${v}`, slotId: SLOTS[s]!, score: b.q2 },
          ]),
        ),
        buyer: { reservationPriceMinor: 1_500_000, batna: { label: "B", values: { fee: 30_000, setup: 0, months: 12, support: "basic", rollout: 0 }, judgedScores: { quality: 5 } } },
        settings: { evaluatedPrice: { terms: [{ issueId: "fee", coefficient: 24 }, { issueId: "setup", coefficient: 1 }] }, priceFormula: formula, consensus: "median", spreadMargin: 3 },
      };
    });
}

const RUNS = { numRuns: 60 };

describe("properties", () => {
  it("the order in which evaluator scores arrive changes nothing (grouped by cell or not)", () => {
    fc.assert(
      fc.property(roundArb(), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), fc.constantFrom("mean" as const, "median" as const), (raw, keys, consensus) => {
        raw.settings.consensus = consensus;
        // Tenths, so the mean and spread take their exact (scaled-integer) path.
        for (const s of raw.evaluatorScores ?? []) s.score = Math.min(10, s.score + (s.evaluatorId === "e1" ? 0.3 : 0));
        const reference = JSON.stringify(evaluateRound(parsed(raw)));
        const scores = raw.evaluatorScores ?? [];
        const order = scores.map((_, k) => k).sort((a, b) => keys[a % keys.length]! - keys[b % keys.length]! || b - a);
        const shuffled = { ...raw, evaluatorScores: order.map((k) => scores[k]!) };
        expect(JSON.stringify(evaluateRound(parsed(shuffled)))).toBe(reference);
      }),
      RUNS,
    );
  });

  it("every total lies within 0–100 and is a number", () => {
    fc.assert(
      fc.property(roundArb(), (raw) => {
        const e = evaluateRound(parsed(raw));
        for (const b of e.bundles) {
          expect(Number.isFinite(b.total)).toBe(true);
          expect(b.total).toBeGreaterThanOrEqual(0);
          expect(b.total).toBeLessThanOrEqual(100);
        }
      }),
      RUNS,
    );
  });

  it("multiplying all weights by a constant changes no total", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (nBundles, nCriteria, k, stream) => {
          const scores = Float64Array.from({ length: nBundles * nCriteria }, () => stream.next().value as number);
          const weights = Array.from({ length: nCriteria }, () => (stream.next().value as number) * 10 + 0.01);
          const a = new Float64Array(nBundles);
          const b = new Float64Array(nBundles);
          weightedTotals(scores, weights, nBundles, a);
          weightedTotals(scores, weights.map((w) => w * k), nBundles, b);
          for (let i = 0; i < nBundles; i++) expect(b[i]).toBeCloseTo(a[i]!, 9);
        },
      ),
      RUNS,
    );
  });

  it("with absolute price formulas, lowering a bundle's price never lowers its total", () => {
    fc.assert(
      fc.property(roundArb(absoluteFormulaArb), fc.nat(), fc.integer({ min: 1, max: 60_000 }), (raw, pick, cut) => {
        const before = evaluateRound(parsed(raw));
        const v = pick % raw.vendors.length;
        const s = Math.floor(pick / raw.vendors.length) % 3;
        const values = raw.vendors[v]!.bundles[s]!.values as Record<string, number>;
        values.fee = Math.max(0, values.fee! - cut);
        const after = evaluateRound(parsed(raw));
        const find = (e: typeof before) => e.bundles.find((b) => b.vendorId === `v${v}` && b.slotId === SLOTS[s])!.total;
        expect(find(after)).toBeGreaterThanOrEqual(find(before) - 1e-12);
      }),
      RUNS,
    );
  });

  it("the ranking is a strict total order consistent with totals and the tie-break", () => {
    fc.assert(
      fc.property(roundArb(), (raw) => {
        const scored = scoreAndRank(parsed(raw));
        const { order, basis } = scored;
        for (let i = 0; i < order.length; i++) {
          for (let j = i + 1; j < order.length; j++) {
            expect(compareBundles(basis, order[i]!, order[j]!)).toBeLessThan(0);
            expect(compareBundles(basis, order[j]!, order[i]!)).toBeGreaterThan(0);
            expect(totalKey(basis.totals[order[i]!]!)).toBeGreaterThanOrEqual(totalKey(basis.totals[order[j]!]!));
          }
        }
        expect(order.every((b) => scored.failures[b] === null)).toBe(true);
      }),
      RUNS,
    );
  });

  it("the reported weight change lets the reported vendor's bundle lead, and a smaller change does not", () => {
    let checked = 0;
    fc.assert(
      fc.property(roundArb(), (raw) => {
        const input = parsed(raw);
        const scored = scoreAndRank(input);
        const pair = pickContenders(scored);
        const e = evaluateRound(input);
        if (!pair || !e.sensitivity) return;
        const { round, scores, order } = scored;
        const leaderVendor = round.vendorOfBundle[pair[0]]!;
        const bundleOf = (ref: { vendorId: string; slotId: string }) => order.find((b) => input.vendors[round.vendorOfBundle[b]!]!.id === ref.vendorId && input.bundleSlots[round.slotOfBundle[b]!]!.id === ref.slotId)!;
        const totalsAt = (c: number, w: number) => {
          const totals = new Float64Array(round.nBundles);
          weightedTotals(scores, rescaleWeights(round.weights, c, w), round.nBundles, totals);
          return totals;
        };
        const bestOf = (totals: Float64Array, own: boolean) => Math.max(...order.filter((b) => (round.vendorOfBundle[b] === leaderVendor) === own).map((b) => totals[b]!));
        for (const [c, swap] of e.sensitivity.swaps.entries()) {
          if (swap.swapWeight === null || swap.delta === null || !swap.overtakenBy) continue;
          const x = swap.swapWeight;
          const dir = swap.delta >= 0 ? 1 : -1;
          const R = bundleOf(swap.overtakenBy);
          // Step far enough that the lead moves by more than the ranking's 1e-6 resolution.
          const eps = 1e-3;
          if (!(x + dir * eps > 0 && x + dir * eps < round.weightSum && eps < Math.abs(swap.delta))) continue;
          expect(totalsAt(c, x + dir * eps)[R]!).toBeGreaterThan(bestOf(totalsAt(c, x + dir * eps), true));
          const short = totalsAt(c, x - dir * eps);
          expect(bestOf(short, false)).toBeLessThanOrEqual(bestOf(short, true) + 1e-6);
          checked++;
        }
      }),
      { numRuns: 120 },
    );
    expect(checked).toBeGreaterThan(10);
  });

  it("every suggestion's claimed gain equals re-scoring the package", () => {
    let checked = 0;
    fc.assert(
      fc.property(roundArb(), (raw) => {
        const input = parsed(raw);
        const e = evaluateRound(input);
        const { round, price } = scoreAndRank(input);
        for (const insight of e.meso) {
          for (const p of insight.suggestions) {
            const replaced = Object.fromEntries(p.changes.map((c) => [c.issueId, c.value]));
            const rescored = scorePackage(round, price, insight.vendorId, p.baseSlotId, replaced)!;
            const base = scorePackage(round, price, insight.vendorId, p.baseSlotId, {})!;
            expect(rescored.total).toBe(p.total);
            expect(base.total).toBe(p.baseTotal);
            expect(p.gain).toBe(rescored.total - base.total);
            expect(p.gain).toBeGreaterThan(0);
            expect(rescored.evaluatedPrice).toBe(p.evaluatedPriceMinor);
            // built only from values the vendor itself offered
            const offered = input.vendors.find((v) => v.id === insight.vendorId)!.bundles;
            for (const c of p.changes) expect(offered.some((b) => b.values[c.issueId] === c.value)).toBe(true);
            checked++;
          }
        }
      }),
      RUNS,
    );
    expect(checked).toBeGreaterThan(10);
  });
});
