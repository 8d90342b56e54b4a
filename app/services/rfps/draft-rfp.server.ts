// Starting a draft: blank, from a template, or as a copy of an earlier RFP of the same
// buyer organisation (with its confidential position, never its vendors, dates or Q&A).
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { databaseNow, definitionOf, findConfidential, insertRfp, upsertConfidential } from "../../../db/queries/rfps";
import { assertRfpState } from "../../domain/rfp/state";
import type { CreateRfpInput } from "../../domain/rfp/actions";
import { definitionFromTemplate } from "../../domain/rfp/templates";
import { loadBuyerRfp, requireBuyer, auditRfp, type RfpActor } from "./access.server";

export interface DraftCreated {
  id: string;
  version: number;
}

export async function createRfp(db: Kysely<Database>, input: CreateRfpInput, actor: RfpActor): Promise<DraftCreated> {
  requireBuyer(actor, "create:rfp:own");
  const definition = definitionFromTemplate(input.template);
  if (input.title) definition.basics.title = input.title;
  return db.transaction().execute(async (trx) => {
    const row = await insertRfp(trx, { buyerOrganisationId: actor.organisation.id, createdBy: actor.id, template: input.template, copiedFromRfpId: null, definition });
    await auditRfp(trx, actor, "rfp.created", row.id, { template: input.template, after: definition });
    return { id: row.id, version: row.version };
  });
}

export async function copyRfp(db: Kysely<Database>, sourceRfpId: string, actor: RfpActor): Promise<DraftCreated> {
  requireBuyer(actor, "create:rfp:own");
  return db.transaction().execute(async (trx) => {
    const source = await loadBuyerRfp(trx, sourceRfpId, actor, "read:rfp:own");
    const definition = definitionOf(source);
    // A copy is a new sourcing event: it needs its own reference and dates, and starts unpublished.
    definition.basics.title = `Copy of ${definition.basics.title}`.slice(0, 200);
    definition.basics.reference = "";
    definition.timeline = { ...definition.timeline, questionsCloseAt: null, bidsCloseAt: null };
    const row = await insertRfp(trx, { buyerOrganisationId: actor.organisation.id, createdBy: actor.id, template: source.template, copiedFromRfpId: source.id, definition });
    const confidential = await findConfidential(trx, source.id);
    if (confidential.reservationPriceMinor !== null || confidential.batna !== null || confidential.notes) await upsertConfidential(trx, row.id, confidential, actor.id);
    await auditRfp(trx, actor, "rfp.copied", row.id, { copiedFrom: source.id, after: definition });
    return { id: row.id, version: row.version };
  });
}

/**
 * Deletes a draft that was never published: nobody outside the buyer's organisation ever saw
 * it, so nothing is lost to vendors. Its invitations (never sent), confidential position and
 * rows cascade with it; the audit trail keeps the deletion with the draft's last definition.
 */
export async function deleteDraftRfp(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<{ title: string }> {
  return db.transaction().execute(async (trx) => {
    const row = await loadBuyerRfp(trx, rfpId, actor, "update:rfp:own", { lock: true });
    assertRfpState({ publishedAt: row.published_at, bidsCloseAt: row.bids_close_at, cancelledAt: row.cancelled_at }, await databaseNow(trx), ["draft"], "delete it (only a draft that was never published can be deleted; cancel a published RFP instead)");
    await trx.deleteFrom("rfps").where("id", "=", rfpId).where("published_at", "is", null).execute();
    await auditRfp(trx, actor, "rfp.draft-deleted", rfpId, { before: definitionOf(row), after: null });
    return { title: row.title };
  });
}
