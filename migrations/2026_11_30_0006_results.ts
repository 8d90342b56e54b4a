// Results pages (issue #12): a per-bundle projection of every evaluation snapshot, written in
// the same transaction as the snapshot, so the ranking page reads one page of small rows with
// an index instead of parsing a result_json of many MB per view. The snapshot stays the record
// (its text reproduces byte for byte); these rows are derived from it and, like it, immutable.
//
// evaluation_snapshot_results: one row per snapshot with what the page header needs (criteria,
// descriptions, sensitivity) in `summary`, and the buyer's confidential figures (reservation
// price, BATNA) apart in `confidential`, so evaluator queries never select them.
// evaluation_snapshot_bundles: one row per bundle with the sortable columns and `detail` (the
// explanation, the evaluators' scores, gate checks and clause findings for the bundle page).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("evaluation_snapshot_results")
    .addColumn("snapshot_id", "uuid", (c) => c.primaryKey().references("evaluation_snapshots.id"))
    .addColumn("bundle_count", "integer", (c) => c.notNull())
    .addColumn("summary", "jsonb", (c) => c.notNull())
    .addColumn("confidential", "jsonb", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("evaluation_snapshot_bundles")
    .addColumn("snapshot_id", "uuid", (c) => c.notNull().references("evaluation_snapshots.id"))
    .addColumn("vendor_id", "text", (c) => c.notNull())
    .addColumn("slot_id", "text", (c) => c.notNull())
    .addColumn("vendor_name", "text", (c) => c.notNull())
    .addColumn("slot_name", "text", (c) => c.notNull())
    // Position of the slot in the RFP's three slots (0–2): the "bundle" column sorts by it.
    .addColumn("slot_position", "integer", (c) => c.notNull())
    // The engine's place; null when a gate failed (listed apart, not ranked).
    .addColumn("rank", "integer")
    .addColumn("total", "double precision", (c) => c.notNull())
    .addColumn("evaluated_price_minor", "bigint", (c) => c.notNull())
    // Non-price points (total minus the price criterion's points): the frontier's quality axis.
    .addColumn("quality", "double precision", (c) => c.notNull())
    .addColumn("passes_gates", "boolean", (c) => c.notNull())
    .addColumn("gate_failures", "jsonb", (c) => c.notNull())
    .addColumn("best_of_vendor", "boolean", (c) => c.notNull())
    // Same total (to a millionth of a point) as another ranked bundle: the tie-break decided.
    .addColumn("tied", "boolean", (c) => c.notNull())
    // Confidential comparisons: selected for buyers with read:confidential:own only.
    .addColumn("beats_batna", "boolean", (c) => c.notNull())
    .addColumn("exceeds_reservation", "boolean", (c) => c.notNull())
    .addColumn("clause_errors", "integer", (c) => c.notNull())
    .addColumn("clause_warnings", "integer", (c) => c.notNull())
    // What the remedies pay or withhold under the standard breach scenario; null without a period fee.
    .addColumn("protection_minor", "bigint")
    .addColumn("on_frontier", "boolean", (c) => c.notNull())
    // Weighted points per criterion, in the criteria's order (summary.criteria).
    .addColumn("points", "jsonb", (c) => c.notNull())
    .addColumn("detail", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("evaluation_snapshot_bundles_pkey", ["snapshot_id", "vendor_id", "slot_id"])
    .execute();
  // The sorts the ranking page offers on its own columns (criterion points sort a few thousand rows of one snapshot at most).
  const indexes: [string, string[]][] = [
    ["rank", ["snapshot_id", "passes_gates", "rank"]],
    ["vendor", ["snapshot_id", "vendor_name", "slot_position"]],
    ["total", ["snapshot_id", "total"]],
    ["price", ["snapshot_id", "evaluated_price_minor"]],
    ["protection", ["snapshot_id", "protection_minor"]],
    ["clauses", ["snapshot_id", "clause_errors", "clause_warnings"]],
  ];
  for (const [name, columns] of indexes) {
    await db.schema.createIndex(`evaluation_snapshot_bundles_${name}_idx`).on("evaluation_snapshot_bundles").columns(columns).execute();
  }

  for (const table of ["evaluation_snapshot_results", "evaluation_snapshot_bundles"]) {
    await sql`create trigger ${sql.raw(`${table}_immutable`)} before update or delete on ${sql.table(table)} for each row execute function evaluation_records_forbid_change()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["evaluation_snapshot_bundles", "evaluation_snapshot_results"]) {
    await sql`drop trigger if exists ${sql.raw(`${table}_immutable`)} on ${sql.table(table)}`.execute(db);
    await db.schema.dropTable(table).ifExists().execute();
  }
}
