// Withdrawing a bid and confirming it after an addendum: both only before the deadline,
// both recorded as events (nothing is deleted; the versions stay for the record).
import type { Kysely } from "kysely";
import { databaseClock, insertConfirmations, insertWithdrawal, lockBid, lockRfpDeadline } from "../../../db/queries/bids";
import type { Database } from "../../../db/schema";
import { formatExactInstant } from "../../domain/bids/state";
import { DomainError } from "../../domain/errors";
import type { Executor } from "../../../db/queries/executor";
import { auditBid, bidFacts, biddingRound, deadlineRefusal, inAuditedTransaction, loadVendorRfp, Refusal, type BidActor } from "./access.server";

async function lockOpenBid(trx: Executor, rfpId: string, vendor: BidActor, action: "withdrawal" | "confirmation") {
  await loadVendorRfp(trx, rfpId, vendor);
  const rfp = (await lockRfpDeadline(trx, rfpId))!;
  const refused = `bid.${action === "withdrawal" ? "withdrawal" : "confirmation"}-refused`;
  const round = await biddingRound(trx, rfp, vendor, refused);
  if (round instanceof Refusal) return round;
  const bid = await lockBid(trx, rfpId, vendor.organisation.id, round.round);
  const now = await databaseClock(trx);
  if (round.bidsCloseAt && round.bidsCloseAt <= now) {
    await auditBid(trx, vendor, refused, rfpId, { reason: "deadline", at: now, round: round.round });
    return new Refusal(new DomainError("conflict", deadlineRefusal(action, round.bidsCloseAt, now, formatExactInstant)));
  }
  return { bid, now, facts: await bidFacts(trx, rfpId, vendor.organisation.id, bid, round.round) };
}

export async function withdrawBid(db: Kysely<Database>, rfpId: string, vendor: BidActor): Promise<{ withdrawnVersion: number; withdrawnAt: Date }> {
  return inAuditedTransaction(db, async (trx) => {
    const open = await lockOpenBid(trx, rfpId, vendor, "withdrawal");
    if (open instanceof Refusal) return open;
    const last = open.facts.versions.at(-1);
    if (!last || open.facts.state !== "submitted") {
      await auditBid(trx, vendor, "bid.withdrawal-refused", rfpId, { reason: "nothing submitted" });
      return new Refusal(new DomainError("conflict", "You have no submitted bid to withdraw."));
    }
    await insertWithdrawal(trx, { bidId: open.bid.id, withdrawnVersion: last.version_number, withdrawnAt: open.now, withdrawnBy: vendor.id });
    await auditBid(trx, vendor, "bid.withdrawn", rfpId, { versionNumber: last.version_number, at: open.now });
    return { withdrawnVersion: last.version_number, withdrawnAt: open.now };
  });
}

/** Confirms the submitted version against every pending addendum; idempotent. */
export async function confirmBid(db: Kysely<Database>, rfpId: string, vendor: BidActor): Promise<{ versionNumber: number; confirmedAddenda: number[] }> {
  return inAuditedTransaction(db, async (trx) => {
    const open = await lockOpenBid(trx, rfpId, vendor, "confirmation");
    if (open instanceof Refusal) return open;
    const last = open.facts.versions.at(-1);
    if (!last || open.facts.state !== "submitted") {
      await auditBid(trx, vendor, "bid.confirmation-refused", rfpId, { reason: "nothing submitted" });
      return new Refusal(new DomainError("conflict", "You have no submitted bid to confirm."));
    }
    const pending = open.facts.pendingAddenda;
    await insertConfirmations(trx, open.bid.id, last.version_number, pending.map((a) => a.id), vendor.id);
    await auditBid(trx, vendor, "bid.confirmed", rfpId, { versionNumber: last.version_number, addenda: pending.map((a) => a.number) });
    return { versionNumber: last.version_number, confirmedAddenda: pending.map((a) => a.number) };
  });
}
