// What the audit trail keeps of a change to the buyer's confidential position: which fields
// changed and a SHA-256 of the whole position before and after, salted with the RFP's own random
// salt (rfp_confidential.audit_salt, migration 0011). The figures and the salt stay in
// rfp_confidential, read only by the owning buyers, so the buyer's organisation can still prove
// what the position was at any audited moment by hashing it again, while the admins and
// evaluators who read the trail cannot find a reservation price by trying every price.
import { createHash } from "node:crypto";
import { canonicalJson } from "../../../db/queries/audit";
import { changedFields } from "../../domain/audit-redaction";
import type { RfpConfidential } from "../../domain/rfp/sections";

/** SHA-256 of `<salt>:<canonical JSON of the position>`, in hex. */
export function confidentialPositionHash(position: RfpConfidential, auditSalt: string): string {
  const { reservationPriceMinor, batna, notes } = position;
  return createHash("sha256").update(`${auditSalt}:${canonicalJson({ reservationPriceMinor, batna, notes })}`).digest("hex");
}

export function confidentialAuditData(before: RfpConfidential, after: RfpConfidential, auditSalt: string) {
  return { changed: changedFields(before, after), salted: true, beforeSha256: confidentialPositionHash(before, auditSalt), afterSha256: confidentialPositionHash(after, auditSalt) };
}
