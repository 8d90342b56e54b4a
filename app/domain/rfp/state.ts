// An RFP's state is derived from its recorded timestamps and the clock, never stored, so
// it cannot disagree with the deadline: at the deadline an open RFP is closed, whoever looks.
import { DomainError } from "../errors";

/** `opened` (bid opening recorded) and `awarded` arrive with bids; the order is the lifecycle. */
export const RFP_STATES = ["draft", "open", "closed", "opened", "awarded", "cancelled"] as const;
export type RfpState = (typeof RFP_STATES)[number];

export const RFP_STATE_LABELS: Record<RfpState, string> = {
  draft: "Draft",
  open: "Open for bids",
  closed: "Closed (bids sealed)",
  opened: "Bids opened",
  awarded: "Awarded",
  cancelled: "Cancelled",
};

export interface RfpClockFacts {
  publishedAt: Date | null;
  bidsCloseAt: Date | null;
  cancelledAt: Date | null;
  /** Recorded by the bid-opening use case (a later issue). */
  bidsOpenedAt?: Date | null;
  awardedAt?: Date | null;
}

export function deriveRfpState(rfp: RfpClockFacts, now: Date): RfpState {
  if (rfp.cancelledAt) return "cancelled";
  if (!rfp.publishedAt) return "draft";
  if (rfp.awardedAt) return "awarded";
  if (rfp.bidsOpenedAt) return "opened";
  // A published RFP always has a deadline (the publish check and a table check make sure).
  if (rfp.bidsCloseAt && now.getTime() < rfp.bidsCloseAt.getTime()) return "open";
  return "closed";
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
  awarded: "This RFP has been awarded.",
  cancelled: "This RFP has been cancelled.",
};

/** A state guard: services call it inside their transaction, with the database clock. */
export function assertRfpState(rfp: RfpClockFacts, now: Date, allowed: readonly RfpState[], doing: string): RfpState {
  const state = deriveRfpState(rfp, now);
  if (!allowed.includes(state)) throw new DomainError("conflict", `${REFUSALS[state]} You cannot ${doing} now.`);
  return state;
}
