// The opening's hand-off on the demo RFP waiting for its opening (RIV-2026-019, panel Sam and
// Noor): a start asks the second key holders by a notice through the outbox (the buyers, the
// administrators and the panel's evaluators; not the starter, not an evaluator outside the panel)
// and shows on their dashboard; the starter or an administrator may withdraw it with a reason,
// nobody else; a withdrawn start cannot be confirmed (nor one replaced since the page showed it);
// it can be started again; a confirmed opening cannot be withdrawn. Every refusal is audited.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMailbox } from "../../db/queries/outbox";
import { readContentsForOpening } from "../../db/queries/sealed-bids";
import { OPENING_MESSAGES } from "~/domain/evaluation-workspace/opening";
import { formatInstant } from "~/domain/rfp/format";
import { organisationOverview } from "~/services/administration.server";
import { confirmOpening, getOpeningRegister, startOpening, withdrawOpeningStart } from "~/services/evaluation/opening.server";
import { DEMO_RFP_REFERENCES, seedDemo } from "~/services/seed-demo.server";
import type { RfpActor } from "~/services/rfps/index.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let rfpId: string;
let buyer: RfpActor;
let sam: RfpActor;
let noor: RfpActor;
let admin: RfpActor;
let secondBuyer: RfpActor;
let offPanelEvaluator: RfpActor;
let vendor: RfpActor;
const names = new Map<string, string>();

async function buyerSideUser(role: "buyer" | "evaluator", tag: string): Promise<RfpActor> {
  const user = await t.db.insertInto("users").values({ email: `${tag}-${randomUUID().slice(0, 6)}@withdrawal.test`, name: `${tag} person`, password_hash: "x" }).returning(["id", "email"]).executeTakeFirstOrThrow();
  await t.db.insertInto("memberships").values({ user_id: user.id, organisation_id: buyer.organisation.id, role }).execute();
  return { id: user.id, email: user.email, organisation: buyer.organisation, roles: [role], ip: "203.0.113.11" };
}

/** The opening notices of the RFP, per recipient, in order: "<kind> <email>". */
async function notices(kind: string) {
  const mail = (await listMailbox(t.db, { limit: 500 })).filter((m) => m.rfp_id === rfpId && m.kind === kind);
  return mail.reverse();
}

async function auditRows(action: string) {
  return t.db.selectFrom("audit_events").select(["action", "actor_user_id", "data"]).where("entity_id", "=", rfpId).where("action", "=", action).orderBy("id").execute();
}

/** What the person's dashboard lists as openings waiting for it to confirm. */
async function openingsToConfirm(actor: RfpActor) {
  return (await organisationOverview(t.db, actor)).openingsToConfirm;
}

async function keyRows() {
  const { rows } = await sql<{ starts: number; withdrawals: number; openings: number }>`
    select (select count(*) from bid_opening_starts where rfp_id = ${rfpId})::int as starts,
           (select count(*) from bid_opening_start_withdrawals where rfp_id = ${rfpId})::int as withdrawals,
           (select count(*) from bid_openings where rfp_id = ${rfpId})::int as openings`.execute(t.db);
  return rows[0]!;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  rfpId = (await t.db.selectFrom("rfps").select("id").where("reference", "=", DEMO_RFP_REFERENCES.treeCare).executeTakeFirstOrThrow()).id;
  buyer = await actor(t, "buyer@demo.pareto");
  sam = await actor(t, "evaluator@demo.pareto");
  noor = await actor(t, "evaluator2@demo.pareto");
  admin = await actor(t, "admin@demo.pareto");
  vendor = await actor(t, "vendor1@demo.pareto");
  secondBuyer = await buyerSideUser("buyer", "buyer2");
  offPanelEvaluator = await buyerSideUser("evaluator", "off-panel");
  for (const u of await t.db.selectFrom("users").select(["id", "name"]).execute()) names.set(u.id, u.name);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe("the opening's hand-off to the second key", () => {
  it("the demo RFP waits for its opening, nobody asked yet", async () => {
    expect(await getOpeningRegister(t.db, rfpId, buyer)).toMatchObject({ stage: "ready-to-start", start: null, lastWithdrawal: null, actions: { canStart: true, canWithdraw: false } });
    expect(await openingsToConfirm(sam)).toEqual([]);
    expect(await notices("opening.started")).toEqual([]);
  });

  it("a start tells the buyers, the administrators and the panel's evaluators, and shows on their dashboards", async () => {
    const started = await startOpening(t.db, rfpId, buyer);
    expect(started).toMatchObject({ attempt: 1, notified: 4 });
    const mail = await notices("opening.started");
    expect(mail.map((m) => m.to_email).sort()).toEqual([admin.email, sam.email, noor.email, secondBuyer.email].sort());
    const [first] = mail;
    expect(first!.subject).toBe("Bid opening awaits your confirmation: Tree care and storm response crews (City of Riverton) (RIV-2026-019)");
    expect(first!.body).toContain(`${names.get(buyer.id)} started the opening of the bids of Tree care and storm response crews (City of Riverton) (RIV-2026-019) at ${formatInstant(started.startedAt)}.`);
    expect(first!.body).toContain(`Confirm it on the opening page: /rfps/${rfpId}/opening`);

    const toConfirm = await openingsToConfirm(sam);
    expect(toConfirm).toEqual([{ rfpId, title: "Tree care and storm response crews (City of Riverton)", reference: "RIV-2026-019", round: 1, startedAt: started.startedAt, startedBy: names.get(buyer.id) }]);
    expect((await openingsToConfirm(admin)).map((o) => o.rfpId)).toEqual([rfpId]);
    expect((await openingsToConfirm(secondBuyer)).map((o) => o.rfpId)).toEqual([rfpId]);
    // Not the starter, not an evaluator outside the panel, not a vendor.
    expect(await openingsToConfirm(buyer)).toEqual([]);
    expect(await openingsToConfirm(offPanelEvaluator)).toEqual([]);
    expect(await openingsToConfirm(vendor)).toEqual([]);
    expect((await auditRows("bid.opening-started"))[0]!.data).toMatchObject({ round: 1, attempt: 1, notified: 4 });
  });

  it("refuses a withdrawal to anyone but the starter and an administrator, and without a reason; each refusal audited", async () => {
    const other = await domainError(withdrawOpeningStart(t.db, rfpId, { reason: "I would rather wait." }, secondBuyer));
    expect(other).toMatchObject({ code: "forbidden", message: `Only ${names.get(buyer.id)}, who started the opening, or an administrator of your organisation can withdraw it.` });
    expect((await domainError(withdrawOpeningStart(t.db, rfpId, { reason: "Not me." }, sam))).code).toBe("forbidden");
    expect((await domainError(withdrawOpeningStart(t.db, rfpId, { reason: "Not us." }, vendor))).code).toBe("not_found");
    const noReason = await domainError(withdrawOpeningStart(t.db, rfpId, { reason: "   " }, buyer));
    expect(noReason).toMatchObject({ code: "invalid", fieldErrors: { reason: ["Say why you withdraw the opening"] } });
    expect((await auditRows("bid.opening-withdraw-refused")).map((r) => (r.data as { reason: string }).reason)).toEqual(["not-starter", "role", "not-found", "invalid"]);
    expect(await keyRows()).toEqual({ starts: 1, withdrawals: 0, openings: 0 });
    // The page offers the withdrawal only to those who may.
    expect((await getOpeningRegister(t.db, rfpId, buyer)).actions).toMatchObject({ canWithdraw: true, waitingForSecondPerson: true });
    expect((await getOpeningRegister(t.db, rfpId, admin)).actions).toMatchObject({ canWithdraw: true, canConfirm: true });
    expect((await getOpeningRegister(t.db, rfpId, secondBuyer)).actions).toMatchObject({ canWithdraw: false, canConfirm: true });
    expect((await getOpeningRegister(t.db, rfpId, sam)).actions).toMatchObject({ canWithdraw: false, canConfirm: true });
  });

  it("the starter withdraws it with a reason: audited, those asked are told, and it can no longer be confirmed", async () => {
    const reason = "Started on the wrong day: Sam is away until Monday.";
    const withdrawn = await withdrawOpeningStart(t.db, rfpId, { reason, attempt: 1 }, buyer);
    expect(withdrawn).toMatchObject({ attempt: 1, notified: 4 });
    const [audit] = await auditRows("bid.opening-withdrawn");
    expect(audit).toMatchObject({ actor_user_id: buyer.id, data: { round: 1, attempt: 1, startedBy: buyer.id, reason, notified: 4 } });
    const mail = await notices("opening.withdrawn");
    expect(mail.map((m) => m.to_email).sort()).toEqual([admin.email, sam.email, noor.email, secondBuyer.email].sort());
    expect(mail[0]!.body).toContain(`Reason: ${reason}`);
    expect(await openingsToConfirm(sam)).toEqual([]);
    // The seal holds in the reader's own statement too: a withdrawn start is no first key.
    expect(await readContentsForOpening(t.db, rfpId, sam.id, 1)).toEqual({ sealed: true });

    const view = await getOpeningRegister(t.db, rfpId, sam);
    expect(view).toMatchObject({ stage: "ready-to-start", start: null, lastWithdrawal: { attempt: 1, startedByName: names.get(buyer.id), withdrawnByName: names.get(buyer.id), reason }, actions: { canConfirm: false, canWithdraw: false } });

    const confirm = await domainError(confirmOpening(t.db, rfpId, sam, { attempt: 1 }));
    expect(confirm.code).toBe("conflict");
    expect(confirm.message).toBe(
      `The opening started by ${names.get(buyer.id)} at ${formatInstant(view.lastWithdrawal!.startedAt)} was withdrawn by ${names.get(buyer.id)} at ${formatInstant(withdrawn.withdrawnAt)} (reason: ${reason}), so there is nothing to confirm. A buyer must start the opening again first.`,
    );
    // Without the page's attempt too (an API caller): still refused, with the same words.
    expect((await domainError(confirmOpening(t.db, rfpId, noor))).message).toBe(confirm.message);
    expect((await domainError(withdrawOpeningStart(t.db, rfpId, { reason: "again" }, buyer))).message).toMatch(/was withdrawn by .+; it is no longer pending\.$/);
    expect((await auditRows("bid.opening-confirm-refused")).map((r) => (r.data as { reason: string }).reason)).toEqual(["withdrawn", "withdrawn"]);
    expect(await keyRows()).toEqual({ starts: 1, withdrawals: 1, openings: 0 });
  });

  it("starts again; a confirmation of the start the page showed before is refused; an administrator may withdraw anyone's start", async () => {
    const again = await startOpening(t.db, rfpId, buyer);
    expect(again).toMatchObject({ attempt: 2, notified: 4 });
    expect((await getOpeningRegister(t.db, rfpId, sam)).start).toMatchObject({ attempt: 2, startedByYou: false });
    const stale = await domainError(confirmOpening(t.db, rfpId, sam, { attempt: 1 }));
    expect(stale.code).toBe("conflict");
    expect(stale.message).toMatch(/^The opening you saw was withdrawn by .+ and .+ started it again at .+\. Read the new start on the page before you confirm it\.$/);
    expect(await keyRows()).toMatchObject({ openings: 0 });

    await withdrawOpeningStart(t.db, rfpId, { reason: "The key holders meet on Monday instead.", attempt: 2 }, admin);
    // The starter is told when someone else withdrew the start; the administrator is not told of its own act.
    const mail = (await notices("opening.withdrawn")).slice(4);
    expect(mail.map((m) => m.to_email).sort()).toEqual([buyer.email, sam.email, noor.email, secondBuyer.email].sort());
    expect(mail[0]!.body).toContain(`${names.get(admin.id)} withdrew the opening`);
  });

  it("a third start is confirmed by a second person; a confirmed opening cannot be withdrawn", async () => {
    const third = await startOpening(t.db, rfpId, buyer);
    expect(third.attempt).toBe(3);
    const opened = await confirmOpening(t.db, rfpId, sam, { attempt: 3 });
    expect(opened.counts).toMatchObject({ bidders: 3, counted: 3 });
    expect((await auditRows("bid.opening-confirmed"))[0]!.data).toMatchObject({ attempt: 3, startedBy: buyer.id });
    const late = await domainError(withdrawOpeningStart(t.db, rfpId, { reason: "Too late?", attempt: 3 }, buyer));
    expect(late).toMatchObject({ code: "conflict", message: OPENING_MESSAGES.openedCannotWithdraw });
    expect((await domainError(withdrawOpeningStart(t.db, rfpId, { reason: "Too late?" }, admin))).code).toBe("conflict");
    const view = await getOpeningRegister(t.db, rfpId, buyer);
    expect(view).toMatchObject({ stage: "opened", actions: { canWithdraw: false, canStart: false, canConfirm: false } });
    expect(await openingsToConfirm(sam)).toEqual([]);
    expect(await keyRows()).toEqual({ starts: 3, withdrawals: 2, openings: 1 });
  });

  it("holds the rules in the database for any other writer: one pending start per round, no withdrawal once opened, records immutable", async () => {
    await expect(sql`insert into bid_opening_start_withdrawals (rfp_id, round, attempt, withdrawn_by, reason) values (${rfpId}, 1, 3, ${buyer.id}, 'late')`.execute(t.db)).rejects.toThrow(/can no longer be withdrawn/);
    await expect(sql`update bid_opening_start_withdrawals set reason = 'changed' where rfp_id = ${rfpId}`.execute(t.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from bid_opening_start_withdrawals where rfp_id = ${rfpId}`.execute(t.db)).rejects.toThrow(/immutable/);
    // A pending start blocks another: on a fresh round number of the same RFP, the second insert fails.
    await sql`insert into bid_opening_starts (rfp_id, round, attempt, started_by) values (${rfpId}, 9, 1, ${buyer.id})`.execute(t.db);
    await expect(sql`insert into bid_opening_starts (rfp_id, round, attempt, started_by) values (${rfpId}, 9, 2, ${buyer.id})`.execute(t.db)).rejects.toThrow(/already started and not withdrawn/);
  });
});
