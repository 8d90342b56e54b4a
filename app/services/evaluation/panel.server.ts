// The evaluation panel, chaired by a buyer of the RFP's organisation: who sits on it (buyer-
// side evaluators and buyers of the organisation, each scoring every judged criterion or some),
// and every declaration of conflict of interest its members made, with the history of changes.
// Also the list of RFPs a person evaluates, for their dashboard.
import type { Kysely } from "kysely";
import { listPanelMembers, lockEvaluationRound } from "../../../db/queries/evaluation-access";
import { deletePanelMembers, listPanelCandidates, listPanelRfpsOfUser, lockPanel, readPanelPage, upsertPanelMember } from "../../../db/queries/evaluation-panel";
import { listSubmittedScoreCounts } from "../../../db/queries/evaluation-scores";
import { readRfpLifecycleFacts } from "../../../db/queries/rfp-lifecycle";
import { databaseNow, definitionOf } from "../../../db/queries/rfps";
import type { Database } from "../../../db/schema";
import { panelCriterionField, panelMemberField, setPanelSchema, type SetPanelInput } from "../../domain/evaluation-workspace/scoring";
import { panelLine, type PanelLine } from "../../domain/evaluation-workspace/panel-progress";
import { DomainError } from "../../domain/errors";
import { awardProposed, currentDeadline, deriveRfpState, evaluationClosedReason, type RfpState } from "../../domain/rfp/state";
import { auditRfp, loadBuyerRfp, requireBuyer, type RfpActor } from "../rfps/access.server";
import { readRfpWorkspace, type RfpWorkspaceRead } from "../rfps/read-buyer.server";

export interface DeclarationFact {
  hasConflict: boolean;
  note: string;
  changeReason: string | null;
  declaredAt: Date;
}

export interface PanelView {
  /** `closedReason`: why the panel no longer changes (the award is approved), null while it may. */
  rfp: { id: string; title: string; state: RfpState; opened: boolean; qualityBeforePrice: boolean; closedReason: string | null };
  judgedCriteria: { id: string; name: string }[];
  /** The organisation's evaluators and buyers, and whether each sits on the panel. */
  candidates: { userId: string; name: string; email: string; roles: ("evaluator" | "buyer")[]; onPanel: boolean; criterionIds: string[] | null; submittedScores: number }[];
  members: { userId: string; name: string; email: string; criterionIds: string[] | null; criterionNames: string[]; submittedScores: number }[];
  /** Admitted bidders after the opening (none before). */
  bidders: { vendorOrganisationId: string; vendorName: string }[];
  /** Every member × bidder: the declaration that counts (null = not declared yet) and every one made, oldest first. */
  declarations: { userId: string; userName: string; vendorOrganisationId: string; vendorName: string; current: DeclarationFact | null; history: DeclarationFact[] }[];
  conflicted: { userId: string; userName: string; vendorOrganisationId: string; vendorName: string; note: string }[];
  /** The chair sits on the panel too (and may score). */
  actorOnPanel: boolean;
}

export async function getPanel(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<PanelView> {
  return readPanel(db, await readRfpWorkspace(db, rfpId, actor, "manage:panel:own"), actor);
}

/**
 * The panel page from the RFP the request has read (`checked`: readRfpWorkspace for this actor,
 * which made loadBuyerRfp's checks; the actor may manage the panel) and one statement more
 * (readPanelPage): reads only, no transaction.
 */
export async function readPanel(db: Kysely<Database>, checked: RfpWorkspaceRead, actor: RfpActor): Promise<PanelView> {
  requireBuyer(actor, "manage:panel:own");
  const { view } = checked;
  const criteria = view.definition.criteria;
  const judged = criteria.criteria.filter((c) => c.kind === "judged").map((c) => ({ id: c.id, name: c.name }));
  const page = await readPanelPage(db, view.id, actor.organisation.id);
  const memberRows = page.members;
  const counts = page.scoreCounts;
  const submittedOf = (userId: string) => counts.filter((c) => c.userId === userId).reduce((n, c) => n + c.count, 0);
  const memberOf = new Map(memberRows.map((m) => [m.user_id, m]));
  const { bidders, history } = page;
  const declarations: PanelView["declarations"] = [];
  for (const m of memberRows) {
    for (const b of bidders) {
      const made = history
        .filter((h) => h.user_id === m.user_id && h.vendor_organisation_id === b.vendorOrganisationId)
        .map((h) => ({ hasConflict: h.has_conflict, note: h.note, changeReason: h.change_reason, declaredAt: h.declared_at }));
      declarations.push({ userId: m.user_id, userName: m.name, vendorOrganisationId: b.vendorOrganisationId, vendorName: b.vendorName, current: made.at(-1) ?? null, history: made });
    }
  }
  const nameOf = (ids: string[] | null) => (ids === null ? judged.map((c) => c.name) : judged.filter((c) => ids.includes(c.id)).map((c) => c.name));
  return {
    rfp: { id: view.id, title: view.definition.basics.title, state: view.state, opened: page.opened, qualityBeforePrice: Boolean(criteria.qualityBeforePrice), closedReason: evaluationClosedReason(view.state) },
    judgedCriteria: judged,
    candidates: page.candidates.map((c) => {
      const m = memberOf.get(c.userId);
      return { ...c, onPanel: Boolean(m), criterionIds: m ? m.criterion_ids : null, submittedScores: submittedOf(c.userId) };
    }),
    members: memberRows.map((m) => ({ userId: m.user_id, name: m.name, email: m.email, criterionIds: m.criterion_ids, criterionNames: nameOf(m.criterion_ids), submittedScores: submittedOf(m.user_id) })),
    bidders,
    declarations,
    conflicted: declarations.filter((d) => d.current?.hasConflict).map((d) => ({ userId: d.userId, userName: d.userName, vendorOrganisationId: d.vendorOrganisationId, vendorName: d.vendorName, note: d.current!.note })),
    actorOnPanel: memberOf.has(actor.id),
  };
}

/**
 * Names the panel (the whole list: who is not in it is taken off). Only evaluators and buyers
 * of the RFP's own organisation; criteria must be judged criteria of the RFP (null = all).
 * Before or after the deadline, until the award is approved; someone who has submitted scores
 * stays on the panel (and keeps the criteria they submitted). Audited with the panel before and
 * after.
 */
export async function setPanel(db: Kysely<Database>, rfpId: string, input: SetPanelInput, actor: RfpActor): Promise<{ members: number }> {
  return db.transaction().execute(async (trx) => {
    const rfp = await loadBuyerRfp(trx, rfpId, actor, "manage:panel:own");
    if (rfp.cancelled_at) throw new DomainError("conflict", "This RFP has been cancelled: its panel can no longer change.");
    // The approved award closes the evaluation: its panel is part of the record.
    const closed = evaluationClosedReason(deriveRfpState(await readRfpLifecycleFacts(trx, rfpId), await databaseNow(trx)));
    if (closed) throw new DomainError("conflict", `${closed} The panel was not saved.`);
    const parsed = setPanelSchema.safeParse(input);
    if (!parsed.success) throw new DomainError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
    await lockPanel(trx, rfpId);
    await lockEvaluationRound(trx, rfpId);
    const judged = definitionOf(rfp).criteria.criteria.filter((c) => c.kind === "judged");
    const judgedIds = new Set(judged.map((c) => c.id));
    const candidates = new Map((await listPanelCandidates(trx, rfp.buyer_organisation_id)).map((c) => [c.userId, c]));
    const before = await listPanelMembers(trx, rfpId);
    const fieldErrors: Record<string, string[]> = {};
    const seen = new Set<string>();
    const members: { userId: string; criterionIds: string[] | null }[] = [];
    for (const m of parsed.data.members) {
      if (seen.has(m.userId)) {
        fieldErrors[panelMemberField(m.userId)] = ["This person is listed twice."];
        continue;
      }
      seen.add(m.userId);
      if (!candidates.has(m.userId)) {
        fieldErrors[panelMemberField(m.userId)] = [`Only evaluators and buyers of ${actor.organisation.name} can sit on the panel.`];
        continue;
      }
      const ids = m.criterionIds === null ? null : [...new Set(m.criterionIds)];
      const unknown = ids?.filter((id) => !judgedIds.has(id)) ?? [];
      if (unknown.length) fieldErrors[panelCriterionField(m.userId)] = [`${unknown.map((id) => `“${id}”`).join(", ")} ${unknown.length === 1 ? "is not a judged criterion" : "are not judged criteria"} of this RFP.`];
      else if (ids !== null && ids.length === 0) fieldErrors[panelCriterionField(m.userId)] = ["Give at least one criterion this evaluator scores, or take them off the panel."];
      else members.push({ userId: m.userId, criterionIds: ids !== null && judged.every((c) => ids.includes(c.id)) ? null : ids });
    }
    if (Object.keys(fieldErrors).length) throw new DomainError("invalid", "The panel was not saved: see the messages by each person.", fieldErrors);

    const next = new Map(members.map((m) => [m.userId, m]));
    const counts = await listSubmittedScoreCounts(trx, rfpId, before.map((m) => m.user_id));
    for (const m of before) {
      const submitted = counts.filter((c) => c.userId === m.user_id && c.count > 0);
      if (submitted.length === 0) continue;
      const now = next.get(m.user_id);
      if (!now) {
        throw new DomainError("conflict", `${m.name} has submitted scores, so they stay on the panel. The chair can moderate the consensus instead.`, { [panelMemberField(m.user_id)]: [`${m.name} has submitted scores and cannot be taken off the panel.`] });
      }
      const dropped = submitted.filter((c) => now.criterionIds !== null && !now.criterionIds.includes(c.criterionId));
      if (dropped.length) {
        const names = dropped.map((c) => judged.find((j) => j.id === c.criterionId)?.name ?? c.criterionId);
        throw new DomainError("conflict", `${m.name} has submitted scores for ${names.map((n) => `“${n}”`).join(", ")}, so those criteria stay theirs.`, { [panelCriterionField(m.user_id)]: [`Submitted scores: ${names.join(", ")} stay assigned.`] });
      }
    }
    await deletePanelMembers(trx, rfpId, before.filter((m) => !next.has(m.user_id)).map((m) => m.user_id));
    for (const m of members) await upsertPanelMember(trx, { rfpId, userId: m.userId, criterionIds: m.criterionIds, addedBy: actor.id });
    await auditRfp(trx, actor, "evaluation.panel-set", rfpId, {
      before: before.map((m) => ({ userId: m.user_id, criterionIds: m.criterion_ids })),
      after: members,
    });
    return { members: members.length };
  });
}

export interface PanelRfpSummary {
  id: string;
  title: string;
  reference: string;
  state: RfpState;
  /** A live award is proposed and waits for approval (the badge says so; the state stays opened). */
  awardProposed: boolean;
  /** The newest round's deadline, and whether it has passed. */
  deadline: { round: number; at: Date | null; passed: boolean };
  openedAt: Date | null;
  scoresLocked: boolean;
  /** What the evaluator has to do or waits for, from their own progress (panelLine). */
  line: PanelLine;
  /** Where the evaluator declares and scores. */
  scoringPath: string;
}

/** The RFPs of the actor's organisation on whose evaluation panel the actor sits, each with the actor's own progress in words. */
export async function listPanelRfps(db: Kysely<Database>, actor: RfpActor): Promise<PanelRfpSummary[]> {
  requireBuyer(actor, "read:rfp:own");
  const rows = await listPanelRfpsOfUser(db, actor.id, actor.organisation.id);
  return rows.map((r) => {
    const state = deriveRfpState(r.facts, r.x_now);
    const deadline = currentDeadline(r.facts, r.x_now);
    const scoresLocked = r.lock_action === "lock";
    const proposed = awardProposed(r.facts);
    const owed = Number(r.x_criteria) * Number(r.x_slots) * Number(r.x_clear);
    const line = panelLine({ state, currentRound: deadline.round, scoresLocked, undeclared: Number(r.x_undeclared), owed, submitted: Number(r.x_submitted), awardProposed: proposed });
    return { id: r.id, title: r.title, reference: r.reference, state, awardProposed: proposed, deadline, openedAt: r.round1_opened_at, scoresLocked, line, scoringPath: `/rfps/${r.id}/scoring` };
  });
}

