// Demo-only facts the services rightly refuse (a deadline in the past): the demo seed closes
// an RFP it has just filled with bids, so a new user sees evaluations at once. Never used by
// a page, an API or a test of the rules.
import { sql } from "kysely";
import type { Executor } from "./executor";

/** Moves the deadline (and the questions' close) to the database clock now: bids are closed. */
export async function closeBidsNow(db: Executor, rfpId: string): Promise<void> {
  await sql`update rfps set bids_close_at = clock_timestamp(), questions_close_at = least(questions_close_at, clock_timestamp()) where id = ${rfpId}`.execute(db);
}

/** The same for a BAFO round: its deadline moves to the database clock now. */
export async function closeBafoRoundNow(db: Executor, rfpId: string, round: number): Promise<void> {
  await sql`update bafo_rounds set bids_close_at = clock_timestamp() where rfp_id = ${rfpId} and round = ${round}`.execute(db);
}
