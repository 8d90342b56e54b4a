// The recorded events an RFP's state is derived from (app/domain/rfp/state.ts), read for many
// RFPs in one statement: the round-1 opening, the latest BAFO round with its deadline and its
// opening, the live (not cancelled) award's approval and conclusion, the cancellation. Every
// page that shows an RFP's state reads its facts here, so the state is the same everywhere.
import { sql } from "kysely";
import type { RfpClockFacts } from "../../app/domain/rfp/state";
import type { Executor } from "./executor";

interface LifecycleRow {
  id: string;
  published_at: Date | null;
  bids_close_at: Date | null;
  cancelled_at: Date | null;
  round1_opened_at: Date | null;
  bafo_round: number | null;
  bafo_bids_close_at: Date | null;
  bafo_opened_at: Date | null;
  award_approved_at: Date | null;
  award_concluded_at: Date | null;
}

/** The clock facts of each RFP asked for, by RFP id (an unknown id is simply absent). */
export async function readLifecycleFacts(db: Executor, rfpIds: readonly string[]): Promise<Map<string, RfpClockFacts>> {
  const facts = new Map<string, RfpClockFacts>();
  if (rfpIds.length === 0) return facts;
  const { rows } = await sql<LifecycleRow>`
    select r.id, r.published_at, r.bids_close_at, r.cancelled_at,
           o1.opened_at as round1_opened_at,
           br.round as bafo_round, br.bids_close_at as bafo_bids_close_at, bo.opened_at as bafo_opened_at,
           a.approved_at as award_approved_at, a.concluded_at as award_concluded_at
    from rfps r
    left join bid_openings o1 on o1.rfp_id = r.id and o1.round = 1
    left join lateral (
      select x.round, x.bids_close_at from bafo_rounds x where x.rfp_id = r.id order by x.round desc limit 1
    ) br on true
    left join bid_openings bo on bo.rfp_id = r.id and bo.round = br.round
    left join awards a on a.rfp_id = r.id and a.cancelled_at is null
    where r.id in (${sql.join(rfpIds.map((id) => sql`${id}::uuid`))})`.execute(db);
  for (const r of rows) {
    facts.set(r.id, {
      publishedAt: r.published_at,
      bidsCloseAt: r.bids_close_at,
      cancelledAt: r.cancelled_at,
      bidsOpenedAt: r.round1_opened_at,
      bafo: r.bafo_round === null || r.bafo_bids_close_at === null ? null : { round: Number(r.bafo_round), bidsCloseAt: r.bafo_bids_close_at, openedAt: r.bafo_opened_at },
      awardApprovedAt: r.award_approved_at,
      awardConcludedAt: r.award_concluded_at,
    });
  }
  return facts;
}

/** One RFP's facts; the RFP must exist (callers have loaded it). */
export async function readRfpLifecycleFacts(db: Executor, rfpId: string): Promise<RfpClockFacts> {
  const facts = (await readLifecycleFacts(db, [rfpId])).get(rfpId);
  if (!facts) throw new Error(`RFP ${rfpId} has no lifecycle facts: it does not exist`);
  return facts;
}
