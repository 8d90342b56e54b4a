// The award workbook (issue #14, item 1): every sheet of the decision, and a ranking that the
// workbook itself computes. Normalised scores, points, totals and ranks are Excel formulas over
// the weights in "Criteria and weights" and the raw values in "Raw values and scores", each
// carrying the engine's value as its cached result (viewers that do not recalculate show the
// snapshot's figures; change a weight and Excel or LibreOffice re-ranks). Text from vendors and
// evaluators is always written as a string cell, never as a formula.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { AwardPackData, PackCriterion } from "../domain/award/pack";
import { CONCESSION_FLAG_LABELS, conditionalAskWords, costGroupWords, signedMoney } from "../domain/bafo/insight-words";
import { formatUtc } from "../domain/award/pack";
import { fileText } from "./pack-text";
import { BORDER, FILL_HEADER, FILL_REQUIRED, columnLetter } from "./workbook-common.server";

export const SHEETS = {
  summary: "Summary",
  ranking: "Ranking",
  criteria: "Criteria and weights",
  raw: "Raw values and scores",
  scores: "Scores",
  gates: "Gates",
  clauses: "Clause findings",
  remedies: "Remedies",
  sensitivity: "Sensitivity",
  meso: "MESO insight",
  concessions: "Concession log",
  opening: "Opening register",
  conflicts: "Conflict declarations",
} as const;

const ref = (sheet: string) => `'${sheet}'!`;
const MAX_WIDTH = 60;

interface Column {
  header: string;
  width?: number;
  numFmt?: string;
  /** The money format some rows give the column's numbers (styleRow), for fitting its width. */
  widthFormat?: string;
  wrap?: boolean;
}

type CellInput = ExcelJS.CellValue;
type Writer = ExcelJS.stream.xlsx.WorkbookWriter;
type Sheet = ReturnType<Writer["addWorksheet"]>;

interface TableOptions {
  landscape?: boolean;
  /** Columns frozen at the left (besides the header row). */
  frozenColumns?: number;
  /** Styles a data row before it is written (1-based index among the data rows). */
  styleRow?: (row: ExcelJS.Row, index: number) => void;
  /** Rows written after the table (left blank between); returns how many rows it wrote. */
  after?: (sheet: Sheet, firstFreeRow: number) => number;
}

/**
 * The length of String(Math.round(x * 100) / 100), counted without building the string (a
 * workbook has some 150,000 numbers to measure). Below 1e13 the shortest decimal of k / 100 is
 * k / 100 itself (at most 15 significant digits), so it is the sign, the integer digits and
 * ".d" or ".dd"; anything else is measured the slow way.
 */
function numberWidth(x: number): number {
  const k = Math.round(x * 100);
  if (!(Math.abs(k) < 1e15)) return String(k / 100).length;
  const a = Math.abs(k);
  const fraction = a % 100;
  const integer = (a - fraction) / 100;
  let digits = 1;
  for (let p = 10; p <= integer; p *= 10) digits++;
  return (k < 0 ? 1 : 0) + digits + (fraction === 0 ? 0 : fraction % 10 === 0 ? 2 : 3);
}

/** A money format (moneyFormat) taken apart for measuring: the text before the digits and the decimals. */
interface MoneyShape {
  prefix: number;
  decimals: number;
}

function moneyShape(numFmt: string | undefined): MoneyShape | null {
  const m = numFmt ? /^"([^"]*)" #,##0(?:\.(0+))?$/.exec(numFmt) : null;
  return m ? { prefix: m[1]!.length + 1, decimals: m[2]?.length ?? 0 } : null;
}

/**
 * How wide a number shows in a money format: "EUR 4,983,000.00", "KWD 1,234.567", "JPY 4,983,000"
 * (the code, the group commas and every decimal of the currency), so the column shows the amount
 * rather than "#####". A carry (999.999 shown as 1,000.00) may make it one digit wider: the
 * column's margin of two covers it.
 */
function moneyWidth(x: number, shape: MoneyShape): number {
  const a = Math.abs(x);
  let digits = 1;
  for (let p = 10; p <= a && digits < 20; p *= 10) digits++;
  return shape.prefix + (x < 0 ? 1 : 0) + digits + Math.floor((digits - 1) / 3) + (shape.decimals ? shape.decimals + 1 : 0);
}

const cellWidth = (v: CellInput, money: MoneyShape | null): number => {
  let width: number;
  if (typeof v === "string") width = v.length;
  else if (typeof v === "number") width = money ? moneyWidth(v, money) : numberWidth(v);
  else if (v && typeof v === "object" && "result" in v) {
    const result = (v as { result?: unknown }).result;
    width = money && typeof result === "number" ? moneyWidth(result, money) : String(result ?? "").length;
  } else width = 0;
  return width > MAX_WIDTH ? MAX_WIDTH : width;
};

/**
 * A table sheet written as a stream (each row committed as it is added, so memory stays flat):
 * bold frozen header row, a filter over the table, widths fitted to the content, a print area
 * that repeats the header on every printed page.
 */
function tableSheet(workbook: Writer, name: string, columns: Column[], rows: Iterable<CellInput[]>, options: TableOptions = {}): void {
  const data = [...rows];
  const widths = columns.map((c) => Math.max(8, c.header.length + 2));
  const shapes = columns.map((c) => moneyShape(c.widthFormat ?? c.numFmt));
  for (const values of data) for (let i = 0; i < values.length; i++) {
    const w = cellWidth(values[i]!, shapes[i] ?? null) + 2;
    if (w > widths[i]!) widths[i] = w;
  }
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: "frozen", ySplit: 1, xSplit: options.frozenColumns ?? 0 }],
    pageSetup: { orientation: options.landscape === false ? "portrait" : "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = Math.min(MAX_WIDTH, c.width ?? widths[i]!);
    if (c.numFmt) col.numFmt = c.numFmt;
    if (c.wrap) col.alignment = { wrapText: true, vertical: "top" };
  });
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true, color: { argb: "FFFFFFFF" } };
  header.fill = FILL_HEADER;
  header.alignment = { vertical: "middle", wrapText: true };
  header.commit();
  // exceljs gives every new cell its own copy of its column's style, and the writer then looks
  // each copy up by serialising it to XML (half the workbook's time); one shared object per
  // column is found by identity instead. exceljs remembers an object's style id from its first
  // cell, and only a date picks a different one (its default date format): dates keep their own
  // copy. Row styling (styleRow) replaces a cell's style object, never mutates a shared one.
  const shared = columns.map((_, i) => ({ ...sheet.getColumn(i + 1).style }));
  const plain: Partial<ExcelJS.Style> = {};
  data.forEach((values, i) => {
    const row = sheet.addRow(values);
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      if (cell.effectiveType !== ExcelJS.ValueType.Date) cell.style = shared[c - 1] ?? plain;
    });
    options.styleRow?.(row, i + 1);
    row.commit();
  });
  const lastRow = data.length + 1;
  const extra = options.after ? options.after(sheet, lastRow + 2) : 0;
  const last = columnLetter(columns.length);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, lastRow), column: columns.length } };
  sheet.pageSetup.printArea = `A1:${last}${extra > 0 ? lastRow + 1 + extra : lastRow}`;
  sheet.pageSetup.printTitlesRow = "1:1";
  sheet.commit();
}

function moneyFormat(currency: string, minorUnitsPerMajor: number): string {
  const decimals = Math.max(0, Math.round(Math.log10(minorUnitsPerMajor)));
  return `"${currency}" #,##0${decimals > 0 ? "." + "0".repeat(decimals) : ""}`;
}

/**
 * Criteria whose figures are money (the price, a number criterion on a money issue): the pack
 * holds them in minor units, the workbook shows them in major units with the currency, and
 * their parameters (floor and ceiling, worst and best) likewise, so the formulas, which only
 * compare and divide differences, score the same.
 */
const inMajorUnits = (c: PackCriterion): boolean => c.scoring.kind === "price" || (c.scoring.kind === "number" && c.scoring.money);

/**
 * Functions added to Excel after 2007 are stored with the `_xlfn.` prefix the file format
 * requires (ECMA-376 / MS-XLSX "future functions"); without it Excel and LibreOffice read an
 * unknown name and show #NAME?. The workbook's only one is MINIFS (Excel 2019).
 */
const MINIFS = "_xlfn.MINIFS";

const POINTS = "0.000000";
/**
 * Points a reader compares by eye (a MESO gain, a concession's value), to hundredths as the
 * pages and the PDF show them; the cell keeps every digit. The Ranking sheet keeps
 * `POINTS`: their formulas recompute the totals, checked there against the snapshot's.
 */
const POINTS_SHOWN = "0.00";
const NORMALISED = "0.000000";

/** Rows of the Criteria sheet: row 2 + index. */
const criterionRow = (i: number) => 2 + i;

/**
 * The normalised-score formula of one cell, over its raw value `R` (an A1 reference), the
 * criterion's parameters on the Criteria sheet and the lowest price `PMIN`. Mirrors
 * app/domain/evaluation/scoring.ts and price.ts, clamped to 0..1 the same way.
 */
function normalisedFormula(c: PackCriterion, index: number, R: string, PMIN: string, minorUnitsPerMajor: number): string {
  const C = ref(SHEETS.criteria);
  const row = criterionRow(index);
  const P1 = `${C}$E$${row}`;
  const P2 = `${C}$F$${row}`;
  const HIGHER = `${C}$G$${row}`;
  const MAXP = `${C}$H$${row}`;
  const clamp = (x: string) => `MAX(0,MIN(1,${x}))`;
  const s = c.scoring;
  switch (s.kind) {
    case "price":
      switch (s.formula.kind) {
        case "lowest-price-ratio":
          return `IF(${R}<=0,1,${clamp(`${PMIN}/${R}`)})`;
        case "proportional-penalty":
          return `IF(${PMIN}<=0,IF(${R}<=0,1,0),${clamp(`1-(${R}-${PMIN})/${PMIN}`)})`;
        case "linear":
          return `IF(${P2}-${P1}<=0,IF(${R}<=${P1},1,0),${clamp(`(${P2}-${R})/(${P2}-${P1})`)})`;
        case "logarithmic": {
          const floor = `MAX(${1 / minorUnitsPerMajor},${P1})`;
          return `IF(${R}<=${floor},1,IF(LN(${P2}/${floor})<=0,0,${clamp(`1-LN(${R}/${floor})/LN(${P2}/${floor})`)}))`;
        }
      }
      break;
    case "number":
      return `IF(${P2}-${P1}=0,IF(${HIGHER}=1,IF(${R}>=${P2},1,0),IF(${R}<=${P2},1,0)),${clamp(`(${R}-${P1})/(${P2}-${P1})`)})`;
    case "choice":
      return `IF(${MAXP}<=0,0,${R}/${MAXP})`;
    case "judged":
      return clamp(`${R}/10`);
  }
}

/** Columns of the Ranking sheet (1-based): rank, vendor, bundle, passes gates, price, total, then the points per criterion. */
const LAYOUT = { firstPointsColumn: 7 } as const;

/** Builds the award workbook and returns its bytes. */
export async function buildAwardWorkbook(pack: AwardPackData): Promise<Uint8Array> {
  // The streaming writer: rows leave memory as they are written, and the archive is deflated by
  // Node's zlib (the in-memory writer's JavaScript deflate was most of its time).
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    out.on("end", resolve);
    out.on("error", reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Pareto";
  workbook.created = new Date(pack.generatedAt);
  const { currency, minorUnitsPerMajor } = pack.rfp;
  const money = moneyFormat(currency, minorUnitsPerMajor);
  const n = pack.criteria.length;
  const first = 2;
  const last = first + pack.bundles.length - 1;
  const weightSumRow = criterionRow(n) + 1;
  const pminRow = weightSumRow + 1;
  const W = `${ref(SHEETS.criteria)}$C$${weightSumRow}`;
  const PMIN = `${ref(SHEETS.criteria)}$C$${pminRow}`;

  // ── Summary ──
  const summary = workbook.addWorksheet(SHEETS.summary, { pageSetup: { orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 } });
  const award = pack.award;
  const leaderFormula = `IFERROR(INDEX(${ref(SHEETS.ranking)}$B$${first}:$B$${last},MATCH(1,${ref(SHEETS.ranking)}$A$${first}:$A$${last},0))&" — "&INDEX(${ref(SHEETS.ranking)}$C$${first}:$C$${last},MATCH(1,${ref(SHEETS.ranking)}$A$${first}:$A$${last},0)),"none")`;
  const leader = pack.bundles.find((b) => b.rank === 1);
  const summaryRows: [string, CellInput][] = [
    ["RFP", fileText(`${pack.rfp.reference} — ${pack.rfp.title}`)],
    ["Buyer", fileText(pack.rfp.buyerName)],
    ["Currency", currency],
    ["Published", formatUtc(pack.rfp.publishedAt)],
    ["Bids closed", formatUtc(pack.rfp.bidsCloseAt)],
    ["Bids opened", pack.opening ? formatUtc(pack.opening.openedAt) : "—"],
    ["Evaluation round", pack.snapshot.round],
    ["Evaluation snapshot", pack.snapshot.id],
    ["Snapshot taken", `${formatUtc(pack.snapshot.createdAt)}${pack.snapshot.createdByName ? ` by ${fileText(pack.snapshot.createdByName)}` : ""}`],
    ["Snapshot input SHA-256", pack.snapshot.inputHash],
    ["Engine version", pack.snapshot.engineVersion],
    ["Scores locked", pack.snapshot.scoresLocked ? "Yes" : "No (draft scores)"],
    ["Leader in the snapshot", leader ? fileText(`${leader.vendorName} — ${leader.slotName}`) : "none"],
    ["Leader with this workbook's weights", { formula: leaderFormula, result: leader ? fileText(`${leader.vendorName} — ${leader.slotName}`) : "none" }],
    ["Award", award ? fileText(`${award.vendorName} — ${award.slotName} (${award.status})`) : "No award recorded yet"],
  ];
  if (award) {
    summaryRows.push(
      ["Award rationale", fileText(award.rationale)],
      ["Departure from the ranking", fileText(award.deviationReason ?? "—")],
      ["Proposed", `${formatUtc(award.proposedAt)} by ${fileText(award.proposedBy.name)}`],
      ["Approved", award.approvedAt ? `${formatUtc(award.approvedAt)} by ${fileText(award.approvedBy?.name ?? "")}` : "not yet"],
      ["Standstill ends", formatUtc(award.standstillEndsAt)],
      ["Concluded", award.concludedAt ? `${formatUtc(award.concludedAt)} by ${fileText(award.concludedBy?.name ?? "")}` : "not yet"],
    );
  }
  summaryRows.push(
    ["Generated", formatUtc(pack.generatedAt)],
    ["How this workbook computes", "Normalised scores (Raw values and scores), points and totals (Ranking) are formulas over the weights in “Criteria and weights” and the raw values; change a weight there and every total and rank follows. The cached values are the engine's figures of the snapshot named above."],
    ["Tie-break", fileText(pack.tieBreakDescription) + " In this workbook, bundles whose totals are equal to a millionth of a point keep the snapshot's order (Ranking, column “Snapshot order”)."],
  );
  summary.getColumn(1).width = 34;
  summary.getColumn(2).width = 90;
  for (const [label, value] of summaryRows) {
    const row = summary.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: "top" };
    row.getCell(1).alignment = { vertical: "top" };
    row.commit();
  }
  summary.pageSetup.printArea = `A1:B${summaryRows.length}`;
  summary.commit();

  // ── Ranking ── (rows in the engine's order; rank, total and points are formulas)
  const R = ref(SHEETS.raw);
  const keyColumn = LAYOUT.firstPointsColumn + n + 2;
  const orderColumn = keyColumn + 1;
  const keyL = columnLetter(keyColumn);
  const orderL = columnLetter(orderColumn);
  const rankingColumns: Column[] = [
    { header: "Rank" },
    { header: "Vendor", wrap: true },
    { header: "Bundle", wrap: true },
    { header: "Passes gates" },
    { header: "Evaluated price", numFmt: money },
    { header: "Total (of 100)", numFmt: POINTS },
    ...pack.criteria.map((c) => ({ header: `${fileText(c.name)} (points)`, numFmt: POINTS })),
    { header: "Snapshot rank" },
    { header: "Snapshot total", numFmt: POINTS },
    { header: "Total key (millionths)" },
    { header: "Snapshot order" },
  ];
  const rawFirstNorm = 5 + n; // the first normalised column of the raw sheet
  // Formula text that does not depend on the row, built once (per criterion for the points):
  // each row's formula is then its row number spliced in.
  const pointsL = columnLetter(LAYOUT.firstPointsColumn);
  const pointsLast = columnLetter(LAYOUT.firstPointsColumn + n - 1);
  const keyRange = `$${keyL}$${first}:$${keyL}$${last}`;
  const orderRange = `$${orderL}$${first}:$${orderL}$${last}`;
  const pointsPrefix = pack.criteria.map((_, c) => `100*${ref(SHEETS.criteria)}$C$${criterionRow(c)}*${R}${columnLetter(rawFirstNorm + c)}`);
  const pointsSuffix = `/${W}`;
  tableSheet(
    workbook,
    SHEETS.ranking,
    rankingColumns,
    (function* () {
      for (let i = 0; i < pack.bundles.length; i++) {
        const b = pack.bundles[i]!;
        const r = first + i;
        const rank: CellInput = {
          formula: `IF($D${r}="Yes",1+COUNTIF(${keyRange},">"&$${keyL}${r})+COUNTIFS(${keyRange},$${keyL}${r},${orderRange},"<"&$${orderL}${r}),"")`,
          result: b.rank ?? "",
        } as ExcelJS.CellFormulaValue;
        const points = b.cells.map((cell, c) => ({ formula: pointsPrefix[c]! + r + pointsSuffix, result: cell.points }));
        yield [
          rank,
          fileText(b.vendorName),
          fileText(b.slotName),
          b.passesGates ? "Yes" : "No",
          b.evaluatedPriceMinor / minorUnitsPerMajor,
          { formula: `MIN(100,SUM(${pointsL}${r}:${pointsLast}${r}))`, result: b.total },
          ...points,
          b.rank ?? "",
          b.total,
          { formula: `IF($D${r}="Yes",ROUND($F${r}*1000000,0),-1)`, result: b.passesGates ? Math.round(b.total / 1e-6) : -1 },
          b.order,
        ];
      }
    })(),
    { frozenColumns: 3 },
  );

  // ── Criteria and weights ── (the weights are the workbook's inputs)
  tableSheet(
    workbook,
    SHEETS.criteria,
    [
      { header: "Criterion", wrap: true },
      { header: "Kind" },
      // Below the weights this column shows Pmin, in money.
      { header: "Weight", width: Math.min(MAX_WIDTH, Math.max(8, moneyWidth(pack.lowestPriceMinor / minorUnitsPerMajor, moneyShape(money)!) + 2)) },
      { header: "Method", width: 60, wrap: true },
      { header: "Worst / floor", widthFormat: money },
      { header: "Best / ceiling", widthFormat: money },
      { header: "Higher is better (1/0)" },
      { header: "Highest option points" },
      { header: "Options and points", width: 40, wrap: true },
      { header: "Criterion id" },
    ],
    pack.criteria.map((c) => {
      const s = c.scoring;
      const scale = inMajorUnits(c) ? minorUnitsPerMajor : 1;
      const p1 = s.kind === "number" ? s.worst / scale : s.kind === "price" && (s.formula.kind === "linear" || s.formula.kind === "logarithmic") ? s.formula.floorMinor / minorUnitsPerMajor : "";
      const p2 = s.kind === "number" ? s.best / scale : s.kind === "price" && (s.formula.kind === "linear" || s.formula.kind === "logarithmic") ? s.formula.ceilingMinor / minorUnitsPerMajor : "";
      return [
        fileText(c.name),
        c.kind,
        c.weight,
        fileText(c.method),
        p1,
        p2,
        s.kind === "number" ? (s.higherIsBetter ? 1 : 0) : "",
        s.kind === "choice" ? s.maxPoints : "",
        s.kind === "choice" ? fileText(s.options.map((o) => `${o.label}: ${o.points}`).join("; ")) : "",
        c.id,
      ];
    }),
    {
      landscape: true,
      // The weights are the workbook's inputs: marked for editing. Money bounds show the currency.
      styleRow: (row, index) => {
        const cell = row.getCell(3);
        cell.style = { ...cell.style, fill: FILL_REQUIRED, border: BORDER };
        if (inMajorUnits(pack.criteria[index - 1]!)) for (const column of [5, 6]) row.getCell(column).style = { ...row.getCell(column).style, numFmt: money };
      },
      after: (sheet, firstFree) => {
        const sumRow = sheet.getRow(firstFree);
        sumRow.getCell(1).value = "Sum of the weights";
        sumRow.getCell(1).font = { bold: true };
        sumRow.getCell(3).value = { formula: `SUM(C2:C${criterionRow(n - 1)})`, result: pack.criteria.reduce((s, c) => s + c.weight, 0) };
        sumRow.commit();
        const pminCells = sheet.getRow(firstFree + 1);
        pminCells.getCell(1).value = "Lowest evaluated price among bundles that pass the gates (Pmin)";
        pminCells.getCell(1).font = { bold: true };
        const priceRange = `${R}$D$${first}:$D$${last}`;
        const passRange = `${R}$C$${first}:$C$${last}`;
        pminCells.getCell(3).value = { formula: `IF(COUNTIF(${passRange},"Yes")=0,MIN(${priceRange}),${MINIFS}(${priceRange},${passRange},"Yes"))`, result: pack.lowestPriceMinor / minorUnitsPerMajor };
        pminCells.getCell(3).numFmt = money;
        pminCells.commit();
        const notes = [
          `Evaluated price: ${fileText(pack.evaluatedPriceDescription)}`,
          `Price formula: ${fileText(pack.priceFormulaDescription)}`,
          `Consensus: ${fileText(pack.consensusDescription)}`,
          "Points = 100 × weight × normalised score ÷ sum of the weights; total = sum of the points (at most 100). Edit the yellow weights to see the ranking change.",
        ];
        notes.forEach((text, i) => {
          const row = sheet.getRow(firstFree + 3 + i);
          row.getCell(1).value = text;
          row.commit();
        });
        return 3 + notes.length + 1;
      },
    },
  );
  if (weightSumRow !== criterionRow(n) + 1 || pminRow !== weightSumRow + 1) throw new Error("criteria sheet layout");

  // ── Raw values and scores ── (raw values, and normalised scores as formulas)
  // One template per criterion, split where the raw value's reference goes (the formula is the
  // same text for every bundle but for that reference).
  const HOLE = "\u0000";
  const major = pack.criteria.map(inMajorUnits);
  const normTemplates = pack.criteria.map((c, i) => ({ column: columnLetter(5 + i), parts: normalisedFormula(c, i, HOLE, PMIN, minorUnitsPerMajor).split(HOLE) }));
  tableSheet(
    workbook,
    SHEETS.raw,
    [
      { header: "Vendor", wrap: true },
      { header: "Bundle", wrap: true },
      { header: "Passes gates" },
      { header: "Evaluated price", numFmt: money },
      ...pack.criteria.map((c) => ({ header: `${fileText(c.name)} (${rawUnit(c, currency)})`, numFmt: inMajorUnits(c) ? money : undefined })),
      ...pack.criteria.map((c) => ({ header: `${fileText(c.name)} (normalised 0–1)`, numFmt: NORMALISED })),
    ],
    (function* () {
      for (let i = 0; i < pack.bundles.length; i++) {
        const b = pack.bundles[i]!;
        const r = first + i;
        const raws = b.cells.map((cell, c) => (major[c] ? cell.rawNumber / minorUnitsPerMajor : cell.rawNumber));
        const norms = b.cells.map((cell, c) => {
          const t = normTemplates[c]!;
          return { formula: t.parts.join(t.column + r), result: cell.normalised };
        });
        yield [fileText(b.vendorName), fileText(b.slotName), b.passesGates ? "Yes" : "No", b.evaluatedPriceMinor / minorUnitsPerMajor, ...raws, ...norms];
      }
    })(),
  );

  // ── Scores ── one row per judged cell (bundle × criterion): each evaluator's score and
  // justification side by side, then the consensus, the spread and the moderation reason.
  const evaluators = pack.evaluators;
  const seat = new Map(evaluators.map((e, i) => [e.id, i]));
  tableSheet(
    workbook,
    SHEETS.scores,
    [
      { header: "Vendor", wrap: true },
      { header: "Bundle" },
      { header: "Criterion" },
      ...evaluators.flatMap((e) => [{ header: `${fileText(e.name)}: score (0–10)` }, { header: `${fileText(e.name)}: justification`, width: 40, wrap: true }]),
      { header: "Consensus" },
      { header: "Spread" },
      { header: "Spread flagged" },
      { header: "Moderation reason", width: 40, wrap: true },
    ],
    (function* () {
      const tail = 3 + 2 * evaluators.length;
      for (const b of pack.bundles) {
        const vendor = fileText(b.vendorName);
        const slot = fileText(b.slotName);
        for (const j of b.judged) {
          const row = new Array<CellInput>(tail + 4).fill(null);
          row[0] = vendor;
          row[1] = slot;
          row[2] = fileText(j.criterionName);
          for (const sc of j.scores) {
            const at = seat.get(sc.evaluatorId);
            if (at === undefined) continue;
            row[3 + 2 * at] = sc.score;
            row[4 + 2 * at] = sc.comment ? fileText(sc.comment) : null;
          }
          row[tail] = j.consensus;
          row[tail + 1] = j.spread;
          row[tail + 2] = j.spreadFlagged ? "Yes" : "No";
          row[tail + 3] = j.moderationReason ? fileText(j.moderationReason) : null;
          yield row;
        }
      }
    })(),
  );

  // ── Gates ──
  tableSheet(
    workbook,
    SHEETS.gates,
    [{ header: "Gate" }, { header: "Rule", wrap: true }, { header: "Vendor", wrap: true }, { header: "Bundle" }, { header: "Result" }, { header: "Reason", width: 60, wrap: true }],
    (function* () {
      for (const g of pack.gates) {
        for (const b of pack.bundles) {
          const failure = b.gateFailures.find((f) => f.gateId === g.id);
          yield [fileText(g.name), fileText(g.rule), fileText(b.vendorName), fileText(b.slotName), failure ? "Fails" : "Passes", fileText(failure?.reason ?? "")];
        }
      }
    })(),
  );

  // ── Clause findings ──
  tableSheet(
    workbook,
    SHEETS.clauses,
    [{ header: "Vendor", wrap: true }, { header: "Bundle" }, { header: "Severity" }, { header: "Code" }, { header: "Clause" }, { header: "Finding", width: 60, wrap: true }, { header: "Suggested rewrite", width: 60, wrap: true }],
    (function* () {
      for (const b of pack.bundles) for (const f of b.clauseFindings) yield [fileText(b.vendorName), fileText(b.slotName), f.severity, f.code, fileText(f.clauseId ?? "bundle"), fileText(f.message), fileText(f.suggestion)];
    })(),
  );

  // ── Remedies ── (the protection figure under the standard scenario)
  tableSheet(
    workbook,
    SHEETS.remedies,
    [{ header: "Vendor", wrap: true }, { header: "Bundle" }, { header: "SLAs" }, { header: "Remedies" }, { header: "Period fee", numFmt: money }, { header: "Protection figure", numFmt: money }, { header: "Periods" }, { header: "Standard scenario", width: 50, wrap: true }, { header: "This bundle", width: 60, wrap: true }],
    (function* () {
      for (const b of pack.bundles) {
        const remedies = b.clauses.slas.reduce((s, sla) => s + sla.remedies.length, 0);
        yield [
          fileText(b.vendorName),
          fileText(b.slotName),
          b.clauses.slas.length,
          remedies,
          b.periodFeeMinor === null ? "" : b.periodFeeMinor / minorUnitsPerMajor,
          b.protection ? b.protection.totalMinor / minorUnitsPerMajor : "",
          b.protection?.periods ?? "",
          pack.protectionScenario,
          fileText(b.protection?.description ?? "No period fee: no figure."),
        ];
      }
    })(),
  );

  // ── Sensitivity ──
  const sens = pack.sensitivityWords;
  tableSheet(
    workbook,
    SHEETS.sensitivity,
    [{ header: "Criterion" }, { header: "Current weight" }, { header: "Weight at which the leader changes" }, { header: "Change" }, { header: "In words", width: 80, wrap: true }],
    (function* () {
      if (sens) {
        yield ["Headline", "", "", "", fileText(sens.headline)];
        yield ["Robustness", "", "", "", fileText(`${sens.robustness.title}: ${sens.robustness.explanation}`)];
        for (const s of sens.swaps) yield [fileText(s.criterionName), s.currentWeight, s.swapWeight ?? "no change within 0–100", s.delta ?? "", fileText(s.text)];
      } else yield ["—", "", "", "", fileText(pack.sensitivityNote ?? "Fewer than two vendors are ranked: there is nothing to compare.")];
      yield ["Rank reversal", "", "", "", fileText(pack.rankReversalWords.summary)];
      for (const r of pack.rankReversalWords.reversals) yield ["", "", "", "", fileText(r)];
    })(),
  );

  // ── MESO insight and suggestions ── (bundles by the names every other sheet uses)
  const slotName = new Map(pack.rfp.slots.map((s) => [s.id, s.name]));
  for (const b of pack.bundles) if (!slotName.has(b.slotId)) slotName.set(b.slotId, b.slotName);
  const bundleName = (slotId: string) => fileText(slotName.get(slotId) ?? slotId);
  tableSheet(
    workbook,
    SHEETS.meso,
    [{ header: "Vendor", wrap: true }, { header: "Kind" }, { header: "Bundle" }, { header: "Detail", width: 80, wrap: true }, { header: "Gain (points)", numFmt: POINTS_SHOWN }, { header: "Evaluated price", numFmt: money }],
    (function* () {
      for (const v of pack.meso) {
        const vendor = fileText(v.vendorName);
        for (const d of v.dominated) yield [vendor, "Dominated bundle", bundleName(d.slotId), `Bundle “${bundleName(d.slotId)}” is dominated by bundle “${bundleName(d.dominatedBySlotId)}”`, "", ""];
        for (const t of v.tradeOffs) yield [vendor, "Trade-off", t.basis.map(bundleName).join(", "), fileText(t.explanation), "", ""];
        for (const s of v.suggestions) yield [vendor, "Suggested ask", bundleName(s.baseSlotId), fileText(conditionalAskWords(s, pack.rfp)), s.gain, s.evaluatedPriceMinor / minorUnitsPerMajor];
      }
    })(),
  );

  // ── Concession log ──
  tableSheet(
    workbook,
    SHEETS.concessions,
    [
      { header: "Vendor", wrap: true },
      { header: "Round" },
      { header: "Item", wrap: true },
      { header: "You give", width: 40, wrap: true },
      { header: "You get", width: 40, wrap: true },
      { header: "Value to you (points)", numFmt: POINTS_SHOWN },
      { header: "Cost to them", numFmt: money },
      { header: "Cost basis", width: 40, wrap: true },
      { header: "Trigger", wrap: true },
      { header: "Flag", wrap: true },
      { header: "Note", wrap: true },
    ],
    (function* () {
      if (!pack.concessionLogs || pack.concessionLogs.every((l) => l.lines.length === 0)) {
        yield ["No concessions recorded (no BAFO round in this evaluation).", "", "", "", "", "", "", "", "", "", ""];
        return;
      }
      // A lockstep group's joint cost stands in the first of its lines only, so a sum of the column counts it once.
      const amount = (m: number) => signedMoney(m, currency, minorUnitsPerMajor);
      for (const log of pack.concessionLogs) {
        for (const l of log.lines) {
          const basis = [l.costMethod, l.costGroup ? costGroupWords(l.costGroup, amount) : ""].filter((x) => x !== "").join("; ");
          yield [fileText(log.vendorName), l.round, fileText(l.item), fileText(l.youGive), fileText(l.youGet), l.valueToBuyerPoints ?? "", l.costToVendorMinor === null ? "" : l.costToVendorMinor / minorUnitsPerMajor, fileText(basis), fileText(l.trigger), l.oneWay ? CONCESSION_FLAG_LABELS[l.oneWay] : "", fileText(l.annotation)];
        }
      }
    })(),
  );

  // ── Opening register ──
  const opening = pack.opening;
  tableSheet(
    workbook,
    SHEETS.opening,
    [{ header: "Bidder", wrap: true }, { header: "Status" }, { header: "Version" }, { header: "Received" }, { header: "Stored SHA-256" }, { header: "Recomputed SHA-256" }, { header: "Withdrawn" }, { header: "Late attempts" }, { header: "Decision", wrap: true }],
    (function* () {
      if (!opening) return;
      for (const r of opening.rows) yield [fileText(r.vendorName), r.status, r.versionNumber ?? "", formatUtc(r.receivedAt), r.storedHash ?? "", r.recomputedHash ?? "", r.withdrawnAt ? formatUtc(r.withdrawnAt) : "", r.lateAttempts, fileText(r.decision ?? "")];
      yield [`Opened ${formatUtc(opening.openedAt)} by ${fileText(opening.openedBy)} (started by ${fileText(opening.startedBy)}); register SHA-256 ${opening.registerHash ?? "—"}`, "", "", "", "", "", "", "", ""];
    })(),
  );

  // ── Conflict declarations ──
  tableSheet(
    workbook,
    SHEETS.conflicts,
    [{ header: "Evaluator" }, { header: "Bidder", wrap: true }, { header: "Conflict" }, { header: "Note", width: 50, wrap: true }, { header: "Change reason", wrap: true }, { header: "Declared" }],
    (function* () {
      for (const p of pack.panel) yield [fileText(p.name), "(panel member)", "", p.criteria ? `Scores: ${fileText(p.criteria.join(", "))}` : "Scores every judged criterion", "", ""];
      for (const d of pack.declarations) yield [fileText(d.evaluatorName), fileText(d.vendorName), d.hasConflict ? "Conflict" : "No conflict", fileText(d.note), fileText(d.changeReason ?? ""), formatUtc(d.declaredAt)];
    })(),
  );

  await workbook.commit();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}

function rawUnit(c: PackCriterion, currency: string): string {
  switch (c.scoring.kind) {
    case "price":
      return `evaluated price, ${currency}`;
    case "number":
      return c.scoring.unit ? `value, ${c.scoring.unit}` : "value";
    case "choice":
      return "option points";
    case "judged":
      return "consensus 0–10";
  }
}
