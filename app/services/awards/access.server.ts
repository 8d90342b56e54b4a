// Guards and notices shared by the award use cases (decision 020). Buyers and administrators of
// the RFP's organisation (award:rfp:own) act on the award; every attempt is audited, refused ones
// too (their audit row commits, then the error is thrown). Notices go through the outbox in the
// same transaction, so they leave exactly when the change commits.
import { listBidderOrganisations } from "../../../db/queries/awards";
import { findSnapshotHead } from "../../../db/queries/evaluation-snapshot-bundles";
import { findLatestBafoRound } from "../../../db/queries/bafo";
import type { Executor } from "../../../db/queries/executor";
import type { RfpRow } from "../../../db/queries/rfps";
import { vendorOrganisationEmails } from "../../../db/queries/rfp-vendors";
import type { AwardClock } from "../../domain/award/rules";
import { DomainError } from "../../domain/errors";
import { latestOpenedRound } from "../bafo/rounds.server";
import { Refusal } from "../bids/access.server";
import { notifyEach, type Notice } from "../rfps/notify.server";
import { auditRfp, loadBuyerRfp, rfpLabel, type RfpActor } from "../rfps/access.server";

export type AwardAttempt = "propose" | "approve" | "conclude" | "cancel" | "standstill";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const AWARD_STATE_MESSAGES = {
  cancelled: "This RFP was cancelled: it cannot be awarded.",
  notOpened: "The bids of this RFP have not been opened yet: an award is decided on the evaluation of opened bids.",
  bafoPending: (round: number) => `BAFO round ${round} has not been opened and evaluated yet: the award is decided on the latest round's evaluation.`,
  noSnapshot: (round: number) => `The evaluation of round ${round} has not been run yet. The chair runs it on the Consensus tab; then the award can be proposed.`,
  alreadyLive: "This RFP already has an award that is not cancelled. Cancel it (with a reason) before proposing another.",
  noAward: "There is no award proposal on this RFP.",
  staleSnapshot: "The evaluation was run again after this award was proposed, so it no longer rests on the newest results. Cancel it and propose again on the new results.",
  standstillFixed: "The standstill period is fixed once an award is proposed: cancel the proposal to change it.",
};

/** The RFP of the actor's own organisation, locked; a refusal (not found, role) is audited. */
export async function lockAwardRfp(trx: Executor, rfpId: string, actor: RfpActor, attempt: AwardAttempt): Promise<RfpRow | Refusal> {
  try {
    return await loadBuyerRfp(trx, rfpId, actor, "award:rfp:own", { lock: true });
  } catch (error) {
    if (!(error instanceof DomainError) || !UUID.test(rfpId)) throw error;
    await auditRfp(trx, actor, `award.${attempt}-refused`, rfpId, { reason: error.code === "not_found" ? "not-found" : "role" });
    return new Refusal(error);
  }
}

export async function refuseAward(trx: Executor, actor: RfpActor, attempt: AwardAttempt, rfpId: string, reason: string, error: DomainError, data: Record<string, unknown> = {}): Promise<Refusal> {
  await auditRfp(trx, actor, `award.${attempt}-refused`, rfpId, { reason, message: error.message, ...data });
  return new Refusal(error);
}

export interface AwardRound {
  round: number;
  snapshot: { id: string; input_hash: string; created_at: Date; scores_locked: boolean };
}

/**
 * The round and snapshot an award is decided on: the newest snapshot of the latest opened round,
 * with no BAFO round waiting to be opened. Throws the reason it cannot be decided now.
 */
export async function awardRound(trx: Executor, rfp: Pick<RfpRow, "id" | "cancelled_at">): Promise<AwardRound> {
  if (rfp.cancelled_at) throw new DomainError("conflict", AWARD_STATE_MESSAGES.cancelled);
  const openedRound = await latestOpenedRound(trx, rfp.id);
  const latestBafoRound = (await findLatestBafoRound(trx, rfp.id))?.round ?? null;
  if (openedRound === null) throw new DomainError("conflict", AWARD_STATE_MESSAGES.notOpened);
  if (latestBafoRound !== null && latestBafoRound > openedRound) throw new DomainError("conflict", AWARD_STATE_MESSAGES.bafoPending(latestBafoRound));
  const snapshot = await findSnapshotHead(trx, rfp.id, openedRound, null);
  if (!snapshot) throw new DomainError("conflict", AWARD_STATE_MESSAGES.noSnapshot(openedRound));
  return { round: openedRound, snapshot };
}

/** One notice to every user of every bidder, the winner's text to the winner's users. */
export async function notifyBidders(
  trx: Executor,
  rfp: Pick<RfpRow, "id" | "title" | "reference">,
  winnerId: string,
  notices: { winner: Notice; others: Notice },
): Promise<number> {
  let sent = 0;
  for (const bidder of await listBidderOrganisations(trx, rfp.id)) {
    const emails = await vendorOrganisationEmails(trx, bidder.id);
    sent += await notifyEach(trx, rfp.id, emails, bidder.id === winnerId ? notices.winner : notices.others);
  }
  return sent;
}

export function awardNoticeSubject(rfp: Pick<RfpRow, "title" | "reference">, what: string): string {
  return `${what}: ${rfpLabel(rfp)}`;
}

/** The stored award's timestamps as the domain rules read them. */
export function clockOf(award: { proposed_by: string; approved_at: Date | null; standstill_ends_at: Date | null; concluded_at: Date | null; cancelled_at: Date | null }): AwardClock {
  return { proposedBy: award.proposed_by, approvedAt: award.approved_at, standstillEndsAt: award.standstill_ends_at, concludedAt: award.concluded_at, cancelledAt: award.cancelled_at };
}
