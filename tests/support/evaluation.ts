// Shortcuts for the evaluation tests: an opening recorded directly by SQL (what the two-key
// opening records), panels and declarations, until the tests need the real opening.
import { sql } from "kysely";
import type { TestDatabase } from "./database";

/**
 * Moves the deadline 1 s into the past (database clock), records the opening of round 1 and a
 * 'counted' register row for every vendor whose last submitted version is not withdrawn.
 */
export async function openBidsBySql(t: TestDatabase, rfpId: string, buyerUserId: string): Promise<void> {
  await sql`update rfps set bids_close_at = clock_timestamp() - interval '1 second' where id = ${rfpId}`.execute(t.db);
  await t.db.insertInto("bid_openings").values({ rfp_id: rfpId, opened_by: buyerUserId, started_by: buyerUserId, started_at: new Date() }).execute();
  const { rows } = await sql<{ vendor_organisation_id: string; vendor_name: string; version_number: number; received_at: Date; content_hash: string }>`
    select b.vendor_organisation_id, o.name as vendor_name, v.version_number, v.received_at, v.content_hash
    from bids b
    join organisations o on o.id = b.vendor_organisation_id
    join bid_versions v on v.bid_id = b.id and v.version_number = (select max(l.version_number) from bid_versions l where l.bid_id = b.id)
    where b.rfp_id = ${rfpId} and b.round = 1
      and not exists (select 1 from bid_withdrawals w where w.bid_id = b.id and w.withdrawn_version >= v.version_number)`.execute(t.db);
  for (const r of rows) {
    await t.db
      .insertInto("bid_opening_register")
      .values({
        rfp_id: rfpId,
        vendor_organisation_id: r.vendor_organisation_id,
        vendor_name: r.vendor_name,
        status: "counted",
        version_number: Number(r.version_number),
        received_at: r.received_at,
        stored_hash: r.content_hash,
        recomputed_hash: r.content_hash,
      })
      .execute();
  }
}

/** A 'lock' event for the round's scores, as the chair's lock records it. */
export async function lockScoresBySql(t: TestDatabase, rfpId: string, byUserId: string): Promise<void> {
  await t.db.insertInto("score_lock_events").values({ rfp_id: rfpId, action: "lock", by_user_id: byUserId }).execute();
}
