// The bid workbook's layout, shared by the builder and the importer so the two cannot drift:
// sheet names, the SLA columns, the contract-term rows, the labels of list values and the
// hidden "meta" sheet that maps every value cell back to an issue, slot or SLA by id.
import type ExcelJS from "exceljs";
import type { ContractTerms, Direction, MeasurementWindow } from "../domain/evaluation/clauses";
import { DIRECTIONS, MEASUREMENT_WINDOWS } from "../domain/evaluation/clauses";
import { currencyDecimals } from "../domain/bids/grid-form-numbers";
import type { SheetLike } from "./workbook-common.server";

/**
 * Bumped whenever the layout or the meaning of a cell changes: an older template is refused, not
 * misread. Version 2 writes amounts in the currency's own decimals; version 1 wrote every amount
 * as minor units ÷ 100 (a yen draft of 8,200,000 showed as 82,000), so only its templates of
 * two-decimal currencies, which it wrote right, are still read (`readableTemplateVersion`).
 */
export const BID_TEMPLATE_VERSION = 2;

export function readableTemplateVersion(version: number, currency: string): boolean {
  return version === BID_TEMPLATE_VERSION || (version === 1 && currencyDecimals(currency) === 2);
}
/** Uploads above this are refused before exceljs sees them (it unzips the whole file in memory). */
export const MAX_BID_WORKBOOK_BYTES = 2 * 1024 * 1024;
export const MAX_BID_WORKBOOK_LABEL = "2 MB";

export const SHEETS = { bundles: "Bundles", slas: "SLAs", instructions: "Instructions", lists: "lists", meta: "meta" } as const;
const META_MARKER = "Pareto bid template";

/** Bundles sheet: header row, then one row per issue; the bundles are columns C, D, E. */
export const BUNDLES_HEADER_ROW = 5;
export const BUNDLE_FIRST_COLUMN = 3;
/** Spare SLA rows per bundle, for SLAs the RFP does not require but the vendor offers. */
export const SPARE_SLA_ROWS = 2;
export const SLAS_HEADER_ROW = 4;

export const YES_NO = ["yes", "no"] as const;
export const DIRECTION_LABELS: Record<Direction, string> = { higher_is_better: "higher is better", lower_is_better: "lower is better" };
export const WINDOW_LABELS: Record<MeasurementWindow, string> = { day: "day", week: "week", month: "month", quarter: "quarter", year: "year" };
export const DIRECTION_OF = new Map(DIRECTIONS.map((d) => [DIRECTION_LABELS[d], d]));
export const WINDOW_OF = new Map(MEASUREMENT_WINDOWS.map((w) => [WINDOW_LABELS[w], w]));

/**
 * Contract terms are per bundle, so they are rows of the Bundles sheet below the issues (one
 * value per bundle column) rather than columns repeated on every SLA row.
 */
export type TermKey = "transitionMonths" | "terminationRight" | "autoRenewal" | "renewalNoticeDays" | "creditCapPercent";
export type TermKind = "months" | "yesno" | "days" | "percent";
export const CONTRACT_TERMS: { key: TermKey; label: string; unit: string; kind: TermKind; hint: string }[] = [
  { key: "transitionMonths", label: "Transition assistance at exit", unit: "months", kind: "months", hint: "Months of help handing over to the next provider; blank = none offered." },
  { key: "terminationRight", label: "General termination right", unit: "yes/no", kind: "yesno", hint: "May the buyer terminate for cause or convenience, besides SLA-linked rights?" },
  { key: "autoRenewal", label: "Renews automatically", unit: "yes/no", kind: "yesno", hint: "Does the contract renew by itself at the end of its term?" },
  { key: "renewalNoticeDays", label: "Notice to stop a renewal", unit: "days", kind: "days", hint: "Days of notice the buyer needs to stop an automatic renewal." },
  { key: "creditCapPercent", label: "Overall cap on service credits", unit: "% of fees", kind: "percent", hint: "All service credits together, as % of the fees so far." },
];

export function termValue(terms: ContractTerms, key: TermKey): number | string | null {
  switch (key) {
    case "transitionMonths":
      return terms.transitionAssistance?.months ?? null;
    case "terminationRight":
      return terms.terminationRight ? "yes" : "no";
    case "autoRenewal":
      return terms.autoRenewal ? "yes" : "no";
    case "renewalNoticeDays":
      return terms.renewalNoticeDays;
    case "creditCapPercent":
      return terms.creditCapPercentOfTotalFees;
  }
}

/**
 * SLA sheet columns, left to right. `vendor` columns are always editable; the others are the
 * RFP's on a required SLA (so the clause check compares like with like) and locked there, as
 * on the grid page, where metric, unit and direction of a required SLA are fixed too.
 */
export type SlaColumnKey =
  | "bundle" | "metric" | "unit" | "direction" | "window" | "source"
  | "target" | "creditPercent" | "creditCap" | "creditAutomatic" | "holdbackPercent" | "releaseCondition" | "terminationBreaches";
export const SLA_COLUMNS: { key: SlaColumnKey; header: string; width: number; vendor: boolean }[] = [
  { key: "bundle", header: "Bundle", width: 26, vendor: false },
  { key: "metric", header: "Metric", width: 28, vendor: false },
  { key: "unit", header: "Unit", width: 12, vendor: false },
  { key: "direction", header: "Better when", width: 17, vendor: false },
  { key: "window", header: "Measured per", width: 13, vendor: true },
  { key: "source", header: "Verified by", width: 22, vendor: true },
  { key: "target", header: "Target", width: 10, vendor: true },
  { key: "creditPercent", header: "Service credit % of period fee", width: 15, vendor: true },
  { key: "creditCap", header: "Credit cap % of period fee", width: 13, vendor: true },
  { key: "creditAutomatic", header: "Credit automatic (yes/no)", width: 13, vendor: true },
  { key: "holdbackPercent", header: "Holdback % of fees", width: 12, vendor: true },
  { key: "releaseCondition", header: "Holdback release condition", width: 32, vendor: true },
  { key: "terminationBreaches", header: "Termination right after N breached periods", width: 17, vendor: true },
];
export const slaColumn = (key: SlaColumnKey): number => SLA_COLUMNS.findIndex((c) => c.key === key) + 1;

// ── The hidden meta sheet ──────────────────────────────────────────────────────────────

export interface SlaRowMeta {
  row: number;
  slotId: string;
  /** "" for a spare row: the vendor may describe an SLA the RFP does not require. */
  slaId: string;
  /** Ids of the remedies the row was written from, so a round trip keeps them. */
  creditId: string;
  holdbackId: string;
  terminationId: string;
  /** Required rows keep the RFP's metric, unit and direction locked. */
  required: boolean;
}

export interface WorkbookMeta {
  version: number;
  rfpId: string;
  rfpTitle: string;
  reference: string;
  slots: { column: number; slotId: string }[];
  issues: { row: number; issueId: string }[];
  terms: { row: number; key: TermKey }[];
  slas: SlaRowMeta[];
}

export function writeMeta(sheet: ExcelJS.Worksheet, meta: WorkbookMeta): void {
  sheet.addRow([META_MARKER, meta.version, meta.rfpId, meta.rfpTitle, meta.reference]);
  for (const s of meta.slots) sheet.addRow(["slot", s.column, s.slotId]);
  for (const i of meta.issues) sheet.addRow(["issue", i.row, i.issueId]);
  for (const t of meta.terms) sheet.addRow(["term", t.row, t.key]);
  for (const s of meta.slas) sheet.addRow(["sla", s.row, s.slotId, s.slaId, s.creditId, s.holdbackId, s.terminationId, s.required ? "required" : "offered"]);
}

/** null when the sheet is missing or is not ours; the caller says so in words. */
export function readMeta(sheet: SheetLike | undefined): WorkbookMeta | null {
  if (!sheet || str(sheet.getCell(1, 1).value) !== META_MARKER) return null;
  const head = sheet.getRow(1);
  const meta: WorkbookMeta = {
    version: Number(head.getCell(2).value),
    rfpId: str(head.getCell(3).value),
    rfpTitle: str(head.getCell(4).value),
    reference: str(head.getCell(5).value),
    slots: [],
    issues: [],
    terms: [],
    slas: [],
  };
  const terms = new Set<string>(CONTRACT_TERMS.map((t) => t.key));
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const cell = (c: number) => str(row.getCell(c).value);
    const at = Number(row.getCell(2).value);
    if (!Number.isInteger(at) || at < 1) return;
    switch (cell(1)) {
      case "slot":
        meta.slots.push({ column: at, slotId: cell(3) });
        break;
      case "issue":
        meta.issues.push({ row: at, issueId: cell(3) });
        break;
      case "term":
        if (terms.has(cell(3))) meta.terms.push({ row: at, key: cell(3) as TermKey });
        break;
      case "sla":
        meta.slas.push({ row: at, slotId: cell(3), slaId: cell(4), creditId: cell(5), holdbackId: cell(6), terminationId: cell(7), required: cell(8) === "required" });
        break;
    }
  });
  return meta;
}

const str = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");

export { columnLetter } from "./workbook-common.server";
