import { describe, expect, it } from "vitest";
import { evaluateRound } from "./evaluate";
import saasRound from "../../../tests/fixtures/saas-round.json";
import { miniRoundRaw, parsed } from "./test-round";

describe("MESO insight on the mini round", () => {
  const e = evaluateRound(parsed(miniRoundRaw()));
  const alpha = e.meso.find((m) => m.vendorId === "alpha")!;
  const beta = e.meso.find((m) => m.vendorId === "beta")!;

  it("finds dominated bundles", () => {
    // alpha C vs alpha A: price 0.818 < 0.9, support equal, rollout 0.5 < 0.75, quality 7 = 7, and C costs more
    expect(alpha.dominated).toEqual([{ slotId: "C", dominatedBySlotId: "A" }]);
    expect(beta.dominated).toEqual([]);
  });

  it("estimates revealed trade-offs by least squares when no pair isolates an issue", () => {
    // beta term months [36, 24, 24], prices [1 080 000, 1 440 000, 1 200 000]: x̄ 28, p̄ 1 240 000;
    // Σdx·dp = 8·(−160 000) + (−4)·200 000 + (−4)·(−40 000) = −1 920 000; Σdx² = 96 ⇒ −20 000 per month
    const term = beta.tradeOffs.find((t) => t.variable.kind === "issue" && t.variable.issueId === "months")!;
    expect(term.method).toBe("least-squares");
    expect(term.pricePerUnitMinor).toBe(-20_000);
    expect(term.confoundedBy).toEqual(expect.arrayContaining(["Support tier", "Rollout"]));
    // beta support steps [0, 2, 1]: Σdx·dp = (−1)(−160 000) + 1·200 000 + 0 = 360 000; Σdx² = 2 ⇒ 180 000 per step
    expect(beta.tradeOffs.find((t) => t.label === "Support tier")!.pricePerUnitMinor).toBe(180_000);
  });

  it("suggests a counter-package with gain, break-even and a conditional ask", () => {
    // beta A (68.25) with premium support from beta B: support 0 → 20 points ⇒ 88.25, gain 20.
    const top = beta.suggestions[0]!;
    expect(top.baseSlotId).toBe("A");
    expect(top.changes.map((c) => [c.issueId, c.value, c.fromSlotId])).toEqual([["support", "premium", "B"]]);
    expect(top.gain).toBeCloseTo(20, 9);
    expect(top.total).toBeCloseTo(88.25, 9);
    // Competitor: best other vendor's bundle, alpha B at 82. Non-price points 88.25 − 50 = 38.25; the price score
    // must reach (82 − 38.25)/50 = 0.875 ⇒ P = 1 080 000 / 0.875 = 1 234 285.7 → 1 234 285 minor units.
    expect(top.competitor).toEqual({ vendorId: "alpha", slotId: "B", total: expect.closeTo(82, 9) });
    expect(top.breakEven).toEqual({ kind: "price", priceMinor: 1_234_285 });
    // Revealed price: 2 steps × 180 000 = 360 000; likely ask 1 080 000 + 360 000 = 1 440 000 > 1 234 285 ⇒ unlikely
    expect(top.revealedPriceMinor).toBe(360_000);
    expect(top.revealedPriceMethod).toBe("least-squares");
    expect(top.likelyAskMinor).toBe(1_440_000);
    expect(top.zoneOfAgreement).toBe("unlikely");
    expect(top.ask).toBe("If we choose your A bundle, could you include Support tier Premium (as in your B bundle) at the same price (EUR 10,800.00 evaluated)?");
  });
});

describe("MESO insight on the SaaS fixture", () => {
  const e = evaluateRound(parsed(saasRound));
  it("reports a pairwise trade-off where two bundles differ in one issue only", () => {
    // nimbus B → C: only the support tier changes (premium → standard); 3 × (95 000 − 105 000) EUR = −30 000 EUR
    // for −1 step ⇒ +30 000.00 EUR = 3 000 000 minor per step
    const nimbus = e.meso.find((m) => m.vendorId === "nimbus")!;
    const support = nimbus.tradeOffs.find((t) => t.label === "Support tier")!;
    expect(support.method).toBe("pairwise-difference");
    expect(support.basis).toEqual(["B", "C"]);
    expect(support.pricePerUnitMinor).toBe(3_000_000);
  });
  it("pairs a buyer concession with an ask", () => {
    const cloudline = e.meso.find((m) => m.vendorId === "cloudline")!;
    const pair = cloudline.suggestions.find((s) => s.changes.length === 2)!;
    expect(pair.ask).toMatch(/^If we accept Term 36 months \(as in your A \(cost-optimised\) bundle\), could you include Support tier Premium/);
    expect(pair.changes[0]!.revealedPriceMinor!).toBeLessThan(0);
  });
});
