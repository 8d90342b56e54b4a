// The vendor's bid workspace (the grid page) and its receipts. Reading is an access to a
// sealed bid, so it is audited like everything else.
import type { Kysely } from "kysely";
import { databaseClock, findBid, findBidVersion } from "../../../db/queries/bids";
import { definitionOf } from "../../../db/queries/rfps";
import { readOwnDraftContent, readOwnVersionContent } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import { bidDraftSchema, bidFeedback, checkBidCompleteness, emptyBidDraft, type BidDraft, type BidFeedback, type BidProblem } from "../../domain/bids/content";
import type { BidState } from "../../domain/bids/state";
import { DomainError } from "../../domain/errors";
import type { RfpDefinition } from "../../domain/rfp/sections";
import { deriveRfpState, type RfpState } from "../../domain/rfp/state";
import { auditBid, bidFacts, loadVendorRfp, type BidActor } from "./access.server";
import { buildReceipt, type BidReceipt } from "./receipt.server";

export interface BidWorkspace {
  rfp: { id: string; title: string; reference: string; buyer: string; currency: string; state: RfpState; bidsCloseAt: Date | null };
  /** What the grid needs: the term sheet, the slots, the criteria and the SLA requirements. */
  definition: Pick<RfpDefinition, "termSheet" | "bundleSlots" | "criteria" | "sla">;
  deadline: Date | null;
  deadlinePassed: boolean;
  now: Date;
  state: BidState;
  draft: { version: number; updatedAt: Date | null; content: BidDraft };
  problems: BidProblem[];
  feedback: BidFeedback;
  versions: { versionNumber: number; receivedAt: Date; contentHash: string }[];
  needsConfirmation: boolean;
  pendingAddenda: { id: string; number: number; issuedAt: Date }[];
}

export async function getBidWorkspace(db: Kysely<Database>, rfpId: string, vendor: BidActor): Promise<BidWorkspace> {
  return db.transaction().execute(async (trx) => {
    const rfp = await loadVendorRfp(trx, rfpId, vendor);
    const now = await databaseClock(trx);
    const definition = definitionOf(rfp);
    const bid = await findBid(trx, rfpId, vendor.organisation.id);
    const facts = await bidFacts(trx, rfpId, vendor.organisation.id, bid);
    const stored = bid ? await readOwnDraftContent(trx, bid.id, vendor.organisation.id) : undefined;
    const draft = stored === undefined ? emptyBidDraft(definition) : bidDraftSchema.parse(stored);
    await auditBid(trx, vendor, "bid.workspace-read", rfpId, { draftVersion: bid?.draft_version ?? 0, versions: facts.versions.length });
    return {
      rfp: { id: rfp.id, title: rfp.title, reference: rfp.reference, buyer: rfp.buyer_name, currency: rfp.currency, bidsCloseAt: rfp.bids_close_at, state: deriveRfpState({ publishedAt: rfp.published_at, bidsCloseAt: rfp.bids_close_at, cancelledAt: rfp.cancelled_at }, now) },
      definition: { termSheet: definition.termSheet, bundleSlots: definition.bundleSlots, criteria: definition.criteria, sla: definition.sla },
      deadline: rfp.bids_close_at,
      deadlinePassed: rfp.bids_close_at !== null && rfp.bids_close_at <= now,
      now,
      state: facts.state,
      draft: { version: bid?.draft_version ?? 0, updatedAt: bid?.draft_updated_at ?? null, content: draft },
      problems: checkBidCompleteness(draft, definition),
      feedback: bidFeedback(draft, definition),
      versions: facts.versions.map((v) => ({ versionNumber: v.version_number, receivedAt: v.received_at, contentHash: v.content_hash })),
      needsConfirmation: facts.pendingAddenda.length > 0,
      pendingAddenda: facts.pendingAddenda.map((a) => ({ id: a.id, number: a.number, issuedAt: a.issued_at })),
    };
  });
}

export async function getReceipt(db: Kysely<Database>, rfpId: string, versionNumber: number, vendor: BidActor): Promise<BidReceipt> {
  return db.transaction().execute(async (trx) => {
    const rfp = await loadVendorRfp(trx, rfpId, vendor);
    const bid = await findBid(trx, rfpId, vendor.organisation.id);
    const version = bid && Number.isSafeInteger(versionNumber) ? await findBidVersion(trx, bid.id, versionNumber) : undefined;
    const content = version ? await readOwnVersionContent(trx, rfpId, vendor.organisation.id, versionNumber) : undefined;
    if (!version || content === undefined) throw new DomainError("not_found", "You have no submitted version with this number.");
    await auditBid(trx, vendor, "bid.receipt-read", rfpId, { versionNumber });
    return buildReceipt(rfp, vendor.organisation, version, content, definitionOf(rfp));
  });
}
