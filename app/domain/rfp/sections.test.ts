import { describe, expect, it } from "vitest";
import { inviteVendorsSchema } from "./actions";
import { applyCriteriaUpdate } from "./criteria";
import { blankDefinition, saveBasicsSchema, saveCriteriaSchema, saveSlaSchema, saveTermSheetSchema, saveTimelineSchema } from "./sections";

const fieldErrors = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("section forms", () => {
  it("lets a draft be incomplete: blank basics, a choice without options yet", () => {
    expect(saveBasicsSchema.safeParse({ expectedVersion: "3", title: "", horizonMonths: "" }).success).toBe(true);
    const sheet = saveTermSheetSchema.parse({ expectedVersion: 1, issues: [{ kind: "choice", name: "Support tier", options: [] }] });
    expect(sheet.issues[0]).toMatchObject({ id: "support-tier", options: [], required: true });
  });

  it("still types every field, with a message by the field", () => {
    expect(fieldErrors(saveBasicsSchema.safeParse({ expectedVersion: 1, currency: "euro", horizonMonths: "1.5" }))).toEqual({
      currency: "Give the currency as a 3-letter code, e.g. EUR",
      horizonMonths: "Give the evaluation horizon in whole months",
    });
    expect(fieldErrors(saveTimelineSchema.safeParse({ expectedVersion: 1, bidsCloseAt: "next friday" }))).toEqual({ bidsCloseAt: "Give when bids close as a date and time" });
    expect(fieldErrors(saveTermSheetSchema.safeParse({ expectedVersion: 1, issues: [{ kind: "number", name: " ", unit: "" }] }))).toEqual({
      "issues.0.name": "Name the issue",
      "issues.0.unit": "Give the unit, e.g. months",
    });
    const criteria = saveCriteriaSchema.safeParse({
      expectedVersion: 1,
      criteria: [{ kind: "price", name: "Price", weight: 120 }],
      evaluation: { evaluatedPrice: { terms: [] }, priceFormula: { kind: "lowest-price-ratio" }, consensus: "mean", spreadMargin: 3 },
    });
    expect(fieldErrors(criteria)).toEqual({ "criteria.0.weight": "A weight is at most 100" });
    expect(fieldErrors(saveSlaSchema.safeParse({ expectedVersion: 1, slas: [{ metric: "", direction: "higher_is_better", minimumTarget: 99, window: "month" }], serviceCredit: { minimumPercent: 150 } }))).toEqual({
      "slas.0.metric": "Name the metric, e.g. complaint resolution time",
      "serviceCredit.minimumPercent": "The minimum service credit is at most 100 %",
    });
  });

  it("accepts only ISO 4217 currency codes, and numbers only in decimal", () => {
    expect(fieldErrors(saveBasicsSchema.safeParse({ expectedVersion: 1, currency: "EUE", horizonMonths: "0x18" }))).toEqual({
      currency: "“EUE” is not an ISO 4217 currency code (such as EUR, USD, GBP)",
      horizonMonths: "Give the evaluation horizon in whole months",
    });
    expect(fieldErrors(saveBasicsSchema.safeParse({ expectedVersion: 1, currency: "XXX" }))).toEqual({ currency: "“XXX” is not an ISO 4217 currency code (such as EUR, USD, GBP)" });
    expect(saveBasicsSchema.parse({ expectedVersion: 1, currency: " jpy ", horizonMonths: "36" })).toMatchObject({ currency: "JPY", horizonMonths: 36 });
    expect(saveBasicsSchema.parse({ expectedVersion: 1, currency: "KWD", horizonMonths: 36 })).toMatchObject({ currency: "KWD", horizonMonths: 36 });
    expect(fieldErrors(saveTimelineSchema.safeParse({ expectedVersion: 1, bidValidityDays: "9e1" }))).toEqual({ bidValidityDays: "Give the bid validity in whole days" });
  });

  it("keeps quality before price as it is when a criteria save leaves it out", () => {
    const evaluation = { evaluatedPrice: { terms: [] }, priceFormula: { kind: "lowest-price-ratio" }, consensus: "mean", spreadMargin: 3 };
    const without = saveCriteriaSchema.parse({ expectedVersion: 1, criteria: [], evaluation });
    expect("qualityBeforePrice" in without).toBe(false);
    const current = { ...blankDefinition().criteria, qualityBeforePrice: true };
    expect(applyCriteriaUpdate(current, without).qualityBeforePrice).toBe(true);
    const off = saveCriteriaSchema.parse({ expectedVersion: 1, criteria: [], evaluation, qualityBeforePrice: false });
    expect(applyCriteriaUpdate(current, off).qualityBeforePrice).toBe(false);
    expect(fieldErrors(saveCriteriaSchema.safeParse({ expectedVersion: 1, criteria: [], evaluation, qualityBeforePrice: "maybe" }))).toEqual({
      qualityBeforePrice: "Say whether quality is scored before prices are seen",
    });
    expect(blankDefinition().criteria.qualityBeforePrice).toBe(false);
  });

  it("refuses a save that does not say which version it was based on", () => {
    expect(fieldErrors(saveBasicsSchema.safeParse({ title: "x" }))).toEqual({ expectedVersion: "The form is missing the version it was based on; reload the page" });
  });

  it("reads invitation addresses from a text area", () => {
    expect(inviteVendorsSchema.parse({ emails: "A@Example.org, b@example.org\nc@example.org" }).emails).toEqual(["a@example.org", "b@example.org", "c@example.org"]);
    expect(fieldErrors(inviteVendorsSchema.safeParse({ emails: "not-an-address" }))).toEqual({ emails: expect.stringMatching(/^“not-an-address” is not an email address\. Nobody was invited/) });
    // One bad address among good ones: the message names it, on the field (not on "emails.1").
    expect(fieldErrors(inviteVendorsSchema.safeParse({ emails: "vendor3@demo.pareto, not-an-email\nalso bad" }))).toEqual({
      emails: "These are not email addresses: “not-an-email”, “also”, “bad”. Nobody was invited: correct them (addresses look like name@example.org) and press Invite again.",
    });
  });
});
