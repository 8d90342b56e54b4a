// Submitting a bid: the saved draft becomes an immutable version, in one transaction with its
// content, hash and audit row (all bundles, SLAs and remedies commit together or not at all).
// The deadline is checked against the database clock after the locks are taken, so a
// submission that waited for a lock past the deadline is refused, and received_at is the
// moment of recording, never a browser's or app server's clock.
// A submission is a handful of statements: the RFP read with its share lock, the envelope
// with its lock and round, then (after the locks) the clock, a retry's version and the draft,
// the version with its content, and the audit row, whose stream lock is taken last.
import type { Kysely } from "kysely";
import { lockBid, lockCurrentBid } from "../../../db/queries/bids";
import type { Executor } from "../../../db/queries/executor";
import { setIntentToBid } from "../../../db/queries/rfp-vendors";
import { definitionOf } from "../../../db/queries/rfps";
import { insertVersionWithContent, readOwnDraftForSubmission, readOwnVersionContent } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import { bidContentSchema, bidDraftSchema, canonicalBidJson, checkBidCompleteness, draftToContentInput } from "../../domain/bids/content";
import { formatExactInstant, idempotencyKeySchema, type SubmitBidInput } from "../../domain/bids/state";
import { DomainError } from "../../domain/errors";
import { joinRfp } from "../rfps/invitations.server";
import { auditBid, biddingRound, deadlineRefusal, inAuditedTransaction, loadVendorRfp, Refusal, type BidActor } from "./access.server";
import { staleDraft } from "./draft.server";
import { buildReceipt, hashOfCanonicalJson, receiptOf, type BidReceipt } from "./receipt.server";

export async function submitBid(db: Kysely<Database>, rfpId: string, input: SubmitBidInput, vendor: BidActor): Promise<BidReceipt> {
  const key = idempotencyKeySchema.safeParse(input.idempotencyKey);
  if (!key.success) throw new DomainError("invalid", key.error.issues[0]!.message);
  return inAuditedTransaction(db, async (trx) => {
    // Share-locked by the read itself: a deadline extension or cancellation waits for us, we for it.
    const rfp = await loadVendorRfp(trx, rfpId, vendor, "share");
    // Round 1, or the BAFO round the vendor is shortlisted for: its own envelope and deadline.
    const envelope = await lockEnvelope(trx, rfp, vendor);
    if (envelope instanceof Refusal) return envelope;
    const { bid, round } = envelope;
    const definition = definitionOf(rfp);

    // After the locks: the clock, a retry's version, the draft (all as of now, not before a wait).
    const { now: receivedAt, previous, draft: stored } = await readOwnDraftForSubmission(trx, bid.id, vendor.organisation.id, input.idempotencyKey);
    // A retry (double click, lost response) returns the receipt it already has: one version.
    if (previous) {
      await auditBid(trx, vendor, "bid.submission-repeated", rfpId, { versionNumber: previous.version_number });
      const content = await readOwnVersionContent(trx, rfpId, vendor.organisation.id, previous.version_number, round.round);
      return buildReceipt(rfp, vendor.organisation, previous, content, definition);
    }

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
      return refuse("stale", await staleDraft(trx, bid, vendor), { expectedDraftVersion: input.expectedDraftVersion, draftVersion: bid.draft_version });
    }
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

    await joinRfp(trx, rfp, vendor);
    // Submitting a bid is the plainest statement of an intent to bid (issue 9).
    if (rfp.intends_to_bid !== true) await setIntentToBid(trx, rfpId, vendor.organisation.id, true, vendor.id);
    // Serialised once: the receipt hashes this text and the version stores it.
    const json = canonicalBidJson(parsed.data);
    const version = await insertVersionWithContent(trx, { bidId: bid.id, contentHash: hashOfCanonicalJson(json), receivedAt, submittedBy: vendor.id, idempotencyKey: input.idempotencyKey }, json);
    await auditBid(trx, vendor, "bid.submitted", rfpId, { round: round.round, versionNumber: version.version_number, contentHash: version.content_hash, receivedAt });
    return receiptOf(rfp, vendor.organisation, version, parsed.data, definition);
  });
}

/**
 * The envelope of the round the vendor bids in, locked, with the round. Usually one statement
 * (`lockCurrentBid`); when there is no envelope yet, or the vendor is not on the round's
 * shortlist, the general path refuses (audited) or creates the envelope.
 */
async function lockEnvelope(trx: Executor, rfp: { id: string; bids_close_at: Date | null }, vendor: BidActor) {
  const current = await lockCurrentBid(trx, rfp, vendor.organisation.id);
  if (current?.round.mayBid) return current;
  const round = await biddingRound(trx, rfp, vendor, "bid.submission-refused");
  if (round instanceof Refusal) return round;
  return { bid: current?.bid ?? (await lockBid(trx, rfp.id, vendor.organisation.id, round.round)), round };
}
