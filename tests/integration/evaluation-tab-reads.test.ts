// The evaluation tabs read in a few statements (issue 15): the buyer's bid opening and panel,
// and the panel member's scoring queue, on the demo's evaluated RFP (in its BAFO round 2) and
// on every other demo RFP. Statements are counted at Kysely's compiler (every query and raw
// statement; transaction begin/commit are not compiled), so a read that creeps back to one query
// per list shows here. The one-statement reads must agree with the separate reads they stand for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLatestStartWithdrawal, findOpeningRecord, findOpeningStart, listOpeningDecisions, listRegisterRows, readOpeningPage } from "../../db/queries/bid-openings";
import { findOpening, listAdmittedBidders, listDeclarationHistory, listPanelMembers } from "../../db/queries/evaluation-access";
import { listPanelCandidates, readPanelPage } from "../../db/queries/evaluation-panel";
import { listSubmittedScoreCounts } from "../../db/queries/evaluation-scores";
import { readRfpLifecycleFacts } from "../../db/queries/rfp-lifecycle";
import { findRfp } from "../../db/queries/rfps";
import { DEMO_RFP_REFERENCES, seedDemo } from "~/services/seed-demo.server";
import { currentRoundDeadline } from "~/services/bafo/rounds.server";
import { getOpeningRegister } from "~/services/evaluation/opening.server";
import { getPanel, readPanel } from "~/services/evaluation/panel.server";
import { getScoringQueue } from "~/services/evaluation/scoring.server";
import { listRfpsForBuyer, readRfpWorkspace, type RfpActor } from "~/services/rfps/index.server";
import { countingStatements, createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;
let vendor: RfpActor;
let rfpId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  vendor = await actor(t, "vendor1@demo.pareto");
  rfpId = (await t.db.selectFrom("rfps").select("id").where("reference", "=", DEMO_RFP_REFERENCES.fieldServices).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t?.close();
});

const counting = () => countingStatements(t.db);

const auditRows = async (action: string, id = rfpId) =>
  Number((await t.db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", action).where("entity_id", "=", id).executeTakeFirstOrThrow()).n);

describe("the bid opening page", () => {
  it("reads the RFP, the clock, the round's keys, decisions and register in one statement, as the separate reads give them", async () => {
    for (const r of await listRfpsForBuyer(t.db, buyer)) {
      const page = (await readOpeningPage(t.db, r.id))!;
      const rfp = (await findRfp(t.db, r.id))!;
      const current = await currentRoundDeadline(t.db, rfp);
      expect([page.round, page.bidsCloseAt]).toEqual([current.round, current.bidsCloseAt]);
      expect(page.rfp).toEqual({ id: rfp.id, title: rfp.title, reference: rfp.reference, buyer_organisation_id: rfp.buyer_organisation_id, published_at: rfp.published_at, cancelled_at: rfp.cancelled_at });
      expect(page.facts).toEqual(await readRfpLifecycleFacts(t.db, r.id));
      expect(page.now).toBeInstanceOf(Date);
      const start = await findOpeningStart(t.db, r.id, current.round);
      expect(page.start).toEqual(start ? { attempt: start.attempt, started_at: start.started_at, started_by: start.started_by, started_by_name: start.started_by_name } : null);
      expect(page.lastWithdrawal ?? undefined).toEqual(await findLatestStartWithdrawal(t.db, r.id, current.round));
      const opened = await findOpeningRecord(t.db, r.id, current.round);
      expect(page.opening).toEqual(opened ? { opened_at: opened.opened_at, opened_by: opened.opened_by, started_at: opened.started_at, started_by: opened.started_by, register_hash: opened.register_hash, opened_by_name: opened.opened_by_name, started_by_name: opened.started_by_name } : null);
      const byVendor = (a: { vendor_organisation_id: string }, b: { vendor_organisation_id: string }) => a.vendor_organisation_id.localeCompare(b.vendor_organisation_id);
      expect([...page.decisions].sort(byVendor)).toEqual((await listOpeningDecisions(t.db, r.id, current.round)).sort(byVendor));
      expect(page.register).toEqual(await listRegisterRows(t.db, r.id, current.round));
    }
    expect(await readOpeningPage(t.db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("shows an opened round in one statement and audits the register's read once (the append: one or two statements)", async () => {
    const before = await auditRows("bid.opening-register-read");
    const { db, statements } = counting();
    const view = await getOpeningRegister(db, rfpId, buyer);
    expect(view).toMatchObject({ round: 2, stage: "opened", opening: { registerHashVerified: true } });
    expect(view.register.length).toBeGreaterThan(0);
    expect(statements()).toBeGreaterThanOrEqual(2);
    expect(statements()).toBeLessThanOrEqual(3);
    expect(await auditRows("bid.opening-register-read")).toBe(before + 1);
  });

  it("shows a round not opened yet in one statement, with nothing audited", async () => {
    const open = (await t.db.selectFrom("rfps").select("id").where("reference", "=", DEMO_RFP_REFERENCES.streetFurniture).executeTakeFirstOrThrow()).id;
    const { db, statements } = counting();
    const view = await getOpeningRegister(db, open, buyer);
    expect(view).toMatchObject({ round: 1, stage: "before-deadline", opening: null, register: [] });
    expect(statements()).toBe(1);
    expect(await auditRows("bid.opening-register-read", open)).toBe(0);
    // Others' RFPs stay not found, in no more statements.
    const refused = counting();
    expect((await domainError(getOpeningRegister(refused.db, open, vendor))).code).toBe("not_found");
    expect(refused.statements()).toBe(0);
  });
});

describe("the panel page", () => {
  it("reads the candidates, the panel, its scores, the bidders and the declarations in one statement, as the separate reads give them", async () => {
    for (const r of await listRfpsForBuyer(t.db, buyer)) {
      const page = await readPanelPage(t.db, r.id, buyer.organisation.id);
      const opening = await findOpening(t.db, r.id);
      const members = await listPanelMembers(t.db, r.id);
      expect(page.opened).toBe(Boolean(opening));
      expect(page.candidates).toEqual(await listPanelCandidates(t.db, buyer.organisation.id));
      expect(page.members).toEqual(members.map((m) => ({ user_id: m.user_id, criterion_ids: m.criterion_ids, name: m.name, email: m.email })));
      const byPair = (a: { userId: string; criterionId: string }, b: { userId: string; criterionId: string }) => `${a.userId} ${a.criterionId}`.localeCompare(`${b.userId} ${b.criterionId}`);
      expect([...page.scoreCounts].sort(byPair)).toEqual((await listSubmittedScoreCounts(t.db, r.id, members.map((m) => m.user_id))).sort(byPair));
      expect(page.bidders).toEqual(opening ? (await listAdmittedBidders(t.db, r.id)).map((b) => ({ vendorOrganisationId: b.vendorOrganisationId, vendorName: b.vendorName })) : []);
      // Oldest first; declarations made together (one statement, one time) in any order.
      const byTime = (a: { declared_at: Date; user_id: string; vendor_organisation_id: string }, b: { declared_at: Date; user_id: string; vendor_organisation_id: string }) =>
        a.declared_at.getTime() - b.declared_at.getTime() || `${a.user_id} ${a.vendor_organisation_id}`.localeCompare(`${b.user_id} ${b.vendor_organisation_id}`);
      expect(page.history.map((h) => h.declared_at.getTime())).toEqual([...page.history].sort(byTime).map((h) => h.declared_at.getTime()));
      expect([...page.history].sort(byTime)).toEqual(opening ? (await listDeclarationHistory(t.db, r.id)).sort(byTime) : []);
    }
  });

  it("reads the panel in one statement beside the workspace's read of the RFP (two on their own)", async () => {
    const read = await readRfpWorkspace(t.db, rfpId, buyer);
    const { db, statements } = counting();
    const panel = await readPanel(db, read, buyer);
    expect(statements()).toBe(1);
    expect(panel).toEqual(await getPanel(t.db, rfpId, buyer));
    expect(panel.rfp).toMatchObject({ id: rfpId, opened: true });
    expect(panel.members.length).toBeGreaterThan(0);
    expect(panel.declarations.length).toBeGreaterThan(0);
    const alone = counting();
    await getPanel(alone.db, rfpId, buyer);
    expect(alone.statements()).toBe(2);
    // Only a buyer manages the panel, whatever read is handed in.
    expect((await domainError(readPanel(t.db, await readRfpWorkspace(t.db, rfpId, evaluator), evaluator))).code).toBe("forbidden");
  });
});

describe("the scoring queue", () => {
  it("reads the access and the own scores: two statements, no transaction", async () => {
    const { db, statements } = counting();
    const queue = await getScoringQueue(db, rfpId, evaluator);
    expect(queue).toMatchObject({ opened: true, mustDeclare: false });
    expect(queue.bidders.some((b) => b.progress !== null)).toBe(true);
    expect(statements()).toBe(2);
  });
});
