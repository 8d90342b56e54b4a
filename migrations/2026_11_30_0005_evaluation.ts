// The evaluation workspace (issue #11): the two-key bid opening and its immutable register,
// the evaluation panel with conflict-of-interest declarations, evaluator scores (stored as
// integer half-points, so 0–10 in halves is exact), the chair's moderations, score locks and
// evaluation snapshots. Every round-scoped table carries `round` (1 = main round; BAFO later).
// Records that must stay as they were made (register, decisions, declarations, lock events,
// snapshots) refuse UPDATE and DELETE by trigger.
import { sql, type Kysely } from "kysely";

const IMMUTABLE = [
  "bid_opening_starts",
  "bid_opening_register",
  "bid_opening_decisions",
  "conflict_declarations",
  "score_lock_events",
  "evaluation_snapshots",
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // Quality before price (two envelopes): set before publication, shown to vendors.
  await db.schema.alterTable("rfps").addColumn("quality_before_price", "boolean", (c) => c.notNull().defaultTo(false)).execute();

  // Key one: a buyer starts the opening after the deadline. Key two: a different person of
  // the same organisation confirms it, which inserts the `bid_openings` row (the seal breaks).
  await db.schema
    .createTable("bid_opening_starts")
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("started_by", "uuid", (c) => c.notNull().references("users.id"))
    .addPrimaryKeyConstraint("bid_opening_starts_pkey", ["rfp_id", "round"])
    .execute();
  await db.schema
    .alterTable("bid_openings")
    .addColumn("started_by", "uuid", (c) => c.references("users.id"))
    .addColumn("started_at", "timestamptz")
    // SHA-256 of the register's canonical JSON, so a printed register can be checked later.
    .addColumn("register_hash", "text")
    .execute();

  // One row per bidder, written once at the confirmed opening.
  await db.schema
    .createTable("bid_opening_register")
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("vendor_name", "text", (c) => c.notNull())
    // counted: the version that counts, hashes match; withdrawn; hash-mismatch: held out;
    // late: no bid, only refused late attempts (recorded all the same, Annex IV).
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('counted', 'withdrawn', 'hash-mismatch', 'late')`))
    .addColumn("version_number", "integer")
    .addColumn("received_at", "timestamptz")
    .addColumn("stored_hash", "text")
    .addColumn("recomputed_hash", "text")
    .addColumn("withdrawn_at", "timestamptz")
    // Refused late attempts from the audit trail: [{ at, reason }].
    .addColumn("late_attempts", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addPrimaryKeyConstraint("bid_opening_register_pkey", ["rfp_id", "round", "vendor_organisation_id"])
    .execute();

  // The buyer's decision on a held-out bid (hash mismatch): admit it or exclude it, with a reason.
  await db.schema
    .createTable("bid_opening_decisions")
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("decision", "text", (c) => c.notNull().check(sql`decision in ('admit', 'exclude')`))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    .addColumn("decided_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("decided_by", "uuid", (c) => c.notNull().references("users.id"))
    .addPrimaryKeyConstraint("bid_opening_decisions_pkey", ["rfp_id", "round", "vendor_organisation_id"])
    .execute();

  // The panel: buyer-side users of the RFP's organisation. criterion_ids null = every judged criterion.
  await db.schema
    .createTable("rfp_panel_members")
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("criterion_ids", "jsonb")
    .addColumn("added_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("added_by", "uuid", (c) => c.references("users.id"))
    .addPrimaryKeyConstraint("rfp_panel_members_pkey", ["rfp_id", "user_id"])
    .execute();

  // Declarations are appended, never changed: the newest per (rfp, evaluator, vendor) counts;
  // a later one must give a change reason.
  await db.schema
    .createTable("conflict_declarations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("has_conflict", "boolean", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("change_reason", "text")
    .addColumn("declared_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addCheckConstraint("conflict_declarations_conflict_has_note", sql`not has_conflict or length(trim(note)) > 0`)
    .execute();
  await db.schema.createIndex("conflict_declarations_idx").on("conflict_declarations").columns(["rfp_id", "user_id", "vendor_organisation_id", "declared_at"]).execute();

  // One evaluator's score of one criterion for one bundle. score_halves: 0..20 = 0..10 in halves.
  await db.schema
    .createTable("evaluator_scores")
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("slot_id", "text", (c) => c.notNull())
    .addColumn("criterion_id", "text", (c) => c.notNull())
    .addColumn("score_halves", "smallint", (c) => c.check(sql`score_halves between 0 and 20`))
    .addColumn("justification", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("submitted_at", "timestamptz")
    .addCheckConstraint("evaluator_scores_submitted_complete", sql`submitted_at is null or (score_halves is not null and length(trim(justification)) > 0)`)
    .addPrimaryKeyConstraint("evaluator_scores_pkey", ["rfp_id", "round", "user_id", "vendor_organisation_id", "slot_id", "criterion_id"])
    .execute();
  await db.schema.createIndex("evaluator_scores_cell_idx").on("evaluator_scores").columns(["rfp_id", "round", "criterion_id", "vendor_organisation_id"]).execute();

  // The chair's moderated consensus per cell; `version` guards two moderators at once.
  await db.schema
    .createTable("score_moderations")
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("slot_id", "text", (c) => c.notNull())
    .addColumn("criterion_id", "text", (c) => c.notNull())
    .addColumn("value_halves", "smallint", (c) => c.notNull().check(sql`value_halves between 0 and 20`))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("moderated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("moderated_by", "uuid", (c) => c.notNull().references("users.id"))
    .addPrimaryKeyConstraint("score_moderations_pkey", ["rfp_id", "round", "vendor_organisation_id", "slot_id", "criterion_id"])
    .execute();

  // Lock and unlock as events; the newest decides. An unlock must give a reason.
  await db.schema
    .createTable("score_lock_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('lock', 'unlock')`))
    .addColumn("reason", "text")
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("by_user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addCheckConstraint("score_lock_events_unlock_reason", sql`action = 'lock' or length(trim(coalesce(reason, ''))) > 0`)
    .execute();
  await db.schema.createIndex("score_lock_events_idx").on("score_lock_events").columns(["rfp_id", "round", "id"]).execute();

  // One stored engine run. Input and result are kept as the exact text (not jsonb, which
  // reorders keys), so `npm run evaluate -- input.json --json` reproduces result_json byte for byte.
  await db.schema
    .createTable("evaluation_snapshots")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id"))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("input_json", "text", (c) => c.notNull())
    .addColumn("input_hash", "text", (c) => c.notNull().check(sql`input_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn("engine_version", "text", (c) => c.notNull())
    .addColumn("result_json", "text", (c) => c.notNull())
    .addColumn("scores_locked", "boolean", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .execute();
  await db.schema.createIndex("evaluation_snapshots_rfp_idx").on("evaluation_snapshots").columns(["rfp_id", "round", "created_at"]).execute();

  await sql`
    create function evaluation_records_forbid_change() returns trigger language plpgsql as $$
    begin
      raise exception 'evaluation records are immutable (% on %)', tg_op, tg_table_name;
    end $$`.execute(db);
  for (const table of IMMUTABLE) {
    await sql`create trigger ${sql.raw(`${table}_immutable`)} before update or delete on ${sql.table(table)} for each row execute function evaluation_records_forbid_change()`.execute(db);
  }
  // The opening itself is immutable once recorded.
  await sql`create trigger bid_openings_immutable before update or delete on bid_openings for each row execute function evaluation_records_forbid_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists bid_openings_immutable on bid_openings`.execute(db);
  for (const table of ["evaluation_snapshots", "score_lock_events", "score_moderations", "evaluator_scores", "conflict_declarations", "rfp_panel_members", "bid_opening_decisions", "bid_opening_register", "bid_opening_starts"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists evaluation_records_forbid_change()`.execute(db);
  await db.schema.alterTable("bid_openings").dropColumn("started_by").dropColumn("started_at").dropColumn("register_hash").execute();
  await db.schema.alterTable("rfps").dropColumn("quality_before_price").execute();
}
