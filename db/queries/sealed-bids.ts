// The ONLY module that reads or writes bid content (bid_draft_contents, bid_version_contents);
// a test fails if any other query or service names those tables. A vendor reads its own
// drafts and versions (the organisation is part of every query); the buyer side reads content
// only once the seal is broken: the round's deadline has passed by the database clock AND the
// round's bid opening is recorded. Both conditions are in the SQL, so no caller can forget one.
import { sql } from "kysely";
import type { Executor } from "./executor";

/**
 * The deadline of a round of the RFP aliased `r`: round 1's is the RFP's own, a BAFO round's
 * (round ≥ 2) is in bafo_rounds. A round that does not exist has no deadline, so stays sealed.
 */
function roundDeadline(round: number) {
  return round === 1 ? sql<Date | null>`r.bids_close_at` : sql<Date | null>`(select x.bids_close_at from bafo_rounds x where x.rfp_id = r.id and x.round = ${round})`;
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

export async function writeVersionContent(db: Executor, bidVersionId: string, content: unknown): Promise<void> {
  await db.insertInto("bid_version_contents").values({ bid_version_id: bidVersionId, content: JSON.stringify(content) }).execute();
}

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
  | { sealed: false; bids: { vendorOrganisationId: string; versionNumber: number; receivedAt: Date; contentHash: string; withdrawn: boolean; content: unknown }[] };

/**
 * Buyer side: the counting version of every bid (the last one; all were received before the
 * deadline) — only when the seal is broken. The seal test and the read share one statement's
 * snapshot, so an opening recorded concurrently cannot split them.
 */
export async function readOpenedBidContents(db: Executor, rfpId: string, round = 1, vendorOrganisationIds?: readonly string[]): Promise<OpenedBids> {
  const { rows } = await sql<{ bids_close_at: Date | null; deadline_passed: boolean; opened: boolean }>`
    select d.bids_close_at,
           coalesce(d.bids_close_at <= clock_timestamp(), false) as deadline_passed,
           exists (select 1 from bid_openings o where o.rfp_id = r.id and o.round = ${round}) as opened
    from rfps r cross join lateral (select ${roundDeadline(round)} as bids_close_at) d where r.id = ${rfpId}`.execute(db);
  const seal = rows[0];
  if (!seal || !seal.deadline_passed || !seal.opened) return { sealed: true, bidsCloseAt: seal?.bids_close_at ?? null, deadlinePassed: Boolean(seal?.deadline_passed) };
  if (vendorOrganisationIds?.length === 0) return { sealed: false, bids: [] };
  const bids = await db
    .selectFrom("bids as b")
    .innerJoin("bid_versions as v", "v.bid_id", "b.id")
    .innerJoin("bid_version_contents as c", "c.bid_version_id", "v.id")
    .innerJoin("rfps as r", "r.id", "b.rfp_id")
    .select(["b.vendor_organisation_id", "v.version_number", "v.received_at", "v.content_hash", "c.content"])
    .select((eb) =>
      eb
        .exists(eb.selectFrom("bid_withdrawals as w").select("w.id").whereRef("w.bid_id", "=", "b.id").whereRef("w.withdrawn_version", ">=", "v.version_number"))
        .as("withdrawn"),
    )
    .where("b.rfp_id", "=", rfpId)
    .where("b.round", "=", round)
    // Belt and braces: the seal again, in the statement that reads the content.
    .where(sql<boolean>`${roundDeadline(round)} <= clock_timestamp()`)
    .where((eb) => eb.exists(eb.selectFrom("bid_openings as o").select("o.rfp_id").whereRef("o.rfp_id", "=", "b.rfp_id").where("o.round", "=", round)))
    .where((eb) => eb("v.version_number", "=", eb.selectFrom("bid_versions as l").select((s) => s.fn.max<number>("l.version_number").as("n")).whereRef("l.bid_id", "=", "b.id")))
    // One vendor's page reads one vendor's content, not the whole round's.
    .$if(vendorOrganisationIds !== undefined, (q) => q.where("b.vendor_organisation_id", "in", [...vendorOrganisationIds!]))
    .orderBy("b.vendor_organisation_id")
    .execute();
  return {
    sealed: false,
    bids: bids.map((b) => ({ vendorOrganisationId: b.vendor_organisation_id, versionNumber: b.version_number, receivedAt: b.received_at, contentHash: b.content_hash, withdrawn: Boolean(b.withdrawn), content: b.content })),
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
 * a start by ANOTHER person exists, and the confirmer belongs to the RFP's organisation.
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
        and exists (select 1 from bid_opening_starts s where s.rfp_id = r.id and s.round = ${round} and s.started_by <> ${confirmerId})
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
