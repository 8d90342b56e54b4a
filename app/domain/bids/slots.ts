// Bundles are named to vendors by letter in the RFP's slot order: A, B, C.
import type { RfpDefinition } from "../rfp/sections";

export const BUNDLE_LETTERS = ["A", "B", "C"] as const;

/** The letter of a slot (A/B/C) in the RFP's slot order; "?" for a slot the RFP lacks. */
export function bundleLetter(definition: Pick<RfpDefinition, "bundleSlots">, slotId: string): string {
  const index = definition.bundleSlots.findIndex((s) => s.id === slotId);
  return BUNDLE_LETTERS[index] ?? "?";
}
