// Addenda (every change after publication) and their acknowledgement by vendor organisations.
import { z } from "zod";
import type { RfpChange } from "../../app/domain/rfp/diff";
import { RFP_SECTIONS } from "../../app/domain/rfp/sections";
import type { Executor } from "./executor";

const changesSchema = z.array(z.object({ section: z.enum(RFP_SECTIONS), text: z.string() }));

/** An addendum's stored list of changes, checked. */
export const addendumChanges = (changes: unknown): RfpChange[] => changesSchema.parse(changes);

export async function insertAddendum(
  db: Executor,
  values: { rfpId: string; kind: "amendment" | "deadline_extension"; reason: string; changes: RfpChange[]; bidsNeedConfirmation: boolean; rfpVersion: number; issuedBy: string },
) {
  // Numbered per RFP in issue order; the caller holds the RFP row lock, so numbers never race.
  const last = await db.selectFrom("rfp_addenda").select((eb) => eb.fn.max<number>("number").as("n")).where("rfp_id", "=", values.rfpId).executeTakeFirst();
  return db
    .insertInto("rfp_addenda")
    .values({
      rfp_id: values.rfpId,
      number: (last?.n ?? 0) + 1,
      kind: values.kind,
      reason: values.reason,
      changes: JSON.stringify(values.changes),
      bids_need_confirmation: values.bidsNeedConfirmation,
      rfp_version: values.rfpVersion,
      issued_by: values.issuedBy,
    })
    .returning(["id", "number", "issued_at"])
    .executeTakeFirstOrThrow();
}

export async function listAddenda(db: Executor, rfpId: string) {
  const rows = await db
    .selectFrom("rfp_addenda")
    .select(["id", "number", "kind", "reason", "changes", "bids_need_confirmation", "issued_at"])
    .where("rfp_id", "=", rfpId)
    .orderBy("number")
    .execute();
  return rows.map((r) => ({ ...r, changes: changesSchema.parse(r.changes) }));
}

/**
 * For bids (a later issue): the addenda after `submittedAt` that require a bid submitted
 * before them to be confirmed by its vendor.
 */
export async function addendaNeedingBidConfirmation(db: Executor, rfpId: string, submittedAt: Date) {
  return db
    .selectFrom("rfp_addenda")
    .select(["id", "number", "issued_at"])
    .where("rfp_id", "=", rfpId)
    .where("bids_need_confirmation", "=", true)
    .where("issued_at", ">", submittedAt)
    .orderBy("number")
    .execute();
}

export async function findAddendum(db: Executor, id: string) {
  return db.selectFrom("rfp_addenda").select(["id", "rfp_id", "number"]).where("id", "=", id).executeTakeFirst();
}

/** Idempotent; returns whether this call recorded it. */
export async function insertAcknowledgement(db: Executor, addendumId: string, vendorOrganisationId: string, userId: string): Promise<boolean> {
  const row = await db
    .insertInto("rfp_addendum_acknowledgements")
    .values({ addendum_id: addendumId, vendor_organisation_id: vendorOrganisationId, acknowledged_by: userId })
    .onConflict((oc) => oc.columns(["addendum_id", "vendor_organisation_id"]).doNothing())
    .returning("addendum_id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function listAcknowledgements(db: Executor, rfpId: string) {
  return db
    .selectFrom("rfp_addendum_acknowledgements as k")
    .innerJoin("rfp_addenda as a", "a.id", "k.addendum_id")
    .select(["k.addendum_id", "k.vendor_organisation_id", "k.acknowledged_at"])
    .where("a.rfp_id", "=", rfpId)
    .execute();
}
