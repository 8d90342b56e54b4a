// Scoring by the panel: each member's queue (every bidder they may see, with their progress),
// one vendor's MESO grid beside the judged criteria they score, saving drafts and submitting
// per (vendor, criterion), and their own scores for the Excel score sheet. Independence: nobody
// else's scores of a (vendor, criterion) until one's own are submitted. A conflicted vendor is
// not found; an undeclared one asks for the declaration first; locked scores do not change.
import type { Kysely } from "kysely";
import { lockEvaluationRound } from "../../../db/queries/evaluation-access";
import { listOwnScores, readVendorScores, submitScores, upsertDraftScores, type ScoreRow } from "../../../db/queries/evaluation-scores";
import type { Database } from "../../../db/schema";
import type { BundleClauses } from "../../domain/evaluation/clauses";
import { BUNDLE_LETTERS } from "../../domain/bids/slots";
import {
  checkScoreEntries,
  halvesToScore,
  maySeeOthersScores,
  PRICES_HIDDEN_NOTE,
  saveScoresSchema,
  scoreToHalves,
  scoringProgress,
  SUBMITTED_CHANGE,
  type ScoreEntry,
  type ScoreSubmission,
  type ScoringProgress,
  type StoredScore,
} from "../../domain/evaluation-workspace/scoring";
import { buildConsensusTable, CONSENSUS_METHOD_LABELS, conflictKey } from "../../domain/evaluation-workspace/consensus";
import { DomainError } from "../../domain/errors";
import type { RfpState } from "../../domain/rfp/state";
import type { RfpIssue } from "../../domain/rfp/term-sheet";
import { latestOpenedRound } from "../bafo/rounds.server";
import { readableProblem } from "../../domain/validation-messages";
import { assertId, auditRfp } from "../rfps/access.server";
import {
  DECLARE_FIRST,
  loadEvaluationAccess,
  NOT_ON_PANEL,
  readVisibleBids,
  requireEvaluationOpen,
  requireOpened,
  requireVisibleBidder,
  VENDOR_NOT_FOUND,
  type Bidder,
  type EvaluationAccess,
  type EvaluationActor,
  type OwnDeclaration,
} from "./access.server";

/** The service's input, exactly as the score form (scores as typed), scripts and the Excel score sheet send it. */
export type { ScoreEntry, ScoreSubmission };

export const SCORES_LOCKED = "The scores of this RFP are locked by the chair, so they can no longer change. Nothing was saved.";

type Slot = { id: string; name: string; letter: string };

function slotsOf(access: EvaluationAccess): Slot[] {
  return access.definition.bundleSlots.map((s, i) => ({ id: s.id, name: s.name, letter: BUNDLE_LETTERS[i] ?? String(i + 1) }));
}

function criteriaOf(access: EvaluationAccess) {
  return access.scoredCriteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight, rubric: c.kind === "judged" ? c.rubric : "" }));
}

/** A panel member (evaluator or buyer); the chair alone, off the panel, does not score. */
function requirePanel(access: EvaluationAccess): void {
  if (!access.panel) throw new DomainError("forbidden", NOT_ON_PANEL);
}

/** A bidder this panel member may score: opened, declared for every bidder, not conflicted. */
function requireScorable(access: EvaluationAccess, vendorOrganisationId: string): Bidder {
  requireOpened(access);
  assertId(vendorOrganisationId, VENDOR_NOT_FOUND);
  const bidder = requireVisibleBidder(access, vendorOrganisationId);
  // A chair on the panel declares like everyone else before scoring.
  if (access.undeclaredVendorIds.length > 0) throw new DomainError("forbidden", DECLARE_FIRST);
  return bidder;
}

function stored(row: ScoreRow): StoredScore {
  return { vendorOrganisationId: row.vendorOrganisationId, slotId: row.slotId, criterionId: row.criterionId, score: halvesToScore(row.scoreHalves), justification: row.justification, submittedAt: row.submittedAt };
}

// ── The queue ───────────────────────────────────────────────────────────────────────────

export interface QueueBidder {
  vendorOrganisationId: string;
  vendorName: string;
  /** to-score: may be scored; conflict: declared, not scored; undeclared: declare first. */
  status: "to-score" | "conflict" | "undeclared";
  declaration: OwnDeclaration | null;
  /** Only for bidders to score. */
  progress: ScoringProgress | null;
}

export interface ScoringQueue {
  rfp: { id: string; title: string; state: RfpState; currency: string };
  opened: boolean;
  locked: boolean;
  pricesHidden: boolean;
  criteria: { id: string; name: string; weight: number; rubric: string }[];
  slots: Slot[];
  /** True while any bidder has no declaration: nothing of any bid is shown until then. */
  mustDeclare: boolean;
  bidders: QueueBidder[];
}

/** Reads only, in two statements (the access, the own scores): no transaction, which would give them no common snapshot anyway. */
export async function getScoringQueue(db: Kysely<Database>, rfpId: string, actor: EvaluationActor): Promise<ScoringQueue> {
  const access = await loadEvaluationAccess(db, rfpId, actor);
  requirePanel(access);
  const slots = slotsOf(access);
  const criteria = criteriaOf(access);
  const mustDeclare = access.undeclaredVendorIds.length > 0;
  const own = access.opened && !mustDeclare ? (await listOwnScores(db, rfpId, access.round, actor.id)).map(stored) : [];
  const bidders: QueueBidder[] = access.bidders.map((b) => {
    const declaration = access.declarations.get(b.vendorOrganisationId) ?? null;
    const status: QueueBidder["status"] = !declaration ? "undeclared" : declaration.hasConflict ? "conflict" : mustDeclare ? "undeclared" : "to-score";
    return {
      vendorOrganisationId: b.vendorOrganisationId,
      vendorName: b.vendorName,
      status,
      declaration,
      progress: status === "to-score" ? scoringProgress(own.filter((s) => s.vendorOrganisationId === b.vendorOrganisationId), criteria.map((c) => c.id), slots.map((s) => s.id)) : null,
    };
  });
  return {
    rfp: { id: access.rfp.id, title: access.rfp.title, state: access.state, currency: access.rfp.currency },
    opened: access.opened,
    locked: access.locked,
    pricesHidden: access.pricesHidden,
    criteria,
    slots,
    mustDeclare,
    bidders,
  };
}

// ── One vendor ──────────────────────────────────────────────────────────────────────────

export interface CriterionScoring {
  id: string;
  name: string;
  weight: number;
  rubric: string;
  /** Every bundle of this criterion submitted by this evaluator. */
  submitted: boolean;
  own: { slotId: string; score: number | null; justification: string; submittedAt: Date | null }[];
  /** Other evaluators' submitted scores; null until this evaluator submitted theirs (independence). */
  others: { userName: string; slotId: string; score: number | null; justification: string; submittedAt: Date | null }[] | null;
  /**
   * Per bundle, the consensus of the submitted scores so far (the chair's moderated score where
   * there is one) and their spread, flagged beyond the margin; null as long as `others` is.
   */
  consensus: { slotId: string; consensus: number | null; spread: number | null; spreadFlagged: boolean; submittedCount: number; moderation: { value: number; reason: string } | null }[] | null;
}

export interface VendorScoring {
  rfp: { id: string; title: string; currency: string; state: RfpState };
  vendor: { vendorOrganisationId: string; vendorName: string; versionNumber: number };
  locked: boolean;
  pricesHidden: boolean;
  /** Shown beside the grid when prices are hidden. */
  pricesNote: string | null;
  termSheet: RfpIssue[];
  /** Money issues whose values are withheld (quality before price). */
  hiddenIssueIds: string[];
  slots: Slot[];
  bundles: { slotId: string; letter: string; slotName: string; values: Record<string, number | string>; clauses: BundleClauses }[];
  criteria: CriterionScoring[];
  /** How the consensus is formed, in the words of the chair's consensus page. */
  consensusRule: { method: string; spreadMargin: number; description: string };
}

export async function getVendorScoring(db: Kysely<Database>, rfpId: string, vendorOrganisationId: string, actor: EvaluationActor): Promise<VendorScoring> {
  // No transaction (as the results pages): under read committed every statement reads what is
  // committed either way, and the audit row of the bid read is one statement of its own.
  const access = await loadEvaluationAccess(db, rfpId, actor);
  requirePanel(access);
  const bidder = requireScorable(access, vendorOrganisationId);
  const [bid] = await readVisibleBids(db, access, actor, [vendorOrganisationId]);
  if (!bid) throw new DomainError("not_found", VENDOR_NOT_FOUND);
  const slots = slotsOf(access);
  const slotIds = slots.map((s) => s.id);
  const criteria = criteriaOf(access);
  // Own scores and, for the criteria submitted in full, the others' submitted ones: one statement.
  const scores = await readVendorScores(db, rfpId, access.round, actor.id, vendorOrganisationId, criteria.map((c) => c.id), slotIds);
  const own = scores.own.map(stored);
  const visibleOthers = criteria.filter((c) => maySeeOthersScores(own.filter((s) => s.criterionId === c.id), slotIds)).map((c) => c.id);
  const others = scores.others.filter((o) => visibleOthers.includes(o.criterionId));
  const hiddenIssueIds = access.pricesHidden ? access.definition.termSheet.filter((i) => i.kind === "money").map((i) => i.id) : [];
  // The consensus and spread of this vendor's cells, built as the chair's consensus page builds
  // them (the same panel, conflicts and moderations), shown only where the others' scores are.
  const nameOf = new Map(scores.panel.map((p) => [p.userId, p.name]));
  const table = buildConsensusTable({
    definition: access.definition,
    bidders: [{ vendorOrganisationId: bidder.vendorOrganisationId, vendorName: bidder.vendorName }],
    panel: scores.panel,
    conflicts: new Set(scores.conflictedUserIds.map((userId) => conflictKey(userId, vendorOrganisationId))),
    scores: [
      ...scores.own.map((o) => ({ ...o, evaluatorName: nameOf.get(o.userId) ?? "" })),
      ...scores.others.filter((o) => visibleOthers.includes(o.criterionId)).map((o) => ({ ...o, evaluatorName: o.userName })),
    ],
    moderations: scores.moderations,
  });
  const consensusOf = (criterionId: string) =>
    (table.criteria.find((t) => t.criterionId === criterionId)?.cells ?? []).map((cell) => ({
      slotId: cell.slotId,
      consensus: cell.consensus,
      spread: cell.spread,
      spreadFlagged: cell.spreadFlagged,
      submittedCount: cell.submittedCount,
      moderation: cell.moderation ? { value: cell.moderation.value, reason: cell.moderation.reason } : null,
    }));
  return {
    rfp: { id: access.rfp.id, title: access.rfp.title, currency: access.rfp.currency, state: access.state },
    vendor: { vendorOrganisationId: bidder.vendorOrganisationId, vendorName: bidder.vendorName, versionNumber: bidder.versionNumber },
    locked: access.locked,
    pricesHidden: access.pricesHidden,
    pricesNote: access.pricesHidden ? PRICES_HIDDEN_NOTE : null,
    termSheet: access.definition.termSheet,
    hiddenIssueIds,
    slots,
    bundles: slots.map((slot) => {
      const b = bid.content.bundles.find((x) => x.slotId === slot.id);
      const values = Object.fromEntries(Object.entries(b?.values ?? {}).filter(([issueId]) => !hiddenIssueIds.includes(issueId))) as Record<string, number | string>;
      return { slotId: slot.id, letter: slot.letter, slotName: slot.name, values, clauses: (b?.clauses ?? { slas: [], contingentClauses: [], contractTerms: { autoRenewal: false, renewalNoticeDays: null, terminationRight: false, transitionAssistance: null, creditCapPercentOfTotalFees: null } }) as BundleClauses };
    }),
    criteria: criteria.map((c) => {
      const mine = own.filter((s) => s.criterionId === c.id);
      const seeOthers = visibleOthers.includes(c.id);
      return {
        ...c,
        submitted: maySeeOthersScores(mine, slotIds),
        own: slots.map((slot) => {
          const s = mine.find((x) => x.slotId === slot.id);
          return { slotId: slot.id, score: s?.score ?? null, justification: s?.justification ?? "", submittedAt: s?.submittedAt ?? null };
        }),
        others: seeOthers
          ? others
              .filter((o) => o.criterionId === c.id)
              // By evaluator, then in bundle order (A, B, C), not by the slots' ids.
              .sort((a, b) => a.userName.localeCompare(b.userName) || a.userId.localeCompare(b.userId) || slotIds.indexOf(a.slotId) - slotIds.indexOf(b.slotId))
              .map((o) => ({ userName: o.userName, slotId: o.slotId, score: halvesToScore(o.scoreHalves), justification: o.justification, submittedAt: o.submittedAt }))
          : null,
        consensus: seeOthers ? consensusOf(c.id) : null,
      };
    }),
    consensusRule: { method: CONSENSUS_METHOD_LABELS[table.method], spreadMargin: table.spreadMargin, description: table.description },
  };
}

// ── Saving ──────────────────────────────────────────────────────────────────────────────

/**
 * Saves scores as drafts, or submits them: `submit: true` submits every (vendor, criterion) pair
 * the entries cover, `{ criterionIds }` only those criteria's pairs (the rest are drafts of the
 * same save); a pair submitted needs all three bundles of it scored and justified. Nothing is
 * saved when any entry has a problem, and every problem is named at once, by field
 * (`score.<vendor>.<slot>.<criterion>`, `justification.<…>`): one check, checkScoreEntries.
 * Submitted scores do not change (409); locked scores neither (409).
 */
export async function saveScores(
  db: Kysely<Database>,
  rfpId: string,
  actor: EvaluationActor,
  input: { entries: ScoreEntry[]; submit: ScoreSubmission },
): Promise<{ saved: number; submitted: { vendorOrganisationId: string; criterionId: string }[] }> {
  assertId(rfpId);
  return db.transaction().execute(async (trx) => {
    // First: a lock (or unlock) of this round and a score write serialise.
    const round = (await latestOpenedRound(trx, rfpId)) ?? 1;
    await lockEvaluationRound(trx, rfpId, round);
    const access = await loadEvaluationAccess(trx, rfpId, actor, round);
    requirePanel(access);
    requireOpened(access);
    requireEvaluationOpen(access, "Nothing was saved.");
    if (access.locked) throw new DomainError("conflict", SCORES_LOCKED);
    const parsed = saveScoresSchema.safeParse(input);
    if (!parsed.success) throw new DomainError("invalid", `The scores were not saved: ${parsed.error.issues.map(readableProblem).join(" ")}`);
    const { entries, submit } = parsed.data;
    const vendorIds = [...new Set(entries.map((e) => e.vendorOrganisationId))];
    for (const v of vendorIds) requireScorable(access, v);
    const existing = (await listOwnScores(trx, rfpId, access.round, actor.id, vendorIds)).map(stored);
    const judged = access.definition.criteria.criteria.filter((c) => c.kind === "judged");
    const check = checkScoreEntries(entries, submit, {
      slots: access.definition.bundleSlots,
      judgedCriteria: judged,
      assignedCriterionIds: access.scoredCriteria.map((c) => c.id),
      existing,
    });
    if (Object.keys(check.fieldErrors).length) {
      throw new DomainError(
        check.onlyUnassigned ? "forbidden" : "invalid",
        check.onlyUnassigned ? "You may score only the criteria the chair assigned to you. Nothing was saved." : "Nothing was saved: see the messages by each score.",
        check.fieldErrors,
      );
    }
    if (check.changesSubmitted) throw new DomainError("conflict", SUBMITTED_CHANGE(check.changesSubmitted.criterionName));
    const saved = await upsertDraftScores(
      trx,
      rfpId,
      access.round,
      actor.id,
      check.writes.map((w) => ({ vendorOrganisationId: w.vendorOrganisationId, slotId: w.slotId, criterionId: w.criterionId, scoreHalves: w.score === null ? null : scoreToHalves(w.score), justification: w.justification })),
    );
    if (check.pairs.length) await submitScores(trx, rfpId, access.round, actor.id, check.pairs, access.definition.bundleSlots.map((s) => s.id));
    await auditRfp(trx, actor, submit !== false ? "evaluation.scores-submitted" : "evaluation.scores-saved", rfpId, {
      round: access.round,
      saved,
      vendors: vendorIds,
      criteria: [...new Set(entries.map((e) => e.criterionId))],
      submitted: check.pairs,
    });
    return { saved, submitted: check.pairs };
  });
}

// ── For the Excel score sheet ───────────────────────────────────────────────────────────

export interface OwnScores {
  rfpTitle: string;
  currency: string;
  slots: Slot[];
  criteria: { id: string; name: string; rubric: string }[];
  bidders: { id: string; name: string }[];
  scores: { vendorOrganisationId: string; slotId: string; criterionId: string; score: number | null; justification: string; submittedAt: Date | null }[];
}

/** The panel member's own scores of the bidders they may score (opened, declared, not conflicted). */
export async function getOwnScores(db: Kysely<Database>, rfpId: string, actor: EvaluationActor): Promise<OwnScores> {
  return db.transaction().execute(async (trx) => {
    const access = await loadEvaluationAccess(trx, rfpId, actor);
    requirePanel(access);
    requireOpened(access);
    if (access.undeclaredVendorIds.length > 0) throw new DomainError("forbidden", DECLARE_FIRST);
    const bidders = access.bidders.filter((b) => access.visibleVendorIds.has(b.vendorOrganisationId));
    const criteria = criteriaOf(access);
    const slots = slotsOf(access);
    const rows = (await listOwnScores(trx, rfpId, access.round, actor.id, bidders.map((b) => b.vendorOrganisationId))).map(stored);
    const criterionIds = new Set(criteria.map((c) => c.id));
    return {
      rfpTitle: access.rfp.title,
      currency: access.rfp.currency,
      slots,
      criteria: criteria.map((c) => ({ id: c.id, name: c.name, rubric: c.rubric })),
      bidders: bidders.map((b) => ({ id: b.vendorOrganisationId, name: b.vendorName })),
      scores: rows.filter((r) => criterionIds.has(r.criterionId)).map((r) => ({ vendorOrganisationId: r.vendorOrganisationId, slotId: r.slotId, criterionId: r.criterionId, score: r.score, justification: r.justification, submittedAt: r.submittedAt })),
    };
  });
}
