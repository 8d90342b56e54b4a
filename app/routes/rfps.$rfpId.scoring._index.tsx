// The panel member's start: first the conflict-of-interest declarations (one per bidder, before
// any bid is shown), then the queue: every bidder they may score with their progress, and the
// bidders they declared a conflict with (not scored). Before the opening: nothing of bids.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CellErrors } from "~/components/bid/fields";
import { FormErrors } from "~/components/forms";
import { ScoreSheetPanel } from "~/components/evaluation/score-sheet-panel";
import { LocalTime } from "~/components/local-time";
import { changeReasonField, conflictField, DECLARATIONS_LOCKED, declarationsFromFields, everyScoreSubmitted, noteField, PRICES_HIDDEN_NOTE, progressCount, progressLabel } from "~/domain/evaluation-workspace/scoring";
import { DomainError, httpStatusOf } from "~/domain/errors";
import { evaluationClosedReason } from "~/domain/rfp/state";
import { runtime } from "~/runtime.server";
import { declareConflicts } from "~/services/evaluation/conflicts.server";
import { getScoringQueue } from "~/services/evaluation/scoring.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";
import { readFormData } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Scoring · ${data.queue.rfp.title} · Pareto` : "Scoring · Pareto" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:rfp:own");
  const { database } = await runtime();
  const queue = await orRespond(getScoringQueue(database.db, params.rfpId ?? "", actor));
  return json({ queue, declared: new URL(request.url).searchParams.has("declared") });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "read:rfp:own");
  const rfpId = params.rfpId ?? "";
  const { database } = await runtime();
  const queue = await orRespond(getScoringQueue(database.db, rfpId, actor));
  const form = await readFormData(request);
  const fields: Record<string, string> = {};
  for (const [name, value] of form) if (typeof value === "string") fields[name] = value;
  const { declarations, fieldErrors } = declarationsFromFields(fields, queue.bidders.map((b) => b.vendorOrganisationId));
  const refused = (status: number, errors: Record<string, string[]>, message: string) => json({ fields, errors, formErrors: [message] }, { status });
  if (Object.keys(fieldErrors).length) return refused(400, fieldErrors, "Your declarations were not saved: see the messages by each bidder.");
  try {
    await declareConflicts(database.db, rfpId, { declarations }, actor);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return refused(httpStatusOf[error.code], error.fieldErrors, error.message);
  }
  return redirect(`/rfps/${rfpId}/scoring?declared=1`);
}

export default function ScoringQueuePage() {
  const { queue, declared } = useLoaderData<typeof loader>();
  // The approved award closes the evaluation: no score changes, even unlocked ones.
  const closedReason = evaluationClosedReason(queue.rfp.state);
  const reply = useActionData<typeof action>();
  if (!queue.opened) {
    return (
      <section className="panel" aria-labelledby="scoring-title">
        <h2 id="scoring-title">Scoring</h2>
        <p className="notice">
          The bids have not been opened yet. Declarations open when the bids are opened: you will then declare, for every bidder, whether you have a conflict of interest, and only then see the bids.
        </p>
        <CriteriaList criteria={queue.criteria} />
      </section>
    );
  }
  const declarationsForm = <Declarations queue={queue} reply={reply} />;
  return (
    <>
      {declared ? <p className="notice" role="status">Declarations saved.</p> : null}
      {queue.mustDeclare ? declarationsForm : null}
      <section className="panel" aria-labelledby="queue-title">
        <h2 id="queue-title">Your scoring queue</h2>
        {queue.locked ? <p className="notice">The chair has locked the scores: they can no longer change.</p> : closedReason ? <p className="notice">{closedReason}</p> : null}
        {queue.pricesHidden ? <p className="hint">{PRICES_HIDDEN_NOTE}</p> : null}
        {queue.mustDeclare ? (
          <p className="muted">Declare for every bidder above first: no bid is shown until you have.</p>
        ) : queue.bidders.length === 0 ? (
          <p className="muted">No bid was admitted at the opening.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Bidders to score</caption>
              <thead>
                <tr>
                  <th scope="col">Bidder</th>
                  <th scope="col">Status</th>
                  <th scope="col">Scores</th>
                </tr>
              </thead>
              <tbody>
                {queue.bidders.map((b) => (
                  <tr key={b.vendorOrganisationId}>
                    <th scope="row" className="row-head">
                      {b.status === "to-score" ? <Link to={b.vendorOrganisationId} aria-label={`Score ${b.vendorName}`}>{b.vendorName}</Link> : b.vendorName}
                    </th>
                    {b.status === "conflict" ? (
                      <td colSpan={2}><span className="badge badge--bad">Conflict declared</span> you do not score this vendor</td>
                    ) : (
                      <>
                        <td>{b.progress ? progressLabel(b.progress) : "—"}</td>
                        <td>{b.progress ? progressCount(b.progress) : "—"}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CriteriaList criteria={queue.criteria} />
      </section>
      {queue.mustDeclare || queue.bidders.every((b) => b.status === "conflict") || queue.criteria.length === 0 ? null : <ScoreSheetPanel rfpId={queue.rfp.id} uploadClosed={queue.locked ? "locked" : closedReason ? "awarded" : everyScoreSubmitted(queue.bidders) ? "all-submitted" : null} />}
      {queue.mustDeclare ? null : (
        <details className="panel" open={Boolean(reply)}>
          <summary>Your conflict-of-interest declarations</summary>
          {closedReason || queue.locked ? <DeclarationsRecord queue={queue} why={closedReason ?? DECLARATIONS_LOCKED} /> : declarationsForm}
        </details>
      )}
    </>
  );
}

function CriteriaList({ criteria }: { criteria: { id: string; name: string; weight: number; rubric: string }[] }) {
  if (criteria.length === 0) return <p className="hint">You are not assigned any judged criterion of this RFP.</p>;
  return (
    <>
      <h3 className="subhead">The judged criteria you score (0–10 per bundle)</h3>
      <ul className="plain-list">
        {criteria.map((c) => (
          <li key={c.id}><strong>{c.name}</strong> <span className="hint">(weight {c.weight})</span>{c.rubric ? `: ${c.rubric}` : ""}</li>
        ))}
      </ul>
    </>
  );
}

type Queue = ReturnType<typeof useLoaderData<typeof loader>>["queue"];
type Reply = ReturnType<typeof useActionData<typeof action>>;

/** The declarations as made, when none of them can change (scores locked, or the award approved). */
function DeclarationsRecord({ queue, why }: { queue: Queue; why: string }) {
  return (
    <>
      <p className="hint">{why}</p>
      <ul className="plain-list">
        {queue.bidders.map((b) =>
          b.declaration ? (
            <li key={b.vendorOrganisationId}>
              <strong>{b.vendorName}</strong>: {b.declaration.hasConflict ? "conflict of interest" : "no conflict"}, declared on <LocalTime value={b.declaration.declaredAt} />
              {b.declaration.note ? <span className="hint"> ({b.declaration.note})</span> : null}
            </li>
          ) : null,
        )}
      </ul>
    </>
  );
}

function Declarations({ queue, reply }: { queue: Queue; reply: Reply }) {
  const navigation = useNavigation();
  const fields = reply?.fields;
  const errors = reply?.errors ?? {};
  return (
    <section className="panel" aria-labelledby="declare-title">
      <h2 id="declare-title">Declare conflicts of interest</h2>
      <p className="hint">
        For every bidder, say whether you have a conflict of interest (a personal or financial tie, a recent employer, a relative). With a conflict you see nothing of
        that vendor and do not score it. Declarations are recorded; a change needs a reason.
      </p>
      <Form method="post" aria-busy={navigation.state === "submitting" || undefined}>
        <FormErrors errors={reply?.formErrors} />
        {queue.bidders.map((b) => {
          const v = b.vendorOrganisationId;
          const current = b.declaration;
          const choice = fields ? fields[conflictField(v)] : current ? (current.hasConflict ? "yes" : "no") : undefined;
          return (
            <fieldset key={v} className="sla-card" aria-describedby={errors[conflictField(v)] ? `${conflictField(v)}-error` : undefined}>
              <legend>{b.vendorName}</legend>
              {current ? (
                <p className="hint">
                  You declared {current.hasConflict ? "a conflict" : "no conflict"} on <LocalTime value={current.declaredAt} />.
                </p>
              ) : null}
              <div className="radio">
                <input type="radio" id={`${conflictField(v)}.no`} name={conflictField(v)} value="no" defaultChecked={choice === "no"} aria-label={`No conflict with ${b.vendorName}`} />
                <label htmlFor={`${conflictField(v)}.no`}>No conflict</label>
              </div>
              <div className="radio">
                <input type="radio" id={`${conflictField(v)}.yes`} name={conflictField(v)} value="yes" defaultChecked={choice === "yes"} aria-label={`Conflict of interest with ${b.vendorName}`} />
                <label htmlFor={`${conflictField(v)}.yes`}>Conflict of interest</label>
              </div>
              <CellErrors name={conflictField(v)} errors={errors[conflictField(v)]} />
              <div className="field">
                <label htmlFor={noteField(v)}>Note on {b.vendorName} <span className="hint">(required for a conflict)</span></label>
                <textarea id={noteField(v)} name={noteField(v)} rows={2} defaultValue={fields ? fields[noteField(v)] ?? "" : current?.note ?? ""} aria-invalid={errors[noteField(v)] ? true : undefined} aria-describedby={errors[noteField(v)] ? `${noteField(v)}-error` : undefined} />
                <CellErrors name={noteField(v)} errors={errors[noteField(v)]} />
              </div>
              {current ? (
                <div className="field">
                  <label htmlFor={changeReasonField(v)}>Reason for changing your declaration on {b.vendorName} <span className="hint">(only if you change it)</span></label>
                  <textarea id={changeReasonField(v)} name={changeReasonField(v)} rows={2} defaultValue={fields?.[changeReasonField(v)] ?? ""} aria-invalid={errors[changeReasonField(v)] ? true : undefined} aria-describedby={errors[changeReasonField(v)] ? `${changeReasonField(v)}-error` : undefined} />
                  <CellErrors name={changeReasonField(v)} errors={errors[changeReasonField(v)]} />
                </div>
              ) : null}
            </fieldset>
          );
        })}
        <p className="button-row">
          <button type="submit" className="button">Save declarations</button>
        </p>
      </Form>
    </section>
  );
}
