// The results pages (issue #12): the ranking of a snapshot and one bundle's explanation, read
// from the snapshot's projection (migration 0006), never by parsing result_json per view.
//
// Who sees what (decision 010):
// - buyers chairing the evaluation (moderate:scores:own) see every bundle;
// - panel evaluators who declared for every bidder see every bundle except those of vendors they
//   declared a conflict with (left out of their view; rank numbers stay the engine's; that
//   vendor's bundle page is not found);
// - a panel evaluator who has not declared for every bidder yet, or under quality before price
//   before the scores are locked, is waiting, not refused: the page says why and what to do (200);
// - before the opening: 403 for everyone; vendors and other organisations: 404;
// - confidential figures (reservation price, above-reservation column, BATNA, beats-BATNA
//   column) only for buyers with read:confidential:own, and never selected for anyone else;
// - every read is audited (`evaluation.results-read`) without values.
import type { Kysely } from "kysely";
import {
  countBundles,
  findBundleResult,
  findResultsHead,
  findSnapshotTexts,
  listBundlePage,
  readResultsRows,
  type BundleFilter,
  type BundleListRow,
  type BundlePageSpec,
  type BundleSort,
} from "../../../db/queries/evaluation-snapshot-bundles";
import type { Executor } from "../../../db/queries/executor";
import type { Database } from "../../../db/schema";
import { parseRoundInput, type RoundEvaluation } from "../../domain/evaluation";
import type { GateFailure } from "../../domain/evaluation/gates";
import { vendorMovement, type BestBundle, type VendorMovement } from "../../domain/bafo/round";
import type { BundleDetail, ResultCriterion, ResultsConfidential, ResultsSummary } from "../../domain/evaluation-results/projection";
import { COLUMN_SORTS, CRITERION_SORT_PREFIX, GATED_PAGE_SIZE, PAGE_SIZE, defaultDirection, type ColumnSort, type ResultsQuery } from "../../domain/evaluation-results/results-query";
import { DomainError } from "../../domain/errors";
import type { ViewingWait } from "../../domain/evaluation-results/waiting";

export type { ViewingWait } from "../../domain/evaluation-results/waiting";
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

/** One ranked bundle as the results page shows it (also read by the award page's ranking summary). */
export function rowOf(r: BundleListRow, seesConfidential: boolean): ResultRow {
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

/**
 * A panel evaluator's waiting state, not a refusal (decision 010): they must first declare their
 * conflicts of interest, or (quality before price) wait for the chair to lock the scores. The
 * pages answer 200 with the reason and what to do, as the Award pack tab does; a caller that does
 * not say how to show it still answers 403 with the reason (it is a DomainError "forbidden").
 */
export class WaitingToView extends DomainError {
  constructor(readonly wait: ViewingWait) {
    super("forbidden", wait.reason);
  }
}

export const DECLARE_FIRST_HERE = `${DECLARE_FIRST} This page shows the evaluation once you have declared for every bidder.`;
const DECLARE_ACTION = { tab: "scoring", label: "Declare your conflicts of interest on the Scoring tab" };
const SCORE_ACTION = { tab: "scoring", label: "Go to your scoring" };

/**
 * The page's view, or the viewer's waiting state when `work` stops at one (any other error is
 * thrown on): for the routes that show the waiting state as their page.
 */
export async function orWaiting<T>(work: Promise<T>): Promise<T | ViewingWait> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof WaitingToView) return error.wait;
    throw error;
  }
}

interface Viewing {
  access: EvaluationAccess;
  viewer: ResultsViewer;
  hidden: string[];
}

/** The access rules shared by both pages (see the header), and by the MESO insight and concession log pages. */
export async function loadViewing(db: Kysely<Database> | Parameters<typeof loadEvaluationAccess>[0], rfpId: string, actor: EvaluationActor, round?: number): Promise<Viewing> {
  const access = await loadEvaluationAccess(db, rfpId, actor, round);
  // Rounds 2, 3, … are BAFO rounds: one asked for must have been opened.
  if (round !== undefined && !access.openedRounds.includes(round)) throw new DomainError("not_found", ROUND_NOT_FOUND);
  if (!hasPermission(actor.roles, "read:evaluation:own")) throw new DomainError("forbidden", RESULTS_FORBIDDEN);
  if (!access.opened) throw new DomainError("conflict", RESULTS_NOT_OPENED);
  if (!access.isChair) {
    if (access.undeclaredVendorIds.length > 0) throw new WaitingToView({ kind: "waiting", rfpId, reason: DECLARE_FIRST_HERE, action: DECLARE_ACTION });
    if (access.pricesHidden) throw new WaitingToView({ kind: "waiting", rfpId, reason: RESULTS_PRICES_HIDDEN, action: SCORE_ACTION });
  }
  const hidden = [...access.declarations].filter(([, d]) => d.hasConflict).map(([vendorId]) => vendorId);
  const seesConfidential = access.isChair && hasPermission(actor.roles, "read:confidential:own");
  return { access, hidden, viewer: { isChair: access.isChair, seesConfidential, hiddenVendorCount: hidden.length } };
}

/**
 * Whether the actor may open the results page of this round: the same rules, asked without
 * reading or auditing anything else, so another page links to the results only for those the
 * results page would not answer 403 or 409 (the award page, decision 020). A panel evaluator in
 * a waiting state may: the page answers 200 with what to do.
 */
export async function mayReadResults(db: Parameters<typeof loadEvaluationAccess>[0], rfpId: string, actor: EvaluationActor, round: number): Promise<boolean> {
  if (!hasPermission(actor.roles, "read:evaluation:own")) return false;
  try {
    await loadViewing(db, rfpId, actor, round);
    return true;
  } catch (error) {
    if (error instanceof WaitingToView) return true;
    if (error instanceof DomainError) return false;
    throw error;
  }
}

function summaryParts(summaryJson: unknown, confidentialJson: unknown, withConfidential: boolean) {
  const { sensitivity, rankReversal, bundleNames, sensitivityVendorIds, rankReversalVendorIds, ...summary } = json<ResultsSummary>(summaryJson);
  return { summary, sensitivity, rankReversal, bundleNames, sensitivityVendorIds, rankReversalVendorIds, confidential: withConfidential ? json<ResultsConfidential>(confidentialJson) : null };
}

/**
 * A snapshot stored before its projection existed (migration 0006) gets it written now, from
 * its texts, once; the caller then reads again.
 */
async function writeMissingProjection(db: Executor, snapshotId: string): Promise<void> {
  const texts = await findSnapshotTexts(db, snapshotId);
  const parsed = parseRoundInput(JSON.parse(texts.input_json));
  if (!parsed.ok) throw new Error(`snapshot ${snapshotId} has an input the engine rejects`);
  await writeSnapshotProjection(db, snapshotId, parsed.data, JSON.parse(texts.result_json) as RoundEvaluation);
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
 * the query says, for this actor. An empty state (no run yet) is a result, not an error. Four
 * statements with the audit, and no transaction: the access, the snapshot's head (with its
 * summary, the other runs and its vendors), every list of rows the page shows, and the audit row.
 */
export async function getResults(db: Kysely<Database>, rfpId: string, actor: EvaluationActor, query: ResultsQuery): Promise<ResultsView> {
  // No transaction: each read is one statement of fixed data (a snapshot and its projection do
  // not change once written) and the audit row is one statement of its own (appendAuditEvent),
  // which saves the begin and the commit of every view.
  // Rounds 2, 3, … are BAFO rounds; the newest opened one is shown unless another is asked for.
  const { access, viewer, hidden } = await loadViewing(db, rfpId, actor, query.round ?? undefined);
  const rounds = access.openedRounds;
  let found = await findResultsHead(db, rfpId, access.round, query.snapshot, viewer.seesConfidential, hidden);
  if (found && (found.summary === null || found.summary === undefined)) {
    const id = found.id;
    await db.transaction().execute((trx) => writeMissingProjection(trx, id));
    found = await findResultsHead(db, rfpId, access.round, found.id, viewer.seesConfidential, hidden);
    if (!found?.summary) throw new Error(`snapshot ${query.snapshot}: projection not written`);
  }
  if (!found) {
    if (query.snapshot) throw new DomainError("not_found", SNAPSHOT_NOT_FOUND);
    await auditRfp(db, actor, "evaluation.results-read", rfpId, { snapshotId: null, round: access.round });
    return { kind: "empty", rfpId, viewer, message: access.isChair ? NO_SNAPSHOT_CHAIR : NO_SNAPSHOT_EVALUATOR, round: access.round, rounds };
  }
  const head = headOf(found);
  const { summary, sensitivity, rankReversal, bundleNames, sensitivityVendorIds, rankReversalVendorIds, confidential } = summaryParts(found.summary, found.confidential, viewer.seesConfidential);
  const criteria = summary.criteria;
  const { sort, key } = sortOf(query, criteria);
  const dir = query.dir ?? defaultDirection(key);
  const vendors = found.vendors.map((v) => ({ id: v.vendor_id, name: v.vendor_name }));
  const vendor = query.vendor && vendors.some((v) => v.id === query.vendor) ? query.vendor : null;
  const base: BundleFilter = { hiddenVendorIds: hidden, vendorId: vendor, bestOnly: query.best };
  const list = { sort, descending: dir === "desc", withConfidential: viewer.seesConfidential };
  const spec = (filter: BundleFilter, requested: number, size: number): BundlePageSpec => ({ ...list, filter, limit: size, offset: (requested - 1) * size });

  const rankedFilter: BundleFilter = { ...base, passesGates: true };
  // Gated-out bundles are never any vendor's best bundle, so "best only" leaves them out.
  const gatedFilter: BundleFilter = { ...base, passesGates: false };
  const showRanked = query.gates !== "fail";
  const showGated = query.gates !== "pass" && !query.best;
  const everyone: BundleFilter = { hiddenVendorIds: hidden };
  // The chart's best-ranked bundles are the ranking's first rows when the ranking shows its first page unfiltered by rank.
  const topIsFirstPage = showRanked && query.page === 1 && !vendor && !query.best && sort.by === "rank" && dir === "asc";
  const rows = await readResultsRows(db, head.id, {
    ranked: showRanked ? spec(rankedFilter, query.page, PAGE_SIZE) : null,
    gated: showGated ? spec(gatedFilter, query.gpage, GATED_PAGE_SIZE) : null,
    top: topIsFirstPage ? null : { filter: { ...everyone, passesGates: true }, sort: { by: "rank" }, descending: false, limit: TOP_BUNDLES, offset: 0, withConfidential: false },
    chart: { filter: everyone, limit: CHART_LIMIT },
    previousId: head.round >= 2 ? found.previousId : null,
    hiddenVendorIds: hidden,
  });

  // A page past the end (a stale or hand-edited address) costs a count and a second read, of the last page.
  const page = async (listed: (BundleListRow & { total_count: number })[], filter: BundleFilter, requested: number, size: number): Promise<Paged<ResultRow>> => {
    let pageRows = listed;
    let total = pageRows.length > 0 ? Number(pageRows[0]!.total_count) : 0;
    let p = requested;
    if (pageRows.length === 0 && requested > 1) {
      total = await countBundles(db, head.id, filter);
      p = Math.max(1, Math.ceil(total / size));
      pageRows = total === 0 ? [] : await listBundlePage(db, head.id, filter, { ...list, limit: size, offset: (p - 1) * size });
      if (total === 0) p = 1;
    }
    const pageCount = Math.max(1, Math.ceil(total / size));
    return { rows: pageRows.map((r) => rowOf(r, viewer.seesConfidential)), total, page: p, pageCount };
  };
  const ranked = rows.ranked ? await page(rows.ranked, rankedFilter, query.page, PAGE_SIZE) : null;
  const gated = rows.gated ? await page(rows.gated, gatedFilter, query.gpage, GATED_PAGE_SIZE) : null;
  const top = topIsFirstPage && ranked ? ranked.rows.slice(0, TOP_BUNDLES).map(({ beatsBatna: _b, exceedsReservation: _e, ...r }) => r) : (rows.top ?? []).map((r) => rowOf(r, false));
  const totalVisible = rows.chart.length > 0 ? Number(rows.chart[0]!.total_count) : 0;
  const points = rows.chart.map((p) => ({
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
  // A BAFO round's movement: the newest run of the previous round against the snapshot shown.
  const bestOf = (listed: NonNullable<typeof rows.bestNow>): BestBundle[] =>
    listed.map((b) => ({ vendorId: b.vendor_id, vendorName: b.vendor_name, slotId: b.slot_id, slotName: b.slot_name, rank: b.rank === null ? null : Number(b.rank), total: Number(b.total) }));
  const movement = rows.bestNow && rows.bestBefore ? { fromRound: head.round - 1, vendors: vendorMovement(bestOf(rows.bestBefore), bestOf(rows.bestNow)) } : null;
  await auditRfp(db, actor, "evaluation.results-read", rfpId, { snapshotId: head.id, round: access.round, page: ranked?.page ?? null, hiddenVendors: hidden.length });
  return {
    kind: "results",
    rfpId,
    viewer,
    round: head.round,
    rounds,
    movement,
    snapshot: head,
    snapshots: found.snapshots,
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
}

/**
 * One bundle of the newest snapshot (or `snapshotId`): its explanation, the evaluators' scores
 * behind each consensus, the gate checks and the clause findings. A vendor the actor declared
 * a conflict with is not found. Three statements with the audit: the access, the snapshot with
 * the bundle and who may not be shown, and the audit row.
 */
export async function getBundleResult(
  db: Kysely<Database>,
  rfpId: string,
  vendorId: string,
  slotId: string,
  actor: EvaluationActor,
  snapshotId: string | null = null,
): Promise<BundleResultView> {
  // No transaction, as in getResults: each read is one statement of fixed data and the audit
  // row is one statement of its own; a missing projection is written in a transaction of its own.
  const { access, viewer, hidden } = await loadViewing(db, rfpId, actor);
  if (snapshotId !== null) assertId(snapshotId, SNAPSHOT_NOT_FOUND);
  if (hidden.includes(vendorId)) throw new DomainError("not_found", BUNDLE_NOT_FOUND);
  // Ids from the URL follow the engine's id rule (vendor ids are uuids); anything else is simply not found.
  if (!/^[A-Za-z0-9_.:-]{1,120}$/.test(vendorId) || !/^[A-Za-z0-9_.:-]{1,120}$/.test(slotId)) throw new DomainError("not_found", BUNDLE_NOT_FOUND);
  const read = (id: string | null) =>
    findBundleResult(db, { rfpId, round: access.round, snapshotId: id, vendorId, slotId, withConfidential: viewer.seesConfidential, userId: actor.id, scoreRound: access.round });
  let found = await read(snapshotId);
  if (found && (found.summary === null || found.summary === undefined)) {
    const id = found.id;
    await db.transaction().execute((trx) => writeMissingProjection(trx, id));
    found = await read(found.id);
  }
  if (!found) {
    if (snapshotId) throw new DomainError("not_found", SNAPSHOT_NOT_FOUND);
    throw new DomainError("not_found", access.isChair ? NO_SNAPSHOT_CHAIR : NO_SNAPSHOT_EVALUATOR);
  }
  const head = headOf(found);
  const { summary, confidential } = summaryParts(found.summary, found.confidential, viewer.seesConfidential);
  if (found.vendor_id === null) throw new DomainError("not_found", BUNDLE_NOT_FOUND);
  const bundleRow = found as typeof found & BundleListRow;
  const detail = json<BundleDetail>(found.detail);

  // Scores of evaluators who have since declared a conflict with this vendor are left out.
  const conflicted = new Set(found.conflictedUserIds);
  // Independence (009): before the lock, an evaluator sees others' scores of a criterion only after submitting their own.
  const withheld = new Set<string>();
  if (!access.isChair && !access.locked) {
    const submitted = new Set(found.submittedCriterionIds);
    for (const j of detail.judged) if (!submitted.has(j.criterionId)) withheld.add(j.criterionId);
  }
  detail.judged = detail.judged.map((j) => ({
    ...j,
    scores: withheld.has(j.criterionId) ? [] : j.scores.filter((s) => !conflicted.has(s.evaluatorId)),
  }));

  await auditRfp(db, actor, "evaluation.results-read", rfpId, { snapshotId: head.id, round: access.round, vendorId, slotId });
  return {
    rfpId,
    viewer,
    snapshot: head,
    summary,
    criteria: summary.criteria,
    row: rowOf(bundleRow, viewer.seesConfidential),
    detail,
    withheldScoreCriteria: [...withheld],
    confidential,
  };
}
