// A shortlisted vendor confirms its bid of the previous round unchanged for the BAFO round:
// a new sealed version of the round-N envelope carrying the earlier content and its hash
// (`carried_from_round` set), under the same rules as a submission: the round's deadline by
// the database clock after the locks, a receipt, an audit row, refusals audited too.
import type { Kysely } from "kysely";
import { databaseClock, findBidVersionByKey, insertBidVersion, lockBid, lockRfpDeadline } from "../../../db/queries/bids";
import { definitionOf } from "../../../db/queries/rfps";
import { readOwnVersionContent, writeVersionContent } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import { formatExactInstant, idempotencyKeySchema } from "../../domain/bids/state";
import { DomainError } from "../../domain/errors";
import { auditBid, biddingRound, deadlineRefusal, inAuditedTransaction, loadVendorRfp, Refusal, type BidActor } from "../bids/access.server";
import { buildReceipt, type BidReceipt } from "../bids/receipt.server";
import { readOwnCountingBid } from "./vendor.server";

export const NO_BAFO_ROUND = "This RFP has no BAFO round open to you, so there is no earlier bid to confirm.";
export const NO_EARLIER_BID = "You had no bid in the previous round that was opened, so there is nothing to confirm unchanged: submit a new bid instead.";

export async function confirmBidUnchanged(db: Kysely<Database>, rfpId: string, input: { idempotencyKey: string }, vendor: BidActor): Promise<BidReceipt> {
  // The database keeps 8 to 200 characters: any other key is refused in words, before the transaction.
  const key = idempotencyKeySchema.safeParse(input.idempotencyKey);
  if (!key.success) throw new DomainError("invalid", key.error.issues[0]!.message);
  return inAuditedTransaction(db, async (trx) => {
    const visible = await loadVendorRfp(trx, rfpId, vendor);
    const rfp = (await lockRfpDeadline(trx, rfpId))!;
    const round = await biddingRound(trx, rfp, vendor, "bid.carry-refused");
    if (round instanceof Refusal) return round;
    const refuse = async (reason: string, error: DomainError, data: Record<string, unknown> = {}) => {
      await auditBid(trx, vendor, "bid.carry-refused", rfpId, { reason, round: round.round, ...data });
      return new Refusal(error);
    };
    if (round.round === 1) return refuse("no-bafo-round", new DomainError("conflict", NO_BAFO_ROUND));
    const bid = await lockBid(trx, rfpId, vendor.organisation.id, round.round);
    const definition = definitionOf(visible);

    const repeated = await findBidVersionByKey(trx, bid.id, input.idempotencyKey);
    if (repeated) {
      await auditBid(trx, vendor, "bid.carry-repeated", rfpId, { round: round.round, versionNumber: repeated.version_number });
      const content = await readOwnVersionContent(trx, rfpId, vendor.organisation.id, repeated.version_number, round.round);
      return buildReceipt(visible, vendor.organisation, repeated, content, definition);
    }

    const receivedAt = await databaseClock(trx);
    if (rfp.cancelled_at) return refuse("cancelled", new DomainError("conflict", "This RFP was cancelled; it takes no bids."));
    if (!round.bidsCloseAt || round.bidsCloseAt <= receivedAt) {
      const closesAt = round.bidsCloseAt ?? receivedAt;
      return refuse("deadline", new DomainError("conflict", deadlineRefusal("confirmation", closesAt, receivedAt, formatExactInstant)), { at: receivedAt, deadline: closesAt });
    }
    const earlier = await readOwnCountingBid(trx, visible, vendor, round.round - 1);
    if (!earlier) return refuse("no-earlier-bid", new DomainError("conflict", NO_EARLIER_BID));

    // The stored content as it counted, byte for byte: the opening recomputes the same hash.
    const version = await insertBidVersion(trx, {
      bidId: bid.id,
      contentHash: earlier.contentHash,
      receivedAt,
      submittedBy: vendor.id,
      idempotencyKey: input.idempotencyKey,
      carriedFromRound: earlier.round,
    });
    await writeVersionContent(trx, version.id, earlier.content);
    await auditBid(trx, vendor, "bid.confirmed-unchanged", rfpId, { round: round.round, carriedFromRound: earlier.round, carriedVersion: earlier.versionNumber, versionNumber: version.version_number, contentHash: version.content_hash, receivedAt });
    return buildReceipt(visible, vendor.organisation, version, earlier.content, definition);
  });
}
