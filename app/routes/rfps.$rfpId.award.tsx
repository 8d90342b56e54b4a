// The award (issue #13): a buyer or administrator proposes a bundle of the newest evaluation with a
// rationale (and a deviation reason when it is not the top-ranked bundle), a different person
// approves it, the standstill runs, then the award is concluded, or cancelled with a reason.
// Buyers and administrators also read the ranking a live award rests on (read-only) and, before
// approving, why an approval would be refused. Panel evaluators read the award only. Plain forms
// with an `intent`: works without JavaScript; a refusal answers 4xx with its message and keeps
// what was typed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ApprovalRefusal, AwardRanking } from "~/components/award/award-ranking";
import { LocalTime } from "~/components/local-time";
import { AWARD_STATUS_LABELS, awardIntentSchema, MAX_STANDSTILL_DAYS } from "~/domain/award/rules";
import { formatMoney, formatPoints } from "~/domain/evaluation/format";
import { runtime } from "~/runtime.server";
import { approveAward } from "~/services/awards/approve.server";
import { cancelAward } from "~/services/awards/cancel.server";
import { concludeAward } from "~/services/awards/conclude.server";
import { getAwardPage } from "~/services/awards/page.server";
import { proposeAward } from "~/services/awards/propose.server";
import { setStandstillDays } from "~/services/awards/standstill.server";
import { orRespond } from "~/web/errors.server";
import { intentRefusal, readIntentForm, type IntentReply } from "~/web/intent-form.server";
import { noticeParam } from "~/web/input.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Award · ${data.view.rfp.title} · Pareto` : "Award · Pareto" }];

/** Said where an award would rest on a run of draft scores (decision 020: allowed, never silently). */
const DRAFT_SCORES_HINT =
  "This run used draft scores: evaluators could still change them. To award on final scores, a buyer locks them on the Consensus tab and runs the evaluation again, and the award is proposed on that run.";

const NOTICES: Record<string, string> = {
  standstill: "The standstill period is saved.",
  // Who must approve it is said once, beside the award, where it stays until someone does.
  proposed: "The award is proposed.",
  approved: "The award is approved: the standstill period runs, and every bidder has been notified.",
  concluded: "The award is concluded.",
  cancelled: "The award is cancelled: every bidder has been told why.",
  // A proposal was never told to any bidder: withdrawing or cancelling it notifies no bidder.
  withdrawn: "Your proposal is withdrawn. No bidder had been told of it; a new award can be proposed.",
  "proposal-cancelled": "The proposal is cancelled and its proposer is told why. No bidder had been told of it; a new award can be proposed.",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:rfp:own");
  const { database } = await runtime();
  const view = await orRespond(getAwardPage(database.db, params.rfpId ?? "", actor));
  return json({ view, notice: noticeParam(request, NOTICES) });
}

type ActionReply = IntentReply;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "award:rfp:own");
  const rfpId = params.rfpId ?? "";
  const form = await readIntentForm(request, awardIntentSchema);
  if (!form.ok) return form.reply;
  const { data: input, intent, values } = form;
  const { database } = await runtime();
  try {
    if (input.intent === "standstill") await setStandstillDays(database.db, rfpId, { standstillDays: input.standstillDays }, actor);
    else if (input.intent === "propose") await proposeAward(database.db, rfpId, { bundle: input.bundle, rationale: input.rationale, deviationReason: input.deviationReason }, actor);
    else if (input.intent === "approve") await approveAward(database.db, rfpId, actor);
    else if (input.intent === "conclude") await concludeAward(database.db, rfpId, actor);
    else {
      const cancelled = await cancelAward(database.db, rfpId, { reason: input.reason }, actor);
      if (!cancelled.wasApproved) return redirect(`/rfps/${rfpId}/award?done=${cancelled.ownProposal ? "withdrawn" : "proposal-cancelled"}`);
    }
  } catch (error) {
    return intentRefusal(intent, error, values);
  }
  const done = { standstill: "standstill", propose: "proposed", approve: "approved", conclude: "concluded", cancel: "cancelled" }[input.intent];
  return redirect(`/rfps/${rfpId}/award?done=${done}`);
}

type View = ReturnType<typeof useLoaderData<typeof loader>>["view"];

export default function AwardPage() {
  const { view, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ActionReply | undefined;
  const busy = useNavigation().state === "submitting";
  const { award, actions } = view;
  const inStandstill = award?.status === "standstill";
  const money = (minor: number) => formatMoney(minor, view.currency, view.minorUnitsPerMajor);
  const formError = (intent: string) => (reply && reply.intent === intent && Object.keys(reply.fieldErrors).length === 0 ? <p className="form-error" role="alert">{reply.message}</p> : null);
  const fieldError = (intent: string, field: string) => {
    const messages = reply?.intent === intent ? reply.fieldErrors[field] : undefined;
    return messages ? <p className="field-error" id={`${intent}-${field}-error`}>{messages.join(" ")}</p> : null;
  };
  return (
    <section className="panel award" aria-labelledby="award-title">
      <h2 id="award-title">Award</h2>
      {notice ? <p className="notice" role="status">{notice}</p> : null}
      {reply && !["propose", "cancel", "standstill", "approve", "conclude"].includes(reply.intent) ? <p className="form-error" role="alert">{reply.message}</p> : null}

      <dl className="facts">
        <dt>Decided on</dt>
        <dd>
          {view.basis ? (
            <>
              round {view.basis.round} evaluation of <LocalTime value={view.basis.createdAt} />, input SHA-256 <code className="hash">{view.basis.inputHash.slice(0, 16)}…</code>{" "}
              {view.basis.scoresLocked ? <span className="badge">Locked scores</span> : <span className="badge badge--warn">Draft: scores not locked</span>}
              {!view.basis.scoresLocked && view.award?.status !== "standstill" && view.award?.status !== "concluded" ? (
                <span className="hint cell-note">{DRAFT_SCORES_HINT}</span>
              ) : null}
            </>
          ) : (
            <span className="muted">no evaluation yet</span>
          )}
        </dd>
        <dt>Standstill period</dt>
        <dd>{view.rfp.standstillDays} {view.rfp.standstillDays === 1 ? "day" : "days"} from the approval</dd>
        {view.top ? (
          <>
            <dt>Top-ranked bundle</dt>
            <dd>{view.top.name} ({formatPoints(view.top.total)} of 100)</dd>
          </>
        ) : null}
      </dl>

      {award ? <AwardCard award={award} money={money} topKey={view.top?.key ?? null} /> : null}
      {award?.status === "proposed" && view.approvalRefusal ? <ApprovalRefusal message={view.approvalRefusal} changes={view.ranking?.consensusChanges ?? null} /> : null}
      {view.ranking ? <AwardRanking ranking={view.ranking} currency={view.currency} minorUnitsPerMajor={view.minorUnitsPerMajor} /> : null}

      {award && actions.waitingForSecondPerson ? (
        <p className="notice">You proposed this award: a different person of your organisation (a buyer or an administrator) must approve it.</p>
      ) : null}
      {award && !view.mayAward && award.status === "proposed" ? <p className="hint">A buyer or an administrator of your organisation approves the award.</p> : null}

      {actions.canApprove ? (
        <Form method="post" className="award-form">
          <h3>Approve the award</h3>
          <p>
            You are the second person: approving starts the standstill period of {view.rfp.standstillDays} days and notifies every bidder (the winner of
            its award, the others of their debriefs).
          </p>
          {formError("approve")}
          <input type="hidden" name="intent" value="approve" />
          <button type="submit" className="button" disabled={busy}>Approve the award</button>
        </Form>
      ) : null}

      {award?.status === "standstill" && view.mayAward ? (
        actions.canConclude ? (
          <Form method="post" className="award-form">
            <h3>Conclude the award</h3>
            <p>The standstill period ended <LocalTime value={award.standstillEndsAt} />. Concluding makes the award final.</p>
            {formError("conclude")}
            <input type="hidden" name="intent" value="conclude" />
            <button type="submit" className="button" disabled={busy}>Conclude the award</button>
          </Form>
        ) : (
          <p className="hint">The award can be concluded after the standstill period ends, <LocalTime value={award.standstillEndsAt} />.</p>
        )
      ) : null}

      {actions.canCancel ? (
        <Form method="post" className="award-form">
          <h3>{inStandstill ? "Cancel the award during the standstill" : actions.waitingForSecondPerson ? "Withdraw your proposal" : "Cancel the proposal"}</h3>
          {formError("cancel")}
          <input type="hidden" name="intent" value="cancel" />
          <div className="field">
            <label htmlFor="cancel-reason">Reason for cancelling</label>
            <textarea id="cancel-reason" name="reason" rows={3} required defaultValue={reply?.intent === "cancel" ? reply.values.reason : ""} aria-invalid={reply?.intent === "cancel" && reply.fieldErrors.reason ? true : undefined} aria-describedby="cancel-reason-hint" />
            <p className="hint" id="cancel-reason-hint">
              {inStandstill
                ? "Every bidder is told of the cancellation and this reason: write no confidential figure."
                : actions.waitingForSecondPerson
                  ? "No bidder has been told of the proposal, so no one is notified; the reason is kept in the audit trail."
                  : `${award?.proposedBy.name ?? "The proposer"}, who proposed it, is told and reads this reason; it is kept in the audit trail.`}
            </p>
            {fieldError("cancel", "reason")}
          </div>
          <button type="submit" className="button button--danger" disabled={busy}>{inStandstill ? "Cancel the award" : actions.waitingForSecondPerson ? "Withdraw the proposal" : "Cancel the proposal"}</button>
        </Form>
      ) : null}

      {!award ? (
        <>
          {view.lastCancelled ? (
            <p className="hint">
              The award to {view.lastCancelled.vendorName} ({view.lastCancelled.slotName}) was cancelled <LocalTime value={view.lastCancelled.cancelledAt} /> by{" "}
              {view.lastCancelled.cancelledBy?.name}: {view.lastCancelled.cancelReason}
            </p>
          ) : null}
          {view.blocked ? <p>{view.blocked}</p> : !view.mayAward ? <p>No award has been proposed yet.</p> : null}
          {actions.canSetStandstill ? <StandstillForm view={view} reply={reply} busy={busy} fieldError={fieldError} formError={formError} /> : null}
          {actions.canPropose ? <ProposeForm view={view} reply={reply} busy={busy} money={money} fieldError={fieldError} formError={formError} /> : null}
        </>
      ) : null}
    </section>
  );
}

function AwardCard({ award, money, topKey }: { award: NonNullable<View["award"]>; money: (m: number) => string; topKey: string | null }) {
  const isTop = topKey === `${award.vendorOrganisationId}/${award.slotId}`;
  return (
    <article className="award-card" aria-labelledby="award-card-title">
      <h3 id="award-card-title">
        {award.vendorName} — {award.slotName} <span className={`badge badge--award-${award.status}`}>{AWARD_STATUS_LABELS[award.status]}</span>
      </h3>
      <dl className="facts">
        <dt>Total</dt>
        <dd>{formatPoints(award.total)} of 100{isTop ? " (the top-ranked bundle)" : ""}</dd>
        <dt>Evaluated price</dt>
        <dd>{money(award.evaluatedPriceMinor)}</dd>
        <dt>Rationale</dt>
        <dd className="prose">{award.rationale}</dd>
        {award.deviationReason ? (
          <>
            <dt>Deviation from the ranking</dt>
            <dd className="prose">{award.deviationReason}</dd>
          </>
        ) : null}
        <dt>Proposed</dt>
        <dd>by {award.proposedBy.name}, <LocalTime value={award.proposedAt} /></dd>
        <dt>Approved</dt>
        <dd>{award.approvedBy ? <>by {award.approvedBy.name}, <LocalTime value={award.approvedAt} /></> : <span className="muted">not yet (a second person approves)</span>}</dd>
        {award.standstillEndsAt ? (
          <>
            <dt>Standstill ends</dt>
            <dd><LocalTime value={award.standstillEndsAt} /></dd>
          </>
        ) : null}
        {award.concludedBy ? (
          <>
            <dt>Concluded</dt>
            <dd>by {award.concludedBy.name}, <LocalTime value={award.concludedAt} /></dd>
          </>
        ) : null}
      </dl>
    </article>
  );
}

type FieldError = (intent: string, field: string) => JSX.Element | null;
type FormError = (intent: string) => JSX.Element | null;

function StandstillForm({ view, reply, busy, fieldError, formError }: { view: View; reply: ActionReply | undefined; busy: boolean; fieldError: FieldError; formError: FormError }) {
  return (
    <Form method="post" className="award-form award-form--inline">
      <h3>Standstill period</h3>
      {formError("standstill")}
      <input type="hidden" name="intent" value="standstill" />
      <div className="field">
        <label htmlFor="standstill-days">Days between the approval and the earliest conclusion</label>
        <input id="standstill-days" name="standstillDays" type="number" inputMode="numeric" min={0} max={MAX_STANDSTILL_DAYS} step={1} required
          defaultValue={reply?.intent === "standstill" ? reply.values.standstillDays : String(view.rfp.standstillDays)}
          aria-invalid={reply?.intent === "standstill" && reply.fieldErrors.standstillDays ? true : undefined} />
        {fieldError("standstill", "standstillDays")}
      </div>
      <button type="submit" className="button button--secondary" disabled={busy}>Save the standstill period</button>
    </Form>
  );
}

function ProposeForm({ view, reply, busy, money, fieldError, formError }: { view: View; reply: ActionReply | undefined; busy: boolean; money: (m: number) => string; fieldError: FieldError; formError: FormError }) {
  const typed = reply?.intent === "propose" ? reply.values : undefined;
  const [chosen, setChosen] = useState(typed?.bundle ?? view.top?.key ?? "");
  // Without JavaScript the deviation field always shows; with it, only when a bundle other than the top one is chosen.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const deviationNeeded = chosen !== "" && chosen !== view.top?.key;
  return (
    <Form method="post" className="award-form">
      <h3>Propose the award</h3>
      <p className="hint">The ranking's best bundles that pass every gate. A second person of your organisation approves the proposal.</p>
      {formError("propose")}
      <input type="hidden" name="intent" value="propose" />
      <fieldset className="field field--radios award-candidates">
        <legend>Bundle to award</legend>
        {view.candidates.map((c) => (
          <div className="radio" key={c.key}>
            <input type="radio" id={`bundle-${c.key}`} name="bundle" value={c.key} checked={chosen === c.key} onChange={() => setChosen(c.key)} />
            <label htmlFor={`bundle-${c.key}`}>
              <strong>{c.rank}.</strong> {c.vendorName} — {c.slotName}: {formatPoints(c.total)} of 100, {money(c.evaluatedPriceMinor)}
            </label>
          </div>
        ))}
        {fieldError("propose", "bundle")}
      </fieldset>
      <div className="field">
        <label htmlFor="rationale">Rationale</label>
        <textarea id="rationale" name="rationale" rows={4} required defaultValue={typed?.rationale ?? ""} aria-describedby="rationale-hint" aria-invalid={typed && reply?.fieldErrors.rationale ? true : undefined} />
        <p className="hint" id="rationale-hint">
          Once approved, the rationale and any deviation reason are quoted in every losing bidder&apos;s debrief: give the reasons a bidder is owed, and keep confidential
          figures (reservation price, BATNA) out of them.
        </p>
        {fieldError("propose", "rationale")}
      </div>
      {!hydrated || deviationNeeded || typed?.deviationReason ? (
        <div className="field">
          <label htmlFor="deviation-reason">Deviation reason (when not the top-ranked bundle)</label>
          <textarea id="deviation-reason" name="deviationReason" rows={3} defaultValue={typed?.deviationReason ?? ""} aria-describedby="deviation-hint"
            aria-invalid={typed && reply?.fieldErrors.deviationReason ? true : undefined} />
          <p className="hint" id="deviation-hint">
            Name the criterion ({view.criterionNames.join(", ")}) or the risk (for example delivery, capacity, financial, security or compliance risk) that
            justifies passing over {view.top?.name ?? "the top-ranked bundle"}. Leave it empty for the top-ranked bundle.
          </p>
          {fieldError("propose", "deviationReason")}
        </div>
      ) : null}
      <button type="submit" className="button" disabled={busy}>Propose the award</button>
    </Form>
  );
}
