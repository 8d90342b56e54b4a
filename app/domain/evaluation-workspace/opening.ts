// The bid opening's rules, without I/O: who may turn which key when (and withdraw a first key
// turned by mistake), whom a start asks to confirm it, the register built from the facts read at
// the confirmed opening, the register's canonical JSON (its SHA-256 is kept with the opening so a
// printed register can be checked later), and the messages and notices people read.
import { z } from "zod";
import { formatExactInstant } from "../bids/state";
import { hasPermission, type Role } from "../permissions";
import { formatInstant } from "../rfp/format";

export type RegisterStatus = "counted" | "withdrawn" | "hash-mismatch" | "late";

export const REGISTER_STATUS_LABELS: Record<RegisterStatus, string> = {
  counted: "Counted",
  withdrawn: "Withdrawn",
  "hash-mismatch": "Held out: hash mismatch",
  late: "No bid: late attempts only",
};

export interface LateAttempt {
  /** ISO instant of the refused attempt (the database clock at refusal). */
  at: string;
  reason: string;
}

/** One row of the opening register, as stored and as hashed. */
export interface RegisterEntry {
  vendorOrganisationId: string;
  vendorName: string;
  status: RegisterStatus;
  versionNumber: number | null;
  receivedAt: Date | null;
  storedHash: string | null;
  recomputedHash: string | null;
  withdrawnAt: Date | null;
  lateAttempts: LateAttempt[];
}

/** A bidder's counting version as read at the opening: its facts and the hash recomputed from its stored content. */
export interface CountingVersionFacts {
  vendorOrganisationId: string;
  vendorName: string;
  versionNumber: number;
  receivedAt: Date;
  storedHash: string;
  recomputedHash: string;
  /** The newest withdrawal of the bid, if any: it withdraws the versions up to `version`. */
  lastWithdrawal: { version: number; at: Date } | null;
}

export interface LateAttemptFacts {
  vendorOrganisationId: string;
  vendorName: string;
  at: Date;
  reason: string;
}

function byName(a: { vendorName: string; vendorOrganisationId: string }, b: { vendorName: string; vendorOrganisationId: string }): number {
  return a.vendorName.localeCompare(b.vendorName, "en") || (a.vendorOrganisationId < b.vendorOrganisationId ? -1 : a.vendorOrganisationId > b.vendorOrganisationId ? 1 : 0);
}

/**
 * Every bidder once: its counting version (withdrawn when the last withdrawal covers it,
 * held out when the recomputed hash differs from the stored one), with its refused late
 * attempts; an organisation with late attempts only is listed as such. Ordered by name.
 */
export function buildRegisterEntries(versions: readonly CountingVersionFacts[], lateAttempts: readonly LateAttemptFacts[]): RegisterEntry[] {
  const lateBy = new Map<string, LateAttemptFacts[]>();
  for (const attempt of lateAttempts) {
    const list = lateBy.get(attempt.vendorOrganisationId) ?? [];
    list.push(attempt);
    lateBy.set(attempt.vendorOrganisationId, list);
  }
  const lateOf = (vendorOrganisationId: string): LateAttempt[] =>
    (lateBy.get(vendorOrganisationId) ?? [])
      .slice()
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((a) => ({ at: a.at.toISOString(), reason: a.reason }));

  const entries: RegisterEntry[] = versions.map((v) => {
    const withdrawn = v.lastWithdrawal !== null && v.lastWithdrawal.version >= v.versionNumber;
    const status: RegisterStatus = withdrawn ? "withdrawn" : v.storedHash === v.recomputedHash ? "counted" : "hash-mismatch";
    return {
      vendorOrganisationId: v.vendorOrganisationId,
      vendorName: v.vendorName,
      status,
      versionNumber: v.versionNumber,
      receivedAt: v.receivedAt,
      storedHash: v.storedHash,
      recomputedHash: v.recomputedHash,
      withdrawnAt: withdrawn ? v.lastWithdrawal!.at : null,
      lateAttempts: lateOf(v.vendorOrganisationId),
    };
  });
  const bidders = new Set(versions.map((v) => v.vendorOrganisationId));
  const lateOnly = new Map<string, string>();
  for (const a of lateAttempts) if (!bidders.has(a.vendorOrganisationId)) lateOnly.set(a.vendorOrganisationId, a.vendorName);
  for (const [vendorOrganisationId, vendorName] of lateOnly) {
    entries.push({
      vendorOrganisationId,
      vendorName,
      status: "late",
      versionNumber: null,
      receivedAt: null,
      storedHash: null,
      recomputedHash: null,
      withdrawnAt: null,
      lateAttempts: lateOf(vendorOrganisationId),
    });
  }
  return entries.sort(byName);
}

function canonical(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

/**
 * The register as canonical JSON (keys sorted, instants as ISO strings, rows by name): the
 * text whose SHA-256 is the register hash. Recomputable from the stored rows at any time.
 */
export function registerCanonicalJson(rfpId: string, round: number, entries: readonly RegisterEntry[]): string {
  return canonical({
    rfpId,
    round,
    register: entries
      .slice()
      .sort(byName)
      .map((e) => ({ ...e, lateAttempts: e.lateAttempts.map((a) => ({ at: a.at, reason: a.reason })) })),
  });
}

export interface RegisterCounts {
  bidders: number;
  counted: number;
  withdrawn: number;
  hashMismatches: number;
  lateAttempts: number;
}

export function registerCounts(entries: readonly RegisterEntry[]): RegisterCounts {
  return {
    bidders: entries.filter((e) => e.status !== "late").length,
    counted: entries.filter((e) => e.status === "counted").length,
    withdrawn: entries.filter((e) => e.status === "withdrawn").length,
    hashMismatches: entries.filter((e) => e.status === "hash-mismatch").length,
    lateAttempts: entries.reduce((n, e) => n + e.lateAttempts.length, 0),
  };
}

// ── Stages and who may act ───────────────────────────────────────────────────────────────

export type OpeningStage = "not-published" | "cancelled" | "before-deadline" | "ready-to-start" | "started" | "opened";

export interface OpeningFacts {
  publishedAt: Date | null;
  cancelledAt: Date | null;
  bidsCloseAt: Date | null;
  /** The database clock. */
  now: Date;
  start: { startedBy: string; startedAt: Date } | null;
  openedAt: Date | null;
}

export function openingStage(f: OpeningFacts): OpeningStage {
  if (f.openedAt) return "opened";
  if (f.cancelledAt) return "cancelled";
  if (!f.publishedAt || !f.bidsCloseAt) return "not-published";
  if (f.now.getTime() < f.bidsCloseAt.getTime()) return "before-deadline";
  return f.start ? "started" : "ready-to-start";
}

export interface OpeningActions {
  canStart: boolean;
  canConfirm: boolean;
  /** The started, unconfirmed opening may be withdrawn by this person (its starter, or an administrator). */
  canWithdraw: boolean;
  /** The actor started the opening and waits for someone else to confirm it. */
  waitingForSecondPerson: boolean;
}

export interface OpeningActor {
  id: string;
  /** May turn the first key (open:bids:own): a buyer. */
  mayStart: boolean;
  mayConfirm: boolean;
  /** May withdraw anyone's start (withdraw:opening:own): an administrator. */
  mayWithdrawAny: boolean;
}

/**
 * Who may withdraw a started, unconfirmed opening: the buyer who started it (while still a buyer:
 * whoever may no longer start may not undo a start either), or an administrator of the
 * organisation. Nobody else: another buyer or the second key would confirm it, not undo it.
 */
export function mayWithdrawStart(start: { startedBy: string }, actor: Pick<OpeningActor, "id" | "mayStart" | "mayWithdrawAny">): boolean {
  return actor.mayWithdrawAny || (actor.mayStart && start.startedBy === actor.id);
}

/** What the page offers this person; the service enforces the same rules again. */
export function openingActions(stage: OpeningStage, start: OpeningFacts["start"], actor: OpeningActor): OpeningActions {
  const startedByActor = start?.startedBy === actor.id;
  return {
    canStart: stage === "ready-to-start" && actor.mayStart,
    canConfirm: stage === "started" && actor.mayConfirm && !startedByActor,
    canWithdraw: stage === "started" && start !== null && mayWithdrawStart(start, actor),
    waitingForSecondPerson: stage === "started" && startedByActor,
  };
}

/** The permissions behind `OpeningActor`, read from the actor's roles in one place. */
export function openingActor(actor: { id: string; roles: readonly Role[] }): OpeningActor {
  return {
    id: actor.id,
    mayStart: hasPermission(actor.roles, "open:bids:own"),
    mayConfirm: hasPermission(actor.roles, "confirm:opening:own"),
    mayWithdrawAny: hasPermission(actor.roles, "withdraw:opening:own"),
  };
}

/**
 * Whom a start asks to confirm it (a notice, and a line on the dashboard): the buyers and
 * administrators of the organisation, and the evaluators on the RFP's panel; never the starter.
 * Any evaluator of the organisation may confirm, but one outside the panel has no part in this
 * RFP, so a large organisation's every evaluator is not mailed about each opening.
 */
export function asksToConfirm(person: { id: string; roles: readonly Role[]; onPanel: boolean }, startedBy: string): boolean {
  if (person.id === startedBy || !hasPermission(person.roles, "confirm:opening:own")) return false;
  return person.roles.includes("buyer") || person.roles.includes("admin") || (person.roles.includes("evaluator") && person.onPanel);
}

// ── Messages ────────────────────────────────────────────────────────────────────────────

export const OPENING_MESSAGES = {
  samePerson: "The opening needs a second person: you started it, so someone else of your organisation must confirm it.",
  onlyBuyerStarts: "Only a buyer of the RFP's organisation can start the bid opening.",
  mayNotConfirm: "Your role does not allow you to confirm a bid opening.",
  onlyBuyerDecides: "Only a buyer of the RFP's organisation can decide on a held-out bid.",
  cancelled: "This RFP was cancelled; its bids cannot be opened.",
  notPublished: "This RFP was never published, so it has no bids to open.",
  notStarted: "The opening has not been started yet: a buyer of your organisation starts it, then a second person confirms it.",
  notOpened: "The bids have not been opened yet, so there is no register to decide on.",
  notHeldOut: "That bid is not held out: only a bid whose recomputed hash differs from its receipt needs a decision.",
  unknownBidder: "There is no such bidder in this opening register.",
  nothingToWithdraw: "The opening has not been started, so there is nothing to withdraw.",
  openedCannotWithdraw: "The bids are already opened: a confirmed opening cannot be withdrawn.",
} as const;

export interface StartWithdrawalFacts {
  startedByName: string;
  startedAt: Date;
  withdrawnByName: string;
  withdrawnAt: Date;
  reason: string;
}

/** A confirmation (or a second withdrawal) of a start that was withdrawn and not started again. */
export function withdrawnStartMessage(w: StartWithdrawalFacts, attempt: "confirm" | "withdraw"): string {
  const what = `The opening started by ${w.startedByName} at ${formatInstant(w.startedAt)} was withdrawn by ${w.withdrawnByName} at ${formatInstant(w.withdrawnAt)} (reason: ${w.reason})`;
  return attempt === "confirm" ? `${what}, so there is nothing to confirm. A buyer must start the opening again first.` : `${what}; it is no longer pending.`;
}

/**
 * The page showed one start, but by the time of the click it had been withdrawn and started again:
 * the person is told to look at the new start rather than confirm (or withdraw) it unseen.
 */
export function replacedStartMessage(w: StartWithdrawalFacts, current: { startedByName: string; startedAt: Date }, attempt: "confirm" | "withdraw"): string {
  return `The opening you saw was withdrawn by ${w.withdrawnByName} at ${formatInstant(w.withdrawnAt)} (reason: ${w.reason}), and ${current.startedByName} started it again at ${formatInstant(current.startedAt)}. Read the new start on the page before you ${attempt} it.`;
}

export function mayNotWithdrawMessage(startedByName: string): string {
  return `Only ${startedByName}, who started the opening, or an administrator of your organisation can withdraw it.`;
}

// ── Notices ─────────────────────────────────────────────────────────────────────────────

export interface OpeningNotice {
  kind: "opening.started" | "opening.withdrawn";
  subject: string;
  body: string;
}

interface NoticeRfp {
  id: string;
  /** The RFP as people name it: title (reference). */
  label: string;
  round: number;
}

const roundWords = (round: number) => (round > 1 ? `round ${round} (best and final offers)` : "the bids");

/** To each person a start asks to confirm it: which RFP, who started it, when, and where to confirm. */
export function openingStartedNotice(rfp: NoticeRfp, start: { startedByName: string; startedAt: Date }): OpeningNotice {
  return {
    kind: "opening.started",
    subject: `Bid opening awaits your confirmation: ${rfp.label}`,
    body:
      `${start.startedByName} started the opening of ${roundWords(rfp.round)} of ${rfp.label} at ${formatInstant(start.startedAt)}.\n\n` +
      "Opening takes two people: a second person of your organisation (not the one who started it) must confirm it. " +
      "The bids stay sealed until then; confirming writes the opening register.\n\n" +
      `Confirm it on the opening page: /rfps/${rfp.id}/opening`,
  };
}

/** To the same people (and the starter, when someone else withdrew it): the start no longer waits for them. */
export function openingWithdrawnNotice(rfp: NoticeRfp, w: StartWithdrawalFacts): OpeningNotice {
  return {
    kind: "opening.withdrawn",
    subject: `Bid opening withdrawn: ${rfp.label}`,
    body:
      `${w.withdrawnByName} withdrew the opening of ${roundWords(rfp.round)} of ${rfp.label} that ${w.startedByName} started at ${formatInstant(w.startedAt)}, ` +
      `at ${formatInstant(w.withdrawnAt)}. Reason: ${w.reason}\n\n` +
      "There is nothing to confirm now; the bids stay sealed until a buyer starts the opening again and a second person confirms it.\n\n" +
      `The opening page: /rfps/${rfp.id}/opening`,
  };
}

export function beforeDeadlineMessage(bidsCloseAt: Date, now: Date): string {
  return `Bids can be opened after the deadline, ${formatExactInstant(bidsCloseAt)}. It is now ${formatExactInstant(now)} by the database clock.`;
}

export function alreadyOpenedMessage(openedAt: Date): string {
  return `The bids of this RFP were already opened at ${formatExactInstant(openedAt)}.`;
}

export function alreadyStartedMessage(startedAt: Date, byActor: boolean, startedByName: string): string {
  return byActor
    ? `You already started the opening at ${formatExactInstant(startedAt)}; someone else of your organisation must confirm it.`
    : `${startedByName} already started the opening at ${formatExactInstant(startedAt)}; it now needs confirming.`;
}

export function alreadyDecidedMessage(decision: HeldOutDecision, decidedAt: Date): string {
  return `A decision was already recorded for this bid (${decision === "admit" ? "admitted" : "excluded"} at ${formatExactInstant(decidedAt)}); it cannot be changed.`;
}

// ── Payloads ────────────────────────────────────────────────────────────────────────────

export const HELD_OUT_DECISIONS = ["admit", "exclude"] as const;
export type HeldOutDecision = (typeof HELD_OUT_DECISIONS)[number];

export const decideHeldOutBidSchema = z.object({
  vendorOrganisationId: z.uuid({ message: "Choose the bid to decide on" }),
  decision: z.enum(HELD_OUT_DECISIONS, { message: "Choose whether to admit or exclude the bid" }),
  reason: z.string({ message: "Give the reason for the decision" }).trim().min(1, "Give the reason for the decision").max(2000, "Keep the reason under 2000 characters"),
});
export type DecideHeldOutBidInput = z.output<typeof decideHeldOutBidSchema>;

export const WITHDRAW_REASON_MAX = 500;

export const withdrawStartSchema = z.object({
  reason: z
    .string({ message: "Say why you withdraw the opening" })
    .trim()
    .min(1, "Say why you withdraw the opening")
    .max(WITHDRAW_REASON_MAX, `Keep the reason under ${WITHDRAW_REASON_MAX} characters`),
});
export type WithdrawStartInput = z.output<typeof withdrawStartSchema>;

/**
 * The start attempt the page showed (a hidden field): confirming or withdrawing acts on that start
 * only, never on one that replaced it since. Optional, so a caller without a page acts on the pending start.
 */
const shownAttempt = z.coerce.number({ message: "Reload the page and try again" }).int("Reload the page and try again").positive("Reload the page and try again").optional();

/** The opening page's forms: one `intent` per button. */
export const openingIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("confirm"), attempt: shownAttempt }),
  withdrawStartSchema.extend({ intent: z.literal("withdraw"), attempt: shownAttempt }),
  decideHeldOutBidSchema.extend({ intent: z.literal("decide") }),
]);
export type OpeningIntent = z.output<typeof openingIntentSchema>;
