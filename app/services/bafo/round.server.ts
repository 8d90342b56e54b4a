// The buyer's BAFO round: after round N−1 is opened and evaluated (a snapshot exists), a buyer
// of the RFP's organisation shortlists bidders of that round (a reason each), sets a deadline
// in the future by the database clock and sends each shortlisted vendor a conditional ask,
// built from one of the engine's counter-package suggestions for it or written freely. One
// transaction writes the round, the shortlist, the asks, the notices (the ask to each
// shortlisted vendor; "not shortlisted" to the other bidders, nothing of anyone else) and the
// audit row; a refused attempt commits only its audit row.
import type { Kysely } from "kysely";
import { hasLiveAward, insertAsk, insertBafoRound, insertShortlist, listAsks, listShortlist } from "../../../db/queries/bafo";
import { databaseClock } from "../../../db/queries/bids";
import { listAdmittedBidders } from "../../../db/queries/evaluation-access";
import { findSnapshotHead, findSnapshotTexts } from "../../../db/queries/evaluation-snapshot-bundles";
import type { Executor } from "../../../db/queries/executor";
import { readRfpLifecycleFacts } from "../../../db/queries/rfp-lifecycle";
import { vendorOrganisationEmails } from "../../../db/queries/rfp-vendors";
import type { RfpRow } from "../../../db/queries/rfps";
import type { Database } from "../../../db/schema";
import { conditionalAskWords, type IssueTerms } from "../../domain/bafo/insight-words";
import { askSentence, splitConditionalAsk, type ConditionalAsk, type CreateBafoRoundInput } from "../../domain/bafo/round";
import { formatExactInstant } from "../../domain/bids/state";
import { formatInstant } from "../../domain/rfp/format";
import { DomainError } from "../../domain/errors";
import type { VendorMesoInsight } from "../../domain/evaluation";
import { deriveRfpState, RFP_STATE_LABELS, type RfpState } from "../../domain/rfp/state";
import { inAuditedTransaction, Refusal } from "../bids/access.server";
import { auditRfp, loadBuyerRfp, rfpLabel, type RfpActor } from "../rfps/access.server";
import { notifyEach } from "../rfps/notify.server";
import { currentRound, latestOpenedRound } from "./rounds.server";

export interface BafoSuggestion {
  index: number;
  /** The engine's ask as one sentence, and cut into its two parts (null if it is not in that form). */
  ask: string;
  parts: ConditionalAsk | null;
  baseSlotId: string;
  gain: number;
  zoneOfAgreement: "likely" | "unlikely" | "unknown";
}

export interface BafoCandidate {
  vendorOrganisationId: string;
  vendorName: string;
  suggestions: BafoSuggestion[];
}

export interface BafoRoundRecord {
  round: number;
  bidsCloseAt: Date;
  note: string;
  createdAt: Date;
  shortlist: { vendorOrganisationId: string; vendorName: string; reason: string; asks: { ifWe: string; couldYou: string; source: "suggestion" | "free" }[] }[];
}

export interface BafoPageView {
  rfp: { id: string; title: string; reference: string; currency: string };
  state: RfpState;
  now: Date;
  /** The round bids are taken in now (1 until a BAFO round exists). */
  currentRound: number;
  /** The newest opened round: a new BAFO round follows it. */
  openedRound: number | null;
  /** Why no round can be started now; null when one can. */
  blocked: string | null;
  /** Bidders of the opened round (whom a new round may shortlist), with the engine's suggestions. */
  candidates: BafoCandidate[];
  rounds: BafoRoundRecord[];
}

export const BAFO_MESSAGES = {
  notOpened: "A BAFO round follows an opened round: open the bids first.",
  noSnapshot: (round: number) => `Run the evaluation of round ${round} first (Consensus tab): the shortlist and the asks are built on its results.`,
  deadlineInPast: (deadline: Date, now: Date) => `The BAFO deadline must be in the future: ${formatExactInstant(deadline)} is not after the database clock now, ${formatExactInstant(now)}.`,
  notABidder: (round: number) => `Only bidders of round ${round} whose bids were admitted at its opening can be shortlisted.`,
  noSuchSuggestion: "There is no such engine suggestion for this vendor: choose another or write the ask yourself.",
  awardProposed: "An award is proposed for this RFP: a BAFO round can start only if that proposal is cancelled.",
} as const;

/** Why no round can start in this state; `latestRound` is the newest round's number (a running BAFO round's). */
function stateRefusal(state: RfpState, latestRound: number): string {
  if (state === "bafo-open") return `Round ${latestRound} is open for bids: another round can start once its deadline has passed and its bids are opened.`;
  if (state === "bafo-closed") return `Round ${latestRound}'s deadline has passed: open its bids (Bid opening tab) and evaluate them before starting another round.`;
  return `This RFP is "${RFP_STATE_LABELS[state]}": a BAFO round can be started only once a round's bids are opened and before the award.`;
}

/** The engine's suggestions per vendor, from the newest snapshot of the round (none without one). */
async function suggestionsOf(db: Executor, rfpId: string, round: number): Promise<{ snapshotId: string; byVendor: Map<string, VendorMesoInsight["suggestions"]> } | null> {
  const head = await findSnapshotHead(db, rfpId, round, null);
  if (!head) return null;
  const { input_json, result_json } = await findSnapshotTexts(db, head.id);
  const meso = (JSON.parse(result_json) as { meso?: VendorMesoInsight[] }).meso ?? [];
  // The asks in words (a contract term of 48 months, not "Contract term 48 months"), from the issues the run was given.
  const terms = JSON.parse(input_json) as IssueTerms;
  return { snapshotId: head.id, byVendor: new Map(meso.map((m) => [m.vendorId, m.suggestions.map((s) => ({ ...s, ask: conditionalAskWords(s, terms) }))])) };
}

async function roundRecords(db: Executor, rfpId: string, upTo: number, createdRounds: readonly { round: number; bids_close_at: Date; note: string; created_at: Date }[]): Promise<BafoRoundRecord[]> {
  const asks = await listAsks(db, rfpId);
  const records: BafoRoundRecord[] = [];
  for (const r of createdRounds.filter((x) => x.round <= upTo)) {
    const shortlist = await listShortlist(db, rfpId, r.round);
    records.push({
      round: r.round,
      bidsCloseAt: r.bids_close_at,
      note: r.note,
      createdAt: r.created_at,
      shortlist: shortlist.map((s) => ({
        vendorOrganisationId: s.vendor_organisation_id,
        vendorName: s.vendor_name,
        reason: s.reason,
        asks: asks.filter((a) => a.round === r.round && a.vendor_organisation_id === s.vendor_organisation_id).map((a) => ({ ifWe: a.if_we, couldYou: a.could_you, source: a.source })),
      })),
    });
  }
  return records;
}

/** What blocks a new round now, or null: the state, and a snapshot of the opened round. */
async function blockOf(db: Executor, rfp: RfpRow, now: Date): Promise<{ blocked: string | null; state: RfpState; openedRound: number | null }> {
  const facts = await readRfpLifecycleFacts(db, rfp.id);
  const state = deriveRfpState(facts, now);
  const openedRound = await latestOpenedRound(db, rfp.id);
  if (state !== "opened" || openedRound === null) return { blocked: openedRound === null ? BAFO_MESSAGES.notOpened : stateRefusal(state, facts.bafo?.round ?? 1), state, openedRound };
  if (await hasLiveAward(db, rfp.id)) return { blocked: BAFO_MESSAGES.awardProposed, state, openedRound };
  if (!(await findSnapshotHead(db, rfp.id, openedRound, null))) return { blocked: BAFO_MESSAGES.noSnapshot(openedRound), state, openedRound };
  return { blocked: null, state, openedRound };
}

/** The BAFO page: past rounds with their shortlists and asks, and what a new round may use. */
export async function getBafoPage(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<BafoPageView> {
  return db.transaction().execute(async (trx) => {
    const rfp = await loadBuyerRfp(trx, rfpId, actor, "manage:bafo:own");
    const now = await databaseClock(trx);
    const { blocked, state, openedRound } = await blockOf(trx, rfp, now);
    const candidates: BafoCandidate[] = [];
    if (openedRound !== null && !blocked) {
      const suggestions = await suggestionsOf(trx, rfpId, openedRound);
      for (const b of await listAdmittedBidders(trx, rfpId, openedRound)) {
        candidates.push({
          vendorOrganisationId: b.vendorOrganisationId,
          vendorName: b.vendorName,
          suggestions: (suggestions?.byVendor.get(b.vendorOrganisationId) ?? []).map((s, index) => ({
            index,
            ask: s.ask,
            parts: splitConditionalAsk(s.ask),
            baseSlotId: s.baseSlotId,
            gain: s.gain,
            zoneOfAgreement: s.zoneOfAgreement,
          })),
        });
      }
    }
    const created = await trx.selectFrom("bafo_rounds").select(["round", "bids_close_at", "note", "created_at"]).where("rfp_id", "=", rfpId).orderBy("round").execute();
    await auditRfp(trx, actor, "bafo.page-read", rfpId, { openedRound, rounds: created.length });
    return {
      rfp: { id: rfp.id, title: rfp.title, reference: rfp.reference, currency: rfp.currency },
      state,
      now,
      currentRound: await currentRound(trx, rfpId),
      openedRound,
      blocked,
      candidates,
      rounds: await roundRecords(trx, rfpId, Number.MAX_SAFE_INTEGER, created),
    };
  });
}

/** The engine's asks of each candidate in its two parts, for the form parser (ids as Map keys). */
export function suggestionAsksOf(view: Pick<BafoPageView, "candidates">): Map<string, (ConditionalAsk | null)[]> {
  return new Map(view.candidates.map((c) => [c.vendorOrganisationId, c.suggestions.map((s) => s.parts)]));
}

function shortlistedNotice(rfp: RfpRow, buyer: string, round: number, bidsCloseAt: Date, asks: readonly ConditionalAsk[]) {
  const lines = asks.map((a) => `  ${askSentence(a)}`).join("\n");
  return {
    kind: "bafo.shortlisted",
    subject: `Best and final offer, round ${round}: ${rfpLabel(rfp)}`,
    body:
      `${buyer} has shortlisted you for a best-and-final-offer (BAFO) round, round ${round}, of "${rfpLabel(rfp)}".\n\n` +
      `Their conditional ask:\n${lines}\n\n` +
      `Before ${formatInstant(bidsCloseAt)}, submit a new sealed three-bundle bid for round ${round}, or confirm your round-${round - 1} bid unchanged: /opportunities/${rfp.id}\n` +
      `Without either, your bid is not in round ${round}'s ranking.\n`,
  };
}

function notShortlistedNotice(rfp: RfpRow, buyer: string, round: number) {
  return {
    kind: "bafo.not-shortlisted",
    subject: `Not shortlisted for the BAFO round: ${rfpLabel(rfp)}`,
    body:
      `${buyer} has started a best-and-final-offer (BAFO) round, round ${round}, of "${rfpLabel(rfp)}" with a shortlist of bidders.\n\n` +
      `Your bid is not on the shortlist. It stays on record as it was opened; there is nothing for you to do now. You will be told the outcome of the award.\n`,
  };
}

export interface BafoRoundCreated {
  round: number;
  bidsCloseAt: Date;
  shortlisted: number;
  notified: number;
}

/** Starts round N (N−1 is the newest opened round): shortlist, deadline, asks, notices, audit. */
export async function createBafoRound(db: Kysely<Database>, rfpId: string, input: CreateBafoRoundInput, actor: RfpActor): Promise<BafoRoundCreated> {
  return inAuditedTransaction(db, async (trx) => {
    // Locked for update: submissions (which share-lock the RFP) wait for the new round, and a second BAFO attempt waits.
    const rfp = await loadBuyerRfp(trx, rfpId, actor, "manage:bafo:own", { lock: true });
    const now = await databaseClock(trx);
    const refuse = async (reason: string, error: DomainError, data: Record<string, unknown> = {}) => {
      await auditRfp(trx, actor, "bafo.round-refused", rfpId, { reason, ...data });
      return new Refusal(error);
    };
    const { blocked, state, openedRound } = await blockOf(trx, rfp, now);
    if (blocked || openedRound === null) return refuse("state", new DomainError("conflict", blocked ?? BAFO_MESSAGES.notOpened), { state });
    const round = openedRound + 1;
    if (input.bidsCloseAt.getTime() <= now.getTime()) {
      const message = BAFO_MESSAGES.deadlineInPast(input.bidsCloseAt, now);
      return refuse("deadline-in-past", new DomainError("invalid", message, { bidsCloseAt: [message] }), { deadline: input.bidsCloseAt, at: now });
    }
    const bidders = new Map((await listAdmittedBidders(trx, rfpId, openedRound)).map((b) => [b.vendorOrganisationId, b.vendorName]));
    const strangers = input.shortlist.filter((e) => !bidders.has(e.vendorOrganisationId));
    if (strangers.length > 0) {
      const message = BAFO_MESSAGES.notABidder(openedRound);
      return refuse("not-a-bidder", new DomainError("invalid", message, { shortlist: [message] }), { vendors: strangers.map((e) => e.vendorOrganisationId) });
    }
    const suggestions = await suggestionsOf(trx, rfpId, openedRound);
    const chosen = new Map<string, unknown>();
    for (const e of input.shortlist) {
      if (e.suggestionIndex === null) continue;
      const suggestion = suggestions?.byVendor.get(e.vendorOrganisationId)?.[e.suggestionIndex];
      if (!suggestion) return refuse("no-such-suggestion", new DomainError("invalid", BAFO_MESSAGES.noSuchSuggestion, { [`ask:${e.vendorOrganisationId}`]: [BAFO_MESSAGES.noSuchSuggestion] }));
      chosen.set(e.vendorOrganisationId, { snapshotId: suggestions!.snapshotId, index: e.suggestionIndex, ...suggestion });
    }

    await insertBafoRound(trx, { rfpId, round, bidsCloseAt: input.bidsCloseAt, note: input.note, createdBy: actor.id });
    await insertShortlist(trx, rfpId, round, input.shortlist.map((e) => ({ vendorOrganisationId: e.vendorOrganisationId, reason: e.reason })));
    for (const e of input.shortlist) {
      await insertAsk(trx, { rfpId, round, vendorOrganisationId: e.vendorOrganisationId, ifWe: e.ask.ifWe, couldYou: e.ask.couldYou, source: chosen.has(e.vendorOrganisationId) ? "suggestion" : "free", suggestion: chosen.get(e.vendorOrganisationId) ?? null, createdBy: actor.id });
    }

    let notified = 0;
    const shortlisted = new Set(input.shortlist.map((e) => e.vendorOrganisationId));
    for (const e of input.shortlist) {
      notified += await notifyEach(trx, rfpId, await vendorOrganisationEmails(trx, e.vendorOrganisationId), shortlistedNotice(rfp, actor.organisation.name, round, input.bidsCloseAt, [e.ask]));
    }
    for (const vendorId of bidders.keys()) {
      if (!shortlisted.has(vendorId)) notified += await notifyEach(trx, rfpId, await vendorOrganisationEmails(trx, vendorId), notShortlistedNotice(rfp, actor.organisation.name, round));
    }
    await auditRfp(trx, actor, "bafo.round-created", rfpId, {
      round,
      fromRound: openedRound,
      deadline: input.bidsCloseAt,
      note: input.note,
      shortlist: input.shortlist.map((e) => ({ vendorOrganisationId: e.vendorOrganisationId, vendorName: bidders.get(e.vendorOrganisationId), reason: e.reason, source: chosen.has(e.vendorOrganisationId) ? "suggestion" : "free", ask: askSentence(e.ask) })),
      notShortlisted: [...bidders.keys()].filter((v) => !shortlisted.has(v)),
      notified,
    });
    return { round, bidsCloseAt: input.bidsCloseAt, shortlisted: input.shortlist.length, notified };
  });
}
