// The award workbook read back: exceljs finds the engine's figures as cached results, and
// HyperFormula (a spreadsheet engine) recomputes every total from the workbook's own formulas
// and weights to the engine's within 1e-9; a changed weight re-ranks; hostile text stays text.
import ExcelJS from "exceljs";
import { HyperFormula } from "hyperformula";
import { describe, expect, it } from "vitest";
import { ACCENTED, HOSTILE, hostileRound, packFrom } from "../../tests/support/award-pack";
import { buildAwardWorkbook, SHEETS } from "./award-workbook.server";

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook;
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
        if (v && typeof v === "object" && "formula" in v) out = `=${v.formula}`;
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
    const raw = hf.getSheetId(SHEETS.raw)!;
    const n = pack.criteria.length;
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
