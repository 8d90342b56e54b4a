import { describe, expect, it } from "vitest";
import { DEFAULT_EVALUATION } from "./criteria";
import {
  applyIssueRow,
  confidentialFormSchema,
  confidentialFromForm,
  criterionRowSchema,
  evaluationFormSchema,
  evaluationFromForm,
  formatMinor,
  instantToWallTime,
  issueRowSchema,
  keepUnchangedTimes,
  minorToAmountText,
  parseAmountToMinor,
  qualityBeforePriceFormSchema,
  remediesFormSchema,
  slaRowSchema,
  timelineFormSchema,
  wallTimeToInstant,
  weightsFormSchema,
} from "./editor-forms";

describe("times typed in the reader's zone", () => {
  it("turns a wall-clock time into the instant it means in that zone", () => {
    // Berlin is UTC+1 in winter and UTC+2 in summer.
    expect(wallTimeToInstant("2026-12-20T17:00", "Europe/Berlin")?.toISOString()).toBe("2026-12-20T16:00:00.000Z");
    expect(wallTimeToInstant("2026-07-01T09:30", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T07:30:00.000Z");
    expect(wallTimeToInstant("2026-12-20T17:00", "America/New_York")?.toISOString()).toBe("2026-12-20T22:00:00.000Z");
    expect(wallTimeToInstant("2026-12-20T17:00:30", "UTC")?.toISOString()).toBe("2026-12-20T17:00:30.000Z");
    expect(wallTimeToInstant("next friday", "UTC")).toBeNull();
  });

  it("shows an instant back as the same wall-clock time", () => {
    expect(instantToWallTime("2026-12-20T16:00:00.000Z", "Europe/Berlin")).toBe("2026-12-20T17:00");
    expect(instantToWallTime(null, "UTC")).toBe("");
  });

  it("rejects an unknown zone and a malformed time with a message by the field", () => {
    const result = timelineFormSchema.safeParse({ expectedVersion: "3", timeZone: "Mars/Olympus", bidsCloseAt: "tomorrow" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["bidsCloseAt", "Give when bids close as a date and a time"],
      ["timeZone", 'Unknown time zone "Mars/Olympus"'],
    ]);
  });
});

describe("saving the timeline", () => {
  it("keeps a time sent back unchanged to the millisecond, and takes a changed one as typed", () => {
    const stored = { questionsCloseAt: new Date("2026-12-30T07:29:56.984Z"), bidsCloseAt: new Date("2027-01-10T07:29:56.984Z") };
    const form = timelineFormSchema.parse({ expectedVersion: "3", timeZone: "Europe/Paris", questionsCloseAt: instantToWallTime(stored.questionsCloseAt, "Europe/Paris"), bidsCloseAt: "2027-01-10T09:30", bidValidityDays: "150" });
    expect(form.questionsCloseAt?.toISOString()).toBe("2026-12-30T07:29:00.000Z");
    const kept = keepUnchangedTimes(stored, form);
    expect(kept.questionsCloseAt?.toISOString()).toBe("2026-12-30T07:29:56.984Z");
    expect(kept.bidsCloseAt?.toISOString()).toBe("2027-01-10T08:30:00.000Z");
    expect(kept.bidValidityDays).toBe(150);
    expect(keepUnchangedTimes({ questionsCloseAt: null, bidsCloseAt: stored.bidsCloseAt }, { questionsCloseAt: null, bidsCloseAt: null })).toEqual({ questionsCloseAt: null, bidsCloseAt: null });
  });
});

describe("term-sheet rows", () => {
  it("needs a unit for numbers and options for choices", () => {
    const number = issueRowSchema.safeParse({ expectedVersion: "1", name: "Term", kind: "number" });
    expect(number.error?.issues.map((i) => i.message)).toEqual(["Give the unit, e.g. months"]);
    const choice = issueRowSchema.safeParse({ expectedVersion: "1", name: "Support tier", kind: "choice", options: "\n  \n" });
    expect(choice.error?.issues.map((i) => i.message)).toEqual(["A choice needs at least one option (one per line)"]);
  });

  it("keeps an option's id when its label stays, so criteria points still point at it", () => {
    const issues = [{ id: "support", name: "Support", kind: "choice" as const, required: true, description: "", tradeable: null, options: [{ id: "o1", label: "Basic" }, { id: "o2", label: "Premium" }] }];
    const row = issueRowSchema.parse({ expectedVersion: "1", issueId: "support", name: "Support", kind: "choice", options: "Basic\nStandard\nPremium", required: "on" });
    const [edited] = applyIssueRow(issues, row);
    expect(edited).toMatchObject({ id: "support", options: [{ id: "o1", label: "Basic" }, { id: undefined, label: "Standard" }, { id: "o2", label: "Premium" }] });
  });
});

describe("amounts typed in major units", () => {
  it("reads them into integer minor units", () => {
    expect(parseAmountToMinor("4,900,000", "EUR")).toBe(490_000_000);
    expect(parseAmountToMinor("12.5", "EUR")).toBe(1250);
    expect(parseAmountToMinor("0.07", "EUR")).toBe(7);
    expect(parseAmountToMinor("-3", "EUR")).toBeNull();
    expect(parseAmountToMinor("1.234", "EUR")).toBeNull();
  });

  it("reads the currency's own minor units: yen have none, dinars three", () => {
    expect(parseAmountToMinor("1,500,000", "JPY")).toBe(1_500_000);
    expect(parseAmountToMinor("1,500,000", "KWD")).toBe(1_500_000_000);
    expect(parseAmountToMinor("1.5", "JPY")).toBeNull();
    expect(formatMinor(1_500_000, "JPY")).toBe("JPY 1,500,000");
    expect(formatMinor(1_500_000_000, "KWD")).toBe("KWD 1,500,000.000");
    expect(formatMinor(9_007_199_254_740_991, "EUR")).toBe("EUR 90,071,992,547,409.91");
    expect(minorToAmountText(1_500_000, "JPY")).toBe("1500000");
    expect(minorToAmountText(125_050, "EUR")).toBe("1250.50");
  });

  it("never guesses at a decimal comma, a stray separator or a third decimal", () => {
    expect(parseAmountToMinor("12,50", "EUR")).toBeNull();
    expect(parseAmountToMinor("1,5", "EUR")).toBeNull();
    expect(parseAmountToMinor("1'5", "EUR")).toBeNull();
    expect(parseAmountToMinor("1 2.5", "EUR")).toBeNull();
    expect(parseAmountToMinor("1.005", "EUR")).toBeNull();
    expect(parseAmountToMinor("1'250'000.50", "CHF")).toBe(125_000_050);
  });
});

describe("settings typed in forms", () => {
  it("stores a linear price formula's floor and ceiling in minor units and drops blank coefficients", () => {
    const form = evaluationFormSchema("EUR").parse({ expectedVersion: "2", priceFormula: "linear", floor: "2000000", ceiling: "3500000.5", consensus: "median", spreadMargin: "3", evaluatedPrice: { fee: "36", setup: "1", term: "" } });
    const evaluation = evaluationFromForm(DEFAULT_EVALUATION, form);
    expect(evaluation.priceFormula).toEqual({ kind: "linear", floorMinor: 200_000_000, ceilingMinor: 350_000_050 });
    expect(evaluation.evaluatedPrice.terms).toEqual([{ issueId: "fee", coefficient: 36 }, { issueId: "setup", coefficient: 1 }]);
    expect(evaluation.consensus).toBe("median");
  });

  it("turns the BATNA's typed values into each issue's kind and names the cell of every mistake", () => {
    const definition = {
      basics: { currency: "EUR" },
      termSheet: [
        { id: "fee", name: "Monthly fee", kind: "money" as const, required: true, description: "", tradeable: null },
        { id: "term", name: "Contract term", kind: "number" as const, unit: "months", required: true, description: "", tradeable: null },
      ],
      criteria: { criteria: [{ id: "plan", name: "Service plan", kind: "judged" as const, weight: 20, rubric: "" }], gates: [], evaluation: DEFAULT_EVALUATION, qualityBeforePrice: false },
    };
    const ok = confidentialFromForm(definition, confidentialFormSchema.parse({ expectedVersion: "1", reservationPrice: "4,900,000", batnaLabel: "In-house crew", batna: { fee: "95,000.00", term: "12", "score-plan": "6" } }));
    expect(ok).toEqual({ ok: true, position: { reservationPriceMinor: 490_000_000, notes: "", batna: { label: "In-house crew", values: { fee: 9_500_000, term: 12 }, judgedScores: { plan: 6 } } } });
    const bad = confidentialFromForm(definition, confidentialFormSchema.parse({ expectedVersion: "1", batna: { fee: "lots", term: "a year", "score-plan": "11" } }));
    expect(bad).toEqual({
      ok: false,
      fieldErrors: {
        "batna.fee": ["Give an amount in EUR with at most 2 decimals, e.g. 12,500.00"],
        "batna.term": ["Give Contract term as a number (months), e.g. 12.5"],
        "batna.score-plan": ["Give a score from 0 to 10."],
      },
    });
  });
});

describe("buyer's numbers and amounts, read strictly (decision 021)", () => {
  const termSheet = [
    { id: "fee", name: "Monthly fee", kind: "money" as const, required: true, description: "", tradeable: null },
    { id: "months", name: "Contract term", kind: "number" as const, unit: "months", required: true, description: "", tradeable: null },
  ];
  const criteria = { criteria: [{ id: "q", name: "Quality", kind: "judged" as const, weight: 20, rubric: "" }], gates: [], evaluation: DEFAULT_EVALUATION, qualityBeforePrice: false };
  const confidential = (currency: string, fields: Record<string, unknown>) =>
    confidentialFromForm({ basics: { currency }, termSheet, criteria }, confidentialFormSchema.parse({ expectedVersion: "1", ...fields }));
  const errorsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

  it("reads the reservation price and BATNA amounts in the RFP's currency", () => {
    expect(confidential("JPY", { reservationPrice: "1,500,000", batna: { fee: "95,000" } })).toMatchObject({ ok: true, position: { reservationPriceMinor: 1_500_000, batna: { values: { fee: 95_000 } } } });
    expect(confidential("KWD", { reservationPrice: "1,500.125" })).toMatchObject({ ok: true, position: { reservationPriceMinor: 1_500_125 } });
    expect(confidential("JPY", { reservationPrice: "1500.50" })).toEqual({ ok: false, fieldErrors: { reservationPrice: ["“1500.50”: JPY has no decimals; give a whole amount"] } });
  });

  it("refuses a decimal comma, a third decimal and non-decimal syntax, by field", () => {
    const result = confidential("EUR", { reservationPrice: "12,50", batna: { fee: "1,5", months: "0x18", "score-q": "0xA" } });
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        reservationPrice: ["“12,50”: write a decimal point, not a comma (commas only group thousands, as in 12,500.00)"],
        "batna.fee": ["“1,5”: write a decimal point, not a comma (commas only group thousands, as in 12,500.00)"],
        "batna.months": ["Give Contract term as a number (months), e.g. 12.5"],
        "batna.score-q": ["Give the score as a number from 0 to 10, e.g. 7.5."],
      },
    });
    expect(confidential("EUR", { reservationPrice: "1.005", batna: { months: "1e3", "score-q": "7,5" } })).toEqual({
      ok: false,
      fieldErrors: { reservationPrice: ["“1.005”: use at most 2 decimals"], "batna.months": ["Give Contract term as a number (months), e.g. 12.5"] },
    });
    expect(confidential("EUR", { batna: { months: "24", "score-q": "7,5" } })).toMatchObject({ ok: true, position: { batna: { values: { months: 24 }, judgedScores: { q: 7.5 } } } });
  });

  it("stores the price floor and ceiling exactly, in the currency's minor units", () => {
    const base = { expectedVersion: "1", priceFormula: "linear", consensus: "mean", spreadMargin: "1.5" };
    const stored = (currency: string, floor: string, ceiling: string) => evaluationFromForm(DEFAULT_EVALUATION, evaluationFormSchema(currency).parse({ ...base, floor, ceiling })).priceFormula;
    expect(stored("EUR", " 12 ", "1,000")).toEqual({ kind: "linear", floorMinor: 1_200, ceilingMinor: 100_000 });
    expect(stored("JPY", "1,000", "2,000")).toEqual({ kind: "linear", floorMinor: 1_000, ceilingMinor: 2_000 });
    expect(stored("KWD", "1.5", "2")).toEqual({ kind: "linear", floorMinor: 1_500, ceilingMinor: 2_000 });
    expect(errorsOf(evaluationFormSchema("EUR").safeParse({ ...base, floor: "1.005", ceiling: "2" }))).toEqual({ floor: "“1.005”: use at most 2 decimals" });
    expect(errorsOf(evaluationFormSchema("EUR").safeParse({ ...base, floor: "0x10", ceiling: "1e3" }))).toEqual({
      floor: "Give an amount in EUR with at most 2 decimals, e.g. 12,500.00",
      ceiling: "Give an amount in EUR with at most 2 decimals, e.g. 12,500.00",
    });
    expect(errorsOf(evaluationFormSchema("JPY").safeParse({ ...base, floor: "10.5", ceiling: "20" }))).toEqual({ floor: "“10.5”: JPY has no decimals; give a whole amount" });
  });

  it("refuses hex, exponents and decimal commas in weights, coefficients, targets and percentages", () => {
    expect(errorsOf(weightsFormSchema(["a", "b", "c"]).safeParse({ expectedVersion: "1", weight: { a: "0x32", b: "5e1", c: "" } }))).toEqual({
      "weight.a": "Give the weight as a number from 0 to 100",
      "weight.b": "Give the weight as a number from 0 to 100",
      "weight.c": "Give the weight as a number from 0 to 100",
    });
    expect(weightsFormSchema(["a"]).parse({ expectedVersion: "1", weight: { a: " 12.5 " } }).weight).toEqual({ a: 12.5 });
    expect(errorsOf(criterionRowSchema.safeParse({ expectedVersion: "1", name: "Term", kind: "number", weight: "0x14", issueId: "months", direction: "higher_is_better", worst: "12,5", best: "Infinity" }))).toEqual({
      weight: "Give the weight as a number from 0 to 100",
      worst: "“12,5”: write a decimal point, not a comma",
      best: "Give the value that scores full points as a number",
    });
    expect(errorsOf(evaluationFormSchema("EUR").safeParse({ expectedVersion: "1", priceFormula: "lowest-price-ratio", consensus: "mean", spreadMargin: "0x1", evaluatedPrice: { fee: "3.6e1" } }))).toEqual({
      spreadMargin: "Give the spread margin as points from 0 to 10",
      "evaluatedPrice.fee": "Give the coefficient as a number, e.g. 36",
    });
    expect(errorsOf(slaRowSchema.safeParse({ expectedVersion: "1", metric: "Uptime", unit: "%", direction: "higher_is_better", minimumTarget: "0x63", window: "month", verificationSource: "monitoring" }))).toEqual({ minimumTarget: "Give the minimum target as a number" });
    expect(errorsOf(remediesFormSchema.safeParse({ expectedVersion: "1", serviceCreditMinimumPercent: "5e0" }))).toEqual({ serviceCreditMinimumPercent: "Give the minimum credit as a percentage" });
    expect(errorsOf(timelineFormSchema.safeParse({ expectedVersion: "1", bidValidityDays: "0x5A" }))).toEqual({ bidValidityDays: "Give the bid validity in whole days" });
    expect(errorsOf(issueRowSchema.safeParse({ expectedVersion: "1", name: "Term", kind: "number", unit: "months", min: "1e1", max: "60" }))).toEqual({ min: "Give the lowest value as a number, e.g. 12" });
  });
});

describe("quality before price form", () => {
  it("reads the checkbox: ticked is on, absent (unticked) is off", () => {
    expect(qualityBeforePriceFormSchema.parse({ expectedVersion: "2", qualityBeforePrice: "on" }).qualityBeforePrice).toBe(true);
    expect(qualityBeforePriceFormSchema.parse({ expectedVersion: "2" }).qualityBeforePrice).toBe(false);
  });
});
