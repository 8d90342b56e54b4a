// The rules of a BAFO round (issue #13): the buyer's form (shortlist with reasons, a future
// deadline, one conditional ask per shortlisted vendor in two parts, "if we …" and "could you
// …"), the engine suggestion's ask cut into those parts, which bundles a vendor left unchanged
// (their scores carry over) and each vendor's movement from one round to the next.
import { z } from "zod";
import { canonicalBidJson, type BidContent } from "../bids/content";
import { shownHundredths } from "../evaluation/format";

export const BAFO_TEXT_MAX = 2000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A conditional ask: both halves of "if we …, could you …", each said in words. */
export const conditionalAskSchema = z.object({
  ifWe: z.string().trim().min(1, "Write what you offer: the \u201cif we \u2026\u201d part of the ask.").max(BAFO_TEXT_MAX, `At most ${BAFO_TEXT_MAX} characters.`),
  couldYou: z.string().trim().min(1, "Write what you ask in return: the \u201ccould you \u2026\u201d part of the ask.").max(BAFO_TEXT_MAX, `At most ${BAFO_TEXT_MAX} characters.`),
});
export type ConditionalAsk = z.output<typeof conditionalAskSchema>;

export const shortlistEntrySchema = z.object({
  vendorOrganisationId: z.string().regex(UUID, "Choose a bidder of the previous round."),
  reason: z.string().trim().min(1, "Say why this vendor is shortlisted.").max(BAFO_TEXT_MAX, `At most ${BAFO_TEXT_MAX} characters.`),
  /** null: written freely; else the index of the engine's suggestion for this vendor it was built from. */
  suggestionIndex: z.number().int().min(0).max(20).nullable(),
  ask: conditionalAskSchema,
});
export type ShortlistEntry = z.output<typeof shortlistEntrySchema>;

export const createBafoRoundSchema = z.object({
  bidsCloseAt: z.date({ error: "Give the new deadline (date and time)." }),
  note: z.string().trim().max(BAFO_TEXT_MAX, `At most ${BAFO_TEXT_MAX} characters.`).default(""),
  shortlist: z
    .array(shortlistEntrySchema)
    .min(1, "Shortlist at least one vendor.")
    .refine((list) => new Set(list.map((e) => e.vendorOrganisationId)).size === list.length, "A vendor is on the shortlist once."),
});
export type CreateBafoRoundInput = z.output<typeof createBafoRoundSchema>;

/** The form's field names for one vendor (ids are values, never object keys). */
export function bafoField(name: "reason" | "ask" | "ifWe" | "couldYou", vendorOrganisationId: string): string {
  return `${name}:${vendorOrganisationId}`;
}

/**
 * The engine's ask ("If we accept X, could you include Y …?") cut into its two parts; null
 * when the sentence is not in that form.
 */
export function splitConditionalAsk(ask: string): ConditionalAsk | null {
  const match = /^\s*if we\s+([\s\S]+?),\s*could you\s+([\s\S]+?)\s*\??\s*$/i.exec(ask);
  if (!match) return null;
  return { ifWe: match[1]!.trim(), couldYou: match[2]!.trim() };
}

/** The ask as one sentence, the way vendors read it. */
export function askSentence(ask: ConditionalAsk): string {
  const couldYou = ask.couldYou.replace(/[?.!\s]+$/, "");
  return `If we ${ask.ifWe.replace(/[,.\s]+$/, "")}, could you ${couldYou}?`;
}

/**
 * Parses the BAFO form. `shortlisted` are the ticked vendors; per vendor the reason, the
 * chosen ask source ("free" or "suggestion:N") and the two parts. A chosen suggestion with
 * both parts left blank takes the suggestion's own words (`suggestionAsks`, per vendor).
 * Returns field errors by form field name, so the page shows each beside its field.
 */
export function parseBafoRoundForm(
  form: { get(name: string): string | null; getAll(name: string): string[] },
  parseInstant: (value: string) => Date | null,
  suggestionAsks: ReadonlyMap<string, readonly (ConditionalAsk | null)[]>,
): { ok: true; input: CreateBafoRoundInput } | { ok: false; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  const add = (field: string, message: string) => (fieldErrors[field] ??= []).push(message);
  const rawDeadline = (form.get("bidsCloseAt") ?? "").trim();
  const bidsCloseAt = rawDeadline ? parseInstant(rawDeadline) : null;
  if (!bidsCloseAt) add("bidsCloseAt", rawDeadline ? "This is not a date and time." : "Give the new deadline (date and time).");
  const shortlist: unknown[] = [];
  for (const vendorOrganisationId of [...new Set(form.getAll("shortlist"))]) {
    const source = (form.get(bafoField("ask", vendorOrganisationId)) ?? "free").trim();
    const suggestion = /^suggestion:(\d{1,2})$/.exec(source);
    const suggestionIndex = suggestion ? Number(suggestion[1]) : null;
    let ifWe = form.get(bafoField("ifWe", vendorOrganisationId)) ?? "";
    let couldYou = form.get(bafoField("couldYou", vendorOrganisationId)) ?? "";
    if (suggestionIndex !== null) {
      const words = suggestionAsks.get(vendorOrganisationId)?.[suggestionIndex];
      if (words === undefined) add(bafoField("ask", vendorOrganisationId), "There is no such suggestion for this vendor.");
      else if (words && !ifWe.trim() && !couldYou.trim()) ({ ifWe, couldYou } = words);
    }
    shortlist.push({ vendorOrganisationId, reason: form.get(bafoField("reason", vendorOrganisationId)) ?? "", suggestionIndex, ask: { ifWe, couldYou } });
  }
  const parsed = createBafoRoundSchema.safeParse({ bidsCloseAt: bidsCloseAt ?? undefined, note: form.get("note") ?? "", shortlist });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, index, part, sub] = issue.path;
      if (head === "shortlist" && typeof index === "number") {
        const vendorId = (shortlist[index] as { vendorOrganisationId: string }).vendorOrganisationId;
        const field = part === "reason" ? bafoField("reason", vendorId) : part === "ask" ? bafoField(sub === "couldYou" ? "couldYou" : "ifWe", vendorId) : "shortlist";
        add(field, issue.message);
      } else if (head !== "bidsCloseAt" || !fieldErrors.bidsCloseAt) {
        add(String(head ?? "form"), issue.message);
      }
    }
  }
  if (!parsed.success || Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  return { ok: true, input: parsed.data };
}

/** The slots whose bundle is exactly as it was (values and clauses): their scores carry over. */
export function unchangedSlots(previous: BidContent, current: BidContent): Set<string> {
  const before = new Map(previous.bundles.map((b) => [b.slotId, canonicalBidJson({ bundles: [b] })]));
  const same = new Set<string>();
  for (const b of current.bundles) if (before.get(b.slotId) === canonicalBidJson({ bundles: [b] })) same.add(b.slotId);
  return same;
}

export interface BestBundle {
  vendorId: string;
  vendorName: string;
  slotId: string;
  slotName: string;
  /** null: the vendor's best bundle failed a gate (not ranked). */
  rank: number | null;
  total: number;
}

/** A vendor's best bundle in one round: its total, and its place among that round's ranked vendors ("5th of 5"). */
export interface RoundStanding {
  slotName: string;
  total: number;
  /** null: every bundle of the vendor failed a gate (not ranked). */
  place: number | null;
  /** The vendors ranked in that round (the "of 5"). */
  of: number;
}

export interface VendorMovement {
  vendorId: string;
  vendorName: string;
  before: RoundStanding | null;
  after: RoundStanding | null;
  /**
   * after − before of the best bundle's total AS SHOWN (to hundredths, `formatPoints`), in whole
   * hundredths: the table's difference is then the difference of its own figures (75.13 → 75.41
   * is +0.28, not the +0.29 of the unrounded totals). null unless the vendor is in both rounds.
   */
  changeHundredths: number | null;
  /** Places gained (positive) or lost (negative) among the vendors of both rounds; null unless placed in both. */
  placesGained: number | null;
  /** Its places among the vendors placed in both rounds (what `placesGained` counts); null unless placed in both. */
  shared: { count: number; before: number; after: number } | null;
}

/** Places of vendors by their best ranked bundle: 1 for the best; unranked vendors have none. */
function places(best: readonly BestBundle[]): Map<string, number> {
  const ranked = best.filter((b) => b.rank !== null).sort((a, b) => a.rank! - b.rank!);
  return new Map(ranked.map((b, i) => [b.vendorId, i + 1]));
}

/** The most rows the movement table shows: a round 1 of hundreds of bidders would otherwise fill the page. */
export const MOVEMENT_ROWS = 50;

/**
 * The movement table's rows: the vendors of the newer round first, by their place in it (a
 * vendor whose every bundle was kept out by the gates after those placed), then the vendors not
 * in it, by name; at most `limit`, with how many were left out.
 */
export function movementRows<M extends Pick<VendorMovement, "vendorName" | "after">>(movement: readonly M[], limit = MOVEMENT_ROWS): { rows: M[]; more: number } {
  const placeOf = (m: M) => m.after?.place ?? Number.MAX_SAFE_INTEGER;
  const inRound = movement.filter((m) => m.after !== null).sort((a, b) => placeOf(a) - placeOf(b) || a.vendorName.localeCompare(b.vendorName));
  const notInRound = movement.filter((m) => m.after === null).sort((a, b) => a.vendorName.localeCompare(b.vendorName));
  const ordered = [...inRound, ...notInRound];
  return { rows: ordered.slice(0, limit), more: Math.max(0, ordered.length - limit) };
}

/** Each vendor's best bundle in round N−1 against round N: total and place, vendors by name. */
export function vendorMovement(before: readonly BestBundle[], after: readonly BestBundle[]): VendorMovement[] {
  const placeBefore = places(before);
  const placeAfter = places(after);
  // Places gained are counted among the vendors placed in both rounds: a vendor last of five in
  // round 1 and second of the two shortlisted in round 2 did not climb three places past anyone.
  // Both counts are over the same vendors, so "2nd → 1st among the 2" always adds up.
  const inBefore = new Set(placeBefore.keys());
  const inAfter = new Set(placeAfter.keys());
  const sharedBefore = places(before.filter((b) => inAfter.has(b.vendorId)));
  const sharedAfter = places(after.filter((b) => inBefore.has(b.vendorId)));
  const standing = (b: BestBundle | undefined, place: number | null, of: number): RoundStanding | null => (b ? { slotName: b.slotName, total: b.total, place, of } : null);
  const beforeOf = new Map(before.map((b) => [b.vendorId, b]));
  const afterOf = new Map(after.map((b) => [b.vendorId, b]));
  const vendors = new Map<string, string>();
  for (const b of [...before, ...after]) vendors.set(b.vendorId, b.vendorName);
  return [...vendors]
    .sort(([, a], [, b]) => a.localeCompare(b))
    .map(([vendorId, vendorName]) => {
      const b = beforeOf.get(vendorId);
      const a = afterOf.get(vendorId);
      const pb = placeBefore.get(vendorId) ?? null;
      const pa = placeAfter.get(vendorId) ?? null;
      const placedInBoth = pa !== null && pb !== null;
      return {
        vendorId,
        vendorName,
        before: standing(b, pb, placeBefore.size),
        after: standing(a, pa, placeAfter.size),
        changeHundredths: a && b ? shownHundredths(a.total) - shownHundredths(b.total) : null,
        placesGained: placedInBoth ? sharedBefore.get(vendorId)! - sharedAfter.get(vendorId)! : null,
        shared: placedInBoth ? { count: sharedAfter.size, before: sharedBefore.get(vendorId)!, after: sharedAfter.get(vendorId)! } : null,
      };
    });
}
