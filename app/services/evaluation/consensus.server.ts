// The panel chair's consensus: every evaluator's scores and justifications per judged
// criterion and bundle, the engine's consensus, spread flags, moderations (optimistic
// concurrency: the second of two chairs is told and nothing is overwritten), and the score
// lock (refused while a panel evaluator owes scores or, under the moderated method, a flagged
// cell lacks a moderation; unlocking needs a reason). Chair only: a buyer of the RFP's
// organisation (moderate:scores:own). Every change and every refused change is audited.
import type { Kysely } from "kysely";
import { findScoreLock, lockEvaluationRound } from "../../../db/queries/evaluation-access";
import { findModeration, insertScoreLockEvent, readConsensusSources, saveModerationAtVersion } from "../../../db/queries/evaluation-results";
import type { Executor } from "../../../db/queries/executor";
import type { Database } from "../../../db/schema";
import { formatInstant } from "../../domain/rfp/format";
import { evaluationClosedReason } from "../../domain/rfp/state";
import { DomainError } from "../../domain/errors";
import {
  buildConsensusTable,
  conflictKey,
  formatPointsValue,
  moderateScoreSchema,
  unlockScoresSchema,
  type ConsensusSource,
  type ConsensusTable,
  type ModerateScoreInput,
  type PanelSeat,
  type UnlockScoresInput,
} from "../../domain/evaluation-workspace/consensus";
import { hasPermission } from "../../domain/permissions";
import { inAuditedTransaction, Refusal } from "../bids/access.server";
import { auditRfp } from "../rfps/access.server";
import { loadEvaluationAccess, requireEvaluationOpen, type EvaluationAccess, type EvaluationActor } from "./access.server";

export const CHAIR_ONLY = "Only the panel chair (a buyer of this RFP's organisation) sees and moderates the consensus.";
export const SCORES_LOCKED = "The scores are locked, so they cannot be moderated. Unlock them (with a reason) first.";
export const NOT_OPENED_YET = "The bids of this RFP have not been opened yet, so there are no scores to bring together.";

/** Loads the access and insists on the chair. Evaluators on the panel: 403. */
export async function loadChairAccess(db: Executor, rfpId: string, actor: EvaluationActor): Promise<EvaluationAccess> {
  const access = await loadEvaluationAccess(db, rfpId, actor);
  if (!access.isChair || !hasPermission(actor.roles, "moderate:scores:own")) throw new DomainError("forbidden", CHAIR_ONLY);
  return access;
}

export interface LockState {
  locked: boolean;
  /** The newest lock or unlock event: who, when, why. */
  last: { action: "lock" | "unlock"; at: Date; byName: string; reason: string | null } | null;
}

export interface ConsensusView extends ConsensusTable {
  rfpId: string;
  opened: boolean;
  openedAt: Date | null;
  lock: LockState;
  /** Why nothing here changes any more (the award is approved), or null (evaluationClosedReason). */
  closedReason: string | null;
  bidderCount: number;
  panel: { userId: string; name: string; criterionIds: string[] | null }[];
  /** The RFP's evaluation runs, newest first, without their texts (the page only; empty elsewhere and before the opening). */
  snapshots: { id: string; round: number; createdAt: Date; createdByName: string | null; inputHash: string; engineVersion: string; scoresLocked: boolean }[];
}

async function lockStateOf(db: Executor, rfpId: string, round: number): Promise<LockState> {
  const { locked, last } = await findScoreLock(db, rfpId, round);
  return { locked, last: last ? { action: last.action, at: last.at, byName: last.by_name, reason: last.reason } : null };
}

/**
 * The consensus table of an opened round. The lock state is the access's, read with it, unless
 * `freshLock` (a change under the round's advisory lock reads it again, after taking the lock).
 * With `withSnapshots`, the RFP's evaluation runs are read in the same statement.
 */
async function readConsensus(db: Executor, access: EvaluationAccess, options: { freshLock: boolean; withSnapshots?: boolean }): Promise<ConsensusView> {
  const rfpId = access.rfp.id;
  const lock: LockState = options.freshLock ? await lockStateOf(db, rfpId, access.round) : { locked: access.locked, last: access.lastLockEvent };
  const sources = await readConsensusSources(db, rfpId, access.round, Boolean(options.withSnapshots) && access.opened);
  const panel: PanelSeat[] = sources.panel.map((p) => ({ userId: p.userId, name: p.name, criterionIds: p.criterionIds ?? null }));
  const view = {
    rfpId,
    opened: access.opened,
    openedAt: access.openedAt,
    lock,
    closedReason: evaluationClosedReason(access.state),
    bidderCount: access.bidders.length,
    panel: panel.map((p) => ({ ...p, criterionIds: p.criterionIds ? [...p.criterionIds] : null })),
    snapshots: sources.snapshots ?? [],
  };
  if (!access.opened) {
    return { ...view, ...buildConsensusTable({ definition: access.definition, bidders: [], panel, conflicts: new Set(), scores: [], moderations: [] }), lockBlockers: [NOT_OPENED_YET] };
  }
  return { ...view, ...tableOf(access.definition, access.bidders, panel, sources) };
}

function tableOf(definition: ConsensusSource["definition"], bidders: ConsensusSource["bidders"], panel: PanelSeat[], sources: Awaited<ReturnType<typeof readConsensusSources>>): ConsensusTable {
  return buildConsensusTable({
    definition,
    bidders,
    panel,
    conflicts: new Set(sources.conflicts.map((d) => conflictKey(d.userId, d.vendorOrganisationId))),
    scores: sources.scores,
    moderations: sources.moderations,
  });
}

/**
 * The consensus table of one round as the chair's page builds it, for readers that are not the
 * chair's page: the award page and the approval compare it with the run the award rests on
 * (decision 020). No access check here: the caller has checked. One statement.
 */
export async function readRoundConsensusTable(
  db: Executor,
  rfp: { id: string; definition: ConsensusSource["definition"] },
  round: number,
  bidders: ConsensusSource["bidders"],
): Promise<ConsensusTable> {
  const sources = await readConsensusSources(db, rfp.id, round, false);
  const panel: PanelSeat[] = sources.panel.map((p) => ({ userId: p.userId, name: p.name, criterionIds: p.criterionIds ?? null }));
  return tableOf(rfp.definition, bidders, panel, sources);
}

/**
 * The chair's consensus page: per judged criterion and bundle, scores, consensus, flags,
 * moderations; lock state; outstanding scores; the evaluation runs (snapshots, newest first,
 * once the bids are opened). Two statements, no transaction (reads only).
 */
export async function getConsensus(db: Kysely<Database>, rfpId: string, actor: EvaluationActor): Promise<ConsensusView> {
  return readConsensus(db, await loadChairAccess(db, rfpId, actor), { freshLock: false, withSnapshots: true });
}

function invalid(error: { issues: { path: PropertyKey[]; message: string }[] }): DomainError {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return new DomainError("invalid", Object.values(fieldErrors).flat().join(" "), fieldErrors);
}

/**
 * Sets the moderated consensus of one cell (0–10 in halves, with a reason). Allowed where the
 * RFP's method is "moderated" or the cell's spread is flagged; refused while the scores are
 * locked. `expectedVersion` is the moderation's version the chair saw (0 = none yet): if
 * someone else moderated the cell since, nothing is overwritten (409).
 */
export async function moderate(db: Kysely<Database>, rfpId: string, input: unknown, actor: EvaluationActor): Promise<{ version: number }> {
  const parsed = moderateScoreSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const m: ModerateScoreInput = parsed.data;
  return inAuditedTransaction(db, async (trx) => {
    const access = await loadChairAccess(trx, rfpId, actor);
    const refuse = async (error: DomainError) => {
      await auditRfp(trx, actor, "evaluation.moderation-refused", rfpId, { vendorOrganisationId: m.vendorOrganisationId, slotId: m.slotId, criterionId: m.criterionId, reason: error.message });
      return new Refusal(error);
    };
    if (!access.opened) return refuse(new DomainError("conflict", NOT_OPENED_YET));
    const closed = evaluationClosedReason(access.state);
    if (closed) return refuse(new DomainError("conflict", closed));
    await lockEvaluationRound(trx, rfpId, access.round);
    const view = await readConsensus(trx, access, { freshLock: true });
    if (view.lock.locked) return refuse(new DomainError("conflict", SCORES_LOCKED));
    const criterion = view.criteria.find((c) => c.criterionId === m.criterionId);
    if (!criterion) return refuse(new DomainError("invalid", "There is no such judged criterion in this RFP.", { criterionId: ["There is no such judged criterion in this RFP."] }));
    const cell = criterion.cells.find((c) => c.vendorOrganisationId === m.vendorOrganisationId && c.slotId === m.slotId);
    if (!cell) return refuse(new DomainError("invalid", "There is no such bidder or bundle in this evaluation.", { slotId: ["There is no such bidder or bundle in this evaluation."] }));
    if (cell.moderationRefusal) return refuse(new DomainError("conflict", cell.moderationRefusal));

    const key = { rfpId, round: access.round, vendorOrganisationId: m.vendorOrganisationId, slotId: m.slotId, criterionId: m.criterionId };
    const valueHalves = Math.round(m.value * 2);
    const version = await saveModerationAtVersion(trx, key, m.expectedVersion, { valueHalves, reason: m.reason, moderatedBy: actor.id });
    if (version === undefined) {
      const current = await findModeration(trx, key);
      const what = current
        ? `${current.moderatedByName} set ${formatPointsValue(current.valueHalves / 2)} at ${formatInstant(current.moderatedAt)} (“${current.reason}”)`
        : "the moderation you saw was removed";
      return refuse(new DomainError("conflict", `Someone else moderated this score since you opened the page: ${what}, nothing was overwritten. Reload to see it, then decide again.`));
    }
    await auditRfp(trx, actor, "evaluation.score-moderated", rfpId, {
      vendorOrganisationId: m.vendorOrganisationId,
      vendorName: cell.vendorName,
      slotId: m.slotId,
      criterionId: m.criterionId,
      valueHalves,
      reason: m.reason,
      version,
      previous: cell.moderation ? { valueHalves: cell.moderation.valueHalves, reason: cell.moderation.reason, version: cell.moderation.version } : null,
      spreadFlagged: cell.spreadFlagged,
      method: view.method,
    });
    return { version };
  });
}

/**
 * Locks the judged scores. Refused (409, listing what is missing) while any panel evaluator has
 * not submitted a cell they score (assigned criterion, bidder without a declared conflict), a
 * cell has no submitted score at all, or, under the moderated method, a flagged cell has no
 * moderation.
 */
export async function lockScores(db: Kysely<Database>, rfpId: string, actor: EvaluationActor): Promise<{ lockedAt: Date }> {
  return inAuditedTransaction(db, async (trx) => {
    const access = await loadChairAccess(trx, rfpId, actor);
    if (!access.opened) return new Refusal(new DomainError("conflict", NOT_OPENED_YET));
    requireEvaluationOpen(access);
    await lockEvaluationRound(trx, rfpId, access.round);
    const view = await readConsensus(trx, access, { freshLock: true });
    if (view.lock.locked) return new Refusal(new DomainError("conflict", "The scores are already locked."));
    if (view.lockBlockers.length > 0) {
      await auditRfp(trx, actor, "evaluation.scores-lock-refused", rfpId, { round: access.round, blockers: view.lockBlockers });
      return new Refusal(new DomainError("conflict", `The scores cannot be locked yet: ${view.lockBlockers.join(" ")}`, { lock: view.lockBlockers }));
    }
    const event = await insertScoreLockEvent(trx, { rfpId, round: access.round, action: "lock", reason: null, byUserId: actor.id });
    await auditRfp(trx, actor, "evaluation.scores-locked", rfpId, { round: access.round, lockEventId: Number(event.id) });
    return { lockedAt: event.at };
  });
}

/** Unlocks the judged scores; the reason is required and kept (event and audit trail). */
export async function unlockScores(db: Kysely<Database>, rfpId: string, input: unknown, actor: EvaluationActor): Promise<{ unlockedAt: Date }> {
  const parsed = unlockScoresSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { reason }: UnlockScoresInput = parsed.data;
  return inAuditedTransaction(db, async (trx) => {
    const access = await loadChairAccess(trx, rfpId, actor);
    requireEvaluationOpen(access);
    await lockEvaluationRound(trx, rfpId, access.round);
    const lock = await lockStateOf(trx, rfpId, access.round);
    if (!lock.locked) return new Refusal(new DomainError("conflict", "The scores are not locked."));
    const event = await insertScoreLockEvent(trx, { rfpId, round: access.round, action: "unlock", reason, byUserId: actor.id });
    await auditRfp(trx, actor, "evaluation.scores-unlocked", rfpId, { round: access.round, reason, lockEventId: Number(event.id) });
    return { unlockedAt: event.at };
  });
}
