// Which round of an RFP is current: round 1, or the latest BAFO round once the buyer created
// one. Bids, the opening and the evaluation all act on the current round; the results read
// the latest opened one by default.
import { findBafoRound, findLatestBafoRound, findLatestOpenedRound, isShortlisted } from "../../../db/queries/bafo";
import type { Executor } from "../../../db/queries/executor";

/** The latest round with a BAFO row, else 1. */
export async function currentRound(db: Executor, rfpId: string): Promise<number> {
  return (await findLatestBafoRound(db, rfpId))?.round ?? 1;
}

/** The newest round with a confirmed opening; null before the first opening. */
export async function latestOpenedRound(db: Executor, rfpId: string): Promise<number | null> {
  return findLatestOpenedRound(db, rfpId);
}

export interface RoundDeadline {
  round: number;
  bidsCloseAt: Date | null;
}

/** The current round and its deadline (round 1: the RFP's own deadline). */
export async function currentRoundDeadline(db: Executor, rfp: { id: string; bids_close_at: Date | null }): Promise<RoundDeadline> {
  const bafo = await findLatestBafoRound(db, rfp.id);
  return bafo ? { round: bafo.round, bidsCloseAt: bafo.bids_close_at } : { round: 1, bidsCloseAt: rfp.bids_close_at };
}

/** A round's deadline; undefined for a round that does not exist. */
export async function roundDeadline(db: Executor, rfp: { id: string; bids_close_at: Date | null }, round: number): Promise<Date | null | undefined> {
  if (round === 1) return rfp.bids_close_at;
  return (await findBafoRound(db, rfp.id, round))?.bids_close_at;
}

export interface VendorRound extends RoundDeadline {
  /** Whether this vendor may bid in the round: everyone invited in round 1, the shortlist later. */
  mayBid: boolean;
}

/** The round a vendor bids in now (the current one) and whether it may. */
export async function vendorRound(db: Executor, rfp: { id: string; bids_close_at: Date | null }, vendorOrganisationId: string): Promise<VendorRound> {
  const current = await currentRoundDeadline(db, rfp);
  if (current.round === 1) return { ...current, mayBid: true };
  return { ...current, mayBid: await isShortlisted(db, rfp.id, current.round, vendorOrganisationId) };
}
