// Reads a filled score sheet back into draft score entries (issue #11, item 5). All or
// nothing, as the bid template (decision 006): every problem is collected with its sheet and
// cell, and entries are returned only when there are none. The hidden meta sheet says which
// (vendor, bundle, criterion) each row is; the labels an evaluator sees are never parsed.
// Type only: the entries are exactly what the scoring service's saveScores takes.
import type { ScoreEntry } from "../services/evaluation/scoring.server";
import { parseScoreFieldName } from "../domain/evaluation-workspace/scoring";
import { CellReader, cellProblem, loadWorkbook, wholeFileProblem, type WorkbookProblem } from "./workbook-common.server";
import { MAX_SCORE_SHEET_BYTES, MAX_SCORE_SHEET_LABEL, SCORE_COLUMNS, SCORE_SHEETS, SCORE_SHEET_VERSION, readScoreSheetMeta, scoreKey, type ScoreSheetData } from "./score-sheet.server";

export { MAX_SCORE_SHEET_BYTES, MAX_SCORE_SHEET_LABEL } from "./score-sheet.server";
export { NOT_XLSX, formatProblem, type WorkbookProblem } from "./workbook-common.server";

export type { ScoreEntry };

/** What the evaluator may score now, from getOwnScores; `scores` (their own) tells submitted rows and unchanged drafts apart. */
export interface ScoreSheetExpected {
  rfpId: string;
  criteria: ScoreSheetData["criteria"];
  slots: ScoreSheetData["slots"];
  bidders: ScoreSheetData["bidders"];
  scores?: ScoreSheetData["scores"];
}

export type ReadScoreSheetResult =
  | {
      ok: true;
      /** Rows that differ from the saved drafts; unchanged rows and blank rows are left out. */
      entries: ScoreEntry[];
      /** The Scores row of every entry by `scoreKey`, to place saveScores' field errors on cells. */
      rows: Record<string, number>;
    }
  | { ok: false; status?: number; problems: WorkbookProblem[] };

export const TOO_LARGE_SCORE_SHEET = `The file is larger than ${MAX_SCORE_SHEET_LABEL}. Upload the score sheet as downloaded and filled, without pictures or extra sheets.`;
export const SUBMITTED_CANNOT_CHANGE = "You submitted this score; it cannot change here";
const NEW_SHEET = "Download the score sheet from this RFP's scoring page, fill it in and upload that file.";

export async function readScoreSheet(bytes: Uint8Array, expected: ScoreSheetExpected): Promise<ReadScoreSheetResult> {
  const whole = (message: string): ReadScoreSheetResult => ({ ok: false, problems: [wholeFileProblem(message)] });
  const loaded = await loadWorkbook(bytes, { maxBytes: MAX_SCORE_SHEET_BYTES, tooLarge: TOO_LARGE_SCORE_SHEET });
  if (!loaded.ok) return loaded;
  const meta = readScoreSheetMeta(loaded.workbook.getWorksheet(SCORE_SHEETS.meta));
  const sheet = loaded.workbook.getWorksheet(SCORE_SHEETS.scores);
  if (!meta || !sheet) return whole(`This workbook is not a Pareto score sheet. ${NEW_SHEET}`);
  if (meta.rfpId !== expected.rfpId) return whole(`This workbook is the score sheet of another RFP (${[meta.reference, meta.rfpTitle].filter(Boolean).join(", ") || meta.rfpId}). ${NEW_SHEET}`);
  if (meta.version !== SCORE_SHEET_VERSION) return whole(`This score sheet was made by an older version of Pareto. ${NEW_SHEET}`);

  const bidders = new Map(expected.bidders.map((b) => [b.id, b]));
  const criteria = new Map(expected.criteria.map((c) => [c.id, c]));
  const slots = new Map(expected.slots.map((s) => [s.id, s]));
  const saved = new Map((expected.scores ?? []).map((s) => [scoreKey(s), s]));
  const problems: WorkbookProblem[] = [];
  const entries: ScoreEntry[] = [];
  const rows: Record<string, number> = {};
  const seen = new Set<number>();
  const seenKeys = new Set<string>();

  for (const rowMeta of [...meta.rows].sort((a, b) => a.row - b.row)) {
    // A row's own problems are kept apart until we know the row counts at all.
    const rowProblems: WorkbookProblem[] = [];
    const scoreCell = new CellReader(sheet, rowMeta.row, SCORE_COLUMNS.score, rowProblems);
    const justificationCell = new CellReader(sheet, rowMeta.row, SCORE_COLUMNS.justification, rowProblems);
    const refuse = (message: string) => void problems.push(cellProblem(SCORE_SHEETS.scores, rowMeta.row, SCORE_COLUMNS.score, message));
    const filled = !scoreCell.blank || !justificationCell.blank;
    const key = scoreKey(rowMeta);
    if (seen.has(rowMeta.row) || seenKeys.has(key)) {
      if (filled) refuse(`This row repeats another row of the sheet. ${NEW_SHEET}`);
      continue;
    }
    seen.add(rowMeta.row);
    seenKeys.add(key);
    if (rowMeta.rfpId !== expected.rfpId) {
      refuse(`This row comes from the score sheet of another RFP. ${NEW_SHEET}`);
      continue;
    }
    // Blank score and justification: left as it is in the portal.
    if (!filled) continue;
    const bidder = bidders.get(rowMeta.vendorOrganisationId);
    const criterion = criteria.get(rowMeta.criterionId);
    const slot = slots.get(rowMeta.slotId);
    const where = `${bidder?.name ?? "this bidder"}, ${criterion?.name ?? "this criterion"}, bundle ${slot?.letter ?? "?"}`;
    const score = readScore(scoreCell, `Score for ${where}`);
    const justification = justificationCell.text(`The justification for ${where}`) ?? "";
    const own = saved.get(key);
    const unchanged = own !== undefined && score !== undefined && own.score === score && own.justification.trim() === justification;
    // A row as the portal has it (a draft, or a locked submitted row) is no change, whatever else holds.
    if (unchanged) continue;
    if (!bidder) refuse("You may not score this bidder in this RFP (it is not an admitted bidder, or you declared a conflict of interest). Clear the row or download a new score sheet");
    else if (!criterion) refuse("This criterion is not one you score in this RFP. Clear the row or download a new score sheet");
    else if (!slot) refuse("This bundle is not one of the RFP's bundles. Clear the row or download a new score sheet");
    else if (rowProblems.length > 0) problems.push(...rowProblems);
    else if (own?.submittedAt) {
      const changed = own.score !== score ? scoreCell : justificationCell;
      changed.problem(SUBMITTED_CANNOT_CHANGE);
      problems.push(...rowProblems);
    } else {
      entries.push({ vendorOrganisationId: bidder.id, slotId: slot.id, criterionId: criterion.id, score: score ?? null, justification });
      rows[key] = rowMeta.row;
    }
  }

  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column)) };
  return { ok: true, entries, rows };
}

/** null for a blank cell; undefined when the cell has a problem (recorded). */
function readScore(cell: CellReader, what: string): number | null | undefined {
  const value = cell.value(what);
  if (value === null) return cell.blank ? null : undefined;
  let n = NaN;
  if (typeof value === "number") n = value;
  // "7,5" typed as text: a decimal comma is unambiguous for a score of at most two digits.
  else if (typeof value === "string") n = /^\s*\d{1,2}([.,]\d+)?\s*$/.test(value) ? Number(value.trim().replace(",", ".")) : NaN;
  if (!Number.isFinite(n)) {
    cell.problem(`${what} must be a number from 0 to 10, e.g. 7.5${typeof value === "string" ? `, not “${value.trim()}”` : ""}`);
    return undefined;
  }
  if (n < 0 || n > 10) {
    cell.problem(`${what} must be from 0 to 10, not ${n}`);
    return undefined;
  }
  if (Math.abs(n * 2 - Math.round(n * 2)) > 1e-9) {
    cell.problem(`${what} must be a whole or half point (e.g. 7 or 7.5), not ${n}`);
    return undefined;
  }
  return Math.round(n * 2) / 2;
}

/**
 * saveScores' field errors (`score.<vendor>.<slot>.<criterion>`, `justification.<…>`) placed on
 * the cells they came from; anything else reads as a problem of the whole file.
 */
export function problemsFromFieldErrors(fieldErrors: Record<string, string[]>, rows: Record<string, number>, fallback: string): WorkbookProblem[] {
  const problems: WorkbookProblem[] = [];
  for (const [field, messages] of Object.entries(fieldErrors)) {
    const parsed = parseScoreFieldName(field);
    const row = parsed ? rows[scoreKey(parsed)] : undefined;
    const column = parsed?.kind === "justification" ? SCORE_COLUMNS.justification : SCORE_COLUMNS.score;
    for (const message of messages) problems.push(row !== undefined ? cellProblem(SCORE_SHEETS.scores, row, column, message) : wholeFileProblem(message));
  }
  if (problems.length === 0) problems.push(wholeFileProblem(fallback));
  return problems.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
}
