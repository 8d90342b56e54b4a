import { describe, expect, it } from "vitest";
import { definitionFromTemplate } from "../rfp/templates";
import { bidContentSchema, bidDraftSchema, bidFeedback, canonicalBidJson, checkBidCompleteness, draftToContentInput, emptyBidDraft, type BidContent } from "./content";
import { sampleFieldServicesBid } from "./sample";

const definition = definitionFromTemplate("field-services");
const valid = (): BidContent => bidContentSchema.parse(sampleFieldServicesBid());

describe("bidContentSchema", () => {
  it("accepts a complete sample bid and keeps every clause", () => {
    const bid = valid();
    expect(bid.bundles).toHaveLength(3);
    expect(bid.bundles[0]!.clauses.slas).toHaveLength(6);
  });

  it("rejects two bundles and out-of-range percentages (the engine's schema)", () => {
    const two = { bundles: sampleFieldServicesBid().bundles.slice(0, 2) };
    expect(bidContentSchema.safeParse(two).success).toBe(false);
    const bid = sampleFieldServicesBid();
    const credit = bid.bundles[0]!.clauses.slas[0]!.remedies[0]!;
    if (credit.kind === "service_credit") credit.capPercentOfPeriodFee = 140;
    expect(bidContentSchema.safeParse(bid).success).toBe(false);
  });
});

describe("bidDraftSchema", () => {
  it("saves a half-filled grid: missing and null cells, clauses defaulted", () => {
    const draft = bidDraftSchema.parse({ bundles: [{ slotId: "cost", values: { monthlyFee: 100, termMonths: null } }, { slotId: "reliability" }] });
    expect(draft.bundles[1]!.values).toEqual({});
    expect(draft.bundles[0]!.clauses.contractTerms.autoRenewal).toBe(false);
    expect(emptyBidDraft(definition).bundles.map((b) => b.slotId)).toEqual(["cost", "reliability", "balanced"]);
  });
});

describe("checkBidCompleteness", () => {
  it("finds nothing in a complete bid", () => {
    expect(checkBidCompleteness(valid(), definition)).toEqual([]);
  });

  it("names the bundle letter and the issue, by cell path", () => {
    const draft = bidDraftSchema.parse(sampleFieldServicesBid());
    draft.bundles[1]!.values.termMonths = null;
    draft.bundles[0]!.values.monthlyFee = "lots";
    draft.bundles[2]!.values.mobilisationFee = -5;
    draft.bundles[2]!.values.scheduling = "weekends";
    const problems = checkBidCompleteness(draft, definition);
    expect(problems).toContainEqual({ path: "bundles.1.values.termMonths", message: "Bundle B: give the Contract term (months)" });
    expect(problems).toContainEqual({ path: "bundles.0.values.monthlyFee", message: "Bundle A: Monthly fee must be an amount" });
    expect(problems).toContainEqual({ path: "bundles.2.values.mobilisationFee", message: "Bundle C: Mobilisation fee must not be negative" });
    expect(problems.find((p) => p.path === "bundles.2.values.scheduling")?.message).toMatch(/^Bundle C: Scheduling: "weekends" is not one of the options/);
  });

  it("reports an SLA without a metric and a holdback without a release condition", () => {
    const bid = valid();
    bid.bundles[0]!.clauses.slas[3]!.metric = null;
    const holdback = bid.bundles[0]!.clauses.slas[0]!.remedies[1]!;
    if (holdback.kind === "holdback") holdback.releaseCondition = null;
    const paths = checkBidCompleteness(bid, definition).map((p) => p.path);
    expect(paths).toContain("bundles.0.clauses.slas.3.metric");
    expect(paths).toContain("bundles.0.clauses.slas.0.remedies.1.releaseCondition");
  });

  it("asks for an optional issue that a criterion or gate reads (an RFP published before the publish check required it)", () => {
    const legacy = structuredClone(definition);
    legacy.termSheet = legacy.termSheet.map((i) => (i.id === "rolloutWeeks" ? { ...i, required: false } : i));
    legacy.termSheet.push({ ...legacy.termSheet.find((i) => i.id === "rolloutWeeks")!, id: "warrantyMonths", name: "Warranty", required: false });
    const bid = valid();
    const draft = { bundles: bid.bundles.map((b, i) => ({ ...b, values: i === 0 ? { ...b.values, rolloutWeeks: null, warrantyMonths: null } : { ...b.values, warrantyMonths: null } })) };
    expect(checkBidCompleteness(draft, legacy)).toEqual([{ path: "bundles.0.values.rolloutWeeks", message: "Bundle A: give the Rollout (weeks)" }]);
    // Without the criteria (the grid's definition, values only), the term sheet alone decides.
    expect(checkBidCompleteness(draft, { termSheet: legacy.termSheet, bundleSlots: legacy.bundleSlots })).toEqual([]);
    // Once the criteria no longer read it, an optional issue may stay blank again.
    legacy.criteria.criteria = legacy.criteria.criteria.filter((c) => !(c.kind === "number" && c.issueId === "rolloutWeeks"));
    legacy.criteria.gates = legacy.criteria.gates.filter((g) => !(g.kind === "number" && g.issueId === "rolloutWeeks"));
    expect(checkBidCompleteness(draft, legacy)).toEqual([]);
  });

  it("reports a missing bundle and a duplicated slot", () => {
    const bid = valid();
    bid.bundles[2]!.slotId = "cost";
    const messages = checkBidCompleteness(bid, definition).map((p) => p.message);
    expect(messages).toContain("Bundle A is given twice");
    expect(messages).toContain("Give bundle C (Balanced)");
  });

  it("a complete draft becomes content once blank cells are dropped", () => {
    const draft = bidDraftSchema.parse(sampleFieldServicesBid());
    expect(bidContentSchema.parse(draftToContentInput(draft))).toEqual(valid());
  });
});

describe("bidFeedback", () => {
  it("scores the automatic criteria; relative price and judged criteria are marked", () => {
    const feedback = bidFeedback(valid(), definition);
    expect(feedback.bundles.map((b) => b.letter)).toEqual(["A", "B", "C"]);
    const a = feedback.bundles[0]!;
    const response = a.scores.find((s) => s.criterionId === "response");
    // 6 hours, lower is better between 24 (0) and 4 (1): (6 − 24)/(4 − 24) = 0.9
    expect(response).toMatchObject({ status: "scored", normalised: 0.9, points: 13.5 });
    expect(a.scores.find((s) => s.criterionId === "price")).toMatchObject({ status: "relative", note: "relative: depends on other bids" });
    expect(a.scores.find((s) => s.criterionId === "reliability")?.status).toBe("judged");
    expect(a.failedGates).toEqual([]);
  });

  it("scores an absolute price formula and reports failed gates and clause findings", () => {
    const linear = structuredClone(definition);
    linear.criteria.evaluation.priceFormula = { kind: "linear", floorMinor: 0, ceilingMinor: 1_000_000_000 };
    const bid = valid();
    bid.bundles[0]!.values.rolloutWeeks = 20;
    bid.bundles[0]!.clauses.slas.splice(0, 1);
    const a = bidFeedback(bid, linear).bundles[0]!;
    const price = a.scores.find((s) => s.criterionId === "price");
    expect(price?.status).toBe("scored");
    expect(a.failedGates.map((g) => g.gateId).sort()).toEqual(["complaint-sla", "rollout-max"]);
    expect(a.clauseFindings.map((f) => f.code)).toContain("REQUIRED_SLA_MISSING");
  });

  it("works on a half-filled draft", () => {
    const feedback = bidFeedback(emptyBidDraft(definition), definition);
    expect(feedback.bundles).toHaveLength(3);
  });

  it("gives no points for a blank cell and decides no gate on it: a blank rollout is not 0 weeks", () => {
    const filled = bidFeedback(valid(), definition).bundles[0]!;
    const bid = valid();
    const blankRollout = { bundles: bid.bundles.map((b, i) => ({ ...b, values: i === 0 ? { ...b.values, rolloutWeeks: null } : b.values })) };
    const a = bidFeedback(blankRollout, definition).bundles[0]!;
    const rollout = a.scores.find((s) => s.criterionId === "rollout");
    expect(rollout).toMatchObject({ status: "blank", note: "give “Rollout” a value to see these points" });
    expect(filled.scores.find((s) => s.criterionId === "rollout")?.status).toBe("scored");
    expect(a.knownWeight).toBe(filled.knownWeight - rollout!.weight);
    expect(a.undecidedGates.find((g) => g.gateId === "rollout-max")?.note).toBe("give “Rollout” a value to see whether it passes");
    expect(a.failedGates.map((g) => g.gateId)).not.toContain("rollout-max");
    // The other bundles keep their points.
    expect(bidFeedback(blankRollout, definition).bundles[1]).toEqual(bidFeedback(valid(), definition).bundles[1]);
  });

  it("counts no points at all on an empty draft, and names what is blank", () => {
    const linear = structuredClone(definition);
    linear.criteria.evaluation.priceFormula = { kind: "linear", floorMinor: 0, ceilingMinor: 1_000_000_000 };
    const a = bidFeedback(emptyBidDraft(linear), linear).bundles[0]!;
    expect(a.knownPoints).toBe(0);
    expect(a.knownWeight).toBe(0);
    expect(a.scores.filter((s) => s.status === "scored")).toEqual([]);
    expect(a.scores.find((s) => s.criterionId === "price")?.status).toBe("blank");
    expect(a.scores.filter((s) => s.status === "blank").length).toBeGreaterThan(1);
  });
});

describe("canonicalBidJson", () => {
  it("does not depend on key order", () => {
    const bid = valid();
    const reordered = JSON.parse(JSON.stringify(bid, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v))) as BidContent;
    expect(canonicalBidJson(reordered)).toBe(canonicalBidJson(bid));
    expect(canonicalBidJson(bid).startsWith('{"bundles":[{"clauses":')).toBe(true);
  });
});

describe("ids that are names of built-in properties", () => {
  it("keeps a draft value keyed __proto__, toString or constructor like any other", () => {
    const raw = JSON.parse('{"bundles":[{"slotId":"cost","values":{"__proto__":"a","toString":5,"constructor":null}}]}');
    const draft = bidDraftSchema.parse(raw);
    const values = draft.bundles[0]!.values;
    expect(Object.keys(values).sort()).toEqual(["__proto__", "constructor", "toString"]);
    expect(values["__proto__"]).toBe("a");
    expect(values["toString"]).toBe(5);
    expect(values["constructor"]).toBeNull();
  });
});
