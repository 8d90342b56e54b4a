// The recorded events an RFP's state is derived from (app/domain/rfp/state.ts), read for many
// RFPs in one statement: the round-1 opening, the latest BAFO round with its deadline and its
// opening, the live (not cancelled) award's approval and conclusion, the cancellation. Every
// page that shows an RFP's state reads its facts here, so the state is the same everywhere.
import { sql } from "kysely";
import { liveAward, type RfpProgress } from "../../app/domain/rfp/next-step";
import type { RfpClockFacts } from "../../app/domain/rfp/state";
import { PREPARED } from "../client";
import type { Executor } from "./executor";
import type { RfpRow } from "./rfps";

export interface LifecycleRow {
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
  /** The live award's proposal (it stays proposed until approved), where AWARD_PROPOSED_COLUMN is read: the buyer side's badge says so. */
  award_proposed_at?: Date | null;
}

/** The joins that give an RFP's clock facts (the row `r` is the RFP); shared by the reads below. */
export const FACT_COLUMNS = sql`o1.opened_at as round1_opened_at,
           br.round as bafo_round, br.bids_close_at as bafo_bids_close_at, bo.opened_at as bafo_opened_at,
           a.approved_at as award_approved_at, a.concluded_at as award_concluded_at`;
/** The live award's proposal beside FACT_COLUMNS (the same joins), for the reads that show the buyer side's badge. */
export const AWARD_PROPOSED_COLUMN = sql`a.proposed_at as award_proposed_at`;
export const FACT_JOINS = sql`left join bid_openings o1 on o1.rfp_id = r.id and o1.round = 1
    left join lateral (
      select x.round, x.bids_close_at from bafo_rounds x where x.rfp_id = r.id order by x.round desc limit 1
    ) br on true
    left join bid_openings bo on bo.rfp_id = r.id and bo.round = br.round
    left join awards a on a.rfp_id = r.id and a.cancelled_at is null`;

/**
 * Where the newest round's evaluation and the live award stand, beside FACT_COLUMNS (the same
 * joins: `br` the newest BAFO round, `a` the live award): for the overview's and the list's next step.
 */
export const PROGRESS_COLUMNS = sql`(select e.action from score_lock_events e where e.rfp_id = r.id and e.round = coalesce(br.round, 1) order by e.id desc limit 1) as x_lock_action,
           (select count(*) from evaluation_snapshots s where s.rfp_id = r.id and s.round = coalesce(br.round, 1)) as x_runs,
           (select v.name from organisations v where v.id = a.vendor_organisation_id) as x_award_vendor, a.standstill_ends_at as x_standstill_ends_at,
           (select json_build_object('at', s.started_at, 'byId', s.started_by, 'byName', u.name) from bid_opening_starts s join users u on u.id = s.started_by
              where s.rfp_id = r.id and s.round = coalesce(br.round, 1)
                and not exists (select 1 from bid_opening_start_withdrawals w where w.rfp_id = s.rfp_id and w.round = s.round and w.attempt = s.attempt)
                and not exists (select 1 from bid_openings o where o.rfp_id = s.rfp_id and o.round = s.round)
              order by s.attempt desc limit 1) as x_opening_start`;

export interface ProgressRow {
  x_lock_action: "lock" | "unlock" | null;
  x_runs: number | string;
  x_award_vendor: string | null;
  x_standstill_ends_at: Date | null;
  /** The newest round's started, unconfirmed and not withdrawn opening (bid-openings.ts's PENDING), as JSON. */
  x_opening_start: { at: string; byId: string; byName: string } | string | null;
}

export function progressOf(r: ProgressRow & Pick<LifecycleRow, "award_approved_at" | "award_concluded_at">): RfpProgress {
  return {
    scoresLocked: r.x_lock_action === "lock",
    runs: Number(r.x_runs ?? 0),
    award: liveAward(r.x_award_vendor, { approvedAt: r.award_approved_at, concludedAt: r.award_concluded_at, standstillEndsAt: r.x_standstill_ends_at }),
    openingStart: openingStartOf(r.x_opening_start),
  };
}

function openingStartOf(value: ProgressRow["x_opening_start"]): RfpProgress["openingStart"] {
  if (value === null || value === undefined) return null;
  const start = typeof value === "string" ? (JSON.parse(value) as { at: string; byId: string; byName: string }) : value;
  return { at: new Date(start.at), startedById: start.byId, startedByName: start.byName };
}

export function factsOf(r: Omit<LifecycleRow, "id">): RfpClockFacts {
  return {
    publishedAt: r.published_at,
    bidsCloseAt: r.bids_close_at,
    cancelledAt: r.cancelled_at,
    bidsOpenedAt: r.round1_opened_at,
    bafo: r.bafo_round === null || r.bafo_bids_close_at === null ? null : { round: Number(r.bafo_round), bidsCloseAt: r.bafo_bids_close_at, openedAt: r.bafo_opened_at },
    awardApprovedAt: r.award_approved_at,
    awardConcludedAt: r.award_concluded_at,
    awardProposedAt: r.award_proposed_at ?? null,
  };
}

/** The clock facts of each RFP asked for, by RFP id (an unknown id is simply absent). */
export async function readLifecycleFacts(db: Executor, rfpIds: readonly string[]): Promise<Map<string, RfpClockFacts>> {
  const facts = new Map<string, RfpClockFacts>();
  if (rfpIds.length === 0) return facts;
  const { rows } = await sql<LifecycleRow>`
    select r.id, r.published_at, r.bids_close_at, r.cancelled_at, ${FACT_COLUMNS}
    from rfps r
    ${FACT_JOINS}
    where r.id in (${sql.join(rfpIds.map((id) => sql`${id}::uuid`))})`.execute(db);
  for (const r of rows) facts.set(r.id, factsOf(r));
  return facts;
}

/**
 * An organisation's RFPs for its list (newest first) with their invitations, unanswered
 * questions, clock facts, where the newest round's evaluation and the live award stand, and the
 * database clock, in one statement.
 */
export async function listOrganisationRfpsWithFacts(db: Executor, organisationId: string) {
  const { rows } = await sql<
    Pick<RfpRow, "id" | "title" | "reference" | "bids_close_at" | "questions_close_at" | "published_at" | "cancelled_at" | "is_public" | "updated_at"> &
      Omit<LifecycleRow, "id" | "published_at" | "bids_close_at" | "cancelled_at"> &
      ProgressRow & { invitation_count: number | string; unanswered_questions: number | string; x_now: Date }
  >`${sql.raw(PREPARED)}
    select r.id, r.title, r.reference, r.bids_close_at, r.questions_close_at, r.published_at, r.cancelled_at, r.is_public, r.updated_at,
           (select count(*) from rfp_invitations i where i.rfp_id = r.id) as invitation_count,
           (select count(*) from rfp_questions q where q.rfp_id = r.id and q.answer is null) as unanswered_questions,
           now() as x_now, ${FACT_COLUMNS}, ${PROGRESS_COLUMNS}
    from rfps r
    ${FACT_JOINS}
    where r.buyer_organisation_id = ${organisationId}::uuid
    order by r.created_at desc`.execute(db);
  return rows.map((r) => ({ ...r, facts: factsOf(r), progress: progressOf(r) }));
}

/** What the RFP workspace reads on every tab, beside the RFP's own row. */
export interface RfpWorkspaceFacts {
  /** The database clock. */
  now: Date;
  facts: RfpClockFacts;
  /** The latest round with a BAFO row, else 1 (bafo/rounds.server.ts's currentRound). */
  currentRound: number;
  /** Whether the user sits on the RFP's evaluation panel. */
  onPanel: boolean;
  /** The RFP's invitations; only counted while it is unpublished (the publish check needs them), else null. */
  invitationCount: number | null;
}

/**
 * The RFP workspace's read in one statement: the RFP row (whatever its organisation: the
 * caller checks), the database clock, its clock facts (as readLifecycleFacts), the current
 * round, the user's panel seat and, for an unpublished RFP, its number of invitations.
 * Undefined when there is no such RFP.
 */
export async function readRfpWorkspaceRow(db: Executor, rfpId: string, userId: string): Promise<{ row: RfpRow; workspace: RfpWorkspaceFacts } | undefined> {
  const { rows } = await sql<RfpRow & Omit<LifecycleRow, "id" | "published_at" | "bids_close_at" | "cancelled_at"> & { x_now: Date; x_on_panel: boolean; x_invitation_count: number | string | null }>`${sql.raw(PREPARED)}
    select r.*, now() as x_now, ${FACT_COLUMNS}, ${AWARD_PROPOSED_COLUMN},
           exists (select 1 from rfp_panel_members p where p.rfp_id = r.id and p.user_id = ${userId}::uuid) as x_on_panel,
           case when r.published_at is null then (select count(*) from rfp_invitations i where i.rfp_id = r.id) end as x_invitation_count
    from rfps r
    ${FACT_JOINS}
    where r.id = ${rfpId}::uuid`.execute(db);
  const found = rows[0];
  if (!found) return undefined;
  const { x_now, x_on_panel, x_invitation_count, round1_opened_at, bafo_round, bafo_bids_close_at, bafo_opened_at, award_approved_at, award_concluded_at, award_proposed_at, ...row } = found;
  const facts = factsOf({ published_at: row.published_at, bids_close_at: row.bids_close_at, cancelled_at: row.cancelled_at, round1_opened_at, bafo_round, bafo_bids_close_at, bafo_opened_at, award_approved_at, award_concluded_at, award_proposed_at });
  return {
    row,
    workspace: {
      now: x_now,
      facts,
      currentRound: bafo_round === null ? 1 : Number(bafo_round),
      onPanel: Boolean(x_on_panel),
      invitationCount: x_invitation_count === null ? null : Number(x_invitation_count),
    },
  };
}

/** One RFP's facts; the RFP must exist (callers have loaded it). */
export async function readRfpLifecycleFacts(db: Executor, rfpId: string): Promise<RfpClockFacts> {
  const facts = (await readLifecycleFacts(db, [rfpId])).get(rfpId);
  if (!facts) throw new Error(`RFP ${rfpId} has no lifecycle facts: it does not exist`);
  return facts;
}
