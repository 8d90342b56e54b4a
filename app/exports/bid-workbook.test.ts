// The bid template round trip (issue #5): build → fill with exceljs as a vendor would →
// import. No database: the workbook is made from plain data.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { bidDraftSchema, type BidDraft } from "../domain/bids/content";
import { sampleFieldServicesBid } from "../domain/bids/sample";
import { definitionFromTemplate } from "../domain/rfp/templates";
import { NOT_XLSX, formatProblem, readBidWorkbook } from "./bid-workbook-import.server";
import { buildBidWorkbook } from "./bid-workbook.server";

const definition = definitionFromTemplate("field-services");
const RFP_ID = "rfp-riverton";
const META = { rfpId: RFP_ID, rfpTitle: "Field technicians (Riverton)", reference: "RIV-2026-017", vendorName: "Acme Grounds" };

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook;
}

async function save(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The row of the Bundles or SLAs sheet whose column A/B starts with `label`. */
function rowOf(sheet: ExcelJS.Worksheet, label: string, column = 1, after = 0): number {
  let found = 0;
  sheet.eachRow((row, n) => {
    if (!found && n > after && String(row.getCell(column).value ?? "").startsWith(label)) found = n;
  });
  if (!found) throw new Error(`no row "${label}"`);
  return found;
}

function slaRow(sheet: ExcelJS.Worksheet, bundleLetter: string, metric: string): number {
  const bundleStart = rowOf(sheet, `Bundle ${bundleLetter}`);
  return rowOf(sheet, metric, 2, bundleStart - 1);
}

describe("bid workbook", () => {
  const draft: BidDraft = bidDraftSchema.parse(sampleFieldServicesBid());

  it("has the issues as rows, the bundles as columns and the required SLAs filled in", async () => {
    const workbook = await open(await buildBidWorkbook(definition, draft, META));
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ["Bundles", "visible"],
      ["SLAs", "visible"],
      ["Instructions", "visible"],
      ["lists", "hidden"],
      ["meta", "veryHidden"],
    ]);
    const bundles = workbook.getWorksheet("Bundles")!;
    expect(bundles.getRow(5).values).toEqual([undefined, "Issue", "Unit", "Bundle A – Cost-optimised", "Bundle B – Reliability-optimised", "Bundle C – Balanced", "Guidance"]);
    const fee = rowOf(bundles, "Monthly fee");
    expect(bundles.getCell(fee, 2).value).toBe("EUR");
    expect(bundles.getCell(fee, 3).value).toBe(82_000);
    expect(bundles.getCell(fee, 3).numFmt).toBe("#,##0.00");
    // Only value cells are unlocked; the sheet is protected without a password.
    expect(bundles.getCell(fee, 3).protection).toMatchObject({ locked: false });
    expect(bundles.getCell(fee, 1).protection?.locked).not.toBe(false);
    expect((bundles as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection).toMatchObject({ sheet: true });
    expect((bundles as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection.hashValue).toBeUndefined();
    expect(bundles.getCell(rowOf(bundles, "Scheduling"), 4).value).toBe("seasonal flexibility");
    expect(bundles.getCell(rowOf(bundles, "Scheduling"), 4).dataValidation).toMatchObject({ type: "list", formulae: ["lists!$A$2:$A$3"] });
    const slas = workbook.getWorksheet("SLAs")!;
    const complaint = slaRow(slas, "B", "complaint resolution time");
    expect(slas.getRow(complaint).values).toEqual(expect.arrayContaining(["days", "lower is better", "month", "city 311 CRM", 4, 5, 15, "yes", "Complaint SLA met for 3 consecutive months"]));
  });

  it("reads back the same draft it was built from", async () => {
    const bytes = await buildBidWorkbook(definition, draft, META);
    const result = await readBidWorkbook(bytes, definition, RFP_ID, draft);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.draft).toEqual(draft);
    expect(result.valueCount).toBeGreaterThan(24);
  });

  it("keeps from the saved draft what a workbook cannot hold: tiered credits and contingent clauses", async () => {
    const richer: BidDraft = structuredClone(draft);
    const a = richer.bundles[0]!.clauses;
    a.slas[0]!.remedies[0] = { kind: "service_credit", id: "tiered", automatic: true, amount: { type: "per_step", percentPerStep: 2, step: 0.5 }, capPercentOfPeriodFee: 20 };
    a.contingentClauses = [{ id: "pilot", metric: "citizen complaints", unit: "complaints", comparison: "gt", threshold: 60, window: "month", periods: [2], verificationSource: "city 311 CRM", remedy: null }];
    const result = await readBidWorkbook(await buildBidWorkbook(definition, richer, META), definition, RFP_ID, richer);
    expect(result.ok && result.draft).toEqual(richer);
  });

  it("reads a blank template as a draft with every required SLA and no values", async () => {
    const result = await readBidWorkbook(await buildBidWorkbook(definition, null, META), definition, RFP_ID);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.draft.bundles.map((b) => b.slotId)).toEqual(["cost", "reliability", "balanced"]);
    expect(Object.values(result.draft.bundles[0]!.values).every((v) => v === null)).toBe(true);
    expect(result.draft.bundles[0]!.clauses.slas.map((s) => [s.id, s.metric, s.target])).toEqual([
      ["req-complaint-resolution-time", "complaint resolution time", null],
      ["req-citizen-complaints", "citizen complaints", null],
      ["req-emergency-response-time", "emergency response time", null],
    ]);
  });

  it("imports what a vendor types: amounts as text, labels of options, extra SLAs on spare rows", async () => {
    const workbook = await open(await buildBidWorkbook(definition, null, META));
    const bundles = workbook.getWorksheet("Bundles")!;
    bundles.getCell(rowOf(bundles, "Monthly fee"), 3).value = "12,500.50";
    bundles.getCell(rowOf(bundles, "Scheduling"), 3).value = "Fixed year-round rota";
    bundles.getCell(rowOf(bundles, "Renews automatically"), 3).value = "no";
    const slas = workbook.getWorksheet("SLAs")!;
    const spare = slaRow(slas, "A", "emergency response time") + 1;
    slas.getRow(spare).values = ["Bundle A", "graffiti removal time", "hours", "lower is better", "week", "city 311 CRM", 48, "5 %"];
    const result = await readBidWorkbook(await save(workbook), definition, RFP_ID);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const a = result.draft.bundles[0]!;
    expect(a.values).toMatchObject({ monthlyFee: 1_250_050, scheduling: "fixed" });
    expect(a.clauses.slas[3]).toEqual({
      id: "sla-1",
      metric: "graffiti removal time",
      unit: "hours",
      direction: "lower_is_better",
      target: 48,
      window: "week",
      verificationSource: "city 311 CRM",
      remedies: [{ kind: "service_credit", id: "sla-1-credit", automatic: null, amount: { type: "fixed", percent: 5 }, capPercentOfPeriodFee: null }],
    });
  });

  it("scales amounts exactly in the RFP's currency: large cents, yen, dinars (decision 021)", async () => {
    const read = async (def: typeof definition, values: unknown[]) => {
      const workbook = await open(await buildBidWorkbook(def, null, META));
      const bundles = workbook.getWorksheet("Bundles")!;
      const fee = rowOf(bundles, "Monthly fee");
      values.forEach((v, b) => (bundles.getCell(fee, 3 + b).value = v as ExcelJS.CellValue));
      const result = await readBidWorkbook(await save(workbook), def, RFP_ID);
      return result.ok ? result.draft.bundles.map((x) => x.values.monthlyFee) : result.problems.map((p) => p.message);
    };
    expect(await read(definition, [5_000_000_123.02, "5,000,000,123.02", 0.1 + 0.2])).toEqual([500_000_012_302, 500_000_012_302, 30]);
    expect(await read(definition, [12_500.005, "12,50", "12.345"])).toEqual([
      "Monthly fee for bundle A has more than 2 decimals; give it in EUR, e.g. 12500.00",
      "Monthly fee for bundle B: “12,50”: write a decimal point, not a comma (commas only group thousands, as in 12,500.00)",
      "Monthly fee for bundle C: “12.345”: use at most 2 decimals",
    ]);
    const yen = { ...definition, basics: { ...definition.basics, currency: "JPY" } };
    expect(await read(yen, [2_000_000, "2,000,000", "JPY 1500"])).toEqual([2_000_000, 2_000_000, 1_500]);
    expect(await read(yen, [1500.5])).toEqual(["Monthly fee for bundle A has more than 0 decimals; give it in JPY, e.g. 12500"]);
    const dinar = { ...definition, basics: { ...definition.basics, currency: "KWD" } };
    expect(await read(dinar, [1.125, "1,500.5"])).toEqual([1_125, 1_500_500, null]);
  });

  it("shows money with the currency's decimals (JPY none, KWD three) and reads the draft back exactly", async () => {
    for (const [currency, format, fee, validation, example] of [
      ["JPY", "#,##0", 8_200_000, "whole", "12500"],
      ["KWD", "#,##0.000", 8_200, "decimal", "12500.000"],
      ["EUR", "#,##0.00", 82_000, "decimal", "12500.00"],
    ] as const) {
      const priced = { ...definition, basics: { ...definition.basics, currency } };
      // The sample's minor units read as this currency's: 8,200,000 minor units are JPY 8,200,000 and KWD 8,200.000.
      const workbook = await open(await buildBidWorkbook(priced, draft, META));
      const bundles = workbook.getWorksheet("Bundles")!;
      const row = rowOf(bundles, "Monthly fee");
      expect(bundles.getCell(row, 2).value).toBe(currency);
      expect(bundles.getCell(row, 3).value).toBe(fee);
      expect(bundles.getCell(row, 3).numFmt).toBe(format);
      expect(bundles.getCell(row, 3).dataValidation).toMatchObject({ type: validation, error: `An amount in ${currency} of 0 or more, e.g. ${example}` });
      expect(String(bundles.getCell(3, 1).value)).toContain(`Money in ${currency} ${currency === "JPY" ? "without decimals" : `with ${format.length - 6} decimals`}, e.g. ${example}.`);
      expect(bundles.getCell(row, bundles.getRow(5).cellCount).value).toContain(`An amount in ${currency}, e.g. ${example}.`);
      const result = await readBidWorkbook(await save(workbook), priced, RFP_ID, draft);
      expect(result.ok ? [] : result.problems).toEqual([]);
      if (result.ok) expect(result.draft).toEqual(draft);
    }
    // Fils survive the trip: KWD 1.125 is 1,125 minor units, shown as 1.125, read as 1,125.
    const dinar = { ...definition, basics: { ...definition.basics, currency: "KWD" } };
    const withFils: BidDraft = structuredClone(draft);
    withFils.bundles[0]!.values.monthlyFee = 1_125;
    const workbook = await open(await buildBidWorkbook(dinar, withFils, META));
    expect(workbook.getWorksheet("Bundles")!.getCell(rowOf(workbook.getWorksheet("Bundles")!, "Monthly fee"), 3).value).toBe(1.125);
    const result = await readBidWorkbook(await save(workbook), dinar, RFP_ID, withFils);
    expect(result.ok && result.draft.bundles[0]!.values.monthlyFee).toBe(1_125);
  });

  it("reads a cell formatted as a percentage as Excel shows it: 0.05 shown as 5 % is 5", async () => {
    const workbook = await open(await buildBidWorkbook(definition, draft, META));
    const slas = workbook.getWorksheet("SLAs")!;
    const row = slaRow(slas, "A", "complaint resolution time");
    const credit = slas.getCell(row, 8);
    credit.value = 0.07;
    // Its own style: exceljs shares one style object between cells loaded with the same format.
    credit.style = { ...credit.style, numFmt: "0%" };
    const cap = slas.getCell(row, 9);
    cap.value = 12.5;
    cap.style = { ...cap.style, numFmt: '0.0" %"' };
    const result = await readBidWorkbook(await save(workbook), definition, RFP_ID, draft);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const remedy = result.draft.bundles[0]!.clauses.slas.find((s) => s.metric === "complaint resolution time")!.remedies.find((r) => r.kind === "service_credit");
    expect(remedy).toMatchObject({ amount: { type: "fixed", percent: 7 }, capPercentOfPeriodFee: 12.5 });
  });

  it("lists every problem by sheet and cell and imports nothing", async () => {
    const workbook = await open(await buildBidWorkbook(definition, draft, META));
    const bundles = workbook.getWorksheet("Bundles")!;
    const fee = rowOf(bundles, "Monthly fee");
    bundles.getCell(fee, 4).value = "twelve thousand";
    bundles.getCell(rowOf(bundles, "Mobilisation fee"), 3).value = -100;
    bundles.getCell(rowOf(bundles, "Local hiring"), 5).value = 120;
    bundles.getCell(rowOf(bundles, "Scheduling"), 3).value = "weekly";
    bundles.getCell(rowOf(bundles, "Contract term"), 3).value = { formula: "12*3" } as ExcelJS.CellFormulaValue;
    bundles.getCell(rowOf(bundles, "General termination right"), 4).value = "maybe";
    const slas = workbook.getWorksheet("SLAs")!;
    const complaint = slaRow(slas, "C", "complaint resolution time");
    slas.getCell(complaint, 12).value = null;
    slas.getCell(complaint, 8).value = 150;
    const result = await readBidWorkbook(await save(workbook), definition, RFP_ID, draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toEqual([
      `Bundles!D${fee}: Monthly fee for bundle B must be an amount, e.g. 12500.00`,
      `Bundles!C${fee + 1}: Mobilisation fee for bundle A must not be negative`,
      `Bundles!C${fee + 2}: Contract term for bundle A is a formula without a calculated value; type the value itself`,
      `Bundles!E${fee + 5}: Local hiring for bundle C must be a percentage from 0 to 100, not 120`,
      `Bundles!C${fee + 6}: Scheduling for bundle A: “weekly” is not one of the options (seasonal flexibility, fixed year-round rota)`,
      expect.stringMatching(new RegExp(`^Bundles!D\\d+: General termination right for bundle B: answer yes or no, not “maybe”$`)),
      `SLAs!H${complaint}: The service credit of complaint resolution time (bundle C) must be a percentage from 0 to 100, not 150`,
      `SLAs!L${complaint}: A holdback of 5 % on complaint resolution time (bundle C) needs a release condition, e.g. “SLA met for 3 consecutive months”`,
    ]);
    expect(result.problems[0]).toEqual({ sheet: "Bundles", row: fee, column: "D", cell: `D${fee}`, message: "Monthly fee for bundle B must be an amount, e.g. 12500.00" });
  });

  it("refuses a file that is not an .xlsx workbook", async () => {
    for (const bytes of [new TextEncoder().encode("monthly fee;12500\n"), new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), new Uint8Array()]) {
      const result = await readBidWorkbook(bytes, definition, RFP_ID);
      expect(result).toEqual({ ok: false, status: 400, problems: [{ sheet: "", row: 0, column: "", cell: "", message: NOT_XLSX }] });
    }
  });

  it("refuses the template of another RFP, an .xlsx that is no template, and a stale template", async () => {
    const other = await readBidWorkbook(await buildBidWorkbook(definition, null, { ...META, rfpId: "rfp-other", reference: "OTH-1", rfpTitle: "Other" }), definition, RFP_ID);
    expect(other.ok ? "" : formatProblem(other.problems[0]!)).toMatch(/^This workbook is the bid template of another RFP \(OTH-1, Other\)/);

    const plain = new ExcelJS.Workbook();
    plain.addWorksheet("Sheet1").getCell("A1").value = "hello";
    const notOurs = await readBidWorkbook(await save(plain), definition, RFP_ID);
    expect(notOurs.ok ? "" : notOurs.problems[0]!.message).toMatch(/not a Pareto bid template/);

    const changed = { ...definition, termSheet: [...definition.termSheet, { id: "paymentDays", name: "Payment terms", kind: "number" as const, unit: "days", required: true, description: "", tradeable: null }] };
    const stale = await readBidWorkbook(await buildBidWorkbook(definition, null, META), changed, RFP_ID);
    expect(stale.ok ? "" : stale.problems[0]!.message).toMatch(/^The RFP gained the issue “Payment terms” since this template was downloaded/);
  });

  it("still reads a version-1 template of a two-decimal currency, and refuses one of yen or dinars (it showed their amounts ÷ 100)", async () => {
    const asVersion1 = async (def: typeof definition) => {
      const workbook = await open(await buildBidWorkbook(def, draft, META));
      workbook.getWorksheet("meta")!.getCell(1, 2).value = 1;
      return readBidWorkbook(await save(workbook), def, RFP_ID, draft);
    };
    const euro = await asVersion1(definition);
    expect(euro.ok && euro.draft).toEqual(draft);
    for (const currency of ["JPY", "KWD"]) {
      const refused = await asVersion1({ ...definition, basics: { ...definition.basics, currency } });
      expect(refused.ok ? "" : refused.problems[0]!.message).toBe("This template was made by an older version of Pareto. Download a new template from the bid page.");
    }
  });
});
