// The buyer's views of RFPs. The confidential position is read only for users of the owning
// buyer organisation with `read:confidential:own`; evaluators see everything else.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { Executor } from "../../../db/queries/executor";
import { listOrganisationRfpsWithFacts, readRfpWorkspaceRow } from "../../../db/queries/rfp-lifecycle";
import { countRfpActivity, definitionOfLazily, findConfidential } from "../../../db/queries/rfps";
import { listParticipantsWithSubmissionFacts } from "../../../db/queries/bids";
import { listAddenda } from "../../../db/queries/rfp-addenda";
import { listQuestionsForBuyer } from "../../../db/queries/rfp-questions";
import { listInvitations, listParticipants } from "../../../db/queries/rfp-vendors";
import { deriveBidState, type BidState } from "../../domain/bids/state";
import { hasPermission, type Permission } from "../../domain/permissions";
import type { RfpChange } from "../../domain/rfp/diff";
import { nextStep, type NextStep } from "../../domain/rfp/next-step";
import type { VendorScoringPreview } from "../../domain/rfp/preview";
import { checkRfpForPublishing, type PublishProblem } from "../../domain/rfp/publish-check";
import type { RfpConfidential, RfpDefinition } from "../../domain/rfp/sections";
import { awardProposed, currentDeadline, deriveRfpState, type RfpState } from "../../domain/rfp/state";
import { assertId, checkBuyerRfp, loadBuyerRfp, requireBuyer, type RfpActor } from "./access.server";
import { scoringInWords } from "./read-vendor.server";

export interface BuyerRfpSummary {
  id: string;
  title: string;
  reference: string;
  state: RfpState;
  /** Its next step as a link: the tab and the link's words (null for a draft or a cancelled RFP; the overview says it in full). */
  next: Pick<NextStep, "tab" | "link" | "started"> | null;
  /** A live award is proposed and waits for approval (the state stays opened; the badge says so). */
  awardProposed: boolean;
  /** Round 1's deadline. */
  bidsCloseAt: Date | null;
  /** The newest round's deadline (a BAFO round's once one is started), with its number. */
  deadline: { round: number; at: Date | null; passed: boolean };
  questionsCloseAt: Date | null;
  publishedAt: Date | null;
  isPublic: boolean;
  invitationCount: number;
  unansweredQuestions: number;
  updatedAt: Date;
}

export async function listRfpsForBuyer(db: Kysely<Database>, actor: RfpActor): Promise<BuyerRfpSummary[]> {
  requireBuyer(actor, "read:rfp:own");
  // The list, its counts, every RFP's clock facts and the clock, in one statement.
  const rows = await listOrganisationRfpsWithFacts(db, actor.organisation.id);
  return rows.map((r) => {
    const state = deriveRfpState(r.facts, r.x_now);
    const round = r.bafo_round === null ? 1 : Number(r.bafo_round);
    const next = nextStep({ state, round, unansweredQuestions: Number(r.unanswered_questions ?? 0), ...r.progress }, "buyer", actor.id);
    return {
      id: r.id,
      title: r.title,
      reference: r.reference,
      state,
      next: next && { tab: next.tab, link: next.link, ...(next.started ? { started: next.started } : {}) },
      awardProposed: r.progress.award?.status === "proposed",
      bidsCloseAt: r.bids_close_at,
      deadline: currentDeadline(r.facts, r.x_now),
      questionsCloseAt: r.questions_close_at,
      publishedAt: r.published_at,
      isPublic: r.is_public,
      invitationCount: Number(r.invitation_count ?? 0),
      unansweredQuestions: Number(r.unanswered_questions ?? 0),
      updatedAt: r.updated_at,
    };
  });
}

export interface BuyerRfpView {
  id: string;
  /** Send it back with every save (optimistic concurrency). */
  version: number;
  state: RfpState;
  template: string | null;
  copiedFromRfpId: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  cancelledAt: Date | null;
  cancellationReason: string | null;
  definition: RfpDefinition;
  /** Exactly what vendors will read about scoring. */
  vendorPreview: VendorScoringPreview;
  /** While a draft: what still stops publication, by section. */
  publishProblems: PublishProblem[];
  canReadConfidential: boolean;
  /** The deadline of the newest round (a BAFO round's once one is started), with its number. */
  deadline: { round: number; at: Date | null; passed: boolean };
  /** A live award is proposed and waits for approval (the state stays opened; the badge says so). */
  awardProposed: boolean;
  /** null for users without `read:confidential:own` (evaluators). */
  confidential: RfpConfidential | null;
  invitations: { email: string; invitedAt: Date; sentAt: Date | null; acceptedAt: Date | null; vendorOrganisation: string | null }[];
  vendors: {
    organisationId: string;
    name: string;
    joinedVia: "invitation" | "public";
    openedAt: Date | null;
    intendsToBid: boolean | null;
    intentDeclaredAt: Date | null;
    /** The envelope's facts (never content), for those who may list submissions; null for others. */
    bid: { state: BidState; lastVersion: number | null; lastReceivedAt: Date | null } | null;
  }[];
  questions: { id: string; question: string; askedAt: Date; askedBy: string; answer: string | null; visibility: "private" | "published" | null; publishedQuestion: string | null; answeredAt: Date | null }[];
  addenda: {
    id: string;
    number: number;
    kind: "amendment" | "deadline_extension";
    reason: string;
    changes: RfpChange[];
    issuedAt: Date;
    bidsNeedConfirmation: boolean;
    acknowledgedBy: { organisationId: string; name: string; at: Date }[];
    awaitingAcknowledgement: string[];
  }[];
}

/**
 * What every tab of the RFP workspace needs (its header, the tabs' problem marks, the sections'
 * forms): the RFP's definition, state and version. The lists (invitations, vendors, questions,
 * addenda) and the confidential position are read only by the tabs that show them
 * (getRfpForBuyer): the workspace layout runs on every tab.
 */
export type RfpWorkspaceView = Omit<BuyerRfpView, "confidential" | "invitations" | "vendors" | "questions" | "addenda">;

/** The workspace without the vendors' scoring preview (only the preview and criteria tabs show it: describeScoringForVendors). */
export type RfpWorkspaceCore = Omit<RfpWorkspaceView, "vendorPreview">;

/** The workspace's one read: the RFP as every tab needs it, and what decides the tabs a reader sees. */
export interface RfpWorkspaceRead {
  view: RfpWorkspaceCore;
  /** The reader sits on the RFP's evaluation panel. */
  onPanel: boolean;
  /** The latest round with a BAFO row, else 1. */
  currentRound: number;
}

export async function getRfpWorkspace(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<RfpWorkspaceView> {
  const { view } = await readWorkspace(db, rfpId, actor);
  return { ...view, vendorPreview: scoringInWords(view.definition) };
}

/**
 * The RFP workspace in one statement (the RFP, the clock, its lifecycle facts, the reader's panel
 * seat, the current round and a draft's invitations), with loadBuyerRfp's checks for `permission`.
 */
export async function readRfpWorkspace(db: Kysely<Database>, rfpId: string, actor: RfpActor, permission: Permission = "read:rfp:own"): Promise<RfpWorkspaceRead> {
  return readWorkspace(db, rfpId, actor, permission);
}

async function readWorkspace(db: Executor, rfpId: string, actor: RfpActor, permission: Permission = "read:rfp:own"): Promise<RfpWorkspaceRead> {
  assertId(rfpId);
  const found = actor.organisation.kind === "buyer" ? await readRfpWorkspaceRow(db, rfpId, actor.id) : undefined;
  const row = checkBuyerRfp(found?.row, actor, permission);
  const { now, facts, onPanel, currentRound, invitationCount } = found!.workspace;
  // Each section is validated when a tab first reads it (most tabs show one).
  const definition = definitionOfLazily(row);
  const state = deriveRfpState(facts, now);
  const view: RfpWorkspaceCore = {
    id: row.id,
    version: row.version,
    state,
    template: row.template,
    copiedFromRfpId: row.copied_from_rfp_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    cancelledAt: row.cancelled_at,
    cancellationReason: row.cancellation_reason,
    definition,
    publishProblems: state === "draft" ? checkRfpForPublishing(definition, { now, invitationCount: invitationCount ?? 0 }) : [],
    canReadConfidential: hasPermission(actor.roles, "read:confidential:own"),
    deadline: currentDeadline(facts, now),
    awardProposed: awardProposed(facts),
  };
  return { view, onPanel, currentRound };
}

/** The overview tab's figures: invitations, questions and unanswered questions, and where the evaluation and award stand. */
export async function getRfpActivity(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<Awaited<ReturnType<typeof countRfpActivity>>> {
  await loadBuyerRfp(db, rfpId, actor, "read:rfp:own");
  return countRfpActivity(db, rfpId);
}

/** The confidential tab's position (reservation price, BATNA): null for users without `read:confidential:own`. */
export async function getRfpConfidential(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<RfpConfidential | null> {
  await loadBuyerRfp(db, rfpId, actor, "read:rfp:own");
  return hasPermission(actor.roles, "read:confidential:own") ? findConfidential(db, rfpId) : null;
}

/**
 * The tabs' own reads after the workspace read (`checked`: readRfpWorkspace for this actor, which
 * made loadBuyerRfp's checks), so a tab does not read the RFP a second time.
 */
export const workspaceTabReads = {
  activity: (db: Kysely<Database>, checked: RfpWorkspaceRead) => countRfpActivity(db, checked.view.id),
  confidential: async (db: Kysely<Database>, checked: RfpWorkspaceRead, actor: RfpActor): Promise<RfpConfidential | null> =>
    hasPermission(actor.roles, "read:confidential:own") ? findConfidential(db, checked.view.id) : null,
  vendors: async (db: Kysely<Database>, checked: RfpWorkspaceRead, actor: RfpActor): Promise<Pick<BuyerRfpView, "invitations" | "vendors">> => {
    const { invitations, vendors } = await readParticipation(db, checked.view.id, actor);
    return { invitations, vendors };
  },
  addenda: async (db: Kysely<Database>, checked: RfpWorkspaceRead): Promise<BuyerRfpView["addenda"]> => readAddenda(db, checked.view.id, await listParticipants(db, checked.view.id)),
  questions: async (db: Kysely<Database>, checked: RfpWorkspaceRead): Promise<BuyerRfpView["questions"]> => questionsOf(await listQuestionsForBuyer(db, checked.view.id)),
};

function questionsOf(questions: Awaited<ReturnType<typeof listQuestionsForBuyer>>): BuyerRfpView["questions"] {
  return questions.map((q) => ({ id: q.id, question: q.question, askedAt: q.asked_at, askedBy: q.vendor_organisation_name, answer: q.answer, visibility: q.answer_visibility, publishedQuestion: q.published_question, answeredAt: q.answered_at }));
}

export async function getRfpForBuyer(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<BuyerRfpView> {
  return db.transaction().execute(async (trx) => {
    const { view: workspace } = await readWorkspace(trx, rfpId, actor);
    const participation = await readParticipation(trx, rfpId, actor);
    const questions = await listQuestionsForBuyer(trx, rfpId);
    return {
      ...workspace,
      vendorPreview: scoringInWords(workspace.definition),
      confidential: workspace.canReadConfidential ? await findConfidential(trx, rfpId) : null,
      invitations: participation.invitations,
      vendors: participation.vendors,
      questions: questionsOf(questions),
      addenda: await readAddenda(trx, rfpId, participation.participants),
    };
  });
}

/** The vendors tab: who was invited, who takes part, and (for those who may list submissions) each bid's envelope. */
export async function getRfpVendors(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<Pick<BuyerRfpView, "invitations" | "vendors">> {
  await loadBuyerRfp(db, rfpId, actor, "read:rfp:own");
  const { invitations, vendors } = await readParticipation(db, rfpId, actor);
  return { invitations, vendors };
}

/** The addenda tab: every addendum with who acknowledged it and who has not yet. */
export async function getRfpAddenda(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<BuyerRfpView["addenda"]> {
  await loadBuyerRfp(db, rfpId, actor, "read:rfp:own");
  return readAddenda(db, rfpId, await listParticipants(db, rfpId));
}

type Participants = Awaited<ReturnType<typeof listParticipants>>;

async function readParticipation(db: Executor, rfpId: string, actor: RfpActor): Promise<Pick<BuyerRfpView, "invitations" | "vendors"> & { participants: Participants }> {
  const invitations = await listInvitations(db, rfpId);
  // A reader who may list submissions gets the participants with their envelope facts in one statement.
  const withFacts = hasPermission(actor.roles, "read:submissions:own") ? await listParticipantsWithSubmissionFacts(db, rfpId) : null;
  const participants: Participants = withFacts ?? (await listParticipants(db, rfpId));
  const envelopes = withFacts ? new Map(withFacts.map((f) => [f.vendor_organisation_id, f])) : null;
  const bidOf = (organisationId: string) => {
    if (!envelopes) return null;
    const f = envelopes.get(organisationId);
    const lastVersion = f?.last_version == null ? null : Number(f.last_version);
    return { state: deriveBidState(lastVersion, f?.last_withdrawn_version == null ? null : Number(f.last_withdrawn_version)), lastVersion, lastReceivedAt: f?.last_received_at ? new Date(f.last_received_at) : null };
  };
  return {
    participants,
    invitations: invitations.map((i) => ({ email: i.email, invitedAt: i.invited_at, sentAt: i.sent_at, acceptedAt: i.accepted_at, vendorOrganisation: i.vendor_organisation_name })),
    vendors: participants.map((p) => ({
      organisationId: p.vendor_organisation_id,
      name: p.vendor_organisation_name,
      joinedVia: p.joined_via,
      openedAt: p.first_opened_at,
      intendsToBid: p.intends_to_bid,
      intentDeclaredAt: p.intent_declared_at,
      bid: bidOf(p.vendor_organisation_id),
    })),
  };
}

async function readAddenda(db: Executor, rfpId: string, participants: Participants): Promise<BuyerRfpView["addenda"]> {
  const addenda = await listAddenda(db, rfpId);
  const vendorName = new Map(participants.map((p) => [p.vendor_organisation_id, p.vendor_organisation_name]));
  return addenda.map((a) => {
    const acks = a.acknowledgements;
    const acked = new Set(acks.map((k) => k.vendor_organisation_id));
    return {
      id: a.id,
      number: a.number,
      kind: a.kind,
      reason: a.reason,
      changes: a.changes,
      issuedAt: a.issued_at,
      bidsNeedConfirmation: a.bids_need_confirmation,
      acknowledgedBy: acks.map((k) => ({ organisationId: k.vendor_organisation_id, name: vendorName.get(k.vendor_organisation_id) ?? "", at: k.acknowledged_at })),
      awaitingAcknowledgement: participants.filter((p) => !acked.has(p.vendor_organisation_id)).map((p) => p.vendor_organisation_name),
    };
  });
}
