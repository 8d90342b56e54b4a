// Lockstep groups of revealed trade-offs: issues that moved together in every one of a vendor's
// bundles are one group whose joint value counts once. Figures worked out in the comments on
// the mini round of test-round.ts (evaluated price = 12 × monthly fee).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateRound } from "./evaluate";
import type { RoundInputRaw } from "./schema";
import { miniRoundRaw, parsed } from "./test-round";
import { groupMovePrice, type TradeOffGroup } from "./tradeoffs";

type RawBundle = RoundInputRaw["vendors"][number]["bundles"][number];

function bundle(slotId: string, fee: number, months: number, support: string, rollout: number, uptime: number): RawBundle {
  const sla = { id: "sla", metric: "uptime", unit: "%", direction: "higher_is_better" as const, target: uptime, window: "month" as const, verificationSource: "monitor", remedies: [] };
  return { slotId, values: { fee, months, support, rollout, notes: "-" }, clauses: { slas: [sla] } };
}

/** The mini round with alpha's bundles replaced. */
function withAlpha(bundles: RawBundle[]): RoundInputRaw {
  const raw = miniRoundRaw();
  raw.vendors[0]!.bundles = bundles;
  return raw;
}

/**
 * Alpha's longer term always comes with premium support and a 99.9 % uptime target: A (24 months,
 * premium, 99.9) against B and C (12 months, standard, 99.5); B and C differ in rollout only.
 */
const together = withAlpha([bundle("A", 100_000, 24, "premium", 8, 99.9), bundle("B", 125_000, 12, "standard", 4, 99.5), bundle("C", 110_000, 12, "standard", 12, 99.5)]);

describe("lockstep groups of trade-offs", () => {
  it("makes the issues that moved together one group whose joint value is the estimate, and keeps the exact pairwise one", () => {
    const alpha = evaluateRound(parsed(together)).meso.find((m) => m.vendorId === "alpha")!;
    const by = (label: string) => alpha.tradeOffs.find((t) => t.label === label)!;
    // Prices 1,200,000 / 1,500,000 / 1,320,000; months 24/12/12: Σdx·dp = 8·(−140,000) + (−4)·160,000
    // + (−4)·(−20,000) = −1,680,000, Σdx² = 96 ⇒ −17,500 a month; 12 months from B to A ⇒ −210,000.
    expect(by("Term")).toMatchObject({ method: "least-squares", pricePerUnitMinor: -17_500 });
    // Support steps 2/1/1 and uptime 99.9/99.5/99.5 say the same move: −210,000 a step, −525,000 an SLA point.
    expect(by("Support tier")).toMatchObject({ method: "least-squares", pricePerUnitMinor: -210_000 });
    expect(by("uptime SLA target")).toMatchObject({ method: "least-squares", pricePerUnitMinor: -525_000 });
    const group: TradeOffGroup = {
      index: 0,
      members: [
        { variable: { kind: "issue", issueId: "months", issueIndex: 1 }, label: "Term", from: 12, to: 24 },
        { variable: { kind: "issue", issueId: "support", issueIndex: 2 }, label: "Support tier", from: 1, to: 2 },
        { variable: { kind: "sla", metric: "uptime" }, label: "uptime SLA target", from: 99.5, to: 99.9 },
      ],
      fromSlotId: "B",
      toSlotId: "A",
      jointPriceMinor: -210_000,
    };
    for (const label of ["Term", "Support tier", "uptime SLA target"]) expect(by(label).group).toEqual(group);
    expect(by("Term").explanation).toMatch(/; Support tier and uptime SLA target moved in lockstep with it in every bundle, so the bids do not separate them: the estimate is their joint value \(−EUR 2,100\.00 from B to A\), to be counted once$/);
    // B → C changes the rollout only: exact, untouched by the group.
    const rollout = by("Rollout");
    expect(rollout).toMatchObject({ method: "pairwise-difference", pricePerUnitMinor: -22_500, basis: ["B", "C"] });
    expect(rollout.group).toBeUndefined();
  });

  it("counts the group once in a package's revealed price", () => {
    const alpha = evaluateRound(parsed(together)).meso.find((m) => m.vendorId === "alpha")!;
    // B with A's 24 months and premium support: each change alone claims the whole −210,000.
    const both = alpha.suggestions.find((s) => s.changes.length === 2 && s.changes.some((c) => c.issueId === "months") && s.changes.some((c) => c.issueId === "support"))!;
    expect(both.baseSlotId).toBe("B");
    expect(both.changes.map((c) => c.revealedPriceMinor)).toEqual([-210_000, -210_000]);
    // Both move the group the whole way from B to A: −210,000 once, not −420,000.
    expect(both.revealedPriceMinor).toBe(-210_000);
    expect(both.likelyAskMinor).toBe(1_500_000 - 210_000);
    expect(both.inseparable).toBeUndefined();
  });

  it("leaves a round whose bundles separate every issue as it was: no group, package prices the sum of their changes", () => {
    const e = evaluateRound(parsed(miniRoundRaw()));
    for (const insight of e.meso) {
      for (const t of insight.tradeOffs) {
        expect(t.group).toBeUndefined();
        expect(t.explanation).not.toMatch(/lockstep/);
      }
      for (const s of insight.suggestions) {
        expect(s.inseparable).toBeUndefined();
        const sum = s.changes.reduce<number | null>((acc, c) => (acc === null || c.revealedPriceMinor === null ? null : acc + c.revealedPriceMinor), 0);
        expect(s.revealedPriceMinor).toBe(sum);
      }
    }
    // The figures worked out for the mini round (meso-insight.test.ts) stand.
    const beta = e.meso.find((m) => m.vendorId === "beta")!;
    expect(beta.tradeOffs.map((t) => [t.label, t.method, t.pricePerUnitMinor])).toEqual([
      ["Term", "least-squares", -20_000],
      ["Support tier", "least-squares", 180_000],
      ["Rollout", "least-squares", expect.any(Number)],
    ]);
  });

  it("computes the joint value exactly on the typed decimals, whole or not, small or large", () => {
    // Months, a rollout of 2 × months and an uptime target of 99 + months / 100 move in lockstep.
    const arb = fc.record({
      tenths: fc.boolean(),
      months: fc.tuple(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 600 })).filter(([a, b, c]) => !(a === b && b === c)),
      fees: fc.tuple(fc.integer({ min: 1, max: 700_000_000_000_000 }), fc.integer({ min: 1, max: 700_000_000_000_000 }), fc.integer({ min: 1, max: 700_000_000_000_000 })),
    });
    fc.assert(
      fc.property(arb, ({ tenths, months, fees }) => {
        const m = months.map((x) => (tenths ? x / 10 : x));
        const raw = withAlpha(["A", "B", "C"].map((slot, k) => bundle(slot, fees[k]!, m[k]!, "standard", 2 * m[k]!, 99 + m[k]! / 100)));
        const alpha = evaluateRound(parsed(raw)).meso.find((v) => v.vendorId === "alpha")!;
        const group = alpha.tradeOffs.find((t) => t.label === "Term")!.group!;
        expect(group.members.map((x) => x.label)).toEqual(["Term", "Rollout", "uptime SLA target"]);
        // Independently: slope × (max − min) as a fraction of BigInts over tenths of a month.
        const x = m.map((v) => BigInt(Math.round(v * 10)));
        const p = fees.map((f) => 12n * BigInt(f));
        const n = 3n;
        const sx = x.reduce((a, b) => a + b);
        const sp = p.reduce((a, b) => a + b);
        const cov = n * x.reduce((a, v, k) => a + v * p[k]!, 0n) - sx * sp;
        const variance = n * x.reduce((a, v) => a + v * v, 0n) - sx * sx;
        const span = x.reduce((a, b) => (b > a ? b : a)) - x.reduce((a, b) => (b < a ? b : a));
        const num = cov * span;
        const abs = num < 0n ? -num : num;
        const rounded = (2n * abs + variance) / (2n * variance);
        expect(group.jointPriceMinor).toBe(Number(num < 0n ? -rounded : rounded));
      }),
      { numRuns: 200 },
    );
  });
});

describe("groupMovePrice", () => {
  // Three positions: term 12/24/36 with support 0/1/2; the whole span (12 → 36) is −240,000.
  const group: TradeOffGroup = {
    index: 0,
    members: [
      { variable: { kind: "issue", issueId: "months", issueIndex: 1 }, label: "Term", from: 12, to: 36 },
      { variable: { kind: "issue", issueId: "support", issueIndex: 2 }, label: "Support tier", from: 0, to: 2 },
      { variable: { kind: "sla", metric: "uptime" }, label: "uptime SLA target", from: 99.5, to: 99.9 },
    ],
    fromSlotId: "A",
    toSlotId: "C",
    jointPriceMinor: -240_000,
  };

  it("prices members moved together once, at the group's joint value for the move", () => {
    // 12 → 24 months with support 0 → 1: half the span each ⇒ −120,000 once.
    expect(groupMovePrice(group, [{ member: 0, before: 12, after: 24 }, { member: 1, before: 0, after: 1 }])).toBe(-120_000);
    // Back the other way: +120,000.
    expect(groupMovePrice(group, [{ member: 0, before: 24, after: 12 }, { member: 1, before: 1, after: 0 }])).toBe(120_000);
    // The uptime target on its decimals: 99.5 → 99.7 is half of 99.5 → 99.9, exactly.
    expect(groupMovePrice(group, [{ member: 2, before: 99.5, after: 99.7 }, { member: 1, before: 0, after: 1 }])).toBe(-120_000);
  });

  it("takes the farthest of moves the same way, and no price for moves pulling the group apart", () => {
    // 12 → 36 months (the whole span) with support 0 → 1 (half): counted once, at the whole span.
    expect(groupMovePrice(group, [{ member: 0, before: 12, after: 36 }, { member: 1, before: 0, after: 1 }])).toBe(-240_000);
    // Longer term with a lower support tier: the bids never showed them apart.
    expect(groupMovePrice(group, [{ member: 0, before: 24, after: 36 }, { member: 1, before: 1, after: 0 }])).toBeNull();
    // A member that did not move counts for nothing.
    expect(groupMovePrice(group, [{ member: 0, before: 24, after: 24 }, { member: 1, before: 1, after: 2 }])).toBe(-120_000);
  });

  it("rounds the joint value's share once, half away from zero", () => {
    // −1 minor unit over the span, a third of it: −0.33… → 0; half of 3 is 1.5 → 2, of −3 is −2.
    expect(groupMovePrice({ ...group, jointPriceMinor: -1 }, [{ member: 0, before: 12, after: 20 }])).toBe(0);
    expect(groupMovePrice({ ...group, jointPriceMinor: 3 }, [{ member: 0, before: 12, after: 24 }])).toBe(2);
    expect(groupMovePrice({ ...group, jointPriceMinor: -3 }, [{ member: 1, before: 0, after: 1 }])).toBe(-2);
  });
});
