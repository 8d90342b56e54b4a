// The concession log on hand-built rounds (the mini round of test-round.ts: evaluated price =
// 12 × monthly fee, price 50 points by lowest-price ratio, support 20 points, rollout 10, a
// judged criterion 20). Expected figures are worked out in the comments.
import { describe, expect, it } from "vitest";
import { evaluateRound } from "../evaluation/evaluate";
import type { Bundle, RoundInput } from "../evaluation/schema";
import { miniRoundRaw, parsed } from "../evaluation/test-round";
import { buildConcessionLog, lineKey, type ConcessionRound, type ConcessionTerms } from "./concession-log";
import type { ConcessionLine } from "./types";

const input: RoundInput = parsed(miniRoundRaw());
const alphaInsight = evaluateRound(input).meso.find((m) => m.vendorId === "alpha")!;
const engine = { input, tradeOffs: alphaInsight.tradeOffs };

const terms: ConcessionTerms = {
  vendorId: "alpha",
  vendorName: "Alpha",
  currency: "EUR",
  minorUnitsPerMajor: 100,
  issues: input.issues,
  slots: input.bundleSlots,
  evaluatedPriceTerms: input.settings.evaluatedPrice.terms,
};

const round1: Bundle[] = input.vendors.find((v) => v.id === "alpha")!.bundles;

/** Alpha's round-1 bundles with some values (and optionally clauses) changed in one slot. */
function changed(slotId: string, values: Record<string, number | string>, clauses?: Bundle["clauses"]): Bundle[] {
  return round1.map((b) => (b.slotId === slotId ? { ...b, values: { ...b.values, ...values }, clauses: clauses ?? b.clauses } : b));
}

function round2(after: Bundle[] | null, asks: ConcessionRound["asks"] = [], opened = true): ConcessionRound {
  return { round: 2, before: round1, after, opened, asks, engine };
}

describe("concession log", () => {
  it("pairs the buyer's longer term with the vendor's lower fee, values both and meets the ask", () => {
    const ask = { id: "ask-1", ifWe: "take a 36-month term", couldYou: "lower the monthly fee to EUR 950", package: { baseSlotId: "A", values: { months: 36 }, evaluatedPriceMinor: 1_140_000 } };
    const lines = buildConcessionLog(terms, [round2(changed("A", { fee: 95_000, months: 36 }), [ask])]);
    expect(lines.map((l) => l.item)).toEqual(["Conditional ask", "Monthly fee (A bundle)", "Term (A bundle)"]);
    const [askLine, fee, term] = lines as [(typeof lines)[0], (typeof lines)[0], (typeof lines)[0]];
    expect(askLine).toMatchObject({ youGive: "If we take a 36-month term", youGet: "could you lower the monthly fee to EUR 950?", trigger: "met in round 2", oneWay: null, askId: "ask-1" });
    // Price points: 50 × lowest (beta A, 1,080,000) / price: 50 × 1.08/1.2 = 45 → 50 × 1.08/1.14 = 47.368…
    expect(fee.valueToBuyerPoints).toBeCloseTo(50 * (1_080_000 / 1_140_000) - 45, 9);
    // The vendor gives up 12 × EUR 50 of evaluated price.
    expect(fee).toMatchObject({ youGet: "a monthly fee of EUR 950.00 instead of EUR 1,000.00", youGive: "", costToVendorMinor: 60_000, costMethod: "exact: evaluated price", costGroup: null, askId: "ask-1", oneWay: null });
    expect(fee.trigger).toBe("only with what you give in this bundle: a term of 36 months instead of 24 months");
    // Term scores nothing; alpha's bundles (24/12/12 months at 1.2M/1.5M/1.32M) give a least-squares
    // slope of −1,680,000 / 96 = −17,500 per month, so 12 more months are worth EUR 2,100 to the vendor.
    // Alpha's bundles separate its term from everything else it changed: no group, its own estimate.
    expect(term).toMatchObject({ youGive: "a term of 36 months instead of 24 months", youGet: "", valueToBuyerPoints: 0, costToVendorMinor: -210_000, costMethod: "rough estimate", costGroup: null, oneWay: null });
    expect(term.trigger).toBe("in return for: a monthly fee of EUR 950.00 instead of EUR 1,000.00");
  });

  it("flags a vendor concession nobody asked for and nothing was given for", () => {
    const lines = buildConcessionLog(terms, [round2(changed("C", { support: "premium" }))]);
    expect(lines).toHaveLength(1);
    // Support standard → premium: 20 × (10 − 5) / 10 = +10 points; alpha's slope on support
    // (steps 1/2/1 at 1.2M/1.5M/1.32M) is 160,000 / (2/3) = +240,000 per step.
    expect(lines[0]).toMatchObject({ item: "Support tier (C bundle)", youGet: "support tier: Premium instead of Standard", costToVendorMinor: 240_000, costMethod: "rough estimate", oneWay: "vendor-gives-unasked", askId: null });
    expect(lines[0]!.valueToBuyerPoints).toBeCloseTo(10, 9);
  });

  it("flags the buyer giving a longer term for nothing in return", () => {
    const lines = buildConcessionLog(terms, [round2(changed("C", { months: 24 }))]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ youGive: "a term of 24 months instead of 12 months", costToVendorMinor: -210_000, oneWay: "buyer-gives-for-nothing", trigger: "" });
  });

  it("flags an ask the opened bid does not meet: unchanged bid, no bid, or a price above the one asked", () => {
    const free = { id: "free-1", ifWe: "If we publish a reference", couldYou: "add a named account manager", package: null };
    const unchanged = buildConcessionLog(terms, [round2(round1, [free])]);
    expect(unchanged).toEqual([expect.objectContaining({ askId: "free-1", oneWay: "ask-not-met", trigger: "not met by the round-2 bid", youGive: "If we publish a reference" })]);

    const none = buildConcessionLog(terms, [round2(null, [free])]);
    expect(none[0]).toMatchObject({ oneWay: "ask-not-met", trigger: "not met: no round-2 bid" });

    const priced = { id: "ask-2", ifWe: "take 36 months", couldYou: "bid EUR 900 a month", package: { baseSlotId: "A", values: { months: 36 }, evaluatedPriceMinor: 1_080_000 } };
    const tooDear = buildConcessionLog(terms, [round2(changed("A", { fee: 95_000, months: 36 }), [priced])]);
    expect(tooDear[0]).toMatchObject({ askId: "ask-2", oneWay: "ask-not-met", trigger: "not met by the round-2 bid: an evaluated price of EUR 11,400.00, above the EUR 10,800.00 asked" });
    const short = buildConcessionLog(terms, [round2(changed("A", { fee: 95_000 }), [priced])]);
    expect(short[0]!.trigger).toBe("not met by the round-2 bid: a term of 24 months instead of the 36 months asked; an evaluated price of EUR 11,400.00, above the EUR 10,800.00 asked");
    // The fee line answered the ask only in part, and the bundle still pairs it with the longer term: no flag on it.
    expect(tooDear.find((l) => l.item === "Monthly fee (A bundle)")!.oneWay).toBeNull();
    // A choice is said by its option's label, as the insight says it; a better rollout than asked is no shortfall.
    const premium = { id: "ask-3", ifWe: "take 24 months", couldYou: "include premium support", package: { baseSlotId: "C", values: { support: "premium", rollout: 8 }, evaluatedPriceMinor: null } };
    const standard = buildConcessionLog(terms, [round2(changed("C", { rollout: 4 }), [premium])]);
    expect(standard[0]!.trigger).toBe("not met by the round-2 bid: support tier: Standard instead of the Premium asked");
  });

  it("leaves a free ask answered with changes to the buyer's judgement, and does not flag what answers it", () => {
    const free = { id: "free-2", ifWe: "we publish a reference", couldYou: "offer premium support", package: null };
    const lines = buildConcessionLog(terms, [round2(changed("C", { support: "premium" }), [free])]);
    expect(lines[0]).toMatchObject({ oneWay: null, trigger: "answered with changes in round 2: judge whether they meet it" });
    expect(lines[1]).toMatchObject({ askId: "free-2", oneWay: null });
  });

  it("waits for the opening before judging an ask", () => {
    const free = { id: "free-3", ifWe: "we extend", couldYou: "lower", package: null };
    const lines = buildConcessionLog(terms, [round2(null, [free], false)]);
    expect(lines).toEqual([expect.objectContaining({ trigger: "awaiting the opening of round 2", oneWay: null })]);
  });

  it("logs SLA and remedy changes with the SLA's trigger, stricter targets as gains", () => {
    const clauses = {
      ...round1[0]!.clauses,
      slas: [
        {
          ...round1[0]!.clauses.slas[0]!,
          target: 99.95,
          remedies: [{ kind: "service_credit" as const, id: "credit", automatic: true, amount: { type: "fixed" as const, percent: 5 }, capPercentOfPeriodFee: 15 }],
        },
      ],
    };
    const lines = buildConcessionLog(terms, [round2(changed("A", {}, clauses))]);
    expect(lines.map((l) => [l.item, l.youGet, l.youGive, l.oneWay])).toEqual([
      ["uptime SLA (A bundle)", "target 99.95 % instead of 99.9 %", "", "vendor-gives-unasked"],
      ["Service credit on uptime (A bundle)", "service credit 5 %, cap 15 % of the period fee", "", "vendor-gives-unasked"],
    ]);
    expect(lines[0]!.trigger).toBe("if uptime is below 99.95 % in a month");
    // Every alpha bundle had the same uptime target, so no price for it is revealed.
    expect(lines[0]).toMatchObject({ valueToBuyerPoints: null, costToVendorMinor: null, costMethod: "" });
  });

  it("applies the buyer's annotations by line key and keeps keys within 300 characters", () => {
    const key = lineKey(["r2", "C", "issue", "support"]);
    const lines = buildConcessionLog(terms, [round2(changed("C", { support: "premium" }))], new Map([[key, "Welcome, but check the staffing."]]));
    expect(lines[0]).toMatchObject({ key, annotation: "Welcome, but check the staffing." });
    const long = lineKey(["r2", "x".repeat(120), "remedy", "y".repeat(120), "z".repeat(120)]);
    expect(long.length).toBe(300);
    expect(long).not.toBe(lineKey(["r2", "x".repeat(120), "remedy", "y".repeat(120), "w".repeat(120)]));
  });

  it("works without an evaluation of the earlier round: no points, costs only where they are money", () => {
    const lines = buildConcessionLog(terms, [{ ...round2(changed("A", { fee: 95_000, months: 36 })), engine: null }]);
    expect(lines.map((l) => [l.item, l.valueToBuyerPoints, l.costToVendorMinor])).toEqual([
      ["Monthly fee (A bundle)", null, 60_000],
      ["Term (A bundle)", null, null],
    ]);
  });

  it("costs a fee cut at the exact change of the evaluated price, rounded half away from zero", () => {
    // 1.15 × (200 010 − 100 000) = 115 011.5 → EUR 1,150.12 (binary floating point: 115 011.4999… → 115 011)
    const coefficientTerms: ConcessionTerms = { ...terms, evaluatedPriceTerms: [{ issueId: "fee", coefficient: 1.15 }] };
    const before = round1.map((b) => (b.slotId === "A" ? { ...b, values: { ...b.values, fee: 200_010 } } : b));
    const cut = { round: 2, before, after: changed("A", { fee: 100_000 }), opened: true, asks: [], engine: null };
    expect(buildConcessionLog(coefficientTerms, [cut])[0]).toMatchObject({ item: "Monthly fee (A bundle)", costToVendorMinor: 115_012, costMethod: "exact: evaluated price" });
    const rise = { ...cut, before: changed("A", { fee: 100_000 }), after: before };
    expect(buildConcessionLog(coefficientTerms, [rise])[0]).toMatchObject({ costToVendorMinor: -115_012 });
  });
});

// Alpha's round-1 bundles where the longer term always came with premium support and a 99.9 %
// uptime target (A: 24 months, premium, 99.9; B and C: 12 months, standard, 99.5): the bids
// do not separate the three, and each one's rough estimate is their joint value, −EUR 2,100.00
// from B to A (worked out in evaluation/tradeoffs.test.ts).
describe("concession log: issues that moved in lockstep", () => {
  const raw = miniRoundRaw();
  const uptime = (target: number) => ({ slas: [{ id: "sla", metric: "uptime", unit: "%", direction: "higher_is_better" as const, target, window: "month" as const, verificationSource: "monitor", remedies: [] }] });
  raw.vendors[0]!.bundles = [
    { slotId: "A", values: { fee: 100_000, months: 24, support: "premium", rollout: 8, notes: "-" }, clauses: uptime(99.9) },
    { slotId: "B", values: { fee: 125_000, months: 12, support: "standard", rollout: 4, notes: "-" }, clauses: uptime(99.5) },
    { slotId: "C", values: { fee: 110_000, months: 12, support: "standard", rollout: 12, notes: "-" }, clauses: uptime(99.5) },
  ];
  const together = parsed(raw);
  const tradeOffs = evaluateRound(together).meso.find((m) => m.vendorId === "alpha")!.tradeOffs;
  const before = together.vendors.find((v) => v.id === "alpha")!.bundles;
  const terms2: ConcessionTerms = { ...terms, issues: together.issues, slots: together.bundleSlots };
  const bid = (values: Record<string, number | string>, target?: number): Bundle[] =>
    before.map((b) => (b.slotId === "B" ? { ...b, values: { ...b.values, ...values }, clauses: target === undefined ? b.clauses : { ...b.clauses, slas: b.clauses.slas.map((x) => ({ ...x, target })) } } : b));
  const log = (after: Bundle[], stored = tradeOffs) => buildConcessionLog(terms2, [{ round: 2, before, after, opened: true, asks: [], engine: { input: together, tradeOffs: stored } }]);

  it("gives the group's joint value once, on its first line, and says on each line that it is part of the group", () => {
    // B takes A's 24 months, premium support and 99.9 % uptime for a lower fee.
    const lines = log(bid({ fee: 120_000, months: 24, support: "premium" }, 99.9));
    expect(lines.map((l) => l.item)).toEqual(["Monthly fee (B bundle)", "Term (B bundle)", "Support tier (B bundle)", "uptime SLA (B bundle)"]);
    const [fee, term, support, sla] = lines as [ConcessionLine, ConcessionLine, ConcessionLine, ConcessionLine];
    // Each alone would claim the whole −210,000: 12 months × −17,500, one step × −210,000, 0.4 points × −525,000.
    const group = { items: ["Term", "Support tier", "uptime SLA target"], alsoMovedWith: [], jointCostMinor: -210_000 };
    expect(term).toMatchObject({ costToVendorMinor: -210_000, costMethod: "rough estimate", costGroup: { ...group, first: true } });
    expect(support).toMatchObject({ costToVendorMinor: null, costMethod: "rough estimate", costGroup: { ...group, first: false } });
    expect(sla).toMatchObject({ costToVendorMinor: null, costMethod: "rough estimate", costGroup: { ...group, first: false } });
    // The fee is exact and no group's: 12 × (1,250 − 1,200) = EUR 600.
    expect(fee).toMatchObject({ costToVendorMinor: 60_000, costGroup: null });
    // What the bundle's changes are worth to the vendor, summed: the group counted once.
    expect(lines.reduce((sum, l) => sum + (l.costToVendorMinor ?? 0), 0)).toBe(60_000 - 210_000);
    // Sides still come from each line's own points or estimate: the term gives, the support and uptime get.
    expect([term.youGive !== "", support.youGet !== "", sla.youGet !== ""]).toEqual([true, true, true]);
  });

  it("names the members that moved with them in the bundles but not in this change", () => {
    const [, term, support] = log(bid({ fee: 120_000, months: 24, support: "premium" }));
    expect(term!.costGroup).toEqual({ items: ["Term", "Support tier"], alsoMovedWith: ["uptime SLA target"], jointCostMinor: -210_000, first: true });
    expect(support!.costToVendorMinor).toBeNull();
  });

  it("has no price for a change that pulls the group apart", () => {
    // 24 months (towards A) with basic support (away from A): the bids never showed that.
    const [term, support] = log(bid({ months: 24, support: "basic" }));
    expect(term).toMatchObject({ item: "Term (B bundle)", costToVendorMinor: null, costGroup: { items: ["Term", "Support tier"], jointCostMinor: null, first: true } });
    expect(support).toMatchObject({ item: "Support tier (B bundle)", costToVendorMinor: null, costGroup: { jointCostMinor: null, first: false } });
  });

  it("keeps a single member's own estimate, saying what moved with it", () => {
    const [term] = log(bid({ months: 24 }));
    expect(term).toMatchObject({ costToVendorMinor: -210_000, costGroup: { items: ["Term"], alsoMovedWith: ["Support tier", "uptime SLA target"], jointCostMinor: -210_000, first: true } });
  });

  it("finds the groups of a snapshot stored before pareto-engine 2.2 from its input", () => {
    const old = tradeOffs.map(({ group: _group, ...t }) => t);
    const after = bid({ fee: 120_000, months: 24, support: "premium" }, 99.9);
    expect(log(after, old)).toEqual(log(after));
  });
});
