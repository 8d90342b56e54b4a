// Saving the grid. One draft per RFP, vendor organisation and round, saved optimistically:
// a save based on an older version (another tab, a colleague) is refused, nothing overwritten.
import type { Kysely } from "kysely";
import { findUserName } from "../../../db/queries/accounts";
import { bumpDraftVersion, databaseClock, lockBid, lockRfpDeadline } from "../../../db/queries/bids";
import type { Executor } from "../../../db/queries/executor";
import { writeDraftContent } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import { bidDraftSchema } from "../../domain/bids/content";
import { draftVersionSchema, formatExactInstant, StaleDraftError, type SaveBidDraftInput } from "../../domain/bids/state";
import { DomainError } from "../../domain/errors";
import { auditBid, biddingRound, deadlineRefusal, inAuditedTransaction, loadVendorRfp, Refusal, type BidActor } from "./access.server";

/** The refusal of a save or submission based on an older draft version: which version stands, when and by whom. */
export async function staleDraft(trx: Executor, bid: { draft_version: number; draft_updated_at: Date | null; draft_updated_by: string | null }, vendor: BidActor): Promise<StaleDraftError> {
  const byYou = bid.draft_updated_by === vendor.id;
  const savedBy = bid.draft_updated_by && !byYou ? await findUserName(trx, bid.draft_updated_by) : null;
  return new StaleDraftError({ version: bid.draft_version, savedAt: bid.draft_updated_at, savedBy, byYou });
}

export async function saveBidDraft(db: Kysely<Database>, rfpId: string, input: SaveBidDraftInput, vendor: BidActor): Promise<{ version: number; savedAt: Date }> {
  // Whatever the caller (grid, workbook, API): the draft's shape and caps (issue #10, item 2).
  // A version the database cannot hold (1e21, NaN, 1.5) is refused in words, not by PostgreSQL.
  if (!draftVersionSchema.safeParse(input.expectedVersion).success) throw new DomainError("invalid", "The draft version this save is based on is not a version number: reload the bid and save again.");
  const checked = bidDraftSchema.safeParse(input.draft);
  if (!checked.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of checked.error.issues.slice(0, 20)) (fieldErrors[["bundles", ...issue.path.slice(1)].join(".")] ??= []).push(issue.message);
    throw new DomainError("invalid", `This draft cannot be saved: ${checked.error.issues[0]?.message ?? "it is not a bid"}`, fieldErrors);
  }
  return inAuditedTransaction(db, async (trx) => {
    await loadVendorRfp(trx, rfpId, vendor);
    const rfp = (await lockRfpDeadline(trx, rfpId))!;
    const round = await biddingRound(trx, rfp, vendor, "bid.draft-save-refused");
    if (round instanceof Refusal) return round;
    const bid = await lockBid(trx, rfpId, vendor.organisation.id, round.round);
    const now = await databaseClock(trx);
    if (rfp.cancelled_at) return new Refusal(new DomainError("conflict", "This RFP was cancelled; bids can no longer be changed."));
    if (round.bidsCloseAt && round.bidsCloseAt <= now) {
      await auditBid(trx, vendor, "bid.draft-save-refused", rfpId, { reason: "deadline", at: now, round: round.round });
      return new Refusal(new DomainError("conflict", deadlineRefusal("save", round.bidsCloseAt, now, formatExactInstant)));
    }
    const saved = await bumpDraftVersion(trx, bid.id, input.expectedVersion, vendor.id);
    if (!saved) {
      await auditBid(trx, vendor, "bid.draft-save-refused", rfpId, { reason: "stale", expectedVersion: input.expectedVersion, currentVersion: bid.draft_version });
      return new Refusal(await staleDraft(trx, bid, vendor));
    }
    await writeDraftContent(trx, bid.id, input.draft);
    await auditBid(trx, vendor, "bid.draft-saved", rfpId, { draftVersion: saved.version });
    return { version: saved.version, savedAt: saved.updatedAt };
  });
}
