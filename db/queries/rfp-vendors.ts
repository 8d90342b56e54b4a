// Vendors and RFPs: invitations, participating vendor organisations, and the vendor-facing
// reads. Every select here names its columns from `rfps` and none touches rfp_confidential,
// so the buyer's confidential position cannot reach a vendor through these queries.
import { sql, type ExpressionBuilder } from "kysely";
import { builtOnce } from "../built-once";
import { PREPARED } from "../client";
import type { Database } from "../schema";
import type { Executor } from "./executor";
import { dateOf, dateOrNull } from "./json-rows";
import { addendumChanges } from "./rfp-addenda";
import { FACT_COLUMNS, FACT_JOINS, factsOf, type LifecycleRow } from "./rfp-lifecycle";

/** The only rfps columns a vendor-facing read may select. */
export const VENDOR_RFP_COLUMNS = [
  "rfps.id",
  "rfps.buyer_organisation_id",
  "rfps.title",
  "rfps.reference",
  "rfps.summary",
  "rfps.scope",
  "rfps.category",
  "rfps.currency",
  "rfps.horizon_months",
  "rfps.questions_close_at",
  "rfps.bids_close_at",
  "rfps.bid_validity_days",
  "rfps.term_sheet",
  "rfps.bundle_slots",
  "rfps.criteria",
  "rfps.sla_requirements",
  "rfps.is_public",
  "rfps.quality_before_price",
  "rfps.published_at",
  "rfps.cancelled_at",
  "rfps.cancellation_reason",
] as const;

/**
 * The oldest sent, not yet accepted invitation of the RFP addressed to an account of this
 * vendor organisation: such an invitation makes the RFP visible to the organisation at
 * once, before anyone follows its link (the same people may accept it: decision 012).
 */
function pendingInvitationOf(eb: ExpressionBuilder<Database, "rfps">, vendorOrganisationId: string) {
  return eb
    .selectFrom("rfp_invitations as i")
    .select("i.id")
    .whereRef("i.rfp_id", "=", "rfps.id")
    .where("i.sent_at", "is not", null)
    .where("i.accepted_at", "is", null)
    .where("i.email", "in", eb.selectFrom("memberships as m").innerJoin("users as u", "u.id", "m.user_id").select("u.email").where("m.organisation_id", "=", vendorOrganisationId).where("u.disabled_at", "is", null))
    .orderBy("i.invited_at")
    .limit(1);
}

/** Published, and public, or with this vendor among its participants, or invited by one of its addresses. */
function rfpVisibleToVendor(db: Executor, rfpId: string, vendorOrganisationId: string) {
  return db
    .selectFrom("rfps")
    .innerJoin("organisations as buyer", "buyer.id", "rfps.buyer_organisation_id")
    .leftJoin("rfp_participants as p", (join) => join.onRef("p.rfp_id", "=", "rfps.id").on("p.vendor_organisation_id", "=", vendorOrganisationId))
    .select(VENDOR_RFP_COLUMNS)
    .select(["buyer.name as buyer_name", "p.joined_via", "p.first_opened_at", "p.intends_to_bid", "p.intent_declared_at"])
    .select((eb) => pendingInvitationOf(eb, vendorOrganisationId).as("pending_invitation_id"))
    .where("rfps.id", "=", rfpId)
    .where("rfps.published_at", "is not", null)
    .where((eb) => eb.or([eb("rfps.is_public", "=", true), eb("p.vendor_organisation_id", "is not", null), eb.exists(pendingInvitationOf(eb, vendorOrganisationId))]));
}

/** Published, and public, or with this vendor among its participants, or invited by one of its addresses. */
/** `lock: "share"` share-locks the RFP row (as `lockRfpDeadline` does) in the same statement. */
export async function findRfpVisibleToVendor(db: Executor, rfpId: string, vendorOrganisationId: string, lock?: "share") {
  return rfpVisibleToVendor(db, rfpId, vendorOrganisationId)
    .$if(lock === "share", (q) => q.forShare("rfps").modifyFront(sql.raw(PREPARED)))
    .executeTakeFirst();
}

/** The clock facts of the row `rfps` of the enclosing query (rfp-lifecycle.ts's joins), as a lateral row `f`. */
const lifecycleOfRfp = () => sql<Omit<LifecycleRow, "id" | "published_at" | "bids_close_at" | "cancelled_at">>`(select ${FACT_COLUMNS} from rfps r ${FACT_JOINS} where r.id = rfps.id)`.as("f");
const LIFECYCLE_COLUMNS = ["f.round1_opened_at", "f.bafo_round", "f.bafo_bids_close_at", "f.bafo_opened_at", "f.award_approved_at", "f.award_concluded_at"] as const;

/**
 * `findRfpVisibleToVendor` with the database clock (`now()`) and the RFP's lifecycle facts
 * (as `readLifecycleFacts` reads them) in the same statement: a vendor's page of one RFP.
 */
export async function findRfpVisibleToVendorWithFacts(db: Executor, rfpId: string, vendorOrganisationId: string) {
  const [row] = await rfpVisibleToVendorWithFacts.rows(db, { rfpId, vendorOrganisationId });
  return row && { ...row, facts: factsOf(row) };
}

const withFacts = <Q extends ReturnType<typeof rfpVisibleToVendor>>(query: Q) =>
  query
    .modifyFront(sql.raw(PREPARED))
    .leftJoinLateral(lifecycleOfRfp(), (join) => join.onTrue())
    .select(LIFECYCLE_COLUMNS)
    .select(sql<Date>`now()`.as("db_now"));

const rfpVisibleToVendorWithFacts = builtOnce((db, v: { rfpId: string; vendorOrganisationId: string }) => withFacts(rfpVisibleToVendor(db, v.rfpId, v.vendorOrganisationId)));

interface AddendumJson {
  id: string;
  number: number;
  kind: "amendment" | "deadline_extension";
  reason: string;
  changes: unknown;
  issued_at: string;
  acknowledged_at: string | null;
}
interface QuestionJson {
  id: string;
  question: string;
  published_question: string | null;
  asked_at: string;
  answer: string | null;
  answer_visibility: "private" | "published" | null;
  answered_at: string | null;
  asked_by_you: boolean;
}
interface OwnBidJson {
  draft_updated_at: string | null;
  last_version: number | null;
  last_received_at: string | null;
  withdrawn_version: number | null;
}

/**
 * Everything a vendor's page of one RFP shows, in one statement (issue 15: on the page every
 * vendor opens before a deadline, each statement was a round trip and a parse): the RFP as
 * `findRfpVisibleToVendorWithFacts` reads it, with its addenda and this organisation's
 * acknowledgements (by number), the questions it may read (published answers and its own, by
 * time asked) and its own round-1 bid envelope (draft saved, newest version with its receipt
 * time, newest withdrawal), each aggregated as JSON.
 */
export async function readVendorRfpPage(db: Executor, rfpId: string, vendorOrganisationId: string) {
  const [row] = await vendorRfpPage.rows(db, { rfpId, vendorOrganisationId });
  if (!row) return undefined;
  const { addenda_json, questions_json, own_bid_json, ...rfp } = row;
  return {
    ...rfp,
    facts: factsOf(row),
    addenda: addenda_json.map((a) => ({ ...a, changes: addendumChanges(a.changes), issued_at: dateOf(a.issued_at), acknowledged_at: dateOrNull(a.acknowledged_at) })),
    questions: questions_json.map((q) => ({ ...q, asked_at: dateOf(q.asked_at), answered_at: dateOrNull(q.answered_at) })),
    ownBid: {
      draft_updated_at: dateOrNull(own_bid_json?.draft_updated_at ?? null),
      last_version: own_bid_json?.last_version ?? null,
      last_received_at: dateOrNull(own_bid_json?.last_received_at ?? null),
      withdrawn_version: own_bid_json?.withdrawn_version ?? null,
    },
  };
}

const vendorRfpPage = builtOnce((db, { rfpId, vendorOrganisationId }: { rfpId: string; vendorOrganisationId: string }) =>
  withFacts(rfpVisibleToVendor(db, rfpId, vendorOrganisationId))
    .select(
      sql<AddendumJson[]>`coalesce((
        select json_agg(json_build_object('id', a.id, 'number', a.number, 'kind', a.kind, 'reason', a.reason, 'changes', a.changes, 'issued_at', a.issued_at, 'acknowledged_at', k.acknowledged_at) order by a.number)
        from rfp_addenda a
        left join rfp_addendum_acknowledgements k on k.addendum_id = a.id and k.vendor_organisation_id = ${vendorOrganisationId}
        where a.rfp_id = rfps.id), '[]')`.as("addenda_json"),
    )
    .select(
      sql<QuestionJson[]>`coalesce((
        select json_agg(json_build_object('id', q.id, 'question', q.question, 'published_question', q.published_question, 'asked_at', q.asked_at, 'answer', q.answer, 'answer_visibility', q.answer_visibility, 'answered_at', q.answered_at, 'asked_by_you', q.vendor_organisation_id = ${vendorOrganisationId}) order by q.asked_at)
        from rfp_questions q
        where q.rfp_id = rfps.id and (q.answer_visibility = 'published' or q.vendor_organisation_id = ${vendorOrganisationId})), '[]')`.as("questions_json"),
    )
    .select(
      sql<OwnBidJson | null>`(
        select json_build_object('draft_updated_at', b.draft_updated_at, 'last_version', lv.version_number, 'last_received_at', lv.received_at, 'withdrawn_version', w.withdrawn_version)
        from bids b
        left join lateral (select x.version_number, x.received_at from bid_versions x where x.bid_id = b.id order by x.version_number desc limit 1) lv on true
        left join lateral (select y.withdrawn_version from bid_withdrawals y where y.bid_id = b.id order by y.withdrawn_at desc, y.withdrawn_version desc limit 1) w on true
        where b.rfp_id = rfps.id and b.vendor_organisation_id = ${vendorOrganisationId} and b.round = 1)`.as("own_bid_json"),
    ),
);

/** The vendor's newest bid envelope of an RFP (its newest round's), as the list reads it. */
interface NewestBidJson {
  round: number;
  draft_updated_at: string | null;
  last_version: number | null;
  carried_from_round: number | null;
  withdrawn_version: number | null;
}

/**
 * The RFPs visible to the vendor organisation, soonest deadline first, each with the database
 * clock, its lifecycle facts, whether the organisation is on the shortlist of its latest BAFO
 * round, and the organisation's newest bid envelope (its round, draft, newest version and
 * withdrawal), in one statement.
 */
export async function listRfpsVisibleToVendor(db: Executor, vendorOrganisationId: string) {
  const rows = await rfpsVisibleToVendor.rows(db, { vendorOrganisationId });
  return rows.map(({ newest_bid_json: bid, ...r }) => ({
    ...r,
    facts: factsOf(r),
    newestBid: bid && { round: Number(bid.round), draftSavedAt: dateOrNull(bid.draft_updated_at), lastVersion: bid.last_version, carriedFromRound: bid.carried_from_round, withdrawnVersion: bid.withdrawn_version },
  }));
}

// Prepared: planning this statement (its lateral lifecycle join and subqueries) cost PostgreSQL
// more than running it, on every vendor's dashboard and RFP list. Built once: building it cost
// the server as much again.
const rfpsVisibleToVendor = builtOnce((db, { vendorOrganisationId }: { vendorOrganisationId: string }) =>
  db
    .selectFrom("rfps")
    .modifyFront(sql.raw(PREPARED))
    .innerJoin("organisations as buyer", "buyer.id", "rfps.buyer_organisation_id")
    .leftJoin("rfp_participants as p", (join) => join.onRef("p.rfp_id", "=", "rfps.id").on("p.vendor_organisation_id", "=", vendorOrganisationId))
    .select(["rfps.id", "rfps.title", "rfps.reference", "rfps.category", "rfps.currency", "rfps.summary", "rfps.questions_close_at", "rfps.bids_close_at", "rfps.is_public", "rfps.published_at", "rfps.cancelled_at"])
    .select(["buyer.name as buyer_name", "p.joined_via", "p.first_opened_at", "p.intends_to_bid"])
    .select((eb) =>
      eb
        .selectFrom("rfp_addenda as a")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("a.rfp_id", "=", "rfps.id")
        .where((inner) => inner.not(inner.exists(inner.selectFrom("rfp_addendum_acknowledgements as k").select("k.addendum_id").whereRef("k.addendum_id", "=", "a.id").where("k.vendor_organisation_id", "=", vendorOrganisationId))))
        .as("unacknowledged_addenda"),
    )
    .select((eb) => pendingInvitationOf(eb, vendorOrganisationId).as("pending_invitation_id"))
    // The database clock and the lifecycle facts on every row (the states are derived from them): no statements of their own.
    .leftJoinLateral(lifecycleOfRfp(), (join) => join.onTrue())
    .select(LIFECYCLE_COLUMNS)
    .select(sql<Date>`now()`.as("db_now"))
    .select(sql<boolean>`exists (select 1 from bafo_shortlist s where s.rfp_id = rfps.id and s.round = f.bafo_round and s.vendor_organisation_id = ${vendorOrganisationId})`.as("bafo_shortlisted"))
    // The vendor's debrief exists (awards/read.server.ts's readDebrief): an approved live award to another vendor, and an evaluation run with this vendor's bundles.
    .select(
      sql<boolean>`exists (
        select 1 from awards a where a.rfp_id = rfps.id and a.cancelled_at is null and a.approved_at is not null and a.vendor_organisation_id <> ${vendorOrganisationId}
          and exists (select 1 from evaluation_snapshots s join evaluation_snapshot_bundles b on b.snapshot_id = s.id where s.rfp_id = rfps.id and b.vendor_id = ${vendorOrganisationId}))`.as("debrief_available"),
    )
    .select(
      sql<NewestBidJson | null>`(
        select json_build_object('round', b.round, 'draft_updated_at', b.draft_updated_at, 'last_version', lv.version_number, 'carried_from_round', lv.carried_from_round, 'withdrawn_version', w.withdrawn_version)
        from bids b
        left join lateral (select x.version_number, x.carried_from_round from bid_versions x where x.bid_id = b.id order by x.version_number desc limit 1) lv on true
        left join lateral (select y.withdrawn_version from bid_withdrawals y where y.bid_id = b.id order by y.withdrawn_at desc, y.withdrawn_version desc limit 1) w on true
        where b.rfp_id = rfps.id and b.vendor_organisation_id = ${vendorOrganisationId}
        order by b.round desc limit 1)`.as("newest_bid_json"),
    )
    .where("rfps.published_at", "is not", null)
    .where((eb) => eb.or([eb("rfps.is_public", "=", true), eb("p.vendor_organisation_id", "is not", null), eb.exists(pendingInvitationOf(eb, vendorOrganisationId))]))
    .orderBy("rfps.bids_close_at", "asc"),
);

// ── Invitations ────────────────────────────────────────────────────────────────────────

export async function insertInvitation(db: Executor, values: { rfpId: string; email: string; tokenHash: string; invitedBy: string; sent: boolean }) {
  return db
    .insertInto("rfp_invitations")
    .values({ rfp_id: values.rfpId, email: values.email, token_hash: values.tokenHash, invited_by: values.invitedBy, sent_at: values.sent ? sql<Date>`now()` : null })
    .onConflict((oc) => oc.constraint("rfp_invitations_email_key").doNothing())
    .returning(["id", "email"])
    .executeTakeFirst();
}

export async function listInvitations(db: Executor, rfpId: string) {
  return invitations.rows(db, { rfpId });
}

const invitations = builtOnce((db, { rfpId }: { rfpId: string }) =>
  db
    .selectFrom("rfp_invitations as i")
    .leftJoin("organisations as o", "o.id", "i.vendor_organisation_id")
    .modifyFront(sql.raw(PREPARED))
    .select(["i.id", "i.email", "i.invited_at", "i.sent_at", "i.accepted_at", "i.vendor_organisation_id", "o.name as vendor_organisation_name"])
    .where("i.rfp_id", "=", rfpId)
    .orderBy("i.invited_at")
    .orderBy("i.email"),
);

export async function countInvitations(db: Executor, rfpId: string): Promise<number> {
  const row = await db.selectFrom("rfp_invitations").select((eb) => eb.fn.countAll<number>().as("n")).where("rfp_id", "=", rfpId).executeTakeFirstOrThrow();
  return row.n;
}

/** A draft's invitations get a fresh token when the RFP is published, and are marked sent. */
export async function listUnsentInvitations(db: Executor, rfpId: string) {
  return db.selectFrom("rfp_invitations").select(["id", "email"]).where("rfp_id", "=", rfpId).where("sent_at", "is", null).execute();
}

export async function markInvitationSent(db: Executor, id: string, tokenHash: string) {
  await db.updateTable("rfp_invitations").set({ token_hash: tokenHash, sent_at: sql<Date>`now()` }).where("id", "=", id).execute();
}

export async function findInvitationByTokenHash(db: Executor, tokenHash: string) {
  return db.selectFrom("rfp_invitations").selectAll().where("token_hash", "=", tokenHash).forUpdate().executeTakeFirst();
}

export async function markInvitationAccepted(db: Executor, id: string, values: { userId: string; vendorOrganisationId: string }) {
  await db
    .updateTable("rfp_invitations")
    .set({ accepted_at: sql<Date>`now()`, accepted_by: values.userId, vendor_organisation_id: values.vendorOrganisationId })
    .where("id", "=", id)
    .execute();
}

// ── Participants ───────────────────────────────────────────────────────────────────────

/** Idempotent: the first way a vendor joined is the one kept. */
export async function ensureParticipant(db: Executor, rfpId: string, vendorOrganisationId: string, joinedVia: "invitation" | "public") {
  await db
    .insertInto("rfp_participants")
    .values({ rfp_id: rfpId, vendor_organisation_id: vendorOrganisationId, joined_via: joinedVia })
    .onConflict((oc) => oc.columns(["rfp_id", "vendor_organisation_id"]).doNothing())
    .execute();
}

/** Records the first view only; returns whether this was it. */
export async function markFirstOpened(db: Executor, rfpId: string, vendorOrganisationId: string, userId: string): Promise<boolean> {
  const result = await db
    .updateTable("rfp_participants")
    .set({ first_opened_at: sql<Date>`now()`, first_opened_by: userId })
    .where("rfp_id", "=", rfpId)
    .where("vendor_organisation_id", "=", vendorOrganisationId)
    .where("first_opened_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setIntentToBid(db: Executor, rfpId: string, vendorOrganisationId: string, intendsToBid: boolean, userId: string) {
  await db
    .updateTable("rfp_participants")
    .set({ intends_to_bid: intendsToBid, intent_declared_at: sql<Date>`now()`, intent_declared_by: userId })
    .where("rfp_id", "=", rfpId)
    .where("vendor_organisation_id", "=", vendorOrganisationId)
    .execute();
}

/** What a participant row carries (`rfp_participants as p` joined to `organisations as o`), here and with its envelope facts (bids.ts). */
export const PARTICIPANT_COLUMNS = ["p.vendor_organisation_id", "o.name as vendor_organisation_name", "p.joined_via", "p.joined_at", "p.first_opened_at", "p.intends_to_bid", "p.intent_declared_at"] as const;

export async function listParticipants(db: Executor, rfpId: string) {
  return participants.rows(db, { rfpId });
}

const participants = builtOnce((db, { rfpId }: { rfpId: string }) =>
  db
    .selectFrom("rfp_participants as p")
    .innerJoin("organisations as o", "o.id", "p.vendor_organisation_id")
    .modifyFront(sql.raw(PREPARED))
    .select(PARTICIPANT_COLUMNS)
    .where("p.rfp_id", "=", rfpId)
    .orderBy("o.name"),
);

/**
 * Everyone a vendor-wide notice goes to: each user of a participating vendor organisation,
 * and each invited address not yet accepted. Lower-cased and distinct.
 */
export async function vendorRecipients(db: Executor, rfpId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("rfp_participants as p")
    .innerJoin("memberships as m", "m.organisation_id", "p.vendor_organisation_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("u.email")
    .where("p.rfp_id", "=", rfpId)
    .where("m.role", "=", "vendor")
    .where("u.disabled_at", "is", null)
    .union((eb) => eb.selectFrom("rfp_invitations").select("email").where("rfp_id", "=", rfpId).where("accepted_at", "is", null).where("sent_at", "is not", null))
    .execute();
  return [...new Set(rows.map((r) => r.email.toLowerCase()))].sort();
}

/** The users of one vendor organisation, for a private answer. */
export async function vendorOrganisationEmails(db: Executor, vendorOrganisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("u.email")
    .where("m.organisation_id", "=", vendorOrganisationId)
    .where("u.disabled_at", "is", null)
    .orderBy("u.email")
    .execute();
  return rows.map((r) => r.email);
}
