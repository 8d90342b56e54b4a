// What a vendor sees of a BAFO round: whether it is shortlisted, the conditional asks sent to
// it, and its own bid of the previous round (the version that counted at that opening). Never
// another vendor's data: every read is scoped to the vendor's organisation.
import type { Kysely } from "kysely";
import { listAsks } from "../../../db/queries/bafo";
import { findBid, lastWithdrawal, listBidVersions } from "../../../db/queries/bids";
import { listAdmittedBidders } from "../../../db/queries/evaluation-access";
import type { Executor } from "../../../db/queries/executor";
import { databaseNow, definitionOf } from "../../../db/queries/rfps";
import { readOwnVersionContent } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import { deriveBidState, type BidState } from "../../domain/bids/state";
import { auditBid, loadVendorRfp, type BidActor } from "../bids/access.server";
import { buildReceipt, type BidReceipt } from "../bids/receipt.server";
import { vendorRound } from "./rounds.server";

export interface VendorPreviousBid {
  round: number;
  versionNumber: number;
  receivedAt: Date;
  contentHash: string;
  bundles: BidReceipt["bundles"];
  /** The stored content as counted (to carry it unchanged, or to start the new draft from). */
  content: unknown;
}

export interface VendorBafoView {
  round: number;
  bidsCloseAt: Date | null;
  deadlinePassed: boolean;
  shortlisted: boolean;
  asks: { ifWe: string; couldYou: string; sentAt: Date }[];
  /** The vendor's own counting bid of round − 1 (null if it had none there). */
  previous: Omit<VendorPreviousBid, "content"> | null;
  /** The newest round-N version carries the earlier bid unchanged. */
  confirmedUnchanged: boolean;
  canConfirmUnchanged: boolean;
  /** Where the vendor's own bid of this round stands (null when not shortlisted). */
  current: { state: BidState; lastVersion: { number: number; receivedAt: Date } | null; draftSavedAt: Date | null } | null;
}

type VendorRfp = Awaited<ReturnType<typeof loadVendorRfp>>;

/** The vendor's own counting bid of a round that was opened; null when it had none. */
export async function readOwnCountingBid(trx: Executor, rfp: VendorRfp, vendor: BidActor, round: number): Promise<VendorPreviousBid | null> {
  const counted = (await listAdmittedBidders(trx, rfp.id, round)).find((b) => b.vendorOrganisationId === vendor.organisation.id);
  if (!counted) return null;
  const envelope = await findBid(trx, rfp.id, vendor.organisation.id, round);
  const version = envelope ? (await listBidVersions(trx, envelope.id)).find((v) => v.version_number === counted.versionNumber) : undefined;
  const content = version ? await readOwnVersionContent(trx, rfp.id, vendor.organisation.id, counted.versionNumber, round) : undefined;
  if (!version || content === undefined) return null;
  const receipt = buildReceipt(rfp, vendor.organisation, version, content, definitionOf(rfp));
  return { round, versionNumber: version.version_number, receivedAt: version.received_at, contentHash: version.content_hash, bundles: receipt.bundles, content };
}

/** The vendor's view of the current BAFO round; null while the RFP is in round 1. */
export async function readVendorBafo(trx: Executor, rfp: VendorRfp, vendor: BidActor): Promise<VendorBafoView | null> {
  const round = await vendorRound(trx, rfp, vendor.organisation.id);
  if (round.round === 1) return null;
  const now = await databaseNow(trx);
  const deadlinePassed = round.bidsCloseAt !== null && round.bidsCloseAt <= now;
  if (!round.mayBid) {
    return { round: round.round, bidsCloseAt: round.bidsCloseAt, deadlinePassed, shortlisted: false, asks: [], previous: null, confirmedUnchanged: false, canConfirmUnchanged: false, current: null };
  }
  const asks = (await listAsks(trx, rfp.id, round.round, vendor.organisation.id)).map((a) => ({ ifWe: a.if_we, couldYou: a.could_you, sentAt: a.created_at }));
  const counted = await readOwnCountingBid(trx, rfp, vendor, round.round - 1);
  const previous = counted ? { round: counted.round, versionNumber: counted.versionNumber, receivedAt: counted.receivedAt, contentHash: counted.contentHash, bundles: counted.bundles } : null;
  const envelope = await findBid(trx, rfp.id, vendor.organisation.id, round.round);
  const last = envelope ? (await listBidVersions(trx, envelope.id)).at(-1) : undefined;
  const withdrawal = envelope && last ? await lastWithdrawal(trx, envelope.id) : undefined;
  return {
    round: round.round,
    bidsCloseAt: round.bidsCloseAt,
    deadlinePassed,
    shortlisted: true,
    asks,
    previous,
    confirmedUnchanged: last?.carried_from_round !== null && last?.carried_from_round !== undefined,
    canConfirmUnchanged: !deadlinePassed && previous !== null,
    current: {
      state: deriveBidState(last?.version_number ?? null, withdrawal?.withdrawn_version ?? null),
      lastVersion: last ? { number: last.version_number, receivedAt: last.received_at } : null,
      draftSavedAt: envelope?.draft_updated_at ?? null,
    },
  };
}

/** The vendor's RFP page: its BAFO round, if any (reading its own earlier bid is audited). */
export async function getVendorBafo(db: Kysely<Database>, rfpId: string, vendor: BidActor): Promise<VendorBafoView | null> {
  return db.transaction().execute(async (trx) => {
    const rfp = await loadVendorRfp(trx, rfpId, vendor);
    const view = await readVendorBafo(trx, rfp, vendor);
    if (view?.shortlisted) await auditBid(trx, vendor, "bafo.vendor-view-read", rfpId, { round: view.round, asks: view.asks.length, previousVersion: view.previous?.versionNumber ?? null });
    return view;
  });
}
