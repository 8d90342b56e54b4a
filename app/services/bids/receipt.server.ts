// The receipt a vendor keeps: when its bid reached us (database clock) and the SHA-256 of
// the canonical JSON of what it submitted, so either side can later prove what was sent.
import { createHash } from "node:crypto";
import { bidContentSchema, bundleLetter, canonicalBidJson, type BidContent } from "../../domain/bids/content";
import type { RfpDefinition } from "../../domain/rfp/sections";

export interface BidReceipt {
  rfp: { id: string; title: string; reference: string };
  vendor: { organisationId: string; name: string };
  versionNumber: number;
  receivedAt: Date;
  contentHash: string;
  bundles: { slotId: string; letter: string; slotName: string; values: Record<string, number | string>; slaCount: number; remedyCount: number }[];
}

export function contentHash(content: BidContent): string {
  return hashOfCanonicalJson(canonicalBidJson(content));
}

/** The receipt hash of content already serialised with `canonicalBidJson`. */
export function hashOfCanonicalJson(json: string): string {
  return createHash("sha256").update(json).digest("hex");
}

export function buildReceipt(
  rfp: { id: string; title: string; reference: string },
  vendor: { id: string; name: string },
  version: { version_number: number; received_at: Date; content_hash: string },
  content: unknown,
  definition: Pick<RfpDefinition, "bundleSlots">,
): BidReceipt {
  return receiptOf(rfp, vendor, version, bidContentSchema.parse(content), definition);
}

/** `buildReceipt` for content already parsed with `bidContentSchema`. */
export function receiptOf(
  rfp: { id: string; title: string; reference: string },
  vendor: { id: string; name: string },
  version: { version_number: number; received_at: Date; content_hash: string },
  bid: BidContent,
  definition: Pick<RfpDefinition, "bundleSlots">,
): BidReceipt {
  return {
    rfp: { id: rfp.id, title: rfp.title, reference: rfp.reference },
    vendor: { organisationId: vendor.id, name: vendor.name },
    versionNumber: version.version_number,
    receivedAt: version.received_at,
    contentHash: version.content_hash,
    bundles: bid.bundles.map((b) => ({
      slotId: b.slotId,
      letter: bundleLetter(definition, b.slotId),
      slotName: definition.bundleSlots.find((s) => s.id === b.slotId)?.name ?? b.slotId,
      values: b.values,
      slaCount: b.clauses.slas.length,
      remedyCount: b.clauses.slas.reduce((n, s) => n + s.remedies.length, 0) + b.clauses.contingentClauses.filter((c) => c.remedy).length,
    })),
  };
}
