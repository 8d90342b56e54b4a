// The vendor's bid workspace (the grid page) and its receipts. Reading is an access to a
// sealed bid, so it is audited like everything else.
import type { Kysely } from "kysely";
import { databaseClock, findBid, findBidVersion } from "../../../db/queries/bids";
import { definitionOf } from "../../../db/queries/rfps";
import { readRfpLifecycleFacts } from "../../../db/queries/rfp-lifecycle";
import { readOwnDraftContent, readOwnVersionContent } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import { bidDraftSchema, bidFeedback, checkBidCompleteness, emptyBidDraft, type BidDraft, type BidFeedback, type BidProblem } from "../../domain/bids/content";
import type { BidState } from "../../domain/bids/state";
import { DomainError } from "../../domain/errors";
import type { RfpDefinition } from "../../domain/rfp/sections";
import { deriveRfpState, type RfpState } from "../../domain/rfp/state";
import { readOwnCountingBid, readVendorBafo, type VendorBafoView } from "../bafo/vendor.server";
import { currentRound, roundDeadline } from "../bafo/rounds.server";
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
  /** The round this envelope belongs to: 1, or the BAFO round the vendor is shortlisted for. */
  round: number;
  /** The grid takes changes: round 1 open, or the BAFO round this vendor is shortlisted for open. */
  editable: boolean;
  /** The BAFO round's ask, shortlist and earlier bid; null in round 1. */
  bafo: VendorBafoView | null;
}

export async function getBidWorkspace(db: Kysely<Database>, rfpId: string, vendor: BidActor): Promise<BidWorkspace> {
  return db.transaction().execute(async (trx) => {
    const rfp = await loadVendorRfp(trx, rfpId, vendor);
    const now = await databaseClock(trx);
    const definition = definitionOf(rfp);
    // A shortlisted vendor works on its BAFO envelope; anyone else keeps the round it last bid in.
    const bafo = await readVendorBafo(trx, rfp, vendor);
    const round = bafo?.shortlisted ? bafo.round : bafo ? bafo.round - 1 : 1;
    const deadline = round === 1 ? rfp.bids_close_at : ((await roundDeadline(trx, rfp, round)) ?? null);
    const bid = await findBid(trx, rfpId, vendor.organisation.id, round);
    const facts = await bidFacts(trx, rfpId, vendor.organisation.id, bid, round);
    const stored = bid ? await readOwnDraftContent(trx, bid.id, vendor.organisation.id) : undefined;
    // A BAFO draft starts from the vendor's own bid of the previous round, as it counted.
    const earlier = stored === undefined && round > 1 && round === (await currentRound(trx, rfpId)) ? await readOwnCountingBid(trx, rfp, vendor, round - 1) : null;
    const draft = stored !== undefined ? bidDraftSchema.parse(stored) : earlier ? bidDraftSchema.parse(earlier.content) : emptyBidDraft(definition);
    const rfpState = deriveRfpState(await readRfpLifecycleFacts(trx, rfpId), now);
    await auditBid(trx, vendor, "bid.workspace-read", rfpId, { round, draftVersion: bid?.draft_version ?? 0, versions: facts.versions.length });
    return {
      rfp: { id: rfp.id, title: rfp.title, reference: rfp.reference, buyer: rfp.buyer_name, currency: rfp.currency, bidsCloseAt: rfp.bids_close_at, state: rfpState },
      definition: { termSheet: definition.termSheet, bundleSlots: definition.bundleSlots, criteria: definition.criteria, sla: definition.sla },
      deadline,
      deadlinePassed: deadline !== null && deadline <= now,
      now,
      state: facts.state,
      draft: { version: bid?.draft_version ?? 0, updatedAt: bid?.draft_updated_at ?? null, content: draft },
      problems: checkBidCompleteness(draft, definition),
      feedback: bidFeedback(draft, definition),
      versions: facts.versions.map((v) => ({ versionNumber: v.version_number, receivedAt: v.received_at, contentHash: v.content_hash })),
      needsConfirmation: facts.pendingAddenda.length > 0,
      pendingAddenda: facts.pendingAddenda.map((a) => ({ id: a.id, number: a.number, issuedAt: a.issued_at })),
      round,
      editable: rfpState === "open" || (rfpState === "bafo-open" && bafo?.shortlisted === true && !bafo.deadlinePassed),
      bafo,
    };
  });
}

/** A receipt of the vendor's own version; `round` defaults to the round the vendor bids in now. */
export async function getReceipt(db: Kysely<Database>, rfpId: string, versionNumber: number, vendor: BidActor, round?: number): Promise<BidReceipt> {
  return db.transaction().execute(async (trx) => {
    const rfp = await loadVendorRfp(trx, rfpId, vendor);
    const bafo = round === undefined ? await readVendorBafo(trx, rfp, vendor) : null;
    const inRound = round ?? (bafo?.shortlisted ? bafo.round : bafo ? bafo.round - 1 : 1);
    const bid = await findBid(trx, rfpId, vendor.organisation.id, inRound);
    const version = bid && Number.isSafeInteger(versionNumber) ? await findBidVersion(trx, bid.id, versionNumber) : undefined;
    const content = version ? await readOwnVersionContent(trx, rfpId, vendor.organisation.id, versionNumber, inRound) : undefined;
    if (!version || content === undefined) throw new DomainError("not_found", "You have no submitted version with this number.");
    await auditBid(trx, vendor, "bid.receipt-read", rfpId, { versionNumber });
    return buildReceipt(rfp, vendor.organisation, version, content, definitionOf(rfp));
  });
}
