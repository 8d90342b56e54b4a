// BAFO rounds (round N ≥ 2 of an RFP): the round's deadline, its shortlist with the buyer's
// reasons and the conditional asks. No bid content here (that is sealed-bids.ts).
import { sql } from "kysely";
import type { Executor } from "./executor";

/** The latest BAFO round of the RFP, or undefined when it never had one. */
export async function findLatestBafoRound(db: Executor, rfpId: string) {
  return db.selectFrom("bafo_rounds").selectAll().where("rfp_id", "=", rfpId).orderBy("round", "desc").limit(1).executeTakeFirst();
}

export async function findBafoRound(db: Executor, rfpId: string, round: number) {
  return db.selectFrom("bafo_rounds").selectAll().where("rfp_id", "=", rfpId).where("round", "=", round).executeTakeFirst();
}

/** The newest round with a confirmed opening, or null when no round was opened. */
export async function findLatestOpenedRound(db: Executor, rfpId: string): Promise<number | null> {
  const row = await db.selectFrom("bid_openings").select((eb) => eb.fn.max<number>("round").as("n")).where("rfp_id", "=", rfpId).executeTakeFirst();
  return row?.n === null || row?.n === undefined ? null : Number(row.n);
}

/** Every round of the RFP with a confirmed opening, oldest first. */
export async function listOpenedRounds(db: Executor, rfpId: string): Promise<number[]> {
  const rows = await db.selectFrom("bid_openings").select("round").where("rfp_id", "=", rfpId).orderBy("round").execute();
  return rows.map((r) => Number(r.round));
}

export async function insertBafoRound(db: Executor, values: { rfpId: string; round: number; bidsCloseAt: Date; note: string; createdBy: string }): Promise<void> {
  await db.insertInto("bafo_rounds").values({ rfp_id: values.rfpId, round: values.round, bids_close_at: values.bidsCloseAt, note: values.note, created_by: values.createdBy }).execute();
}

export async function insertShortlist(db: Executor, rfpId: string, round: number, entries: readonly { vendorOrganisationId: string; reason: string }[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto("bafo_shortlist")
    .values(entries.map((e) => ({ rfp_id: rfpId, round, vendor_organisation_id: e.vendorOrganisationId, reason: e.reason })))
    .execute();
}

export async function insertAsk(
  db: Executor,
  values: { rfpId: string; round: number; vendorOrganisationId: string; ifWe: string; couldYou: string; source: "suggestion" | "free"; suggestion: unknown; createdBy: string },
): Promise<void> {
  await db
    .insertInto("bafo_asks")
    .values({
      rfp_id: values.rfpId,
      round: values.round,
      vendor_organisation_id: values.vendorOrganisationId,
      if_we: values.ifWe,
      could_you: values.couldYou,
      source: values.source,
      suggestion: values.suggestion === null || values.suggestion === undefined ? null : JSON.stringify(values.suggestion),
      created_by: values.createdBy,
    })
    .execute();
}

/** The round's shortlist with vendor names, by name. */
export async function listShortlist(db: Executor, rfpId: string, round: number) {
  return db
    .selectFrom("bafo_shortlist as s")
    .innerJoin("organisations as o", "o.id", "s.vendor_organisation_id")
    .select(["s.vendor_organisation_id", "o.name as vendor_name", "s.reason"])
    .where("s.rfp_id", "=", rfpId)
    .where("s.round", "=", round)
    .orderBy("o.name")
    .execute();
}

export async function isShortlisted(db: Executor, rfpId: string, round: number, vendorOrganisationId: string): Promise<boolean> {
  const row = await db.selectFrom("bafo_shortlist").select("round").where("rfp_id", "=", rfpId).where("round", "=", round).where("vendor_organisation_id", "=", vendorOrganisationId).executeTakeFirst();
  return Boolean(row);
}

/** The asks of a round (optionally one vendor's), oldest first. */
export async function listAsks(db: Executor, rfpId: string, round?: number, vendorOrganisationId?: string) {
  let query = db
    .selectFrom("bafo_asks as a")
    .innerJoin("organisations as o", "o.id", "a.vendor_organisation_id")
    .select(["a.id", "a.round", "a.vendor_organisation_id", "o.name as vendor_name", "a.if_we", "a.could_you", "a.source", "a.suggestion", "a.created_at"])
    .where("a.rfp_id", "=", rfpId);
  if (round !== undefined) query = query.where("a.round", "=", round);
  if (vendorOrganisationId !== undefined) query = query.where("a.vendor_organisation_id", "=", vendorOrganisationId);
  return query.orderBy("a.round").orderBy("a.created_at").orderBy("a.id").execute();
}

/**
 * Copies the previous round's evaluator scores and moderations of the given bundles into the
 * BAFO round (bundles the vendor left exactly as they were); returns the score rows copied.
 */
export async function copyRoundScores(db: Executor, rfpId: string, fromRound: number, toRound: number, bundles: readonly { vendorOrganisationId: string; slotId: string }[]): Promise<number> {
  if (bundles.length === 0) return 0;
  const keys = sql.join(bundles.map((b) => sql`(${b.vendorOrganisationId}::uuid, ${b.slotId}::text)`));
  const scores = await sql`
    insert into evaluator_scores (rfp_id, round, user_id, vendor_organisation_id, slot_id, criterion_id, score_halves, justification, updated_at, submitted_at)
    select rfp_id, ${toRound}, user_id, vendor_organisation_id, slot_id, criterion_id, score_halves, justification, updated_at, submitted_at
    from evaluator_scores
    where rfp_id = ${rfpId} and round = ${fromRound} and (vendor_organisation_id, slot_id) in (${keys})
    on conflict do nothing`.execute(db);
  await sql`
    insert into score_moderations (rfp_id, round, vendor_organisation_id, slot_id, criterion_id, value_halves, reason, version, moderated_at, moderated_by)
    select rfp_id, ${toRound}, vendor_organisation_id, slot_id, criterion_id, value_halves, reason, version, moderated_at, moderated_by
    from score_moderations
    where rfp_id = ${rfpId} and round = ${fromRound} and (vendor_organisation_id, slot_id) in (${keys})
    on conflict do nothing`.execute(db);
  return Number(scores.numAffectedRows ?? 0);
}

/** Whether the RFP has an award that is not cancelled (proposed, approved or concluded). */
export async function hasLiveAward(db: Executor, rfpId: string): Promise<boolean> {
  const row = await db.selectFrom("awards").select("id").where("rfp_id", "=", rfpId).where("cancelled_at", "is", null).executeTakeFirst();
  return Boolean(row);
}
