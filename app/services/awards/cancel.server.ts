// Cancelling the award: a proposed award or one in its standstill period, always with a reason
// (a concluded award is a contract and is not cancelled here). Audited. When the award had been
// approved, every bidder was told of it and is now told of the cancellation and its reason; a
// proposal that was never approved concerns only the buyer's side (its proposer is told).
import type { Kysely } from "kysely";
import { cancelAwardRow, lockLiveAward, listAwardPeople } from "../../../db/queries/awards";
import { databaseClock } from "../../../db/queries/bids";
import type { Database } from "../../../db/schema";
import { assertMayCancel } from "../../domain/award/rules";
import { DomainError } from "../../domain/errors";
import { inAuditedTransaction, Refusal } from "../bids/access.server";
import { notifyEach } from "../rfps/notify.server";
import { auditRfp, rfpLabel, type RfpActor } from "../rfps/access.server";
import { AWARD_STATE_MESSAGES, awardNoticeSubject, clockOf, lockAwardRfp, notifyBidders, refuseAward } from "./access.server";

export async function cancelAward(db: Kysely<Database>, rfpId: string, input: { reason: string }, actor: RfpActor): Promise<{ cancelledAt: Date; wasApproved: boolean; ownProposal: boolean }> {
  return inAuditedTransaction(db, async (trx) => {
    const rfp = await lockAwardRfp(trx, rfpId, actor, "cancel");
    if (rfp instanceof Refusal) return rfp;
    const award = await lockLiveAward(trx, rfpId);
    if (!award) return refuseAward(trx, actor, "cancel", rfpId, "no-award", new DomainError("not_found", AWARD_STATE_MESSAGES.noAward));
    let reason: string;
    try {
      reason = assertMayCancel(clockOf(award), typeof input.reason === "string" ? input.reason : "");
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return refuseAward(trx, actor, "cancel", rfpId, error.code === "invalid" ? "no-reason" : "state", error, { awardId: award.id });
    }
    const cancelledAt = await databaseClock(trx);
    await cancelAwardRow(trx, award.id, { cancelledBy: actor.id, cancelledAt, reason });
    const label = rfpLabel(rfp);
    let noticesQueued = 0;
    if (award.approved_at) {
      const notice = { kind: "award.cancelled", subject: awardNoticeSubject(rfp, "Award decision cancelled"), body: `${label}: the buyer has cancelled the award decision during the standstill period.\n\nReason: ${reason}\n\nThe RFP's page shows what happens next: /opportunities/${rfpId}` };
      noticesQueued = await notifyBidders(trx, rfp, award.vendor_organisation_id, { winner: notice, others: notice });
    } else if (award.proposed_by !== actor.id) {
      const proposer = (await listAwardPeople(trx, rfp.buyer_organisation_id)).filter((p) => p.id === award.proposed_by).map((p) => p.email);
      noticesQueued = await notifyEach(trx, rfpId, proposer, { kind: "award.cancelled", subject: awardNoticeSubject(rfp, "Your award proposal was cancelled"), body: `${label}: your award proposal was cancelled.\n\nReason: ${reason}` });
    }
    await auditRfp(trx, actor, "award.cancelled", rfpId, { awardId: award.id, wasApproved: Boolean(award.approved_at), reason, noticesQueued });
    return { cancelledAt, wasApproved: Boolean(award.approved_at), ownProposal: award.proposed_by === actor.id };
  });
}
