// MESO insight and the concession log (issue #13) on PGlite and PostgreSQL, through the real
// services: the demo's RFP waiting for its opening (RIV-2026-019: Northfield, Civic Crew, Atlas)
// is opened, scored and evaluated; the buyer reads the insight, starts a BAFO round with an
// ask to Civic Crew and one to Northfield; Civic Crew submits a new balanced bundle (48 months
// and seasonal scheduling for a lower monthly fee), Northfield confirms its bid unchanged;
// round 2 is opened and the concession log read, annotated and refused where it must be. The
// demo's own BAFO RFP (RIV-2026-017) shows the term and scheduling Civic Crew moved together
// counted once, as one group, in the log and the award pack's workbook.
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bidContentSchema, type BidContent } from "~/domain/bids/content";
import { buildAwardWorkbook, SHEETS } from "~/exports/award-workbook.server";
import { annotateConcessionLine, ANNOTATE_FORBIDDEN, getConcessionLogPage, NO_SUCH_LINE, readConcessionLogs } from "~/services/bafo/concessions.server";
import { confirmBidUnchanged } from "~/services/bafo/confirm-unchanged.server";
import { getInsightIndex, getVendorInsight, INSIGHT_VENDOR_NOT_FOUND } from "~/services/bafo/insight.server";
import { createBafoRound } from "~/services/bafo/round.server";
import { assembleAwardPack } from "~/services/exports/award-pack.server";
import { saveBidDraft, submitBid, type BidActor } from "~/services/bids/index.server";
import { declareConflicts } from "~/services/evaluation/conflicts.server";
import { confirmOpening, startOpening } from "~/services/evaluation/opening.server";
import { seedDemoEvaluation } from "~/services/evaluation/seed-evaluation.server";
import type { RfpActor } from "~/services/rfps/index.server";
import { listRfpsForBuyer } from "~/services/rfps/index.server";
import { demoActor, seedDemo } from "~/services/seed-demo.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;
let evaluator2: RfpActor;
let civic: BidActor;
let northfield: BidActor;
let rfpId: string;

async function roundOneContent(vendorId: string): Promise<BidContent> {
  const { rows } = await sql<{ content: unknown }>`
    select c.content from bids b
    join bid_versions v on v.bid_id = b.id
    join bid_version_contents c on c.bid_version_id = v.id
    where b.rfp_id = ${rfpId} and b.vendor_organisation_id = ${vendorId} and b.round = 1
    order by v.version_number desc limit 1`.execute(t.db);
  const raw = rows[0]!.content;
  return bidContentSchema.parse(typeof raw === "string" ? JSON.parse(raw) : raw);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  evaluator2 = await actor(t, "evaluator2@demo.pareto");
  civic = await actor(t, "vendor2@demo.pareto");
  northfield = await actor(t, "vendor1@demo.pareto");
  rfpId = (await listRfpsForBuyer(t.db, buyer)).find((r) => r.reference === "RIV-2026-019")!.id;
  await seedDemoEvaluation(t.db, rfpId, (email) => demoActor(t.db, email));
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`MESO insight and concession log (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("shows the buyer each vendor's revealed trade-offs in words, its suggestions and a way into the BAFO round", async () => {
    const index = await getInsightIndex(t.db, rfpId, buyer);
    if (index.kind !== "insight") throw new Error(index.message);
    expect(index.vendors.map((v) => v.name)).toEqual(["Atlas Maintenance Group", "Civic Crew Co-operative", "Northfield Field Services Ltd"]);
    expect(index.viewer).toMatchObject({ isChair: true, seesConfidential: true, mayStartBafo: true });

    const view = await getVendorInsight(t.db, rfpId, civic.organisation.id, buyer);
    expect(view.vendor.name).toBe("Civic Crew Co-operative");
    expect(view.bundles.map((b) => b.slotName)).toEqual(["Cost-optimised", "Reliability-optimised", "Balanced"]);
    // Civic Crew's three bundles: 48/48/36 months at evaluated prices 2,599,000 / 2,683,020 / 3,156,380:
    // a least-squares slope of −42,947.50 a month of term, ×12 = −515,370 over the 36 evaluated months = −14,316 a month.
    const term = view.words.tradeOffs.find((w) => w.label === "Contract term")!;
    expect(term.method).toBe("rough estimate");
    expect(term.sentence).toBe(
      "Every 12 months added to the contract term saves you EUR 14,315.83 a month (EUR 515,370.00 over the evaluated price): Civic Crew Co-operative's price falls as the contract term grows.",
    );
    // The longer term came with a longer rollout and seasonal scheduling in every bundle: one group, said once.
    expect(term.group).toBe("Moved in lockstep with the rollout and scheduling in every bundle: this is what they are worth together, not the contract term alone; count it once.");
    expect(view.words.groups).toContain(
      "The contract term, the rollout and scheduling moved in lockstep in every bundle, so the bids do not separate them: moving them together from the Balanced bundle's values " +
        "(a contract term of 36 months, a rollout of 8 weeks and scheduling: fixed year-round rota) to the Cost-optimised bundle's (48 months, 12 weeks and seasonal flexibility) saves you " +
        "about EUR 14,315.83 a month (EUR 515,370.00 over the evaluated price), a rough estimate. Each of their figures above is this one joint value: count it once, not once per issue.",
    );
    // A unit that is a phrase ("% of crew") keeps its number; an SLA target moves in the RFP's unit for it (days).
    const sentence = (label: string) => view.words.tradeOffs.find((w) => w.label === label)!.sentence;
    expect(sentence("Local hiring")).toMatch(/^Every 1% of crew added to local hiring saves you EUR [\d,]+\.\d\d a month .*: Civic Crew Co-operative's price falls as local hiring grows\.$/);
    expect(sentence("complaint resolution time SLA target")).toMatch(/^Every day added to the complaint resolution time SLA target (costs|saves) you EUR [\d,.]+ a month .*SLA target grows\.$/);
    expect(view.words.groups.join(" ")).toMatch(/\(local hiring of 30% of crew and a complaint resolution time SLA target of 4 days\) to the Cost-optimised bundle's \(45% of crew and 3 days\)/);
    expect(view.words.suggestions.length).toBeGreaterThan(0);
    const first = view.words.suggestions[0]!;
    expect(first.gain).toBeGreaterThan(0);
    expect(first.ask).toMatch(/^If we /);
    expect(first.breakEven).toMatch(/^It still beats /);
    expect(first.verdictWords).toMatch(/reservation price/);
    const audit = await t.db.selectFrom("audit_events").select(["action", "data"]).where("action", "=", "evaluation.insight-read").execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it("on the demo's RFP through its BAFO round (RIV-2026-017), counts Civic Crew's term and scheduling once, as one group", async () => {
    const demo = (await listRfpsForBuyer(t.db, buyer)).find((r) => r.reference === "RIV-2026-017")!.id;
    const civicLog = (await readConcessionLogs(t.db, demo)).find((l) => l.vendorName === "Civic Crew Co-operative")!;
    expect(civicLog.lines.map((l) => [l.item, l.costToVendorMinor, l.costGroup?.first ?? null])).toEqual([
      ["Conditional ask", null, null],
      // 36 × (86,330 − 74,500) = EUR 425,880 the vendor gives up on the fee.
      ["Monthly fee (Balanced bundle)", 42_588_000, null],
      // 48 months and seasonal scheduling together: −EUR 515,370 once (each alone claimed all of it).
      ["Contract term (Balanced bundle)", -51_537_000, true],
      ["Scheduling (Balanced bundle)", null, false],
    ]);
    const [ask, , term, scheduling] = civicLog.lines;
    // The engine package the ask was built from also asked for 45% local hiring, which the round-2 bid did not give.
    expect(ask!.trigger).toBe("not met by the round-2 bid: local hiring of 30% of crew instead of the 45% of crew asked");
    expect(term!.costGroup).toEqual({ items: ["Contract term", "Scheduling"], alsoMovedWith: ["Rollout"], jointCostMinor: -51_537_000, first: true });
    expect(scheduling!.costGroup).toEqual({ ...term!.costGroup, first: false });
    // The bundle's balance for the vendor: its fee cut less what the longer, seasonal contract is worth to it.
    expect(civicLog.lines.reduce((sum, l) => sum + (l.costToVendorMinor ?? 0), 0)).toBe(42_588_000 - 51_537_000);

    // The award pack's workbook: the joint cost once, in the term's row; the scheduling row points to it.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await buildAwardWorkbook(await assembleAwardPack(t.db, demo))) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet(SHEETS.concessions)!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => header.indexOf(name) + 1;
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row) => rows.set(String(row.getCell(column("Item")).value), row));
    const termRow = rows.get("Contract term (Balanced bundle)")!;
    const schedulingRow = rows.get("Scheduling (Balanced bundle)")!;
    expect(termRow.getCell(column("Cost to them")).value).toBe(-515_370);
    expect(termRow.getCell(column("Cost basis")).value).toBe(
      "rough estimate; Contract term and Scheduling together: worth about EUR 515,370.00 to them; the bids do not separate them (nor from Rollout, which moved with them)",
    );
    expect(schedulingRow.getCell(column("Cost to them")).value ?? "").toBe("");
    expect(schedulingRow.getCell(column("Cost basis")).value).toBe("rough estimate; part of Contract term and Scheduling together, counted once on the Contract term line");
  });

  it("shows evaluators no confidential verdicts, hides conflicted vendors and refuses vendors", async () => {
    const view = await getVendorInsight(t.db, rfpId, civic.organisation.id, evaluator);
    expect(view.viewer).toMatchObject({ isChair: false, seesConfidential: false, mayStartBafo: false });
    for (const s of view.words.suggestions) {
      expect(s.verdictWords).not.toMatch(/reservation|BATNA/);
      expect(s.breakEven ?? "").not.toMatch(/BATNA/);
    }
    // A declared conflict: that vendor is left out and its page is not found.
    await declareConflicts(t.db, rfpId, { declarations: [{ vendorOrganisationId: civic.organisation.id, hasConflict: true, note: "Former employer", changeReason: "Remembered a past contract" }] }, evaluator2);
    const index = await getInsightIndex(t.db, rfpId, evaluator2);
    if (index.kind !== "insight") throw new Error(index.message);
    expect(index.vendors.map((v) => v.name)).not.toContain("Civic Crew Co-operative");
    expect(index.viewer.hiddenVendorCount).toBe(1);
    expect((await domainError(getVendorInsight(t.db, rfpId, civic.organisation.id, evaluator2))).message).toBe(INSIGHT_VENDOR_NOT_FOUND);
    // Vendors: the RFP is not theirs to read on the buyer side at all.
    expect((await domainError(getInsightIndex(t.db, rfpId, civic))).code).toBe("not_found");
    expect((await domainError(getVendorInsight(t.db, rfpId, civic.organisation.id, civic))).code).toBe("not_found");
  });

  it("logs round 2's give-and-get for Civic Crew, flags Northfield's unmet ask, and lets only the buyer annotate", async () => {
    const { rows } = await sql<{ at: Date }>`select clock_timestamp() + interval '1 hour' as at`.execute(t.db);
    await createBafoRound(
      t.db,
      rfpId,
      {
        bidsCloseAt: rows[0]!.at,
        note: "",
        shortlist: [
          { vendorOrganisationId: civic.organisation.id, reason: "Best value in round 1", suggestionIndex: null, ask: { ifWe: "take a 48-month term and seasonal scheduling", couldYou: "lower the Balanced bundle's monthly fee to EUR 81,000" } },
          { vendorOrganisationId: northfield.organisation.id, reason: "Close second on reliability", suggestionIndex: null, ask: { ifWe: "take a 48-month term", couldYou: "lower your monthly fee by 5 %" } },
        ],
      },
      buyer,
    );
    // While round 2 is open: the insight still reads round 1, and no new round may start.
    expect((await getVendorInsight(t.db, rfpId, civic.organisation.id, buyer)).viewer.mayStartBafo).toBe(false);
    const sealed = await readConcessionLogs(t.db, rfpId);
    expect(sealed.map((l) => [l.vendorName, l.lines.map((x) => x.trigger)])).toEqual([
      ["Civic Crew Co-operative", ["awaiting the opening of round 2"]],
      ["Northfield Field Services Ltd", ["awaiting the opening of round 2"]],
    ]);

    const content = await roundOneContent(civic.organisation.id);
    const balanced = content.bundles.find((b) => b.slotId === "balanced")!;
    balanced.values = { ...balanced.values, monthlyFee: 8_100_000, termMonths: 48, scheduling: "seasonal" };
    await saveBidDraft(t.db, rfpId, { expectedVersion: 0, draft: content }, civic);
    await submitBid(t.db, rfpId, { idempotencyKey: randomUUID() }, civic);
    await confirmBidUnchanged(t.db, rfpId, { idempotencyKey: randomUUID() }, northfield);
    await sql`update bafo_rounds set bids_close_at = clock_timestamp() - interval '1 second' where rfp_id = ${rfpId} and round = 2`.execute(t.db);
    await startOpening(t.db, rfpId, buyer);
    await confirmOpening(t.db, rfpId, evaluator);

    const logs = await readConcessionLogs(t.db, rfpId);
    expect(logs.map((l) => l.vendorName)).toEqual(["Civic Crew Co-operative", "Northfield Field Services Ltd"]);
    const [civicLog, northLog] = logs as [(typeof logs)[0], (typeof logs)[0]];
    expect(civicLog.lines.map((l) => l.item)).toEqual(["Conditional ask", "Monthly fee (Balanced bundle)", "Contract term (Balanced bundle)", "Scheduling (Balanced bundle)"]);
    const [ask, fee, term, scheduling] = civicLog.lines as [(typeof civicLog.lines)[0], (typeof civicLog.lines)[0], (typeof civicLog.lines)[0], (typeof civicLog.lines)[0]];
    expect(ask).toMatchObject({ youGive: "If we take a 48-month term and seasonal scheduling", oneWay: null });
    // 36 months of fees: 36 × (86,330 − 81,000) = EUR 191,880 the vendor gives up.
    expect(fee).toMatchObject({ youGet: "a monthly fee of EUR 81,000.00 instead of EUR 86,330.00", costToVendorMinor: 19_188_000, costMethod: "exact: evaluated price", oneWay: null, askId: ask.askId });
    expect(fee.valueToBuyerPoints).toBeGreaterThan(0);
    expect(fee.trigger).toBe("only with what you give in this bundle: a contract term of 48 months instead of 36 months; scheduling: seasonal flexibility instead of fixed year-round rota");
    // The term scores nothing; Civic Crew's bundles price 12 more months at −EUR 515,370, and seasonal
    // scheduling at the same: in its bundles the two (and the rollout) always moved together, so the
    // bids do not separate them, and the EUR 515,370 is what both are worth together, counted once.
    const group = { items: ["Contract term", "Scheduling"], alsoMovedWith: ["Rollout"], jointCostMinor: -51_537_000 };
    expect(term).toMatchObject({ youGive: "a contract term of 48 months instead of 36 months", valueToBuyerPoints: 0, costToVendorMinor: -51_537_000, costMethod: "rough estimate", costGroup: { ...group, first: true }, oneWay: null });
    // Scheduling cover: fixed 10 points, seasonal 8, weight 10 ⇒ −2 points for the buyer.
    expect(scheduling).toMatchObject({ youGive: "scheduling: seasonal flexibility instead of fixed year-round rota", costToVendorMinor: null, costMethod: "rough estimate", costGroup: { ...group, first: false }, oneWay: null });
    expect(scheduling.valueToBuyerPoints).toBeCloseTo(-2, 9);
    expect(civicLog.lines.reduce((sum, l) => sum + (l.costToVendorMinor ?? 0), 0)).toBe(19_188_000 - 51_537_000);
    expect(northLog.lines).toEqual([expect.objectContaining({ item: "Conditional ask", oneWay: "ask-not-met", trigger: "not met by the round-2 bid" })]);

    // Annotations: the buyer's note shows on the line; evaluators read, never write.
    await annotateConcessionLine(t.db, rfpId, buyer, { vendorOrganisationId: civic.organisation.id, lineKey: fee.key, note: "Check the seasonal staffing plan before award." });
    const page = await getConcessionLogPage(t.db, rfpId, buyer);
    expect(page.viewer.mayAnnotate).toBe(true);
    expect(page.logs[0]!.lines.find((l) => l.key === fee.key)!.annotation).toBe("Check the seasonal staffing plan before award.");
    const evaluatorPage = await getConcessionLogPage(t.db, rfpId, evaluator);
    expect(evaluatorPage.viewer.mayAnnotate).toBe(false);
    expect(evaluatorPage.logs[0]!.lines.find((l) => l.key === fee.key)!.annotation).toBe("Check the seasonal staffing plan before award.");
    expect((await domainError(annotateConcessionLine(t.db, rfpId, evaluator, { vendorOrganisationId: civic.organisation.id, lineKey: fee.key, note: "x" }))).message).toBe(ANNOTATE_FORBIDDEN);
    expect((await domainError(annotateConcessionLine(t.db, rfpId, buyer, { vendorOrganisationId: civic.organisation.id, lineKey: "r2:nowhere", note: "x" }))).message).toBe(NO_SUCH_LINE);
    // A conflicted evaluator does not see that vendor's log.
    expect((await getConcessionLogPage(t.db, rfpId, evaluator2)).logs.map((l) => l.vendorName)).toEqual(["Northfield Field Services Ltd"]);
    // Audited, without the note's text.
    const events = await t.db.selectFrom("audit_events").select(["action", "data"]).where("action", "in", ["bafo.concession-annotated", "bafo.concession-annotation-refused"]).execute();
    expect(events.map((e) => e.action).sort()).toEqual(["bafo.concession-annotated", "bafo.concession-annotation-refused"]);
    expect(JSON.stringify(events)).not.toContain("seasonal staffing plan");
    // An empty note removes it.
    await annotateConcessionLine(t.db, rfpId, buyer, { vendorOrganisationId: civic.organisation.id, lineKey: fee.key, note: "" });
    expect((await readConcessionLogs(t.db, rfpId))[0]!.lines.find((l) => l.key === fee.key)!.annotation).toBe("");
  });
});
