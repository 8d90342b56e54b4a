// Issue #10, items 2 and 9: every collection of a bid has a maximum, refused quickly with a
// message, and number issues have bounds that the grid and the submission check enforce.
import { describe, expect, it } from "vitest";
import { bundleClausesSchema, MAX_CONTINGENT_CLAUSES, MAX_REMEDIES_PER_SLA, MAX_SLAS_PER_BUNDLE } from "../evaluation/clauses";
import { definitionFromTemplate } from "../rfp/templates";
import { termSheetSchema, type RfpIssue } from "../rfp/term-sheet";
import { checkBidCompleteness } from "./completeness";
import { draftToContentInput, emptyBidDraft } from "./content";
import { gridFieldsToDraft, gridSizeProblem, slaField, valueField, type GridDefinition, type GridFields } from "./grid-form";

const template = definitionFromTemplate("field-services");
/** The contract term is 12–60 whole months. */
const termSheet = template.termSheet.map((i): RfpIssue => (i.id === "termMonths" && i.kind === "number" ? { ...i, min: 12, max: 60, integer: true } : i));
const definition: GridDefinition = { ...template, termSheet, basics: { currency: "EUR" } };

const sla = (n: number) => ({ id: `sla-${n}`, metric: `metric ${n}` });

describe("collection caps", () => {
  it("refuses more SLAs, remedies or contingent clauses than any bid has, with a message", () => {
    expect(bundleClausesSchema.safeParse({ slas: Array.from({ length: MAX_SLAS_PER_BUNDLE }, (_, n) => sla(n)) }).success).toBe(true);
    const slas = bundleClausesSchema.safeParse({ slas: Array.from({ length: MAX_SLAS_PER_BUNDLE + 1 }, (_, n) => sla(n)) });
    expect(slas.error?.issues[0]?.message).toBe(`A bundle has at most ${MAX_SLAS_PER_BUNDLE} SLAs`);
    const remedy = (n: number) => ({ kind: "termination_right", id: `t${n}`, breachesToTrigger: 3 });
    const remedies = bundleClausesSchema.safeParse({ slas: [{ ...sla(1), remedies: Array.from({ length: MAX_REMEDIES_PER_SLA + 1 }, (_, n) => remedy(n)) }] });
    expect(remedies.error?.issues[0]?.message).toBe(`An SLA has at most ${MAX_REMEDIES_PER_SLA} remedies`);
    const clauses = bundleClausesSchema.safeParse({ contingentClauses: Array.from({ length: MAX_CONTINGENT_CLAUSES + 1 }, (_, n) => ({ id: `c${n}` })) });
    expect(clauses.error?.issues[0]?.message).toBe(`A bundle has at most ${MAX_CONTINGENT_CLAUSES} contingent clauses`);
    const long = bundleClausesSchema.safeParse({ slas: [{ ...sla(1), metric: "x".repeat(4_001) }] });
    expect(long.error?.issues[0]?.message).toMatch(/at most 4,000 characters/);
    const huge = bundleClausesSchema.safeParse({ slas: [{ ...sla(1), target: 1e16 }] });
    expect(huge.error?.issues[0]?.message).toMatch(/at most 10\^15/);
  });

  it("refuses a grid post of 5,000, 20,000 or 200,000 SLA rows in milliseconds", () => {
    for (const rows of [5_000, 20_000, 200_000]) {
      const fields: GridFields = {};
      for (let r = 0; r < rows; r++) fields[slaField(0, r, "metric")] = `m${r}`;
      const started = performance.now();
      const parsed = gridFieldsToDraft(fields, definition);
      const took = performance.now() - started;
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? [] : parsed.errors["form"]).toEqual([rows > 10_000 ? "This save has far more cells than a bid grid; reload the bid page and save again." : `A bundle has at most ${MAX_SLAS_PER_BUNDLE} SLAs. Remove rows and save again.`]);
      expect(gridSizeProblem(fields, definition)).not.toBeNull();
      expect(took).toBeLessThan(rows / 100 + 50);
    }
  });

  it("caps the term sheet, options and criteria", () => {
    const issues = Array.from({ length: 61 }, (_, n) => ({ name: `Issue ${n}`, kind: "text" }));
    expect(termSheetSchema.safeParse({ issues }).error?.issues[0]?.message).toBe("A term sheet has at most 60 issues");
    const options = Array.from({ length: 21 }, (_, n) => ({ label: `Option ${n}` }));
    expect(termSheetSchema.safeParse({ issues: [{ name: "Level", kind: "choice", options }] }).error?.issues[0]?.message).toBe("A choice has at most 20 options");
  });
});

describe("number issue bounds", () => {
  it("are part of the term sheet: optional, and the highest not below the lowest", () => {
    const parsed = termSheetSchema.parse({ issues: [{ name: "Contract term", kind: "number", unit: "months", min: 12, max: 60, integer: true }] });
    expect(parsed.issues[0]).toMatchObject({ min: 12, max: 60, integer: true });
    expect(termSheetSchema.parse({ issues: [{ name: "Term", kind: "number", unit: "months" }] }).issues[0]).not.toHaveProperty("min");
    const inverted = termSheetSchema.safeParse({ issues: [{ name: "Term", kind: "number", unit: "months", min: 60, max: 12 }] });
    expect(inverted.error?.issues[0]?.message).toBe("The highest value must not be below the lowest");
    expect(termSheetSchema.safeParse({ issues: [{ name: "Term", kind: "number", unit: "months", max: 1e16 }] }).success).toBe(false);
  });

  it("are enforced by the grid: −1, −36, 99999999999999999999 and 24.5 months are refused by the cell", () => {
    const cell = valueField(0, "termMonths");
    const messages = (value: string) => {
      const parsed = gridFieldsToDraft({ [cell]: value }, definition);
      return parsed.ok ? [] : parsed.errors[cell];
    };
    expect(messages("-1")).toEqual(["Give a number (months) of at least 12"]);
    expect(messages("-36")).toEqual(["Give a number (months) of at least 12"]);
    expect(messages("99999999999999999999")).toEqual(["Give a number (months) between −10^15 and 10^15"]);
    expect(messages("24.5")).toEqual(["Give a number (months) as a whole number"]);
    expect(messages("36")).toEqual([]);
    // An issue without bounds still refuses what no contract holds.
    expect(gridFieldsToDraft({ [valueField(0, "rolloutWeeks")]: "10000000000000000" }, definition).ok).toBe(false);
  });

  it("are enforced on submission (the API and the workbook end there too)", () => {
    const draft = emptyBidDraft(definition);
    const content = draftToContentInput(draft) as { bundles: { values: Record<string, unknown> }[] };
    const problems = (term: number) => {
      content.bundles[0]!.values = { termMonths: term };
      return checkBidCompleteness(content as never, definition).filter((p) => p.path === "bundles.0.values.termMonths").map((p) => p.message);
    };
    expect(problems(-1)).toEqual(["Bundle A: Contract term must be from 12 to 60 months"]);
    expect(problems(-36)).toEqual(["Bundle A: Contract term must be from 12 to 60 months"]);
    expect(problems(Number("99999999999999999999"))).toEqual(["Bundle A: Contract term must be a number between −10^15 and 10^15"]);
    expect(problems(24.5)).toEqual(["Bundle A: Contract term must be a whole number (months)"]);
    expect(problems(36)).toEqual([]);
  });
});
