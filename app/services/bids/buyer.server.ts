// The buyer's side of sealed bids. Before opening, the buyer sees THAT vendors submitted
// (when, how many versions, withdrawn, awaiting confirmation), never WHAT: this file builds
// its results field by field from envelope facts, and the only content reader it calls
// refuses while the seal holds (deadline not passed, or no bid opening recorded).
import type { Kysely } from "kysely";
import { readSubmissionsBoard } from "../../../db/queries/bids";
import { readOpenedBidContents } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import type { BidContent } from "../../domain/bids/content";
import { deriveBidState } from "../../domain/bids/state";
import { DomainError } from "../../domain/errors";
import { formatInstant } from "../../domain/rfp/format";
import { assertId, checkBuyerRfp, loadBuyerRfp, type RfpActor } from "../rfps/access.server";
import { auditBid, inAuditedTransaction, Refusal } from "./access.server";

export interface SubmissionSummary {
  vendorOrganisationId: string;
  vendorName: string;
  submitted: boolean;
  lastReceivedAt: Date | null;
  versionCount: number;
  withdrawn: boolean;
  needsConfirmation: boolean;
}

export async function listSubmissionsForBuyer(db: Kysely<Database>, rfpId: string, buyer: RfpActor): Promise<SubmissionSummary[]> {
  assertId(rfpId);
  // The round taking bids now: round 1, or the latest BAFO round (its shortlisted vendors' envelopes).
  const board = checkBuyerRfp(await readSubmissionsBoard(db, rfpId), buyer, "read:submissions:own");
  const { round, envelopes: rows, addenda } = board;
  const confirmed = new Set(board.confirmations.map((c) => `${c.bid_id}/${c.version_number}/${c.addendum_id}`));
  await auditBid(db, buyer, "bid.submissions-listed", rfpId, { vendors: rows.length, round });
  return rows.map((r): SubmissionSummary => {
    const state = deriveBidState(r.last_version ?? null, r.last_withdrawn_version ?? null);
    const receivedAt = r.last_received_at ? new Date(r.last_received_at) : null;
    const needsConfirmation =
      state === "submitted" && receivedAt !== null && addenda.some((a) => new Date(a.issued_at) > receivedAt && !confirmed.has(`${r.bid_id}/${r.last_version}/${a.id}`));
    return {
      vendorOrganisationId: r.vendor_organisation_id,
      vendorName: r.vendor_name,
      submitted: state === "submitted",
      lastReceivedAt: receivedAt,
      versionCount: Number(r.version_count ?? 0),
      withdrawn: state === "withdrawn",
      needsConfirmation,
    };
  });
}

export interface OpenedBid {
  vendorOrganisationId: string;
  versionNumber: number;
  receivedAt: Date;
  contentHash: string;
  withdrawn: boolean;
  content: BidContent;
}

/** The counting version of every bid, once the bids are opened; refused (and audited) while sealed. */
export async function openSealedBids(db: Kysely<Database>, rfpId: string, buyer: RfpActor): Promise<OpenedBid[]> {
  return inAuditedTransaction(db, async (trx) => {
    await loadBuyerRfp(trx, rfpId, buyer, "open:bids:own");
    const result = await readOpenedBidContents(trx, rfpId);
    if (result.sealed) {
      await auditBid(trx, buyer, "bid.read-refused", rfpId, { reason: "sealed", deadlinePassed: result.deadlinePassed });
      const until = result.bidsCloseAt && !result.deadlinePassed ? `${formatInstant(result.bidsCloseAt)} and the bid opening` : "the bid opening is recorded";
      return new Refusal(new DomainError("forbidden", `Bids are sealed until ${until}.`));
    }
    await auditBid(trx, buyer, "bid.contents-read", rfpId, { bids: result.bids.length });
    return result.bids;
  });
}
