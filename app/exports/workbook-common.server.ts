// What every uploadable Pareto workbook shares (the vendor's bid template, the evaluator's
// score sheet): a problem named by sheet and cell, the file checks done before exceljs parses
// anything (size, ZIP signature), a typed reader of one cell, and the look of locked labels
// and unlocked value cells. One copy, so the two workbooks report and look alike.
import ExcelJS from "exceljs";

export interface WorkbookProblem {
  sheet: string;
  /** 0 when the problem is about the file as a whole. */
  row: number;
  column: string;
  /** "C7", or "" for the whole file. */
  cell: string;
  message: string;
}

export const NOT_XLSX = "This file is not an Excel workbook (.xlsx). Save it from Excel as “Excel Workbook (.xlsx)” without a password and upload it again.";

/** "Bundles!C7: …" — how a problem reads in a list. */
export function formatProblem(p: WorkbookProblem): string {
  return p.cell ? `${p.sheet}!${p.cell}: ${p.message}` : p.message;
}

/** A problem about the file as a whole (no sheet, no cell). */
export function wholeFileProblem(message: string): WorkbookProblem {
  return { sheet: "", row: 0, column: "", cell: "", message };
}

/** A problem at one cell, the way Excel names it. */
export function cellProblem(sheet: string, row: number, column: number, message: string): WorkbookProblem {
  const letter = columnLetter(column);
  return { sheet, row, column: letter, cell: `${letter}${row}`, message };
}

/**
 * Size, then the ZIP signature, then exceljs: a PDF or an old .xls gets a clear answer instead
 * of an unzip error, and an oversized file is never unzipped (exceljs holds it all in memory).
 */
export async function loadWorkbook(bytes: Uint8Array, limit: { maxBytes: number; tooLarge: string }): Promise<{ ok: true; workbook: ExcelJS.Workbook } | { ok: false; problems: WorkbookProblem[] }> {
  const whole = (message: string) => ({ ok: false as const, problems: [wholeFileProblem(message)] });
  if (bytes.byteLength > limit.maxBytes) return whole(limit.tooLarge);
  // An .xlsx is a ZIP archive: "PK\x03\x04".
  if (bytes.byteLength < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return whole(NOT_XLSX);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type (an ArrayBuffer); a Node Buffer is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    return whole(NOT_XLSX);
  }
  return { ok: true, workbook };
}

/** "C" for 3: problems name cells the way Excel does. */
export function columnLetter(column: number): string {
  let out = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

// ── Reading cells ──────────────────────────────────────────────────────────────────────

/** One cell of a sheet: reads it as a type, or records a problem for it and returns null. */
export class CellReader {
  private readonly raw: unknown;
  constructor(
    private readonly sheet: ExcelJS.Worksheet,
    private readonly row: number,
    private readonly column: number,
    private readonly problems: WorkbookProblem[],
  ) {
    this.raw = plain(sheet.getCell(row, column).value);
  }

  get blank(): boolean {
    return this.raw === null;
  }

  /** "E7" */
  get address(): string {
    return `${columnLetter(this.column)}${this.row}`;
  }

  problem(message: string): null {
    this.problems.push(cellProblem(this.sheet.name, this.row, this.column, message));
    return null;
  }

  /** The plain value (null, number, string, boolean, Date), or null with a problem for a formula without a value or an error cell. */
  value(what: string): unknown {
    if (this.raw instanceof FormulaWithoutValue) return this.problem(`${what} is a formula without a calculated value; type the value itself`);
    if (this.raw instanceof CellError) return this.problem(`${what} shows the error ${this.raw.code}; type the value itself`);
    return this.raw;
  }

  text(what: string): string | null {
    const v = this.value(what);
    if (v === null) return null;
    if (v instanceof Date) return this.problem(`${what} must be text, not a date`);
    const text = String(v).trim();
    if (text.length > 4000) return this.problem(`${what} is longer than 4,000 characters`);
    return text === "" ? null : text;
  }

  number(what: string, o: { whole?: boolean; min?: number; max?: number; example: string; amount?: boolean; currency?: string; unit?: string }): number | null {
    const v = this.value(what);
    if (v === null) return null;
    const n = typeof v === "number" ? v : typeof v === "string" ? parseNumber(v, o.currency) : NaN;
    const kind = o.amount ? "an amount" : o.whole ? "a whole number" : o.unit ? `a number (${o.unit})` : "a number";
    if (!Number.isFinite(n)) return this.problem(`${what} must be ${kind}, e.g. ${o.example}`);
    if (o.whole && !Number.isInteger(n)) return this.problem(`${what} must be a whole number, e.g. ${o.example}`);
    if (o.min !== undefined && n < o.min) return this.problem(o.min === 0 ? `${what} must not be negative` : `${what} must be at least ${o.min}`);
    if (o.max !== undefined && n > o.max) return this.problem(`${what} must be at most ${o.max}`);
    return n;
  }

  percent(what: string): number | null {
    const v = this.value(what);
    // "12 %" typed as text is read as 12; a cell formatted as % holds 0.12 and is read as such.
    const cleaned = typeof v === "string" ? v.replace(/%\s*$/, "") : v;
    if (cleaned === null) return null;
    const n = typeof cleaned === "number" ? cleaned : typeof cleaned === "string" ? parseNumber(cleaned) : NaN;
    if (!Number.isFinite(n)) return this.problem(`${what} must be a percentage from 0 to 100, e.g. 5`);
    if (n < 0 || n > 100) return this.problem(`${what} must be a percentage from 0 to 100, not ${n}`);
    return n;
  }

  yesNo(what: string): boolean | null {
    const v = this.value(what);
    if (v === null) return null;
    if (typeof v === "boolean") return v;
    const text = String(v).trim().toLowerCase();
    if (text === "yes" || text === "y" || text === "true") return true;
    if (text === "no" || text === "n" || text === "false") return false;
    return this.problem(`${what}: answer yes or no, not “${String(v)}”`);
  }

  oneOf<T>(labels: Map<string, T>, what: string): T | null {
    const text = this.text(what);
    if (text === null) return null;
    const found = labels.get(text.toLowerCase());
    return found ?? this.problem(`${what}: “${text}” is not one of ${[...labels.keys()].join(", ")}`);
  }
}

class FormulaWithoutValue {}
class CellError {
  constructor(readonly code: string) {}
}

/** exceljs cell values → null, number, string, boolean, Date, or a marker for a formula/error. */
function plain(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value !== "object" || value instanceof Date) return value;
  if ("richText" in value) return plain(value.richText.map((r) => r.text).join(""));
  if ("error" in value) return new CellError(String(value.error));
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined) return new FormulaWithoutValue();
    return typeof result === "object" && result !== null && "error" in result ? new CellError(String((result as { error: unknown }).error)) : plain(result as ExcelJS.CellValue);
  }
  if ("text" in value) return plain(String(value.text));
  return null;
}

/** "12,500.00", "EUR 12500", "12 500" → 12500; "12.500,00" (ambiguous) → NaN. */
export function parseNumber(text: string, currency?: string): number {
  let t = text.trim();
  if (currency) t = t.replace(new RegExp(`^${currency}\\s*|\\s*${currency}$`, "i"), "");
  t = t.replace(/[\s\u00a0\u202f]/g, "");
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : NaN;
}

// ── Writing cells ──────────────────────────────────────────────────────────────────────

export const FILL_REQUIRED: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } };
export const FILL_LOCKED: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } };
export const FILL_HEADER: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF1F3A5F" } };
export const BORDER: Partial<ExcelJS.Borders> = { top: { style: "thin", color: { argb: "FFBFBFBF" } }, bottom: { style: "thin", color: { argb: "FFBFBFBF" } }, left: { style: "thin", color: { argb: "FFBFBFBF" } }, right: { style: "thin", color: { argb: "FFBFBFBF" } } };
/** Formatting, selecting and resizing stay allowed; inserting, deleting or sorting rows does not. */
export const PROTECTION: Partial<ExcelJS.WorksheetProtection> = { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true };

export function styleHeader(row: ExcelJS.Row) {
  row.eachCell((cell) => {
    cell.font = { bold: true, color: { argb: "FFFFFFFF" } };
    cell.fill = FILL_HEADER;
    cell.alignment = { wrapText: true, vertical: "middle" };
  });
}

/** Grey, bordered, wrapped: what a user reads but does not type over. Column A in bold. */
export function labelCells(row: ExcelJS.Row, columns: number[]) {
  for (const c of columns) {
    const cell = row.getCell(c);
    cell.fill = FILL_LOCKED;
    cell.border = BORDER;
    cell.alignment = { wrapText: true, vertical: "top" };
  }
  row.getCell(1).font = { bold: true };
}

/** Unlocked: the only cells a user can type in once the sheet is protected. */
export function valueCell(cell: ExcelJS.Cell, required: boolean) {
  cell.protection = { locked: false };
  cell.border = BORDER;
  if (required) cell.fill = FILL_REQUIRED;
}

export function decimalValidation(min: number, max: number, error: string): ExcelJS.DataValidation {
  return { type: "decimal", operator: "between", allowBlank: true, formulae: [min, max], showErrorMessage: true, error };
}
