// The ONLY module that reads or writes bid content (bid_draft_contents, bid_version_contents);
// a test fails if any other query or service names those tables. A vendor reads its own
// drafts and versions (the organisation is part of every query); the buyer side reads content
// only once the seal is broken: the round's deadline has passed by the database clock AND the
// round's bid opening is recorded. Both conditions are in the SQL, so no caller can forget one.
import { sql, type Selectable } from "kysely";
import { bidContentSchema, type BidContent } from "../../app/domain/bids/content";
import { builtOnce } from "../built-once";
import { PREPARED } from "../client";
import { deepFreeze, KeptByText } from "../kept-by-text";
import type { BidVersionTable } from "../schema";
import { nextVersionNumber } from "./bids";
import type { Executor } from "./executor";

/**
 * The deadline of a round of the RFP aliased `r`: round 1's is the RFP's own, a BAFO round's
 * (round ≥ 2) is in bafo_rounds. A round that does not exist has no deadline, so stays sealed.
 */
function roundDeadline(round: number) {
  return round === 1 ? sql<Date | null>`r.bids_close_at` : sql<Date | null>`(select x.bids_close_at from bafo_rounds x where x.rfp_id = r.id and x.round = ${round})`;
}

/**
 * Submitted contents, validated, by their JSON text as stored (db/kept-by-text.ts). A submitted
 * version never changes, and the evaluation pages (scoring sheet, bundle page, receipt) read the
 * same few versions on every view: each is parsed and validated once, and its frozen value shared.
 * A stored content that does not validate fails loudly, every time. About 16 MB of text at most.
 */
const submittedContents = new KeptByText<BidContent>(2_000, 8_000_000);

/** A submitted version's content from its stored JSON text, validated (once per text). */
export function submittedContentOf(text: string): BidContent {
  return submittedContents.get(text, () => deepFreeze(bidContentSchema.parse(JSON.parse(text))));
}

export async function writeDraftContent(db: Executor, bidId: string, draft: unknown): Promise<void> {
  const content = JSON.stringify(draft);
  await db
    .insertInto("bid_draft_contents")
    .values({ bid_id: bidId, content })
    .onConflict((oc) => oc.column("bid_id").doUpdateSet({ content }))
    .execute();
}

/** The vendor's own draft; undefined when it never saved one. */
export async function readOwnDraftContent(db: Executor, bidId: string, vendorOrganisationId: string): Promise<unknown> {
  const row = await db
    .selectFrom("bid_draft_contents as d")
    .innerJoin("bids as b", "b.id", "d.bid_id")
    .select("d.content")
    .where("d.bid_id", "=", bidId)
    .where("b.vendor_organisation_id", "=", vendorOrganisationId)
    .executeTakeFirst();
  return row?.content;
}

type VersionFacts = Pick<Selectable<BidVersionTable>, "id" | "version_number" | "content_hash" | "received_at" | "submitted_by" | "idempotency_key" | "carried_from_round">;

/**
 * What a submission reads once it holds the envelope's lock, in one statement (after the lock,
 * so it sees whatever a submission it waited for committed): the database clock now (the
 * receipt time), the version already recorded under this idempotency key if any (a retry),
 * and the vendor's own saved draft (undefined when it never saved one).
 */
export async function readOwnDraftForSubmission(db: Executor, bidId: string, vendorOrganisationId: string, idempotencyKey: string) {
  const { rows } = await sql<{ now: Date; has_draft: boolean; draft: unknown } & { [K in keyof VersionFacts]: VersionFacts[K] | null }>`${sql.raw(PREPARED)}
    select clock_timestamp() as now, d.has_draft, d.content as draft,
           p.id, p.version_number, p.content_hash, p.received_at, p.submitted_by, p.idempotency_key, p.carried_from_round
    from (select 1) one
    left join bid_versions p on p.bid_id = ${bidId} and p.idempotency_key = ${idempotencyKey}
    left join lateral (
      select true as has_draft, x.content from bid_draft_contents x join bids b on b.id = x.bid_id
      where x.bid_id = ${bidId} and b.vendor_organisation_id = ${vendorOrganisationId}
    ) d on true`.execute(db);
  const { now, has_draft, draft, ...previous } = rows[0]!;
  return { now, draft: has_draft ? draft : undefined, previous: previous.id === null ? undefined : (previous as VersionFacts) };
}

/**
 * Records a submitted version and its content in one statement. The caller holds the envelope
 * lock (the version number is the next one) and passes the content as JSON text: the same
 * text it hashed for the receipt (key order aside, jsonb keeps the same value).
 */
export async function insertVersionWithContent(
  db: Executor,
  values: { bidId: string; contentHash: string; receivedAt: Date; submittedBy: string; idempotencyKey: string },
  contentJson: string,
): Promise<VersionFacts> {
  const { rows } = await sql<VersionFacts>`${sql.raw(PREPARED)}
    with v as (
      insert into bid_versions (bid_id, version_number, content_hash, received_at, submitted_by, idempotency_key)
      values (${values.bidId}, ${nextVersionNumber(values.bidId)}, ${values.contentHash}, ${values.receivedAt}, ${values.submittedBy}, ${values.idempotencyKey})
      returning id, version_number, content_hash, received_at, submitted_by, idempotency_key, carried_from_round
    ), c as (
      insert into bid_version_contents (bid_version_id, content) select v.id, ${contentJson}::jsonb from v
    )
    select * from v`.execute(db);
  return rows[0]!;
}

export async function writeVersionContent(db: Executor, bidVersionId: string, content: unknown): Promise<void> {
  await db.insertInto("bid_version_contents").values({ bid_version_id: bidVersionId, content: JSON.stringify(content) }).execute();
}

/** The vendor's own envelope of one round as its bid page reads it (see `readOwnEnvelopeWithDraft`). */
export interface OwnEnvelope {
  /** The database's wall clock at the read. */
  now: Date;
  bid: { id: string; draftVersion: number; draftUpdatedAt: Date | null } | null;
  /**
   * The saved draft as the database writes its JSON (undefined when the vendor never saved one in
   * this envelope): the same content gives the same text, so a reader can key what it derives
   * from the draft by it, and parses it only when it has not seen it.
   */
  draftText: string | undefined;
  versions: { versionNumber: number; receivedAt: Date; contentHash: string }[];
  /** The version the envelope's last withdrawal withdrew, if any. */
  withdrawnVersion: number | null;
  /** Addenda that require bids to be confirmed, issued after the last version was received and not confirmed for it. */
  unconfirmedAddenda: { id: string; number: number; issuedAt: Date }[];
}

/**
 * The vendor's own envelope of a round in one statement: the clock, the envelope, its saved
 * draft, every submitted version's facts (no content), the last withdrawal and the addenda the
 * last version is not yet confirmed against. The envelope row is the vendor's own (the
 * organisation is in the join), so the draft read is too.
 */
export async function readOwnEnvelopeWithDraft(db: Executor, rfpId: string, vendorOrganisationId: string, round = 1): Promise<OwnEnvelope> {
  const { rows } = await sql<{
    now: Date;
    id: string | null;
    draft_version: number | null;
    draft_updated_at: Date | null;
    has_draft: boolean | null;
    draft_text: string | null;
    versions: { version_number: number; received_at: string; content_hash: string }[] | null;
    withdrawn_version: number | null;
    unconfirmed: { id: string; number: number; issued_at: string }[] | null;
  }>`
    select clock_timestamp() as now, b.id, b.draft_version, b.draft_updated_at, d.has_draft, d.content::text as draft_text,
           (select json_agg(json_build_object('version_number', v.version_number, 'received_at', v.received_at, 'content_hash', v.content_hash) order by v.version_number)
              from bid_versions v where v.bid_id = b.id) as versions,
           (select w.withdrawn_version from bid_withdrawals w where w.bid_id = b.id order by w.withdrawn_at desc, w.withdrawn_version desc limit 1) as withdrawn_version,
           (select json_agg(json_build_object('id', a.id, 'number', a.number, 'issued_at', a.issued_at) order by a.number)
              from rfp_addenda a
              where a.rfp_id = b.rfp_id and a.bids_need_confirmation and a.issued_at > lv.received_at
                and not exists (select 1 from bid_confirmations c where c.bid_id = b.id and c.addendum_id = a.id and c.version_number = lv.version_number)) as unconfirmed
    from (select 1) one
    left join bids b on b.rfp_id = ${rfpId} and b.vendor_organisation_id = ${vendorOrganisationId} and b.round = ${round}
    left join lateral (select x.version_number, x.received_at from bid_versions x where x.bid_id = b.id order by x.version_number desc limit 1) lv on true
    left join lateral (select true as has_draft, x.content from bid_draft_contents x where x.bid_id = b.id) d on true`.execute(db);
  const row = rows[0]!;
  return {
    now: row.now,
    bid: row.id === null ? null : { id: row.id, draftVersion: Number(row.draft_version), draftUpdatedAt: row.draft_updated_at },
    draftText: row.has_draft && row.draft_text !== null ? row.draft_text : undefined,
    versions: (row.versions ?? []).map((v) => ({ versionNumber: Number(v.version_number), receivedAt: new Date(v.received_at), contentHash: v.content_hash })),
    withdrawnVersion: row.withdrawn_version === null ? null : Number(row.withdrawn_version),
    unconfirmedAddenda: (row.unconfirmed ?? []).map((a) => ({ id: a.id, number: Number(a.number), issuedAt: new Date(a.issued_at) })),
  };
}

/** One of the vendor's own submitted versions of a round: its facts and its content (validated), in one (prepared) statement; undefined if not its own. */
export async function readOwnVersion(db: Executor, rfpId: string, vendorOrganisationId: string, versionNumber: number, round = 1) {
  const row = (await ownVersion.rows(db, { rfpId, vendorOrganisationId, versionNumber, round }))[0];
  return row && { version_number: row.version_number, received_at: row.received_at, content_hash: row.content_hash, content: submittedContentOf(row.content_text) };
}

const ownVersion = builtOnce((db, { rfpId, vendorOrganisationId, versionNumber, round }: { rfpId: string; vendorOrganisationId: string; versionNumber: number; round: number }) =>
  db
    .selectFrom("bid_version_contents as c")
    .innerJoin("bid_versions as v", "v.id", "c.bid_version_id")
    .innerJoin("bids as b", "b.id", "v.bid_id")
    .select(["v.version_number", "v.received_at", "v.content_hash", sql<string>`c.content::text`.as("content_text")])
    .where("b.rfp_id", "=", rfpId)
    .where("b.vendor_organisation_id", "=", vendorOrganisationId)
    .where("b.round", "=", round)
    .where("v.version_number", "=", versionNumber)
    .modifyFront(sql.raw(PREPARED)),
);

/** One of the vendor's own submitted versions, with its content; undefined if not its own. */
export async function readOwnVersionContent(db: Executor, rfpId: string, vendorOrganisationId: string, versionNumber: number, round = 1): Promise<unknown> {
  const row = await db
    .selectFrom("bid_version_contents as c")
    .innerJoin("bid_versions as v", "v.id", "c.bid_version_id")
    .innerJoin("bids as b", "b.id", "v.bid_id")
    .select("c.content")
    .where("b.rfp_id", "=", rfpId)
    .where("b.vendor_organisation_id", "=", vendorOrganisationId)
    .where("b.round", "=", round)
    .where("v.version_number", "=", versionNumber)
    .executeTakeFirst();
  return row?.content;
}

export type OpenedBids =
  | { sealed: true; bidsCloseAt: Date | null; deadlinePassed: boolean }
  | { sealed: false; bids: { vendorOrganisationId: string; versionNumber: number; receivedAt: Date; contentHash: string; withdrawn: boolean; content: BidContent }[] };

/**
 * Buyer side: the counting version of every bid (the last one; all were received before the
 * deadline) — only when the seal is broken. One statement: the seal's facts, and the contents
 * only where that same statement finds the seal broken, so an opening recorded concurrently
 * cannot split them. `vendorOrganisationIds` limits the read to those vendors (a scoring page
 * reads one bid, not the round's).
 */
export async function readOpenedBidContents(db: Executor, rfpId: string, round = 1, vendorOrganisationIds?: readonly string[]): Promise<OpenedBids> {
  const vendors = vendorOrganisationIds === undefined ? null : [...vendorOrganisationIds];
  const { rows } = await sql<{
    bids_close_at: Date | null;
    deadline_passed: boolean;
    opened: boolean;
    vendor_organisation_id: string | null;
    version_number: number | null;
    received_at: Date | null;
    content_hash: string | null;
    content_text: string | null;
    withdrawn: boolean | null;
  }>`
    select d.bids_close_at, coalesce(d.bids_close_at <= clock_timestamp(), false) as deadline_passed, s.opened,
           x.vendor_organisation_id, x.version_number, x.received_at, x.content_hash, x.content_text, x.withdrawn
    from rfps r
    cross join lateral (select ${roundDeadline(round)} as bids_close_at) d
    cross join lateral (select exists (select 1 from bid_openings o where o.rfp_id = r.id and o.round = ${round}) as opened) s
    left join lateral (
      select b.vendor_organisation_id, v.version_number, v.received_at, v.content_hash, c.content::text as content_text,
             exists (select 1 from bid_withdrawals w where w.bid_id = b.id and w.withdrawn_version >= v.version_number) as withdrawn
      from bids b
      join bid_versions v on v.bid_id = b.id
      join bid_version_contents c on c.bid_version_id = v.id
      where b.rfp_id = r.id and b.round = ${round}
        and d.bids_close_at <= clock_timestamp() and s.opened
        and v.version_number = (select max(l.version_number) from bid_versions l where l.bid_id = b.id)
        and (${vendors}::uuid[] is null or b.vendor_organisation_id = any(${vendors}::uuid[]))
    ) x on true
    where r.id = ${rfpId}
    order by x.vendor_organisation_id`.execute(db);
  const seal = rows[0];
  if (!seal || !seal.deadline_passed || !seal.opened) return { sealed: true, bidsCloseAt: seal?.bids_close_at ?? null, deadlinePassed: Boolean(seal?.deadline_passed) };
  return {
    sealed: false,
    bids: rows
      .filter((b) => b.vendor_organisation_id !== null)
      .map((b) => ({
        vendorOrganisationId: b.vendor_organisation_id!,
        versionNumber: Number(b.version_number),
        receivedAt: b.received_at!,
        contentHash: b.content_hash!,
        withdrawn: Boolean(b.withdrawn),
        content: submittedContentOf(b.content_text!),
      })),
  };
}

export type ContentsForOpening =
  | { sealed: true }
  | {
      sealed: false;
      bids: {
        vendorOrganisationId: string;
        vendorName: string;
        versionNumber: number;
        receivedAt: Date;
        contentHash: string;
        /** The newest withdrawal of the bid (it withdraws versions up to its number), or null. */
        lastWithdrawal: { version: number; at: Date } | null;
        content: unknown;
      }[];
    };

/**
 * The second key: the counting version (the last) of every bid with its stored content, read
 * only to recompute the hashes for the opening register, inside the confirming transaction,
 * before the `bid_openings` row exists. The seal test is in the statement itself: the deadline
 * has passed by the database clock, the RFP is not cancelled, the opening is not yet recorded,
 * a start by ANOTHER person exists and is not withdrawn, and the confirmer belongs to the RFP's
 * organisation.
 */
export async function readContentsForOpening(db: Executor, rfpId: string, confirmerId: string, round = 1): Promise<ContentsForOpening> {
  const { rows } = await sql<{
    vendor_organisation_id: string;
    vendor_name: string;
    version_number: number;
    received_at: Date;
    content_hash: string;
    content: unknown;
    withdrawn_version: number | null;
    withdrawn_at: Date | null;
    two_keys: boolean;
  }>`
    with seal as (
      select r.id
      from rfps r
      where r.id = ${rfpId}
        and r.cancelled_at is null
        and ${roundDeadline(round)} <= clock_timestamp()
        and not exists (select 1 from bid_openings o where o.rfp_id = r.id and o.round = ${round})
        and exists (select 1 from bid_opening_starts s where s.rfp_id = r.id and s.round = ${round} and s.started_by <> ${confirmerId}
                    and not exists (select 1 from bid_opening_start_withdrawals w where w.rfp_id = s.rfp_id and w.round = s.round and w.attempt = s.attempt))
        and exists (select 1 from memberships m where m.user_id = ${confirmerId} and m.organisation_id = r.buyer_organisation_id
                    and m.role in ('buyer', 'evaluator', 'admin'))
    )
    select b.vendor_organisation_id, org.name as vendor_name, v.version_number, v.received_at, v.content_hash, c.content,
           w.withdrawn_version, w.withdrawn_at, true as two_keys
    from seal
    join bids b on b.rfp_id = seal.id and b.round = ${round}
    join organisations org on org.id = b.vendor_organisation_id
    join bid_versions v on v.bid_id = b.id
      and v.version_number = (select max(l.version_number) from bid_versions l where l.bid_id = b.id)
    join bid_version_contents c on c.bid_version_id = v.id
    left join lateral (
      select x.withdrawn_version, x.withdrawn_at from bid_withdrawals x where x.bid_id = b.id
      order by x.withdrawn_at desc, x.withdrawn_version desc limit 1
    ) w on true
    union all
    select null, null, null, null, null, null, null, null, false from (select 1) one where not exists (select 1 from seal)
    `.execute(db);
  if (rows.some((r) => !r.two_keys)) return { sealed: true };
  return {
    sealed: false,
    bids: rows.map((r) => ({
      vendorOrganisationId: r.vendor_organisation_id,
      vendorName: r.vendor_name,
      versionNumber: Number(r.version_number),
      receivedAt: r.received_at,
      contentHash: r.content_hash,
      lastWithdrawal: r.withdrawn_version === null || r.withdrawn_at === null ? null : { version: Number(r.withdrawn_version), at: r.withdrawn_at },
      content: r.content,
    })),
  };
}
