// Submitting a bid: the saved draft becomes an immutable version, in one transaction with its
// content, hash and audit row (all bundles, SLAs and remedies commit together or not at all).
// The deadline is checked against the database clock after the locks are taken, so a
// submission that waited for a lock past the deadline is refused, and received_at is the
// moment of recording, never a browser's or app server's clock.
import type { Kysely } from "kysely";
import { databaseClock, findBidVersionByKey, insertBidVersion, lockBid, lockRfpDeadline } from "../../../db/queries/bids";
import { setIntentToBid } from "../../../db/queries/rfp-vendors";
import { definitionOf } from "../../../db/queries/rfps";
import { readOwnDraftContent, readOwnVersionContent, writeVersionContent } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import { bidContentSchema, bidDraftSchema, checkBidCompleteness, draftToContentInput } from "../../domain/bids/content";
import { formatExactInstant, type SubmitBidInput } from "../../domain/bids/state";
import { DomainError } from "../../domain/errors";
import { joinRfp } from "../rfps/invitations.server";
import { auditBid, biddingRound, deadlineRefusal, inAuditedTransaction, loadVendorRfp, Refusal, type BidActor } from "./access.server";
import { STALE_DRAFT } from "./draft.server";
import { buildReceipt, contentHash, type BidReceipt } from "./receipt.server";

export async function submitBid(db: Kysely<Database>, rfpId: string, input: SubmitBidInput, vendor: BidActor): Promise<BidReceipt> {
  return inAuditedTransaction(db, async (trx) => {
    const visible = await loadVendorRfp(trx, rfpId, vendor);
    const rfp = (await lockRfpDeadline(trx, rfpId))!;
    // Round 1, or the BAFO round the vendor is shortlisted for: its own envelope and deadline.
    const round = await biddingRound(trx, rfp, vendor, "bid.submission-refused");
    if (round instanceof Refusal) return round;
    const bid = await lockBid(trx, rfpId, vendor.organisation.id, round.round);
    const definition = definitionOf(visible);

    // A retry (double click, lost response) returns the receipt it already has: one version.
    const previous = await findBidVersionByKey(trx, bid.id, input.idempotencyKey);
    if (previous) {
      await auditBid(trx, vendor, "bid.submission-repeated", rfpId, { versionNumber: previous.version_number });
      const content = await readOwnVersionContent(trx, rfpId, vendor.organisation.id, previous.version_number, round.round);
      return buildReceipt(visible, vendor.organisation, previous, content, definition);
    }

    const receivedAt = await databaseClock(trx);
    const refuse = async (reason: string, error: DomainError, data: Record<string, unknown> = {}) => {
      await auditBid(trx, vendor, "bid.submission-refused", rfpId, { reason, at: receivedAt, round: round.round, ...data });
      return new Refusal(error);
    };
    if (rfp.cancelled_at) return refuse("cancelled", new DomainError("conflict", "This RFP was cancelled; it takes no bids."));
    if (!round.bidsCloseAt || round.bidsCloseAt <= receivedAt) {
      const closesAt = round.bidsCloseAt ?? receivedAt;
      return refuse("deadline", new DomainError("conflict", deadlineRefusal("submission", closesAt, receivedAt, formatExactInstant)), { deadline: closesAt });
    }
    if (input.expectedDraftVersion !== undefined && input.expectedDraftVersion !== bid.draft_version) {
      return refuse("stale", new DomainError("conflict", STALE_DRAFT), { expectedDraftVersion: input.expectedDraftVersion, draftVersion: bid.draft_version });
    }
    const stored = await readOwnDraftContent(trx, bid.id, vendor.organisation.id);
    if (stored === undefined) return refuse("empty", new DomainError("invalid", "There is nothing to submit yet: fill in and save your bid first."));

    const parsed = bidContentSchema.safeParse(draftToContentInput(bidDraftSchema.parse(stored)));
    const problems = parsed.success
      ? checkBidCompleteness(parsed.data, definition)
      : checkBidCompleteness(bidDraftSchema.parse(stored), definition).concat(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
    if (!parsed.success || problems.length > 0) {
      const fieldErrors: Record<string, string[]> = {};
      for (const p of problems) (fieldErrors[p.path] ??= []).push(p.message);
      const n = Object.keys(fieldErrors).length;
      return refuse("incomplete", new DomainError("invalid", `Your bid is not complete yet: ${n} ${n === 1 ? "cell needs" : "cells need"} attention. Nothing was submitted.`, fieldErrors), { problems: n });
    }

    await joinRfp(trx, visible, vendor);
    // Submitting a bid is the plainest statement of an intent to bid (issue 9).
    if (visible.intends_to_bid !== true) await setIntentToBid(trx, rfpId, vendor.organisation.id, true, vendor.id);
    const version = await insertBidVersion(trx, { bidId: bid.id, contentHash: contentHash(parsed.data), receivedAt, submittedBy: vendor.id, idempotencyKey: input.idempotencyKey });
    await writeVersionContent(trx, version.id, parsed.data);
    await auditBid(trx, vendor, "bid.submitted", rfpId, { round: round.round, versionNumber: version.version_number, contentHash: version.content_hash, receivedAt });
    return buildReceipt(visible, vendor.organisation, version, parsed.data, definition);
  });
}
