// Demo-only facts the services rightly refuse (a deadline in the past): the demo seed closes
// an RFP it has just filled with bids, so a new user sees evaluations at once. Never used by
// a page, an API or a test of the rules.
//
// The messages the demo queued while the RFP was open name the deadline they were sent with; a
// deadline moved here is renamed in them too, so the demo's mailbox agrees with its RFPs (the
// lines are the ones invitationNotice and the BAFO round's notice write).
import { sql } from "kysely";
import { formatInstant } from "../../app/domain/rfp/format";
import type { Executor } from "./executor";

/** Moves the deadline (and the questions' close) to the database clock now: bids are closed. */
export async function closeBidsNow(db: Executor, rfpId: string): Promise<void> {
  const { rows } = await sql<{ before: Date | null; after: Date }>`
    update rfps r set bids_close_at = clock_timestamp(), questions_close_at = least(r.questions_close_at, clock_timestamp())
    from rfps old where r.id = ${rfpId} and old.id = r.id
    returning old.bids_close_at as before, r.bids_close_at as after`.execute(db);
  const moved = rows[0];
  if (moved?.before) await renameInNotices(db, rfpId, "rfp.invitation", `Bids close on ${formatInstant(moved.before)}.`, `Bids close on ${formatInstant(moved.after)}.`);
}

/** The same for a BAFO round: its deadline moves to the database clock now. */
export async function closeBafoRoundNow(db: Executor, rfpId: string, round: number): Promise<void> {
  const { rows } = await sql<{ before: Date; after: Date }>`
    update bafo_rounds b set bids_close_at = clock_timestamp()
    from bafo_rounds old where b.rfp_id = ${rfpId} and b.round = ${round} and old.rfp_id = b.rfp_id and old.round = b.round
    returning old.bids_close_at as before, b.bids_close_at as after`.execute(db);
  const moved = rows[0];
  if (moved) await renameInNotices(db, rfpId, "bafo.shortlisted", `Before ${formatInstant(moved.before)},`, `Before ${formatInstant(moved.after)},`);
}

async function renameInNotices(db: Executor, rfpId: string, kind: string, from: string, to: string): Promise<void> {
  await sql`update notification_outbox set body = replace(body, ${from}, ${to}) where rfp_id = ${rfpId} and kind = ${kind}`.execute(db);
}
