// The evaluators' rules, without I/O: scores 0–10 in halves (stored as integer halves, so
// they are exact), what a save or a submission needs, the independence rule (nobody else's
// scores for a criterion until your own are submitted), the queue's counts, conflict
// declarations, and the forms' payloads (one zod schema each) with the field names the pages
// and the services share: `score.<vendorId>.<slotId>.<criterionId>` and `justification.<…>`.
import { z } from "zod";

export const SCORE_MIN = 0;
export const SCORE_MAX = 10;
export const JUSTIFICATION_MAX = 4_000;
export const NOTE_MAX = 2_000;

export const SCORE_MESSAGES = {
  range: `Give a score from ${SCORE_MIN} to ${SCORE_MAX}.`,
  step: "Scores go in steps of 0.5 (e.g. 7 or 7.5).",
  number: `Give the score as a number from ${SCORE_MIN} to ${SCORE_MAX}, e.g. 7.5.`,
  justificationLong: `A justification has at most ${JUSTIFICATION_MAX.toLocaleString("en-GB")} characters.`,
} as const;

// ── Scores ──────────────────────────────────────────────────────────────────────────────

/** What is wrong with a score (null = no score yet, allowed in a draft), or null when it is fine. */
export function scoreProblem(score: number | null): string | null {
  if (score === null) return null;
  if (typeof score !== "number" || !Number.isFinite(score)) return SCORE_MESSAGES.number;
  if (score < SCORE_MIN || score > SCORE_MAX) return SCORE_MESSAGES.range;
  if (!Number.isInteger(score * 2)) return SCORE_MESSAGES.step;
  return null;
}

/** 7.5 → 15. Only for scores without a problem. */
export function scoreToHalves(score: number): number {
  return Math.round(score * 2);
}

export function halvesToScore(halves: number | null): number | null {
  return halves === null ? null : halves / 2;
}

/** A score as typed: blank = none yet; "7,5" is read as 7.5. */
export function parseScoreText(text: string): { ok: true; score: number | null } | { ok: false; message: string } {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return { ok: true, score: null };
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) return { ok: false, message: SCORE_MESSAGES.number };
  const score = Number(trimmed);
  const problem = scoreProblem(score);
  return problem ? { ok: false, message: problem } : { ok: true, score };
}

/**
 * A score as sent: a number (or null) is checked as it is, text as typed in the form is read by
 * parseScoreText. The same words either way, so the form, the score sheet and scripts agree.
 */
export function readSentScore(score: number | string | null): { ok: true; score: number | null } | { ok: false; message: string } {
  if (typeof score === "string") return parseScoreText(score);
  const problem = scoreProblem(score);
  return problem ? { ok: false, message: problem } : { ok: true, score };
}

export function formatScore(score: number | null): string {
  return score === null ? "—" : Number.isInteger(score) ? String(score) : score.toFixed(1);
}

// ── Field names ─────────────────────────────────────────────────────────────────────────

export interface ScoreKey {
  vendorOrganisationId: string;
  slotId: string;
  criterionId: string;
}

export const scoreField = (k: ScoreKey) => `score.${k.vendorOrganisationId}.${k.slotId}.${k.criterionId}`;
export const justificationField = (k: ScoreKey) => `justification.${k.vendorOrganisationId}.${k.slotId}.${k.criterionId}`;

/** "score.<vendor>.<slot>.<criterion>" → its parts (vendor ids are uuids; slot and criterion ids have no dots). */
export function parseScoreFieldName(name: string): ({ kind: "score" | "justification" } & ScoreKey) | null {
  const match = /^(score|justification)\.([^.]+)\.([^.]+)\.([^.]+)$/.exec(name);
  if (!match) return null;
  return { kind: match[1] as "score" | "justification", vendorOrganisationId: match[2]!, slotId: match[3]!, criterionId: match[4]! };
}

// ── Saving and submitting ───────────────────────────────────────────────────────────────

/** A score to write: read and checked (points, not halves). */
export interface ScoreInput extends ScoreKey {
  score: number | null;
  justification: string;
}

/**
 * One score as the form, the score sheet or a script sends it. The form sends the score as
 * typed (text), so that a score that is not a number is named by the one check of the save,
 * beside every other problem of the form, not by a parse that runs before it.
 */
export interface ScoreEntry extends ScoreKey {
  score: number | string | null;
  justification: string;
}

/**
 * What a save submits: nothing (false, a draft), every (vendor, criterion) the entries cover
 * (true), or only the pairs of the given criteria, the other entries saved as drafts in the
 * same save (the scoring page's "Submit scores for …", which also keeps the rest typed).
 */
export type ScoreSubmission = boolean | { criterionIds: readonly string[] };

/** A stored score of one evaluator (score in points, not halves). */
export interface StoredScore extends ScoreKey {
  score: number | null;
  justification: string;
  submittedAt: Date | null;
}

export interface ScoreContext {
  /** The RFP's bundle slots, in order. */
  slots: readonly { id: string; name: string }[];
  /** Every judged criterion of the RFP. */
  judgedCriteria: readonly { id: string; name: string }[];
  /** The judged criteria this evaluator is assigned. */
  assignedCriterionIds: readonly string[];
  /** The evaluator's stored scores (of the vendors in the entries, at least). */
  existing: readonly StoredScore[];
}

export interface ScoreCheck {
  /** Messages by field; empty when the save may go ahead. */
  fieldErrors: Record<string, string[]>;
  /** True when every problem is a criterion the evaluator is not assigned (403, not 400). */
  onlyUnassigned: boolean;
  /** The first (vendor, criterion) already submitted that an entry would change; refused as a whole (409). */
  changesSubmitted: { vendorOrganisationId: string; criterionId: string; criterionName: string } | null;
  /** Entries to write (unchanged entries of submitted pairs are left out). */
  writes: ScoreInput[];
  /** The (vendor, criterion) pairs to submit, when submitting (meant for a save without field errors). */
  pairs: { vendorOrganisationId: string; criterionId: string }[];
}

const keyOf = (k: ScoreKey) => `${k.vendorOrganisationId}|${k.slotId}|${k.criterionId}`;
const pairOf = (k: { vendorOrganisationId: string; criterionId: string }) => `${k.vendorOrganisationId}|${k.criterionId}`;

export const SUBMITTED_CHANGE = (criterionName: string) => `You submitted your scores for “${criterionName}”; the chair can moderate the consensus.`;

/** What an entry gives for one cell, problems included: a submission's completeness is judged on it. */
interface GivenCell {
  score: number | null;
  /** False when the score as sent has a problem (named already): it is not also "missing". */
  scoreRead: boolean;
  justification: string;
  /** False when the justification is too long (named already): it is not also "missing". */
  justificationFits: boolean;
}

/**
 * The one check of a save, naming every problem of it at once, by field: bundles and criteria
 * exist and are assigned, scores are 0–10 in halves (a number, or text as typed), justifications
 * fit; and for each (vendor, criterion) submitted, all three bundles have a score and a
 * justification (the entries over what is stored). A submission's gaps are named beside the
 * other problems, not after them, so the evaluator learns everything in one reply; a cell whose
 * score or justification is wrong is not also called missing. Nothing is written when any field
 * has a problem.
 */
export function checkScoreEntries(entries: readonly ScoreEntry[], submit: ScoreSubmission, ctx: ScoreContext): ScoreCheck {
  const fieldErrors: Record<string, string[]> = {};
  let unassigned = 0;
  let other = 0;
  const add = (field: string, message: string, isUnassigned = false) => {
    (fieldErrors[field] ??= []).push(message);
    if (isUnassigned) unassigned++;
    else other++;
  };
  const submits = (criterionId: string) => submit === true || (submit !== false && submit.criterionIds.includes(criterionId));
  const slotIds = new Set(ctx.slots.map((s) => s.id));
  const judged = new Map(ctx.judgedCriteria.map((c) => [c.id, c]));
  const assigned = new Set(ctx.assignedCriterionIds);
  const stored = new Map(ctx.existing.map((s) => [keyOf(s), s]));
  const seen = new Set<string>();
  const given = new Map<string, GivenCell>();
  const submitting = new Map<string, { vendorOrganisationId: string; criterionId: string }>();
  const writes: ScoreInput[] = [];
  let changesSubmitted: ScoreCheck["changesSubmitted"] = null;

  for (const entry of entries) {
    const field = scoreField(entry);
    if (seen.has(keyOf(entry))) {
      add(field, "This score is given twice; give it once.");
      continue;
    }
    seen.add(keyOf(entry));
    const criterion = judged.get(entry.criterionId);
    if (!slotIds.has(entry.slotId)) {
      add(field, `There is no bundle “${entry.slotId}” in this RFP.`);
      continue;
    }
    if (!criterion) {
      add(field, `There is no judged criterion “${entry.criterionId}” in this RFP.`);
      continue;
    }
    if (!assigned.has(criterion.id)) {
      add(field, `You are not assigned to score “${criterion.name}”.`, true);
      continue;
    }
    const read = readSentScore(entry.score);
    if (!read.ok) add(field, read.message);
    const justification = typeof entry.justification === "string" ? entry.justification.trim() : "";
    const justificationFits = justification.length <= JUSTIFICATION_MAX;
    if (!justificationFits) add(justificationField(entry), SCORE_MESSAGES.justificationLong);
    given.set(keyOf(entry), { score: read.ok ? read.score : null, scoreRead: read.ok, justification, justificationFits });
    const pair = { vendorOrganisationId: entry.vendorOrganisationId, criterionId: criterion.id };
    if (submits(criterion.id)) submitting.set(pairOf(pair), pair);
    if (!read.ok || !justificationFits) continue;
    const before = stored.get(keyOf(entry));
    if (before?.submittedAt) {
      const unchanged = before.score === read.score && before.justification.trim() === justification;
      if (!unchanged && !changesSubmitted) changesSubmitted = { vendorOrganisationId: entry.vendorOrganisationId, criterionId: criterion.id, criterionName: criterion.name };
      continue;
    }
    writes.push({ ...entry, score: read.score, justification });
  }

  const pairs: ScoreCheck["pairs"] = [];
  for (const pair of submitting.values()) {
    const allSubmitted = ctx.slots.every((slot) => stored.get(keyOf({ ...pair, slotId: slot.id }))?.submittedAt);
    if (allSubmitted) continue;
    for (const [i, slot] of ctx.slots.entries()) {
      const key = { ...pair, slotId: slot.id };
      const sent = given.get(keyOf(key));
      const before = stored.get(keyOf(key));
      const bundle = `bundle ${String.fromCharCode(65 + i)} (${slot.name})`;
      const score = sent ? sent.score : (before?.score ?? null);
      const justification = sent ? sent.justification : (before?.justification.trim() ?? "");
      if (score === null && (sent?.scoreRead ?? true)) add(scoreField(key), `Give a score for ${bundle} before you submit.`);
      if (justification === "" && (sent?.justificationFits ?? true)) add(justificationField(key), `Write a justification for ${bundle} before you submit: it is required.`);
    }
    pairs.push(pair);
  }
  return { fieldErrors, onlyUnassigned: unassigned > 0 && other === 0, changesSubmitted, writes, pairs };
}

// ── Independence ────────────────────────────────────────────────────────────────────────

/**
 * An evaluator sees other evaluators' scores of a (vendor, criterion) only once their own
 * scores of it are submitted, for every bundle.
 */
export function maySeeOthersScores(own: readonly Pick<StoredScore, "slotId" | "submittedAt">[], slotIds: readonly string[]): boolean {
  return slotIds.length > 0 && slotIds.every((slotId) => own.some((s) => s.slotId === slotId && s.submittedAt !== null));
}

/** What an evaluator reads where prices are withheld (two envelopes): pages render it, so it is not a server-only value. */
export const PRICES_HIDDEN_NOTE = "Prices are hidden until the judged scores are locked (quality before price).";

// ── The queue ───────────────────────────────────────────────────────────────────────────

export interface ScoringProgress {
  /** Criteria × bundles this evaluator scores for the vendor. */
  total: number;
  /** Scores with something typed, not yet submitted. */
  drafted: number;
  submitted: number;
}

/**
 * Whether the evaluator has submitted every score it has to give: every bidder it scores is
 * fully submitted (a conflicted bidder is not scored), none waits for a declaration, and there
 * is at least one. Submitted scores do not change, so nothing is left to import then.
 */
export function everyScoreSubmitted(bidders: readonly { status: "to-score" | "conflict" | "undeclared"; progress: ScoringProgress | null }[]): boolean {
  const scored = bidders.filter((b) => b.status !== "conflict");
  return scored.length > 0 && scored.every((b) => b.status === "to-score" && b.progress !== null && b.progress.total > 0 && b.progress.submitted === b.progress.total);
}

export function scoringProgress(own: readonly Pick<StoredScore, "slotId" | "criterionId" | "score" | "justification" | "submittedAt">[], criterionIds: readonly string[], slotIds: readonly string[]): ScoringProgress {
  const criteria = new Set(criterionIds);
  const slots = new Set(slotIds);
  let drafted = 0;
  let submitted = 0;
  for (const s of own) {
    if (!criteria.has(s.criterionId) || !slots.has(s.slotId)) continue;
    if (s.submittedAt) submitted++;
    else if (s.score !== null || s.justification.trim() !== "") drafted++;
  }
  return { total: criteria.size * slots.size, drafted, submitted };
}

export function progressLabel(p: ScoringProgress): string {
  if (p.total === 0) return "Nothing to score";
  if (p.submitted === p.total) return "Submitted";
  if (p.submitted === 0 && p.drafted === 0) return "Not started";
  return "In progress";
}

/**
 * The queue's count of an evaluator's scores for one vendor: "2 of 3 submitted, 1 drafted". A
 * draft is only named while there is one, so a finished vendor reads "3 of 3 submitted", not
 * "0 drafted" beside it.
 */
export function progressCount(p: ScoringProgress): string {
  const submitted = `${p.submitted} of ${p.total} submitted`;
  return p.drafted > 0 ? `${submitted}, ${p.drafted} drafted` : submitted;
}

// ── Conflict declarations ───────────────────────────────────────────────────────────────

export const DECLARATION_MESSAGES = {
  choose: "Choose “No conflict” or “Conflict of interest”.",
  note: "Describe the conflict: a declared conflict needs a note.",
  changeReason: "Give the reason for changing your declaration: changes are recorded.",
  noteLong: `A note has at most ${NOTE_MAX.toLocaleString("en-GB")} characters.`,
} as const;

/** Why a declaration made no longer changes once the chair has locked the scores (decision 009). */
export const DECLARATIONS_LOCKED =
  "The chair has locked the scores, and they were counted with the declarations made: a declaration made no longer changes. To disclose a conflict now, tell the chair: unlocking the scores reopens your declarations.";

export const conflictField = (vendorId: string) => `conflict.${vendorId}`;
export const noteField = (vendorId: string) => `note.${vendorId}`;
export const changeReasonField = (vendorId: string) => `changeReason.${vendorId}`;

const declarationSchema = z.object({
  vendorOrganisationId: z.string().min(1),
  hasConflict: z.boolean({ message: DECLARATION_MESSAGES.choose }),
  note: z.string().trim().max(NOTE_MAX, DECLARATION_MESSAGES.noteLong).default(""),
  changeReason: z.string().trim().max(NOTE_MAX, DECLARATION_MESSAGES.noteLong).optional(),
});

/** The declarations form / API payload: one declaration per bidder. */
export const declareConflictsSchema = z.object({
  declarations: z.array(declarationSchema).min(1, "Declare for at least one bidder.").max(500),
});
export type DeclareConflictsInput = z.input<typeof declareConflictsSchema>;
export type Declaration = z.output<typeof declarationSchema>;

export interface CurrentDeclaration {
  hasConflict: boolean;
  note: string;
}

/**
 * What of a declaration is new: `record` when it differs from the current one (or there is
 * none); a change needs a reason, a conflict needs a note. Messages by the declaration's fields.
 */
export function checkDeclaration(next: Declaration, current: CurrentDeclaration | undefined): { record: boolean; fieldErrors: Record<string, string[]> } {
  const v = next.vendorOrganisationId;
  const fieldErrors: Record<string, string[]> = {};
  if (next.hasConflict && next.note.trim() === "") fieldErrors[noteField(v)] = [DECLARATION_MESSAGES.note];
  const note = next.note.trim();
  const unchanged = current !== undefined && current.hasConflict === next.hasConflict && current.note.trim() === note;
  if (unchanged) return { record: false, fieldErrors: {} };
  if (current !== undefined && !(next.changeReason ?? "").trim()) fieldErrors[changeReasonField(v)] = [DECLARATION_MESSAGES.changeReason];
  return { record: true, fieldErrors };
}

/** The declarations form's fields (`conflict.<vendorId>` = "no" | "yes", `note.<…>`, `changeReason.<…>`) as the payload. */
export function declarationsFromFields(fields: Record<string, string>, vendorIds: readonly string[]): { declarations: Declaration[]; fieldErrors: Record<string, string[]> } {
  const declarations: Declaration[] = [];
  const fieldErrors: Record<string, string[]> = {};
  for (const v of vendorIds) {
    const choice = fields[conflictField(v)];
    if (choice !== "no" && choice !== "yes") {
      fieldErrors[conflictField(v)] = [DECLARATION_MESSAGES.choose];
      continue;
    }
    const reason = (fields[changeReasonField(v)] ?? "").trim();
    const parsed = declarationSchema.safeParse({ vendorOrganisationId: v, hasConflict: choice === "yes", note: fields[noteField(v)] ?? "", changeReason: reason || undefined });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) (fieldErrors[issue.path[0] === "changeReason" ? changeReasonField(v) : noteField(v)] ??= []).push(issue.message);
      continue;
    }
    declarations.push(parsed.data);
  }
  return { declarations, fieldErrors };
}

// ── The panel form ──────────────────────────────────────────────────────────────────────

export const panelMemberField = (userId: string) => `member.${userId}`;
export const panelCriterionField = (userId: string) => `criteria.${userId}`;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Unknown person");

/** The panel payload (form and API): who sits on it and which judged criteria each scores (null = all). */
export const setPanelSchema = z.object({
  members: z
    .array(z.object({ userId: uuid, criterionIds: z.array(z.string().min(1).max(120)).max(40).nullable() }))
    .max(200, "A panel has at most 200 members."),
});
export type SetPanelInput = z.output<typeof setPanelSchema>;

/**
 * The panel form's fields as the payload: `member.<userId>` checked puts the person on the
 * panel; `criteria.<userId>` (one value per ticked criterion) says what they score; all ticked
 * = every judged criterion (null, so criteria added later are theirs too), none = a message.
 */
export function panelFromFields(form: { get(name: string): unknown; getAll(name: string): unknown[] }, candidateIds: readonly string[], judgedCriterionIds: readonly string[]): { input: SetPanelInput; fieldErrors: Record<string, string[]> } {
  const members: SetPanelInput["members"] = [];
  const fieldErrors: Record<string, string[]> = {};
  for (const userId of candidateIds) {
    if (!form.get(panelMemberField(userId))) continue;
    const ticked = form.getAll(panelCriterionField(userId)).map(String).filter((id) => judgedCriterionIds.includes(id));
    if (judgedCriterionIds.length > 0 && ticked.length === 0) {
      fieldErrors[panelCriterionField(userId)] = ["Tick at least one criterion this evaluator scores, or take them off the panel."];
      continue;
    }
    const all = judgedCriterionIds.every((id) => ticked.includes(id));
    members.push({ userId, criterionIds: all ? null : ticked });
  }
  return { input: { members }, fieldErrors };
}

// ── The score form ──────────────────────────────────────────────────────────────────────

/**
 * The score form / API payload (the service's input): entries and what to submit. Its bounds
 * only keep the payload sane, well above the rules: a score as typed that is not a number, or
 * a justification too long, is named by checkScoreEntries by its field, beside the rest.
 */
export const saveScoresSchema = z.object({
  entries: z
    .array(
      z.object({
        vendorOrganisationId: z.string().min(1).max(100),
        slotId: z.string().min(1).max(120),
        criterionId: z.string().min(1).max(120),
        score: z.union([z.number(), z.string().max(1_000)]).nullable(),
        justification: z.string().max(100_000).default(""),
      }),
    )
    .max(5_000),
  submit: z.union([z.boolean(), z.object({ criterionIds: z.array(z.string().min(1).max(120)).max(200) })]).default(false),
});
export type SaveScoresInput = z.output<typeof saveScoresSchema>;

/**
 * The score form's fields (`score.<v>.<s>.<c>`, `justification.<…>`) as entries, each score
 * as typed: checkScoreEntries reads it, so its problem is named with every other one. Only
 * the given criteria are read.
 */
export function scoreEntriesFromFields(fields: Record<string, string>, criterionIds?: readonly string[]): ScoreEntry[] {
  const cells = new Map<string, ScoreEntry>();
  for (const [name, value] of Object.entries(fields)) {
    const parsed = parseScoreFieldName(name);
    if (!parsed || (criterionIds && !criterionIds.includes(parsed.criterionId))) continue;
    const key = keyOf(parsed);
    const cell = cells.get(key) ?? { vendorOrganisationId: parsed.vendorOrganisationId, slotId: parsed.slotId, criterionId: parsed.criterionId, score: null, justification: "" };
    if (parsed.kind === "justification") cell.justification = value;
    else cell.score = value;
    cells.set(key, cell);
  }
  return [...cells.values()];
}
