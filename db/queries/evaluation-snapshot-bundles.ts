// The results projection of evaluation snapshots (migration 0006): written once with the
// snapshot, read a page at a time by the results pages. Callers authorise and decide which
// vendors the viewer may not see (`hiddenVendorIds`) and whether the confidential columns
// (beats BATNA, above the reservation price) are selected at all.
import { sql, type Expression } from "kysely";
import type { BundleRow } from "../../app/domain/evaluation-results/projection";
import type { Executor } from "./executor";

/** The rows are the pure projection's (app/domain/evaluation-results/projection.ts). */
export type ProjectionRowInsert = BundleRow;

// One multi-row insert per 1,000 bundles (22 parameters a row, well under PostgreSQL's 65,535).
const BATCH = 1_000;

/** Writes the projection of one snapshot; a concurrent writer of the same snapshot changes nothing. */
export async function insertSnapshotProjection(
  db: Executor,
  snapshotId: string,
  projection: { summary: unknown; confidential: unknown; rows: readonly ProjectionRowInsert[] },
): Promise<void> {
  const inserted = await db
    .insertInto("evaluation_snapshot_results")
    .values({ snapshot_id: snapshotId, bundle_count: projection.rows.length, summary: JSON.stringify(projection.summary), confidential: JSON.stringify(projection.confidential) })
    .onConflict((oc) => oc.column("snapshot_id").doNothing())
    .returning("snapshot_id")
    .executeTakeFirst();
  if (!inserted) return;
  for (let i = 0; i < projection.rows.length; i += BATCH) {
    await db
      .insertInto("evaluation_snapshot_bundles")
      .values(
        projection.rows.slice(i, i + BATCH).map((r) => ({
          snapshot_id: snapshotId,
          vendor_id: r.vendorId,
          slot_id: r.slotId,
          vendor_name: r.vendorName,
          slot_name: r.slotName,
          slot_position: r.slotPosition,
          rank: r.rank,
          total: r.total,
          evaluated_price_minor: r.evaluatedPriceMinor,
          quality: r.quality,
          passes_gates: r.passesGates,
          gate_failures: JSON.stringify(r.gateFailures),
          best_of_vendor: r.bestOfVendor,
          tied: r.tied,
          beats_batna: r.beatsBatna,
          exceeds_reservation: r.exceedsReservation,
          clause_errors: r.clauseErrors,
          clause_warnings: r.clauseWarnings,
          protection_minor: r.protectionMinor,
          on_frontier: r.onFrontier,
          points: JSON.stringify(r.points),
          detail: JSON.stringify(r.detail),
        })),
      )
      .execute();
  }
}

const HEAD_COLUMNS = ["s.id", "s.round", "s.input_hash", "s.engine_version", "s.scores_locked", "s.created_at", "u.name as created_by_name"] as const;

/** The newest snapshot of the round (or the one asked for), without its large texts. */
export async function findSnapshotHead(db: Executor, rfpId: string, round: number, snapshotId: string | null) {
  let q = db
    .selectFrom("evaluation_snapshots as s")
    .leftJoin("users as u", "u.id", "s.created_by")
    .select(HEAD_COLUMNS)
    .where("s.rfp_id", "=", rfpId);
  q = snapshotId ? q.where("s.id", "=", snapshotId) : q.where("s.round", "=", round);
  return q.orderBy("s.created_at", "desc").orderBy("s.id", "desc").limit(1).executeTakeFirst();
}

/**
 * The newest snapshot of the round (or the one asked for) with its projection's summary in the
 * same query (`summary` null when the snapshot predates migration 0006); the confidential
 * figures are selected only when asked for.
 */
export async function findSnapshotHeadWithSummary(db: Executor, rfpId: string, round: number, snapshotId: string | null, withConfidential: boolean) {
  let q = db
    .selectFrom("evaluation_snapshots as s")
    .leftJoin("users as u", "u.id", "s.created_by")
    .leftJoin("evaluation_snapshot_results as r", "r.snapshot_id", "s.id")
    .select(HEAD_COLUMNS)
    .select("r.summary")
    .$if(withConfidential, (qb) => qb.select("r.confidential"))
    .where("s.rfp_id", "=", rfpId);
  q = snapshotId ? q.where("s.id", "=", snapshotId) : q.where("s.round", "=", round);
  const row = await q.orderBy("s.created_at", "desc").orderBy("s.id", "desc").limit(1).executeTakeFirst();
  return row as (typeof row & { summary: unknown | null; confidential?: unknown }) | undefined;
}

/** The texts of one snapshot, for a projection written after the fact (snapshots older than migration 0006). */
export async function findSnapshotTexts(db: Executor, snapshotId: string) {
  return db.selectFrom("evaluation_snapshots").select(["input_json", "result_json"]).where("id", "=", snapshotId).executeTakeFirstOrThrow();
}

export async function findSnapshotSummary(db: Executor, snapshotId: string, withConfidential: boolean) {
  const row = await db
    .selectFrom("evaluation_snapshot_results")
    .select(["summary", "bundle_count"])
    .$if(withConfidential, (q) => q.select("confidential"))
    .where("snapshot_id", "=", snapshotId)
    .executeTakeFirst();
  return row as { summary: unknown; bundle_count: number; confidential?: unknown } | undefined;
}

export interface BundleFilter {
  hiddenVendorIds: readonly string[];
  vendorId?: string | null;
  /** true: passing bundles only; false: gated-out only. */
  passesGates?: boolean | null;
  bestOnly?: boolean;
}

/** A sort the caller built from a whitelist: a column, or an index into the points array. */
export type BundleSort =
  | { by: "rank" | "vendor" | "bundle" | "total" | "price" | "quality" | "protection" | "clauses" }
  | { by: "points"; criterionIndex: number };

function sortExpressions(sort: BundleSort): Expression<unknown>[] {
  switch (sort.by) {
    case "rank":
      return [sql`b.rank`];
    case "vendor":
      return [sql`b.vendor_name`, sql`b.slot_position`];
    case "bundle":
      return [sql`b.slot_position`, sql`b.vendor_name`];
    case "total":
      return [sql`b.total`];
    case "price":
      return [sql`b.evaluated_price_minor`];
    case "quality":
      return [sql`b.quality`];
    case "protection":
      return [sql`b.protection_minor`];
    case "clauses":
      return [sql`b.clause_errors`, sql`b.clause_warnings`];
    case "points":
      // The index is an integer the service took from the snapshot's own criteria list.
      return [sql`(b.points->>${sql.lit(Math.trunc(sort.criterionIndex))})::float8`];
  }
}

function filtered(db: Executor, snapshotId: string, filter: BundleFilter) {
  let q = db.selectFrom("evaluation_snapshot_bundles as b").where("b.snapshot_id", "=", snapshotId);
  if (filter.hiddenVendorIds.length > 0) q = q.where("b.vendor_id", "not in", [...filter.hiddenVendorIds]);
  if (filter.vendorId) q = q.where("b.vendor_id", "=", filter.vendorId);
  if (filter.passesGates === true || filter.passesGates === false) q = q.where("b.passes_gates", "=", filter.passesGates);
  if (filter.bestOnly) q = q.where("b.best_of_vendor", "=", true);
  return q;
}

export async function countBundles(db: Executor, snapshotId: string, filter: BundleFilter): Promise<number> {
  const row = await filtered(db, snapshotId, filter).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

const ROW_COLUMNS = [
  "b.vendor_id",
  "b.slot_id",
  "b.vendor_name",
  "b.slot_name",
  "b.slot_position",
  "b.rank",
  "b.total",
  "b.evaluated_price_minor",
  "b.quality",
  "b.passes_gates",
  "b.gate_failures",
  "b.best_of_vendor",
  "b.tied",
  "b.clause_errors",
  "b.clause_warnings",
  "b.protection_minor",
  "b.on_frontier",
  "b.points",
] as const;

export type BundleListRow = {
  vendor_id: string;
  slot_id: string;
  vendor_name: string;
  slot_name: string;
  slot_position: number;
  rank: number | null;
  total: number;
  evaluated_price_minor: number | string;
  quality: number;
  passes_gates: boolean;
  gate_failures: unknown;
  best_of_vendor: boolean;
  tied: boolean;
  clause_errors: number;
  clause_warnings: number;
  protection_minor: number | string | null;
  on_frontier: boolean;
  points: unknown;
  beats_batna?: boolean;
  exceeds_reservation?: boolean;
};

/**
 * One page of bundles in the asked order, each with the number of bundles the filter matches
 * (`total_count`, a window count over the filtered rows, so a page needs no separate count).
 * Ties in the sort key fall back to the engine's rank, then vendor and slot.
 */
export async function listBundlePage(
  db: Executor,
  snapshotId: string,
  filter: BundleFilter,
  options: { sort: BundleSort; descending: boolean; limit: number; offset: number; withConfidential: boolean },
): Promise<(BundleListRow & { total_count: number })[]> {
  let q = filtered(db, snapshotId, filter).select(ROW_COLUMNS).select(sql<number>`count(*) over ()`.as("total_count"));
  if (options.withConfidential) q = q.select(["b.beats_batna", "b.exceeds_reservation"]);
  const direction = options.descending ? sql.raw("desc") : sql.raw("asc");
  for (const e of sortExpressions(options.sort)) q = q.orderBy(sql`${e} ${direction} nulls last`);
  q = q.orderBy(sql`b.rank asc nulls last`).orderBy("b.vendor_name").orderBy("b.vendor_id").orderBy("b.slot_position");
  return (await q.limit(options.limit).offset(options.offset).execute()) as (BundleListRow & { total_count: number })[];
}

/** One page of bundles in the asked order; ties in the sort key fall back to the engine's rank, then vendor and slot. */
export async function listBundles(
  db: Executor,
  snapshotId: string,
  filter: BundleFilter,
  options: { sort: BundleSort; descending: boolean; limit: number; offset: number; withConfidential: boolean },
): Promise<BundleListRow[]> {
  let q = filtered(db, snapshotId, filter).select(ROW_COLUMNS);
  if (options.withConfidential) q = q.select(["b.beats_batna", "b.exceeds_reservation"]);
  const direction = options.descending ? sql.raw("desc") : sql.raw("asc");
  for (const e of sortExpressions(options.sort)) q = q.orderBy(sql`${e} ${direction} nulls last`);
  q = q.orderBy(sql`b.rank asc nulls last`).orderBy("b.vendor_name").orderBy("b.vendor_id").orderBy("b.slot_position");
  return (await q.limit(options.limit).offset(options.offset).execute()) as BundleListRow[];
}

/** Every visible bundle as a point of the price–quality chart (small columns only), each with the count of visible bundles (`total_count`). */
export async function listChartPoints(db: Executor, snapshotId: string, filter: BundleFilter, limit: number) {
  return filtered(db, snapshotId, filter)
    .select(["b.vendor_id", "b.slot_id", "b.vendor_name", "b.slot_name", "b.evaluated_price_minor", "b.quality", "b.on_frontier", "b.rank", "b.passes_gates"])
    .select(sql<number>`count(*) over ()`.as("total_count"))
    .orderBy(sql`b.on_frontier desc`)
    .orderBy(sql`b.rank asc nulls last`)
    .orderBy("b.vendor_name")
    .orderBy("b.slot_position")
    .limit(limit)
    .execute();
}

/** The vendors of a snapshot (for the vendor filter), by name. */
export async function listSnapshotVendors(db: Executor, snapshotId: string, hiddenVendorIds: readonly string[]) {
  let q = db.selectFrom("evaluation_snapshot_bundles as b").select(["b.vendor_id", "b.vendor_name"]).distinct().where("b.snapshot_id", "=", snapshotId);
  if (hiddenVendorIds.length > 0) q = q.where("b.vendor_id", "not in", [...hiddenVendorIds]);
  return q.orderBy("b.vendor_name").orderBy("b.vendor_id").execute();
}

export async function findSnapshotBundle(db: Executor, snapshotId: string, vendorId: string, slotId: string, withConfidential: boolean) {
  let q = db
    .selectFrom("evaluation_snapshot_bundles as b")
    .select([...ROW_COLUMNS, "b.detail"])
    .where("b.snapshot_id", "=", snapshotId)
    .where("b.vendor_id", "=", vendorId)
    .where("b.slot_id", "=", slotId);
  if (withConfidential) q = q.select(["b.beats_batna", "b.exceeds_reservation"]);
  return (await q.executeTakeFirst()) as (BundleListRow & { detail: unknown }) | undefined;
}


/** Each vendor's best ranked bundle in one snapshot (vendors left out of the view excluded). */
export async function listBestBundles(db: Executor, snapshotId: string, hiddenVendorIds: readonly string[]) {
  return db
    .selectFrom("evaluation_snapshot_bundles")
    .select(["vendor_id", "vendor_name", "slot_id", "slot_name", "rank", "total"])
    .where("snapshot_id", "=", snapshotId)
    .where("best_of_vendor", "=", true)
    .$if(hiddenVendorIds.length > 0, (q) => q.where("vendor_id", "not in", [...hiddenVendorIds]))
    .orderBy("rank")
    .execute();
}
