// Bid envelopes and the facts of each submitted version (time, hash, who): never content.
// Content lives in other tables, read only through sealed-bids.ts.
import { sql, type Selectable } from "kysely";
import { builtOnce } from "../built-once";
import { PREPARED } from "../client";
import type { BidTable } from "../schema";
import type { Executor } from "./executor";
import { PARTICIPANT_COLUMNS } from "./rfp-vendors";

/** The wall clock of the database now (not the transaction's start): receipts and deadlines. */
export async function databaseClock(db: Executor): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db);
  return rows[0]!.now;
}

/**
 * The RFP's deadline facts, share-locked: a deadline extension or cancellation (which lock
 * the row for update) waits for submissions in flight, and they for it.
 */
export async function lockRfpDeadline(db: Executor, rfpId: string) {
  return db.selectFrom("rfps").select(["id", "bids_close_at", "cancelled_at", "published_at"]).where("id", "=", rfpId).forShare().executeTakeFirst();
}

/**
 * Creates the envelope if needed and locks it: two tabs of one vendor serialise here. An
 * envelope usually exists (the first draft save made it): one statement then.
 */
export async function lockBid(db: Executor, rfpId: string, vendorOrganisationId: string, round = 1) {
  const locked = () =>
    db.selectFrom("bids").selectAll().where("rfp_id", "=", rfpId).where("vendor_organisation_id", "=", vendorOrganisationId).where("round", "=", round).forUpdate();
  const existing = await locked().executeTakeFirst();
  if (existing) return existing;
  await db
    .insertInto("bids")
    .values({ rfp_id: rfpId, vendor_organisation_id: vendorOrganisationId, round })
    .onConflict((oc) => oc.constraint("bids_rfp_vendor_round_key").doNothing())
    .execute();
  return locked().executeTakeFirstOrThrow();
}

/**
 * The envelope of the RFP's current round (the latest BAFO round, else round 1), locked as
 * `lockBid` locks it, with that round's deadline and whether this vendor may bid in it (round
 * 1: everyone; a BAFO round: its shortlist), in one statement; undefined when the envelope does
 * not exist yet. The caller holds the RFP's share lock, so no round is created meanwhile.
 */
export async function lockCurrentBid(db: Executor, rfp: { id: string; bids_close_at: Date | null }, vendorOrganisationId: string) {
  const { rows } = await sql<Selectable<BidTable> & { bafo_round: number | null; bafo_bids_close_at: Date | null; shortlisted: boolean }>`${sql.raw(PREPARED)}
    select b.id, b.rfp_id, b.vendor_organisation_id, b.round, b.draft_version, b.draft_updated_at, b.draft_updated_by, b.created_at, c.round as bafo_round, c.bids_close_at as bafo_bids_close_at,
           exists (select 1 from bafo_shortlist s where s.rfp_id = b.rfp_id and s.round = b.round and s.vendor_organisation_id = b.vendor_organisation_id) as shortlisted
    from bids b
    left join lateral (select x.round, x.bids_close_at from bafo_rounds x where x.rfp_id = ${rfp.id} order by x.round desc limit 1) c on true
    where b.rfp_id = ${rfp.id} and b.vendor_organisation_id = ${vendorOrganisationId} and b.round = coalesce(c.round, 1)
    for update of b`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const { bafo_round, bafo_bids_close_at, shortlisted, ...bid } = row;
  const round = bafo_round === null ? { round: 1, bidsCloseAt: rfp.bids_close_at, mayBid: true } : { round: bafo_round, bidsCloseAt: bafo_bids_close_at, mayBid: shortlisted };
  return { bid, round };
}

export async function findBid(db: Executor, rfpId: string, vendorOrganisationId: string, round = 1) {
  return db.selectFrom("bids").selectAll().where("rfp_id", "=", rfpId).where("vendor_organisation_id", "=", vendorOrganisationId).where("round", "=", round).executeTakeFirst();
}

/** Optimistic save: bumps the draft version only if it is still the expected one. */
export async function bumpDraftVersion(db: Executor, bidId: string, expectedVersion: number, userId: string): Promise<{ version: number; updatedAt: Date } | undefined> {
  const row = await db
    .updateTable("bids")
    .set((eb) => ({ draft_version: eb("draft_version", "+", 1), draft_updated_at: sql<Date>`clock_timestamp()`, draft_updated_by: userId }))
    .where("id", "=", bidId)
    .where("draft_version", "=", expectedVersion)
    .returning(["draft_version", "draft_updated_at"])
    .executeTakeFirst();
  return row ? { version: row.draft_version, updatedAt: row.draft_updated_at! } : undefined;
}

export const VERSION_COLUMNS = ["id", "version_number", "content_hash", "received_at", "submitted_by", "idempotency_key", "carried_from_round"] as const;

export async function listBidVersions(db: Executor, bidId: string) {
  return db.selectFrom("bid_versions").select(VERSION_COLUMNS).where("bid_id", "=", bidId).orderBy("version_number").execute();
}

export async function findBidVersion(db: Executor, bidId: string, versionNumber: number) {
  return db.selectFrom("bid_versions").select(VERSION_COLUMNS).where("bid_id", "=", bidId).where("version_number", "=", versionNumber).executeTakeFirst();
}

export async function findBidVersionByKey(db: Executor, bidId: string, idempotencyKey: string) {
  return db.selectFrom("bid_versions").select(VERSION_COLUMNS).where("bid_id", "=", bidId).where("idempotency_key", "=", idempotencyKey).executeTakeFirst();
}

/** The caller holds the envelope lock, so max + 1 never races (the unique key backs it). */
export function nextVersionNumber(bidId: string) {
  return sql<number>`(select coalesce(max(l.version_number), 0) + 1 from bid_versions l where l.bid_id = ${bidId})`;
}

/** `carriedFromRound`: the vendor confirmed its bid of that earlier round unchanged (a BAFO round). */
export async function insertBidVersion(db: Executor, values: { bidId: string; contentHash: string; receivedAt: Date; submittedBy: string; idempotencyKey: string; carriedFromRound?: number }) {
  return db
    .insertInto("bid_versions")
    .values({
      bid_id: values.bidId,
      version_number: nextVersionNumber(values.bidId),
      content_hash: values.contentHash,
      received_at: values.receivedAt,
      submitted_by: values.submittedBy,
      idempotency_key: values.idempotencyKey,
      carried_from_round: values.carriedFromRound ?? null,
    })
    .returning(VERSION_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function lastWithdrawal(db: Executor, bidId: string) {
  return db.selectFrom("bid_withdrawals").select(["withdrawn_version", "withdrawn_at"]).where("bid_id", "=", bidId).orderBy("withdrawn_at", "desc").orderBy("withdrawn_version", "desc").limit(1).executeTakeFirst();
}

export async function insertWithdrawal(db: Executor, values: { bidId: string; withdrawnVersion: number; withdrawnAt: Date; withdrawnBy: string }) {
  await db.insertInto("bid_withdrawals").values({ bid_id: values.bidId, withdrawn_version: values.withdrawnVersion, withdrawn_at: values.withdrawnAt, withdrawn_by: values.withdrawnBy }).execute();
}

export async function listConfirmedAddenda(db: Executor, bidId: string, versionNumber: number): Promise<Set<string>> {
  const rows = await db.selectFrom("bid_confirmations").select("addendum_id").where("bid_id", "=", bidId).where("version_number", "=", versionNumber).execute();
  return new Set(rows.map((r) => r.addendum_id));
}

export async function insertConfirmations(db: Executor, bidId: string, versionNumber: number, addendumIds: readonly string[], userId: string) {
  if (addendumIds.length === 0) return;
  await db
    .insertInto("bid_confirmations")
    .values(addendumIds.map((addendumId) => ({ bid_id: bidId, addendum_id: addendumId, version_number: versionNumber, confirmed_by: userId })))
    .onConflict((oc) => oc.columns(["bid_id", "addendum_id", "version_number"]).doNothing())
    .execute();
}

/**
 * Every participating vendor organisation (its `PARTICIPANT_COLUMNS`, in `listParticipants`'s order)
 * with its envelope's counts and times only: the vendors tab of a reader who may list
 * submissions, in one statement. There is no content column within reach.
 */
export async function listParticipantsWithSubmissionFacts(db: Executor, rfpId: string, round = 1) {
  return participantsWithSubmissionFacts.rows(db, { rfpId, round });
}

const participantsWithSubmissionFacts = builtOnce((db, { rfpId, round }: { rfpId: string; round: number }) =>
  db
    .selectFrom("rfp_participants as p")
    .innerJoin("organisations as o", "o.id", "p.vendor_organisation_id")
    .leftJoin("bids as b", (join) => join.onRef("b.rfp_id", "=", "p.rfp_id").onRef("b.vendor_organisation_id", "=", "p.vendor_organisation_id").on("b.round", "=", round))
    .modifyFront(sql.raw(PREPARED))
    .select([...PARTICIPANT_COLUMNS, "b.id as bid_id"])
    .select((eb) => [
      eb.selectFrom("bid_versions as v").select(eb.fn.countAll<number>().as("n")).whereRef("v.bid_id", "=", "b.id").as("version_count"),
      eb.selectFrom("bid_versions as v").select((s) => s.fn.max<number>("v.version_number").as("n")).whereRef("v.bid_id", "=", "b.id").as("last_version"),
      eb.selectFrom("bid_versions as v").select((s) => s.fn.max<Date>("v.received_at").as("t")).whereRef("v.bid_id", "=", "b.id").as("last_received_at"),
      eb.selectFrom("bid_withdrawals as w").select((s) => s.fn.max<number>("w.withdrawn_version").as("n")).whereRef("w.bid_id", "=", "b.id").as("last_withdrawn_version"),
    ])
    .where("p.rfp_id", "=", rfpId)
    .orderBy("o.name"),
);

/**
 * The buyer's submissions board in one statement: the RFP's owner (for the access check), the
 * round taking bids now (1, or the latest BAFO round), and as JSON, for that round, every
 * participant's envelope facts (listParticipantsWithSubmissionFacts's, by vendor name; in a BAFO round only its
 * shortlist), the addenda that require bids to be confirmed, and the confirmations recorded.
 * No bid content. Undefined when the RFP does not exist.
 */
export async function readSubmissionsBoard(db: Executor, rfpId: string) {
  const { rows } = await sql<{
    buyer_organisation_id: string;
    round: number;
    envelopes: { vendor_organisation_id: string; vendor_name: string; bid_id: string | null; version_count: number; last_version: number | null; last_received_at: string | null; last_withdrawn_version: number | null }[];
    addenda: { id: string; issued_at: string }[];
    confirmations: { bid_id: string; addendum_id: string; version_number: number }[];
  }>`${sql.raw(PREPARED)}
    with rfp as (select id, buyer_organisation_id from rfps where id = ${rfpId}),
    cur as (select coalesce((select max(r.round) from bafo_rounds r join rfp on r.rfp_id = rfp.id), 1) as round)
    select rfp.buyer_organisation_id, cur.round,
      coalesce((
        select json_agg(json_build_object(
          'vendor_organisation_id', p.vendor_organisation_id, 'vendor_name', o.name, 'bid_id', b.id,
          'version_count', (select count(*) from bid_versions v where v.bid_id = b.id),
          'last_version', (select max(v.version_number) from bid_versions v where v.bid_id = b.id),
          'last_received_at', (select max(v.received_at) from bid_versions v where v.bid_id = b.id),
          'last_withdrawn_version', (select max(w.withdrawn_version) from bid_withdrawals w where w.bid_id = b.id)
        ) order by o.name)
        from rfp_participants p
        join organisations o on o.id = p.vendor_organisation_id
        left join bids b on b.rfp_id = p.rfp_id and b.vendor_organisation_id = p.vendor_organisation_id and b.round = cur.round
        where p.rfp_id = rfp.id
          and (cur.round = 1 or exists (select 1 from bafo_shortlist s where s.rfp_id = rfp.id and s.round = cur.round and s.vendor_organisation_id = p.vendor_organisation_id))
      ), '[]') as envelopes,
      coalesce((select json_agg(json_build_object('id', a.id, 'issued_at', a.issued_at) order by a.number) from rfp_addenda a where a.rfp_id = rfp.id and a.bids_need_confirmation), '[]') as addenda,
      coalesce((
        select json_agg(json_build_object('bid_id', c.bid_id, 'addendum_id', c.addendum_id, 'version_number', c.version_number))
        from bid_confirmations c join bids b on b.id = c.bid_id
        where b.rfp_id = rfp.id and b.round = cur.round
      ), '[]') as confirmations
    from rfp, cur`.execute(db);
  return rows[0];
}
