// Concluding the award: after the standstill period ends by the database clock, a buyer or
// administrator of the RFP's organisation concludes it; the RFP becomes "concluded". Audited;
// every bidder is told.
import type { Kysely } from "kysely";
import { concludeAwardRow, lockLiveAward } from "../../../db/queries/awards";
import { databaseClock } from "../../../db/queries/bids";
import type { Database } from "../../../db/schema";
import { assertMayConclude } from "../../domain/award/rules";
import { DomainError } from "../../domain/errors";
import { formatInstant } from "../../domain/rfp/format";
import { inAuditedTransaction, Refusal } from "../bids/access.server";
import { auditRfp, rfpLabel, type RfpActor } from "../rfps/access.server";
import { AWARD_STATE_MESSAGES, awardNoticeSubject, clockOf, lockAwardRfp, notifyBidders, refuseAward } from "./access.server";
import { findOrganisationName } from "../../../db/queries/awards";

export async function concludeAward(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<{ concludedAt: Date }> {
  return inAuditedTransaction(db, async (trx) => {
    const rfp = await lockAwardRfp(trx, rfpId, actor, "conclude");
    if (rfp instanceof Refusal) return rfp;
    const award = await lockLiveAward(trx, rfpId);
    if (!award) return refuseAward(trx, actor, "conclude", rfpId, "no-award", new DomainError("not_found", AWARD_STATE_MESSAGES.noAward));
    const now = await databaseClock(trx);
    try {
      // The end to the minute, as the notices and the award page give it (it falls on a whole minute).
      assertMayConclude(clockOf(award), now, formatInstant);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return refuseAward(trx, actor, "conclude", rfpId, award.approved_at ? "standstill-running" : "not-approved", error, { awardId: award.id, at: now, standstillEndsAt: award.standstill_ends_at });
    }
    await concludeAwardRow(trx, award.id, { concludedBy: actor.id, concludedAt: now });
    const label = rfpLabel(rfp);
    const winnerName = await findOrganisationName(trx, award.vendor_organisation_id);
    const noticesQueued = await notifyBidders(trx, rfp, award.vendor_organisation_id, {
      winner: { kind: "award.concluded", subject: awardNoticeSubject(rfp, "Award concluded"), body: `${label}: the standstill period has ended and the buyer has concluded the award to your bid. Your contract schedule stays on the RFP's page: /opportunities/${rfpId}` },
      others: { kind: "award.concluded", subject: awardNoticeSubject(rfp, "Award concluded"), body: `${label}: the standstill period has ended and the buyer has concluded the award to ${winnerName}. Your debrief stays in the portal: /opportunities/${rfpId}/debrief` },
    });
    await auditRfp(trx, actor, "award.concluded", rfpId, { awardId: award.id, at: now, standstillEndsAt: award.standstill_ends_at, noticesQueued });
    return { concludedAt: now };
  });
}
