// The evaluator's Excel score sheet through the services (issue #11, item 5): download for a
// panel evaluator, fill as an evaluator would, upload → drafts saved and visible through
// getOwnScores; a conflicted vendor never appears in the sheet; a broken file saves nothing;
// someone off the panel gets 403. Runs on PGlite and PostgreSQL.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { formatProblem } from "~/exports/score-sheet-import.server";
import { downloadScoreSheet, importScoreSheet } from "~/services/evaluation/score-sheet.server";
import { getOwnScores, saveScores } from "~/services/evaluation/scoring.server";
import type { BidActor } from "~/services/bids/index.server";
import type { RfpActor } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { publishedRfp, saveSample, submit, vendorsFor } from "../support/bids";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { lockScoresBySql, openBidsBySql } from "../support/evaluation";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;
let outsider: RfpActor;
let rfpId: string;
let vendors: BidActor[];

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook;
}
const save = async (workbook: ExcelJS.Workbook) => new Uint8Array(await workbook.xlsx.writeBuffer());

/** Rows of the Scores sheet by "bidder|letter|criterion", read by their labels as a person would. */
function rowsOf(sheet: ExcelJS.Worksheet): Map<string, number> {
  const rows = new Map<string, number>();
  sheet.eachRow((row, n) => {
    if (n > 4 && row.getCell(2).value) rows.set(`${String(row.getCell(1).value)}|${String(row.getCell(2).value).slice(0, 1)}|${String(row.getCell(3).value)}`, n);
  });
  return rows;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  const org = await t.db.selectFrom("organisations").select("id").where("name", "=", buyer.organisation.name).executeTakeFirstOrThrow();
  const user = await t.db.insertInto("users").values({ email: "offpanel@sheet.test", name: "Otto Offpanel", password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
  await t.db.insertInto("memberships").values({ user_id: user.id, organisation_id: org.id, role: "evaluator" }).execute();
  outsider = await actor(t, "offpanel@sheet.test");
  rfpId = await publishedRfp(t, buyer, "SHEET-1");
  vendors = await vendorsFor(t, rfpId, 3, "Sheet bidder");
  for (const [i, v] of vendors.entries()) {
    await saveSample(t, rfpId, v, 1 + i / 100);
    await submit(t, rfpId, v);
  }
  await openBidsBySql(t, rfpId, buyer.id);
  await t.db.insertInto("rfp_panel_members").values({ rfp_id: rfpId, user_id: evaluator.id, criterion_ids: null, added_by: buyer.id }).execute();
  // No conflict with the first two bidders; a conflict with the third.
  for (const [i, v] of vendors.entries()) {
    await t.db.insertInto("conflict_declarations").values({ rfp_id: rfpId, user_id: evaluator.id, vendor_organisation_id: v.organisation.id, has_conflict: i === 2, note: i === 2 ? "My brother runs it." : "" }).execute();
  }
});
afterAll(async () => {
  await t?.close();
});

describe(`the evaluator's score sheet (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("downloads for a panel evaluator, without the conflicted vendor; off the panel: 403", async () => {
    const { bytes, fileName } = await downloadScoreSheet(t.db, rfpId, evaluator);
    expect(fileName).toBe("score-sheet-SHEET-1.xlsx");
    const sheet = (await open(bytes)).getWorksheet("Scores")!;
    const own = await getOwnScores(t.db, rfpId, evaluator);
    const bidderNames = new Set([...rowsOf(sheet).keys()].map((k) => k.split("|")[0]));
    expect(bidderNames).toEqual(new Set([vendors[0]!.organisation.name, vendors[1]!.organisation.name]));
    expect(rowsOf(sheet).size).toBe(2 * own.criteria.length * own.slots.length);
    const { name } = await t.db.selectFrom("users").select("name").where("id", "=", evaluator.id).executeTakeFirstOrThrow();
    expect(sheet.getCell("A2").value).toBe(`SHEET-1 · Score sheet of ${name}`);
    // The conflicted vendor is nowhere in the file, not even in the hidden id map.
    const text = JSON.stringify((await open(bytes)).worksheets.map((ws) => ws.getSheetValues()));
    expect(text).not.toContain(vendors[2]!.organisation.id);
    expect(text).not.toContain(vendors[2]!.organisation.name);

    expect((await domainError(downloadScoreSheet(t.db, rfpId, outsider))).code).toBe("forbidden");
    expect((await domainError(importScoreSheet(t.db, rfpId, outsider, bytes))).code).toBe("forbidden");
  });

  it("imports the filled sheet as drafts, visible through getOwnScores; a broken copy saves nothing", async () => {
    const own = await getOwnScores(t.db, rfpId, evaluator);
    const criterion = own.criteria[0]!;
    const [a, b] = vendors;
    const workbook = await open((await downloadScoreSheet(t.db, rfpId, evaluator)).bytes);
    const sheet = workbook.getWorksheet("Scores")!;
    const rows = rowsOf(sheet);
    const at = (v: BidActor, letter: string) => rows.get(`${v.organisation.name}|${letter}|${criterion.name}`)!;
    sheet.getCell(at(a!, "A"), 4).value = 7.5;
    sheet.getCell(at(a!, "A"), 5).value = "Two crews per district, backup vans.";
    sheet.getCell(at(a!, "B"), 4).value = 9;
    sheet.getCell(at(a!, "B"), 5).value = "Spare crew on call.";
    sheet.getCell(at(b!, "C"), 5).value = "Thin escalation plan; score after the clarification.";

    // A broken copy first: every problem by cell, nothing saved.
    const broken = await open(await save(workbook));
    broken.getWorksheet("Scores")!.getCell(at(a!, "C"), 4).value = 7.3;
    broken.getWorksheet("Scores")!.getCell(at(b!, "A"), 4).value = 11;
    const refused = await importScoreSheet(t.db, rfpId, evaluator, await save(broken));
    expect(refused.ok ? [] : refused.problems.map(formatProblem)).toEqual([
      expect.stringMatching(new RegExp(`^Scores!D${at(a!, "C")}: Score for .+ must be a whole or half point \\(e\\.g\\. 7 or 7\\.5\\), not 7\\.3$`)),
      expect.stringMatching(new RegExp(`^Scores!D${at(b!, "A")}: Score for .+ must be from 0 to 10, not 11$`)),
    ]);
    expect(refused.ok ? 0 : refused.status).toBe(400);
    expect((await getOwnScores(t.db, rfpId, evaluator)).scores).toEqual([]);

    const result = await importScoreSheet(t.db, rfpId, evaluator, await save(workbook));
    expect(result).toEqual({ ok: true, imported: 3 });
    const saved = (await getOwnScores(t.db, rfpId, evaluator)).scores.map(({ vendorOrganisationId, slotId, criterionId, score, justification, submittedAt }) => ({ vendorOrganisationId, slotId, criterionId, score, justification, submittedAt }));
    expect(saved).toEqual(
      expect.arrayContaining([
        { vendorOrganisationId: a!.organisation.id, slotId: own.slots[0]!.id, criterionId: criterion.id, score: 7.5, justification: "Two crews per district, backup vans.", submittedAt: null },
        { vendorOrganisationId: a!.organisation.id, slotId: own.slots[1]!.id, criterionId: criterion.id, score: 9, justification: "Spare crew on call.", submittedAt: null },
        { vendorOrganisationId: b!.organisation.id, slotId: own.slots[2]!.id, criterionId: criterion.id, score: null, justification: "Thin escalation plan; score after the clarification.", submittedAt: null },
      ]),
    );
    expect(saved).toHaveLength(3);

    // The same file again changes nothing: its rows are the saved drafts.
    expect(await importScoreSheet(t.db, rfpId, evaluator, await save(workbook))).toEqual({ ok: true, imported: 0 });
  });

  it("keeps submitted scores locked: a new sheet shows them as submitted, a changed one is refused", async () => {
    const own = await getOwnScores(t.db, rfpId, evaluator);
    const criterion = own.criteria[0]!;
    const [a] = vendors;
    await saveScores(t.db, rfpId, evaluator, { entries: own.slots.map((s) => ({ vendorOrganisationId: a!.organisation.id, slotId: s.id, criterionId: criterion.id, score: 6, justification: "Adequate." })), submit: true });
    const workbook = await open((await downloadScoreSheet(t.db, rfpId, evaluator)).bytes);
    const sheet = workbook.getWorksheet("Scores")!;
    const row = rowsOf(sheet).get(`${a!.organisation.name}|A|${criterion.name}`)!;
    expect([sheet.getCell(row, 4).value, sheet.getCell(row, 6).value]).toEqual([6, "submitted"]);
    expect(sheet.getCell(row, 4).protection?.locked).not.toBe(false);
    expect(await importScoreSheet(t.db, rfpId, evaluator, await save(workbook))).toEqual({ ok: true, imported: 0 });
    sheet.getCell(row, 4).value = 8;
    const refused = await importScoreSheet(t.db, rfpId, evaluator, await save(workbook));
    expect(refused.ok ? [] : refused.problems.map(formatProblem)).toEqual([`Scores!D${row}: You submitted this score; it cannot change here`]);
  });

  it("refuses an upload once the scores are locked, saying why", async () => {
    const own = await getOwnScores(t.db, rfpId, evaluator);
    const workbook = await open((await downloadScoreSheet(t.db, rfpId, evaluator)).bytes);
    const sheet = workbook.getWorksheet("Scores")!;
    const row = rowsOf(sheet).get(`${vendors[1]!.organisation.name}|B|${own.criteria[0]!.name}`)!;
    sheet.getCell(row, 4).value = 4;
    await lockScoresBySql(t, rfpId, buyer.id);
    const count = async () => Number((await sql<{ n: number }>`select count(*)::int as n from evaluator_scores where rfp_id = ${rfpId} and score_halves = 8`.execute(t.db)).rows[0]!.n);
    const refused = await importScoreSheet(t.db, rfpId, evaluator, await save(workbook));
    expect(refused).toMatchObject({ ok: false, status: 409, problems: [{ cell: "", message: expect.stringMatching(/locked/) }] });
    expect(await count()).toBe(0);
  });
});
