// A vendor's bid as data: three bundles (the MESO), each with a value per term-sheet issue and
// its safeguard clauses. The shapes are the evaluation engine's own (`bundleSchema`,
// `bundleClausesSchema`), so what a vendor submits is exactly what the engine later ranks.
// Checks that need the RFP (required issues, kinds, choice options) live in completeness.ts.
import { z } from "zod";
import { bundleClausesSchema } from "../evaluation/clauses";
import { bundleSchema, idRecord } from "../evaluation/schema";
import type { RfpDefinition } from "../rfp/sections";

/** A submitted bid: exactly three complete bundles, strict about types. */
export const bidContentSchema = z.object({
  bundles: z.array(bundleSchema).length(3, "A bid has exactly three bundles (A, B and C)"),
});
export type BidContent = z.output<typeof bidContentSchema>;

const draftValue = z.union([z.number(), z.string()]).nullable();

/**
 * A draft: the same shape, but a cell may be missing or null, so a half-filled grid saves.
 * Clauses are already lenient about vagueness in the engine schema (blank metric, no target).
 */
export const bidDraftBundleSchema = bundleSchema.extend({
  // Keyed by issue id without a prototype, so an issue id such as "__proto__" or "toString" is a value like any other.
  values: idRecord(draftValue).default({}),
  // prefault: the empty object is parsed, so the engine's own defaults fill the clauses.
  clauses: bundleClausesSchema.prefault({}),
});
export const bidDraftSchema = z.object({
  bundles: z.array(bidDraftBundleSchema).max(3, "A bid has at most three bundles").default([]),
});
export type BidDraft = z.output<typeof bidDraftSchema>;
export type BidDraftInput = z.input<typeof bidDraftSchema>;

/** An empty grid for the RFP: one bundle per slot, in slot order, no values yet. */
export function emptyBidDraft(definition: Pick<RfpDefinition, "bundleSlots">): BidDraft {
  return bidDraftSchema.parse({ bundles: definition.bundleSlots.map((slot) => ({ slotId: slot.id })) });
}

/** Drops blank cells, so a complete draft parses as content (then completeness decides). */
export function draftToContentInput(draft: BidDraft): unknown {
  return {
    bundles: draft.bundles.map((b) => ({
      slotId: b.slotId,
      values: Object.fromEntries(Object.entries(b.values).filter(([, v]) => v !== null && v !== "")),
      clauses: b.clauses,
    })),
  };
}

/**
 * JSON with keys sorted at every level and undefined dropped: jsonb reorders keys, and the
 * receipt hash (SHA-256 of this string, computed outside the domain) must not care.
 */
export function canonicalBidJson(content: BidContent): string {
  return canonical(content);
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

export { BUNDLE_LETTERS, bundleLetter } from "./slots";
export { checkBidCompleteness, type BidProblem } from "./completeness";
export { bidFeedback, type BidFeedback, type BundleFeedback, type CriterionFeedback } from "./feedback";
