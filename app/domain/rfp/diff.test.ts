import { describe, expect, it } from "vitest";
import { changesFixedAtPublication, QUALITY_BEFORE_PRICE_FIXED } from "./actions";
import { diffRfpDefinitions } from "./diff";
import { definitionFromTemplate } from "./templates";

describe("addendum diff", () => {
  it("says nothing when nothing changed", () => {
    expect(diffRfpDefinitions(definitionFromTemplate("saas"), definitionFromTemplate("saas"))).toEqual([]);
  });

  it("names every changed field with its before and after, in the words of the RFP", () => {
    const before = definitionFromTemplate("saas");
    const after = definitionFromTemplate("saas");
    after.criteria.criteria.find((c) => c.id === "price")!.weight = 35;
    after.criteria.criteria.find((c) => c.id === "payment")!.weight = 15;
    after.criteria.criteria.find((c) => c.id === "fit")!.name = "Fit to requirements";
    const support = after.criteria.criteria.find((c) => c.id === "support")!;
    if (support.kind === "choice") support.points.standard = 5;
    after.termSheet = after.termSheet.filter((i) => i.id !== "paymentDays");
    after.termSheet.push({ id: "training", name: "Training", kind: "number", unit: "person-days", required: false, description: "", tradeable: "training" });
    after.timeline.bidsCloseAt = new Date("2027-01-15T12:00:00Z");
    before.timeline.bidsCloseAt = new Date("2026-12-31T12:00:00Z");
    after.sla.slas[0]!.minimumTarget = 99.9;
    after.sla.holdback.required = true;
    after.criteria.evaluation.priceFormula = { kind: "linear", floorMinor: 20_000_000, ceilingMinor: 40_000_000 };
    expect(diffRfpDefinitions(before, after).map((c) => `${c.section}: ${c.text}`)).toEqual([
      "timeline: Bids close 31 Dec 2026, 12:00 UTC → 15 Jan 2027, 12:00 UTC",
      "term-sheet: Issue 'Payment terms' removed",
      "term-sheet: Issue 'Training' added",
      "criteria: Criterion 'Three-year cost' weight 40 → 35",
      "criteria: Criterion 'Functional fit' renamed to 'Fit to requirements'",
      "criteria: Criterion 'Support tier' points for 'Standard' 6 → 5",
      "criteria: Criterion 'Payment terms' weight 10 → 15",
      "criteria: Price formula proportional penalty → linear, full points at EUR 200,000.00, 0 at EUR 400,000.00",
      "sla: SLA 'uptime' minimum target 99.5 % → 99.9 %",
      "sla: Holdback required no → yes",
    ]);
  });

  it("names a price formula's amounts in the currency's own decimals (decision 021)", () => {
    const before = definitionFromTemplate("saas");
    const after = definitionFromTemplate("saas");
    before.basics.currency = "JPY";
    after.basics.currency = "JPY";
    after.criteria.evaluation.priceFormula = { kind: "linear", floorMinor: 20_000_000, ceilingMinor: 40_000_000 };
    expect(diffRfpDefinitions(before, after).map((c) => c.text)).toContain("Price formula proportional penalty → linear, full points at JPY 20,000,000, 0 at JPY 40,000,000");
  });
});

describe("quality before price in an addendum", () => {
  it("reads as a yes/no change of the criteria section", () => {
    const before = definitionFromTemplate("saas");
    const after = definitionFromTemplate("saas");
    after.criteria.qualityBeforePrice = true;
    expect(diffRfpDefinitions(before, after)).toEqual([{ section: "criteria", text: "Quality before price (two envelopes) no → yes" }]);
  });

  it("is a change no addendum may make, refused by its field", () => {
    const before = definitionFromTemplate("saas");
    const after = definitionFromTemplate("saas");
    expect(changesFixedAtPublication(before, after)).toEqual({});
    after.criteria.criteria[0]!.weight += 1;
    expect(changesFixedAtPublication(before, after)).toEqual({});
    after.criteria.qualityBeforePrice = true;
    expect(changesFixedAtPublication(before, after)).toEqual({ qualityBeforePrice: [QUALITY_BEFORE_PRICE_FIXED] });
    expect(QUALITY_BEFORE_PRICE_FIXED).toBe("Quality before price is fixed at publication; it cannot be changed by an addendum.");
  });
});
