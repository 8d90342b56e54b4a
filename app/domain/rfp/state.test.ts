import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { asksIntentToBid, assertRfpState, awardProposed, currentDeadline, deriveRfpState, evaluationClosedReason, questionsOpen, rfpBadge, RFP_STATE_LABELS, RFP_STATES } from "./state";

const at = (iso: string) => new Date(iso);
const base = { publishedAt: null, bidsCloseAt: at("2026-12-31T12:00:00Z"), cancelledAt: null };

describe("RFP state", () => {
  it("has one current deadline, the newest round's, which has passed from that instant on", () => {
    const published = { ...base, publishedAt: at("2026-12-01T09:00:00Z") };
    expect(currentDeadline(published, at("2026-12-31T11:59:59.999Z"))).toEqual({ round: 1, at: base.bidsCloseAt, passed: false });
    expect(currentDeadline(published, at("2026-12-31T12:00:00Z"))).toEqual({ round: 1, at: base.bidsCloseAt, passed: true });
    const roundTwo = at("2027-01-15T12:00:00Z");
    const bafo = { ...published, bidsOpenedAt: at("2027-01-02T00:00:00Z"), bafo: { round: 2, bidsCloseAt: roundTwo, openedAt: null } };
    expect(currentDeadline(bafo, at("2027-01-10T00:00:00Z"))).toEqual({ round: 2, at: roundTwo, passed: false });
    expect(currentDeadline(bafo, roundTwo)).toEqual({ round: 2, at: roundTwo, passed: true });
  });

  it("is a draft until it is published, whatever the deadline", () => {
    expect(deriveRfpState(base, at("2027-06-01T00:00:00Z"))).toBe("draft");
  });

  it("is open from publication until the deadline, and closed from the deadline on", () => {
    const published = { ...base, publishedAt: at("2026-12-01T09:00:00Z") };
    expect(deriveRfpState(published, at("2026-12-31T11:59:59.999Z"))).toBe("open");
    expect(deriveRfpState(published, at("2026-12-31T12:00:00Z"))).toBe("closed");
  });

  it("is cancelled once cancelled, before or after the deadline", () => {
    const cancelled = { ...base, publishedAt: at("2026-12-01T09:00:00Z"), cancelledAt: at("2026-12-02T09:00:00Z") };
    expect(deriveRfpState(cancelled, at("2026-12-03T00:00:00Z"))).toBe("cancelled");
    expect(deriveRfpState(cancelled, at("2027-01-03T00:00:00Z"))).toBe("cancelled");
    expect(deriveRfpState({ ...base, cancelledAt: at("2026-11-01T00:00:00Z") }, at("2026-11-02T00:00:00Z"))).toBe("cancelled");
  });

  it("leaves room for bid opening and award after the deadline", () => {
    const published = { ...base, publishedAt: at("2026-12-01T09:00:00Z") };
    expect(deriveRfpState({ ...published, bidsOpenedAt: at("2027-01-02T00:00:00Z") }, at("2027-01-03T00:00:00Z"))).toBe("opened");
    expect(deriveRfpState({ ...published, bidsOpenedAt: at("2027-01-02T00:00:00Z"), awardApprovedAt: at("2027-02-01T00:00:00Z") }, at("2027-02-03T00:00:00Z"))).toBe("awarded");
  });

  it("follows a BAFO round: open until its deadline, then sealed, then opened again", () => {
    const opened = { ...base, publishedAt: at("2026-12-01T09:00:00Z"), bidsOpenedAt: at("2027-01-02T00:00:00Z") };
    const bafo = { round: 2, bidsCloseAt: at("2027-01-20T12:00:00Z"), openedAt: null };
    expect(deriveRfpState({ ...opened, bafo }, at("2027-01-20T11:59:59.999Z"))).toBe("bafo-open");
    expect(deriveRfpState({ ...opened, bafo }, at("2027-01-20T12:00:00Z"))).toBe("bafo-closed");
    expect(deriveRfpState({ ...opened, bafo: { ...bafo, openedAt: at("2027-01-21T09:00:00Z") } }, at("2027-01-22T00:00:00Z"))).toBe("opened");
  });

  it("is awarded from the approval (standstill) and concluded once concluded; a cancelled RFP stays cancelled", () => {
    const opened = { ...base, publishedAt: at("2026-12-01T09:00:00Z"), bidsOpenedAt: at("2027-01-02T00:00:00Z") };
    expect(deriveRfpState({ ...opened, awardApprovedAt: at("2027-02-01T00:00:00Z") }, at("2027-02-02T00:00:00Z"))).toBe("awarded");
    expect(deriveRfpState({ ...opened, awardApprovedAt: at("2027-02-01T00:00:00Z"), awardConcludedAt: at("2027-02-12T00:00:00Z") }, at("2027-02-13T00:00:00Z"))).toBe("concluded");
    expect(deriveRfpState({ ...opened, awardApprovedAt: at("2027-02-01T00:00:00Z"), cancelledAt: at("2027-02-03T00:00:00Z") }, at("2027-02-04T00:00:00Z"))).toBe("cancelled");
  });

  it("takes questions until questions close, and never after the deadline", () => {
    const rfp = { ...base, publishedAt: at("2026-12-01T09:00:00Z"), questionsCloseAt: at("2026-12-20T12:00:00Z") };
    expect(questionsOpen(rfp, at("2026-12-20T11:00:00Z"))).toBe(true);
    expect(questionsOpen(rfp, at("2026-12-20T12:00:00Z"))).toBe(false);
    expect(questionsOpen({ ...rfp, questionsCloseAt: null }, at("2026-12-30T00:00:00Z"))).toBe(true);
    expect(questionsOpen({ ...rfp, questionsCloseAt: null }, at("2027-01-01T00:00:00Z"))).toBe(false);
  });

  it("refuses an action in the wrong state with a conflict that says why", () => {
    const closed = { ...base, publishedAt: at("2026-12-01T09:00:00Z") };
    const error = (() => {
      try {
        assertRfpState(closed, at("2027-01-01T00:00:00Z"), ["open"], "issue an addendum");
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error?.code).toBe("conflict");
    expect(error?.message).toBe("The deadline of this RFP has passed. You cannot issue an addendum now.");
  });
});

describe("evaluationClosedReason", () => {
  it("closes the evaluation once the award is approved (standstill, then concluded), and only then", () => {
    const closed = RFP_STATES.filter((state) => evaluationClosedReason(state) !== null);
    expect(closed).toEqual(["awarded", "concluded"]);
    expect(evaluationClosedReason("awarded")).toContain("Cancelling the award during the standstill period reopens it.");
    expect(evaluationClosedReason("concluded")).toBe("The award of this RFP is concluded, so its evaluation no longer changes.");
  });
});

describe("asksIntentToBid", () => {
  it("asks a vendor's intent to bid only while round 1 is open: not once bidding is over, nor beside an award", () => {
    expect(RFP_STATES.filter(asksIntentToBid)).toEqual(["open"]);
    const published = { ...base, publishedAt: at("2026-12-01T09:00:00Z") };
    expect(asksIntentToBid(deriveRfpState(published, at("2026-12-31T11:59:59Z")))).toBe(true);
    expect(asksIntentToBid(deriveRfpState(published, at("2026-12-31T12:00:00Z")))).toBe(false);
    expect(asksIntentToBid(deriveRfpState({ ...published, bidsOpenedAt: at("2027-01-02T00:00:00Z"), awardApprovedAt: at("2027-01-20T00:00:00Z") }, at("2027-01-21T00:00:00Z")))).toBe(false);
  });
});

describe("rfpBadge (the buyer side's badge)", () => {
  it("says a proposed award while one waits for approval, and the state's label otherwise", () => {
    expect(rfpBadge("opened", true)).toEqual({ label: "Award proposed", tone: "warn" });
    expect(rfpBadge("opened", false)).toEqual({ label: "Bids opened", tone: "opened" });
    // Approved, the state itself says the stage: standstill, then concluded.
    expect(rfpBadge("awarded", true)).toEqual({ label: RFP_STATE_LABELS.awarded, tone: "awarded" });
    expect(rfpBadge("concluded", false).label).toBe("Awarded and concluded");
  });

  it("reads a proposal from the clock facts only until its approval", () => {
    const proposedAt = new Date("2026-12-01T10:00:00Z");
    const facts = { publishedAt: proposedAt, bidsCloseAt: proposedAt, cancelledAt: null };
    expect(awardProposed({ ...facts, awardProposedAt: proposedAt })).toBe(true);
    expect(awardProposed({ ...facts, awardProposedAt: proposedAt, awardApprovedAt: new Date("2026-12-02T10:00:00Z") })).toBe(false);
    expect(awardProposed(facts)).toBe(false);
  });
});
