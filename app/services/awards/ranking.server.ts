// The ranking an award rests on, read-only, for the buyers and administrators who propose and
// approve it (decision 020, "The approver reads the ranking"); and whether the consensus is still
// the one that run used, which the approval checks too. Both read the award's own snapshot (its
// projection) and the consensus table the chair's page builds. No access checks here: the callers
// (getAwardPage, approveAward) check first.
import type { AwardRow } from "../../../db/queries/awards";
import { findSnapshotBundle, findSnapshotHead, listBundles, listSnapshotConsensus, listSnapshotVendors, type BundleListRow } from "../../../db/queries/evaluation-snapshot-bundles";
import type { Executor } from "../../../db/queries/executor";
import { definitionOfLazily, type RfpRow } from "../../../db/queries/rfps";
import {
  deviationFromRanking,
  flaggedSpreads,
  listedConsensusChanges,
  SUMMARY_GATED_BUNDLES,
  SUMMARY_TOP_BUNDLES,
  summaryRows,
  type FlaggedSpreads,
  type RankingDeviation,
  type SummaryBundle,
  type SummaryRow,
} from "../../domain/award/ranking-summary";
import { consensusChangesSince, type ConsensusChange, type ConsensusMethod, type ConsensusTable } from "../../domain/evaluation-workspace/consensus";
import { readRoundConsensusTable } from "../evaluation/consensus.server";
import { mayReadResults, rowOf } from "../evaluation/results.server";
import type { RfpActor } from "../rfps/access.server";
import { snapshotSummary } from "./read.server";


export interface ConsensusSinceRun {
  table: ConsensusTable;
  /** Each bundle's place in the run, by "vendorId/slotId" (bundles with judged criteria). */
  rankOf: (vendorId: string, slotId: string) => number | null;
  /** The cells whose consensus now differs from the run's. */
  changes: ConsensusChange[];
}

/**
 * The consensus table of the award's round now (over the run's bidders), against the consensus
 * each judged cell had in the award's run. Three statements.
 */
export async function readConsensusSinceRun(db: Executor, rfp: RfpRow, award: Pick<AwardRow, "round" | "snapshot_id">): Promise<ConsensusSinceRun> {
  const vendors = await listSnapshotVendors(db, award.snapshot_id, []);
  const run = await listSnapshotConsensus(db, award.snapshot_id);
  const bidders = vendors.map((v) => ({ vendorOrganisationId: v.vendor_id, vendorName: v.vendor_name }));
  const table = await readRoundConsensusTable(db, { id: rfp.id, definition: definitionOfLazily(rfp) }, Number(award.round), bidders);
  const ranks = new Map(run.map((r) => [`${r.vendorId}/${r.slotId}`, r.rank]));
  const changes = consensusChangesSince(
    table,
    run.map((r) => ({ vendorOrganisationId: r.vendorId, slotId: r.slotId, criterionId: r.criterionId, consensus: r.consensus })),
  );
  return { table, rankOf: (vendorId, slotId) => ranks.get(`${vendorId}/${slotId}`) ?? null, changes };
}

export interface AwardRankingView {
  round: number;
  snapshotId: string;
  snapshotCreatedAt: Date;
  scoresLocked: boolean;
  rankedCount: number;
  gatedCount: number;
  vendorCount: number;
  /** The top five by place, the awarded bundle, the bundles above it that failed a gate. */
  rows: SummaryRow[];
  deviation: RankingDeviation | null;
  spreads: FlaggedSpreads & { method: ConsensusMethod; margin: number };
  /** While the award is proposed: the consensus cells that changed since its run (counted, the first few named). */
  consensusChanges: { count: number; listed: ConsensusChange[] };
  /** The results page of the award's run, for those who may open it; null for everyone else (no link that answers 403). */
  resultsHref: string | null;
}

/** The summary's fields of a bundle row, read as the results page reads it (rowOf). */
function bundleOf(r: BundleListRow): SummaryBundle {
  const { vendorId, slotId, vendorName, slotName, rank, total, evaluatedPriceMinor, gateFailures } = rowOf(r, false);
  return { vendorId, slotId, vendorName, slotName, rank, total, evaluatedPriceMinor, gateFailures: gateFailures.map((g) => ({ gateName: g.gateName, reason: g.reason })) };
}

/** The award's ranking summary for one of the people who may propose or approve it; null when its run has no projection row for the awarded bundle. */
export async function readAwardRanking(db: Executor, rfp: RfpRow, award: AwardRow, actor: RfpActor, consensus: ConsensusSinceRun): Promise<AwardRankingView | null> {
  const snapshotId = award.snapshot_id;
  const round = Number(award.round);
  const list = (passesGates: boolean, limit: number) =>
    listBundles(db, snapshotId, { hiddenVendorIds: [], passesGates }, { sort: passesGates ? { by: "rank" } : { by: "total" }, descending: !passesGates, limit, offset: 0, withConfidential: false });
  const awardedRow = await findSnapshotBundle(db, snapshotId, award.vendor_organisation_id, award.slot_id, false);
  const head = await findSnapshotHead(db, rfp.id, round, snapshotId);
  if (!awardedRow || !head) return null;
  const top = (await list(true, SUMMARY_TOP_BUNDLES)).map(bundleOf);
  const gated = (await list(false, SUMMARY_GATED_BUNDLES)).map(bundleOf);
  const summary = await snapshotSummary(db, snapshotId);
  const rows = summaryRows({ top, awarded: bundleOf(awardedRow), gated });
  const proposed = award.approved_at === null && award.cancelled_at === null;
  const link = await mayReadResults(db, rfp.id, actor, round);
  return {
    round,
    snapshotId,
    snapshotCreatedAt: head.created_at,
    scoresLocked: head.scores_locked,
    rankedCount: summary.rankedCount,
    gatedCount: summary.gatedCount,
    vendorCount: summary.vendorCount,
    rows,
    deviation: deviationFromRanking(rows),
    spreads: { ...flaggedSpreads(consensus.table, consensus.rankOf), method: consensus.table.method, margin: consensus.table.spreadMargin },
    consensusChanges: proposed ? { count: consensus.changes.length, listed: listedConsensusChanges(consensus.changes, consensus.rankOf) } : { count: 0, listed: [] },
    resultsHref: link ? `/rfps/${rfp.id}/evaluation?round=${round}&snapshot=${snapshotId}` : null,
  };
}
