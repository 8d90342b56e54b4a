import { describe, expect, it } from "vitest";
import { sampleFieldServicesBid } from "../bids/sample";
import { askSentence, bafoField, movementRows, parseBafoRoundForm, splitConditionalAsk, unchangedSlots, vendorMovement, type BestBundle } from "./round";

const V1 = "11111111-1111-4111-8111-111111111111";
const V2 = "22222222-2222-4222-8222-222222222222";

function form(entries: [string, string][]) {
  return { get: (n: string) => entries.find(([k]) => k === n)?.[1] ?? null, getAll: (n: string) => entries.filter(([k]) => k === n).map(([, v]) => v) };
}
const utc = (s: string) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s) ? new Date(`${s}:00Z`) : null);

describe("the conditional ask", () => {
  it("cuts the engine's sentence into its two parts and puts them back together", () => {
    const parts = splitConditionalAsk("If we accept 48 months, could you include seasonal scheduling at your Balanced bundle's price (EUR 3,100,000.00 evaluated)?");
    expect(parts).toEqual({ ifWe: "accept 48 months", couldYou: "include seasonal scheduling at your Balanced bundle's price (EUR 3,100,000.00 evaluated)" });
    expect(askSentence(parts!)).toBe("If we accept 48 months, could you include seasonal scheduling at your Balanced bundle's price (EUR 3,100,000.00 evaluated)?");
    expect(splitConditionalAsk("Please lower your price.")).toBeNull();
  });
});

describe("the BAFO form", () => {
  const suggestions = new Map([[V1, [{ ifWe: "accept 48 months", couldYou: "lower the fee" }]]]);

  it("takes a chosen suggestion's own words when both parts are left blank, and typed words when given", () => {
    const parsed = parseBafoRoundForm(
      form([
        ["bidsCloseAt", "2099-03-01T12:00"],
        ["shortlist", V1],
        ["shortlist", V2],
        [bafoField("reason", V1), "Best value"],
        [bafoField("ask", V1), "suggestion:0"],
        [bafoField("reason", V2), "Cheapest"],
        [bafoField("ask", V2), "free"],
        [bafoField("ifWe", V2), "pay in 30 days"],
        [bafoField("couldYou", V2), "add a service credit"],
      ]),
      utc,
      suggestions,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.input.bidsCloseAt.toISOString()).toBe("2099-03-01T12:00:00.000Z");
    expect(parsed.input.shortlist).toEqual([
      { vendorOrganisationId: V1, reason: "Best value", suggestionIndex: 0, ask: { ifWe: "accept 48 months", couldYou: "lower the fee" } },
      { vendorOrganisationId: V2, reason: "Cheapest", suggestionIndex: null, ask: { ifWe: "pay in 30 days", couldYou: "add a service credit" } },
    ]);
  });

  it("refuses an ask without both parts, a missing reason, no deadline and an empty shortlist, each by its field", () => {
    const parsed = parseBafoRoundForm(form([["shortlist", V2], [bafoField("ask", V2), "free"], [bafoField("ifWe", V2), "pay in 30 days"]]), utc, suggestions);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.fieldErrors).toEqual({
      bidsCloseAt: ["Give the new deadline (date and time)."],
      [bafoField("reason", V2)]: ["Say why this vendor is shortlisted."],
      [bafoField("couldYou", V2)]: ["Write what you ask in return: the \u201ccould you \u2026\u201d part of the ask."],
    });
    const none = parseBafoRoundForm(form([["bidsCloseAt", "2099-03-01T12:00"]]), utc, suggestions);
    expect(none.ok ? null : none.fieldErrors.shortlist).toEqual(["Shortlist at least one vendor."]);
    const unknown = parseBafoRoundForm(form([["bidsCloseAt", "2099-03-01T12:00"], ["shortlist", V2], [bafoField("reason", V2), "x"], [bafoField("ask", V2), "suggestion:3"]]), utc, suggestions);
    expect(unknown.ok ? null : unknown.fieldErrors[bafoField("ask", V2)]).toEqual(["There is no such suggestion for this vendor."]);
  });
});

describe("carry-over", () => {
  it("finds the bundles left exactly as they were (values and clauses)", () => {
    const before = sampleFieldServicesBid();
    const after = sampleFieldServicesBid();
    after.bundles[2]!.values.monthlyFee = 1;
    after.bundles[1]!.clauses.slas[0]!.target = 99;
    expect([...unchangedSlots(before, after)]).toEqual([before.bundles[0]!.slotId]);
    expect(unchangedSlots(before, sampleFieldServicesBid()).size).toBe(3);
  });
});

describe("movement per vendor", () => {
  const best = (vendorId: string, vendorName: string, rank: number | null, total: number): BestBundle => ({ vendorId, vendorName, slotId: "b", slotName: "Balanced", rank, total });
  it("compares each vendor's best bundle total and place between rounds", () => {
    const moves = vendorMovement(
      [best("n", "Northfield", 1, 80), best("c", "Civic Crew", 2, 78), best("a", "Atlas", 5, 60)],
      [best("c", "Civic Crew", 1, 83.5), best("n", "Northfield", 2, 80)],
    );
    expect(moves.map((m) => [m.vendorName, m.changeHundredths, m.placesGained, m.after?.place ?? null, m.after?.of ?? null])).toEqual([
      ["Atlas", null, null, null, null],
      ["Civic Crew", 550, 1, 1, 2],
      ["Northfield", 0, -1, 2, 2],
    ]);
  });

  it("counts places gained among the vendors of both rounds, not past bidders who left", () => {
    // Round 1: Northfield last of five; round 2: second of the two shortlisted, still behind Civic Crew.
    const moves = vendorMovement(
      [best("c", "Civic Crew", 1, 84), best("g", "Greenway", 2, 82), best("m", "Metro", 3, 79), best("a", "Atlas", 4, 78), best("n", "Northfield", 5, 75)],
      [best("c", "Civic Crew", 1, 84.79), best("n", "Northfield", 2, 75.41)],
    );
    const northfield = moves.find((m) => m.vendorName === "Northfield")!;
    expect([northfield.before?.place, northfield.after?.place, northfield.placesGained]).toEqual([5, 2, 0]);
    expect(northfield.shared).toEqual({ count: 2, before: 2, after: 2 });
    expect([northfield.before?.of, northfield.after?.of]).toEqual([5, 2]);
    expect(moves.find((m) => m.vendorName === "Civic Crew")!.placesGained).toBe(0);
  });

  it("counts places among the vendors placed in both rounds: one kept out by a gate in either round is not among them", () => {
    const moves = vendorMovement(
      [best("c", "Civic Crew", 1, 84), best("g", "Greenway", 2, 82), best("n", "Northfield", 3, 75)],
      [best("g", "Greenway", null, 81), best("n", "Northfield", 1, 80), best("c", "Civic Crew", 2, 79)],
    );
    const northfield = moves.find((m) => m.vendorName === "Northfield")!;
    expect(northfield.shared).toEqual({ count: 2, before: 2, after: 1 });
    expect(northfield.placesGained).toBe(1);
    expect(moves.find((m) => m.vendorName === "Greenway")).toMatchObject({ placesGained: null, shared: null, after: { place: null, of: 2 } });
  });

  it("takes the change from the totals as shown, so it is the difference of the figures beside it", () => {
    // 75.125… shows 75.13 and 75.414… shows 75.41: the table's +0.28, not the +0.29 of the exact totals.
    const [move] = vendorMovement([best("n", "Northfield", 1, 75.1251)], [best("n", "Northfield", 1, 75.4143)]);
    expect(move!.after!.total - move!.before!.total).toBeCloseTo(0.2892, 4);
    expect(move!.changeHundredths).toBe(28);
    const [down] = vendorMovement([best("n", "N", 1, 0.1 + 0.2)], [best("n", "N", 1, 0.1)]);
    expect(down!.changeHundredths).toBe(-20);
  });

  it("shows the vendors of the newer round first, by place, then the others by name, and at most the limit", () => {
    const moves = vendorMovement(
      [best("n", "Northfield", 1, 80), best("c", "Civic Crew", 2, 78), best("a", "Atlas", 5, 60), best("g", "Greenway", 6, 55)],
      [best("n", "Northfield", 2, 80), best("c", "Civic Crew", 1, 83.5), best("z", "Zeta", null, 40)],
    );
    expect(movementRows(moves).rows.map((m) => m.vendorName)).toEqual(["Civic Crew", "Northfield", "Zeta", "Atlas", "Greenway"]);
    expect(movementRows(moves).more).toBe(0);
    const shown = movementRows(moves, 2);
    expect(shown.rows.map((m) => m.vendorName)).toEqual(["Civic Crew", "Northfield"]);
    expect(shown.more).toBe(3);
    // Five hundred round-1 bidders, two in the BAFO round: the table stays at the limit.
    const field = Array.from({ length: 500 }, (_, i) => best(`v${i}`, `Vendor ${String(i).padStart(3, "0")}`, i + 1, 90 - i / 10));
    const many = movementRows(vendorMovement(field, [best("v7", "Vendor 007", 1, 91), best("v3", "Vendor 003", 2, 90)]));
    expect(many.rows).toHaveLength(50);
    expect(many.rows.slice(0, 3).map((m) => m.vendorName)).toEqual(["Vendor 007", "Vendor 003", "Vendor 000"]);
    expect(many.more).toBe(450);
  });
});
