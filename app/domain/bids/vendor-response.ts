// What a vendor's lists (its dashboard and /opportunities) say of its own part in an RFP: the
// round it may bid in now with that round's deadline, and its response in words. In a BAFO
// round a shortlisted vendor bids against the round's deadline, not round 1's; a vendor left
// off the shortlist is told so instead of being shown a round it cannot bid in.
import type { RfpState } from "../rfp/state";
import { deriveBidState } from "./state";

export interface VendorResponseFacts {
  state: RfpState;
  /** Round 1's deadline. */
  bidsCloseAt: Date | null;
  /** The RFP's latest BAFO round, and whether this vendor is on its shortlist. */
  bafo: { round: number; bidsCloseAt: Date; shortlisted: boolean } | null;
  /** This vendor's newest bid envelope (of the newest round it has one in). */
  newestBid: { round: number; draftSavedAt: Date | null; lastVersion: number | null; carriedFromRound: number | null; withdrawnVersion: number | null } | null;
  /** Whether someone of the vendor has opened the RFP. */
  opened: boolean;
  /** The database's clock. */
  now: Date;
}

export interface VendorResponse {
  /** The vendor may submit a bid now (round 1 open, or shortlisted in an open BAFO round). */
  canBid: boolean;
  /** The round whose deadline is shown, and that deadline. */
  round: number;
  deadline: Date | null;
  deadlinePassed: boolean;
  /** The vendor's response in a few words, e.g. "Bid submitted (version 2)". */
  text: string;
  /** True when the text asks the vendor to act (nothing submitted while it may bid). */
  needsAction: boolean;
}

function envelopeText(bid: NonNullable<VendorResponseFacts["newestBid"]>): string {
  const state = deriveBidState(bid.lastVersion, bid.withdrawnVersion);
  if (state === "withdrawn") return "Bid withdrawn";
  if (state === "submitted") return bid.carriedFromRound !== null ? `Round-${bid.carriedFromRound} bid confirmed unchanged` : `Bid submitted (version ${bid.lastVersion})`;
  return bid.draftSavedAt ? "Draft saved, not submitted" : "No bid submitted";
}

export function vendorResponse(facts: VendorResponseFacts): VendorResponse {
  const { state, bafo, newestBid } = facts;
  const passed = (deadline: Date | null) => deadline !== null && deadline.getTime() <= facts.now.getTime();
  if (bafo?.shortlisted) {
    const canBid = state === "bafo-open";
    const own = newestBid && newestBid.round === bafo.round ? newestBid : null;
    const text = own ? `Round ${bafo.round}: ${envelopeText(own).replace(/^./, (c) => c.toLowerCase())}` : `Shortlisted for round ${bafo.round}: ${canBid ? "no round-" + bafo.round + " bid yet" : "no round-" + bafo.round + " bid"}`;
    const submitted = own !== null && deriveBidState(own.lastVersion, own.withdrawnVersion) === "submitted";
    return { canBid, round: bafo.round, deadline: bafo.bidsCloseAt, deadlinePassed: passed(bafo.bidsCloseAt), text, needsAction: canBid && !submitted };
  }
  const canBid = state === "open";
  const roundOne = newestBid && newestBid.round === 1 ? newestBid : null;
  let text = roundOne ? envelopeText(roundOne) : canBid ? (facts.opened ? "No bid yet" : "Not opened yet") : "No bid submitted";
  if (bafo) text += ` · not shortlisted for round ${bafo.round}`;
  const submitted = roundOne !== null && deriveBidState(roundOne.lastVersion, roundOne.withdrawnVersion) === "submitted";
  return { canBid, round: 1, deadline: facts.bidsCloseAt, deadlinePassed: passed(facts.bidsCloseAt), text, needsAction: canBid && !submitted };
}
