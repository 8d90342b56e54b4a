// The chair's consensus table, without I/O: per judged criterion and bundle every counting
// evaluator's score and justification, mean and median, the engine's consensus under the
// RFP's method (a moderated value, when set, under every method), the spread flag exactly as
// the engine raises it, the moderation; which cells may be moderated and why not; what still
// stops the scores from being locked. Scores are integer half-points until they are shown.
import { z } from "zod";
import { consensusOf, describeConsensus } from "../evaluation/consensus";
import type { EvaluationSettings } from "../evaluation/schema";
import type { RfpDefinition } from "../rfp/sections";
import { byCodePoint } from "./round-input";
import { formatScore, parseScoreText } from "./scoring";

export type ConsensusMethod = EvaluationSettings["consensus"];

export const CONSENSUS_METHOD_LABELS: Record<ConsensusMethod, string> = {
  mean: "Mean",
  median: "Median",
  moderated: "Moderated",
};

/** A panel member: null criterion ids = every judged criterion. */
export interface PanelSeat {
  userId: string;
  name: string;
  criterionIds: readonly string[] | null;
}

export interface StoredScore {
  userId: string;
  evaluatorName: string;
  vendorOrganisationId: string;
  slotId: string;
  criterionId: string;
  scoreHalves: number | null;
  justification: string;
  submittedAt: Date | string | null;
}

export interface StoredModeration {
  vendorOrganisationId: string;
  slotId: string;
  criterionId: string;
  valueHalves: number;
  reason: string;
  version: number;
  moderatedAt: Date | string;
  moderatedByName: string;
}

export interface ConsensusSource {
  definition: Pick<RfpDefinition, "bundleSlots" | "criteria">;
  bidders: readonly { vendorOrganisationId: string; vendorName: string }[];
  panel: readonly PanelSeat[];
  /** `conflictKey(userId, vendorOrganisationId)` for every current "conflict" declaration. */
  conflicts: ReadonlySet<string>;
  scores: readonly StoredScore[];
  moderations: readonly StoredModeration[];
}

export interface CellScore {
  evaluatorId: string;
  evaluatorName: string;
  /** 0–10, or null when not scored yet. */
  score: number | null;
  justification: string;
  submitted: boolean;
}

export interface ConsensusCell {
  vendorOrganisationId: string;
  vendorName: string;
  slotId: string;
  slotName: string;
  /** Every counting evaluator's score of this cell, drafts included (marked), by name. */
  scores: CellScore[];
  submittedCount: number;
  /** Over the submitted scores; null while there are none. */
  mean: number | null;
  median: number | null;
  /** The engine's consensus under the RFP's method (the moderated value when there is one). */
  consensus: number | null;
  spread: number | null;
  spreadFlagged: boolean;
  moderation: { value: number; valueHalves: number; reason: string; version: number; moderatedAt: string; moderatedByName: string } | null;
  /** Null when the chair may set a moderated score here; else why not. */
  moderationRefusal: string | null;
}

export interface ConsensusCriterion {
  criterionId: string;
  name: string;
  weight: number;
  rubric: string;
  cells: ConsensusCell[];
}

/** Scores a panel evaluator owes: per criterion and bidder, the bundles not submitted yet. */
export interface OutstandingScores {
  evaluatorId: string;
  evaluatorName: string;
  criterionId: string;
  criterionName: string;
  vendorOrganisationId: string;
  vendorName: string;
  slotNames: string[];
}

export interface ConsensusTable {
  method: ConsensusMethod;
  spreadMargin: number;
  description: string;
  criteria: ConsensusCriterion[];
  outstanding: OutstandingScores[];
  /** Why the scores cannot be locked now (empty: they can). */
  lockBlockers: string[];
}

export function conflictKey(userId: string, vendorOrganisationId: string): string {
  return `${userId}\u0000${vendorOrganisationId}`;
}

const cellKey = (criterionId: string, vendorOrganisationId: string, slotId: string) => `${criterionId}\u0000${vendorOrganisationId}\u0000${slotId}`;

/** Whether a panel member's score of a cell counts: on the panel for that criterion, no conflict with the vendor. */
export function seatScores(seat: PanelSeat | undefined, criterionId: string, vendorOrganisationId: string, conflicts: ReadonlySet<string>): boolean {
  if (!seat) return false;
  if (seat.criterionIds !== null && !seat.criterionIds.includes(criterionId)) return false;
  return !conflicts.has(conflictKey(seat.userId, vendorOrganisationId));
}

/** The scores that count towards the consensus and the evaluation (submitted or not). */
export function countingScores<T extends { userId: string; criterionId: string; vendorOrganisationId: string }>(scores: readonly T[], panel: readonly PanelSeat[], conflicts: ReadonlySet<string>): T[] {
  const seats = new Map(panel.map((p) => [p.userId, p]));
  return scores.filter((s) => seatScores(seats.get(s.userId), s.criterionId, s.vendorOrganisationId, conflicts));
}

/** Points as people write them: 7, 7.5, 2.25 (a mean of four may need two decimals). */
export function formatPointsValue(x: number | null): string {
  if (x === null) return "—";
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 100) / 100);
}

/** Null when the chair may moderate the cell; else a sentence saying why not. */
export function moderationRefusal(method: ConsensusMethod, spreadMargin: number, cell: Pick<ConsensusCell, "submittedCount" | "spread" | "spreadFlagged">): string | null {
  if (cell.submittedCount === 0) return "No evaluator has submitted a score for this bundle yet, so there is nothing to moderate.";
  if (method === "moderated" || cell.spreadFlagged) return null;
  return (
    `The consensus method of this RFP is the ${method}, and the submitted scores for this bundle are ${formatPointsValue(cell.spread ?? 0)} ` +
    `points apart (within the margin of ${formatPointsValue(spreadMargin)}), so the ${method} stands. A moderated score is set only ` +
    "under the moderated method or where the spread is flagged."
  );
}

export function buildConsensusTable(source: ConsensusSource): ConsensusTable {
  const settings = source.definition.criteria.evaluation;
  const { consensus: method, spreadMargin } = settings;
  const slots = source.definition.bundleSlots;
  const judged = source.definition.criteria.criteria.filter((c) => c.kind === "judged");
  const seats = [...source.panel].sort((a, b) => byCodePoint(a.name, b.name) || byCodePoint(a.userId, b.userId));
  const seatById = new Map(seats.map((s) => [s.userId, s]));

  const scoresByCell = new Map<string, StoredScore[]>();
  for (const s of countingScores(source.scores, seats, source.conflicts)) {
    const key = cellKey(s.criterionId, s.vendorOrganisationId, s.slotId);
    const list = scoresByCell.get(key) ?? [];
    list.push(s);
    scoresByCell.set(key, list);
  }
  const moderationByCell = new Map(source.moderations.map((m) => [cellKey(m.criterionId, m.vendorOrganisationId, m.slotId), m]));

  const criteria: ConsensusCriterion[] = judged.map((c) => ({
    criterionId: c.id,
    name: c.name,
    weight: c.weight,
    rubric: c.kind === "judged" ? c.rubric : "",
    cells: source.bidders.flatMap((bidder) =>
      slots.map((slot): ConsensusCell => {
        const key = cellKey(c.id, bidder.vendorOrganisationId, slot.id);
        const stored = (scoresByCell.get(key) ?? []).slice().sort((a, b) => byCodePoint(a.evaluatorName, b.evaluatorName) || byCodePoint(a.userId, b.userId));
        const submittedHalves = stored.filter((s) => s.submittedAt !== null && s.scoreHalves !== null).map((s) => s.scoreHalves!);
        const m = moderationByCell.get(key);
        const n = submittedHalves.length;
        const values = submittedHalves.map((h) => h / 2);
        // Exactly the engine's figures: its consensus function, its spread (max − min) and its strict "> margin".
        const spread = n === 0 ? null : (Math.max(...submittedHalves) - Math.min(...submittedHalves)) / 2;
        const cell: ConsensusCell = {
          vendorOrganisationId: bidder.vendorOrganisationId,
          vendorName: bidder.vendorName,
          slotId: slot.id,
          slotName: slot.name,
          scores: stored.map((s) => ({
            evaluatorId: s.userId,
            evaluatorName: s.evaluatorName,
            score: s.scoreHalves === null ? null : s.scoreHalves / 2,
            justification: s.justification,
            submitted: s.submittedAt !== null,
          })),
          submittedCount: n,
          mean: n === 0 ? null : consensusOf(values, "mean"),
          median: n === 0 ? null : consensusOf(values, "median"),
          consensus: n === 0 ? null : consensusOf(values, method, m ? m.valueHalves / 2 : undefined),
          spread,
          spreadFlagged: spread !== null && spread > spreadMargin,
          moderation: m
            ? {
                value: m.valueHalves / 2,
                valueHalves: m.valueHalves,
                reason: m.reason,
                version: m.version,
                moderatedAt: typeof m.moderatedAt === "string" ? m.moderatedAt : m.moderatedAt.toISOString(),
                moderatedByName: m.moderatedByName,
              }
            : null,
          moderationRefusal: null,
        };
        cell.moderationRefusal = moderationRefusal(method, spreadMargin, cell);
        return cell;
      }),
    ),
  }));

  // What each panel evaluator still owes: assigned criteria × bidders without a conflict × bundles.
  const submitted = new Set(
    source.scores.filter((s) => s.submittedAt !== null && s.scoreHalves !== null).map((s) => `${s.userId}\u0000${cellKey(s.criterionId, s.vendorOrganisationId, s.slotId)}`),
  );
  const outstanding: OutstandingScores[] = [];
  for (const seat of seats) {
    for (const c of judged) {
      for (const bidder of source.bidders) {
        if (!seatScores(seatById.get(seat.userId), c.id, bidder.vendorOrganisationId, source.conflicts)) continue;
        const missing = slots.filter((slot) => !submitted.has(`${seat.userId}\u0000${cellKey(c.id, bidder.vendorOrganisationId, slot.id)}`));
        if (missing.length > 0) {
          outstanding.push({
            evaluatorId: seat.userId,
            evaluatorName: seat.name,
            criterionId: c.id,
            criterionName: c.name,
            vendorOrganisationId: bidder.vendorOrganisationId,
            vendorName: bidder.vendorName,
            slotNames: missing.map((s) => s.name),
          });
        }
      }
    }
  }

  const lockBlockers: string[] = [];
  if (source.bidders.length === 0) lockBlockers.push("No bid was admitted at the opening, so there is nothing to lock.");
  if (judged.length > 0 && seats.length === 0) lockBlockers.push("The RFP has judged criteria but no evaluation panel: name the evaluators on the Panel tab.");
  for (const o of outstanding) {
    lockBlockers.push(`${o.evaluatorName} has not submitted “${o.criterionName}” for ${o.vendorName} (${o.slotNames.length === 1 ? "bundle" : "bundles"} ${o.slotNames.join(", ")}).`);
  }
  for (const c of criteria) {
    for (const cell of c.cells) {
      if (cell.submittedCount === 0 && seats.length > 0 && !outstanding.some((o) => o.criterionId === c.criterionId && o.vendorOrganisationId === cell.vendorOrganisationId)) {
        lockBlockers.push(`Nobody on the panel scores “${c.name}” for ${cell.vendorName}, bundle ${cell.slotName} (every evaluator of it declared a conflict).`);
      }
      if (method === "moderated" && cell.spreadFlagged && cell.moderation === null) {
        lockBlockers.push(
          `“${c.name}” for ${cell.vendorName}, bundle ${cell.slotName}: the scores are ${formatPointsValue(cell.spread)} points apart (flagged); set a moderated score with a reason.`,
        );
      }
    }
  }

  return { method, spreadMargin, description: describeConsensus(method, spreadMargin), criteria, outstanding, lockBlockers };
}

// ── The consensus now against an evaluation run ────────────────────────────────────────

/** One judged cell's consensus as an evaluation run (a snapshot) used it. */
export interface RunConsensus {
  vendorOrganisationId: string;
  slotId: string;
  criterionId: string;
  consensus: number;
}

export interface ConsensusChange {
  criterionId: string;
  criterionName: string;
  vendorOrganisationId: string;
  vendorName: string;
  slotId: string;
  slotName: string;
  /** The run's consensus; null when the run had none for this cell. */
  inRun: number | null;
  /** The consensus now; null when no submitted score counts any more. */
  now: number | null;
}

/**
 * The cells whose consensus now differs from the run's: what a run made before a score, a
 * moderation or a conflict declaration changed no longer ranks on the panel's scores. Only the
 * value counts (a score changed and changed back, or a moderation's reason reworded, is no
 * change); both come from the engine's consensus function, so equal inputs give equal doubles
 * and the tolerance only absorbs a double's last bit.
 */
export function consensusChangesSince(table: Pick<ConsensusTable, "criteria">, run: readonly RunConsensus[]): ConsensusChange[] {
  const inRun = new Map(run.map((r) => [cellKey(r.criterionId, r.vendorOrganisationId, r.slotId), r.consensus]));
  const changes: ConsensusChange[] = [];
  for (const c of table.criteria) {
    for (const cell of c.cells) {
      const before = inRun.get(cellKey(c.criterionId, cell.vendorOrganisationId, cell.slotId)) ?? null;
      const now = cell.consensus;
      const same = before === null || now === null ? before === now : Math.abs(before - now) <= 1e-9;
      if (!same) {
        changes.push({ criterionId: c.criterionId, criterionName: c.name, vendorOrganisationId: cell.vendorOrganisationId, vendorName: cell.vendorName, slotId: cell.slotId, slotName: cell.slotName, inRun: before, now });
      }
    }
  }
  return changes;
}

// ── Forms: one zod schema each, for the page, the API and the tests ────────────────────

export const MODERATION_MESSAGES = {
  value: "Give the moderated score as a number from 0 to 10, e.g. 6.5.",
  reason: "Give the reason for the moderated score: the panel and the award report read it.",
  reasonLong: "A reason has at most 2,000 characters.",
  version: "The form is missing the version it was based on; reload the page.",
  unlockReason: "Give the reason for unlocking the scores: it is kept in the audit trail.",
} as const;

const reasonText = (message: string) => z.string({ message }).trim().min(1, message).max(2_000, MODERATION_MESSAGES.reasonLong);

export const moderateScoreSchema = z.object({
  vendorOrganisationId: z.string({ message: "Choose the bidder" }).min(1, "Choose the bidder").max(100),
  slotId: z.string({ message: "Choose the bundle" }).min(1, "Choose the bundle").max(120),
  criterionId: z.string({ message: "Choose the criterion" }).min(1, "Choose the criterion").max(120),
  value: z.union([z.number(), z.string()], { message: MODERATION_MESSAGES.value }).transform((typed, ctx) => {
    const parsed = typeof typed === "number" ? parseScoreText(String(typed)) : parseScoreText(typed);
    if (!parsed.ok || parsed.score === null) {
      ctx.addIssue({ code: "custom", message: parsed.ok ? MODERATION_MESSAGES.value : parsed.message });
      return z.NEVER;
    }
    return parsed.score;
  }),
  reason: reasonText(MODERATION_MESSAGES.reason),
  /** The moderation's version the chair saw: 0 when there was none yet. */
  expectedVersion: z.coerce.number({ message: MODERATION_MESSAGES.version }).int(MODERATION_MESSAGES.version).min(0, MODERATION_MESSAGES.version),
});
export type ModerateScoreInput = z.output<typeof moderateScoreSchema>;

export const unlockScoresSchema = z.object({ reason: reasonText(MODERATION_MESSAGES.unlockReason) });
export type UnlockScoresInput = z.output<typeof unlockScoresSchema>;

export { formatScore };
