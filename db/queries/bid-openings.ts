// The bid opening: its first key (a start, which its starter or an administrator may withdraw
// before the confirmation), the confirmed opening (the row that breaks the seal), the immutable register, the buyer's decisions on held-out bids, and the refused late
// submissions the register lists (read from the audit trail). No bid content here: the
// opening's content reader lives in sealed-bids.ts.
import { sql } from "kysely";
import type { Role } from "../../app/domain/permissions";
import type { RfpClockFacts } from "../../app/domain/rfp/state";
import { PREPARED } from "../client";
import type { Executor } from "./executor";
import { dateOf, dateOrNull } from "./json-rows";
import { FACT_COLUMNS, FACT_JOINS, factsOf, type LifecycleRow } from "./rfp-lifecycle";

/** Not withdrawn: the start whose attempt has no withdrawal row (at most one per round, by trigger). */
const PENDING = sql<boolean>`not exists (select 1 from bid_opening_start_withdrawals w where w.rfp_id = s.rfp_id and w.round = s.round and w.attempt = s.attempt)`;

/** The pending start of a round (the first key turned, not withdrawn), or undefined. */
export async function findOpeningStart(db: Executor, rfpId: string, round = 1) {
  return db
    .selectFrom("bid_opening_starts as s")
    .innerJoin("users as u", "u.id", "s.started_by")
    .select(["s.attempt", "s.started_at", "s.started_by", "u.name as started_by_name", "u.email as started_by_email"])
    .where("s.rfp_id", "=", rfpId)
    .where("s.round", "=", round)
    .where(PENDING)
    .executeTakeFirst();
}

/** The next attempt is numbered after every earlier one of the round, withdrawn or not. */
export async function insertOpeningStart(db: Executor, values: { rfpId: string; round: number; startedBy: string; startedAt: Date }): Promise<{ attempt: number }> {
  return db
    .insertInto("bid_opening_starts")
    .values({
      rfp_id: values.rfpId,
      round: values.round,
      attempt: sql<number>`(select coalesce(max(x.attempt), 0) + 1 from bid_opening_starts x where x.rfp_id = ${values.rfpId} and x.round = ${values.round})`,
      started_by: values.startedBy,
      started_at: values.startedAt,
    })
    .returning("attempt")
    .executeTakeFirstOrThrow();
}

/** The round's newest withdrawn start, with who started and who withdrew it, or undefined. */
export async function findLatestStartWithdrawal(db: Executor, rfpId: string, round = 1) {
  return db
    .selectFrom("bid_opening_start_withdrawals as w")
    .innerJoin("bid_opening_starts as s", (j) => j.onRef("s.rfp_id", "=", "w.rfp_id").onRef("s.round", "=", "w.round").onRef("s.attempt", "=", "w.attempt"))
    .innerJoin("users as starter", "starter.id", "s.started_by")
    .innerJoin("users as withdrawer", "withdrawer.id", "w.withdrawn_by")
    .select(["w.attempt", "s.started_at", "s.started_by", "starter.name as started_by_name", "w.withdrawn_at", "w.withdrawn_by", "withdrawer.name as withdrawn_by_name", "w.reason"])
    .where("w.rfp_id", "=", rfpId)
    .where("w.round", "=", round)
    .orderBy("w.attempt", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function insertStartWithdrawal(db: Executor, values: { rfpId: string; round: number; attempt: number; withdrawnBy: string; withdrawnAt: Date; reason: string }): Promise<void> {
  await db
    .insertInto("bid_opening_start_withdrawals")
    .values({ rfp_id: values.rfpId, round: values.round, attempt: values.attempt, withdrawn_by: values.withdrawnBy, withdrawn_at: values.withdrawnAt, reason: values.reason })
    .execute();
}

/**
 * The buyer-side people of the RFP's organisation who may turn the second key (buyer, evaluator,
 * admin; not disabled), each with all their roles there and whether they sit on the RFP's panel:
 * the opening domain's `asksToConfirm` decides whom the start is told to.
 */
export async function listSecondKeyCandidates(db: Executor, rfpId: string, organisationId: string) {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select((eb) => [
      "u.id",
      "u.email",
      "u.name",
      sql<string[]>`array_agg(m.role::text order by m.role)`.as("roles"),
      eb.exists(eb.selectFrom("rfp_panel_members as p").select("p.user_id").where("p.rfp_id", "=", rfpId).whereRef("p.user_id", "=", "u.id")).as("on_panel"),
    ])
    .where("m.organisation_id", "=", organisationId)
    .where("m.role", "in", ["buyer", "evaluator", "admin"])
    .where("u.disabled_at", "is", null)
    .groupBy(["u.id", "u.email", "u.name"])
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
  return rows.map((r) => ({ ...r, roles: r.roles as Role[], on_panel: Boolean(r.on_panel) }));
}

/**
 * Started, unconfirmed and not withdrawn openings of the organisation's live RFPs, started by
 * someone other than `userId`, with whether `userId` sits on each RFP's panel (for the dashboard).
 */
/**
 * The organisation's started, unconfirmed openings that someone other than `userId` started
 * (oldest first), with whether `userId` sits on the RFP's panel: read in the dashboard's one
 * statement (overview.ts).
 */
export function pendingOpenings(db: Executor, organisationId: string, userId: string) {
  return db
    .selectFrom("bid_opening_starts as s")
    .innerJoin("rfps as r", "r.id", "s.rfp_id")
    .innerJoin("users as u", "u.id", "s.started_by")
    .select((eb) => [
      "r.id as rfp_id",
      "r.title",
      "r.reference",
      "s.round",
      "s.attempt",
      "s.started_at",
      "s.started_by",
      "u.name as started_by_name",
      eb.exists(eb.selectFrom("rfp_panel_members as p").select("p.user_id").where("p.rfp_id", "=", eb.ref("r.id")).where("p.user_id", "=", userId)).as("on_panel"),
    ])
    .where("r.buyer_organisation_id", "=", organisationId)
    .where("r.cancelled_at", "is", null)
    .where("s.started_by", "<>", userId)
    .where(PENDING)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("bid_openings as o").select("o.rfp_id").whereRef("o.rfp_id", "=", "s.rfp_id").whereRef("o.round", "=", "s.round"))))
    .orderBy("s.started_at")
    .orderBy("r.id");
}

/** The confirmed opening with the names of both key holders; undefined while sealed. */
export async function findOpeningRecord(db: Executor, rfpId: string, round = 1) {
  return db
    .selectFrom("bid_openings as o")
    .leftJoin("users as opener", "opener.id", "o.opened_by")
    .leftJoin("users as starter", "starter.id", "o.started_by")
    .select([
      "o.opened_at",
      "o.opened_by",
      "o.started_at",
      "o.started_by",
      "o.register_hash",
      "opener.name as opened_by_name",
      "opener.email as opened_by_email",
      "starter.name as started_by_name",
      "starter.email as started_by_email",
    ])
    .where("o.rfp_id", "=", rfpId)
    .where("o.round", "=", round)
    .executeTakeFirst();
}

/** Inserting this row is what breaks the seal (see readOpenedBidContents). */
export async function insertOpening(db: Executor, values: { rfpId: string; round: number; openedAt: Date; openedBy: string; startedAt: Date; startedBy: string; registerHash: string }): Promise<void> {
  await db
    .insertInto("bid_openings")
    .values({
      rfp_id: values.rfpId,
      round: values.round,
      opened_at: values.openedAt,
      opened_by: values.openedBy,
      started_at: values.startedAt,
      started_by: values.startedBy,
      register_hash: values.registerHash,
    })
    .execute();
}

export interface RegisterRowValues {
  vendorOrganisationId: string;
  vendorName: string;
  status: "counted" | "withdrawn" | "hash-mismatch" | "late";
  versionNumber: number | null;
  receivedAt: Date | null;
  storedHash: string | null;
  recomputedHash: string | null;
  withdrawnAt: Date | null;
  lateAttempts: { at: string; reason: string }[];
}

export async function insertRegisterRows(db: Executor, rfpId: string, round: number, rows: readonly RegisterRowValues[]): Promise<void> {
  // Batches keep each statement's parameter count well under PostgreSQL's limit.
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto("bid_opening_register")
      .values(
        rows.slice(i, i + 500).map((r) => ({
          rfp_id: rfpId,
          round,
          vendor_organisation_id: r.vendorOrganisationId,
          vendor_name: r.vendorName,
          status: r.status,
          version_number: r.versionNumber,
          received_at: r.receivedAt,
          stored_hash: r.storedHash,
          recomputed_hash: r.recomputedHash,
          withdrawn_at: r.withdrawnAt,
          late_attempts: JSON.stringify(r.lateAttempts),
        })),
      )
      .execute();
  }
}

export async function listRegisterRows(db: Executor, rfpId: string, round = 1) {
  return db
    .selectFrom("bid_opening_register")
    .select(["vendor_organisation_id", "vendor_name", "status", "version_number", "received_at", "stored_hash", "recomputed_hash", "withdrawn_at", "late_attempts"])
    .where("rfp_id", "=", rfpId)
    .where("round", "=", round)
    .orderBy("vendor_name")
    .orderBy("vendor_organisation_id")
    .execute();
}

export async function findRegisterRow(db: Executor, rfpId: string, vendorOrganisationId: string, round = 1) {
  return db
    .selectFrom("bid_opening_register")
    .select(["vendor_organisation_id", "vendor_name", "status"])
    .where("rfp_id", "=", rfpId)
    .where("round", "=", round)
    .where("vendor_organisation_id", "=", vendorOrganisationId)
    .executeTakeFirst();
}

export async function listOpeningDecisions(db: Executor, rfpId: string, round = 1) {
  return db
    .selectFrom("bid_opening_decisions as d")
    .innerJoin("users as u", "u.id", "d.decided_by")
    .select(["d.vendor_organisation_id", "d.decision", "d.reason", "d.decided_at", "d.decided_by", "u.name as decided_by_name"])
    .where("d.rfp_id", "=", rfpId)
    .where("d.round", "=", round)
    .execute();
}

export async function insertOpeningDecision(
  db: Executor,
  values: { rfpId: string; round: number; vendorOrganisationId: string; decision: "admit" | "exclude"; reason: string; decidedBy: string; decidedAt: Date },
): Promise<void> {
  await db
    .insertInto("bid_opening_decisions")
    .values({
      rfp_id: values.rfpId,
      round: values.round,
      vendor_organisation_id: values.vendorOrganisationId,
      decision: values.decision,
      reason: values.reason,
      decided_by: values.decidedBy,
      decided_at: values.decidedAt,
    })
    .execute();
}

/**
 * Submissions the bid service refused because the deadline had passed, per vendor
 * organisation (audited as `bid.submission-refused`, reason "deadline").
 */
export async function listRefusedLateSubmissions(db: Executor, rfpId: string, round = 1): Promise<{ vendorOrganisationId: string; vendorName: string; at: Date; reason: string }[]> {
  const { rows } = await sql<{ vendor_organisation_id: string; vendor_name: string; at: string | Date; reason: string }>`
    select o.id as vendor_organisation_id, o.name as vendor_name,
           coalesce(a.data->>'at', to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) as at,
           a.data->>'reason' as reason
    from audit_events a
    join organisations o on o.id::text = a.data->>'organisationId'
    where a.entity_type = 'bid' and a.entity_id = ${rfpId} and a.action = 'bid.submission-refused'
      and a.data->>'reason' = 'deadline' and o.kind = 'vendor'
      and coalesce((a.data->>'round')::int, 1) = ${round}
    order by a.id`.execute(db);
  return rows.map((r) => ({ vendorOrganisationId: r.vendor_organisation_id, vendorName: r.vendor_name, at: new Date(r.at), reason: r.reason }));
}

/** When the bids of one RFP were opened (round 1), or null: the RFP state "opened". */
export async function findBidsOpenedAt(db: Executor, rfpId: string, round = 1): Promise<Date | null> {
  const row = await db.selectFrom("bid_openings").select("opened_at").where("rfp_id", "=", rfpId).where("round", "=", round).executeTakeFirst();
  return row?.opened_at ?? null;
}

/** The same for many RFPs at once (lists), by RFP id. */
export async function bidsOpenedAtByRfp(db: Executor, rfpIds: readonly string[], round = 1): Promise<Map<string, Date>> {
  if (rfpIds.length === 0) return new Map();
  const rows = await db.selectFrom("bid_openings").select(["rfp_id", "opened_at"]).where("rfp_id", "in", [...rfpIds]).where("round", "=", round).execute();
  return new Map(rows.map((r) => [r.rfp_id, r.opened_at]));
}

type RegisterRow = Awaited<ReturnType<typeof listRegisterRows>>[number];
type DecisionRow = Awaited<ReturnType<typeof listOpeningDecisions>>[number];
type StartRow = NonNullable<Awaited<ReturnType<typeof findOpeningStart>>>;
type WithdrawalRow = NonNullable<Awaited<ReturnType<typeof findLatestStartWithdrawal>>>;
type OpeningRecordRow = NonNullable<Awaited<ReturnType<typeof findOpeningRecord>>>;

interface OpeningPageRow extends Omit<LifecycleRow, "id"> {
  id: string;
  title: string;
  reference: string;
  buyer_organisation_id: string;
  x_now: Date;
  s_attempt: number | null;
  s_started_at: Date | null;
  s_started_by: string | null;
  s_started_by_name: string | null;
  w_attempt: number | null;
  w_started_at: Date | null;
  w_started_by: string | null;
  w_started_by_name: string | null;
  w_withdrawn_at: Date | null;
  w_withdrawn_by: string | null;
  w_withdrawn_by_name: string | null;
  w_reason: string | null;
  o_opened_at: Date | null;
  o_opened_by: string | null;
  o_started_at: Date | null;
  o_started_by: string | null;
  o_register_hash: string | null;
  o_opened_by_name: string | null;
  o_started_by_name: string | null;
  x_decisions: (Omit<DecisionRow, "decided_at"> & { decided_at: string })[];
  x_register: (Omit<RegisterRow, "received_at" | "withdrawn_at"> & { received_at: string | null; withdrawn_at: string | null })[];
}


/**
 * The opening page in one statement: the RFP (any organisation's: the caller checks), the
 * database clock (clock_timestamp(), as bids.ts's databaseClock), its clock facts (rfp-lifecycle's
 * FACT_COLUMNS and FACT_JOINS), and for the current round (the latest BAFO round, else 1, as
 * bafo/rounds.server.ts's currentRoundDeadline) the pending first key (findOpeningStart), the
 * newest withdrawn start (findLatestStartWithdrawal), the confirmed opening (findOpeningRecord),
 * the decisions on held-out bids (listOpeningDecisions) and the register (listRegisterRows, in
 * its order), the last two as JSON. Undefined when there is no such RFP.
 */
export async function readOpeningPage(db: Executor, rfpId: string) {
  const { rows } = await sql<OpeningPageRow>`${sql.raw(PREPARED)}
    select r.id, r.title, r.reference, r.buyer_organisation_id, r.published_at, r.bids_close_at, r.cancelled_at,
           clock_timestamp() as x_now, ${FACT_COLUMNS},
           s.attempt as s_attempt, s.started_at as s_started_at, s.started_by as s_started_by, s.started_by_name as s_started_by_name,
           w.attempt as w_attempt, w.started_at as w_started_at, w.started_by as w_started_by, w.started_by_name as w_started_by_name,
           w.withdrawn_at as w_withdrawn_at, w.withdrawn_by as w_withdrawn_by, w.withdrawn_by_name as w_withdrawn_by_name, w.reason as w_reason,
           op.opened_at as o_opened_at, op.opened_by as o_opened_by, op.started_at as o_started_at, op.started_by as o_started_by,
           op.register_hash as o_register_hash, op.opened_by_name as o_opened_by_name, op.started_by_name as o_started_by_name,
           (select coalesce(json_agg(json_build_object('vendor_organisation_id', d.vendor_organisation_id, 'decision', d.decision, 'reason', d.reason,
                      'decided_at', d.decided_at, 'decided_by', d.decided_by, 'decided_by_name', u.name)), '[]'::json)
              from bid_opening_decisions d join users u on u.id = d.decided_by
              where d.rfp_id = r.id and d.round = k.round) as x_decisions,
           (select coalesce(json_agg(json_build_object('vendor_organisation_id', g.vendor_organisation_id, 'vendor_name', g.vendor_name, 'status', g.status,
                      'version_number', g.version_number, 'received_at', g.received_at, 'stored_hash', g.stored_hash, 'recomputed_hash', g.recomputed_hash,
                      'withdrawn_at', g.withdrawn_at, 'late_attempts', g.late_attempts) order by g.vendor_name, g.vendor_organisation_id), '[]'::json)
              from bid_opening_register g
              where g.rfp_id = r.id and g.round = k.round) as x_register
    from rfps r
    ${FACT_JOINS}
    cross join lateral (select coalesce(br.round, 1) as round) k
    left join lateral (
      select x.attempt, x.started_at, x.started_by, u.name as started_by_name from bid_opening_starts x join users u on u.id = x.started_by
      where x.rfp_id = r.id and x.round = k.round
        and not exists (select 1 from bid_opening_start_withdrawals y where y.rfp_id = x.rfp_id and y.round = x.round and y.attempt = x.attempt)
    ) s on true
    left join lateral (
      select y.attempt, x.started_at, x.started_by, starter.name as started_by_name, y.withdrawn_at, y.withdrawn_by, withdrawer.name as withdrawn_by_name, y.reason
      from bid_opening_start_withdrawals y
      join bid_opening_starts x on x.rfp_id = y.rfp_id and x.round = y.round and x.attempt = y.attempt
      join users starter on starter.id = x.started_by join users withdrawer on withdrawer.id = y.withdrawn_by
      where y.rfp_id = r.id and y.round = k.round
      order by y.attempt desc limit 1
    ) w on true
    left join lateral (
      select x.opened_at, x.opened_by, x.started_at, x.started_by, x.register_hash, opener.name as opened_by_name, starter.name as started_by_name
      from bid_openings x left join users opener on opener.id = x.opened_by left join users starter on starter.id = x.started_by
      where x.rfp_id = r.id and x.round = k.round
    ) op on true
    where r.id = ${rfpId}::uuid`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const facts: RfpClockFacts = factsOf(row);
  // FACT_JOINS's latest BAFO round (br) is the current round; its deadline counts even while unset.
  const round = row.bafo_round === null ? 1 : Number(row.bafo_round);
  const start: Pick<StartRow, "attempt" | "started_at" | "started_by" | "started_by_name"> | null =
    row.s_started_at === null ? null : { attempt: Number(row.s_attempt), started_at: row.s_started_at, started_by: row.s_started_by!, started_by_name: row.s_started_by_name! };
  const lastWithdrawal: WithdrawalRow | null =
    row.w_withdrawn_at === null
      ? null
      : {
          attempt: Number(row.w_attempt),
          started_at: row.w_started_at!,
          started_by: row.w_started_by!,
          started_by_name: row.w_started_by_name!,
          withdrawn_at: row.w_withdrawn_at,
          withdrawn_by: row.w_withdrawn_by!,
          withdrawn_by_name: row.w_withdrawn_by_name!,
          reason: row.w_reason!,
        };
  const opening: Pick<OpeningRecordRow, "opened_at" | "opened_by" | "started_at" | "started_by" | "register_hash" | "opened_by_name" | "started_by_name"> | null =
    row.o_opened_at === null
      ? null
      : { opened_at: row.o_opened_at, opened_by: row.o_opened_by, started_at: row.o_started_at, started_by: row.o_started_by, register_hash: row.o_register_hash, opened_by_name: row.o_opened_by_name, started_by_name: row.o_started_by_name };
  return {
    rfp: { id: row.id, title: row.title, reference: row.reference, buyer_organisation_id: row.buyer_organisation_id, published_at: row.published_at, cancelled_at: row.cancelled_at },
    now: row.x_now,
    facts,
    round,
    bidsCloseAt: row.bafo_round === null ? row.bids_close_at : row.bafo_bids_close_at,
    start,
    lastWithdrawal,
    opening,
    decisions: row.x_decisions.map((d): DecisionRow => ({ ...d, decided_at: dateOf(d.decided_at) })),
    register: row.x_register.map((g): RegisterRow => ({ ...g, received_at: dateOrNull(g.received_at), withdrawn_at: dateOrNull(g.withdrawn_at) })),
  };
}
