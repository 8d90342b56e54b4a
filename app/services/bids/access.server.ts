// Guards and shared reads for the bid use cases. A vendor acts on an RFP only if it can see
// it (invited, or public); anything else is "not found", existence unrevealed. Refused
// attempts are audited too: their audit row commits, then the error is thrown.
import type { Kysely } from "kysely";
import { appendAuditEvent } from "../../../db/queries/audit";
import { findBid, lastWithdrawal, listBidVersions, listConfirmedAddenda } from "../../../db/queries/bids";
import type { Executor } from "../../../db/queries/executor";
import { addendaNeedingBidConfirmation } from "../../../db/queries/rfp-addenda";
import { findRfpVisibleToVendor, findRfpVisibleToVendorWithFacts } from "../../../db/queries/rfp-vendors";
import type { Database } from "../../../db/schema";
import { deriveBidState, pendingConfirmations, type BidState } from "../../domain/bids/state";
import { DomainError } from "../../domain/errors";
import { vendorRound, type VendorRound } from "../bafo/rounds.server";
import { assertId, requireVendor, RFP_NOT_FOUND, type RfpActor } from "../rfps/access.server";

export type BidActor = RfpActor;

/** A refusal whose audit row must commit: the transaction returns it, the caller throws it. */
export class Refusal {
  constructor(readonly error: DomainError) {}
}

/** One transaction; a Refusal returned from it is committed (with its audit row) and then thrown. */
export async function inAuditedTransaction<T>(db: Kysely<Database>, work: (trx: Executor) => Promise<T | Refusal>): Promise<T> {
  const result = await db.transaction().execute(work);
  if (result instanceof Refusal) throw result.error;
  return result;
}

export async function auditBid(db: Executor, actor: BidActor, action: string, rfpId: string, data: Record<string, unknown> = {}): Promise<void> {
  await appendAuditEvent(db, {
    actorUserId: actor.id,
    actorIp: actor.ip ?? null,
    action,
    entityType: "bid",
    entityId: rfpId,
    data: { organisation: actor.organisation.name, organisationId: actor.organisation.id, ...data },
  });
}

/** `lock: "share"`: the RFP row share-locked by the same read (see `lockRfpDeadline`). */
export async function loadVendorRfp(db: Executor, rfpId: string, vendor: BidActor, lock?: "share") {
  requireVendor(vendor, "submit:bid:own");
  assertId(rfpId);
  const rfp = await findRfpVisibleToVendor(db, rfpId, vendor.organisation.id, lock);
  if (!rfp) throw new DomainError("not_found", RFP_NOT_FOUND);
  return rfp;
}

/** `loadVendorRfp` with the database clock and the RFP's lifecycle facts, read in the same statement. */
export async function loadVendorRfpWithFacts(db: Executor, rfpId: string, vendor: BidActor) {
  requireVendor(vendor, "submit:bid:own");
  assertId(rfpId);
  const rfp = await findRfpVisibleToVendorWithFacts(db, rfpId, vendor.organisation.id);
  if (!rfp) throw new DomainError("not_found", RFP_NOT_FOUND);
  return rfp;
}

export function notShortlistedMessage(round: number): string {
  return `You are not on the shortlist of BAFO round ${round} of this RFP, so you cannot bid in it. Your bid of round ${round - 1} stays as it was opened.`;
}

/**
 * The round the vendor bids in now and its deadline (the RFP row is locked by the caller). A
 * vendor left off a BAFO round's shortlist gets a Refusal, audited as `action`, before any
 * envelope of that round exists.
 */
export async function biddingRound(trx: Executor, rfp: { id: string; bids_close_at: Date | null }, vendor: BidActor, action: string): Promise<VendorRound | Refusal> {
  const round = await vendorRound(trx, rfp, vendor.organisation.id);
  if (round.mayBid) return round;
  await auditBid(trx, vendor, action, rfp.id, { reason: "not-shortlisted", round: round.round });
  return new Refusal(new DomainError("forbidden", notShortlistedMessage(round.round)));
}

export interface BidFacts {
  bidId: string | null;
  versions: Awaited<ReturnType<typeof listBidVersions>>;
  state: BidState;
  /** Addenda the submitted version must still be confirmed against. */
  pendingAddenda: { id: string; number: number; issued_at: Date }[];
}

/** The envelope's facts for one vendor (no content): versions, state, pending confirmations. */
export async function bidFacts(db: Executor, rfpId: string, vendorOrganisationId: string, bid?: { id: string }, round = 1): Promise<BidFacts> {
  const envelope = bid ?? (await findBid(db, rfpId, vendorOrganisationId, round));
  if (!envelope) return { bidId: null, versions: [], state: "draft", pendingAddenda: [] };
  const versions = await listBidVersions(db, envelope.id);
  const last = versions.at(-1);
  const withdrawn = await lastWithdrawal(db, envelope.id);
  const state = deriveBidState(last?.version_number ?? null, withdrawn?.withdrawn_version ?? null);
  const pendingAddenda = last
    ? pendingConfirmations(state, await addendaNeedingBidConfirmation(db, rfpId, last.received_at), await listConfirmedAddenda(db, envelope.id, last.version_number))
    : [];
  return { bidId: envelope.id, versions, state, pendingAddenda };
}

export function deadlineRefusal(action: "submission" | "withdrawal" | "confirmation" | "save", bidsCloseAt: Date, at: Date, formatExact: (d: Date) => string): string {
  const reached = { submission: "your submission", withdrawal: "your withdrawal", confirmation: "your confirmation", save: "your save" }[action];
  return `The deadline passed at ${formatExact(bidsCloseAt)} (${reached} reached us at ${formatExact(at)}). Your draft is kept.`;
}
