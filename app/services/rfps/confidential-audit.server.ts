// What the audit trail keeps of a change to the buyer's confidential position: which fields
// changed and a SHA-256 of the canonical JSON of the whole position before and after. The
// figures themselves stay in rfp_confidential, read only by the owning buyers; a buyer can
// still prove what the position was at any audited moment by hashing it again.
import { createHash } from "node:crypto";
import { canonicalJson } from "../../../db/queries/audit";
import { changedFields } from "../../domain/audit-redaction";
import type { RfpConfidential } from "../../domain/rfp/sections";

export function confidentialPositionHash(position: RfpConfidential): string {
  const { reservationPriceMinor, batna, notes } = position;
  return createHash("sha256").update(canonicalJson({ reservationPriceMinor, batna, notes })).digest("hex");
}

export function confidentialAuditData(before: RfpConfidential, after: RfpConfidential) {
  return { changed: changedFields(before, after), beforeSha256: confidentialPositionHash(before), afterSha256: confidentialPositionHash(after) };
}
