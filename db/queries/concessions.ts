// The concession log's stored parts: who was shortlisted in which BAFO round, and the buyer's
// annotations of log lines (the lines themselves are derived, never stored). Callers authorise.
import { sql } from "kysely";
import type { Executor } from "./executor";

/** Every shortlisting of the RFP (all BAFO rounds), with vendor names, by round then name. */
export async function listShortlistings(db: Executor, rfpId: string) {
  const rows = await db
    .selectFrom("bafo_shortlist as s")
    .innerJoin("organisations as o", "o.id", "s.vendor_organisation_id")
    .select(["s.round", "s.vendor_organisation_id", "o.name as vendor_name"])
    .where("s.rfp_id", "=", rfpId)
    .orderBy("s.round")
    .orderBy("o.name")
    .orderBy("s.vendor_organisation_id")
    .execute();
  return rows.map((r) => ({ round: Number(r.round), vendorOrganisationId: r.vendor_organisation_id, vendorName: r.vendor_name }));
}

export async function listConcessionAnnotations(db: Executor, rfpId: string) {
  return db.selectFrom("concession_annotations").select(["vendor_organisation_id", "line_key", "note"]).where("rfp_id", "=", rfpId).execute();
}

/** Writes (or, for an empty note, removes) the buyer's note on one line. */
export async function saveConcessionAnnotation(db: Executor, values: { rfpId: string; vendorOrganisationId: string; lineKey: string; note: string; userId: string }): Promise<void> {
  if (values.note === "") {
    await db
      .deleteFrom("concession_annotations")
      .where("rfp_id", "=", values.rfpId)
      .where("vendor_organisation_id", "=", values.vendorOrganisationId)
      .where("line_key", "=", values.lineKey)
      .execute();
    return;
  }
  // Raw: the column's type (written once, by default) has no update form, but a note's time is its last edit.
  await sql`
    insert into concession_annotations (rfp_id, vendor_organisation_id, line_key, note, updated_by)
    values (${values.rfpId}::uuid, ${values.vendorOrganisationId}::uuid, ${values.lineKey}, ${values.note}, ${values.userId}::uuid)
    on conflict (rfp_id, vendor_organisation_id, line_key)
    do update set note = excluded.note, updated_by = excluded.updated_by, updated_at = clock_timestamp()`.execute(db);
}

/** The snapshot's input text (for re-scoring a round's bundles). */
export async function findSnapshotInput(db: Executor, snapshotId: string): Promise<string | undefined> {
  return (await db.selectFrom("evaluation_snapshots").select("input_json").where("id", "=", snapshotId).executeTakeFirst())?.input_json;
}
