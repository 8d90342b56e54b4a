// The buyer side's award page: the live award (or the last cancelled one), what may be decided
// now, and for those who may propose the ranking's top bundles of the snapshot the award is
// decided on. Buyers and administrators (award:rfp:own) act, and read the ranking a live award
// rests on (ranking.server.ts); panel evaluators read the award only (their Results tab applies
// their conflicts and quality before price, which a summary here would bypass).
import type { Kysely } from "kysely";
import { findLatestCancelledAward, findLiveAward } from "../../../db/queries/awards";
import { databaseClock } from "../../../db/queries/bids";
import { findPanelMember } from "../../../db/queries/evaluation-access";
import { listBundles } from "../../../db/queries/evaluation-snapshot-bundles";
import type { Database } from "../../../db/schema";
import { AWARD_MESSAGES, awardActions, awardStatus, type AwardActions } from "../../domain/award/rules";
import type { AwardSummary } from "../../domain/award/types";
import { DomainError } from "../../domain/errors";
import { hasPermission } from "../../domain/permissions";
import { loadBuyerRfp, type RfpActor } from "../rfps/access.server";
import { AWARD_STATE_MESSAGES, awardRound, clockOf } from "./access.server";
import { findTopBundle } from "./propose.server";
import { readAwardRanking, readConsensusSinceRun, type AwardRankingView } from "./ranking.server";
import { snapshotSummary, summariseAward } from "./read.server";
import { minorUnitsPerMajor } from "../../domain/bids/grid-form-numbers";

export const AWARD_PAGE_FORBIDDEN = "Only the buyers, the administrators and the evaluation panel of this RFP's organisation see its award.";
const TOP_BUNDLES = 10;

export interface AwardCandidate {
  key: string;
  vendorName: string;
  slotName: string;
  rank: number;
  total: number;
  evaluatedPriceMinor: number;
}

export interface AwardPageView {
  rfp: { id: string; title: string; reference: string; standstillDays: number };
  now: Date;
  mayAward: boolean;
  award: AwardSummary | null;
  lastCancelled: AwardSummary | null;
  /** Why no award can be proposed now (not opened, BAFO pending, no evaluation run), or null. */
  blocked: string | null;
  /** The snapshot an award is decided on now; `scoresLocked` false when its judged scores were drafts. */
  basis: { round: number; snapshotId: string; inputHash: string; createdAt: Date; scoresLocked: boolean } | null;
  /** The top-ranked bundle that passes the gates of the basis snapshot (what a deviation departs from). */
  top: { key: string; name: string; total: number } | null;
  /** For those who may propose: the best ranked bundles and the criteria a deviation may name. */
  candidates: AwardCandidate[];
  criterionNames: string[];
  currency: string;
  minorUnitsPerMajor: number;
  /** For buyers and administrators (award:rfp:own) while an award is live: the ranking it rests on, read-only; null otherwise. */
  ranking: AwardRankingView | null;
  /** While the award is proposed, why approving it now would be refused (a newer run, the consensus changed since its run); null otherwise. */
  approvalRefusal: string | null;
  actions: AwardActions;
}

export async function getAwardPage(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<AwardPageView> {
  return db.transaction().execute(async (trx) => {
    const rfp = await loadBuyerRfp(trx, rfpId, actor, "read:rfp:own");
    const mayAward = hasPermission(actor.roles, "award:rfp:own");
    if (!mayAward && !(await findPanelMember(trx, rfpId, actor.id))) throw new DomainError("forbidden", AWARD_PAGE_FORBIDDEN);
    const now = await databaseClock(trx);
    const live = await findLiveAward(trx, rfpId);
    const award = live ? await summariseAward(trx, live) : null;
    const cancelled = live ? null : await findLatestCancelledAward(trx, rfpId);
    const lastCancelled = cancelled ? await summariseAward(trx, cancelled) : null;

    let blocked: string | null = null;
    let basis: AwardPageView["basis"] = null;
    try {
      const round = await awardRound(trx, rfp);
      basis = { round: round.round, snapshotId: round.snapshot.id, inputHash: round.snapshot.input_hash, createdAt: round.snapshot.created_at, scoresLocked: round.snapshot.scores_locked };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      blocked = error.message;
    }
    const summary = basis ? await snapshotSummary(trx, basis.snapshotId) : null;
    const topBundle = basis ? await findTopBundle(trx, basis.snapshotId) : null;
    // Those who may propose and approve read the ranking the live award rests on (no Results tab
    // for an administrator), and why an approval would be refused before they try it.
    let ranking: AwardRankingView | null = null;
    let approvalRefusal: string | null = null;
    if (live && mayAward) {
      const consensus = await readConsensusSinceRun(trx, rfp, live);
      ranking = await readAwardRanking(trx, rfp, live, actor, consensus);
      if (awardStatus({ approvedAt: live.approved_at, concludedAt: live.concluded_at, cancelledAt: live.cancelled_at }) === "proposed") {
        if (blocked) approvalRefusal = blocked;
        else if (basis && basis.snapshotId !== live.snapshot_id) approvalRefusal = AWARD_STATE_MESSAGES.staleSnapshot;
        else if (consensus.changes.length > 0) approvalRefusal = AWARD_MESSAGES.consensusChanged(consensus.changes.length, consensus.changes[0]);
      }
    }
    let candidates: AwardCandidate[] = [];
    if (basis && mayAward && !live) {
      const rows = await listBundles(trx, basis.snapshotId, { hiddenVendorIds: [], passesGates: true }, { sort: { by: "rank" }, descending: false, limit: TOP_BUNDLES, offset: 0, withConfidential: false });
      candidates = rows.map((r) => ({ key: `${r.vendor_id}/${r.slot_id}`, vendorName: r.vendor_name, slotName: r.slot_name, rank: Number(r.rank), total: Number(r.total), evaluatedPriceMinor: Number(r.evaluated_price_minor) }));
    }
    return {
      rfp: { id: rfp.id, title: rfp.title, reference: rfp.reference, standstillDays: rfp.standstill_days },
      now,
      mayAward,
      award,
      lastCancelled,
      blocked,
      basis,
      top: topBundle ? { key: `${topBundle.vendorId}/${topBundle.slotId}`, name: `${topBundle.vendorName} — ${topBundle.slotName}`, total: topBundle.total } : null,
      candidates,
      criterionNames: summary ? summary.criteria.map((c) => c.name) : [],
      currency: summary?.currency ?? rfp.currency,
      minorUnitsPerMajor: summary?.minorUnitsPerMajor ?? minorUnitsPerMajor(rfp.currency),
      ranking,
      approvalRefusal,
      actions: awardActions({ award: live ? clockOf(live) : null, actorId: actor.id, mayAward, proposable: basis !== null && !rfp.cancelled_at, approvable: approvalRefusal === null, now }),
    };
  });
}
