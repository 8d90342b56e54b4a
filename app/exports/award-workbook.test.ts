// The award workbook read back: exceljs finds the engine's figures as cached results, and
// HyperFormula (a spreadsheet engine) recomputes every total from the workbook's own formulas
// and weights to the engine's within 1e-9; a changed weight re-ranks; hostile text stays text.
import ExcelJS from "exceljs";
import { HyperFormula } from "hyperformula";
import { describe, expect, it } from "vitest";
import { ACCENTED, fieldServicesRaw, HOSTILE, hostileRound, packFrom } from "../../tests/support/award-pack";
import type { AwardPackData } from "~/domain/award/pack";
import { parseRoundInput, type RoundInputRaw } from "~/domain/evaluation";
import { buildAwardWorkbook, SHEETS } from "./award-workbook.server";

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook;
}

/**
 * A formula as Excel reads it: the file stores functions newer than Excel 2007 with the
 * `_xlfn.` prefix (and the dynamic-array ones with `_xlfn._xlws.`), which Excel strips when it
 * loads them. HyperFormula knows the bare names only.
 */
const asExcelReadsIt = (formula: string) => formula.replace(/_xlfn\.(_xlws\.)?/g, "");

/** Every formula of the workbook, with where it is. */
function formulas(workbook: ExcelJS.Workbook): { where: string; formula: string }[] {
  const out: { where: string; formula: string }[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        const v = cell.value;
        if (v && typeof v === "object" && "formula" in v) out.push({ where: `${sheet.name}!R${r}C${c}`, formula: v.formula ?? "" });
      }),
    ),
  );
  return out;
}

/**
 * Functions Excel added after 2007, which the file format stores as `_xlfn.NAME(` (MS-XLSX
 * 2.2.2 "future functions"; ECMA-376 Part 1, 18.17.7). Written bare, Excel and LibreOffice read an
 * unknown name and show #NAME? — HyperFormula accepts them either way, so the test looks.
 */
const FUTURE_FUNCTIONS = [
  "MINIFS", "MAXIFS", "IFS", "SWITCH", "CONCAT", "TEXTJOIN", "XLOOKUP", "XMATCH", "IFNA", "XOR", "LET", "LAMBDA",
  "FILTER", "SORT", "SORTBY", "UNIQUE", "SEQUENCE", "RANDARRAY", "AGGREGATE", "DAYS", "ISOWEEKNUM", "FORMULATEXT",
  "ISFORMULA", "SHEET", "SHEETS", "NUMBERVALUE", "ARABIC", "BASE", "DECIMAL", "CEILING.MATH", "FLOOR.MATH",
  "CEILING.PRECISE", "FLOOR.PRECISE", "RANK.EQ", "RANK.AVG", "STDEV.S", "STDEV.P", "VAR.S", "VAR.P", "MODE.SNGL",
  "MODE.MULT", "PERCENTILE.INC", "PERCENTILE.EXC", "QUARTILE.INC", "QUARTILE.EXC", "PERCENTRANK.INC",
  "PERCENTRANK.EXC", "NORM.DIST", "NORM.INV", "NORM.S.DIST", "NORM.S.INV", "T.TEST", "CONFIDENCE.NORM",
  "COVARIANCE.P", "COVARIANCE.S", "ROUNDUP.MATH", "BITAND", "BITOR", "BITXOR", "ACOT", "COT", "CSC", "SEC",
  "CHOOSECOLS", "CHOOSEROWS", "TAKE", "DROP", "VSTACK", "HSTACK", "TEXTBEFORE", "TEXTAFTER", "TEXTSPLIT",
  "TOCOL", "TOROW", "WRAPROWS", "WRAPCOLS", "EXPAND", "IMAGE", "STOCKHISTORY", "VALUETOTEXT", "ARRAYTOTEXT",
];
/** The Excel 2007 functions the workbook is known to use: any other name must be looked up and added here or prefixed. */
const EXCEL_2007 = new Set(["IF", "MIN", "MAX", "LN", "SUM", "COUNTIF", "COUNTIFS", "ROUND", "INDEX", "MATCH", "IFERROR"]);

/** Function names called in a formula (string literals and sheet names left out), with their prefix if any. */
function functionCalls(formula: string): { name: string; prefixed: boolean }[] {
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""').replace(/'(?:[^']|'')*'!/g, "S!");
  return [...code.matchAll(/((?:_xlfn\.)(?:_xlws\.)?)?([A-Z][A-Z0-9]*(?:\.[A-Z0-9]+)*)\(/gi)].map((m) => ({ name: m[2]!.toUpperCase(), prefixed: m[1] !== undefined }));
}

/** The workbook as HyperFormula sheets: formulas as "=…", values as they are. */
function toHyperFormula(workbook: ExcelJS.Workbook): HyperFormula {
  const sheets: Record<string, (string | number | boolean | null)[][]> = {};
  workbook.eachSheet((sheet) => {
    const rows: (string | number | boolean | null)[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, r) => {
      const cells: (string | number | boolean | null)[] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        const v = cell.value;
        let out: string | number | boolean | null = null;
        if (v && typeof v === "object" && "formula" in v) out = `=${asExcelReadsIt(v.formula ?? "")}`;
        else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out = v;
        else if (v && typeof v === "object" && "richText" in v) out = v.richText.map((t) => t.text).join("");
        cells[c - 1] = out;
      });
      rows[r - 1] = cells;
    });
    sheets[sheet.name] = Array.from(rows, (r) => Array.from(r ?? [], (x) => x ?? null));
  });
  return HyperFormula.buildFromSheets(sheets, { licenseKey: "gpl-v3", useArrayArithmetic: false });
}

/** HyperFormula's recomputed normalised scores, points, totals, ranks and Pmin are the engine's. */
function expectEngineFigures(hf: HyperFormula, pack: AwardPackData): void {
  const ranking = hf.getSheetId(SHEETS.ranking)!;
  const raw = hf.getSheetId(SHEETS.raw)!;
  const criteria = hf.getSheetId(SHEETS.criteria)!;
  const n = pack.criteria.length;
  const pmin = hf.getCellValue({ sheet: criteria, row: n + 3, col: 2 }); // Pmin, below the sum of the weights
  expect(Math.abs((pmin as number) - pack.lowestPriceMinor / pack.rfp.minorUnitsPerMajor)).toBeLessThan(1e-9);
  pack.bundles.forEach((b, i) => {
    const row = 1 + i;
    expect(Math.abs((hf.getCellValue({ sheet: ranking, row, col: 5 }) as number) - b.total)).toBeLessThan(1e-9);
    b.cells.forEach((cell, c) => {
      expect(Math.abs((hf.getCellValue({ sheet: raw, row, col: 4 + n + c }) as number) - cell.normalised)).toBeLessThan(1e-9);
      expect(Math.abs((hf.getCellValue({ sheet: ranking, row, col: 6 + c }) as number) - cell.points)).toBeLessThan(1e-9);
    });
    const rank = hf.getCellValue({ sheet: ranking, row, col: 0 });
    expect(rank === "" ? null : rank).toBe(b.rank);
  });
}

describe("award workbook", () => {
  const input = hostileRound();
  const pack = packFrom(input, { withAward: true });

  it("has every sheet, frozen headers, filters, print areas and currency formats", async () => {
    const workbook = await open(await buildAwardWorkbook(pack));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(Object.values(SHEETS));
    const ranking = workbook.getWorksheet(SHEETS.ranking)!;
    expect(ranking.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ranking.autoFilter).toBeTruthy();
    expect(ranking.pageSetup.printArea).toMatch(/^A1:[A-Z]+\d+$/);
    expect(ranking.getColumn(5).numFmt).toContain('"EUR"');
    expect(ranking.views[0]).toMatchObject({ xSplit: 3 });
    // The weights are the inputs (marked yellow), their sum and Pmin formulas below the table.
    const criteria = workbook.getWorksheet(SHEETS.criteria)!;
    expect(criteria.getCell(2, 3).value).toBe(pack.criteria[0]!.weight);
    expect((criteria.getCell(2, 3).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFF2CC");
    expect((criteria.getCell(pack.criteria.length + 3, 3).value as ExcelJS.CellFormulaValue).result).toBe(100);
    expect(criteria.pageSetup.printArea).toMatch(/^A1:J\d+$/);
    const summary = workbook.getWorksheet(SHEETS.summary)!;
    const labels = new Map<string, unknown>();
    summary.eachRow((row) => labels.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(labels.get("Snapshot input SHA-256")).toBe(pack.snapshot.inputHash);
    expect(labels.get("Engine version")).toBe("pareto-engine 2.0");
    expect(String(labels.get("Award"))).toContain(pack.award!.vendorName);
  });

  it("carries the engine's totals and ranks as the cached results of its formulas", async () => {
    const workbook = await open(await buildAwardWorkbook(pack));
    const ranking = workbook.getWorksheet(SHEETS.ranking)!;
    pack.bundles.forEach((b, i) => {
      const row = ranking.getRow(2 + i);
      expect(row.getCell(2).value).toBe(b.vendorName);
      const total = row.getCell(6).value as ExcelJS.CellFormulaValue;
      expect(total.formula).toMatch(/^MIN\(100,SUM\(/);
      expect(total.result).toBe(b.total);
      const rank = row.getCell(1).value as ExcelJS.CellFormulaValue;
      expect(rank.formula).toContain("COUNTIF");
      expect(rank.result === "" || rank.result === undefined ? null : rank.result).toBe(b.rank);
    });
  });

  it("recomputes every normalised score, point and total from its own formulas to the engine's within 1e-9, and re-ranks when a weight changes", async () => {
    const workbook = await open(await buildAwardWorkbook(pack));
    const hf = toHyperFormula(workbook);
    const ranking = hf.getSheetId(SHEETS.ranking)!;
    expectEngineFigures(hf, pack);

    // Give all the weight to a criterion on which another bundle than the leader is best: it leads.
    const criteria = hf.getSheetId(SHEETS.criteria)!;
    const passing = pack.bundles.map((b, i) => ({ b, i })).filter(({ b }) => b.passesGates);
    const bestOn = (c: number) => [...passing].sort((x, y) => y.b.cells[c]!.normalised - x.b.cells[c]!.normalised || x.b.order - y.b.order)[0]!;
    const shifted = pack.criteria.findIndex((_, c) => bestOn(c).b.rank !== 1 && bestOn(c).b.cells[c]!.normalised > passing.find(({ b }) => b.rank === 1)!.b.cells[c]!.normalised);
    expect(shifted).toBeGreaterThanOrEqual(0);
    pack.criteria.forEach((_, c) => hf.setCellContents({ sheet: criteria, row: 1 + c, col: 2 }, [[c === shifted ? 100 : 0]]));
    const best = bestOn(shifted);
    expect(hf.getCellValue({ sheet: ranking, row: 1 + best.i, col: 0 })).toBe(1);
    expect(Math.abs((hf.getCellValue({ sheet: ranking, row: 1 + best.i, col: 5 }) as number) - 100 * best.b.cells[shifted]!.normalised)).toBeLessThan(1e-9);
    const formerLeader = passing.find(({ b }) => b.rank === 1)!;
    expect(hf.getCellValue({ sheet: ranking, row: 1 + formerLeader.i, col: 0 })).not.toBe(1);
    hf.destroy();
  });

  it("writes vendor and evaluator text as text: formula starters, markup, right-to-left and emoji stay inert", async () => {
    const names = [HOSTILE.formula, HOSTILE.plus, HOSTILE.at, HOSTILE.rtl, HOSTILE.emoji, HOSTILE.longWord];
    const hostile = packFrom(hostileRound(names), { withAward: true });
    const workbook = await open(await buildAwardWorkbook(hostile));
    const formulasOutsideTheEngine: string[] = [];
    const texts = new Set<string>();
    workbook.eachSheet((sheet) => {
      sheet.eachRow((row, r) => {
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula) {
            const f = (cell.value as ExcelJS.CellFormulaValue).formula;
            // The workbook's own formulas only: no vendor text ever becomes one.
            if (!/^(IF|MIN|MAX|100\*|IFERROR|SUM|ROUND)/.test(f)) formulasOutsideTheEngine.push(`${sheet.name}!${r}: ${f}`);
          } else if (typeof cell.value === "string") texts.add(cell.value);
        });
      });
    });
    expect(formulasOutsideTheEngine).toEqual([]);
    for (const name of names) expect(texts.has(name)).toBe(true);
    expect([...texts].some((t) => t.includes(HOSTILE.minus))).toBe(true);
    expect([...texts].some((t) => t.includes(HOSTILE.html))).toBe(true);
    // Widths stay bounded with a 240-letter word.
    const ranking = workbook.getWorksheet(SHEETS.ranking)!;
    expect(ranking.getColumn(2).width).toBeLessThanOrEqual(60);
  });

  it("names accented vendors and the award exactly", async () => {
    const workbook = await open(await buildAwardWorkbook(pack));
    const ranking = workbook.getWorksheet(SHEETS.ranking)!;
    const vendors: unknown[] = [];
    ranking.eachRow((row, r) => r > 1 && vendors.push(row.getCell(2).value));
    expect(vendors).toContain(ACCENTED);
  });
});

describe("award workbook: formulas Excel and LibreOffice can read", () => {
  it("stores every function newer than Excel 2007 with its _xlfn. prefix (MINIFS for Pmin)", async () => {
    const all = [packFrom(hostileRound(), { withAward: true }), packFrom(moneyRound())];
    for (const pack of all) {
      const found = formulas(await open(await buildAwardWorkbook(pack)));
      const pmin = found.find((f) => f.where === `${SHEETS.criteria}!R${pack.criteria.length + 4}C3`)!;
      expect(pmin.formula).toContain("_xlfn.MINIFS(");
      expect(pmin.formula).not.toMatch(/(?<!_xlfn\.)MINIFS\(/);
      const bare: string[] = [];
      const unknown: string[] = [];
      for (const { where, formula } of found) {
        for (const call of functionCalls(formula)) {
          if (call.prefixed) continue;
          if (FUTURE_FUNCTIONS.includes(call.name)) bare.push(`${where}: ${call.name} in ${formula}`);
          else if (!EXCEL_2007.has(call.name)) unknown.push(`${where}: ${call.name}`);
        }
      }
      expect(bare).toEqual([]);
      expect(unknown).toEqual([]);
    }
  });

  it("the check sees a bare post-2007 function", () => {
    expect(functionCalls('IF(A1>0,MINIFS(B1:B3,C1:C3,"Yes"),0)').filter((c) => !c.prefixed).map((c) => c.name)).toContain("MINIFS");
    expect(functionCalls('IF(A1>0,_xlfn.MINIFS(B1:B3,C1:C3,"IFS(x)"),0)')).toEqual([
      { name: "IF", prefixed: false },
      { name: "MINIFS", prefixed: true },
    ]);
  });
});

/**
 * The field-services round with a scored number criterion on a money issue (the mobilisation
 * fee: EUR 30,000 worst, EUR 5,000 best) and a gate on another (monthly fee at most
 * EUR 139,000), beside the fixture's number gates.
 */
function moneyRound() {
  const raw: RoundInputRaw = fieldServicesRaw();
  const criteria = raw.criteria as { id: string; weight: number }[];
  criteria.find((c) => c.id === "price")!.weight = 30;
  (raw.criteria as unknown[]).push({ id: "mobilisation", name: "Mobilisation fee", weight: 5, kind: "number", issueId: "mobilisationFee", direction: "lower_is_better", worst: 3_000_000, best: 500_000 });
  (raw.gates as unknown[]).push({ id: "fee-max", name: "Monthly fee cap", kind: "number", issueId: "monthlyFee", operator: "<=", value: 13_900_000 });
  const parsed = parseRoundInput(raw);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  return parsed.data;
}

describe("award workbook: money and units", () => {
  const pack = packFrom(moneyRound());
  const m = pack.criteria.findIndex((c) => c.id === "mobilisation");

  it("shows a number criterion on a money issue in major units with the currency, and still scores as the engine", async () => {
    const workbook = await open(await buildAwardWorkbook(pack));
    const raw = workbook.getWorksheet(SHEETS.raw)!;
    const column = 5 + m;
    expect(raw.getCell(1, column).value).toBe("Mobilisation fee (value, EUR)");
    expect(raw.getColumn(column).numFmt).toContain('"EUR"');
    const shown = pack.bundles.map((_, i) => raw.getCell(2 + i, column).value);
    expect(shown).toEqual(pack.bundles.map((b) => b.cells[m]!.rawNumber / 100));
    expect(shown).toContain(10_000);
    expect(shown).not.toContain(1_000_000);

    const criteria = workbook.getWorksheet(SHEETS.criteria)!;
    const row = criteria.getRow(2 + m);
    expect(row.getCell(1).value).toBe("Mobilisation fee");
    expect(String(row.getCell(4).value)).toContain("EUR 30,000.00");
    expect(row.getCell(5).value).toBe(30_000);
    expect(row.getCell(6).value).toBe(5_000);
    expect(row.getCell(5).numFmt).toContain('"EUR"');
    expect(row.getCell(6).numFmt).toContain('"EUR"');

    const hf = toHyperFormula(workbook);
    expect(pack.bundles.some((b) => b.cells[m]!.normalised > 0 && b.cells[m]!.normalised < 1)).toBe(true);
    expectEngineFigures(hf, pack);
    hf.destroy();
  });

  it("shows every amount with the currency's decimals (JPY none, KWD three) in a column wide enough to show it, not #####", async () => {
    for (const [currency, minorUnitsPerMajor, format] of [
      ["JPY", 1, '"JPY" #,##0'],
      ["KWD", 1000, '"KWD" #,##0.000'],
      ["EUR", 100, '"EUR" #,##0.00'],
    ] as const) {
      const priced = packFrom({ ...moneyRound(), currency, minorUnitsPerMajor });
      const workbook = await open(await buildAwardWorkbook(priced));
      expect(workbook.getWorksheet(SHEETS.ranking)!.getColumn(5).numFmt).toBe(format);
      const decimals = Math.log10(minorUnitsPerMajor);
      const amounts: string[] = [];
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell, c) => {
            if (!cell.numFmt?.startsWith(`"${currency}"`)) return;
            expect(cell.numFmt).toBe(format);
            const v = cell.value;
            const x = typeof v === "number" ? v : v && typeof v === "object" && "result" in v ? (v.result as number) : null;
            if (typeof x !== "number") return;
            // What Excel shows in this format, which must fit the column (Excel's width counts characters).
            const shown = `${currency} ${x.toLocaleString("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })}`;
            amounts.push(shown);
            expect(shown.length, `${sheet.name}!${cell.address} ${shown}`).toBeLessThanOrEqual(sheet.getColumn(c).width ?? 0);
          }),
        ),
      );
      expect(amounts.length).toBeGreaterThan(pack.bundles.length);
      if (currency === "KWD") expect(amounts.some((a) => /\.\d{3}$/.test(a))).toBe(true);
      if (currency === "JPY") expect(amounts.every((a) => !a.includes("."))).toBe(true);
    }
  });

  it("writes a gate's threshold as the portal does: money with the currency in major units, a number with its unit", async () => {
    expect(pack.gates.map((g) => g.rule)).toEqual(expect.arrayContaining(["Monthly fee at most EUR 139,000.00", "Rollout at most 16 weeks", "Contract term at most 48 months"]));
    const workbook = await open(await buildAwardWorkbook(pack));
    const gates = workbook.getWorksheet(SHEETS.gates)!;
    const rules = new Set<string>();
    gates.eachRow((row, r) => r > 1 && rules.add(String(row.getCell(2).value)));
    expect(rules).toContain("Monthly fee at most EUR 139,000.00");
    expect(rules).toContain("Rollout at most 16 weeks");
    expect([...rules].some((r) => r.includes("13900000"))).toBe(false);
  });
});

describe("award workbook: MESO insight", () => {
  it("names bundles as every other sheet does, never by their internal ids", async () => {
    const pack = packFrom(hostileRound(), { withAward: true });
    expect(pack.meso.some((v) => v.dominated.length + v.tradeOffs.length + v.suggestions.length > 0)).toBe(true);
    const workbook = await open(await buildAwardWorkbook(pack));
    const meso = workbook.getWorksheet(SHEETS.meso)!;
    const names = new Set(pack.rfp.slots.map((s) => s.name));
    const ids = pack.rfp.slots.map((s) => s.id);
    const bundles: string[] = [];
    meso.eachRow((row, r) => {
      if (r === 1) return;
      bundles.push(String(row.getCell(3).value));
      const detail = String(row.getCell(4).value);
      if (row.getCell(2).value === "Dominated bundle") for (const id of ids) expect(detail).not.toMatch(new RegExp(`bundle ${id}\\b`));
    });
    expect(bundles.length).toBeGreaterThan(0);
    for (const cell of bundles) for (const part of cell.split(", ")) expect(names).toContain(part);
  });

  it("shows gains and concession values to two decimals, asks in words, and flags an unmet ask as such, not as one-way", async () => {
    const parsed = parseRoundInput(fieldServicesRaw());
    if (!parsed.ok) throw new Error("the field services round does not parse");
    const pack = packFrom(parsed.data, { withAward: true });
    const suggestion = pack.meso.flatMap((v) => v.suggestions).find((s) => s.changes.length > 0);
    expect(suggestion).toBeDefined();
    const line = pack.concessionLogs![0]!.lines[0]!;
    const withFlags = { ...pack, concessionLogs: [{ ...pack.concessionLogs![0]!, lines: [{ ...line, oneWay: "ask-not-met" as const }, { ...line, key: "2/balanced/fee", oneWay: "buyer-gives-for-nothing" as const }] }] };
    const workbook = await open(await buildAwardWorkbook(withFlags));
    const meso = workbook.getWorksheet(SHEETS.meso)!;
    expect(meso.getRow(1).getCell(5).value).toBe("Gain (points)");
    expect(meso.getColumn(5).numFmt).toBe("0.00");
    const asks: string[] = [];
    meso.eachRow((row, r) => {
      if (r > 1 && row.getCell(2).value === "Suggested ask") asks.push(String(row.getCell(4).value));
    });
    expect(asks.length).toBeGreaterThan(0);
    // "Contract term 48 months", "Local hiring 45 % of crew": the engine's glued phrases are said as words.
    const issues = pack.rfp.issues.map((i) => i.name);
    for (const ask of asks) for (const name of issues) expect(ask).not.toMatch(new RegExp(`${name} \\d`));
    expect(asks.join(" ")).toMatch(/ of \d/);
    const log = workbook.getWorksheet(SHEETS.concessions)!;
    const headers = (log.getRow(1).values as unknown[]).map(String);
    const points = headers.indexOf("Value to you (points)");
    const flag = headers.indexOf("Flag");
    expect(headers).not.toContain("One-way");
    expect(log.getColumn(points).numFmt).toBe("0.00");
    expect(log.getRow(2).getCell(flag).value).toBe("Ask not met");
    expect(log.getRow(3).getCell(flag).value).toBe("One-way: you give without getting anything in this bundle");
  });
});
