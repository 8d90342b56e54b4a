// Approving the award: a different buyer-side person (buyer or administrator of the RFP's
// organisation) than the proposer — four eyes, also a table check. What is approved is what was
// proposed: refused when the evaluation was run again since, or when the consensus now differs
// from the run the proposal rests on (decision 020). The approval starts the
// standstill period (rfps.standstill_days from the approval, by the database clock), during which
// the award is provisional. Every bidder is notified in the same transaction: the winner of its
// award and its contract schedule, every other bidder of the decision and its debrief.
import type { Kysely } from "kysely";
import { approveAwardRow, lockLiveAward } from "../../../db/queries/awards";
import { databaseClock } from "../../../db/queries/bids";
import { lockEvaluationRound } from "../../../db/queries/evaluation-access";
import type { Database } from "../../../db/schema";
import { assertMayApprove, AWARD_MESSAGES, standstillEndsAt } from "../../domain/award/rules";
import { DomainError } from "../../domain/errors";
import { formatInstant } from "../../domain/rfp/format";
import { inAuditedTransaction, Refusal } from "../bids/access.server";
import { auditRfp, rfpLabel, type RfpActor } from "../rfps/access.server";
import { AWARD_STATE_MESSAGES, awardNoticeSubject, awardRound, clockOf, lockAwardRfp, notifyBidders, refuseAward } from "./access.server";
import { readConsensusSinceRun } from "./ranking.server";
import { readAwardSummary } from "./read.server";

export async function approveAward(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<{ approvedAt: Date; standstillEndsAt: Date; noticesQueued: number }> {
  return inAuditedTransaction(db, async (trx) => {
    const rfp = await lockAwardRfp(trx, rfpId, actor, "approve");
    if (rfp instanceof Refusal) return rfp;
    const award = await lockLiveAward(trx, rfpId);
    if (!award) return refuseAward(trx, actor, "approve", rfpId, "no-award", new DomainError("not_found", AWARD_STATE_MESSAGES.noAward));
    // Runs, scores, moderations and the score lock of the round wait until this commits (the
    // evaluation is closed from then on), so the checks below see what stays true.
    await lockEvaluationRound(trx, rfpId, Number(award.round));
    try {
      assertMayApprove(clockOf(award), actor.id);
      // The proposal must still rest on the newest evaluation of the latest round.
      const round = await awardRound(trx, rfp);
      if (round.snapshot.id !== award.snapshot_id) throw new DomainError("conflict", AWARD_STATE_MESSAGES.staleSnapshot);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const reason = error.code === "forbidden" ? "own-proposal" : "state";
      return refuseAward(trx, actor, "approve", rfpId, reason, error, { awardId: award.id });
    }
    // The proposal must also rest on the consensus as it is now: a score, moderation or declaration
    // changed since the run, without a new run, would otherwise be approved unseen.
    const { changes } = await readConsensusSinceRun(trx, rfp, award);
    if (changes.length > 0) {
      const error = new DomainError("conflict", AWARD_MESSAGES.consensusChanged(changes.length, changes[0]));
      return refuseAward(trx, actor, "approve", rfpId, "consensus-changed", error, { awardId: award.id, changedCells: changes.length });
    }
    const approvedAt = await databaseClock(trx);
    const endsAt = standstillEndsAt(approvedAt, rfp.standstill_days);
    await approveAwardRow(trx, award.id, { approvedBy: actor.id, approvedAt, standstillEndsAt: endsAt });
    const summary = (await readAwardSummary(trx, rfpId))!;
    const label = rfpLabel(rfp);
    // To the minute, as every deadline in the portal: the standstill ends on a whole minute.
    const ends = formatInstant(endsAt);
    const noticesQueued = await notifyBidders(trx, rfp, award.vendor_organisation_id, {
      winner: {
        kind: "award.approved-winner",
        subject: awardNoticeSubject(rfp, "Award decision: your bid is selected"),
        body: `${label}: the buyer has decided to award the contract to your bundle “${summary.slotName}”. The award is provisional during the standstill period, which ends ${ends}; the buyer concludes the contract after it.\n\nYour contract schedule (the service levels and remedies of the awarded bundle) is on the RFP's page: /opportunities/${rfpId}`,
      },
      others: {
        kind: "award.approved-debrief",
        subject: awardNoticeSubject(rfp, "Award decision and your debrief"),
        body: `${label}: the buyer has decided to award the contract to ${summary.vendorName}. Your bid was not selected.\n\nYour debrief (your scores per criterion beside the winning bundle's, the relative advantages of the winning bid and what you could improve) is in the portal: /opportunities/${rfpId}/debrief\n\nThe standstill period ends ${ends}; the contract is not concluded before then.`,
      },
    });
    await auditRfp(trx, actor, "award.approved", rfpId, { awardId: award.id, proposedBy: award.proposed_by, approvedAt, standstillDays: rfp.standstill_days, standstillEndsAt: endsAt, noticesQueued });
    return { approvedAt, standstillEndsAt: endsAt, noticesQueued };
  });
}
