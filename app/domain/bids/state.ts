// A bid's state, derived from its recorded events (versions, withdrawals, confirmations)
// the way an RFP's state is derived from its dates: nothing stored can disagree with it.
import { z } from "zod";
import { bidDraftSchema } from "./content";
import { DomainError } from "../errors";
import { formatInstant, formatUtcDate } from "../rfp/format";

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

/** PostgreSQL's integer: a draft version beyond it is not one (the database would fail, a 500). */
const MAX_DRAFT_VERSION = 2_147_483_647;
/** The version a save is based on: 0 before the first save. */
export const draftVersionSchema = z.number().int().min(0).max(MAX_DRAFT_VERSION);
/** A submission's retry key, as the database keeps it (8 to 200 characters, as sent). */
export const idempotencyKeySchema = z.string().min(8, "The submission key is missing; reload the page").max(200, "The submission key is too long; reload the page");

export const saveBidDraftSchema = z.object({
  /** The draft version the form was based on; 0 before the first save. */
  expectedVersion: draftVersionSchema,
  draft: bidDraftSchema,
});
export type SaveBidDraftInput = z.output<typeof saveBidDraftSchema>;

export const submitBidSchema = z.object({
  /** Generated once per submit form (or API call); a retry with the same key returns the same receipt. */
  idempotencyKey: idempotencyKeySchema,
  /** When given, the submission is refused if the draft changed since (another tab saved). */
  expectedDraftVersion: draftVersionSchema.min(1).optional(),
});
export type SubmitBidInput = z.output<typeof submitBidSchema>;

// ── The bid page's form: its hidden fields, as posted ────────────────────────────────────

/** The page put these fields there: one that cannot be read was changed by hand or cut off. */
export const DAMAGED_BID_FORM = "This form is out of date or damaged: reload the bid page.";
/** Digits only: "", "1.5", "1e21", "NaN", "１２" and a number beyond the database's are not a version. */
const formVersion = z.string({ message: DAMAGED_BID_FORM }).regex(/^\d{1,10}$/, DAMAGED_BID_FORM).transform(Number).pipe(draftVersionSchema.max(MAX_DRAFT_VERSION, DAMAGED_BID_FORM));
const formKey = z.string({ message: DAMAGED_BID_FORM }).min(8, DAMAGED_BID_FORM).max(200, DAMAGED_BID_FORM);
/** What a post that saves the draft carries besides the grid (Save draft, an autosave). */
export const bidSaveFormSchema = z.object({ expectedVersion: formVersion });
/** The rendering's retry key, which Submit and "Confirm my bid unchanged" (a BAFO round) carry. */
export const retryKeyFormSchema = z.object({ idempotencyKey: formKey });

// ── A save refused as stale: what the vendor needs to know to choose ──────────────────────

/** The draft as it stands when a save based on an older version is refused. */
export interface DraftStamp {
  version: number;
  savedAt: Date | null;
  /** The name of the colleague who saved it; null when it was the vendor's own account or is unknown. */
  savedBy: string | null;
  /** Saved by the same account: another tab or window. */
  byYou: boolean;
}

/** "version 7, saved 1 Dec 2026, 10:04 UTC by Noor Okafor". */
export function draftStampWords(stamp: DraftStamp): string {
  const when = stamp.savedAt ? `, saved ${formatInstant(stamp.savedAt)}` : "";
  const who = stamp.byYou ? " by you, in another tab or window" : stamp.savedBy ? ` by ${stamp.savedBy}` : "";
  return `version ${stamp.version}${when}${who}`;
}

/**
 * The bid page's words for a refused stale save: its form keeps what was typed and now carries
 * the standing version, so saving again replaces that version on purpose (decision 015).
 */
export function staleDraftOnPage(current: DraftStamp): string {
  const v = `version ${current.version}`;
  return `Your draft was changed elsewhere since this page loaded or last saved it (${draftStampWords(current)}); nothing was saved. What you typed is still in the form: save or submit again to replace ${v} with it, or reload the page to see ${v} instead.`;
}

/**
 * A save based on an older draft version, refused: nothing was written. `current` is the version
 * that stands, so a form can tell the vendor and let them choose (decision 015).
 */
export class StaleDraftError extends DomainError {
  constructor(readonly current: DraftStamp) {
    super("conflict", `Your draft was changed elsewhere (${draftStampWords(current)}); nothing was saved.`);
  }
}
