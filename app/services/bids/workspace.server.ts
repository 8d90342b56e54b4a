// The vendor's bid workspace (the grid page) and its receipts. Reading is an access to a
// sealed bid, so it is audited like everything else.
import type { Kysely } from "kysely";
import { deepFreeze, KeptByText } from "../../../db/kept-by-text";
import { definitionOfLazily, PerDefinition } from "../../../db/queries/rfps";
import { readOwnEnvelopeWithDraft, readOwnVersion } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import { bidDraftSchema, bidFeedback, checkBidCompleteness, emptyBidDraft, type BidDraft, type BidFeedback, type BidProblem } from "../../domain/bids/content";
import { deriveBidState, pendingConfirmations, type BidState } from "../../domain/bids/state";
import { DomainError } from "../../domain/errors";
import type { RfpDefinition } from "../../domain/rfp/sections";
import { deriveRfpState, type RfpState } from "../../domain/rfp/state";
import { readOwnCountingBid, readVendorBafo, type VendorBafoView } from "../bafo/vendor.server";
import { roundDeadline } from "../bafo/rounds.server";
import { auditBid, loadVendorRfpWithFacts, type BidActor } from "./access.server";
import { receiptOf, type BidReceipt } from "./receipt.server";

export interface BidWorkspace {
  rfp: { id: string; title: string; reference: string; buyer: string; currency: string; state: RfpState; bidsCloseAt: Date | null };
  /** What the grid needs: the term sheet, the slots, the criteria and the SLA requirements. */
  definition: Pick<RfpDefinition, "termSheet" | "bundleSlots" | "criteria" | "sla">;
  deadline: Date | null;
  deadlinePassed: boolean;
  now: Date;
  state: BidState;
  draft: { version: number; updatedAt: Date | null; content: BidDraft };
  /** Computed when first read. */
  readonly problems: BidProblem[];
  /** The engine's feedback on the draft; computed when first read. */
  readonly feedback: BidFeedback;
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

/**
 * The vendor's workspace: its RFP with its lifecycle facts, its BAFO view when the RFP is in a
 * BAFO round, then its envelope with the draft in one statement, and the audit row of the read
 * (decision 005: reading a sealed bid, even one's own, is audited). The
 * engine's feedback and the completeness check are computed when first read, so a page that
 * does not show them does not pay for them.
 */
export async function getBidWorkspace(db: Kysely<Database>, rfpId: string, vendor: BidActor): Promise<BidWorkspace> {
  // No transaction: each read is one statement that sees committed data (as it would in a
  // read-committed transaction), the clock is each statement's own (clock_timestamp), and the
  // audit row is one statement that commits by itself. A transaction added only BEGIN and COMMIT.
  const rfp = await loadVendorRfpWithFacts(db, rfpId, vendor);
  const { facts } = rfp;
  const definition = definitionOfLazily(rfp);
  // A shortlisted vendor works on its BAFO envelope; anyone else keeps the round it last bid in.
  const bafo = facts.bafo ? await readVendorBafo(db, rfp, vendor) : null;
  const round = bafo?.shortlisted ? bafo.round : bafo ? bafo.round - 1 : 1;
  const deadline = round === 1 ? rfp.bids_close_at : round === facts.bafo?.round ? facts.bafo.bidsCloseAt : ((await roundDeadline(db, rfp, round)) ?? null);
  const own = await readOwnEnvelopeWithDraft(db, rfpId, vendor.organisation.id, round);
  const { now, bid, versions } = own;
  const state = deriveBidState(versions.at(-1)?.versionNumber ?? null, own.withdrawnVersion);
  const pendingAddenda = pendingConfirmations(state, own.unconfirmedAddenda, new Set<string>());
  // A BAFO draft starts from the vendor's own bid of the previous round, as it counted.
  const earlier = own.draftText === undefined && round > 1 && round === facts.bafo?.round ? await readOwnCountingBid(db, rfp, vendor, round - 1) : null;
  const saved = own.draftText !== undefined ? savedDrafts.get(own.draftText, readSavedDraft) : null;
  const draft = saved ? saved.draft : earlier ? bidDraftSchema.parse(earlier.content) : emptyBidDraft(definition);
  const rfpState = deriveRfpState(facts, now);
  await auditBid(db, vendor, "bid.workspace-read", rfpId, { round, draftVersion: bid?.draftVersion ?? 0, versions: versions.length });
  let feedback: BidFeedback | undefined;
  let problems: BidProblem[] | undefined;
  return {
    rfp: { id: rfp.id, title: rfp.title, reference: rfp.reference, buyer: rfp.buyer_name, currency: rfp.currency, bidsCloseAt: rfp.bids_close_at, state: rfpState },
    definition: { termSheet: definition.termSheet, bundleSlots: definition.bundleSlots, criteria: definition.criteria, sla: definition.sla },
    deadline,
    deadlinePassed: deadline !== null && deadline <= now,
    now,
    state,
    draft: { version: bid?.draftVersion ?? 0, updatedAt: bid?.draftUpdatedAt ?? null, content: draft },
    get problems() {
      return (problems ??= checkBidCompleteness(draft, definition));
    },
    get feedback() {
      return (feedback ??= saved ? saved.feedback.get(definition, (d) => bidFeedback(saved.draft, d)) : bidFeedback(draft, definition));
    },
    versions,
    needsConfirmation: pendingAddenda.length > 0,
    pendingAddenda,
    round,
    editable: rfpState === "open" || (rfpState === "bafo-open" && bafo?.shortlisted === true && !bafo.deadlinePassed),
    bafo,
  };
}

/**
 * A saved draft read before, by its text as stored (db/kept-by-text.ts): parsed and validated
 * once, and the engine's feedback on it computed once for each definition of the RFP
 * (`PerDefinition`; issue 15: the bid page recomputed it on every view, though it changes only
 * when the draft or the RFP does). Shared by every view of the draft, so frozen. About 16 MB of
 * drafts at most.
 */
interface SavedDraft {
  draft: BidDraft;
  feedback: PerDefinition<BidFeedback>;
}
const savedDrafts = new KeptByText<SavedDraft>(2_000, 8_000_000);

function readSavedDraft(text: string): SavedDraft {
  return { draft: deepFreeze(bidDraftSchema.parse(JSON.parse(text))), feedback: new PerDefinition() };
}

/** A receipt of the vendor's own version; `round` defaults to the round the vendor bids in now. */
export async function getReceipt(db: Kysely<Database>, rfpId: string, versionNumber: number, vendor: BidActor, round?: number): Promise<BidReceipt> {
  return (await getReceiptView(db, rfpId, versionNumber, vendor, round)).receipt;
}

/** The receipt page: the receipt (audited as `bid.receipt-read`), with the term sheet and currency its values are shown in. */
export async function getReceiptView(
  db: Kysely<Database>,
  rfpId: string,
  versionNumber: number,
  vendor: BidActor,
  round?: number,
): Promise<{ receipt: BidReceipt; termSheet: RfpDefinition["termSheet"]; currency: string; round: number; rounds: number }> {
  const rfp = await loadVendorRfpWithFacts(db, rfpId, vendor);
  const bafo = round === undefined && rfp.facts.bafo ? await readVendorBafo(db, rfp, vendor) : null;
  const inRound = round ?? (bafo?.shortlisted ? bafo.round : bafo ? bafo.round - 1 : 1);
  const rounds = rfp.facts.bafo?.round ?? 1;
  const version = Number.isSafeInteger(versionNumber) ? await readOwnVersion(db, rfpId, vendor.organisation.id, versionNumber, inRound) : undefined;
  // Version numbers start again in every round: once there are rounds, the refusal names the one asked.
  if (!version) throw new DomainError("not_found", Number.isSafeInteger(versionNumber) && (rounds > 1 || round !== undefined) ? `You have no submitted version ${versionNumber} in round ${inRound}.` : "You have no submitted version with this number.");
  await auditBid(db, vendor, "bid.receipt-read", rfpId, { versionNumber, round: inRound });
  const definition = definitionOfLazily(rfp);
  return { receipt: receiptOf(rfp, vendor.organisation, version, version.content, definition), termSheet: definition.termSheet, currency: rfp.currency, round: inRound, rounds };
}

