// The award of an RFP (migration 0010): at most one live (not cancelled) award per RFP, its
// people's names, and the facts the award use cases check (rounds opened, BAFO rounds, bidders).
// Callers authorise.
import { sql } from "kysely";
import type { Executor } from "./executor";

const AWARD_COLUMNS = [
  "a.id",
  "a.rfp_id",
  "a.round",
  "a.snapshot_id",
  "a.vendor_organisation_id",
  "a.slot_id",
  "a.rationale",
  "a.deviation_reason",
  "a.proposed_at",
  "a.proposed_by",
  "a.approved_at",
  "a.approved_by",
  "a.standstill_ends_at",
  "a.concluded_at",
  "a.concluded_by",
  "a.cancelled_at",
  "a.cancelled_by",
  "a.cancel_reason",
] as const;

function awardsWithNames(db: Executor) {
  return db
    .selectFrom("awards as a")
    .innerJoin("organisations as v", "v.id", "a.vendor_organisation_id")
    .innerJoin("users as pu", "pu.id", "a.proposed_by")
    .leftJoin("users as au", "au.id", "a.approved_by")
    .leftJoin("users as cu", "cu.id", "a.concluded_by")
    .leftJoin("users as xu", "xu.id", "a.cancelled_by")
    .innerJoin("evaluation_snapshots as s", "s.id", "a.snapshot_id")
    .select(AWARD_COLUMNS)
    .select(["v.name as vendor_name", "pu.name as proposed_by_name", "au.name as approved_by_name", "cu.name as concluded_by_name", "xu.name as cancelled_by_name", "s.input_hash as snapshot_input_hash"]);
}

export type AwardRow = NonNullable<Awaited<ReturnType<typeof findLiveAward>>>;

/** The RFP's live (not cancelled) award, with names. */
export async function findLiveAward(db: Executor, rfpId: string) {
  return awardsWithNames(db).where("a.rfp_id", "=", rfpId).where("a.cancelled_at", "is", null).executeTakeFirst();
}

/** The organisation's proposed awards waiting for a second person: newest first, with the RFP and who proposed them. */
/** The organisation's proposed awards waiting for a second person: newest first, with the RFP and who proposed them. */
export async function listAwardsAwaitingApproval(db: Executor, buyerOrganisationId: string) {
  return awardsAwaitingApproval(db, buyerOrganisationId).execute();
}

/** The organisation's proposed awards not yet approved, newest first, read in the dashboard's one statement (overview.ts). */
export function awardsAwaitingApproval(db: Executor, buyerOrganisationId: string) {
  return db
    .selectFrom("awards as a")
    .innerJoin("rfps as r", "r.id", "a.rfp_id")
    .innerJoin("organisations as v", "v.id", "a.vendor_organisation_id")
    .innerJoin("users as pu", "pu.id", "a.proposed_by")
    .select(["a.rfp_id", "r.reference", "r.title", "v.name as vendor_name", "a.proposed_at", "a.proposed_by", "pu.name as proposed_by_name"])
    .where("r.buyer_organisation_id", "=", buyerOrganisationId)
    .where("a.approved_at", "is", null)
    .where("a.cancelled_at", "is", null)
    .orderBy("a.proposed_at", "desc");
}

/** The live award locked for the rest of the transaction (approve, conclude, cancel serialise on it). */
export async function lockLiveAward(db: Executor, rfpId: string) {
  return db.selectFrom("awards as a").select(AWARD_COLUMNS).where("a.rfp_id", "=", rfpId).where("a.cancelled_at", "is", null).forUpdate().executeTakeFirst();
}

/** The newest cancelled award (shown on the award page after a cancellation). */
export async function findLatestCancelledAward(db: Executor, rfpId: string) {
  return awardsWithNames(db).where("a.rfp_id", "=", rfpId).where("a.cancelled_at", "is not", null).orderBy("a.cancelled_at", "desc").limit(1).executeTakeFirst();
}

export async function insertAward(
  db: Executor,
  values: { rfpId: string; round: number; snapshotId: string; vendorOrganisationId: string; slotId: string; rationale: string; deviationReason: string | null; proposedBy: string },
) {
  return db
    .insertInto("awards")
    .values({
      rfp_id: values.rfpId,
      round: values.round,
      snapshot_id: values.snapshotId,
      vendor_organisation_id: values.vendorOrganisationId,
      slot_id: values.slotId,
      rationale: values.rationale,
      deviation_reason: values.deviationReason,
      proposed_by: values.proposedBy,
    })
    .returning(["id", "proposed_at"])
    .executeTakeFirstOrThrow();
}

export async function approveAwardRow(db: Executor, awardId: string, values: { approvedBy: string; approvedAt: Date; standstillEndsAt: Date }) {
  await db
    .updateTable("awards")
    .set({ approved_by: values.approvedBy, approved_at: values.approvedAt, standstill_ends_at: values.standstillEndsAt })
    .where("id", "=", awardId)
    .execute();
}

export async function concludeAwardRow(db: Executor, awardId: string, values: { concludedBy: string; concludedAt: Date }) {
  await db.updateTable("awards").set({ concluded_by: values.concludedBy, concluded_at: values.concludedAt }).where("id", "=", awardId).execute();
}

export async function cancelAwardRow(db: Executor, awardId: string, values: { cancelledBy: string; cancelledAt: Date; reason: string }) {
  await db.updateTable("awards").set({ cancelled_by: values.cancelledBy, cancelled_at: values.cancelledAt, cancel_reason: values.reason }).where("id", "=", awardId).execute();
}

export async function setStandstillDays(db: Executor, rfpId: string, days: number) {
  await db.updateTable("rfps").set({ standstill_days: days }).where("id", "=", rfpId).execute();
}

/**
 * The newest snapshot of the highest round in which the vendor's bundles were evaluated (a vendor
 * not shortlisted for a BAFO round is compared in the last round it took part in).
 */
export async function findNewestSnapshotWithVendor(db: Executor, rfpId: string, vendorId: string) {
  return db
    .selectFrom("evaluation_snapshots as s")
    .select(["s.id", "s.input_hash", "s.round"])
    .where("s.rfp_id", "=", rfpId)
    .where((eb) => eb.exists(eb.selectFrom("evaluation_snapshot_bundles as b").select("b.slot_id").whereRef("b.snapshot_id", "=", "s.id").where("b.vendor_id", "=", vendorId)))
    .orderBy("s.round", "desc")
    .orderBy("s.created_at", "desc")
    .orderBy("s.id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The vendor organisations counted in any round's opening register of the RFP (its bidders). */
export async function listBidderOrganisations(db: Executor, rfpId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom("bid_opening_register as r")
    .innerJoin("organisations as o", "o.id", "r.vendor_organisation_id")
    .select(["o.id", "o.name"])
    .distinct()
    .where("r.rfp_id", "=", rfpId)
    .where("r.status", "in", ["counted", "hash-mismatch"])
    .orderBy("o.name")
    .orderBy("o.id")
    .execute();
}

/** Whether the vendor's bid was counted in any round's opening register. */
export async function isBidder(db: Executor, rfpId: string, vendorOrganisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom("bid_opening_register")
    .select("rfp_id")
    .where("rfp_id", "=", rfpId)
    .where("vendor_organisation_id", "=", vendorOrganisationId)
    .where("status", "in", ["counted", "hash-mismatch"])
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/** Buyers and administrators of an organisation (who may approve an award), with their addresses. */
export async function listAwardPeople(db: Executor, organisationId: string): Promise<{ id: string; email: string; name: string }[]> {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name"])
    .distinct()
    .where("m.organisation_id", "=", organisationId)
    .where("m.role", "in", ["buyer", "admin"])
    .where("u.disabled_at", "is", null)
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
}

export async function findOrganisationName(db: Executor, id: string): Promise<string> {
  const row = await db.selectFrom("organisations").select("name").where("id", "=", id).executeTakeFirst();
  return row?.name ?? "";
}

/** One vendor's bundles in a snapshot's projection, in slot order (a debrief reads only these and the winner's). */
export async function listVendorSnapshotBundles(db: Executor, snapshotId: string, vendorId: string) {
  return db
    .selectFrom("evaluation_snapshot_bundles as b")
    .select(["b.slot_id", "b.slot_name", "b.slot_position", "b.vendor_name", "b.rank", "b.total", "b.evaluated_price_minor", "b.passes_gates", "b.best_of_vendor", "b.gate_failures", "b.points", "b.detail"])
    .where("b.snapshot_id", "=", snapshotId)
    .where("b.vendor_id", "=", vendorId)
    .orderBy("b.slot_position")
    .execute();
}

/**
 * The term sheet and one bundle's issue values from a snapshot's input (the exact text the engine
 * ran on), read with PostgreSQL's JSON functions so the winner's page gets one bundle, not the
 * whole round. undefined when the snapshot has no such bundle.
 */
export async function findSnapshotBundleTerms(db: Executor, snapshotId: string, vendorId: string, slotId: string): Promise<{ issues: unknown; values: unknown } | undefined> {
  const { rows } = await sql<{ issues: unknown; values: unknown }>`
    select r.input -> 'issues' as issues,
           (select b -> 'values'
              from jsonb_array_elements(r.input -> 'vendors') v
              cross join lateral jsonb_array_elements(v -> 'bundles') b
             where v ->> 'id' = ${vendorId} and b ->> 'slotId' = ${slotId}
             limit 1) as values
    from (select input_json::jsonb as input from evaluation_snapshots where id = ${snapshotId}::uuid) r`.execute(db);
  const row = rows[0];
  if (!row || row.values === null || row.values === undefined) return undefined;
  const parsed = (x: unknown) => (typeof x === "string" ? (JSON.parse(x) as unknown) : x);
  return { issues: parsed(row.issues), values: parsed(row.values) };
}
