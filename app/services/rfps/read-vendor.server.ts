// The vendor's views of RFPs: only published RFPs it was invited to (invitation accepted) or
// public ones; never drafts, never the buyer's confidential position (the queries behind this
// file cannot reach it), never who asked a published question. Every field is copied by name
// into the result, so a column added later does not leak by default.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { definitionOfLazily, PerDefinition } from "../../../db/queries/rfps";
import { findRfpVisibleToVendor, listRfpsVisibleToVendor, markFirstOpened, readVendorRfpPage } from "../../../db/queries/rfp-vendors";
import { deriveBidState, type BidState } from "../../domain/bids/state";
import { vendorResponse, type VendorResponse } from "../../domain/bids/vendor-response";
import { DomainError } from "../../domain/errors";
import type { CriteriaSection } from "../../domain/rfp/criteria";
import type { RfpChange } from "../../domain/rfp/diff";
import { describeScoringForVendors, type VendorScoringPreview } from "../../domain/rfp/preview";
import type { RfpBasics, RfpBundleSlot, RfpDefinition, RfpTimeline } from "../../domain/rfp/sections";
import type { SlaSection } from "../../domain/rfp/sla";
import { deriveRfpState, questionsOpen, type RfpState } from "../../domain/rfp/state";
import type { RfpIssue } from "../../domain/rfp/term-sheet";
import { assertId, auditRfp, requireVendor, RFP_NOT_FOUND, type RfpActor } from "./access.server";
import { joinRfp } from "./invitations.server";

export interface VendorRfpSummary {
  id: string;
  title: string;
  reference: string;
  buyer: string;
  summary: string;
  state: RfpState;
  questionsCloseAt: Date | null;
  bidsCloseAt: Date | null;
  isPublic: boolean;
  invited: boolean;
  openedAt: Date | null;
  intendsToBid: boolean | null;
  unacknowledgedAddenda: number;
  /** The round the vendor may bid in now with its deadline, and its response in words. */
  response: VendorResponse;
  /** The award went to another vendor and is approved: this vendor's debrief is there to read. */
  debriefAvailable: boolean;
}

export async function listRfpsForVendor(db: Kysely<Database>, vendorAccount: RfpActor): Promise<VendorRfpSummary[]> {
  requireVendor(vendorAccount);
  const rows = await listRfpsVisibleToVendor(db, vendorAccount.organisation.id);
  return rows.map((r) => {
    const state = deriveRfpState(r.facts, r.db_now);
    const bafo = r.facts.bafo ? { round: r.facts.bafo.round, bidsCloseAt: r.facts.bafo.bidsCloseAt, shortlisted: r.bafo_shortlisted } : null;
    return {
      id: r.id,
      title: r.title,
      reference: r.reference,
      buyer: r.buyer_name,
      summary: r.summary,
      state,
      questionsCloseAt: r.questions_close_at,
      bidsCloseAt: r.bids_close_at,
      isPublic: r.is_public,
      invited: r.joined_via === "invitation" || (!r.joined_via && r.pending_invitation_id !== null),
      openedAt: r.first_opened_at,
      intendsToBid: r.intends_to_bid,
      // A vendor that has not joined yet has nothing to acknowledge.
      unacknowledgedAddenda: r.joined_via ? Number(r.unacknowledged_addenda ?? 0) : 0,
      response: vendorResponse({ state, bidsCloseAt: r.bids_close_at, bafo, newestBid: r.newestBid, opened: r.first_opened_at !== null, now: r.db_now }),
      debriefAvailable: Boolean(r.debrief_available),
    };
  });
}

export interface VendorBidStatus {
  state: BidState;
  /** The newest submitted version (withdrawn or not), with its receipt time. */
  lastVersion: { number: number; receivedAt: Date } | null;
  draftSavedAt: Date | null;
}

export interface VendorRfpView {
  id: string;
  buyer: string;
  state: RfpState;
  basics: RfpBasics;
  timeline: RfpTimeline;
  questionsOpen: boolean;
  termSheet: RfpIssue[];
  bundleSlots: RfpBundleSlot[];
  criteria: CriteriaSection;
  scoring: VendorScoringPreview;
  sla: SlaSection;
  isPublic: boolean;
  cancellation: { at: Date; reason: string | null } | null;
  participation: { invited: boolean; openedAt: Date | null; intendsToBid: boolean | null };
  /** This vendor's own bid envelope: its state, last submitted version and when its draft was saved. */
  bid: VendorBidStatus;
  /** Published answers (no asker named) and this vendor's own questions, answered or not. */
  questions: { id: string; question: string; askedAt: Date; askedByYou: boolean; answer: string | null; visibility: "private" | "published" | null; answeredAt: Date | null }[];
  addenda: { id: string; number: number; kind: "amendment" | "deadline_extension"; reason: string; changes: RfpChange[]; issuedAt: Date; acknowledgedAt: Date | null }[];
  /** The RFP's current round: 1, or its latest BAFO round (whether or not this vendor is on its shortlist). */
  round: number;
  /** An award decision on the RFP is approved (and not cancelled): the vendor may have an award or a debrief to read. */
  awardApproved: boolean;
}

/**
 * Records "opened" on the organisation's first view (and joins it to the RFP, in one
 * transaction with their audit rows). Not visible → not_found, existence unrevealed. Once
 * joined and opened, a view only reads: one statement (readVendorRfpPage), so the RFP, its
 * addenda, questions and the vendor's own envelope are read in one snapshot.
 */
export async function getRfpForVendor(db: Kysely<Database>, rfpId: string, vendorAccount: RfpActor): Promise<VendorRfpView> {
  requireVendor(vendorAccount);
  assertId(rfpId);
  const organisationId = vendorAccount.organisation.id;
  let rfp = await readVendorRfpPage(db, rfpId, organisationId);
  if (!rfp) throw new DomainError("not_found", RFP_NOT_FOUND);
  if (!rfp.joined_via || !rfp.first_opened_at) {
    await recordFirstView(db, rfpId, vendorAccount);
    rfp = await readVendorRfpPage(db, rfpId, organisationId);
    if (!rfp) throw new DomainError("not_found", RFP_NOT_FOUND);
  }
  const { addenda, questions, ownBid: bid } = rfp;
  const now = rfp.db_now;
  const lifecycle = rfp.facts;
  const facts = { ...lifecycle, questionsCloseAt: rfp.questions_close_at };
  const definition = definitionOfLazily(rfp);
  const state = deriveBidState(bid.last_version, bid.withdrawn_version);
  return {
    id: rfp.id,
    buyer: rfp.buyer_name,
    state: deriveRfpState(facts, now),
    basics: definition.basics,
    timeline: definition.timeline,
    questionsOpen: questionsOpen(facts, now),
    termSheet: definition.termSheet,
    bundleSlots: definition.bundleSlots,
    criteria: definition.criteria,
    scoring: scoringInWords(definition),
    sla: definition.sla,
    isPublic: definition.isPublic,
    cancellation: rfp.cancelled_at ? { at: rfp.cancelled_at, reason: rfp.cancellation_reason } : null,
    participation: { invited: rfp.joined_via === "invitation", openedAt: rfp.first_opened_at, intendsToBid: rfp.intends_to_bid },
    bid: { state, lastVersion: bid.last_version !== null && bid.last_received_at ? { number: bid.last_version, receivedAt: bid.last_received_at } : null, draftSavedAt: bid.draft_updated_at },
    questions: questions.map((q) => ({
      id: q.id,
      // Others' questions read as the buyer published them; a vendor's own read as it asked.
      question: q.asked_by_you ? q.question : (q.published_question ?? q.question),
      askedAt: q.asked_at,
      askedByYou: Boolean(q.asked_by_you),
      answer: q.answer,
      visibility: q.answer_visibility,
      answeredAt: q.answered_at,
    })),
    addenda: addenda.map((a) => ({ id: a.id, number: a.number, kind: a.kind, reason: a.reason, changes: a.changes, issuedAt: a.issued_at, acknowledgedAt: a.acknowledged_at })),
    round: lifecycle.bafo?.round ?? 1,
    awardApproved: lifecycle.awardApprovedAt !== null,
  };
}

/** The organisation's first view: it joins the RFP (if it had not) and its opening is recorded, with their audit rows. */
async function recordFirstView(db: Kysely<Database>, rfpId: string, vendorAccount: RfpActor): Promise<void> {
  const organisationId = vendorAccount.organisation.id;
  await db.transaction().execute(async (trx) => {
    let rfp = await findRfpVisibleToVendor(trx, rfpId, organisationId);
    if (!rfp) throw new DomainError("not_found", RFP_NOT_FOUND);
    if (!rfp.joined_via) {
      await joinRfp(trx, rfp, vendorAccount);
      rfp = (await findRfpVisibleToVendor(trx, rfpId, organisationId))!;
    }
    if (!rfp.first_opened_at && (await markFirstOpened(trx, rfpId, organisationId, vendorAccount.id))) {
      await auditRfp(trx, vendorAccount, "rfp.opened", rfpId, { before: { opened: false }, after: { opened: true, vendorOrganisation: vendorAccount.organisation.name } });
    }
  });
}

/**
 * How the RFP will be scored, in the words vendors read (their RFP page, the buyer's preview of
 * it): it depends only on the definition's sections, so it is worked out once per definition
 * (`PerDefinition`), not on every view.
 */
export function scoringInWords(definition: RfpDefinition): VendorScoringPreview {
  return scoringWords.get(definition, describeScoringForVendors);
}
const scoringWords = new PerDefinition<VendorScoringPreview>();
