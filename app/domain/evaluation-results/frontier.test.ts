import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateRound } from "../evaluation/evaluate";
import { miniRoundRaw, parsed } from "../evaluation/test-round";
import { dominates, frontierPoints, nonPricePoints, paretoFrontier, qualityKey, type FrontierInputPoint } from "./frontier";

const p = (id: string, priceMinor: number, quality: number): FrontierInputPoint => ({ id, priceMinor, quality });
const ids = (s: Set<string>) => [...s].sort();

describe("paretoFrontier: hand-computed cases", () => {
  it("no bundles → empty frontier; a single bundle is on it", () => {
    expect(ids(paretoFrontier([]))).toEqual([]);
    expect(ids(paretoFrontier([p("a", 100, 50)]))).toEqual(["a"]);
  });

  it("a staircase: each dearer bundle buys more points, so all are on it", () => {
    expect(ids(paretoFrontier([p("c", 300, 70), p("a", 100, 50), p("b", 200, 60)]))).toEqual(["a", "b", "c"]);
  });

  it("one bundle cheapest and best dominates all others", () => {
    expect(ids(paretoFrontier([p("x", 200, 40), p("best", 100, 80), p("y", 150, 79.9), p("z", 100, 60)]))).toEqual(["best"]);
  });

  it("mixed: b dearer and worse than a is off; d cheap but poor is on", () => {
    // a 100/60, b 150/55 (dominated by a), c 200/70, d 80/30, e 200/65 (dominated by c, same price)
    const pts = [p("a", 100, 60), p("b", 150, 55), p("c", 200, 70), p("d", 80, 30), p("e", 200, 65)];
    expect(ids(paretoFrontier(pts))).toEqual(["a", "c", "d"]);
  });

  it("ties: equal price → the higher points win; equal points → the lower price wins", () => {
    expect(ids(paretoFrontier([p("a", 100, 50), p("b", 100, 51)]))).toEqual(["b"]);
    expect(ids(paretoFrontier([p("a", 100, 50), p("b", 99, 50)]))).toEqual(["b"]);
  });

  it("duplicates (same price, same points) do not dominate each other: both on, or both off", () => {
    expect(ids(paretoFrontier([p("a", 100, 50), p("b", 100, 50), p("c", 200, 40)]))).toEqual(["a", "b"]);
    expect(ids(paretoFrontier([p("a", 100, 50), p("b", 100, 50), p("c", 90, 50)]))).toEqual(["c"]);
  });

  it("points are compared in millionths, as the ranking does: 0.1 + 0.2 ties 0.3", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    // Without rounding, b (0.30000000000000004) would dominate a at the same price.
    expect(ids(paretoFrontier([p("a", 100, 0.3), p("b", 100, 0.1 + 0.2)]))).toEqual(["a", "b"]);
    // …and a cheaper bundle with "equal" points dominates.
    expect(ids(paretoFrontier([p("a", 100, 0.1 + 0.2), p("b", 90, 0.3)]))).toEqual(["b"]);
    // A real difference of a millionth still counts.
    expect(ids(paretoFrontier([p("a", 100, 50), p("b", 100, 50.000001)]))).toEqual(["b"]);
  });

  it("zero prices and zero points are ordinary values", () => {
    expect(ids(paretoFrontier([p("free", 0, 0), p("paid", 10, 0), p("good", 10, 1)]))).toEqual(["free", "good"]);
  });

  it("1,500 bundles stay fast (O(n log n))", () => {
    const many = Array.from({ length: 1500 }, (_, i) => p(`b${i}`, ((i * 7919) % 1500) * 1000, ((i * 104729) % 997) / 10));
    const t = performance.now();
    const f = paretoFrontier(many);
    expect(performance.now() - t).toBeLessThan(50);
    expect(f.size).toBeGreaterThan(0);
  });
});

describe("paretoFrontier: properties", () => {
  // Small ranges force ties and duplicates; quality as sums of tenths brings float noise.
  const pointsArb = fc
    .array(
      fc.record({
        priceMinor: fc.integer({ min: 0, max: 12 }),
        tenths: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
      }),
      { maxLength: 40 },
    )
    .map((rows) => rows.map((r, i) => p(`b${i}`, r.priceMinor * 1000, r.tenths.reduce((s, t) => s + t * 0.1, 0))));

  it("no frontier bundle is dominated; every bundle off it is dominated by some bundle", () => {
    fc.assert(
      fc.property(pointsArb, (pts) => {
        const frontier = paretoFrontier(pts);
        for (const a of pts) {
          const dominated = pts.some((b) => b !== a && dominates(b, a));
          expect(frontier.has(a.id)).toBe(!dominated);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("does not depend on the order of the input", () => {
    fc.assert(
      fc.property(pointsArb, fc.infiniteStream(fc.nat()), (pts, noise) => {
        const shuffled = pts.map((x) => ({ x, k: noise.next().value })).sort((a, b) => a.k - b.k).map((r) => r.x);
        expect(ids(paretoFrontier(shuffled))).toEqual(ids(paretoFrontier(pts)));
      }),
      { numRuns: 200 },
    );
  });
});

describe("nonPricePoints and frontierPoints on the mini round", () => {
  const evaluation = evaluateRound(parsed(miniRoundRaw()));
  const bundle = (v: string, s: string) => evaluation.bundles.find((b) => b.vendorId === v && b.slotId === s)!;

  it("is the total minus the price criterion's points", () => {
    // alpha/A: support standard 5/10 × 20 = 10; rollout 8 wk: (8 − 20)/(4 − 20) = 0.75 × 10 = 7.5;
    // quality mean (6 + 8)/2 = 7 → 0.7 × 20 = 14. Non-price points = 10 + 7.5 + 14 = 31.5.
    expect(nonPricePoints(bundle("alpha", "A"), evaluation.methods)).toBeCloseTo(31.5, 9);
    // beta/A: basic 0; rollout 10: (10 − 20)/(−16) = 0.625 × 10 = 6.25; quality 6 → 12. = 18.25.
    expect(nonPricePoints(bundle("beta", "A"), evaluation.methods)).toBeCloseTo(18.25, 9);
    // Without a price criterion in the methods, nothing is subtracted.
    expect(nonPricePoints(bundle("beta", "A"), [])).toBe(bundle("beta", "A").total);
  });

  it("puts every bundle on the chart and computes the frontier among gate-passing bundles", () => {
    const pts = frontierPoints(evaluation);
    expect(pts).toHaveLength(6);
    // beta/C has a 20-week rollout and fails the gate: plotted, never on the frontier.
    const betaC = pts.find((x) => x.id === "beta/C")!;
    expect(betaC.passesGates).toBe(false);
    expect(betaC.onFrontier).toBe(false);
    expect(frontierPoints(evaluation, { passingOnly: true })).toHaveLength(5);
    // Evaluated prices (12 × fee) and non-price points, by hand:
    //  beta/A  1,080,000  18.25   (cheapest)              → on
    //  alpha/A 1,200,000  31.5                           → on
    //  alpha/C 1,320,000  10 + 5 + 14 = 29   (alpha/A cheaper and better) → off
    //  beta/B  1,440,000  20 + 7.5 + 18 = 45.5           → on
    //  alpha/B 1,500,000  20 + 10 + 16 = 46              → on
    expect(pts.filter((x) => x.onFrontier).map((x) => x.id).sort()).toEqual(["alpha/A", "alpha/B", "beta/A", "beta/B"]);
    for (const x of pts) expect(qualityKey(x.quality)).toBe(qualityKey(nonPricePoints(bundle(x.vendorId, x.slotId), evaluation.methods)));
  });
});
