// The evaluator's score sheet round trip (issue #11, item 5): build → fill with exceljs as an
// evaluator would → import. No database: the sheet is made from what getOwnScores returns.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { NOT_XLSX, SUBMITTED_CANNOT_CHANGE, formatProblem, problemsFromFieldErrors, readScoreSheet, type ScoreSheetExpected } from "./score-sheet-import.server";
import { MAX_SCORE_SHEET_BYTES, buildScoreSheet, scoreSheetFileName, type ScoreSheetData } from "./score-sheet.server";

const RFP_ID = "rfp-riverton";
const ACME = "00000000-0000-4000-8000-00000000acme";
const BETA = "00000000-0000-4000-8000-00000000beta";

const data: ScoreSheetData = {
  rfpTitle: "Field technicians (Riverton)",
  reference: "RIV-2026-017",
  slots: [
    { id: "cost", name: "Cost-optimised", letter: "A" },
    { id: "reliability", name: "Reliability-optimised", letter: "B" },
  ],
  criteria: [
    { id: "reliability", name: "Service reliability plan", rubric: "Crew cover, escalation, equipment redundancy." },
    { id: "social", name: "Social value", rubric: "" },
  ],
  bidders: [
    { id: ACME, name: "Acme Grounds" },
    { id: BETA, name: "Beta Parks" },
  ],
  scores: [
    { vendorOrganisationId: ACME, slotId: "cost", criterionId: "reliability", score: 6.5, justification: "Two crews, no backup vans.", submittedAt: null },
    { vendorOrganisationId: ACME, slotId: "cost", criterionId: "social", score: 8, justification: "Local hiring of 40 %.", submittedAt: new Date("2026-11-20T10:00:00Z") },
  ],
};
const expected: ScoreSheetExpected = { rfpId: RFP_ID, criteria: data.criteria, slots: data.slots, bidders: data.bidders, scores: data.scores };

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook;
}

async function save(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The Scores row of (bidder, bundle letter, criterion), found by its labels as a person would. */
function rowOf(sheet: ExcelJS.Worksheet, bidder: string, letter: string, criterion: string): number {
  let found = 0;
  sheet.eachRow((row, n) => {
    if (row.getCell(1).value === bidder && String(row.getCell(2).value).startsWith(`${letter} –`) && row.getCell(3).value === criterion) found = n;
  });
  if (!found) throw new Error(`no row ${bidder} ${letter} ${criterion}`);
  return found;
}

describe("score sheet", () => {
  it("has one row per bidder × criterion × bundle, unlocked inputs, locked submitted rows and a hidden id map", async () => {
    const workbook = await open(await buildScoreSheet(data, RFP_ID, "Eva Evaluator"));
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ["Scores", "visible"],
      ["Rubrics", "visible"],
      ["Instructions", "visible"],
      ["meta", "veryHidden"],
    ]);
    const scores = workbook.getWorksheet("Scores")!;
    expect(scores.getCell("A2").value).toBe("RIV-2026-017 · Score sheet of Eva Evaluator");
    expect(scores.getRow(4).values).toEqual([undefined, "Bidder", "Bundle", "Criterion", "Score (0–10)", "Justification", "Status"]);
    expect(scores.getCell("D4").note).toBe("Halves allowed: 0, 0.5, 1 … 10.");
    expect(scores.rowCount).toBe(4 + 2 * 2 * 2);
    expect(scores.getRow(5).values).toEqual([undefined, "Acme Grounds", "A – Cost-optimised", "Service reliability plan", 6.5, "Two crews, no backup vans.", "draft"]);
    expect(scores.getRow(6).values).toEqual([undefined, "Acme Grounds", "B – Reliability-optimised", "Service reliability plan", undefined, undefined, "to score"]);
    const draft = rowOf(scores, "Acme Grounds", "A", "Service reliability plan");
    expect(scores.getCell(draft, 4).protection).toMatchObject({ locked: false });
    expect(scores.getCell(draft, 5).protection).toMatchObject({ locked: false });
    expect(scores.getCell(draft, 4).dataValidation).toMatchObject({ type: "decimal", operator: "between", formulae: [0, 10], prompt: "Halves allowed, e.g. 7.5" });
    expect(scores.getCell(draft, 1).protection?.locked).not.toBe(false);
    expect(scores.getCell(draft, 3).note).toBe("Crew cover, escalation, equipment redundancy.");
    const submitted = rowOf(scores, "Acme Grounds", "A", "Social value");
    expect(scores.getCell(submitted, 6).value).toBe("submitted");
    expect(scores.getCell(submitted, 4).value).toBe(8);
    expect(scores.getCell(submitted, 4).protection?.locked).not.toBe(false);
    expect(scores.getCell(submitted, 4).dataValidation).toBeUndefined();
    expect((scores as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection).toMatchObject({ sheet: true, autoFilter: true });
    expect(workbook.getWorksheet("Rubrics")!.getRow(6).values).toEqual([undefined, "Social value", "No rubric was given for this criterion."]);
    const meta = workbook.getWorksheet("meta")!;
    expect(meta.getRow(1).values).toEqual([undefined, "Pareto score sheet", 1, RFP_ID, "Field technicians (Riverton)", "RIV-2026-017", "Eva Evaluator"]);
    expect(meta.getRow(2).values).toEqual([undefined, "score", 5, RFP_ID, ACME, "cost", "reliability"]);
    expect(scoreSheetFileName("RIV-2026/017", "x")).toBe("score-sheet-RIV-2026-017.xlsx");
  });

  it("reads back nothing from an untouched sheet (drafts unchanged, submitted rows skipped)", async () => {
    const result = await readScoreSheet(await buildScoreSheet(data, RFP_ID, "Eva"), expected);
    expect(result).toEqual({ ok: true, entries: [], rows: {} });
  });

  it("round trip: what an evaluator types becomes draft entries; blank rows stay as they are", async () => {
    const workbook = await open(await buildScoreSheet(data, RFP_ID, "Eva"));
    const scores = workbook.getWorksheet("Scores")!;
    const a = rowOf(scores, "Acme Grounds", "A", "Service reliability plan");
    scores.getCell(a, 4).value = 7; // a draft changed
    const b = rowOf(scores, "Acme Grounds", "B", "Service reliability plan");
    scores.getCell(b, 4).value = "7,5"; // typed as text with a decimal comma
    scores.getCell(b, 5).value = "Spare crew on call; vans pooled.";
    const beta = rowOf(scores, "Beta Parks", "B", "Social value");
    scores.getCell(beta, 5).value = "Draft note, score later";
    const zero = rowOf(scores, "Beta Parks", "A", "Social value");
    scores.getCell(zero, 4).value = 0;
    const result = await readScoreSheet(await save(workbook), expected);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.entries).toEqual([
      { vendorOrganisationId: ACME, slotId: "cost", criterionId: "reliability", score: 7, justification: "Two crews, no backup vans." },
      { vendorOrganisationId: ACME, slotId: "reliability", criterionId: "reliability", score: 7.5, justification: "Spare crew on call; vans pooled." },
      { vendorOrganisationId: BETA, slotId: "cost", criterionId: "social", score: 0, justification: "" },
      { vendorOrganisationId: BETA, slotId: "reliability", criterionId: "social", score: null, justification: "Draft note, score later" },
    ]);
    expect(result.rows[`${ACME}.reliability.reliability`]).toBe(b);
  });

  it("lists every problem by cell and imports nothing", async () => {
    const workbook = await open(await buildScoreSheet(data, RFP_ID, "Eva"));
    const scores = workbook.getWorksheet("Scores")!;
    const row = (bidder: string, letter: string, criterion: string) => rowOf(scores, bidder, letter, criterion);
    scores.getCell(row("Acme Grounds", "B", "Service reliability plan"), 4).value = 7.3;
    scores.getCell(row("Acme Grounds", "B", "Social value"), 4).value = 11;
    scores.getCell(row("Beta Parks", "A", "Service reliability plan"), 4).value = "seven";
    scores.getCell(row("Beta Parks", "B", "Service reliability plan"), 4).value = -1;
    scores.getCell(row("Beta Parks", "A", "Social value"), 4).value = { formula: "3+4" } as ExcelJS.CellFormulaValue;
    // A submitted row changed (the protection was lifted), and a fine row alongside.
    scores.getCell(row("Acme Grounds", "A", "Social value"), 4).value = 9;
    scores.getCell(row("Beta Parks", "B", "Social value"), 4).value = 5;
    const result = await readScoreSheet(await save(workbook), expected);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toEqual([
      `Scores!D${row("Acme Grounds", "B", "Service reliability plan")}: Score for Acme Grounds, Service reliability plan, bundle B must be a whole or half point (e.g. 7 or 7.5), not 7.3`,
      `Scores!D${row("Acme Grounds", "A", "Social value")}: ${SUBMITTED_CANNOT_CHANGE}`,
      `Scores!D${row("Acme Grounds", "B", "Social value")}: Score for Acme Grounds, Social value, bundle B must be from 0 to 10, not 11`,
      `Scores!D${row("Beta Parks", "A", "Service reliability plan")}: Score for Beta Parks, Service reliability plan, bundle A must be a number from 0 to 10, e.g. 7.5, not “seven”`,
      `Scores!D${row("Beta Parks", "B", "Service reliability plan")}: Score for Beta Parks, Service reliability plan, bundle B must be from 0 to 10, not -1`,
      `Scores!D${row("Beta Parks", "A", "Social value")}: Score for Beta Parks, Social value, bundle A is a formula without a calculated value; type the value itself`,
    ]);
    expect(result.problems[0]).toMatchObject({ sheet: "Scores", column: "D", row: row("Acme Grounds", "B", "Service reliability plan") });
  });

  it("refuses rows of a bidder, criterion or bundle the evaluator may not score, but ignores them when blank", async () => {
    const workbook = await open(await buildScoreSheet(data, RFP_ID, "Eva"));
    const scores = workbook.getWorksheet("Scores")!;
    const beta = rowOf(scores, "Beta Parks", "A", "Service reliability plan");
    scores.getCell(beta, 4).value = 6;
    const social = rowOf(scores, "Acme Grounds", "B", "Social value");
    scores.getCell(social, 4).value = 6;
    // Beta Parks declared a conflict since; the Social value criterion was reassigned.
    const narrower = { ...expected, bidders: [data.bidders[0]!], criteria: [data.criteria[0]!] };
    const result = await readScoreSheet(await save(workbook), narrower);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      `Scores!D${social}: This criterion is not one you score in this RFP. Clear the row or download a new score sheet`,
      `Scores!D${beta}: You may not score this bidder in this RFP (it is not an admitted bidder, or you declared a conflict of interest). Clear the row or download a new score sheet`,
    ]);
    // The same sheet untouched: the rows of Beta Parks are blank, the submitted row is as saved; nothing to import, nothing wrong.
    expect(await readScoreSheet(await buildScoreSheet(data, RFP_ID, "Eva"), narrower)).toEqual({ ok: true, entries: [], rows: {} });
  });

  it("refuses the sheet of another RFP, a workbook that is no score sheet, an old version and a row pasted from another RFP", async () => {
    const other = await readScoreSheet(await buildScoreSheet({ ...data, reference: "OTH-1", rfpTitle: "Other" }, "rfp-other", "Eva"), expected);
    expect(other.ok ? "" : formatProblem(other.problems[0]!)).toMatch(/^This workbook is the score sheet of another RFP \(OTH-1, Other\)\. Download the score sheet/);

    const plain = new ExcelJS.Workbook();
    plain.addWorksheet("Scores").getCell("A1").value = "hello";
    const notOurs = await readScoreSheet(await save(plain), expected);
    expect(notOurs.ok ? "" : notOurs.problems[0]!.message).toMatch(/^This workbook is not a Pareto score sheet/);

    const workbook = await open(await buildScoreSheet(data, RFP_ID, "Eva"));
    const meta = workbook.getWorksheet("meta")!;
    meta.getCell(1, 2).value = 0;
    const old = await readScoreSheet(await save(workbook), expected);
    expect(old.ok ? "" : old.problems[0]!.message).toMatch(/older version of Pareto/);

    meta.getCell(1, 2).value = 1;
    meta.getCell(3, 3).value = "rfp-other";
    const pastedRow = Number(meta.getCell(3, 2).value);
    const pasted = await readScoreSheet(await save(workbook), expected);
    expect(pasted.ok ? [] : pasted.problems.map(formatProblem)).toEqual([`Scores!D${pastedRow}: This row comes from the score sheet of another RFP. Download the score sheet from this RFP's scoring page, fill it in and upload that file.`]);
  });

  it("refuses a file that is not an .xlsx workbook, and one that is too large", async () => {
    for (const bytes of [new TextEncoder().encode("vendor;score\nAcme;7\n"), new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), new Uint8Array()]) {
      expect(await readScoreSheet(bytes, expected)).toEqual({ ok: false, status: 400, problems: [{ sheet: "", row: 0, column: "", cell: "", message: NOT_XLSX }] });
    }
    const large = new Uint8Array(MAX_SCORE_SHEET_BYTES + 1);
    large.set([0x50, 0x4b, 0x03, 0x04]);
    const result = await readScoreSheet(large, expected);
    expect(result.ok ? "" : result.problems[0]!.message).toMatch(/^The file is larger than 2 MB/);
  });

  it("places the scoring service's field errors on the cells they came from", () => {
    const rows = { [`${ACME}.cost.reliability`]: 5 };
    expect(problemsFromFieldErrors({ [`justification.${ACME}.cost.reliability`]: ["Justify the score"], [`score.${BETA}.x.y`]: ["Unknown"] }, rows, "fallback").map(formatProblem)).toEqual(["Unknown", "Scores!E5: Justify the score"]);
    expect(problemsFromFieldErrors({}, rows, "Scores already submitted").map(formatProblem)).toEqual(["Scores already submitted"]);
  });
});
