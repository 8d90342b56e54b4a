// The two-key bid opening: refused before the deadline, to vendors, to other organisations and
// to one person alone (each refusal audited, nothing else recorded); confirmed by a second
// person; the register lists every bidder with the counting version, both hashes, withdrawals
// and refused late attempts; a tampered content is held out until the buyer decides; the
// register is immutable and its hash checks out.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAdmittedBidders } from "../../db/queries/evaluation-access";
import { sampleFieldServicesBid } from "~/domain/bids/sample";
import { OPENING_MESSAGES } from "~/domain/evaluation-workspace/opening";
import { cancelRfp, getRfpForBuyer, getRfpForVendor, listRfpsForBuyer, type RfpActor } from "~/services/rfps/index.server";
import { saveBidDraft, withdrawBid, type BidActor } from "~/services/bids/index.server";
import { confirmOpening, decideHeldOutBid, getOpeningRegister, startOpening } from "~/services/evaluation/opening.server";
import { seedDemo } from "~/services/seed-demo.server";
import { publishedRfp, saveSample, setDeadline, submit, vendorsFor } from "../support/bids";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;
let admin: RfpActor;
let secondBuyer: RfpActor;
let otherOrgBuyer: RfpActor;

async function buyerSideUser(organisationId: string, organisationName: string, role: "buyer" | "evaluator" | "admin", tag: string): Promise<RfpActor> {
  const user = await t.db.insertInto("users").values({ email: `${tag}-${randomUUID().slice(0, 6)}@opening.test`, name: `${tag} person`, password_hash: "x" }).returning(["id", "email"]).executeTakeFirstOrThrow();
  await t.db.insertInto("memberships").values({ user_id: user.id, organisation_id: organisationId, role }).execute();
  return { id: user.id, email: user.email, organisation: { id: organisationId, name: organisationName, kind: "buyer" }, roles: [role], ip: "203.0.113.10" };
}

async function auditActions(rfpId: string): Promise<string[]> {
  const rows = await t.db.selectFrom("audit_events").select("action").where("entity_id", "=", rfpId).orderBy("id").execute();
  return rows.map((r) => r.action);
}

async function openingRows(rfpId: string) {
  const { rows } = await sql<{ starts: number; openings: number; register: number; decisions: number }>`
    select (select count(*) from bid_opening_starts where rfp_id = ${rfpId})::int as starts,
           (select count(*) from bid_openings where rfp_id = ${rfpId})::int as openings,
           (select count(*) from bid_opening_register where rfp_id = ${rfpId})::int as register,
           (select count(*) from bid_opening_decisions where rfp_id = ${rfpId})::int as decisions`.execute(t.db);
  return rows[0]!;
}

/** Moves the deadline into the past by the database clock. */
async function closeBids(rfpId: string): Promise<void> {
  await sql`update rfps set bids_close_at = clock_timestamp() - interval '1 second' where id = ${rfpId}`.execute(t.db);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  admin = await actor(t, "admin@demo.pareto");
  secondBuyer = await buyerSideUser(buyer.organisation.id, buyer.organisation.name, "buyer", "buyer2");
  const other = await t.db.insertInto("organisations").values({ name: `Other council ${randomUUID().slice(0, 6)}`, kind: "buyer" }).returning(["id", "name"]).executeTakeFirstOrThrow();
  otherOrgBuyer = await buyerSideUser(other.id, other.name, "buyer", "other");
});
afterAll(async () => {
  await t?.close();
});

describe("the two-key bid opening", () => {
  let rfpId: string;
  let vendors: BidActor[];

  it("is refused before the deadline, to a vendor and to another organisation; each refusal is audited and nothing else recorded", async () => {
    rfpId = await publishedRfp(t, buyer, `OPEN-${randomUUID().slice(0, 6)}`);
    vendors = await vendorsFor(t, rfpId, 6, "Opening");
    const before = await domainError(startOpening(t.db, rfpId, buyer));
    expect(before.code).toBe("conflict");
    expect(before.message).toMatch(/^Bids can be opened after the deadline, .+ UTC\. It is now .+ UTC by the database clock\.$/);
    expect((await domainError(startOpening(t.db, rfpId, vendors[0]!))).code).toBe("not_found");
    expect((await domainError(confirmOpening(t.db, rfpId, vendors[0]!))).code).toBe("not_found");
    expect((await domainError(startOpening(t.db, rfpId, otherOrgBuyer))).code).toBe("not_found");
    expect((await domainError(getOpeningRegister(t.db, rfpId, otherOrgBuyer))).code).toBe("not_found");
    expect((await domainError(getOpeningRegister(t.db, rfpId, vendors[0]!))).code).toBe("not_found");

    const view = await getOpeningRegister(t.db, rfpId, buyer);
    expect(view).toMatchObject({ stage: "before-deadline", opening: null, register: [], actions: { canStart: false, canConfirm: false } });
    expect(await openingRows(rfpId)).toEqual({ starts: 0, openings: 0, register: 0, decisions: 0 });
    const refused = (await auditActions(rfpId)).filter((a) => a.startsWith("bid.opening-"));
    expect(refused).toEqual(["bid.opening-start-refused", "bid.opening-start-refused", "bid.opening-confirm-refused", "bid.opening-start-refused"]);
  });

  it("writes a register of every bidder: counting version, hashes, withdrawals, late attempts; a tampered content is held out", async () => {
    const [twice, withdrawn, tampered, draftOnly, late, lateOnly] = vendors;
    await saveSample(t, rfpId, twice!, 1.01);
    await submit(t, rfpId, twice!);
    await submit(t, rfpId, twice!);
    await saveSample(t, rfpId, withdrawn!, 0.98);
    await submit(t, rfpId, withdrawn!);
    await withdrawBid(t.db, rfpId, withdrawn!);
    await saveSample(t, rfpId, tampered!, 1.05);
    const tamperedReceipt = await submit(t, rfpId, tampered!);
    await saveSample(t, rfpId, draftOnly!, 1.1);
    await saveSample(t, rfpId, late!, 0.95);
    const lateReceipt = await submit(t, rfpId, late!);
    await saveSample(t, rfpId, lateOnly!, 0.9);

    await closeBids(rfpId);
    // Late attempts, refused by the bid service and audited there.
    expect((await domainError(submit(t, rfpId, late!))).message).toMatch(/^The deadline passed at /);
    expect((await domainError(submit(t, rfpId, lateOnly!))).message).toMatch(/^The deadline passed at /);

    // The content of one stored version is altered behind the application's back.
    await sql`alter table bid_version_contents disable trigger bid_version_contents_immutable`.execute(t.db);
    await sql`
      update bid_version_contents c set content = c.content || '{"planted": "altered after receipt"}'::jsonb
      from bid_versions v join bids b on b.id = v.bid_id
      where c.bid_version_id = v.id and b.rfp_id = ${rfpId} and b.vendor_organisation_id = ${tampered!.organisation.id}`.execute(t.db);
    await sql`alter table bid_version_contents enable trigger bid_version_contents_immutable`.execute(t.db);

    // An evaluator cannot turn the first key.
    const evaluatorStart = await domainError(startOpening(t.db, rfpId, evaluator));
    expect(evaluatorStart).toMatchObject({ code: "forbidden", message: OPENING_MESSAGES.onlyBuyerStarts });
    // Confirming before anyone started: refused.
    expect((await domainError(confirmOpening(t.db, rfpId, evaluator))).message).toBe(OPENING_MESSAGES.notStarted);

    const started = await startOpening(t.db, rfpId, buyer);
    expect(started.startedAt).toBeInstanceOf(Date);
    expect((await domainError(startOpening(t.db, rfpId, secondBuyer))).code).toBe("conflict");
    const same = await domainError(confirmOpening(t.db, rfpId, buyer));
    expect(same).toMatchObject({ code: "forbidden", message: "The opening needs a second person: you started it, so someone else of your organisation must confirm it." });
    expect((await domainError(confirmOpening(t.db, rfpId, otherOrgBuyer))).code).toBe("not_found");
    expect(await openingRows(rfpId)).toEqual({ starts: 1, openings: 0, register: 0, decisions: 0 });
    const waiting = await getOpeningRegister(t.db, rfpId, buyer);
    expect(waiting).toMatchObject({ stage: "started", actions: { canConfirm: false, waitingForSecondPerson: true }, start: { startedByYou: true } });
    expect((await getOpeningRegister(t.db, rfpId, evaluator)).actions).toMatchObject({ canConfirm: true, waitingForSecondPerson: false });
    expect((await getRfpForBuyer(t.db, rfpId, buyer)).state).toBe("closed");

    const confirmed = await confirmOpening(t.db, rfpId, evaluator);
    expect(confirmed.counts).toEqual({ bidders: 4, counted: 2, withdrawn: 1, hashMismatches: 1, lateAttempts: 2 });
    expect(confirmed.registerHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await domainError(confirmOpening(t.db, rfpId, admin))).message).toMatch(/^The bids of this RFP were already opened at /);

    const view = await getOpeningRegister(t.db, rfpId, admin);
    expect(view.stage).toBe("opened");
    expect(view.rfp.state).toBe("opened");
    expect(view.opening).toMatchObject({ registerHash: confirmed.registerHash, registerHashVerified: true, startedBy: "Dana Okafor", openedBy: "Sam Lindqvist" });
    const row = new Map(view.register.map((r) => [r.vendorOrganisationId, r]));
    expect(row.has(draftOnly!.organisation.id)).toBe(false);
    expect(row.get(twice!.organisation.id)).toMatchObject({ status: "counted", versionNumber: 2, heldOut: false, lateAttempts: [] });
    expect(row.get(twice!.organisation.id)!.storedHash).toBe(row.get(twice!.organisation.id)!.recomputedHash);
    expect(row.get(withdrawn!.organisation.id)).toMatchObject({ status: "withdrawn", versionNumber: 1 });
    expect(row.get(withdrawn!.organisation.id)!.withdrawnAt).toBeInstanceOf(Date);
    const mismatch = row.get(tampered!.organisation.id)!;
    expect(mismatch).toMatchObject({ status: "hash-mismatch", heldOut: true, storedHash: tamperedReceipt.contentHash, decision: null });
    expect(mismatch.recomputedHash).not.toBe(tamperedReceipt.contentHash);
    const lateRow = row.get(late!.organisation.id)!;
    expect(lateRow).toMatchObject({ status: "counted", versionNumber: 1, storedHash: lateReceipt.contentHash });
    expect(lateRow.receivedAt!.getTime()).toBe(lateReceipt.receivedAt.getTime());
    expect(lateRow.lateAttempts).toHaveLength(1);
    expect(lateRow.lateAttempts[0]!.reason).toBe("deadline");
    expect(new Date(lateRow.lateAttempts[0]!.at).getTime()).toBeGreaterThanOrEqual(view.rfp.bidsCloseAt!.getTime());
    expect(row.get(lateOnly!.organisation.id)).toMatchObject({ status: "late", versionNumber: null, storedHash: null });
    expect(row.get(lateOnly!.organisation.id)!.lateAttempts).toHaveLength(1);
    expect(view.actions.canDecide).toBe(false); // admins never decide

    // Held out: the evaluation sees the counted bids only, until a buyer decides.
    const admitted = () => listAdmittedBidders(t.db, rfpId).then((list) => list.map((b) => b.vendorOrganisationId).sort());
    expect(await admitted()).toEqual([twice!.organisation.id, late!.organisation.id].sort());

    // The RFP reads as opened everywhere.
    expect((await getRfpForBuyer(t.db, rfpId, buyer)).state).toBe("opened");
    expect((await listRfpsForBuyer(t.db, buyer)).find((r) => r.id === rfpId)?.state).toBe("opened");
    expect((await getRfpForVendor(t.db, rfpId, twice!)).state).toBe("opened");

    const actions = await auditActions(rfpId);
    expect(actions).toContain("bid.opening-started");
    expect(actions).toContain("bid.opening-confirmed");
    expect(actions.filter((a) => a === "bid.opening-register-read")).toHaveLength(1);
    const confirmedRow = await t.db.selectFrom("audit_events").select("data").where("entity_id", "=", rfpId).where("action", "=", "bid.opening-confirmed").executeTakeFirstOrThrow();
    expect(confirmedRow.data).toMatchObject({ counted: 2, withdrawn: 1, hashMismatches: 1, lateAttempts: 2, registerHash: confirmed.registerHash });
  });

  it("lets only a buyer decide on a held-out bid, once, with a reason", async () => {
    const [twice, , tampered] = vendors;
    const id = tampered!.organisation.id;
    expect((await domainError(decideHeldOutBid(t.db, rfpId, id, { decision: "admit", reason: "ok" }, evaluator))).code).toBe("forbidden");
    const noReason = await domainError(decideHeldOutBid(t.db, rfpId, id, { decision: "exclude", reason: "   " }, buyer));
    expect(noReason.code).toBe("invalid");
    expect(noReason.fieldErrors.reason).toEqual(["Give the reason for the decision"]);
    expect((await domainError(decideHeldOutBid(t.db, rfpId, twice!.organisation.id, { decision: "exclude", reason: "no" }, buyer))).message).toBe(OPENING_MESSAGES.notHeldOut);
    expect((await domainError(decideHeldOutBid(t.db, rfpId, randomUUID(), { decision: "admit", reason: "x" }, buyer))).code).toBe("not_found");

    const decided = await decideHeldOutBid(t.db, rfpId, id, { decision: "admit", reason: "The vendor's own copy of the receipt matches; storage fault ruled out." }, secondBuyer);
    expect(decided.decision).toBe("admit");
    expect((await domainError(decideHeldOutBid(t.db, rfpId, id, { decision: "exclude", reason: "changed my mind" }, buyer))).message).toMatch(/^A decision was already recorded/);
    const view = await getOpeningRegister(t.db, rfpId, buyer);
    const row = view.register.find((r) => r.vendorOrganisationId === id)!;
    expect(row).toMatchObject({ heldOut: false, decision: { decision: "admit", decidedBy: "buyer2 person" } });
    expect(view.actions.canDecide).toBe(false);
    expect((await listAdmittedBidders(t.db, rfpId)).map((b) => b.vendorOrganisationId)).toContain(id);
    expect(await openingRows(rfpId)).toMatchObject({ decisions: 1 });
  });

  it("keeps the register, the opening and the decisions immutable", async () => {
    await expect(sql`update bid_opening_register set version_number = 99 where rfp_id = ${rfpId}`.execute(t.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from bid_opening_register where rfp_id = ${rfpId}`.execute(t.db)).rejects.toThrow(/immutable/);
    await expect(sql`update bid_openings set register_hash = 'x' where rfp_id = ${rfpId}`.execute(t.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from bid_opening_starts where rfp_id = ${rfpId}`.execute(t.db)).rejects.toThrow(/immutable/);
    await expect(sql`update bid_opening_decisions set decision = 'exclude' where rfp_id = ${rfpId}`.execute(t.db)).rejects.toThrow(/immutable/);
    expect((await getOpeningRegister(t.db, rfpId, buyer)).opening?.registerHashVerified).toBe(true);
  });

  it("refuses to open a cancelled RFP", async () => {
    const cancelled = await publishedRfp(t, buyer, `OPEN-C-${randomUUID().slice(0, 6)}`);
    const [v] = await vendorsFor(t, cancelled, 1, "Cancelled");
    await saveBidDraft(t.db, cancelled, { expectedVersion: 0, draft: sampleFieldServicesBid() }, v!);
    await submit(t, cancelled, v!);
    await cancelRfp(t.db, cancelled, { reason: "Budget withdrawn." }, buyer);
    await setDeadline(t, cancelled, new Date(Date.now() - 60_000));
    expect((await domainError(startOpening(t.db, cancelled, buyer))).message).toBe(OPENING_MESSAGES.cancelled);
    expect((await getOpeningRegister(t.db, cancelled, buyer)).stage).toBe("cancelled");
    expect(await openingRows(cancelled)).toEqual({ starts: 0, openings: 0, register: 0, decisions: 0 });
    expect(await auditActions(cancelled)).toContain("bid.opening-start-refused");
  });

  it("opens 200 bids with re-hashing in reasonable time", async () => {
    const many = await publishedRfp(t, buyer, `OPEN-200-${randomUUID().slice(0, 6)}`);
    const bidders = await vendorsFor(t, many, 200, "Bulk");
    for (const v of bidders) {
      await saveSample(t, many, v);
      await submit(t, many, v);
    }
    await closeBids(many);
    await startOpening(t.db, many, buyer);
    const started = performance.now();
    const result = await confirmOpening(t.db, many, evaluator);
    const ms = performance.now() - started;
    expect(result.counts.counted).toBe(200);
    console.info(`[${t.driver}] opening of 200 bids (register with re-hashing): ${ms.toFixed(0)} ms`);
  }, 180_000);
});
