// Saving one section of a draft. Each save names the version it was based on; a stale save
// is refused and nothing is overwritten. Drafts may be incomplete: only types are checked
// here, completeness is the publish check's job. After publication, changes are addenda.
import type { Kysely, Updateable } from "kysely";
import type { Database, RfpTable } from "../../../db/schema";
import { columnsOf, databaseNow, definitionOf, findConfidential, updateRfpAtVersion, upsertConfidential } from "../../../db/queries/rfps";
import { DomainError } from "../../domain/errors";
import { applyCriteriaUpdate } from "../../domain/rfp/criteria";
import type { Permission } from "../../domain/permissions";
import type {
  RfpDefinition,
  SaveBasicsInput,
  SaveBundleSlotsInput,
  SaveConfidentialInput,
  SaveCriteriaInput,
  SaveSlaInput,
  SaveTermSheetInput,
  SaveTimelineInput,
  SaveVisibilityInput,
} from "../../domain/rfp/sections";
import { assertRfpState } from "../../domain/rfp/state";
import { assertVersion, auditRfp, loadBuyerRfp, STALE_SAVE, type RfpActor } from "./access.server";
import { confidentialAuditData } from "./confidential-audit.server";

export interface Saved {
  version: number;
}

type SectionKey = keyof Omit<RfpDefinition, "isPublic"> | "visibility";

async function saveSection(
  db: Kysely<Database>,
  rfpId: string,
  expectedVersion: number,
  actor: RfpActor,
  section: SectionKey,
  apply: (def: RfpDefinition) => RfpDefinition,
): Promise<Saved> {
  return db.transaction().execute(async (trx) => {
    const row = await loadBuyerRfp(trx, rfpId, actor, "update:rfp:own");
    assertVersion(row, expectedVersion);
    assertRfpState(
      { publishedAt: row.published_at, bidsCloseAt: row.bids_close_at, cancelledAt: row.cancelled_at },
      await databaseNow(trx),
      ["draft"],
      "edit it directly (after publication every change is an addendum)",
    );
    const before = definitionOf(row);
    const after = apply(structuredClone(before));
    const values: Updateable<RfpTable> = columnsOf(after);
    const updated = await updateRfpAtVersion(trx, rfpId, expectedVersion, values);
    if (!updated) throw new DomainError("conflict", STALE_SAVE);
    const key = section === "visibility" ? "isPublic" : section;
    await auditRfp(trx, actor, "rfp.section-saved", rfpId, { section, before: before[key], after: after[key], version: updated.version });
    return { version: updated.version };
  });
}

export function saveRfpBasics(db: Kysely<Database>, rfpId: string, { expectedVersion, ...basics }: SaveBasicsInput, actor: RfpActor) {
  return saveSection(db, rfpId, expectedVersion, actor, "basics", (def) => ({ ...def, basics }));
}

export function saveRfpTimeline(db: Kysely<Database>, rfpId: string, { expectedVersion, ...timeline }: SaveTimelineInput, actor: RfpActor) {
  return saveSection(db, rfpId, expectedVersion, actor, "timeline", (def) => ({ ...def, timeline }));
}

export function saveRfpTermSheet(db: Kysely<Database>, rfpId: string, input: SaveTermSheetInput, actor: RfpActor) {
  return saveSection(db, rfpId, input.expectedVersion, actor, "termSheet", (def) => ({ ...def, termSheet: input.issues }));
}

export function saveRfpBundleSlots(db: Kysely<Database>, rfpId: string, input: SaveBundleSlotsInput, actor: RfpActor) {
  return saveSection(db, rfpId, input.expectedVersion, actor, "bundleSlots", (def) => ({ ...def, bundleSlots: input.slots }));
}

export function saveRfpCriteria(db: Kysely<Database>, rfpId: string, { expectedVersion, ...criteria }: SaveCriteriaInput, actor: RfpActor) {
  return saveSection(db, rfpId, expectedVersion, actor, "criteria", (def) => ({ ...def, criteria: applyCriteriaUpdate(def.criteria, criteria) }));
}

export function saveRfpSlaRequirements(db: Kysely<Database>, rfpId: string, { expectedVersion, ...sla }: SaveSlaInput, actor: RfpActor) {
  return saveSection(db, rfpId, expectedVersion, actor, "sla", (def) => ({ ...def, sla }));
}

export function setRfpVisibility(db: Kysely<Database>, rfpId: string, input: SaveVisibilityInput, actor: RfpActor) {
  return saveSection(db, rfpId, input.expectedVersion, actor, "visibility", (def) => ({ ...def, isPublic: input.isPublic }));
}

/**
 * The confidential position is buyer-internal, so it may change after publication without an
 * addendum (vendors never see it); it still moves the RFP's version, like every save.
 */
export async function saveRfpConfidential(db: Kysely<Database>, rfpId: string, { expectedVersion, ...confidential }: SaveConfidentialInput, actor: RfpActor): Promise<Saved> {
  const permission: Permission = "update:confidential:own";
  return db.transaction().execute(async (trx) => {
    const row = await loadBuyerRfp(trx, rfpId, actor, permission);
    assertVersion(row, expectedVersion);
    if (row.cancelled_at) throw new DomainError("conflict", "This RFP has been cancelled. You cannot change it now.");
    const before = await findConfidential(trx, rfpId);
    const updated = await updateRfpAtVersion(trx, rfpId, expectedVersion, {});
    if (!updated) throw new DomainError("conflict", STALE_SAVE);
    const { auditSalt } = await upsertConfidential(trx, rfpId, confidential, actor.id);
    // Admins read the audit trail and may not read the position: the row commits to it by a
    // salted hash (the buyer can prove what it was) and says which fields changed, never their values.
    await auditRfp(trx, actor, "rfp.confidential-saved", rfpId, { section: "confidential", version: updated.version, ...confidentialAuditData(before, confidential, auditSalt) });
    return { version: updated.version };
  });
}
