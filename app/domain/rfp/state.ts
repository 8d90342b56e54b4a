// An RFP's state is derived from its recorded timestamps and the clock, never stored, so
// it cannot disagree with the deadline: at the deadline an open RFP is closed, whoever looks.
import { DomainError } from "../errors";

/**
 * The lifecycle (DESIGN.md): draft → open → closed → opened → (bafo-open → bafo-closed →
 * opened)* → awarded (approved, provisional during the standstill) → concluded | cancelled.
 * A proposed award that is not yet approved leaves the RFP `opened`.
 */
export const RFP_STATES = ["draft", "open", "closed", "opened", "bafo-open", "bafo-closed", "awarded", "concluded", "cancelled"] as const;
export type RfpState = (typeof RFP_STATES)[number];

export const RFP_STATE_LABELS: Record<RfpState, string> = {
  draft: "Draft",
  open: "Open for bids",
  closed: "Closed (bids sealed)",
  opened: "Bids opened",
  "bafo-open": "BAFO round open",
  "bafo-closed": "BAFO round closed (bids sealed)",
  awarded: "Awarded (standstill)",
  concluded: "Awarded and concluded",
  cancelled: "Cancelled",
};

export interface RfpClockFacts {
  publishedAt: Date | null;
  bidsCloseAt: Date | null;
  cancelledAt: Date | null;
  /** The confirmed opening of round 1. */
  bidsOpenedAt?: Date | null;
  /** The latest BAFO round (round ≥ 2), if any: its deadline and its confirmed opening. */
  bafo?: { round: number; bidsCloseAt: Date; openedAt: Date | null } | null;
  /** The live (not cancelled) award's approval: the standstill starts. */
  awardApprovedAt?: Date | null;
  awardConcludedAt?: Date | null;
  /** The live award's proposal: until its approval the RFP stays `opened`, and the buyer side's badge says "Award proposed". */
  awardProposedAt?: Date | null;
}

/**
 * The badge of an RFP on the buyer side (dashboard, RFP list, the RFP's header): its state's
 * label, except while a proposed award waits for approval (the state stays `opened`, so that
 * the evaluation may still change): then "Award proposed". Once approved the state says the
 * award's stage itself (standstill, concluded). Vendors read the state alone: a proposal is
 * internal to the buyer until it is approved.
 */
export function rfpBadge(state: RfpState, awardProposed: boolean): { label: string; tone: string } {
  if (state === "opened" && awardProposed) return { label: "Award proposed", tone: "warn" };
  return { label: RFP_STATE_LABELS[state], tone: state };
}

/** Whether a live award is proposed and not yet approved, from the clock facts. */
export const awardProposed = (facts: RfpClockFacts): boolean => Boolean(facts.awardProposedAt) && !facts.awardApprovedAt;

/** The deadline of the RFP's newest round (its latest BAFO round's, else round 1's), and whether it has passed. */
export function currentDeadline(rfp: RfpClockFacts, now: Date): { round: number; at: Date | null; passed: boolean } {
  const { round, at } = rfp.bafo ? { round: rfp.bafo.round, at: rfp.bafo.bidsCloseAt } : { round: 1, at: rfp.bidsCloseAt };
  return { round, at, passed: at !== null && at.getTime() <= now.getTime() };
}

export function deriveRfpState(rfp: RfpClockFacts, now: Date): RfpState {
  if (rfp.cancelledAt) return "cancelled";
  if (!rfp.publishedAt) return "draft";
  if (rfp.awardConcludedAt) return "concluded";
  if (rfp.awardApprovedAt) return "awarded";
  if (rfp.bafo) {
    if (rfp.bafo.openedAt) return "opened";
    return now.getTime() < rfp.bafo.bidsCloseAt.getTime() ? "bafo-open" : "bafo-closed";
  }
  if (rfp.bidsOpenedAt) return "opened";
  // A published RFP always has a deadline (the publish check and a table check make sure).
  if (rfp.bidsCloseAt && now.getTime() < rfp.bidsCloseAt.getTime()) return "open";
  return "closed";
}

/**
 * The states in which a vendor's intent to bid is asked for and may change: round 1 open, before
 * its deadline. After it the vendor's bid (or its absence) is the answer, so the RFP page stops
 * showing the intent at all rather than a stale "you intend to bid" beside an award.
 */
export const INTENT_TO_BID_STATES: readonly RfpState[] = ["open"];

export function asksIntentToBid(state: RfpState): boolean {
  return INTENT_TO_BID_STATES.includes(state);
}

/** Vendors may ask while the RFP is open and before questions close (bids close, if unset). */
export function questionsOpen(rfp: RfpClockFacts & { questionsCloseAt: Date | null }, now: Date): boolean {
  if (deriveRfpState(rfp, now) !== "open") return false;
  const closes = rfp.questionsCloseAt ?? rfp.bidsCloseAt;
  return closes !== null && now.getTime() < closes.getTime();
}

const REFUSALS: Record<RfpState, string> = {
  draft: "This RFP is still a draft.",
  open: "This RFP is open for bids.",
  closed: "The deadline of this RFP has passed.",
  opened: "The bids of this RFP have been opened.",
  "bafo-open": "A BAFO round of this RFP is open for bids.",
  "bafo-closed": "The BAFO round's deadline has passed and its bids are sealed.",
  awarded: "This RFP has been awarded (the standstill period is running).",
  concluded: "The award of this RFP has been concluded.",
  cancelled: "This RFP has been cancelled.",
};

/**
 * Once an award is approved the evaluation it rests on stops changing: no score, moderation, lock,
 * unlock or run, so the results, the award, the debriefs and the award pack keep telling the same
 * story. Cancelling the award during the standstill period reopens the RFP's evaluation. The
 * reason, or null while the evaluation may change.
 */
export function evaluationClosedReason(state: RfpState): string | null {
  if (state === "awarded") return "The award of this RFP is approved, so its evaluation no longer changes. Cancelling the award during the standstill period reopens it.";
  if (state === "concluded") return "The award of this RFP is concluded, so its evaluation no longer changes.";
  return null;
}

/** A state guard: services call it inside their transaction, with the database clock. */
export function assertRfpState(rfp: RfpClockFacts, now: Date, allowed: readonly RfpState[], doing: string): RfpState {
  const state = deriveRfpState(rfp, now);
  if (!allowed.includes(state)) throw new DomainError("conflict", `${REFUSALS[state]} You cannot ${doing} now.`);
  return state;
}
