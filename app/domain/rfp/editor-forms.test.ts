import { describe, expect, it } from "vitest";
import { DEFAULT_EVALUATION } from "./criteria";
import { applyIssueRow, confidentialFormSchema, confidentialFromForm, evaluationFormSchema, evaluationFromForm, instantToWallTime, issueRowSchema, keepUnchangedTimes, parseAmountToMinor, qualityBeforePriceFormSchema, timelineFormSchema, wallTimeToInstant } from "./editor-forms";

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
    expect(parseAmountToMinor("4,900,000")).toBe(490_000_000);
    expect(parseAmountToMinor("12.5")).toBe(1250);
    expect(parseAmountToMinor("0.07")).toBe(7);
    expect(parseAmountToMinor("-3")).toBeNull();
    expect(parseAmountToMinor("1.234")).toBeNull();
  });
});

describe("settings typed in forms", () => {
  it("stores a linear price formula's floor and ceiling in minor units and drops blank coefficients", () => {
    const form = evaluationFormSchema.parse({ expectedVersion: "2", priceFormula: "linear", floor: "2000000", ceiling: "3500000.5", consensus: "median", spreadMargin: "3", evaluatedPrice: { fee: "36", setup: "1", term: "" } });
    const evaluation = evaluationFromForm(DEFAULT_EVALUATION, form);
    expect(evaluation.priceFormula).toEqual({ kind: "linear", floorMinor: 200_000_000, ceilingMinor: 350_000_050 });
    expect(evaluation.evaluatedPrice.terms).toEqual([{ issueId: "fee", coefficient: 36 }, { issueId: "setup", coefficient: 1 }]);
    expect(evaluation.consensus).toBe("median");
  });

  it("turns the BATNA's typed values into each issue's kind and names the cell of every mistake", () => {
    const definition = {
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
        "batna.fee": ["Give Monthly fee as an amount, e.g. 12,500.00"],
        "batna.term": ["Give Contract term as a number"],
        "batna.score-plan": ["Give a score from 0 to 10"],
      },
    });
  });
});

describe("quality before price form", () => {
  it("reads the checkbox: ticked is on, absent (unticked) is off", () => {
    expect(qualityBeforePriceFormSchema.parse({ expectedVersion: "2", qualityBeforePrice: "on" }).qualityBeforePrice).toBe(true);
    expect(qualityBeforePriceFormSchema.parse({ expectedVersion: "2" }).qualityBeforePrice).toBe(false);
  });
});
