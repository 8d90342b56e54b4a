// The chair's evaluation panel: who of the organisation's evaluators and buyers sits on it and
// which judged criteria each scores, and every conflict-of-interest declaration of its members
// per bidder with the history of changes. A plain form: works without JavaScript; a refused
// save answers 400/409 with the messages by each person and what was ticked kept.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CellErrors } from "~/components/bid/fields";
import { FormErrors } from "~/components/forms";
import { LocalTime } from "~/components/local-time";
import { panelCriterionField, panelFromFields, panelMemberField } from "~/domain/evaluation-workspace/scoring";
import { DomainError, httpStatusOf } from "~/domain/errors";
import { ROLE_LABELS } from "~/domain/permissions";
import { runtime } from "~/runtime.server";
import { getPanel, readPanel, setPanel } from "~/services/evaluation/panel.server";
import { orRespond } from "~/web/errors.server";
import { buyerActor, loadRfpWorkspace } from "~/web/rfp-editor.server";
import { readFormData } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Panel · ${data.panel.rfp.title} · Pareto` : "Panel · Pareto" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await buyerActor(request, context, "manage:panel:own");
  // The RFP as the workspace's layout read it for this request (no second read of it).
  const { actor, db, read } = await loadRfpWorkspace(request, context, params.rfpId ?? "");
  const panel = await orRespond(readPanel(db, read, actor));
  return json({ panel, saved: new URL(request.url).searchParams.has("saved") });
}

type Ticked = { members: string[]; criteria: Record<string, string[]> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await buyerActor(request, context, "manage:panel:own");
  const rfpId = params.rfpId ?? "";
  const { database } = await runtime();
  const panel = await orRespond(getPanel(database.db, rfpId, actor));
  const form = await readFormData(request);
  const candidateIds = panel.candidates.map((c) => c.userId);
  const ticked: Ticked = {
    members: candidateIds.filter((id) => form.get(panelMemberField(id))),
    criteria: Object.fromEntries(candidateIds.map((id) => [id, form.getAll(panelCriterionField(id)).map(String)])),
  };
  const { input, fieldErrors } = panelFromFields(form, candidateIds, panel.judgedCriteria.map((c) => c.id));
  if (Object.keys(fieldErrors).length) return json({ ticked, errors: fieldErrors, formErrors: ["The panel was not saved: see the messages by each person."] }, { status: 400 });
  try {
    await setPanel(database.db, rfpId, input, actor);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return json({ ticked, errors: error.fieldErrors, formErrors: [error.message] }, { status: httpStatusOf[error.code] });
  }
  return redirect(`/rfps/${rfpId}/panel?saved=1`);
}

type Panel = ReturnType<typeof useLoaderData<typeof loader>>["panel"];

/** The panel as it evaluated, once it no longer changes: who sat on it, what each scored, with the reason. */
function PanelRecord({ panel }: { panel: Panel }) {
  return (
    <>
      <p className="notice">{panel.rfp.closedReason}</p>
      {panel.members.length === 0 ? (
        <p className="muted">No one sat on the panel.</p>
      ) : (
        <div className="table-wrap">
          <table className="table--stack">
            <caption className="sr-only">Who sat on the panel, and what each scored</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                {panel.judgedCriteria.length ? <th scope="col">Scored these judged criteria</th> : null}
                <th scope="col" className="num">Submitted scores</th>
              </tr>
            </thead>
            <tbody>
              {panel.members.map((m) => (
                <tr key={m.userId}>
                  <th scope="row" className="row-head">{m.name}<span className="hint cell-note">{m.email}</span></th>
                  {panel.judgedCriteria.length ? <td data-label="Scored">{m.criterionNames.join(", ")}</td> : null}
                  <td className="num" data-label="Submitted scores">{m.submittedScores}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export default function PanelPage() {
  const { panel, saved } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const judged = panel.judgedCriteria;
  const isOn = (userId: string, onPanel: boolean) => (reply ? reply.ticked.members.includes(userId) : onPanel);
  const scores = (userId: string, criterionId: string, criterionIds: string[] | null) =>
    reply ? (reply.ticked.criteria[userId] ?? []).includes(criterionId) : criterionIds === null || criterionIds.includes(criterionId);
  return (
    <>
      <section className="panel" aria-labelledby="panel-title">
        <h2 id="panel-title">Evaluation panel</h2>
        {panel.rfp.closedReason ? null : (
          <p className="hint">
            The panel scores the judged criteria of every bundle. Choose evaluators and buyers of your organisation, before or after the deadline.
            An evaluator not on the panel sees no bid. Someone who has submitted scores stays on the panel.
            {panel.rfp.qualityBeforePrice ? " Quality before price: evaluators see no price until you lock the judged scores." : ""}
          </p>
        )}
        {saved ? <p className="notice" role="status">Panel saved.</p> : null}
        {panel.actorOnPanel ? <p><Link to={`/rfps/${panel.rfp.id}/scoring`}>{panel.rfp.closedReason ? "Your scoring on this panel" : "You sit on this panel: declare and score"}</Link></p> : null}
        {panel.rfp.closedReason ? <PanelRecord panel={panel} /> : (
        <Form method="post" aria-busy={navigation.state === "submitting" || undefined}>
          <FormErrors errors={reply?.formErrors} />
          {panel.candidates.length === 0 ? (
            <div className="empty"><p>Your organisation has no evaluators yet. An administrator creates evaluator accounts.</p></div>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">Evaluators and buyers of the organisation, and what each scores</caption>
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">On the panel</th>
                    {judged.length ? <th scope="col">Scores these judged criteria</th> : null}
                    <th scope="col" className="num">Submitted scores</th>
                  </tr>
                </thead>
                <tbody>
                  {panel.candidates.map((c) => (
                    <tr key={c.userId}>
                      <th scope="row" className="row-head">
                        {c.name}
                        <span className="hint cell-note">{c.roles.map((r) => ROLE_LABELS[r]).join(", ")} · {c.email}</span>
                      </th>
                      <td>
                        <div className="checkbox">
                          <input type="checkbox" id={panelMemberField(c.userId)} name={panelMemberField(c.userId)} defaultChecked={isOn(c.userId, c.onPanel)} aria-label={`On the panel: ${c.name}`} aria-describedby={reply?.errors[panelMemberField(c.userId)] ? `${panelMemberField(c.userId)}-error` : undefined} />
                          <label htmlFor={panelMemberField(c.userId)}>On the panel</label>
                        </div>
                        <CellErrors name={panelMemberField(c.userId)} errors={reply?.errors[panelMemberField(c.userId)]} />
                      </td>
                      {judged.length ? (
                        <td>
                          <fieldset style={{ border: 0, padding: 0, margin: 0 }} aria-label={`Judged criteria ${c.name} scores`}>
                            {judged.map((j) => {
                              const id = `${panelCriterionField(c.userId)}.${j.id}`;
                              return (
                                <div className="checkbox" key={j.id}>
                                  <input type="checkbox" id={id} name={panelCriterionField(c.userId)} value={j.id} defaultChecked={scores(c.userId, j.id, c.criterionIds)} aria-label={`${c.name} scores ${j.name}`} />
                                  <label htmlFor={id}>{j.name}</label>
                                </div>
                              );
                            })}
                          </fieldset>
                          <CellErrors name={panelCriterionField(c.userId)} errors={reply?.errors[panelCriterionField(c.userId)]} />
                        </td>
                      ) : null}
                      <td className="num">{c.submittedScores}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {judged.length === 0 ? <p className="hint">This RFP has no judged criteria: the panel only declares conflicts and reads the bids.</p> : null}
          <p className="button-row">
            <button type="submit" className="button">Save panel</button>
          </p>
        </Form>
        )}
      </section>

      <section className="panel" aria-labelledby="declarations-title">
        <h2 id="declarations-title">Conflict-of-interest declarations</h2>
        {!panel.rfp.opened ? (
          <p className="muted">Declarations open when the bids are opened: each panel member then declares, for every bidder, whether they have a conflict of interest, before seeing any bid.</p>
        ) : panel.members.length === 0 || panel.bidders.length === 0 ? (
          <p className="muted">{panel.members.length === 0 ? "No one sits on the panel yet." : "No bid was admitted at the opening."}</p>
        ) : (
          <>
            {panel.conflicted.length ? (
              <p className="notice">
                <strong>Conflicts declared:</strong>{" "}
                {panel.conflicted.map((c) => `${c.userName} with ${c.vendorName}`).join("; ")}. They see nothing of that vendor and do not score it.
              </p>
            ) : null}
            <div className="table-wrap">
              <table>
                <caption className="sr-only">Declarations by panel member and bidder</caption>
                <thead>
                  <tr>
                    <th scope="col">Panel member</th>
                    {panel.bidders.map((b) => <th scope="col" key={b.vendorOrganisationId}>{b.vendorName}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {panel.members.map((m) => (
                    <tr key={m.userId}>
                      <th scope="row" className="row-head">
                        {m.name}
                        <span className="hint cell-note">scores {m.criterionIds === null ? "every judged criterion" : m.criterionNames.join(", ")}</span>
                      </th>
                      {panel.bidders.map((b) => {
                        const d = panel.declarations.find((x) => x.userId === m.userId && x.vendorOrganisationId === b.vendorOrganisationId);
                        const current = d?.current;
                        return (
                          <td key={b.vendorOrganisationId}>
                            {!current ? (
                              <span className="badge badge--neutral">Not declared yet</span>
                            ) : current.hasConflict ? (
                              <>
                                <span className="badge badge--bad">Conflict</span> {current.note}
                              </>
                            ) : (
                              <span className="badge">No conflict</span>
                            )}
                            {current ? <span className="hint cell-note"><LocalTime value={current.declaredAt} /></span> : null}
                            {d && d.history.length > 1 ? (
                              <details>
                                <summary>History ({d.history.length - 1} {d.history.length === 2 ? "change" : "changes"})</summary>
                                <ol className="plain-list">
                                  {d.history.map((h, i) => (
                                    <li key={i}>
                                      <LocalTime value={h.declaredAt} />: {h.hasConflict ? `conflict — ${h.note}` : "no conflict"}
                                      {h.changeReason ? <> (reason for the change: {h.changeReason})</> : null}
                                    </li>
                                  ))}
                                </ol>
                              </details>
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}
