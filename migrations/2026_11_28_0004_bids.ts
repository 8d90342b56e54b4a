// Sealed bids (issue #5). The envelope (`bids`: one per RFP, vendor organisation and round,
// carrying the draft's optimistic version) and each submitted version's facts (time, hash,
// who, idempotency key) are ordinary rows the buyer may count. The CONTENT lives apart, in
// `bid_draft_contents` and `bid_version_contents`, read only through db/queries/sealed-bids.ts,
// whose buyer-side readers check the seal. Submitted versions and their content are immutable
// (triggers refuse update and delete), so a receipt's hash stays provable.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("bids")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    // 1 = the main round; a BAFO round (a later issue) gets its own envelope.
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1).check(sql`round >= 1`))
    .addColumn("draft_version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("draft_updated_at", "timestamptz")
    .addColumn("draft_updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("bids_rfp_vendor_round_key", ["rfp_id", "vendor_organisation_id", "round"])
    .execute();

  await db.schema
    .createTable("bid_draft_contents")
    .addColumn("bid_id", "uuid", (c) => c.primaryKey().references("bids.id").onDelete("cascade"))
    .addColumn("content", "jsonb", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("bid_versions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("bid_id", "uuid", (c) => c.notNull().references("bids.id"))
    .addColumn("version_number", "integer", (c) => c.notNull().check(sql`version_number >= 1`))
    .addColumn("content_hash", "text", (c) => c.notNull().check(sql`content_hash ~ '^[0-9a-f]{64}$'`))
    // The database clock at the moment of recording, inside the submitting transaction.
    .addColumn("received_at", "timestamptz", (c) => c.notNull())
    .addColumn("submitted_by", "uuid", (c) => c.references("users.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull().check(sql`length(idempotency_key) between 8 and 200`))
    .addUniqueConstraint("bid_versions_number_key", ["bid_id", "version_number"])
    // One envelope per RFP + vendor + round, so this is "unique per vendor and RFP (round)".
    .addUniqueConstraint("bid_versions_idempotency_key", ["bid_id", "idempotency_key"])
    .execute();

  await db.schema
    .createTable("bid_version_contents")
    .addColumn("bid_version_id", "uuid", (c) => c.primaryKey().references("bid_versions.id"))
    .addColumn("content", "jsonb", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("bid_withdrawals")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("bid_id", "uuid", (c) => c.notNull().references("bids.id"))
    .addColumn("withdrawn_version", "integer", (c) => c.notNull())
    .addColumn("withdrawn_at", "timestamptz", (c) => c.notNull())
    .addColumn("withdrawn_by", "uuid", (c) => c.references("users.id"))
    .execute();
  await db.schema.createIndex("bid_withdrawals_bid_idx").on("bid_withdrawals").columns(["bid_id", "withdrawn_at"]).execute();

  // A vendor's confirmation that its submitted version stands after an addendum.
  await db.schema
    .createTable("bid_confirmations")
    .addColumn("bid_id", "uuid", (c) => c.notNull().references("bids.id"))
    .addColumn("addendum_id", "uuid", (c) => c.notNull().references("rfp_addenda.id"))
    .addColumn("version_number", "integer", (c) => c.notNull())
    .addColumn("confirmed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("confirmed_by", "uuid", (c) => c.references("users.id"))
    .addPrimaryKeyConstraint("bid_confirmations_pkey", ["bid_id", "addendum_id", "version_number"])
    .execute();

  // The bid opening (a later issue records it); until a row exists, content stays sealed.
  await db.schema
    .createTable("bid_openings")
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("opened_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("opened_by", "uuid", (c) => c.references("users.id"))
    .addPrimaryKeyConstraint("bid_openings_pkey", ["rfp_id", "round"])
    .execute();

  await sql`
    create function bids_forbid_change() returns trigger language plpgsql as $$
    begin
      raise exception 'submitted bid versions are immutable (% on %)', tg_op, tg_table_name;
    end $$`.execute(db);
  for (const table of ["bid_versions", "bid_version_contents", "bid_withdrawals"]) {
    await sql`create trigger ${sql.raw(`${table}_immutable`)} before update or delete on ${sql.table(table)} for each row execute function bids_forbid_change()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["bid_openings", "bid_confirmations", "bid_withdrawals", "bid_version_contents", "bid_versions", "bid_draft_contents", "bids"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists bids_forbid_change()`.execute(db);
}
