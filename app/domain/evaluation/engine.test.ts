/**
 * Worked examples: every expected number below is computed by hand in the comment beside it,
 * not copied from the engine's output.
 */
import { describe, expect, it } from "vitest";
import { consensusOf } from "./consensus";
import { describeCriterion } from "./describe";
import { evaluateRound } from "./evaluate";
import { explainBundle } from "./explain";
import { computeEvaluatedPrice, highestPriceForScore, priceScore } from "./price";
import { findRankReversals } from "./sensitivity";
import { linearScore, weightedTotals } from "./scoring";
import { miniRoundRaw, parsed } from "./test-round";

describe("price formulas", () => {
  it("lowest-price ratio: S·Pmin/Pi", () => {
    // 80 000 / 100 000 = 0.8
    expect(priceScore({ kind: "lowest-price-ratio" }, 100_000, 80_000)).toBeCloseTo(0.8, 12);
    expect(priceScore({ kind: "lowest-price-ratio" }, 80_000, 80_000)).toBe(1);
  });
  it("proportional penalty: S·(1 − (Pi − Pmin)/Pmin), floored at 0", () => {
    // 1 − (100 000 − 80 000)/80 000 = 1 − 0.25 = 0.75
    expect(priceScore({ kind: "proportional-penalty" }, 100_000, 80_000)).toBeCloseTo(0.75, 12);
    // 1 − (200 000 − 80 000)/80 000 = 1 − 1.5 = −0.5 → 0
    expect(priceScore({ kind: "proportional-penalty" }, 200_000, 80_000)).toBe(0);
  });
  it("linear between floor and ceiling", () => {
    // (150 000 − 120 000)/(150 000 − 100 000) = 30 000/50 000 = 0.6
    expect(priceScore({ kind: "linear", floorMinor: 100_000, ceilingMinor: 150_000 }, 120_000, 0)).toBeCloseTo(0.6, 12);
    expect(priceScore({ kind: "linear", floorMinor: 100_000, ceilingMinor: 150_000 }, 90_000, 0)).toBe(1);
    expect(priceScore({ kind: "linear", floorMinor: 100_000, ceilingMinor: 150_000 }, 160_000, 0)).toBe(0);
  });
  it("logarithmic: 1 − ln(P/floor)/ln(ceiling/floor)", () => {
    // floor 100, ceiling 400, P 200: 1 − ln 2 / ln 4 = 1 − 1/2 = 0.5
    expect(priceScore({ kind: "logarithmic", floorMinor: 100, ceilingMinor: 400 }, 200, 0)).toBeCloseTo(0.5, 12);
  });
  it("guards zero prices: never NaN", () => {
    expect(priceScore({ kind: "lowest-price-ratio" }, 0, 0)).toBe(1);
    expect(priceScore({ kind: "lowest-price-ratio" }, 5, 0)).toBe(0);
    expect(priceScore({ kind: "proportional-penalty" }, 0, 0)).toBe(1);
    expect(priceScore({ kind: "proportional-penalty" }, 5, 0)).toBe(0);
    expect(priceScore({ kind: "logarithmic", floorMinor: 1, ceilingMinor: 1 }, 5, 0)).toBe(0);
  });
  it("inverts for the break-even price", () => {
    // ratio: score 0.8 with Pmin 80 000 → P = 80 000/0.8 = 100 000
    expect(highestPriceForScore({ formula: { kind: "lowest-price-ratio" }, lowestPrice: 80_000 }, 0.8)).toBe(100_000);
    // penalty: 0.75 → P = 80 000 × (2 − 0.75) = 100 000
    expect(highestPriceForScore({ formula: { kind: "proportional-penalty" }, lowestPrice: 80_000 }, 0.75)).toBe(100_000);
    expect(highestPriceForScore({ formula: { kind: "lowest-price-ratio" }, lowestPrice: 80_000 }, 1.2)).toBeNull();
    expect(highestPriceForScore({ formula: { kind: "lowest-price-ratio" }, lowestPrice: 80_000 }, 0)).toBe(Infinity);
  });
  it("evaluated price is a rounded linear combination", () => {
    // 36 × 1 234.56 + 500.00 = 44 444.16 + 500 = 44 944.16 → 4 494 416 minor
    expect(computeEvaluatedPrice({ fee: 123_456, setup: 50_000 }, [{ issueId: "fee", coefficient: 36 }, { issueId: "setup", coefficient: 1 }])).toBe(4_494_416);
    // 0.5 × 3 = 1.5 → rounds half away from zero → 2
    expect(computeEvaluatedPrice({ days: 3 }, [{ issueId: "days", coefficient: 0.5 }])).toBe(2);
  });
});

describe("number, choice and judged criteria", () => {
  it("linear between worst and best, clamped, either direction", () => {
    // lower is better, worst 20, best 4, value 8: (8 − 20)/(4 − 20) = 0.75
    expect(linearScore(8, 20, 4, false)).toBeCloseTo(0.75, 12);
    expect(linearScore(30, 20, 4, false)).toBe(0);
    expect(linearScore(2, 20, 4, false)).toBe(1);
    // higher is better, 0 → 50, value 35: 0.7
    expect(linearScore(35, 0, 50, true)).toBeCloseTo(0.7, 12);
    // equal bounds: a step, never NaN
    expect(linearScore(5, 5, 5, true)).toBe(1);
    expect(linearScore(4, 5, 5, true)).toBe(0);
  });
  it("consensus: mean, median, moderated", () => {
    // mean of 4, 6, 9 = 19/3; median = 6; even count: median of 4, 6, 8, 9 = (6 + 8)/2 = 7
    expect(consensusOf([9, 4, 6], "mean")).toBeCloseTo(19 / 3, 12);
    expect(consensusOf([9, 4, 6], "median")).toBe(6);
    expect(consensusOf([9, 4, 8, 6], "median")).toBe(7);
    expect(consensusOf([9, 4, 6], "moderated", 7.5)).toBe(7.5);
  });
  it("a moderated value is the consensus under every method; without one, moderated means the median", () => {
    // scores 2, 3, 9: mean 14/3, median 3; the chair moderated the flagged spread (9 − 2 = 7) to 4.5
    expect(consensusOf([2, 9, 3], "mean", 4.5)).toBe(4.5);
    expect(consensusOf([2, 9, 3], "median", 4.5)).toBe(4.5);
    expect(consensusOf([2, 9, 3], "moderated", 4.5)).toBe(4.5);
    expect(consensusOf([2, 9, 3], "moderated")).toBe(3);
    expect(consensusOf([2, 9, 3], "mean")).toBeCloseTo(14 / 3, 12);

    // In a whole round (mean of two evaluators): alpha/A has 6 and 8 (mean 7); moderated to 9.
    const raw = miniRoundRaw();
    raw.moderations = [{ criterionId: "quality", vendorId: "alpha", slotId: "A", value: 9, reason: "the demo settled it" }];
    const evaluation = evaluateRound(parsed(raw));
    const judged = (v: string, s: string) => evaluation.bundles.find((b) => b.vendorId === v && b.slotId === s)!.judged[0]!;
    expect(judged("alpha", "A")).toMatchObject({ mean: 7, consensus: 9, moderationReason: "the demo settled it" });
    expect(judged("alpha", "B")).toMatchObject({ mean: 8, consensus: 8, moderationReason: null });
    const alphaA = evaluation.bundles.find((b) => b.vendorId === "alpha" && b.slotId === "A")!;
    expect(alphaA.criteria.find((c) => c.criterionId === "quality")!.normalised).toBe(0.9);
    const line = explainBundle(parsed(raw), evaluation, "alpha", "A")!.lines.find((l) => l.criterionId === "quality")!;
    expect(line.arithmetic).toContain("moderated score 9 (scores [6, 8]; reason: the demo settled it)");
  });
  it("weighted totals are on 0..100 whatever the weight scale", () => {
    // two criteria, weights 30/70 (or 3/7), scores 1 and 0.5: 100 × (30 + 35)/100 = 65
    const out = new Float64Array(1);
    weightedTotals(Float64Array.of(1, 0.5), [30, 70], 1, out);
    expect(out[0]).toBeCloseTo(65, 12);
    weightedTotals(Float64Array.of(1, 0.5), [3, 7], 1, out);
    expect(out[0]).toBeCloseTo(65, 12);
    weightedTotals(Float64Array.of(1, 0.5), [0, 0], 1, out);
    expect(out[0]).toBe(0);
  });
});

describe("evaluateRound on the mini round", () => {
  const input = parsed(miniRoundRaw());
  const e = evaluateRound(input);
  const bundle = (v: string, s: string) => e.bundles.find((b) => b.vendorId === v && b.slotId === s)!;

  it("scores every bundle as worked out by hand", () => {
    // Evaluated prices (12 × fee): alpha A 1 200 000, B 1 500 000, C 1 320 000; beta A 1 080 000,
    // B 1 440 000, C 1 200 000 (fails the rollout gate: 20 > 16). Pmin among passing = 1 080 000.
    expect(e.lowestPriceMinor).toBe(1_080_000);
    // alpha A: price 1.08/1.2 = 0.9 → 45; standard 5/10 → 10; rollout (8−20)/(4−20) = 0.75 → 7.5; quality 7/10 → 14 ⇒ 76.5
    expect(bundle("alpha", "A").total).toBeCloseTo(76.5, 9);
    // alpha B: 1.08/1.5 = 0.72 → 36; premium → 20; 4 weeks → 10; quality 8 → 16 ⇒ 82
    expect(bundle("alpha", "B").total).toBeCloseTo(82, 9);
    // alpha C: 1.08/1.32 = 0.818181… → 40.90909…; 10; (12−20)/(−16) = 0.5 → 5; 14 ⇒ 69.90909…
    expect(bundle("alpha", "C").total).toBeCloseTo(69.909090909, 8);
    // beta A: 1 → 50; basic → 0; (10−20)/(−16) = 0.625 → 6.25; mean(5, 7) = 6 → 12 ⇒ 68.25
    expect(bundle("beta", "A").total).toBeCloseTo(68.25, 9);
    // beta B: 1.08/1.44 = 0.75 → 37.5; 20; 0.75 → 7.5; 9 → 18 ⇒ 83
    expect(bundle("beta", "B").total).toBeCloseTo(83, 9);
    // beta C: 1.08/1.2 = 0.9 → 45; 10; 20 weeks → 0; 6 → 12 ⇒ 67 (scored, but not ranked)
    expect(bundle("beta", "C").total).toBeCloseTo(67, 9);
  });

  it("ranks passing bundles and reports the gate failure with its reason", () => {
    expect(e.ranking.map((r) => `${r.vendorId}/${r.slotId}`)).toEqual(["beta/B", "alpha/B", "alpha/A", "alpha/C", "beta/A"]);
    expect(bundle("beta", "C").rank).toBeNull();
    expect(e.gateFailures).toEqual([{ vendorId: "beta", slotId: "C", failures: [expect.objectContaining({ gateId: "g-rollout", reason: expect.stringContaining("20 weeks") })] }]);
    expect(e.bestPerVendor.map((b) => `${b.vendorId}/${b.slotId}`)).toEqual(["alpha/B", "beta/B"]);
  });

  it("names a money gate's figures in the round's currency, not in minor units", () => {
    const raw = miniRoundRaw();
    raw.gates = [{ id: "g-fee", name: "Fee cap", kind: "number", issueId: "fee", operator: "<=", value: 100_000 }];
    const failures = evaluateRound(parsed(raw)).gateFailures.flatMap((f) => f.failures.map((x) => x.reason));
    expect(failures.length).toBeGreaterThan(0);
    for (const reason of failures) expect(reason).toMatch(/^Monthly fee is EUR [\d,]+\.\d\d; must be at most EUR 1,000\.00$/);
  });

  it("compares with the BATNA and the reservation price", () => {
    // BATNA: 12 × 95 000 = 1 140 000 → 1.08/1.14 = 0.947368… → 47.368…; basic 0; rollout 0 → clamped 1 → 10;
    // quality 5 → 10 ⇒ 67.368…; beta/C (67) does not beat it, every ranked bundle does.
    expect(e.batna.total).toBeCloseTo(50 * (1_080_000 / 1_140_000) + 20, 9);
    expect(bundle("beta", "C").beatsBatna).toBe(false);
    expect(e.ranking.every((r) => r.beatsBatna)).toBe(true);
    // reservation 1 450 000: only alpha B (1 500 000) is above it
    expect(e.ranking.filter((r) => r.exceedsReservation).map((r) => `${r.vendorId}/${r.slotId}`)).toEqual(["alpha/B"]);
  });

  it("solves the weight that swaps leader and runner-up", () => {
    // Leader beta/B vs alpha/B. Price: dA = 0.75 − 0.72 = 0.03; others Σ w·d = 20·0 + 10·(0.75 − 1) + 20·(0.9 − 0.8)
    // = −0.5 over 50 ⇒ dO = −0.01; x* = 100·dO/(dO − dA) = −1/−0.04 = 25 (delta −25).
    // Rollout: dA = −0.25; others 50·0.03 + 0 + 20·0.1 = 3.5 over 90; x* = 100·(3.5/90)/(3.5/90 + 0.25) = 350/26.
    // Quality: dA = 0.1; others 1.5 − 2.5 = −1 over 80 = −0.0125; x* = −1.25/(−0.1125) = 100/9.
    // Support (engine 2.0: every bundle of every other vendor, against every ranked bundle of the leader's vendor):
    // against beta/B alone dA = 0 and nothing swaps, but alpha/A (support 0.5) gains as support weighs less.
    // At support weight x the others scale by (100 − x)/80: alpha/A = 0.5x + (100 − x)·66.5/80, beta/B = x + (100 − x)·63/80,
    // equal where 3.5(100 − x) = 40x ⇒ x = 350/43.5 = 8.04… (beta/A, support 0, stays below both there: 68.25·1.149… = 78.4).
    const s = e.sensitivity!;
    expect([s.leader.vendorId, s.leader.slotId, s.runnerUp.vendorId, s.runnerUp.slotId]).toEqual(["beta", "B", "alpha", "B"]);
    const by = Object.fromEntries(s.swaps.map((w) => [w.criterionId, w]));
    // Price, raised (engine 2.0 looks both ways): alpha/A (price 0.9) passes beta/B (0.75) where 0.15x = (100 − x)·14/50,
    // i.e. x = 1400/21.5 = 65.12 (+15.12), nearer than 25 (−25) going down; beta/A (price 1) is still behind alpha/A there.
    expect(by.price!.swapWeight).toBeCloseTo(1400 / 21.5, 9);
    expect(by.price!.up).toMatchObject({ overtakenBy: { vendorId: "alpha", slotId: "A" } });
    expect(by.price!.down!.swapWeight).toBeCloseTo(25, 9);
    expect(by.price!.down!.overtakenBy).toEqual({ vendorId: "alpha", slotId: "B" });
    expect(by.rollout!.swapWeight).toBeCloseTo(350 / 26, 9);
    expect(by.quality!.swapWeight).toBeCloseTo(100 / 9, 9);
    expect(by.support!.swapWeight).toBeCloseTo(350 / 43.5, 9);
    expect(by.support!.overtakenBy).toEqual({ vendorId: "alpha", slotId: "A" });
    expect(by.support!.up).toBeNull();
    expect(by.rollout!.overtakenBy).toEqual({ vendorId: "alpha", slotId: "B" });
    // smallest |delta| = 350/26 − 10 = 3.46 < 5 ⇒ fragile
    expect(s.smallestAbsDelta).toBeCloseTo(350 / 26 - 10, 9);
    expect(s.mostSensitiveCriterionId).toBe("rollout");
    expect(s.robustness).toBe("fragile");
  });

  it("checks rank reversal for the relative formula", () => {
    // Without beta/A, Pmin = 1 200 000: alpha A 81.5, alpha B 86, alpha C 74.45…, beta B 87.17… — same order.
    expect(e.rankReversal.applicable).toBe(true);
    expect(e.rankReversal.reversals).toEqual([]);
  });

  it("explains every number down to the arithmetic", () => {
    const x = explainBundle(input, e, "alpha", "A")!;
    expect(x.lines.map((l) => l.points)).toEqual([expect.closeTo(45, 9), expect.closeTo(10, 9), expect.closeTo(7.5, 9), expect.closeTo(14, 9)]);
    expect(x.lines[0]!.arithmetic).toContain("Pmin / P = EUR 10,800.00 / EUR 12,000.00 = 0.9000");
    expect(x.lines[3]!.arithmetic).toContain("mean of [6, 8] = 7");
    expect(x.totalArithmetic).toBe("45.00 + 10.00 + 7.50 + 14.00 = 76.50 of 100");
  });

  it("publishes each method in words and flags relative formulas", () => {
    const price = describeCriterion(input.criteria[0]!, input);
    expect(price.relative).toBe(true);
    expect(price.description).toContain("S × Pmin / P");
    expect(describeCriterion(input.criteria[2]!, input).relative).toBe(false);
    expect(describeCriterion(input.criteria[2]!, input).description).toContain("lower is better");
  });
});

describe("tie-break", () => {
  it("equal totals: lower evaluated price first, then ids", () => {
    // Beta bids exactly alpha's bundles and gets alpha's evaluator scores, so every pair ties on total,
    // evaluated price and the heaviest criterion.
    const raw = miniRoundRaw();
    const a = raw.vendors[0]!;
    const b = raw.vendors[1]!;
    b.bundles = a.bundles.map((x) => ({ ...x, values: { ...x.values } }));
    raw.evaluatorScores = (raw.evaluatorScores ?? []).map((s) => (s.vendorId === "beta" ? { ...s, score: raw.evaluatorScores!.find((t) => t.vendorId === "alpha" && t.slotId === s.slotId && t.evaluatorId === s.evaluatorId)!.score } : s));
    const e = evaluateRound(parsed(raw));
    // identical bundles tie on total and price, and on the heaviest criterion: vendor id decides, alpha < beta
    expect(e.ranking.slice(0, 2).map((r) => `${r.vendorId}/${r.slotId}`)).toEqual(["alpha/B", "beta/B"]);
  });
});

describe("rank reversal", () => {
  it("finds the reorder that withdrawing the cheapest vendor's bid causes", () => {
    // Price 50 (ratio) + quality 50. X: 100, quality 0. Y: 200, quality 0.9. Z: 150, quality 0.7 (one bundle each).
    // With X (Pmin 100): Y 25 + 45 = 70, Z 33.33 + 35 = 68.33 → Y ahead.
    // Without X (Pmin 150): Y 37.5 + 45 = 82.5, Z 50 + 35 = 85 → Z ahead.
    const prices = Float64Array.of(100, 200, 150);
    const scores = Float64Array.of(1, 0.5, 100 / 150, 0, 0.9, 0.7);
    const totals = Float64Array.of(50, 70, 50 * (100 / 150) + 35);
    const basis = { nBundles: 3, totals, evaluatedPrice: prices, scores, heaviestCriterion: 0, tieBreak: [], vendorIds: ["x", "y", "z"], slotIds: ["A", "A", "A"], vendorNames: ["x", "y", "z"], vendorNameKeys: ["x", "y", "z"] };
    const found = findRankReversals(basis, [1, 2, 0], { scoresAt: 0, weight: 50, weightSum: 100 }, (p, low) => priceScore({ kind: "lowest-price-ratio" }, p, low), Int32Array.of(0, 1, 2));
    expect(found).toEqual({ reversals: [{ removed: 0, removedVendor: 0, before: 1, after: 2 }], count: 1 });
  });
});
