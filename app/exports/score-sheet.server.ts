// The evaluator's score sheet (issue #11, item 5): one row per bidder × judged criterion ×
// bundle, scored offline in Excel and uploaded again (score-sheet-import.server.ts). Built
// from plain data (what getOwnScores returns), so tests run it without a database. As in the
// bid template (decision 006), labels are locked by sheet protection without a password, only
// the score and justification cells are unlocked, submitted rows stay locked, and a very
// hidden "meta" sheet maps every row back to (vendor, slot, criterion) by id: the importer
// never reads a label for meaning.
import ExcelJS from "exceljs";
import { BORDER, FILL_LOCKED, PROTECTION, decimalValidation, labelCells, styleHeader, valueCell, type SheetLike } from "./workbook-common.server";

// ── Layout, shared with the importer ───────────────────────────────────────────────────

/** Bumped whenever the layout changes: an older sheet is refused, not misread. */
export const SCORE_SHEET_VERSION = 1;
export const MAX_SCORE_SHEET_BYTES = 2 * 1024 * 1024;
export const MAX_SCORE_SHEET_LABEL = "2 MB";
export const SCORE_SHEETS = { scores: "Scores", rubrics: "Rubrics", instructions: "Instructions", meta: "meta" } as const;
export const SCORES_HEADER_ROW = 4;
/** Columns of the Scores sheet, left to right. */
export const SCORE_COLUMNS = { bidder: 1, bundle: 2, criterion: 3, score: 4, justification: 5, status: 6 } as const;
const META_MARKER = "Pareto score sheet";

export const STATUS_LABELS = { open: "to score", draft: "draft", submitted: "submitted" } as const;

export interface ScoreSheetRowMeta {
  row: number;
  /** Repeated per row, so a row pasted in from another RFP's sheet is caught. */
  rfpId: string;
  vendorOrganisationId: string;
  slotId: string;
  criterionId: string;
}

export interface ScoreSheetMeta {
  version: number;
  rfpId: string;
  rfpTitle: string;
  reference: string;
  evaluatorName: string;
  rows: ScoreSheetRowMeta[];
}

export function writeScoreSheetMeta(sheet: ExcelJS.Worksheet, meta: ScoreSheetMeta): void {
  sheet.addRow([META_MARKER, meta.version, meta.rfpId, meta.rfpTitle, meta.reference, meta.evaluatorName]);
  for (const r of meta.rows) sheet.addRow(["score", r.row, r.rfpId, r.vendorOrganisationId, r.slotId, r.criterionId]);
}

/** null when the sheet is missing or is not ours; the caller says so in words. */
export function readScoreSheetMeta(sheet: SheetLike | undefined): ScoreSheetMeta | null {
  if (!sheet || text(sheet.getCell(1, 1).value) !== META_MARKER) return null;
  const head = sheet.getRow(1);
  const meta: ScoreSheetMeta = {
    version: Number(head.getCell(2).value),
    rfpId: text(head.getCell(3).value),
    rfpTitle: text(head.getCell(4).value),
    reference: text(head.getCell(5).value),
    evaluatorName: text(head.getCell(6).value),
    rows: [],
  };
  sheet.eachRow((row, n) => {
    if (n === 1 || text(row.getCell(1).value) !== "score") return;
    const at = Number(row.getCell(2).value);
    if (!Number.isInteger(at) || at <= SCORES_HEADER_ROW) return;
    meta.rows.push({ row: at, rfpId: text(row.getCell(3).value), vendorOrganisationId: text(row.getCell(4).value), slotId: text(row.getCell(5).value), criterionId: text(row.getCell(6).value) });
  });
  return meta;
}

const text = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");

/** The key of one score, as in saveScores' field errors: `score.<key>` / `justification.<key>`. */
export const scoreKey = (s: { vendorOrganisationId: string; slotId: string; criterionId: string }): string => `${s.vendorOrganisationId}.${s.slotId}.${s.criterionId}`;

// ── Building ───────────────────────────────────────────────────────────────────────────

/** What getOwnScores returns (app/services/evaluation/scoring.server.ts), structurally. */
export interface ScoreSheetData {
  rfpTitle: string;
  /** Shown under the title and in the file name when given. */
  reference?: string;
  slots: readonly { id: string; name: string; letter: string }[];
  criteria: readonly { id: string; name: string; rubric: string }[];
  bidders: readonly { id: string; name: string }[];
  scores: readonly { vendorOrganisationId: string; slotId: string; criterionId: string; score: number | null; justification: string; submittedAt: Date | null }[];
}

const FILL_SUBMITTED_STATUS: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE2EFDA" } };
const SCORE_FORMAT = "0.0";

export async function buildScoreSheet(data: ScoreSheetData, rfpId: string, evaluatorName: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Pareto";
  workbook.title = `${data.rfpTitle}: score sheet`;
  const scores = workbook.addWorksheet(SCORE_SHEETS.scores, { views: [{ state: "frozen", xSplit: 3, ySplit: SCORES_HEADER_ROW }] });
  const rubrics = workbook.addWorksheet(SCORE_SHEETS.rubrics, { views: [{ state: "frozen", ySplit: SCORES_HEADER_ROW }] });
  const instructions = workbook.addWorksheet(SCORE_SHEETS.instructions);
  const metaSheet = workbook.addWorksheet(SCORE_SHEETS.meta, { state: "veryHidden" });
  const reference = data.reference ?? "";
  const meta: ScoreSheetMeta = { version: SCORE_SHEET_VERSION, rfpId, rfpTitle: data.rfpTitle, reference, evaluatorName, rows: [] };
  const saved = new Map(data.scores.map((s) => [scoreKey(s), s]));

  // ── Scores ──
  scores.columns = [{ width: 26 }, { width: 24 }, { width: 30 }, { width: 10 }, { width: 70 }, { width: 12 }];
  title(scores, data, evaluatorName, "Score each bundle 0–10 (halves allowed, e.g. 7.5) and justify every score. Hover over a criterion for its rubric (also on the Rubrics sheet). Grey rows are submitted and cannot change here.");
  const header = scores.getRow(SCORES_HEADER_ROW);
  header.values = ["Bidder", "Bundle", "Criterion", "Score (0–10)", "Justification", "Status"];
  styleHeader(header);
  header.height = 30;
  header.getCell(SCORE_COLUMNS.score).note = "Halves allowed: 0, 0.5, 1 … 10.";

  let rowNumber = SCORES_HEADER_ROW;
  for (const bidder of data.bidders) {
    for (const criterion of data.criteria) {
      for (const slot of data.slots) {
        const row = scores.getRow(++rowNumber);
        const key = { vendorOrganisationId: bidder.id, slotId: slot.id, criterionId: criterion.id };
        meta.rows.push({ row: rowNumber, rfpId, ...key });
        const own = saved.get(scoreKey(key));
        const submitted = Boolean(own?.submittedAt);
        row.getCell(SCORE_COLUMNS.bidder).value = bidder.name;
        row.getCell(SCORE_COLUMNS.bundle).value = `${slot.letter} – ${slot.name}`;
        row.getCell(SCORE_COLUMNS.criterion).value = criterion.name;
        if (criterion.rubric.trim()) row.getCell(SCORE_COLUMNS.criterion).note = criterion.rubric.trim();
        const score = row.getCell(SCORE_COLUMNS.score);
        const justification = row.getCell(SCORE_COLUMNS.justification);
        const status = row.getCell(SCORE_COLUMNS.status);
        score.value = own?.score ?? null;
        score.numFmt = SCORE_FORMAT;
        justification.value = own?.justification ? own.justification : null;
        status.value = submitted ? STATUS_LABELS.submitted : own && (own.score !== null || own.justification.trim()) ? STATUS_LABELS.draft : STATUS_LABELS.open;
        labelCells(row, [SCORE_COLUMNS.bidder, SCORE_COLUMNS.bundle, SCORE_COLUMNS.criterion, SCORE_COLUMNS.status]);
        if (submitted) {
          // Locked (the default) and grey: a submitted score changes on screen only, if at all.
          for (const cell of [score, justification]) {
            cell.fill = FILL_LOCKED;
            cell.border = BORDER;
          }
          status.fill = FILL_SUBMITTED_STATUS;
          status.font = { bold: true, color: { argb: "FF375623" } };
        } else {
          valueCell(score, false);
          valueCell(justification, false);
          score.dataValidation = {
            ...decimalValidation(0, 10, "A score from 0 to 10; halves allowed, e.g. 7.5"),
            errorTitle: "Score 0–10",
            showInputMessage: true,
            promptTitle: "Score 0–10",
            prompt: "Halves allowed, e.g. 7.5",
          };
        }
        score.alignment = { horizontal: "center", vertical: "top" };
        justification.alignment = { wrapText: true, vertical: "top" };
        // Excel does not grow a row for wrapped text it did not type itself: a rough fit.
        const lines = Math.max(1, ...[justification.value, criterion.name, bidder.name].map((v) => Math.ceil(String(v ?? "").length / 80)));
        if (lines > 1) row.height = Math.min(15 * lines, 150);
      }
    }
  }
  if (rowNumber > SCORES_HEADER_ROW) scores.autoFilter = { from: { row: SCORES_HEADER_ROW, column: 1 }, to: { row: rowNumber, column: SCORE_COLUMNS.status } };
  if (data.bidders.length === 0 || data.criteria.length === 0) {
    scores.getCell(SCORES_HEADER_ROW + 1, 1).value = data.criteria.length === 0 ? "You score no judged criterion of this RFP." : "There is no bid you may score yet (declare your conflicts of interest on the scoring page first).";
  }
  // Filtering stays allowed (it does not move rows); sorting does not, as rows are mapped by position.
  await scores.protect("", { ...PROTECTION, autoFilter: true });

  // ── Rubrics ──
  rubrics.columns = [{ width: 32 }, { width: 100 }];
  title(rubrics, data, evaluatorName, "How to score each criterion. The Scores sheet shows the same rubric when you hover over a criterion.");
  const rubricHeader = rubrics.getRow(SCORES_HEADER_ROW);
  rubricHeader.values = ["Criterion", "Rubric"];
  styleHeader(rubricHeader);
  data.criteria.forEach((criterion, i) => {
    const row = rubrics.getRow(SCORES_HEADER_ROW + 1 + i);
    row.values = [criterion.name, criterion.rubric.trim() || "No rubric was given for this criterion."];
    labelCells(row, [1, 2]);
    const lines = criterion.rubric.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 110)), 0);
    if (lines > 1) row.height = Math.min(15 * lines, 400);
  });
  await rubrics.protect("", PROTECTION);

  writeInstructions(instructions, data, evaluatorName);
  writeScoreSheetMeta(metaSheet, meta);
  await metaSheet.protect("", {});
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** "score-sheet-RIV-2026-017.xlsx": safe in a Content-Disposition header. */
export function scoreSheetFileName(reference: string, fallback: string): string {
  const slug = (reference || fallback).replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "rfp";
  return `score-sheet-${slug}.xlsx`;
}

function title(sheet: ExcelJS.Worksheet, data: ScoreSheetData, evaluatorName: string, hint: string) {
  sheet.getCell("A1").value = data.rfpTitle;
  sheet.getCell("A1").font = { bold: true, size: 14 };
  sheet.getCell("A2").value = [data.reference, `Score sheet of ${evaluatorName}`].filter(Boolean).join(" · ");
  sheet.getCell("A3").value = hint;
  sheet.getCell("A3").font = { italic: true, color: { argb: "FF595959" } };
}

function writeInstructions(sheet: ExcelJS.Worksheet, data: ScoreSheetData, evaluatorName: string) {
  sheet.columns = [{ width: 110 }];
  const lines: [string, Partial<ExcelJS.Font>?][] = [
    ["How to fill this score sheet", { bold: true, size: 14 }],
    [`${data.rfpTitle}${data.reference ? ` (${data.reference})` : ""} · score sheet of ${evaluatorName}`],
    [""],
    ["1. On the Scores sheet, each row is one bundle of one bidder for one criterion you score. Type a score from 0 to 10 (halves allowed: 7 or 7.5) and a justification."],
    ["2. Every score needs a written justification before you can submit it. The rubric of each criterion is on the Rubrics sheet."],
    ["3. A row whose score and justification are both blank is left as it is in the portal. Rows marked “submitted” are locked: you submitted them on the scoring page."],
    ["4. Do not add, remove, move or sort rows or sheets: the upload maps every row back by its position. Filtering is fine."],
    ["5. Upload the file on the scoring page (“Score offline in Excel”). Every problem is listed by sheet and cell, and nothing is imported until the whole file is valid."],
    ["6. Importing saves drafts only: review and submit your scores per criterion on the scoring page. Until you submit a criterion, you do not see other evaluators' scores for it."],
  ];
  lines.forEach(([line, font], i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true, vertical: "top" };
    if (font) cell.font = font;
  });
}
