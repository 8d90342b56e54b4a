// The bid grid as an Excel template (issue #5, "work offline in Excel"): a vendor downloads
// it, fills the white cells, and uploads it again (bid-workbook-import.server.ts). Built from
// plain data (the RFP definition and the vendor's draft), so it needs no database and tests
// run it directly. Everything the vendor must not change (labels, the RFP's SLA metrics, the
// hidden id map) is locked by sheet protection without a password: the point is to prevent
// slips such as inserting a row, not to stop a determined vendor, and the importer re-checks
// every cell anyway.
import ExcelJS from "exceljs";
import type { Sla } from "../domain/evaluation/clauses";
import { normaliseMetric } from "../domain/evaluation/clauses";
import { currencyDecimals, minorUnitsPerMajor } from "../domain/bids/grid-form-numbers";
import type { BidDraft } from "../domain/bids/content";
import type { GridDefinition } from "../domain/bids/grid-form";
import { BUNDLE_LETTERS } from "../domain/bids/slots";
import type { RfpDefinition } from "../domain/rfp/sections";
import type { RfpIssue } from "../domain/rfp/term-sheet";
import {
  BID_TEMPLATE_VERSION,
  BUNDLE_FIRST_COLUMN,
  BUNDLES_HEADER_ROW,
  CONTRACT_TERMS,
  DIRECTION_LABELS,
  SHEETS,
  SLA_COLUMNS,
  SLAS_HEADER_ROW,
  SPARE_SLA_ROWS,
  WINDOW_LABELS,
  YES_NO,
  columnLetter,
  slaColumn,
  termValue,
  writeMeta,
  type SlaRowMeta,
  type WorkbookMeta,
} from "./bid-workbook-layout.server";
import { BORDER, FILL_LOCKED, PROTECTION, amountCellExample, amountNumberFormat, decimalValidation, labelCells, styleHeader, valueCell } from "./workbook-common.server";

export interface BidWorkbookMeta {
  rfpId: string;
  rfpTitle: string;
  reference: string;
  vendorName: string;
}

/** What the grid page has (only the currency of the basics): the template needs no more. */
type Definition = GridDefinition;

export function bundleHeader(definition: Pick<RfpDefinition, "bundleSlots">, index: number): string {
  return `Bundle ${BUNDLE_LETTERS[index] ?? index + 1} – ${definition.bundleSlots[index]?.name ?? ""}`;
}

export async function buildBidWorkbook(definition: Definition, draft: BidDraft | null, meta: BidWorkbookMeta): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Pareto";
  workbook.title = `${meta.rfpTitle}: bid`;
  const bundlesSheet = workbook.addWorksheet(SHEETS.bundles, { views: [{ state: "frozen", xSplit: 2, ySplit: BUNDLES_HEADER_ROW }] });
  const slasSheet = workbook.addWorksheet(SHEETS.slas, { views: [{ state: "frozen", xSplit: 2, ySplit: SLAS_HEADER_ROW }] });
  const instructions = workbook.addWorksheet(SHEETS.instructions);
  // Option lists live on their own hidden sheet: an inline list breaks on commas in labels.
  const lists = workbook.addWorksheet(SHEETS.lists, { state: "hidden" });
  const metaSheet = workbook.addWorksheet(SHEETS.meta, { state: "veryHidden" });

  const bundleOf = (slotId: string) => draft?.bundles.find((b) => b.slotId === slotId) ?? null;
  const layout: WorkbookMeta = { version: BID_TEMPLATE_VERSION, rfpId: meta.rfpId, rfpTitle: meta.rfpTitle, reference: meta.reference, slots: [], issues: [], terms: [], slas: [] };
  const listRange = writeLists(lists, definition.termSheet);

  // ── Bundles ──
  const currency = definition.basics.currency;
  const slots = definition.bundleSlots;
  const guideColumn = BUNDLE_FIRST_COLUMN + slots.length;
  bundlesSheet.columns = [{ width: 34 }, { width: 14 }, ...slots.map(() => ({ width: 24 })), { width: 60 }];
  title(bundlesSheet, meta, `${moneyInWords(currency)}. Fill the white and yellow cells; yellow ones are required.`);
  const header = bundlesSheet.getRow(BUNDLES_HEADER_ROW);
  header.values = ["Issue", "Unit", ...slots.map((_, i) => bundleHeader(definition, i)), "Guidance"];
  styleHeader(header);
  slots.forEach((slot, i) => layout.slots.push({ column: BUNDLE_FIRST_COLUMN + i, slotId: slot.id }));

  let rowNumber = BUNDLES_HEADER_ROW;
  for (const issue of definition.termSheet) {
    const row = bundlesSheet.getRow(++rowNumber);
    layout.issues.push({ row: rowNumber, issueId: issue.id });
    row.getCell(1).value = issue.required ? `${issue.name} *` : issue.name;
    row.getCell(2).value = unitOf(issue, currency);
    row.getCell(guideColumn).value = guidance(issue, currency);
    slots.forEach((slot, i) => {
      const cell = row.getCell(BUNDLE_FIRST_COLUMN + i);
      const values = bundleOf(slot.id)?.values;
      cell.value = cellValue(issue, values && Object.hasOwn(values, issue.id) ? (values[issue.id] ?? null) : null, currency); // own keys only: ids may be "constructor"
      valueCell(cell, issue.required);
      validateIssueCell(cell, issue, listRange.get(issue.id), currency);
    });
    labelCells(row, [1, 2, guideColumn]);
  }
  rowNumber += 1;
  const termsHeading = bundlesSheet.getRow(++rowNumber);
  termsHeading.getCell(1).value = "Contract terms";
  termsHeading.getCell(1).font = { bold: true, size: 12 };
  for (const term of CONTRACT_TERMS) {
    const row = bundlesSheet.getRow(++rowNumber);
    layout.terms.push({ row: rowNumber, key: term.key });
    row.getCell(1).value = term.label;
    row.getCell(2).value = term.unit;
    row.getCell(guideColumn).value = term.hint;
    slots.forEach((slot, i) => {
      const cell = row.getCell(BUNDLE_FIRST_COLUMN + i);
      const bundle = bundleOf(slot.id);
      cell.value = bundle ? termValue(bundle.clauses.contractTerms, term.key) : null;
      valueCell(cell, false);
      if (term.kind === "yesno") cell.dataValidation = listValidation(`"${YES_NO.join(",")}"`, "Answer yes or no");
      else if (term.kind === "percent") cell.dataValidation = decimalValidation(0, 100, "A percentage between 0 and 100");
      else cell.dataValidation = { type: "whole", operator: "greaterThanOrEqual", formulae: [0], showErrorMessage: true, error: "A whole number, 0 or more" };
    });
    labelCells(row, [1, 2, guideColumn]);
  }
  await bundlesSheet.protect("", PROTECTION);

  // ── SLAs ──
  slasSheet.columns = SLA_COLUMNS.map((c) => ({ width: c.width }));
  title(slasSheet, meta, "One row per bundle and SLA. The RFP's required SLAs are filled in; state your target and remedies. Spare rows take extra SLAs you offer.");
  const slaHeader = slasSheet.getRow(SLAS_HEADER_ROW);
  slaHeader.values = SLA_COLUMNS.map((c) => c.header);
  styleHeader(slaHeader);
  slaHeader.height = 45;
  let slaRow = SLAS_HEADER_ROW;
  slots.forEach((slot, i) => {
    const offered = bundleOf(slot.id)?.clauses.slas ?? [];
    const rows: { sla: Sla | null; required: boolean; fallbackId: string; metric: string | null }[] = [];
    const used = new Set<Sla>();
    for (const requirement of definition.sla.slas) {
      const sla = offered.find((s) => !used.has(s) && normaliseMetric(s.metric) === normaliseMetric(requirement.metric)) ?? null;
      if (sla) used.add(sla);
      rows.push({ sla, required: true, fallbackId: requiredSlaId(requirement.metric), metric: requirement.metric });
    }
    for (const sla of offered) if (!used.has(sla)) rows.push({ sla, required: false, fallbackId: sla.id, metric: sla.metric });
    for (let spare = 0; spare < SPARE_SLA_ROWS; spare++) rows.push({ sla: null, required: false, fallbackId: "", metric: null });

    for (const entry of rows) {
      const row = slasSheet.getRow(++slaRow);
      const requirement = entry.required ? definition.sla.slas.find((r) => r.metric === entry.metric)! : null;
      const sla = entry.sla;
      const credit = sla?.remedies.find((r) => r.kind === "service_credit");
      const holdback = sla?.remedies.find((r) => r.kind === "holdback");
      const termination = sla?.remedies.find((r) => r.kind === "termination_right");
      const slaId = sla?.id ?? entry.fallbackId;
      const rowMeta: SlaRowMeta = { row: slaRow, slotId: slot.id, slaId, creditId: credit?.id ?? "", holdbackId: holdback?.id ?? "", terminationId: termination?.id ?? "", required: entry.required };
      layout.slas.push(rowMeta);
      const set = (key: Parameters<typeof slaColumn>[0], value: ExcelJS.CellValue) => (row.getCell(slaColumn(key)).value = value);
      set("bundle", bundleHeader(definition, i));
      // A required SLA is described by the RFP; window and source are the RFP's until offered.
      const describedBy = requirement ?? sla;
      const measuredBy = sla ?? requirement;
      set("metric", describedBy?.metric ?? null);
      set("unit", describedBy?.unit ?? null);
      set("direction", describedBy?.direction ? DIRECTION_LABELS[describedBy.direction] : null);
      set("window", measuredBy?.window ? WINDOW_LABELS[measuredBy.window] : null);
      set("source", measuredBy?.verificationSource ?? null);
      set("target", sla?.target ?? null);
      set("creditPercent", credit?.amount?.type === "fixed" ? credit.amount.percent : null);
      // A stepped or banded credit has no single %: the cell stays blank and the import keeps it.
      if (credit?.amount && credit.amount.type !== "fixed") row.getCell(slaColumn("creditPercent")).note = "Your tiered credit from the portal is kept while this cell is blank; a % here replaces it.";
      set("creditCap", credit?.capPercentOfPeriodFee ?? null);
      set("creditAutomatic", credit?.automatic === true ? "yes" : credit?.automatic === false ? "no" : null);
      set("holdbackPercent", holdback?.percentOfFees ?? null);
      set("releaseCondition", holdback?.releaseCondition ?? null);
      set("terminationBreaches", termination?.breachesToTrigger ?? null);
      SLA_COLUMNS.forEach((column, c) => {
        const cell = row.getCell(c + 1);
        const editable = column.key !== "bundle" && (column.vendor || !entry.required);
        if (editable) valueCell(cell, entry.required && column.key === "target");
        else {
          cell.fill = FILL_LOCKED;
          cell.border = BORDER;
        }
      });
      row.getCell(slaColumn("direction")).dataValidation = listValidation(`"${Object.values(DIRECTION_LABELS).join(",")}"`, "Choose from the list");
      row.getCell(slaColumn("window")).dataValidation = listValidation(`"${Object.values(WINDOW_LABELS).join(",")}"`, "Choose from the list");
      row.getCell(slaColumn("creditAutomatic")).dataValidation = listValidation(`"${YES_NO.join(",")}"`, "Answer yes or no");
      for (const key of ["creditPercent", "creditCap", "holdbackPercent"] as const) row.getCell(slaColumn(key)).dataValidation = decimalValidation(0, 100, "A percentage between 0 and 100");
      row.getCell(slaColumn("terminationBreaches")).dataValidation = { type: "whole", operator: "greaterThanOrEqual", formulae: [1], showErrorMessage: true, error: "A whole number of breached periods, 1 or more" };
      row.getCell(slaColumn("releaseCondition")).alignment = { wrapText: true, vertical: "top" };
    }
  });
  await slasSheet.protect("", PROTECTION);

  writeInstructions(instructions, definition, meta);
  writeMeta(metaSheet, layout);
  await metaSheet.protect("", {});
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** The grid page's id for a required SLA the vendor has not offered yet (grid-form.ts). */
export function requiredSlaId(metric: string): string {
  return `req-${normaliseMetric(metric).replace(/[^a-z0-9]+/g, "-")}`;
}

function title(sheet: ExcelJS.Worksheet, meta: BidWorkbookMeta, hint: string) {
  sheet.getCell("A1").value = meta.rfpTitle;
  sheet.getCell("A1").font = { bold: true, size: 14 };
  sheet.getCell("A2").value = [meta.reference, `Bid of ${meta.vendorName}`].filter(Boolean).join(" · ");
  sheet.getCell("A3").value = hint;
  sheet.getCell("A3").font = { italic: true, color: { argb: "FF595959" } };
}

function unitOf(issue: RfpIssue, currency: string): string {
  switch (issue.kind) {
    case "money":
      return currency;
    case "number":
      return issue.unit;
    case "choice":
      return "choose";
    case "text":
      return "text";
  }
}

/** "Money in EUR with 2 decimals (cents), e.g. 12500.00", "Money in JPY without decimals, e.g. 12500": the sheet's and the instructions' words. */
function moneyInWords(currency: string): string {
  const decimals = currencyDecimals(currency);
  return `Money in ${currency} ${decimals ? `with ${decimals} decimal${decimals === 1 ? "" : "s"}` : "without decimals"}, e.g. ${amountCellExample(currency)}`;
}

function guidance(issue: RfpIssue, currency: string): string {
  const base = issue.kind === "choice" ? `One of: ${issue.options.map((o) => o.label).join("; ")}.` : issue.kind === "money" ? `An amount in ${currency}, e.g. ${amountCellExample(currency)}.` : "";
  return [issue.required ? "Required." : "Optional.", base, issue.description].filter(Boolean).join(" ");
}

/**
 * Draft values → what a vendor reads: money in major units of the RFP's currency (1500 minor
 * units are JPY 1500, KWD 1.5; a division by a power of ten gives the double nearest the decimal,
 * which the import reads back digit for digit), choices by their label.
 */
function cellValue(issue: RfpIssue, value: number | string | null, currency: string): ExcelJS.CellValue {
  if (value === null || value === "") return null;
  if (issue.kind === "money" && typeof value === "number") return value / minorUnitsPerMajor(currency);
  if (issue.kind === "choice") return issue.options.find((o) => o.id === value)?.label ?? String(value);
  return value;
}

function validateIssueCell(cell: ExcelJS.Cell, issue: RfpIssue, range: string | undefined, currency: string) {
  switch (issue.kind) {
    case "money":
      // Shown with the currency's decimals; a currency without minor units takes whole numbers only.
      cell.numFmt = amountNumberFormat(currency);
      cell.dataValidation = {
        type: currencyDecimals(currency) ? "decimal" : "whole",
        operator: "greaterThanOrEqual",
        formulae: [0],
        showErrorMessage: true,
        errorTitle: issue.name,
        error: `An amount in ${currency} of 0 or more, e.g. ${amountCellExample(currency)}`,
      };
      break;
    case "number":
      cell.dataValidation = { type: "decimal", operator: "between", formulae: [-1e15, 1e15], showErrorMessage: true, errorTitle: issue.name, error: `A number (${issue.unit})` };
      break;
    case "choice":
      if (range) cell.dataValidation = listValidation(range, `Choose one of: ${issue.options.map((o) => o.label).join("; ")}`);
      break;
    case "text":
      cell.alignment = { wrapText: true, vertical: "top" };
      break;
  }
}

function listValidation(formula: string, error: string): ExcelJS.DataValidation {
  return { type: "list", allowBlank: true, formulae: [formula], showErrorMessage: true, error };
}

/** One column per choice issue on the hidden lists sheet; returns each list's absolute range. */
function writeLists(sheet: ExcelJS.Worksheet, issues: readonly RfpIssue[]): Map<string, string> {
  const ranges = new Map<string, string>();
  let column = 0;
  for (const issue of issues) {
    if (issue.kind !== "choice" || issue.options.length === 0) continue;
    column += 1;
    sheet.getCell(1, column).value = issue.id;
    issue.options.forEach((o, i) => (sheet.getCell(i + 2, column).value = o.label));
    const letter = columnLetter(column);
    ranges.set(issue.id, `${SHEETS.lists}!$${letter}$2:$${letter}$${issue.options.length + 1}`);
  }
  return ranges;
}

function writeInstructions(sheet: ExcelJS.Worksheet, definition: Definition, meta: BidWorkbookMeta) {
  sheet.columns = [{ width: 110 }];
  const lines: [string, Partial<ExcelJS.Font>?][] = [
    [`How to fill this bid template`, { bold: true, size: 14 }],
    [`${meta.rfpTitle}${meta.reference ? ` (${meta.reference})` : ""} · bid of ${meta.vendorName}`],
    [""],
    ["1. On the Bundles sheet, give every issue a value for each of the three bundles (columns C, D and E). Yellow cells are required; white cells are optional."],
    [`2. ${moneyInWords(definition.basics.currency)}, typed as a plain number; percentages are numbers from 0 to 100 without the % sign.`],
    ["3. For a choice, pick one of the listed options (the cell offers a drop-down). Answer yes/no cells with yes or no."],
    ["4. On the SLAs sheet, give each bundle's target and remedies for every required SLA. A holdback needs a release condition. Use the spare rows of a bundle for extra SLAs you offer (metric, unit, better when, measured per, verified by)."],
    ["5. Do not rename, add or remove sheets, rows or columns: the upload maps every cell back by its position."],
    ["6. Upload the file on the bid page (“Work offline in Excel”). Every problem is listed by sheet and cell, and nothing is imported until the whole file is valid. Importing replaces the values of your saved draft; contingent clauses stay as they are in the portal."],
    ["7. Importing saves a draft only: submit your bid on the bid page before the deadline."],
    [""],
    ["The three bundles", { bold: true, size: 12 }],
    ...definition.bundleSlots.map((slot, i): [string] => [`${bundleHeader(definition, i)}: ${slot.description}`]),
  ];
  lines.forEach(([text, font], i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = text;
    cell.alignment = { wrapText: true, vertical: "top" };
    if (font) cell.font = font;
  });
}
