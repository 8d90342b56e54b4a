// BAFO rounds, the concession log's annotations and the award (issue #13).
//
// A BAFO round is round N ≥ 2 of an RFP: its own deadline, a shortlist (each vendor with the
// buyer's reason) and conditional asks ("if we …, could you …"). Round-N bids reuse the sealed
// bid tables (`bids.round`), so sealing, receipts and the two-key opening work unchanged; a
// vendor that confirms its earlier bid unchanged gets a round-N version carrying the earlier
// content, marked by `bid_versions.carried_from_round`.
//
// The award: proposed (vendor, bundle, rationale; a deviation reason when it is not the top
// bundle that passes the gates), approved by a second buyer-side person (four eyes), which
// starts the standstill; concluded after it ends; or cancelled with a reason. At most one award
// that is not cancelled per RFP. Its status is derived from the timestamps, never stored.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("rfps")
    .addColumn("standstill_days", "integer", (c) => c.notNull().defaultTo(10).check(sql`standstill_days between 0 and 90`))
    .execute();

  await db.schema.alterTable("bid_versions").addColumn("carried_from_round", "integer").execute();

  await db.schema
    .createTable("bafo_rounds")
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull().check(sql`round >= 2`))
    .addColumn("bids_close_at", "timestamptz", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("created_by", "uuid", (c) => c.notNull().references("users.id"))
    .addPrimaryKeyConstraint("bafo_rounds_pkey", ["rfp_id", "round"])
    .execute();

  await db.schema
    .createTable("bafo_shortlist")
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    .addPrimaryKeyConstraint("bafo_shortlist_pkey", ["rfp_id", "round", "vendor_organisation_id"])
    .addForeignKeyConstraint("bafo_shortlist_round_fk", ["rfp_id", "round"], "bafo_rounds", ["rfp_id", "round"])
    .execute();

  await db.schema
    .createTable("bafo_asks")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    // The two halves of "if we …, could you …", both required.
    .addColumn("if_we", "text", (c) => c.notNull().check(sql`length(trim(if_we)) > 0`))
    .addColumn("could_you", "text", (c) => c.notNull().check(sql`length(trim(could_you)) > 0`))
    // 'suggestion': built from an engine counter-package (kept in `suggestion`); 'free': written by the buyer.
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('suggestion', 'free')`))
    .addColumn("suggestion", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("created_by", "uuid", (c) => c.notNull().references("users.id"))
    .addForeignKeyConstraint("bafo_asks_shortlist_fk", ["rfp_id", "round", "vendor_organisation_id"], "bafo_shortlist", ["rfp_id", "round", "vendor_organisation_id"])
    .execute();
  await db.schema.createIndex("bafo_asks_rfp_idx").on("bafo_asks").columns(["rfp_id", "round", "vendor_organisation_id"]).execute();

  // The buyer's note on one line of a vendor's concession log (lines are derived; the key names one).
  await db.schema
    .createTable("concession_annotations")
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("line_key", "text", (c) => c.notNull().check(sql`length(line_key) between 1 and 300`))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("updated_by", "uuid", (c) => c.notNull().references("users.id"))
    .addPrimaryKeyConstraint("concession_annotations_pkey", ["rfp_id", "vendor_organisation_id", "line_key"])
    .execute();

  await db.schema
    .createTable("awards")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("snapshot_id", "uuid", (c) => c.notNull().references("evaluation_snapshots.id"))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("slot_id", "text", (c) => c.notNull())
    .addColumn("rationale", "text", (c) => c.notNull().check(sql`length(trim(rationale)) > 0`))
    .addColumn("deviation_reason", "text")
    .addColumn("proposed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("proposed_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("approved_at", "timestamptz")
    .addColumn("approved_by", "uuid", (c) => c.references("users.id"))
    .addColumn("standstill_ends_at", "timestamptz")
    .addColumn("concluded_at", "timestamptz")
    .addColumn("concluded_by", "uuid", (c) => c.references("users.id"))
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("cancelled_by", "uuid", (c) => c.references("users.id"))
    .addColumn("cancel_reason", "text")
    .addCheckConstraint("awards_four_eyes", sql`approved_by is null or approved_by <> proposed_by`)
    .addCheckConstraint("awards_approval_complete", sql`(approved_at is null) = (approved_by is null) and (approved_at is null) = (standstill_ends_at is null)`)
    .addCheckConstraint("awards_conclusion_after_approval", sql`concluded_at is null or (approved_at is not null and concluded_by is not null and cancelled_at is null)`)
    .addCheckConstraint("awards_cancel_reason", sql`cancelled_at is null or (cancelled_by is not null and length(trim(coalesce(cancel_reason, ''))) > 0)`)
    .execute();
  await sql`create unique index awards_one_live_per_rfp on awards (rfp_id) where cancelled_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["awards", "concession_annotations", "bafo_asks", "bafo_shortlist", "bafo_rounds"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.alterTable("bid_versions").dropColumn("carried_from_round").execute();
  await db.schema.alterTable("rfps").dropColumn("standstill_days").execute();
}
