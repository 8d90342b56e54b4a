// The results projection of evaluation snapshots (migration 0006): written once with the
// snapshot, read a page at a time by the results pages. Callers authorise and decide which
// vendors the viewer may not see (`hiddenVendorIds`) and whether the confidential columns
// (beats BATNA, above the reservation price) are selected at all.
import { sql, type Expression } from "kysely";
import type { BundleRow } from "../../app/domain/evaluation-results/projection";
import { PREPARED } from "../client";
import { deepFreeze, KeptByText } from "../kept-by-text";
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

// ── The results pages' reads: a few statements a view ──────────────────────────────────────

/** A JSON list from the database: parsed (pg) or text. */
function jsonList<T>(value: unknown): T[] {
  return (typeof value === "string" ? JSON.parse(value) : (value ?? [])) as T[];
}

/** A snapshot's head columns with its projection's summary (and confidential figures, when selected). */
interface SnapshotHeadColumns {
  id: string;
  round: number | string;
  input_hash: string;
  engine_version: string;
  scores_locked: boolean;
  created_at: Date;
  created_by_name: string | null;
  /** null when the snapshot predates its projection (migration 0006). */
  summary: unknown | null;
  confidential?: unknown;
}

export interface ResultsHead extends SnapshotHeadColumns {
  /** Every snapshot of the RFP, newest first (as listSnapshots, without the texts). */
  snapshots: { id: string; round: number; createdAt: Date; scoresLocked: boolean }[];
  /** The newest snapshot of the round before this one's; null in round 1 or when none. */
  previousId: string | null;
  /** The snapshot's vendors (those left out excepted), by name (as listSnapshotVendors). */
  vendors: { vendor_id: string; vendor_name: string }[];
}

/**
 * The ranking page's head in one statement: the snapshot shown (the round's newest, or the one
 * asked for) with its projection's summary (and the confidential figures only when asked
 * for), every run of the RFP, the previous round's newest run, and the snapshot's vendors.
 */
export async function findResultsHead(db: Executor, rfpId: string, round: number, snapshotId: string | null, withConfidential: boolean, hiddenVendorIds: readonly string[]): Promise<ResultsHead | undefined> {
  // Prepared (its text varies only with the confidential column and how the snapshot is
  // chosen): the hidden vendors are one array parameter, not a list spelled into the text.
  const { rows } = await sql<Omit<ResultsHead, "snapshots" | "vendors"> & { snapshots: unknown; vendors: unknown }>`${sql.raw(PREPARED)}
    select s.id, s.round, s.input_hash, s.engine_version, s.scores_locked, s.created_at, u.name as created_by_name, r.summary,
      ${withConfidential ? sql`r.confidential` : sql`null`} as confidential,
      (select coalesce(json_agg(json_build_object('id', a.id, 'round', a.round, 'createdAt', a.created_at, 'scoresLocked', a.scores_locked) order by a.created_at desc, a.id), '[]'::json)
         from evaluation_snapshots a where a.rfp_id = s.rfp_id) as snapshots,
      (select p.id from evaluation_snapshots p where p.rfp_id = s.rfp_id and p.round = s.round - 1 order by p.created_at desc, p.id desc limit 1) as "previousId",
      (select coalesce(json_agg(json_build_object('vendor_id', v.vendor_id, 'vendor_name', v.vendor_name) order by v.vendor_name, v.vendor_id), '[]'::json)
         from (select distinct b.vendor_id, b.vendor_name from evaluation_snapshot_bundles b where b.snapshot_id = s.id and b.vendor_id <> all(${[...hiddenVendorIds]}::text[])) v) as vendors
    from evaluation_snapshots s
    left join users u on u.id = s.created_by
    left join evaluation_snapshot_results r on r.snapshot_id = s.id
    where s.rfp_id = ${rfpId} and ${snapshotId ? sql`s.id = ${snapshotId}` : sql`s.round = ${round}`}
    order by s.created_at desc, s.id desc
    limit 1`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    ...row,
    snapshots: jsonList<{ id: string; round: number | string; createdAt: string; scoresLocked: boolean }>(row.snapshots).map((a) => ({ id: a.id, round: Number(a.round), createdAt: new Date(a.createdAt), scoresLocked: a.scoresLocked })),
    vendors: jsonList<{ vendor_id: string; vendor_name: string }>(row.vendors),
  };
}

export interface BundlePageSpec {
  filter: BundleFilter;
  sort: BundleSort;
  descending: boolean;
  limit: number;
  offset: number;
  withConfidential: boolean;
}

/** listBundlePage's query as a JSON list in its order (a subquery of one statement). */
function bundlePageJson(db: Executor, snapshotId: string, spec: BundlePageSpec) {
  const direction = spec.descending ? sql.raw("desc") : sql.raw("asc");
  const order = [...sortExpressions(spec.sort).map((e) => sql`${e} ${direction} nulls last`), sql`b.rank asc nulls last`, sql`b.vendor_name`, sql`b.vendor_id`, sql`b.slot_position`];
  const orderBy = sql.join(order);
  let q = filtered(db, snapshotId, spec.filter)
    .select(ROW_COLUMNS)
    .select(sql<number>`count(*) over ()`.as("total_count"))
    .select(sql<number>`row_number() over (order by ${orderBy})`.as("n"));
  if (spec.withConfidential) q = q.select(["b.beats_batna", "b.exceeds_reservation"]);
  for (const e of order) q = q.orderBy(e);
  return sql`(select coalesce(json_agg(t order by t.n), '[]'::json) from (${q.limit(spec.limit).offset(spec.offset)}) t)`;
}

/**
 * The ranking page's rows in one statement: the ranked and gated-out pages (each with its
 * filter's count), the best-ranked bundles for the chart when the ranking's page is not them,
 * the price–quality points (every visible bundle, frontier first, then by rank) and, in a BAFO
 * round, each vendor's best ranked bundle of this snapshot and of the previous round's. A part not asked
 * for is null.
 */
export async function readResultsRows(db: Executor, snapshotId: string, parts: ResultsRowsParts): Promise<ResultsRows> {
  const question = JSON.stringify([snapshotId, parts]);
  return resultsRowsRead.find(question) ?? resultsRowsRead.keep(question, deepFreeze(await readResultsRowsOnce(db, snapshotId, parts)));
}

type ResultsRowsParts = { ranked: BundlePageSpec | null; gated: BundlePageSpec | null; top: BundlePageSpec | null; chart: { filter: BundleFilter; limit: number }; previousId: string | null; hiddenVendorIds: readonly string[] };
type ResultsRows = Awaited<ReturnType<typeof readResultsRowsOnce>>;

/**
 * The answers readResultsRows gave, by snapshot and parts: a snapshot's projection never changes
 * once written (a trigger refuses every update and delete, migration 0006), nor does the previous
 * round's, so the same question has the same answer, and every panel member opening the ranking
 * asks the same one. Frozen (every reader shares them); at most 200 answers of a few KB each.
 */
const resultsRowsRead = new KeptByText<ResultsRows>(200, 400_000);

async function readResultsRowsOnce(db: Executor, snapshotId: string, parts: ResultsRowsParts) {
  const chart = filtered(db, snapshotId, parts.chart.filter)
    .select(["b.vendor_id", "b.slot_id", "b.vendor_name", "b.slot_name", "b.evaluated_price_minor", "b.quality", "b.on_frontier", "b.rank", "b.passes_gates"])
    .select(sql<number>`count(*) over ()`.as("total_count"))
    .select(sql<number>`row_number() over (order by b.on_frontier desc, b.rank asc nulls last, b.vendor_name, b.slot_position)`.as("n"))
    .orderBy(sql`b.on_frontier desc`)
    .orderBy(sql`b.rank asc nulls last`)
    .orderBy("b.vendor_name")
    .orderBy("b.slot_position")
    .limit(parts.chart.limit);
  const best = (id: string) => {
    const hidden = parts.hiddenVendorIds.length > 0 ? sql`and x.vendor_id not in (${sql.join([...parts.hiddenVendorIds])})` : sql``;
    return sql`(select coalesce(json_agg(json_build_object('vendor_id', x.vendor_id, 'vendor_name', x.vendor_name, 'slot_id', x.slot_id, 'slot_name', x.slot_name, 'rank', x.rank, 'total', x.total) order by x.rank), '[]'::json)
      from evaluation_snapshot_bundles x where x.snapshot_id = ${id} and x.best_of_vendor = true ${hidden})`;
  };
  const part = (spec: BundlePageSpec | null) => (spec ? bundlePageJson(db, snapshotId, spec) : sql`null::json`);
  // The ranking as it first opens (by rank, no vendor chosen, nobody left out) is what nearly
  // every view reads: its few texts are prepared. Other sorts and filters, whose texts are many,
  // are planned as they come.
  const opening = (spec: BundlePageSpec | null) => spec === null || (spec.sort.by === "rank" && !spec.descending && !spec.filter.vendorId && !spec.filter.bestOnly && spec.filter.hiddenVendorIds.length === 0);
  const prepared = parts.hiddenVendorIds.length === 0 && opening(parts.ranked) && opening(parts.gated);
  const { rows } = await sql<{ ranked: unknown; gated: unknown; top: unknown; chart: unknown; best_now: unknown; best_before: unknown }>`${sql.raw(prepared ? PREPARED : "")}
    select ${part(parts.ranked)} as ranked, ${part(parts.gated)} as gated, ${part(parts.top)} as top,
      (select coalesce(json_agg(t order by t.n), '[]'::json) from (${chart}) t) as chart,
      ${parts.previousId ? best(snapshotId) : sql`null::json`} as best_now,
      ${parts.previousId ? best(parts.previousId) : sql`null::json`} as best_before`.execute(db);
  const row = rows[0]!;
  const listOrNull = <T>(value: unknown) => (value === null ? null : jsonList<T>(value));
  type Best = { vendor_id: string; vendor_name: string; slot_id: string; slot_name: string; rank: number | null; total: number };
  return {
    ranked: listOrNull<BundleListRow & { total_count: number }>(row.ranked),
    gated: listOrNull<BundleListRow & { total_count: number }>(row.gated),
    top: listOrNull<BundleListRow>(row.top),
    chart: jsonList<{ vendor_id: string; slot_id: string; vendor_name: string; slot_name: string; evaluated_price_minor: number; quality: number; on_frontier: boolean; rank: number | null; passes_gates: boolean; total_count: number }>(row.chart),
    bestNow: listOrNull<Best>(row.best_now),
    bestBefore: listOrNull<Best>(row.best_before),
  };
}

/**
 * The bundle page's read in one statement: the snapshot (newest of the round, or the one
 * asked for) with its summary (and confidential figures when asked for), the bundle's row and
 * detail (null columns when the snapshot has no such bundle), the evaluators whose current
 * declaration for the vendor is a conflict, and the criteria `userId` has submitted a score of
 * for the vendor in `scoreRound`.
 */
export async function findBundleResult(
  db: Executor,
  q: { rfpId: string; round: number; snapshotId: string | null; vendorId: string; slotId: string; withConfidential: boolean; userId: string; scoreRound: number },
) {
  const { rows } = await sql<
    Omit<BundleListRow, "vendor_id"> &
      SnapshotHeadColumns & {
      vendor_id: string | null;
      detail: unknown;
      conflicted: unknown;
      submitted: unknown;
    }
  >`
    select s.id, s.round, s.input_hash, s.engine_version, s.scores_locked, s.created_at, u.name as created_by_name, r.summary,
      ${q.withConfidential ? sql`r.confidential` : sql`null`} as confidential,
      b.vendor_id, b.slot_id, b.vendor_name, b.slot_name, b.slot_position, b.rank, b.total, b.evaluated_price_minor, b.quality, b.passes_gates, b.gate_failures,
      b.best_of_vendor, b.tied, b.clause_errors, b.clause_warnings, b.protection_minor, b.on_frontier, b.points, b.detail,
      ${q.withConfidential ? sql`b.beats_batna, b.exceeds_reservation,` : sql``}
      (select coalesce(json_agg(c.user_id), '[]'::json)
         from (select distinct on (x.user_id) x.user_id, x.has_conflict from conflict_declarations x
               where x.rfp_id = s.rfp_id and x.vendor_organisation_id::text = ${q.vendorId} order by x.user_id, x.declared_at desc, x.id) c
         where c.has_conflict) as conflicted,
      (select coalesce(json_agg(distinct e.criterion_id), '[]'::json) from evaluator_scores e
         where e.rfp_id = s.rfp_id and e.round = ${q.scoreRound} and e.user_id = ${q.userId} and e.vendor_organisation_id::text = ${q.vendorId} and e.submitted_at is not null) as submitted
    from evaluation_snapshots s
    left join users u on u.id = s.created_by
    left join evaluation_snapshot_results r on r.snapshot_id = s.id
    left join evaluation_snapshot_bundles b on b.snapshot_id = s.id and b.vendor_id = ${q.vendorId} and b.slot_id = ${q.slotId}
    where s.rfp_id = ${q.rfpId} and ${q.snapshotId ? sql`s.id = ${q.snapshotId}` : sql`s.round = ${q.round}`}
    order by s.created_at desc, s.id desc
    limit 1`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const { conflicted, submitted, ...rest } = row;
  return { ...rest, conflictedUserIds: jsonList<string>(conflicted), submittedCriterionIds: jsonList<string>(submitted) };
}

/**
 * Every bundle's place and judged consensus per criterion in one snapshot (from each row's
 * `detail`, unnested in the database: a few numbers a bundle instead of its whole explanation),
 * for comparing the run an award rests on with the consensus now. A bundle of a snapshot without
 * judged criteria has no row.
 */
export async function listSnapshotConsensus(db: Executor, snapshotId: string): Promise<{ vendorId: string; slotId: string; rank: number | null; criterionId: string; consensus: number }[]> {
  const { rows } = await sql<{ vendor_id: string; slot_id: string; rank: number | null; criterion_id: string; consensus: number | string }>`
    select b.vendor_id, b.slot_id, b.rank, j->>'criterionId' as criterion_id, (j->>'consensus')::float8 as consensus
    from evaluation_snapshot_bundles b cross join lateral jsonb_array_elements(b.detail->'judged') j
    where b.snapshot_id = ${snapshotId}`.execute(db);
  return rows.map((r) => ({ vendorId: r.vendor_id, slotId: r.slot_id, rank: r.rank === null ? null : Number(r.rank), criterionId: r.criterion_id, consensus: Number(r.consensus) }));
}
