// The bid opening (EU Directive 2014/24/EU, Annex IV (e)–(g)): after the deadline by the
// database clock, a buyer of the RFP's organisation turns the first key (start); a DIFFERENT
// buyer-side person of the same organisation turns the second (confirm). Confirming reads the
// counting version of every bid through the seal, recomputes each SHA-256, writes the immutable
// opening register and records the opening row that lets sealed-bids.ts release content, all in
// one transaction. Every refused attempt commits its audit row and nothing else.
// A start asks the second key holders by a notice through the outbox (asksToConfirm says who);
// until it is confirmed, its starter or an administrator may withdraw it, with a reason, so that
// it can be started again (decision 007); a confirmation of a withdrawn start is refused.
// The round opened is the current one: 1, or the latest BAFO round with its own deadline; a
// BAFO round's confirmation also carries over the scores of bundles left unchanged.
import type { Kysely } from "kysely";
import { createHash } from "node:crypto";
import {
  findLatestStartWithdrawal,
  findOpeningRecord,
  findOpeningStart,
  findRegisterRow,
  insertOpening,
  insertOpeningDecision,
  insertOpeningStart,
  insertRegisterRows,
  insertStartWithdrawal,
  listOpeningDecisions,
  listRefusedLateSubmissions,
  listRegisterRows,
  listSecondKeyCandidates,
  readOpeningPage,
} from "../../../db/queries/bid-openings";
import { databaseClock } from "../../../db/queries/bids";
import type { Executor } from "../../../db/queries/executor";
import type { RfpRow } from "../../../db/queries/rfps";
import { carryOverUnchangedScores } from "../bafo/carry-over.server";
import { currentRoundDeadline, type RoundDeadline } from "../bafo/rounds.server";
import { readContentsForOpening } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import type { BidContent } from "../../domain/bids/content";
import { DomainError, invalidInput } from "../../domain/errors";
import {
  alreadyDecidedMessage,
  alreadyOpenedMessage,
  alreadyStartedMessage,
  asksToConfirm,
  beforeDeadlineMessage,
  buildRegisterEntries,
  decideHeldOutBidSchema,
  mayNotWithdrawMessage,
  mayWithdrawStart,
  OPENING_MESSAGES,
  openingActions,
  openingActor,
  openingStage,
  openingStartedNotice,
  openingWithdrawnNotice,
  registerCanonicalJson,
  registerCounts,
  replacedStartMessage,
  withdrawnStartMessage,
  withdrawStartSchema,
  type DecideHeldOutBidInput,
  type StartWithdrawalFacts,
  type WithdrawStartInput,
  type HeldOutDecision,
  type LateAttempt,
  type OpeningActions,
  type OpeningStage,
  type RegisterCounts,
  type RegisterEntry,
} from "../../domain/evaluation-workspace/opening";
import { hasPermission } from "../../domain/permissions";
import { deriveRfpState, type RfpState } from "../../domain/rfp/state";
import { auditBid, inAuditedTransaction, Refusal } from "../bids/access.server";
import { contentHash } from "../bids/receipt.server";
import { notifyEach } from "../rfps/notify.server";
import { assertId, checkBuyerRfp, loadBuyerRfp, RFP_NOT_FOUND, rfpLabel, type RfpActor } from "../rfps/access.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

type Attempt = "start" | "confirm" | "withdraw" | "decision";

/**
 * The RFP of the actor's own organisation, locked (start, confirm, decisions and cancellation
 * serialise on it). A vendor or another organisation gets "not found"; the attempt is audited.
 */
async function lockOpeningRfp(trx: Executor, rfpId: string, actor: RfpActor, attempt: Attempt): Promise<RfpRow | Refusal> {
  try {
    return await loadBuyerRfp(trx, rfpId, actor, "read:opening:own", { lock: true });
  } catch (error) {
    if (!(error instanceof DomainError) || !UUID.test(rfpId)) throw error;
    await auditBid(trx, actor, `bid.opening-${attempt}-refused`, rfpId, { reason: error.code === "not_found" ? "not-found" : "role" });
    return new Refusal(error);
  }
}

async function refuse(trx: Executor, actor: RfpActor, attempt: Attempt, rfpId: string, reason: string, error: DomainError, data: Record<string, unknown> = {}): Promise<Refusal> {
  await auditBid(trx, actor, `bid.opening-${attempt}-refused`, rfpId, { reason, ...data });
  return new Refusal(error);
}

/** Refusals every key shares: cancelled, never published, before the deadline, already opened. */
async function refuseUnlessOpenable(trx: Executor, rfp: RfpRow, { round, bidsCloseAt }: RoundDeadline, actor: RfpActor, attempt: Attempt, now: Date): Promise<Refusal | null> {
  if (rfp.cancelled_at) return refuse(trx, actor, attempt, rfp.id, "cancelled", new DomainError("conflict", OPENING_MESSAGES.cancelled));
  if (!rfp.published_at || !bidsCloseAt) return refuse(trx, actor, attempt, rfp.id, "not-published", new DomainError("conflict", OPENING_MESSAGES.notPublished));
  if (now.getTime() < bidsCloseAt.getTime()) {
    return refuse(trx, actor, attempt, rfp.id, "before-deadline", new DomainError("conflict", beforeDeadlineMessage(bidsCloseAt, now)), { at: now, deadline: bidsCloseAt, round });
  }
  const opened = await findOpeningRecord(trx, rfp.id, round);
  if (opened) return refuse(trx, actor, attempt, rfp.id, "already-opened", new DomainError("conflict", alreadyOpenedMessage(opened.opened_at)));
  return null;
}

export interface OpeningStarted {
  startedAt: Date;
  /** 1, or one more than the round's withdrawn starts. */
  attempt: number;
  /** How many second key holders were sent the notice. */
  notified: number;
}

type WithdrawalRow = NonNullable<Awaited<ReturnType<typeof findLatestStartWithdrawal>>>;

function withdrawalFacts(w: WithdrawalRow): StartWithdrawalFacts {
  return { startedByName: w.started_by_name, startedAt: w.started_at, withdrawnByName: w.withdrawn_by_name, withdrawnAt: w.withdrawn_at, reason: w.reason };
}

type Candidate = Awaited<ReturnType<typeof listSecondKeyCandidates>>[number];
const asked = (p: Candidate, startedBy: string) => asksToConfirm({ id: p.id, roles: p.roles, onPanel: p.on_panel }, startedBy);

/**
 * The pending start the person acts on, or the refusal: none pending (never started, or withdrawn
 * and not started again), or not the start their page showed (`shownAttempt`): it was withdrawn
 * and replaced since. Both are conflicts, named with who withdrew it, when and why.
 */
async function pendingStartOrRefusal(trx: Executor, rfp: RfpRow, round: number, actor: RfpActor, attempt: "confirm" | "withdraw", shownAttempt: number | undefined) {
  const start = await findOpeningStart(trx, rfp.id, round);
  if (start && (shownAttempt === undefined || shownAttempt === start.attempt)) return start;
  const withdrawal = await findLatestStartWithdrawal(trx, rfp.id, round);
  if (!start) {
    if (!withdrawal) return refuse(trx, actor, attempt, rfp.id, "not-started", new DomainError("conflict", attempt === "confirm" ? OPENING_MESSAGES.notStarted : OPENING_MESSAGES.nothingToWithdraw));
    return refuse(trx, actor, attempt, rfp.id, "withdrawn", new DomainError("conflict", withdrawnStartMessage(withdrawalFacts(withdrawal), attempt)), { withdrawnAttempt: withdrawal.attempt, shownAttempt });
  }
  // A shown attempt that is not the pending one: the start the page showed was withdrawn since.
  const replaced = withdrawal
    ? replacedStartMessage(withdrawalFacts(withdrawal), { startedByName: start.started_by_name, startedAt: start.started_at }, attempt)
    : "The opening changed since you loaded the page. Read it again before you act on it.";
  return refuse(trx, actor, attempt, rfp.id, "start-replaced", new DomainError("conflict", replaced), { shownAttempt, pendingAttempt: start.attempt });
}

/**
 * The first key: a buyer of the RFP's organisation, after the deadline. The second key holders
 * it asks (asksToConfirm) are sent a notice in the same transaction.
 */
export async function startOpening(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<OpeningStarted> {
  return inAuditedTransaction(db, async (trx) => {
    const rfp = await lockOpeningRfp(trx, rfpId, actor, "start");
    if (rfp instanceof Refusal) return rfp;
    if (!hasPermission(actor.roles, "open:bids:own")) return refuse(trx, actor, "start", rfpId, "role", new DomainError("forbidden", OPENING_MESSAGES.onlyBuyerStarts));
    const now = await databaseClock(trx);
    // The current round: 1, or the latest BAFO round (its own deadline).
    const current = await currentRoundDeadline(trx, rfp);
    const round = current.round;
    const blocked = await refuseUnlessOpenable(trx, rfp, current, actor, "start", now);
    if (blocked) return blocked;
    const start = await findOpeningStart(trx, rfpId, round);
    if (start) {
      const byActor = start.started_by === actor.id;
      return refuse(trx, actor, "start", rfpId, "already-started", new DomainError("conflict", alreadyStartedMessage(start.started_at, byActor, start.started_by_name)));
    }
    const { attempt } = await insertOpeningStart(trx, { rfpId, round, startedBy: actor.id, startedAt: now });
    const candidates = await listSecondKeyCandidates(trx, rfp.id, rfp.buyer_organisation_id);
    const starterName = candidates.find((p) => p.id === actor.id)?.name ?? actor.email;
    const notice = openingStartedNotice({ id: rfpId, label: rfpLabel(rfp), round }, { startedByName: starterName, startedAt: now });
    const notified = await notifyEach(trx, rfpId, candidates.filter((p) => asked(p, actor.id)).map((p) => p.email), notice);
    await auditBid(trx, actor, "bid.opening-started", rfpId, { round, attempt, at: now, deadline: current.bidsCloseAt, notified });
    return { startedAt: now, attempt, notified };
  });
}

export interface OpeningStartWithdrawn {
  withdrawnAt: Date;
  attempt: number;
  notified: number;
}

/**
 * Withdraws a started, unconfirmed opening (decision 007): its starter (still a buyer) or an
 * administrator of the organisation, with a reason; the start and the withdrawal stay on record
 * and a buyer may start again. The people the start asked, and the starter when someone else
 * withdrew it, are told. `input.attempt`: the start the page showed, if any.
 */
export async function withdrawOpeningStart(db: Kysely<Database>, rfpId: string, input: Partial<WithdrawStartInput> & { attempt?: number | undefined }, actor: RfpActor): Promise<OpeningStartWithdrawn> {
  return inAuditedTransaction(db, async (trx) => {
    const rfp = await lockOpeningRfp(trx, rfpId, actor, "withdraw");
    if (rfp instanceof Refusal) return rfp;
    const who = openingActor(actor);
    if (!who.mayStart && !who.mayWithdrawAny) return refuse(trx, actor, "withdraw", rfpId, "role", new DomainError("forbidden", mayNotWithdrawMessage("the buyer")));
    if (rfp.cancelled_at) return refuse(trx, actor, "withdraw", rfpId, "cancelled", new DomainError("conflict", OPENING_MESSAGES.cancelled));
    const { round } = await currentRoundDeadline(trx, rfp);
    if (await findOpeningRecord(trx, rfpId, round)) return refuse(trx, actor, "withdraw", rfpId, "already-opened", new DomainError("conflict", OPENING_MESSAGES.openedCannotWithdraw));
    const start = await pendingStartOrRefusal(trx, rfp, round, actor, "withdraw", input.attempt);
    if (start instanceof Refusal) return start;
    if (!mayWithdrawStart({ startedBy: start.started_by }, who)) {
      return refuse(trx, actor, "withdraw", rfpId, "not-starter", new DomainError("forbidden", mayNotWithdrawMessage(start.started_by_name)), { attempt: start.attempt });
    }
    const parsed = withdrawStartSchema.safeParse({ reason: input.reason });
    if (!parsed.success) return refuse(trx, actor, "withdraw", rfpId, "invalid", invalidInput(parsed.error.issues));
    const now = await databaseClock(trx);
    const { reason } = parsed.data;
    await insertStartWithdrawal(trx, { rfpId, round, attempt: start.attempt, withdrawnBy: actor.id, withdrawnAt: now, reason });
    const candidates = await listSecondKeyCandidates(trx, rfp.id, rfp.buyer_organisation_id);
    const withdrawer = candidates.find((p) => p.id === actor.id);
    const told = candidates.filter((p) => p.id !== actor.id && (p.id === start.started_by || asked(p, start.started_by)));
    const notice = openingWithdrawnNotice(
      { id: rfpId, label: rfpLabel(rfp), round },
      { startedByName: start.started_by_name, startedAt: start.started_at, withdrawnByName: withdrawer?.name ?? actor.email, withdrawnAt: now, reason },
    );
    const notified = await notifyEach(trx, rfpId, told.map((p) => p.email), notice);
    await auditBid(trx, actor, "bid.opening-withdrawn", rfpId, { round, attempt: start.attempt, startedBy: start.started_by, startedAt: start.started_at, at: now, reason, notified });
    return { withdrawnAt: now, attempt: start.attempt, notified };
  });
}

export interface OpeningConfirmed {
  openedAt: Date;
  registerHash: string;
  counts: RegisterCounts;
}

/**
 * The second key: a different buyer-side person (buyer, evaluator or admin) of the same
 * organisation. Writes the register and the opening in one transaction. `shown.attempt`: the
 * start the page showed; a start withdrawn since (replaced or not) is refused, never confirmed.
 */
export async function confirmOpening(db: Kysely<Database>, rfpId: string, actor: RfpActor, shown: { attempt?: number | undefined } = {}): Promise<OpeningConfirmed> {
  return inAuditedTransaction(db, async (trx) => {
    const rfp = await lockOpeningRfp(trx, rfpId, actor, "confirm");
    if (rfp instanceof Refusal) return rfp;
    if (!hasPermission(actor.roles, "confirm:opening:own")) return refuse(trx, actor, "confirm", rfpId, "role", new DomainError("forbidden", OPENING_MESSAGES.mayNotConfirm));
    const now = await databaseClock(trx);
    const current = await currentRoundDeadline(trx, rfp);
    const round = current.round;
    const blocked = await refuseUnlessOpenable(trx, rfp, current, actor, "confirm", now);
    if (blocked) return blocked;
    const start = await pendingStartOrRefusal(trx, rfp, round, actor, "confirm", shown.attempt);
    if (start instanceof Refusal) return start;
    if (start.started_by === actor.id) return refuse(trx, actor, "confirm", rfpId, "same-person", new DomainError("forbidden", OPENING_MESSAGES.samePerson));

    // The seal is checked again in the statement that reads the content.
    const contents = await readContentsForOpening(trx, rfpId, actor.id, round);
    if (contents.sealed) return refuse(trx, actor, "confirm", rfpId, "sealed", new DomainError("conflict", OPENING_MESSAGES.notStarted));
    const versions = contents.bids.map((b) => ({
      vendorOrganisationId: b.vendorOrganisationId,
      vendorName: b.vendorName,
      versionNumber: b.versionNumber,
      receivedAt: b.receivedAt,
      storedHash: b.contentHash,
      // The stored content exactly as stored (not re-parsed, which could drop a planted key).
      recomputedHash: contentHash(b.content as BidContent),
      lastWithdrawal: b.lastWithdrawal,
    }));
    const entries = buildRegisterEntries(versions, await listRefusedLateSubmissions(trx, rfpId, round));
    const registerHash = sha256(registerCanonicalJson(rfpId, round, entries));
    await insertOpening(trx, { rfpId, round, openedAt: now, openedBy: actor.id, startedAt: start.started_at, startedBy: start.started_by, registerHash });
    await insertRegisterRows(trx, rfpId, round, entries);
    const counts = registerCounts(entries);
    await auditBid(trx, actor, "bid.opening-confirmed", rfpId, { round, attempt: start.attempt, at: now, startedBy: start.started_by, startedAt: start.started_at, registerHash, ...counts });
    // A BAFO round: scores of bundles the vendor left exactly as they were carry over.
    if (round > 1) await carryOverUnchangedScores(trx, rfpId, round, contents.bids, actor);
    return { openedAt: now, registerHash, counts };
  });
}

export interface RegisterRowView extends RegisterEntry {
  /** The buyer's decision on a held-out bid, once recorded. */
  decision: { decision: HeldOutDecision; reason: string; decidedAt: Date; decidedBy: string } | null;
  /** A hash mismatch without a decision yet: nobody evaluates it until the buyer decides. */
  heldOut: boolean;
}

export interface OpeningRegisterView {
  rfp: { id: string; title: string; reference: string; state: RfpState; bidsCloseAt: Date | null; cancelledAt: Date | null };
  /** The round shown: the current one (1, or the latest BAFO round). */
  round: number;
  /** The database clock when the page was read. */
  now: Date;
  stage: OpeningStage;
  /** The pending start (not withdrawn); `attempt` goes back with a confirmation or a withdrawal. */
  start: { attempt: number; startedAt: Date; startedBy: string; startedByYou: boolean } | null;
  /** The round's newest withdrawn start, shown while nothing replaced it (and kept on record after). */
  lastWithdrawal: (StartWithdrawalFacts & { attempt: number }) | null;
  opening: { openedAt: Date; openedBy: string; startedAt: Date | null; startedBy: string; registerHash: string | null; registerHashVerified: boolean } | null;
  register: RegisterRowView[];
  counts: RegisterCounts | null;
  actions: OpeningActions & { canDecide: boolean };
}

function storedEntry(row: Awaited<ReturnType<typeof listRegisterRows>>[number]): RegisterEntry {
  const late = Array.isArray(row.late_attempts) ? (row.late_attempts as LateAttempt[]) : [];
  return {
    vendorOrganisationId: row.vendor_organisation_id,
    vendorName: row.vendor_name,
    status: row.status,
    versionNumber: row.version_number,
    receivedAt: row.received_at,
    storedHash: row.stored_hash,
    recomputedHash: row.recomputed_hash,
    withdrawnAt: row.withdrawn_at,
    lateAttempts: late.map((a) => ({ at: String(a.at), reason: String(a.reason) })),
  };
}

/**
 * The opening page: the stage, both keys, and once opened the register. Reads only, in one
 * statement (readOpeningPage); once opened, the register's read is audited after it (the append
 * is its own transaction).
 */
export async function getOpeningRegister(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<OpeningRegisterView> {
  // loadBuyerRfp's checks, in its order, on the row read with everything else.
  assertId(rfpId);
  if (actor.organisation.kind !== "buyer") throw new DomainError("not_found", RFP_NOT_FOUND);
  const page = await readOpeningPage(db, rfpId);
  const rfp = checkBuyerRfp(page?.rfp, actor, "read:opening:own");
  const { now, round, start, opening: opened } = page!;
  const stage = openingStage({ publishedAt: rfp.published_at, cancelledAt: rfp.cancelled_at, bidsCloseAt: page!.bidsCloseAt, now, start: start ? { startedBy: start.started_by, startedAt: start.started_at } : null, openedAt: opened?.opened_at ?? null });
  const actions = openingActions(stage, start ? { startedBy: start.started_by, startedAt: start.started_at } : null, openingActor(actor));
  let register: RegisterRowView[] = [];
  let counts: RegisterCounts | null = null;
  let opening: OpeningRegisterView["opening"] = null;
  if (opened) {
    const decisions = new Map(page!.decisions.map((d) => [d.vendor_organisation_id, d]));
    const entries = page!.register.map(storedEntry);
    counts = registerCounts(entries);
    register = entries.map((e) => {
      const d = decisions.get(e.vendorOrganisationId);
      return {
        ...e,
        decision: d ? { decision: d.decision, reason: d.reason, decidedAt: d.decided_at, decidedBy: d.decided_by_name } : null,
        heldOut: e.status === "hash-mismatch" && !d,
      };
    });
    opening = {
      openedAt: opened.opened_at,
      openedBy: opened.opened_by_name ?? "unknown",
      startedAt: opened.started_at,
      startedBy: opened.started_by_name ?? "unknown",
      registerHash: opened.register_hash,
      // Anyone can recompute the printed hash from the stored rows; the page says whether it still holds.
      registerHashVerified: opened.register_hash === sha256(registerCanonicalJson(rfpId, round, entries)),
    };
    await auditBid(db, actor, "bid.opening-register-read", rfpId, { round, rows: entries.length, registerHashVerified: opening.registerHashVerified });
  }
  return {
    rfp: {
      id: rfp.id,
      title: rfp.title,
      reference: rfp.reference,
      state: deriveRfpState(page!.facts, now),
      bidsCloseAt: page!.bidsCloseAt,
      cancelledAt: rfp.cancelled_at,
    },
    round,
    now,
    stage,
    start: start ? { attempt: start.attempt, startedAt: start.started_at, startedBy: start.started_by_name, startedByYou: start.started_by === actor.id } : null,
    lastWithdrawal: page!.lastWithdrawal ? { attempt: page!.lastWithdrawal.attempt, ...withdrawalFacts(page!.lastWithdrawal) } : null,
    opening,
    register,
    counts,
    actions: { ...actions, canDecide: Boolean(opened) && hasPermission(actor.roles, "open:bids:own") && register.some((r) => r.heldOut) },
  };
}

/** The buyer admits or excludes a held-out bid (hash mismatch), once, with a reason. */
export async function decideHeldOutBid(
  db: Kysely<Database>,
  rfpId: string,
  vendorOrganisationId: string,
  input: Omit<DecideHeldOutBidInput, "vendorOrganisationId">,
  actor: RfpActor,
): Promise<{ decision: HeldOutDecision; decidedAt: Date }> {
  return inAuditedTransaction(db, async (trx) => {
    const rfp = await lockOpeningRfp(trx, rfpId, actor, "decision");
    if (rfp instanceof Refusal) return rfp;
    if (!hasPermission(actor.roles, "open:bids:own")) return refuse(trx, actor, "decision", rfpId, "role", new DomainError("forbidden", OPENING_MESSAGES.onlyBuyerDecides));
    const parsed = decideHeldOutBidSchema.safeParse({ ...input, vendorOrganisationId });
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
      return refuse(trx, actor, "decision", rfpId, "invalid", new DomainError("invalid", Object.values(fieldErrors).flat().join(" "), fieldErrors));
    }
    const round = (await currentRoundDeadline(trx, rfp)).round;
    const opened = await findOpeningRecord(trx, rfpId, round);
    if (!opened) return refuse(trx, actor, "decision", rfpId, "not-opened", new DomainError("conflict", OPENING_MESSAGES.notOpened));
    const row = await findRegisterRow(trx, rfpId, vendorOrganisationId, round);
    if (!row) return refuse(trx, actor, "decision", rfpId, "unknown-bidder", new DomainError("not_found", OPENING_MESSAGES.unknownBidder));
    if (row.status !== "hash-mismatch") return refuse(trx, actor, "decision", rfpId, "not-held-out", new DomainError("conflict", OPENING_MESSAGES.notHeldOut), { vendorOrganisationId });
    const earlier = (await listOpeningDecisions(trx, rfpId, round)).find((d) => d.vendor_organisation_id === vendorOrganisationId);
    if (earlier) {
      return refuse(trx, actor, "decision", rfpId, "already-decided", new DomainError("conflict", alreadyDecidedMessage(earlier.decision, earlier.decided_at)), { vendorOrganisationId });
    }
    const decidedAt = await databaseClock(trx);
    const { decision, reason } = parsed.data;
    await insertOpeningDecision(trx, { rfpId, round, vendorOrganisationId, decision, reason, decidedBy: actor.id, decidedAt });
    await auditBid(trx, actor, "bid.opening-decision-recorded", rfpId, { round, vendorOrganisationId, vendorName: row.vendor_name, decision, reason });
    return { decision, decidedAt };
  });
}

export interface OpeningToConfirm {
  rfpId: string;
  title: string;
  reference: string;
  round: number;
  startedAt: Date;
  startedBy: string;
}

/**
 * Of the organisation's pending openings (read with the dashboard's one statement), those that ask
 * this person to confirm them (asksToConfirm: the dashboard's line beside the notice), oldest first.
 */
export function openingsToConfirmOf(actor: Pick<RfpActor, "id" | "roles">, pending: readonly PendingOpening[]): OpeningToConfirm[] {
  return pending
    .filter((r) => asksToConfirm({ id: actor.id, roles: actor.roles, onPanel: r.on_panel }, r.started_by))
    .map((r) => ({ rfpId: r.rfp_id, title: r.title, reference: r.reference, round: r.round, startedAt: r.started_at, startedBy: r.started_by_name }));
}

interface PendingOpening {
  rfp_id: string;
  title: string;
  reference: string;
  round: number;
  started_at: Date;
  started_by: string;
  started_by_name: string;
  on_panel: boolean;
}
