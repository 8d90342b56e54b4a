import { describe, expect, it } from "vitest";
import { vendorResponse, type VendorResponseFacts } from "./vendor-response";

const ROUND_ONE = new Date("2026-12-01T12:00:00Z");
const ROUND_TWO = new Date("2026-12-20T12:00:00Z");
const NOW = new Date("2026-11-30T12:00:00Z");
const base: VendorResponseFacts = { state: "open", bidsCloseAt: ROUND_ONE, bafo: null, newestBid: null, opened: false, now: NOW };
const bid = (round: number, lastVersion: number | null, extra: Partial<NonNullable<VendorResponseFacts["newestBid"]>> = {}) => ({ round, draftSavedAt: null, lastVersion, carriedFromRound: null, withdrawnVersion: null, ...extra });

describe("a vendor's response in its lists", () => {
  it("round 1: asks for a bid until one is submitted, and reads the envelope's state", () => {
    expect(vendorResponse(base)).toEqual({ canBid: true, round: 1, deadline: ROUND_ONE, deadlinePassed: false, text: "Not opened yet", needsAction: true });
    expect(vendorResponse({ ...base, opened: true }).text).toBe("No bid yet");
    expect(vendorResponse({ ...base, newestBid: bid(1, null, { draftSavedAt: new Date() }) })).toMatchObject({ text: "Draft saved, not submitted", needsAction: true });
    expect(vendorResponse({ ...base, newestBid: bid(1, 3) })).toMatchObject({ text: "Bid submitted (version 3)", needsAction: false });
    expect(vendorResponse({ ...base, newestBid: bid(1, 3, { withdrawnVersion: 3 }) })).toMatchObject({ text: "Bid withdrawn", needsAction: true });
    // A later version revives a withdrawn bid.
    expect(vendorResponse({ ...base, newestBid: bid(1, 4, { withdrawnVersion: 3 }) }).text).toBe("Bid submitted (version 4)");
    expect(vendorResponse({ ...base, state: "closed" })).toMatchObject({ canBid: false, text: "No bid submitted", needsAction: false });
  });

  it("a shortlisted vendor bids against the BAFO round's deadline, not round 1's", () => {
    const facts: VendorResponseFacts = { ...base, state: "bafo-open", bafo: { round: 2, bidsCloseAt: ROUND_TWO, shortlisted: true }, newestBid: bid(1, 1) };
    expect(vendorResponse(facts)).toEqual({ canBid: true, round: 2, deadline: ROUND_TWO, deadlinePassed: false, text: "Shortlisted for round 2: no round-2 bid yet", needsAction: true });
    expect(vendorResponse({ ...facts, newestBid: bid(2, 2) })).toMatchObject({ text: "Round 2: bid submitted (version 2)", needsAction: false });
    expect(vendorResponse({ ...facts, newestBid: bid(2, 2, { carriedFromRound: 1 }) }).text).toBe("Round 2: round-1 bid confirmed unchanged");
    expect(vendorResponse({ ...facts, state: "bafo-closed", now: new Date(ROUND_TWO.getTime() + 1) })).toMatchObject({ canBid: false, round: 2, deadline: ROUND_TWO, deadlinePassed: true, text: "Shortlisted for round 2: no round-2 bid", needsAction: false });
  });

  it("a vendor left off the shortlist cannot bid and is told so, with its round-1 deadline", () => {
    const facts: VendorResponseFacts = { ...base, state: "bafo-open", bafo: { round: 2, bidsCloseAt: ROUND_TWO, shortlisted: false }, newestBid: bid(1, 1), now: new Date("2026-12-10T12:00:00Z") };
    expect(vendorResponse(facts)).toEqual({ canBid: false, round: 1, deadline: ROUND_ONE, deadlinePassed: true, text: "Bid submitted (version 1) · not shortlisted for round 2", needsAction: false });
  });
});
