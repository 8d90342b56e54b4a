// Saving the grid. One draft per RFP, vendor organisation and round, saved optimistically:
// a save based on an older version (another tab, a colleague) is refused, nothing overwritten.
import type { Kysely } from "kysely";
import { bumpDraftVersion, databaseClock, lockBid, lockRfpDeadline } from "../../../db/queries/bids";
import { writeDraftContent } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import { bidDraftSchema } from "../../domain/bids/content";
import { formatExactInstant, type SaveBidDraftInput } from "../../domain/bids/state";
import { DomainError } from "../../domain/errors";
import { auditBid, biddingRound, deadlineRefusal, inAuditedTransaction, loadVendorRfp, Refusal, type BidActor } from "./access.server";

export const STALE_DRAFT = "This bid was saved elsewhere (another tab or a colleague) since you opened it. Nothing was overwritten: reload to see the latest draft, then make your changes again.";

export async function saveBidDraft(db: Kysely<Database>, rfpId: string, input: SaveBidDraftInput, vendor: BidActor): Promise<{ version: number; savedAt: Date }> {
  // Whatever the caller (grid, workbook, API): the draft's shape and caps (issue #10, item 2).
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
      return new Refusal(new DomainError("conflict", STALE_DRAFT));
    }
    await writeDraftContent(trx, bid.id, input.draft);
    await auditBid(trx, vendor, "bid.draft-saved", rfpId, { draftVersion: saved.version });
    return { version: saved.version, savedAt: saved.updatedAt };
  });
}
