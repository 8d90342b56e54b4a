// Shortcuts for the bid tests: a published field-services RFP, many vendor organisations
// without password hashing, deadlines moved by SQL (the services refuse past deadlines).
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { ensureParticipant } from "../../db/queries/rfp-vendors";
import { saveConfidentialSchema } from "~/domain/rfp/sections";
import { sampleFieldServicesBid } from "~/domain/bids/sample";
import { saveBidDraft, submitBid, type BidActor } from "~/services/bids/index.server";
import { inviteVendors, publishRfp, saveRfpConfidential, type RfpActor } from "~/services/rfps/index.server";
import type { TestDatabase } from "./database";
import { readyDraft } from "./rfp";

export async function publishedRfp(t: TestDatabase, buyer: RfpActor, reference: string): Promise<string> {
  const draft = await readyDraft(t, buyer, "field-services", reference);
  const { version } = await saveRfpConfidential(t.db, draft.id, saveConfidentialSchema.parse({ expectedVersion: draft.version, reservationPriceMinor: 500_000_000 }), buyer);
  // Publishing needs someone to bid: one invitation; the test vendors join directly.
  await inviteVendors(t.db, draft.id, { emails: [`invitee-${reference.toLowerCase()}@bench.test`] }, buyer);
  await publishRfp(t.db, draft.id, { expectedVersion: version }, buyer);
  return draft.id;
}

/** `n` vendor organisations with one user each, participating in the RFP. */
export async function vendorsFor(t: TestDatabase, rfpId: string, n: number, prefix = "Vendor"): Promise<BidActor[]> {
  const actors: BidActor[] = [];
  for (let i = 0; i < n; i++) {
    const tag = randomUUID().slice(0, 8);
    const org = await t.db.insertInto("organisations").values({ name: `${prefix} ${i} ${tag}`, kind: "vendor" }).returning(["id", "name"]).executeTakeFirstOrThrow();
    const user = await t.db.insertInto("users").values({ email: `v${i}-${tag}@bench.test`, name: `V ${i}`, password_hash: "x" }).returning(["id", "email"]).executeTakeFirstOrThrow();
    await t.db.insertInto("memberships").values({ user_id: user.id, organisation_id: org.id, role: "vendor" }).execute();
    await ensureParticipant(t.db, rfpId, org.id, "invitation");
    actors.push({ id: user.id, email: user.email, organisation: { id: org.id, name: org.name, kind: "vendor" }, roles: ["vendor"], ip: "198.51.100.7" });
  }
  return actors;
}

export async function setDeadline(t: TestDatabase, rfpId: string, at: Date | string): Promise<void> {
  await t.db.updateTable("rfps").set({ bids_close_at: at }).where("id", "=", rfpId).execute();
}

/** Sets the deadline `ms` after the database's own clock (test process and server may differ). */
export async function deadlineIn(t: TestDatabase, rfpId: string, ms: number): Promise<Date> {
  const { rows } = await sql<{ at: Date }>`update rfps set bids_close_at = clock_timestamp() + make_interval(secs => ${ms / 1000}) where id = ${rfpId} returning bids_close_at as at`.execute(t.db);
  return rows[0]!.at;
}

export async function saveSample(t: TestDatabase, rfpId: string, vendor: BidActor, priceFactor = 1, expectedVersion = 0) {
  return saveBidDraft(t.db, rfpId, { expectedVersion, draft: sampleFieldServicesBid(priceFactor) }, vendor);
}

export function submit(t: TestDatabase, rfpId: string, vendor: BidActor, key = randomUUID()) {
  return submitBid(t.db, rfpId, { idempotencyKey: key }, vendor);
}
