// What every uploadable Pareto workbook shares (the vendor's bid template, the evaluator's
// score sheet): a problem named by sheet and cell, the file checks done before exceljs parses
// anything (size, ZIP signature), a typed reader of one cell, and the look of locked labels
// and unlocked value cells. One copy, so the two workbooks report and look alike.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type ExcelJS from "exceljs";
import { amountHint, currencyDecimals, readAmount } from "../domain/bids/grid-form-numbers";
import { decimalOf, pow10 } from "../domain/evaluation/exact";
import { WORKBOOK_WORKER, WORKER_FAILED, isWorkerOutOfMemory, workerFailureLine } from "./workers.server";

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

/** The subset of an exceljs worksheet the readers use; the upload path gives a PlainSheet. */
export interface SheetLike {
  readonly name: string;
  /** `numFmt` only where it says how to read the value: a cell formatted as a percentage holds 0.05 for "5%". */
  getCell(row: number, column: number): { value: unknown; numFmt?: string };
  getRow(row: number): { getCell(column: number): { value: unknown } };
  eachRow(callback: (row: { getCell(column: number): { value: unknown } }, rowNumber: number) => void): void;
}

/** One non-empty cell as the worker sends it: row, column, value, and its number format when that is a percentage. */
export type PlainCell = [number, number, unknown] | [number, number, unknown, string];

/** A workbook as the worker returns it: each sheet's non-empty cells, plain data. */
export class PlainWorkbook {
  private readonly sheets: Map<string, PlainSheet>;
  constructor(sheets: { name: string; cells: PlainCell[] }[]) {
    this.sheets = new Map(sheets.map((s) => [s.name, new PlainSheet(s.name, s.cells)]));
  }
  getWorksheet(name: string): PlainSheet | undefined {
    return this.sheets.get(name);
  }
}

export class PlainSheet implements SheetLike {
  private readonly rows = new Map<number, Map<number, { value: unknown; numFmt?: string }>>();
  constructor(
    readonly name: string,
    cells: PlainCell[],
  ) {
    for (const [r, c, value, numFmt] of cells) {
      let row = this.rows.get(r);
      if (!row) this.rows.set(r, (row = new Map()));
      row.set(c, typeof numFmt === "string" ? { value, numFmt } : { value });
    }
  }
  getCell(row: number, column: number): { value: unknown; numFmt?: string } {
    return this.rows.get(row)?.get(column) ?? { value: null };
  }
  getRow(row: number) {
    return { getCell: (column: number) => this.getCell(row, column) };
  }
  eachRow(callback: (row: { getCell(column: number): { value: unknown } }, rowNumber: number) => void) {
    for (const r of [...this.rows.keys()].sort((a, b) => a - b)) callback(this.getRow(r), r);
  }
}

// ── Hostile uploads (issue #10, item 1) ────────────────────────────────────────────────
// A 1.5 MB archive can inflate to gigabytes. Three defences, in order: the ZIP central
// directory is read here (no inflation) and refused on entry count, declared sizes and
// compression ratio; the parse runs in a worker with a hard heap limit and a timeout, which
// also inflates every entry with a ceiling first (an archive may lie about its sizes); and at
// most IMPORT_CONCURRENCY imports run at once.

/** An .xlsx holds a score of parts; Pareto's templates about 15. */
export const MAX_ZIP_ENTRIES = 300;
/** Unpacked, a filled template is well under 1 MB; this is 30 times that. */
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;
/** Spreadsheet XML compresses 5–20 times; a bomb a thousand times and more. */
export const MAX_COMPRESSION_RATIO = 100;
/** Parts smaller than this may compress as much as they like (e.g. a run of empty rows). */
const RATIO_FREE_BYTES = 1024 * 1024;
export const WORKER_HEAP_MB = 256;
export const WORKER_TIMEOUT_MS = 15_000;
/** Two imports at once, or one on a two-core machine: the request thread keeps a core of its own. */
export const IMPORT_CONCURRENCY = Math.max(1, Math.min(2, availableParallelism() - 1));
/** How long an upload waits for a free slot before it is told to try again. */
export const IMPORT_QUEUE_WAIT_MS = 10_000;
const MAX_WAITING = 8;

export const UNPACKS_TOO_LARGE = "This file unpacks to far more than any Pareto workbook (it may be a “zip bomb” or hold pictures or extra sheets). Upload the workbook as downloaded and filled.";
export const TOO_COMPLEX = "This file is too large or complex to read. Upload the workbook as downloaded and filled, without pictures or extra sheets.";
export const IMPORTS_BUSY = "Pareto is reading other uploaded workbooks right now. Try again in a minute.";

export type ZipCheck = { ok: true; entries: number; unpackedBytes: number } | { ok: false; status: 400 | 413; message: string };

/**
 * Reads the ZIP end-of-central-directory record and every central-directory entry (PKWARE
 * APPNOTE 4.3.12, 4.3.16) without inflating anything. ZIP64 is refused: no workbook of a few
 * megabytes needs it.
 */
export function inspectZip(bytes: Uint8Array): ZipCheck {
  const bad = { ok: false as const, status: 400 as const, message: NOT_XLSX };
  const tooLarge = { ok: false as const, status: 413 as const, message: UNPACKS_TOO_LARGE };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 0xffff); i--) {
    if (u32(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return bad;
  const count = u16(eocd + 10);
  const directorySize = u32(eocd + 12);
  const directoryAt = u32(eocd + 16);
  if (count === 0xffff || directoryAt === 0xffffffff || directorySize === 0xffffffff) return tooLarge;
  if (count > MAX_ZIP_ENTRIES) return tooLarge;
  if (directoryAt + directorySize > eocd) return bad;
  let at = directoryAt;
  let unpacked = 0;
  let packed = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || u32(at) !== 0x02014b50) return bad;
    const method = u16(at + 10);
    const compressed = u32(at + 20);
    const size = u32(at + 24);
    if (method !== 0 && method !== 8) return bad;
    if (compressed === 0xffffffff || size === 0xffffffff) return tooLarge;
    if (size > RATIO_FREE_BYTES && size > compressed * MAX_COMPRESSION_RATIO) return tooLarge;
    unpacked += size;
    packed += compressed;
    if (unpacked > MAX_UNPACKED_BYTES) return tooLarge;
    at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
  }
  if (packed > bytes.byteLength) return bad;
  if (unpacked > RATIO_FREE_BYTES && unpacked > Math.max(packed, 1) * MAX_COMPRESSION_RATIO) return tooLarge;
  return { ok: true, entries: count, unpackedBytes: unpacked };
}

/** A small counting semaphore with a bounded, timed queue. */
export class Slots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  /** A release function, or null when no slot came free in time (or too many wait already). */
  async acquire(waitMs: number): Promise<(() => void) | null> {
    if (this.busy < this.size) {
      this.busy += 1;
      return this.releaser();
    }
    if (this.waiting.length >= MAX_WAITING) return null;
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(this.releaser());
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(null);
      }, waitMs);
      this.waiting.push(wake);
    });
  }
  private releaser() {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next in line.
      if (next) next();
      else this.busy -= 1;
    };
  }
}
const importSlots = new Slots(IMPORT_CONCURRENCY);

/** The worker's heap and time; smaller in tests. */
export interface WorkerBudget {
  heapMb: number;
  timeoutMs: number;
}

/**
 * What a parse came to. The file's doing: "not-xlsx", "too-large" (the worker's own checks or
 * exceljs refused it), "out-of-memory" (it needed more than the worker's heap budget, which a
 * real workbook never comes near) and "timeout". The server's: "failed" (the worker could not
 * start, a module it loads is missing, it threw, or it stopped without an answer).
 */
type WorkerReply =
  | { ok: true; sheets: { name: string; cells: PlainCell[] }[] }
  | { ok: false; reason: "not-xlsx" | "too-large" | "out-of-memory" | "timeout" }
  | { ok: false; reason: "failed"; error: unknown };

function parseInWorker(bytes: Uint8Array, budget: WorkerBudget, file: URL): Promise<WorkerReply> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(file, {
        workerData: { bytes, maxEntryBytes: MAX_UNPACKED_BYTES },
        resourceLimits: { maxOldGenerationSizeMb: budget.heapMb, maxYoungGenerationSizeMb: Math.min(32, budget.heapMb / 4), stackSizeMb: 4 },
        stdout: false,
        stderr: false,
      });
    } catch (error) {
      resolve({ ok: false, reason: "failed", error });
      return;
    }
    let settled = false;
    const settle = (reply: WorkerReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(reply);
    };
    const timer = setTimeout(() => settle({ ok: false, reason: "timeout" }), budget.timeoutMs);
    worker.once("message", (reply: WorkerReply) => settle(reply));
    // ERR_WORKER_OUT_OF_MEMORY when the heap limit is reached: only the worker dies. Any other
    // error (MODULE_NOT_FOUND for a missing script, an exception) is the server's.
    worker.once("error", (error) => settle(isWorkerOutOfMemory(error) ? { ok: false, reason: "out-of-memory" } : { ok: false, reason: "failed", error }));
    // After "error" (already settled), or on its own: the worker ended without an answer.
    worker.once("exit", (code) => settle({ ok: false, reason: "failed", error: new Error(`the worker stopped (exit code ${code}) without an answer`) }));
  });
}

export type LoadedWorkbook = { ok: true; workbook: PlainWorkbook } | { ok: false; status: number; problems: WorkbookProblem[] };

/**
 * Size, then the ZIP signature, then the ZIP directory, then exceljs in a worker: a PDF or an
 * old .xls gets a clear answer instead of an unzip error, an oversized file or a zip bomb is
 * never unzipped on the server's thread, and a hostile file can exhaust only its worker.
 * `status` is 400 (not a workbook), 413 (too large), 503 (too many imports at once) or 500
 * (the worker failed for the server's reason, logged: never blamed on the file).
 */
export async function loadWorkbook(
  bytes: Uint8Array,
  limit: { maxBytes: number; tooLarge: string },
  budget: WorkerBudget = { heapMb: WORKER_HEAP_MB, timeoutMs: WORKER_TIMEOUT_MS },
  worker: URL = WORKBOOK_WORKER,
): Promise<LoadedWorkbook> {
  const whole = (status: number, message: string) => ({ ok: false as const, status, problems: [wholeFileProblem(message)] });
  if (bytes.byteLength > limit.maxBytes) return whole(413, limit.tooLarge);
  // An .xlsx is a ZIP archive: "PK\x03\x04".
  if (bytes.byteLength < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return whole(400, NOT_XLSX);
  const zip = inspectZip(bytes);
  if (!zip.ok) return whole(zip.status, zip.message);
  const release = await importSlots.acquire(IMPORT_QUEUE_WAIT_MS);
  if (!release) return whole(503, IMPORTS_BUSY);
  let reply: WorkerReply;
  try {
    reply = await parseInWorker(bytes, budget, worker);
  } finally {
    release();
  }
  if (reply.ok) return { ok: true, workbook: new PlainWorkbook(reply.sheets) };
  if (reply.reason === "not-xlsx") return whole(400, NOT_XLSX);
  if (reply.reason === "too-large") return whole(413, UNPACKS_TOO_LARGE);
  if (reply.reason === "failed") {
    console.error(workerFailureLine(worker, reply.error));
    return whole(500, WORKER_FAILED);
  }
  return whole(413, TOO_COMPLEX);
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
  private readonly percentFormat: boolean;
  constructor(
    private readonly sheet: SheetLike,
    private readonly row: number,
    private readonly column: number,
    private readonly problems: WorkbookProblem[],
  ) {
    const cell = sheet.getCell(row, column);
    this.raw = plain(cell.value as ExcelJS.CellValue);
    this.percentFormat = isPercentFormat(cell.numFmt);
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
    if (Math.abs(n) > 1e15) return this.problem(`${what} must be between −10^15 and 10^15`);
    if (o.whole && !Number.isInteger(n)) return this.problem(`${what} must be a whole number, e.g. ${o.example}`);
    if (o.min !== undefined && n < o.min) return this.problem(o.min === 0 ? `${what} must not be negative` : `${what} must be at least ${o.min}`);
    if (o.max !== undefined && n > o.max) return this.problem(`${what} must be at most ${o.max}`);
    return n;
  }

  /**
   * An amount in `currency` as integer minor units, exactly (decision 021): a number cell by
   * its decimal digits (`decimalOf`, never `× 100` in floating point), a text cell as the
   * forms read a typed amount. More decimals than the currency has is a problem, not rounded.
   */
  amount(what: string, currency: string): number | null {
    const v = this.value(what);
    if (v === null) return null;
    const decimals = currencyDecimals(currency);
    const example = amountCellExample(currency);
    const notAmount = () => this.problem(`${what} must be an amount, e.g. ${example}`);
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return notAmount();
      if (v < 0) return this.problem(`${what} must not be negative`);
      let exact = decimalOf(v);
      // A formula's result may carry binary noise (0.1 + 0.2 = 0.30000000000000004): Excel
      // itself keeps 15 significant digits, so read it as Excel shows it before judging decimals.
      if (exact.scale > decimals) exact = decimalOf(Number(v.toPrecision(15)));
      if (exact.scale > decimals) return this.problem(`${what} has more than ${decimals} decimals; give it in ${currency}, e.g. ${example}`);
      const minor = exact.digits * pow10(decimals - exact.scale);
      if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return this.problem(`${what} is too large`);
      return Number(minor);
    }
    if (typeof v !== "string") return notAmount();
    const text = v.trim().replace(new RegExp(`^${currency}\\s*|\\s*${currency}$`, "i"), "");
    const read = readAmount(text, currency);
    if (read.ok) return read.minor;
    if (read.message === amountHint(currency)) return notAmount();
    if (read.message.endsWith("cannot be negative")) return this.problem(`${what} must not be negative`);
    return this.problem(`${what}: ${read.message}`);
  }

  percent(what: string): number | null {
    const v = this.value(what);
    // "12 %" typed as text is read as 12. A cell formatted as % holds 0.12 for what Excel shows
    // as 12 %: read as 12, scaled by its decimal digits so 0.07 gives 7, not 7.000000000000001.
    const cleaned = typeof v === "string" ? v.replace(/%\s*$/, "") : typeof v === "number" && this.percentFormat && Number.isFinite(v) ? timesHundred(v) : v;
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

/** 0.05 → 5, 0.125 → 12.5, exactly: the decimal point moves two places, no multiplication. */
function timesHundred(x: number): number {
  const { digits, scale } = decimalOf(x);
  return Number(`${digits}e${2 - scale}`);
}

/**
 * Whether an Excel number format shows the value as a percentage: a "%" outside quoted text
 * and not escaped ("0%", "0.0 %"; not `0" %"`, which only appends the sign to the number).
 */
/** An amount as typed in a cell, in the currency's decimals: "12500.00" (EUR), "12500" (JPY), "12500.000" (KWD). */
export function amountCellExample(currency: string): string {
  const decimals = currencyDecimals(currency);
  return decimals ? `12500.${"0".repeat(decimals)}` : "12500";
}

/**
 * Excel's number format for an amount in major units, with as many decimals as the currency
 * has minor units (decision 021): "#,##0.00" (EUR), "#,##0" (JPY), "#,##0.000" (KWD). Two
 * decimals everywhere would show yen with cents that cannot exist and round dinars' fils away.
 */
export function amountNumberFormat(currency: string): string {
  const decimals = currencyDecimals(currency);
  return decimals ? `#,##0.${"0".repeat(decimals)}` : "#,##0";
}

export function isPercentFormat(numFmt: unknown): boolean {
  if (typeof numFmt !== "string" || !numFmt.includes("%")) return false;
  const section = numFmt.split(";")[0] ?? "";
  return section.replace(/"[^"]*"/g, "").replace(/\\./g, "").replace(/\[[^\]]*\]/g, "").includes("%");
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
