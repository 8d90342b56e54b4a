import { describe, expect, it } from "vitest";
import { describeScoringForVendors } from "./preview";
import { definitionFromTemplate } from "./templates";
import { addTradeables, availableTradeables } from "./tradeables";

describe("vendor scoring preview", () => {
  it("states every criterion's weight and method, the gates and the required remedies in plain English", () => {
    const preview = describeScoringForVendors(definitionFromTemplate("field-services"));
    expect(preview.evaluatedPrice).toBe("36 months of fees plus the one-time mobilisation fee, whatever the contract term (evaluated price = 36 × Monthly fee + Mobilisation fee, in EUR, rounded to the cent).");
    expect(preview.criteria.map((c) => c.weight)).toEqual([35, 25, 15, 10, 5, 10]);
    expect(preview.criteria[2]!.description).toMatch(/^Emergency response time \(weight 15 of 100\): Emergency response, lower is better: 0 points at 24 hours or worse, full points at 4 hours/);
    expect(preview.gates).toContain("Rollout within 16 weeks: a bundle whose Rollout is not at most 16 weeks is not scored.");
    expect(preview.slaRequirements[0]).toBe("complaint resolution time: at most 5 days per month, verified from city 311 CRM. Average days from a citizen complaint to its closure.");
    expect(preview.requiredRemedies).toContain("Holdback of at least 5 % of fees, released when: Complaint SLA met for 3 consecutive months.");
  });

  it("tells vendors when quality is scored before prices are seen, and says nothing otherwise", () => {
    const def = definitionFromTemplate("field-services");
    expect(describeScoringForVendors(def).qualityBeforePrice).toBeNull();
    def.criteria.qualityBeforePrice = true;
    expect(describeScoringForVendors(def).qualityBeforePrice).toMatch(/^Two envelopes: the evaluators score quality before they see any price\./);
  });

  it("has no evaluated price to describe in a blank RFP", () => {
    expect(describeScoringForVendors(definitionFromTemplate("blank")).evaluatedPrice).toBeNull();
  });
});

describe("tradeables library", () => {
  it("adds library issues once each, with ids that do not clash", () => {
    const base = definitionFromTemplate("saas").termSheet;
    const once = addTradeables(base, ["warranty", "training", "indexation-cap"]);
    const twice = addTradeables(once, ["training"]);
    expect(twice.map((i) => i.name).slice(base.length)).toEqual(["Warranty", "Training", "Indexation cap"]);
    expect(new Set(twice.map((i) => i.id)).size).toBe(twice.length);
    expect(twice.find((i) => i.tradeable === "training")?.id).toBe("training");
  });

  it("offers only issues not yet on the term sheet, also those a template put there by name", () => {
    const base = definitionFromTemplate("saas").termSheet;
    expect(base.some((i) => i.name === "Term" && !i.tradeable)).toBe(true);
    const offered = availableTradeables(base).map((t) => t.issue.name);
    expect(offered).not.toContain("Term");
    expect(offered).not.toContain("Support tier");
    expect(offered).toContain("Training");
    // Ticking "Term" anyway (an old form) adds nothing twice.
    expect(addTradeables(base, ["term"])).toHaveLength(base.length);
  });
});
