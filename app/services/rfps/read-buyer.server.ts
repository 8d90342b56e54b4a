// The buyer's views of RFPs. The confidential position is read only for users of the owning
// buyer organisation with `read:confidential:own`; evaluators see everything else.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { bidsOpenedAtByRfp, findBidsOpenedAt } from "../../../db/queries/bid-openings";
import { databaseNow, definitionOf, findConfidential, listRfpsOfOrganisation } from "../../../db/queries/rfps";
import { listAcknowledgements, listAddenda } from "../../../db/queries/rfp-addenda";
import { listQuestionsForBuyer } from "../../../db/queries/rfp-questions";
import { countInvitations, listInvitations, listParticipants } from "../../../db/queries/rfp-vendors";
import { hasPermission } from "../../domain/permissions";
import type { RfpChange } from "../../domain/rfp/diff";
import { describeScoringForVendors, type VendorScoringPreview } from "../../domain/rfp/preview";
import { checkRfpForPublishing, type PublishProblem } from "../../domain/rfp/publish-check";
import type { RfpConfidential, RfpDefinition } from "../../domain/rfp/sections";
import { deriveRfpState, type RfpState } from "../../domain/rfp/state";
import { loadBuyerRfp, requireBuyer, type RfpActor } from "./access.server";

export interface BuyerRfpSummary {
  id: string;
  title: string;
  reference: string;
  state: RfpState;
  bidsCloseAt: Date | null;
  questionsCloseAt: Date | null;
  publishedAt: Date | null;
  isPublic: boolean;
  invitationCount: number;
  unansweredQuestions: number;
  updatedAt: Date;
}

export async function listRfpsForBuyer(db: Kysely<Database>, actor: RfpActor): Promise<BuyerRfpSummary[]> {
  requireBuyer(actor, "read:rfp:own");
  const now = await databaseNow(db);
  const rows = await listRfpsOfOrganisation(db, actor.organisation.id);
  const openedAt = await bidsOpenedAtByRfp(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    reference: r.reference,
    state: deriveRfpState({ publishedAt: r.published_at, bidsCloseAt: r.bids_close_at, cancelledAt: r.cancelled_at, bidsOpenedAt: openedAt.get(r.id) ?? null }, now),
    bidsCloseAt: r.bids_close_at,
    questionsCloseAt: r.questions_close_at,
    publishedAt: r.published_at,
    isPublic: r.is_public,
    invitationCount: Number(r.invitation_count ?? 0),
    unansweredQuestions: Number(r.unanswered_questions ?? 0),
    updatedAt: r.updated_at,
  }));
}

export interface BuyerRfpView {
  id: string;
  /** Send it back with every save (optimistic concurrency). */
  version: number;
  state: RfpState;
  template: string | null;
  copiedFromRfpId: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  cancelledAt: Date | null;
  cancellationReason: string | null;
  definition: RfpDefinition;
  /** Exactly what vendors will read about scoring. */
  vendorPreview: VendorScoringPreview;
  /** While a draft: what still stops publication, by section. */
  publishProblems: PublishProblem[];
  canReadConfidential: boolean;
  /** null for users without `read:confidential:own` (evaluators). */
  confidential: RfpConfidential | null;
  invitations: { email: string; invitedAt: Date; sentAt: Date | null; acceptedAt: Date | null; vendorOrganisation: string | null }[];
  vendors: { organisationId: string; name: string; joinedVia: "invitation" | "public"; openedAt: Date | null; intendsToBid: boolean | null; intentDeclaredAt: Date | null }[];
  questions: { id: string; question: string; askedAt: Date; askedBy: string; answer: string | null; visibility: "private" | "published" | null; publishedQuestion: string | null; answeredAt: Date | null }[];
  addenda: {
    id: string;
    number: number;
    kind: "amendment" | "deadline_extension";
    reason: string;
    changes: RfpChange[];
    issuedAt: Date;
    bidsNeedConfirmation: boolean;
    acknowledgedBy: { organisationId: string; name: string; at: Date }[];
    awaitingAcknowledgement: string[];
  }[];
}

export async function getRfpForBuyer(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<BuyerRfpView> {
  return db.transaction().execute(async (trx) => {
    const row = await loadBuyerRfp(trx, rfpId, actor, "read:rfp:own");
    const now = await databaseNow(trx);
    const definition = definitionOf(row);
    const state = deriveRfpState({ publishedAt: row.published_at, bidsCloseAt: row.bids_close_at, cancelledAt: row.cancelled_at, bidsOpenedAt: await findBidsOpenedAt(trx, rfpId) }, now);
    const canReadConfidential = hasPermission(actor.roles, "read:confidential:own");
    const [invitations, participants, questions, addenda, acknowledgements] = [
      await listInvitations(trx, rfpId),
      await listParticipants(trx, rfpId),
      await listQuestionsForBuyer(trx, rfpId),
      await listAddenda(trx, rfpId),
      await listAcknowledgements(trx, rfpId),
    ];
    const vendorName = new Map(participants.map((p) => [p.vendor_organisation_id, p.vendor_organisation_name]));
    return {
      id: row.id,
      version: row.version,
      state,
      template: row.template,
      copiedFromRfpId: row.copied_from_rfp_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      publishedAt: row.published_at,
      cancelledAt: row.cancelled_at,
      cancellationReason: row.cancellation_reason,
      definition,
      vendorPreview: describeScoringForVendors(definition),
      publishProblems: state === "draft" ? checkRfpForPublishing(definition, { now, invitationCount: await countInvitations(trx, rfpId) }) : [],
      canReadConfidential,
      confidential: canReadConfidential ? await findConfidential(trx, rfpId) : null,
      invitations: invitations.map((i) => ({ email: i.email, invitedAt: i.invited_at, sentAt: i.sent_at, acceptedAt: i.accepted_at, vendorOrganisation: i.vendor_organisation_name })),
      vendors: participants.map((p) => ({ organisationId: p.vendor_organisation_id, name: p.vendor_organisation_name, joinedVia: p.joined_via, openedAt: p.first_opened_at, intendsToBid: p.intends_to_bid, intentDeclaredAt: p.intent_declared_at })),
      questions: questions.map((q) => ({ id: q.id, question: q.question, askedAt: q.asked_at, askedBy: q.vendor_organisation_name, answer: q.answer, visibility: q.answer_visibility, publishedQuestion: q.published_question, answeredAt: q.answered_at })),
      addenda: addenda.map((a) => {
        const acks = acknowledgements.filter((k) => k.addendum_id === a.id);
        const acked = new Set(acks.map((k) => k.vendor_organisation_id));
        return {
          id: a.id,
          number: a.number,
          kind: a.kind,
          reason: a.reason,
          changes: a.changes,
          issuedAt: a.issued_at,
          bidsNeedConfirmation: a.bids_need_confirmation,
          acknowledgedBy: acks.map((k) => ({ organisationId: k.vendor_organisation_id, name: vendorName.get(k.vendor_organisation_id) ?? "", at: k.acknowledged_at })),
          awaitingAcknowledgement: participants.filter((p) => !acked.has(p.vendor_organisation_id)).map((p) => p.vendor_organisation_name),
        };
      }),
    };
  });
}
