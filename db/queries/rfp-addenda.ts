// Addenda (every change after publication) and their acknowledgement by vendor organisations.
import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { z } from "zod";
import type { RfpChange } from "../../app/domain/rfp/diff";
import { RFP_SECTIONS } from "../../app/domain/rfp/sections";
import { PREPARED } from "../client";
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

/** Every addendum of the RFP in order, each with the vendor organisations that acknowledged it (in the order they did): one statement. */
export async function listAddenda(db: Executor, rfpId: string) {
  const rows = await db
    .selectFrom("rfp_addenda as a")
    .select((eb) => [
      "a.id",
      "a.number",
      "a.kind",
      "a.reason",
      "a.changes",
      "a.bids_need_confirmation",
      "a.issued_at",
      jsonArrayFrom(
        eb
          .selectFrom("rfp_addendum_acknowledgements as k")
          .select(["k.vendor_organisation_id", "k.acknowledged_at"])
          .whereRef("k.addendum_id", "=", "a.id")
          .orderBy("k.acknowledged_at")
          .orderBy("k.vendor_organisation_id"),
      ).as("acknowledgements"),
    ])
    .where("a.rfp_id", "=", rfpId)
    .orderBy("a.number")
    .modifyFront(sql.raw(PREPARED))
    .execute();
  return rows.map((r) => ({
    ...r,
    changes: changesSchema.parse(r.changes),
    // JSON carries the time as text.
    acknowledgements: r.acknowledgements.map((k) => ({ vendor_organisation_id: k.vendor_organisation_id, acknowledged_at: new Date(k.acknowledged_at) })),
  }));
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
