// A bid's state, derived from its recorded events (versions, withdrawals, confirmations)
// the way an RFP's state is derived from its dates: nothing stored can disagree with it.
import { z } from "zod";
import { bidDraftSchema } from "./content";
import { formatUtcDate } from "../rfp/format";

export const BID_STATES = ["draft", "submitted", "withdrawn"] as const;
export type BidState = (typeof BID_STATES)[number];

export const BID_STATE_LABELS: Record<BidState, string> = {
  draft: "Not submitted",
  submitted: "Submitted",
  withdrawn: "Withdrawn",
};

/** A withdrawal covers the versions up to the one it names; a later submission revives the bid. */
export function deriveBidState(lastVersion: number | null, lastWithdrawnVersion: number | null): BidState {
  if (lastVersion === null) return "draft";
  return lastWithdrawnVersion !== null && lastWithdrawnVersion >= lastVersion ? "withdrawn" : "submitted";
}

/**
 * The addenda the submitted version still has to be confirmed against: those requiring it,
 * issued after the version was received, not yet confirmed for this version.
 */
export function pendingConfirmations<A extends { id: string }>(state: BidState, addendaAfterReceipt: readonly A[], confirmedAddendumIds: ReadonlySet<string>): A[] {
  if (state !== "submitted") return [];
  return addendaAfterReceipt.filter((a) => !confirmedAddendumIds.has(a.id));
}

/** Receipt times to the millisecond: two submissions a second apart must read differently. */
export function formatExactInstant(at: Date): string {
  return `${formatUtcDate(at)}, ${at.toISOString().slice(11, 23)} UTC`;
}

// ── Payloads: one schema per form/API call ─────────────────────────────────────────────

export const saveBidDraftSchema = z.object({
  /** The draft version the form was based on; 0 before the first save. */
  expectedVersion: z.coerce.number({ message: "The form is missing the version it was based on; reload the page" }).int().min(0),
  draft: bidDraftSchema,
});
export type SaveBidDraftInput = z.output<typeof saveBidDraftSchema>;

export const submitBidSchema = z.object({
  /** Generated once per submit form (or API call); a retry with the same key returns the same receipt. */
  idempotencyKey: z.string().trim().min(8, "The submission key is missing; reload the page").max(200),
  /** When given, the submission is refused if the draft changed since (another tab saved). */
  expectedDraftVersion: z.coerce.number().int().min(1).optional(),
});
export type SubmitBidInput = z.output<typeof submitBidSchema>;
