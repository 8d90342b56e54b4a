// The results pages (issue #12): the ranking of a snapshot and one bundle's explanation, read
// from the snapshot's projection (migration 0006), never by parsing result_json per view.
//
// Who sees what (decision 010):
// - buyers chairing the evaluation (moderate:scores:own) see every bundle;
// - panel evaluators who declared for every bidder see every bundle except those of vendors they
//   declared a conflict with (left out of their view; rank numbers stay the engine's; that
//   vendor's bundle page is not found);
// - under quality before price, evaluators see nothing here until the scores are locked (403);
// - before the opening: 403 for everyone; vendors and other organisations: 404;
// - confidential figures (reservation price, above-reservation column, BATNA, beats-BATNA
//   column) only for buyers with read:confidential:own, and never selected for anyone else;
// - every read is audited (`evaluation.results-read`) without values.
import type { Kysely } from "kysely";
import { listCurrentDeclarations } from "../../../db/queries/evaluation-access";
import { listSnapshots as listSnapshotRows } from "../../../db/queries/evaluation-results";
import {
  countBundles,
  findSnapshotBundle,
  findSnapshotHead,
  findSnapshotHeadWithSummary,
  findSnapshotSummary,
  findSnapshotTexts,
  listBundlePage,
  listBestBundles,
  listBundles,
  listChartPoints,
  listSnapshotVendors,
  type BundleFilter,
  type BundleListRow,
  type BundleSort,
} from "../../../db/queries/evaluation-snapshot-bundles";
import { listOwnScores } from "../../../db/queries/evaluation-scores";
import { listOpenedRounds } from "../../../db/queries/bafo";
import type { Executor } from "../../../db/queries/executor";
import type { Database } from "../../../db/schema";
import { parseRoundInput, type RoundEvaluation } from "../../domain/evaluation";
import type { GateFailure } from "../../domain/evaluation/gates";
import { vendorMovement, type BestBundle, type VendorMovement } from "../../domain/bafo/round";
import type { BundleDetail, ResultCriterion, ResultsConfidential, ResultsSummary } from "../../domain/evaluation-results/projection";
import { COLUMN_SORTS, CRITERION_SORT_PREFIX, GATED_PAGE_SIZE, PAGE_SIZE, defaultDirection, type ColumnSort, type ResultsQuery } from "../../domain/evaluation-results/results-query";
import { DomainError } from "../../domain/errors";
import { hasPermission } from "../../domain/permissions";
import { assertId, auditRfp } from "../rfps/access.server";
import { DECLARE_FIRST, loadEvaluationAccess, type EvaluationAccess, type EvaluationActor } from "./access.server";
import { writeSnapshotProjection } from "./results-projection.server";

export const RESULTS_NOT_OPENED = "The bids have not been opened yet, so there are no results. After the deadline, two people of the buyer's organisation open the bids; the chair then runs the evaluation.";
export const RESULTS_PRICES_HIDDEN =
  "This RFP evaluates quality before price: prices and the ranking are shown to evaluators only after the chair locks the scores.";
export const RESULTS_FORBIDDEN = "Your role does not allow you to see evaluation results.";
export const SNAPSHOT_NOT_FOUND = "There is no such evaluation snapshot for this RFP.";
export const NO_SNAPSHOT_CHAIR = "The evaluation has not been run yet. Run the evaluation on the Consensus tab; its results appear here.";
export const NO_SNAPSHOT_EVALUATOR = "The chair has not run the evaluation yet. Its results appear here once it has.";
export const BUNDLE_NOT_FOUND = "There is no such bundle in this evaluation, or you may not see it.";
export const ROUND_NOT_FOUND = "This RFP has no opened round with this number.";
const CHART_LIMIT = 200;
const TOP_BUNDLES = 10;

type SummaryOnly = Omit<ResultsSummary, "sensitivity" | "rankReversal" | "bundleNames" | "sensitivityVendorIds" | "rankReversalVendorIds">;

export interface SnapshotHead {
  id: string;
  round: number;
  createdAt: Date;
  createdByName: string | null;
  engineVersion: string;
  inputHash: string;
  scoresLocked: boolean;
}

export interface ResultRow {
  vendorId: string;
  slotId: string;
  vendorName: string;
  slotName: string;
  rank: number | null;
  total: number;
  /** Weighted points per criterion, in the order of `criteria`. */
  points: number[];
  evaluatedPriceMinor: number;
  quality: number;
  passesGates: boolean;
  gateFailures: GateFailure[];
  bestOfVendor: boolean;
  tied: boolean;
  clauseErrors: number;
  clauseWarnings: number;
  protectionMinor: number | null;
  onFrontier: boolean;
  /** Buyers with read:confidential:own only; absent otherwise. */
  beatsBatna?: boolean;
  exceedsReservation?: boolean;
}

export interface Paged<T> {
  rows: T[];
  total: number;
  page: number;
  pageCount: number;
}

export interface ResultsViewer {
  isChair: boolean;
  seesConfidential: boolean;
  /** Vendors left out of this view (the viewer's conflicts); names are not revealed. */
  hiddenVendorCount: number;
}

export type ResultsView =
  | { kind: "empty"; rfpId: string; viewer: ResultsViewer; message: string; round: number; rounds: number[] }
  | {
      kind: "results";
      rfpId: string;
      viewer: ResultsViewer;
      /** The round of the snapshot shown, and every opened round (for the round switcher). */
      round: number;
      rounds: number[];
      /** A BAFO round: each vendor's best bundle in the previous round against this one; null in round 1. */
      movement: { fromRound: number; vendors: VendorMovement[] } | null;
      snapshot: SnapshotHead;
      /** Other runs of this RFP, newest first (for "show another run"). */
      snapshots: { id: string; createdAt: Date; scoresLocked: boolean; round: number }[];
      summary: SummaryOnly;
      criteria: ResultCriterion[];
      /** The engine's sensitivity of the leader against the best bundle of another vendor; null when none or when it involves a vendor left out of this view. */
      sensitivity: ResultsSummary["sensitivity"];
      sensitivityNote: string | null;
      /** null when it involves a vendor left out of this view. */
      rankReversal: ResultsSummary["rankReversal"] | null;
      /** Names of the bundles the two reports mention (those left out of this view removed). */
      bundleNames: ResultsSummary["bundleNames"];
      confidential: ResultsConfidential | null;
      query: ResultsQuery & { dir: "asc" | "desc" };
      vendors: { id: string; name: string }[];
      ranked: Paged<ResultRow> | null;
      gated: Paged<ResultRow> | null;
      /** The best ranked bundles (for the stacked points chart). */
      top: ResultRow[];
      /** Price–quality points: frontier first, then by rank; at most CHART_LIMIT. */
      chart: { points: { id: string; vendorId: string; slotId: string; label: string; priceMinor: number; quality: number; onFrontier: boolean; passesGates: boolean }[]; totalVisible: number };
    };

export interface BundleResultView {
  rfpId: string;
  viewer: ResultsViewer;
  snapshot: SnapshotHead;
  summary: SummaryOnly;
  criteria: ResultCriterion[];
  row: ResultRow;
  detail: BundleDetail;
  /** Scores of (criterion) cells the viewer may not see yet (their own score not submitted, scores unlocked). */
  withheldScoreCriteria: string[];
  confidential: ResultsConfidential | null;
}

const json = <T>(value: unknown): T => (typeof value === "string" ? (JSON.parse(value) as T) : (value as T));

function headOf(r: { id: string; round: number | string; created_at: Date; created_by_name: string | null; input_hash: string; engine_version: string; scores_locked: boolean }): SnapshotHead {
  return { id: r.id, round: Number(r.round), createdAt: r.created_at, createdByName: r.created_by_name, engineVersion: r.engine_version, inputHash: r.input_hash, scoresLocked: r.scores_locked };
}

function rowOf(r: BundleListRow, seesConfidential: boolean): ResultRow {
  const row: ResultRow = {
    vendorId: r.vendor_id,
    slotId: r.slot_id,
    vendorName: r.vendor_name,
    slotName: r.slot_name,
    rank: r.rank === null ? null : Number(r.rank),
    total: Number(r.total),
    points: json<number[]>(r.points),
    evaluatedPriceMinor: Number(r.evaluated_price_minor),
    quality: Number(r.quality),
    passesGates: r.passes_gates,
    gateFailures: json<GateFailure[]>(r.gate_failures),
    bestOfVendor: r.best_of_vendor,
    tied: r.tied,
    clauseErrors: Number(r.clause_errors),
    clauseWarnings: Number(r.clause_warnings),
    protectionMinor: r.protection_minor === null ? null : Number(r.protection_minor),
    onFrontier: r.on_frontier,
  };
  if (seesConfidential) {
    row.beatsBatna = Boolean(r.beats_batna);
    row.exceedsReservation = Boolean(r.exceeds_reservation);
  }
  return row;
}

interface Viewing {
  access: EvaluationAccess;
  viewer: ResultsViewer;
  hidden: string[];
}

/** The access rules shared by both pages (see the header), and by the MESO insight and concession log pages. */
export async function loadViewing(db: Kysely<Database> | Parameters<typeof loadEvaluationAccess>[0], rfpId: string, actor: EvaluationActor, round?: number): Promise<Viewing> {
  const access = await loadEvaluationAccess(db, rfpId, actor, round);
  if (!hasPermission(actor.roles, "read:evaluation:own")) throw new DomainError("forbidden", RESULTS_FORBIDDEN);
  if (!access.opened) throw new DomainError("forbidden", RESULTS_NOT_OPENED);
  if (!access.isChair) {
    if (access.undeclaredVendorIds.length > 0) throw new DomainError("forbidden", DECLARE_FIRST);
    if (access.pricesHidden) throw new DomainError("forbidden", RESULTS_PRICES_HIDDEN);
  }
  const hidden = [...access.declarations].filter(([, d]) => d.hasConflict).map(([vendorId]) => vendorId);
  const seesConfidential = access.isChair && hasPermission(actor.roles, "read:confidential:own");
  return { access, hidden, viewer: { isChair: access.isChair, seesConfidential, hiddenVendorCount: hidden.length } };
}

type Summaries = Awaited<ReturnType<typeof summaryParts>>;

/** A BAFO round's movement: the newest run of the previous round against the snapshot shown. */
async function roundMovement(db: Executor, rfpId: string, head: SnapshotHead, hidden: readonly string[]): Promise<{ fromRound: number; vendors: VendorMovement[] } | null> {
  if (head.round < 2) return null;
  const previous = await findSnapshotHead(db, rfpId, head.round - 1, null);
  if (!previous) return null;
  const best = async (snapshotId: string): Promise<BestBundle[]> =>
    (await listBestBundles(db, snapshotId, hidden)).map((b) => ({ vendorId: b.vendor_id, vendorName: b.vendor_name, slotId: b.slot_id, slotName: b.slot_name, rank: b.rank, total: Number(b.total) }));
  return { fromRound: head.round - 1, vendors: vendorMovement(await best(previous.id), await best(head.id)) };
}

function summaryParts(summaryJson: unknown, confidentialJson: unknown, withConfidential: boolean) {
  const { sensitivity, rankReversal, bundleNames, sensitivityVendorIds, rankReversalVendorIds, ...summary } = json<ResultsSummary>(summaryJson);
  return { summary, sensitivity, rankReversal, bundleNames, sensitivityVendorIds, rankReversalVendorIds, confidential: withConfidential ? json<ResultsConfidential>(confidentialJson) : null };
}

/**
 * The snapshot shown (the round's newest, or the one asked for) and its projection's summary,
 * read in one query; the projection is written now only if the snapshot predates it.
 */
async function loadHeadAndSummary(
  db: Parameters<typeof findSnapshotHeadWithSummary>[0],
  access: EvaluationAccess,
  snapshotId: string | null,
  withConfidential: boolean,
): Promise<{ head: SnapshotHead; parts: Summaries } | null> {
  const found = await findSnapshotHeadWithSummary(db, access.rfp.id, access.round, snapshotId, withConfidential);
  if (!found) {
    if (snapshotId) throw new DomainError("not_found", SNAPSHOT_NOT_FOUND);
    return null;
  }
  const head = headOf(found);
  if (found.summary !== null && found.summary !== undefined) return { head, parts: summaryParts(found.summary, found.confidential, withConfidential) };
  const texts = await findSnapshotTexts(db, head.id);
  const parsed = parseRoundInput(JSON.parse(texts.input_json));
  if (!parsed.ok) throw new Error(`snapshot ${head.id} has an input the engine rejects`);
  await writeSnapshotProjection(db, head.id, parsed.data, JSON.parse(texts.result_json) as RoundEvaluation);
  const written = await findSnapshotSummary(db, head.id, withConfidential);
  if (!written) throw new Error(`snapshot ${head.id}: projection not written`);
  return { head, parts: summaryParts(written.summary, written.confidential, withConfidential) };
}

function sortOf(query: ResultsQuery, criteria: readonly ResultCriterion[]): { sort: BundleSort; key: string } {
  if (query.sort.startsWith(CRITERION_SORT_PREFIX)) {
    const index = criteria.findIndex((c) => c.id === query.sort.slice(CRITERION_SORT_PREFIX.length));
    if (index >= 0) return { sort: { by: "points", criterionIndex: index }, key: query.sort };
    return { sort: { by: "rank" }, key: "rank" };
  }
  const column = (COLUMN_SORTS as readonly string[]).includes(query.sort) ? (query.sort as ColumnSort) : "rank";
  return { sort: { by: column }, key: column };
}

/**
 * The ranking of the RFP's newest snapshot (or `query.snapshot`), filtered, sorted and paged as
 * the query says, for this actor. An empty state (no run yet) is a result, not an error.
 */
export async function getResults(db: Kysely<Database>, rfpId: string, actor: EvaluationActor, query: ResultsQuery): Promise<ResultsView> {
  return db.transaction().execute(async (trx) => {
    // Rounds 2, 3, … are BAFO rounds; the newest opened one is shown unless another is asked for.
    const rounds = await listOpenedRounds(trx, rfpId);
    if (query.round !== null && !rounds.includes(query.round)) throw new DomainError("not_found", ROUND_NOT_FOUND);
    const { access, viewer, hidden } = await loadViewing(trx, rfpId, actor, query.round ?? undefined);
    const loaded = await loadHeadAndSummary(trx, access, query.snapshot, viewer.seesConfidential);
    if (!loaded) {
      await auditRfp(trx, actor, "evaluation.results-read", rfpId, { snapshotId: null, round: access.round });
      return { kind: "empty", rfpId, viewer, message: access.isChair ? NO_SNAPSHOT_CHAIR : NO_SNAPSHOT_EVALUATOR, round: access.round, rounds };
    }
    const { head } = loaded;
    const { summary, sensitivity, rankReversal, bundleNames, sensitivityVendorIds, rankReversalVendorIds, confidential } = loaded.parts;
    const criteria = summary.criteria;
    const { sort, key } = sortOf(query, criteria);
    const dir = query.dir ?? defaultDirection(key);
    const vendors = (await listSnapshotVendors(trx, head.id, hidden)).map((v) => ({ id: v.vendor_id, name: v.vendor_name }));
    const vendor = query.vendor && vendors.some((v) => v.id === query.vendor) ? query.vendor : null;
    const base: BundleFilter = { hiddenVendorIds: hidden, vendorId: vendor, bestOnly: query.best };
    const list = { sort, descending: dir === "desc", withConfidential: viewer.seesConfidential };

    // One query a page: the rows with the filter's count beside them. Only a page past the end
    // (a stale or hand-edited address) costs a count and a second read, of the last page.
    const page = async (filter: BundleFilter, requested: number, size: number): Promise<Paged<ResultRow>> => {
      let rows = await listBundlePage(trx, head.id, filter, { ...list, limit: size, offset: (requested - 1) * size });
      let total = rows.length > 0 ? Number(rows[0]!.total_count) : 0;
      let p = requested;
      if (rows.length === 0 && requested > 1) {
        total = await countBundles(trx, head.id, filter);
        p = Math.max(1, Math.ceil(total / size));
        rows = total === 0 ? [] : await listBundlePage(trx, head.id, filter, { ...list, limit: size, offset: (p - 1) * size });
        if (total === 0) p = 1;
      }
      const pageCount = Math.max(1, Math.ceil(total / size));
      return { rows: rows.map((r) => rowOf(r, viewer.seesConfidential)), total, page: p, pageCount };
    };
    const ranked = query.gates === "fail" ? null : await page({ ...base, passesGates: true }, query.page, PAGE_SIZE);
    // Gated-out bundles are never any vendor's best bundle, so "best only" leaves them out.
    const gated = query.gates === "pass" || query.best ? null : await page({ ...base, passesGates: false }, query.gpage, GATED_PAGE_SIZE);

    const everyone: BundleFilter = { hiddenVendorIds: hidden };
    // The chart's best-ranked bundles are the ranking's first rows when the ranking shows its first page unfiltered by rank.
    const topIsFirstPage = ranked !== null && ranked.page === 1 && !vendor && !query.best && sort.by === "rank" && dir === "asc";
    const top = topIsFirstPage
      ? ranked.rows.slice(0, TOP_BUNDLES).map(({ beatsBatna: _b, exceedsReservation: _e, ...r }) => r)
      : (await listBundles(trx, head.id, { ...everyone, passesGates: true }, { sort: { by: "rank" }, descending: false, limit: TOP_BUNDLES, offset: 0, withConfidential: false })).map((r) => rowOf(r, false));
    const chartRows = await listChartPoints(trx, head.id, everyone, CHART_LIMIT);
    const totalVisible = chartRows.length > 0 ? Number(chartRows[0]!.total_count) : 0;
    const points = chartRows.map((p) => ({
      id: `${p.vendor_id}/${p.slot_id}`,
      vendorId: p.vendor_id,
      slotId: p.slot_id,
      label: `${p.vendor_name} — ${p.slot_name}`,
      priceMinor: Number(p.evaluated_price_minor),
      quality: Number(p.quality),
      onFrontier: p.on_frontier,
      passesGates: p.passes_gates,
    }));

    const hiddenSet = new Set(hidden);
    const sensitivityHidden = sensitivity !== null && sensitivityVendorIds.some((v) => hiddenSet.has(v));
    const reversalHidden = rankReversalVendorIds.some((v) => hiddenSet.has(v));
    const snapshots = (await listSnapshotRows(trx, rfpId)).map((s) => ({ id: s.id, createdAt: s.created_at, scoresLocked: s.scores_locked, round: Number(s.round) }));

    const movement = await roundMovement(trx, rfpId, head, hidden);
    await auditRfp(trx, actor, "evaluation.results-read", rfpId, { snapshotId: head.id, round: access.round, page: ranked?.page ?? null, hiddenVendors: hidden.length });
    return {
      kind: "results",
      rfpId,
      viewer,
      round: head.round,
      rounds,
      movement,
      snapshot: head,
      snapshots,
      summary,
      criteria,
      sensitivity: sensitivityHidden ? null : sensitivity,
      sensitivityNote: sensitivityHidden ? "The sensitivity of this result involves a bidder you declared a conflict of interest with, so it is not shown to you." : null,
      rankReversal: reversalHidden ? null : rankReversal,
      bundleNames: bundleNames.filter((b) => !hiddenSet.has(b.vendorId)),
      confidential,
      query: { ...query, vendor, sort: key, dir },
      vendors,
      ranked,
      gated,
      top,
      chart: { points, totalVisible },
    };
  });
}

/**
 * One bundle of the newest snapshot (or `snapshotId`): its explanation, the evaluators' scores
 * behind each consensus, the gate checks and the clause findings. A vendor the actor declared
 * a conflict with is not found.
 */
export async function getBundleResult(
  db: Kysely<Database>,
  rfpId: string,
  vendorId: string,
  slotId: string,
  actor: EvaluationActor,
  snapshotId: string | null = null,
): Promise<BundleResultView> {
  return db.transaction().execute(async (trx) => {
    const { access, viewer, hidden } = await loadViewing(trx, rfpId, actor);
    if (snapshotId !== null) assertId(snapshotId, SNAPSHOT_NOT_FOUND);
    if (hidden.includes(vendorId)) throw new DomainError("not_found", BUNDLE_NOT_FOUND);
    // Ids from the URL follow the engine's id rule (vendor ids are uuids); anything else is simply not found.
    if (!/^[A-Za-z0-9_.:-]{1,120}$/.test(vendorId) || !/^[A-Za-z0-9_.:-]{1,120}$/.test(slotId)) throw new DomainError("not_found", BUNDLE_NOT_FOUND);
    const loaded = await loadHeadAndSummary(trx, access, snapshotId, viewer.seesConfidential);
    if (!loaded) throw new DomainError("not_found", access.isChair ? NO_SNAPSHOT_CHAIR : NO_SNAPSHOT_EVALUATOR);
    const { head } = loaded;
    const { summary, confidential } = loaded.parts;
    const found = await findSnapshotBundle(trx, head.id, vendorId, slotId, viewer.seesConfidential);
    if (!found) throw new DomainError("not_found", BUNDLE_NOT_FOUND);
    const detail = json<BundleDetail>(found.detail);

    // Scores of evaluators who have since declared a conflict with this vendor are left out.
    const conflicted = new Set((await listCurrentDeclarations(trx, rfpId)).filter((d) => d.has_conflict && d.vendor_organisation_id === vendorId).map((d) => d.user_id));
    // Independence (009): before the lock, an evaluator sees others' scores of a criterion only after submitting their own.
    const withheld = new Set<string>();
    if (!access.isChair && !access.locked) {
      const own = await listOwnScores(trx, rfpId, access.round, actor.id, [vendorId]);
      const submitted = new Set(own.filter((s) => s.submittedAt !== null).map((s) => s.criterionId));
      for (const j of detail.judged) if (!submitted.has(j.criterionId)) withheld.add(j.criterionId);
    }
    detail.judged = detail.judged.map((j) => ({
      ...j,
      scores: withheld.has(j.criterionId) ? [] : j.scores.filter((s) => !conflicted.has(s.evaluatorId)),
    }));

    await auditRfp(trx, actor, "evaluation.results-read", rfpId, { snapshotId: head.id, round: access.round, vendorId, slotId });
    return {
      rfpId,
      viewer,
      snapshot: head,
      summary,
      criteria: summary.criteria,
      row: rowOf(found, viewer.seesConfidential),
      detail,
      withheldScoreCriteria: [...withheld],
      confidential,
    };
  });
}
