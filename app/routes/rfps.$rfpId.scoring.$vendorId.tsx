// One bidder for one panel member: its MESO grid (three bundles side by side, then each
// bundle's SLAs, remedies, contingent clauses and terms) and, per judged criterion they score,
// a score (0–10 in halves) and a justification per bundle. "Save draft" keeps everything typed;
// "Submit scores for …" submits one criterion (all three bundles). Without JavaScript these are
// plain posts; with it, drafts also save as you type (a debounced fetcher post). A refused post
// answers with what was typed and the messages by each field. Once submitted, the other
// evaluators' scores of that criterion appear (independence: never before).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { CellErrors } from "~/components/bid/fields";
import { KeptMarkup } from "~/components/kept-markup";
import { ReceiptBundles } from "~/components/bid/receipt-bundles";
import { BundleClausesSummary } from "~/components/evaluation/bundle-clauses-summary";
import { FormErrors } from "~/components/forms";
import { LocalTime } from "~/components/local-time";
import { formatPointsValue } from "~/domain/evaluation-workspace/consensus";
import { formatScore, justificationField, scoreEntriesFromFields, scoreField } from "~/domain/evaluation-workspace/scoring";
import { DomainError, httpStatusOf } from "~/domain/errors";
import { runtime } from "~/runtime.server";
import { getVendorScoring, saveScores } from "~/services/evaluation/scoring.server";
import { evaluationClosedReason } from "~/domain/rfp/state";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";
import { readFormData } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Scoring ${data.scoring.vendor.vendorName} · ${data.scoring.rfp.title} · Pareto` : "Scoring · Pareto" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:rfp:own");
  const { database } = await runtime();
  const scoring = await orRespond(getVendorScoring(database.db, params.rfpId ?? "", params.vendorId ?? "", actor));
  const saved = new URL(request.url).searchParams.get("saved");
  return json({ scoring, saved });
}

type Reply =
  | { intent: "form"; fields: Record<string, string>; errors: Record<string, string[]>; formErrors: string[] }
  | { intent: "autosave"; ok: true; savedAt: string }
  | { intent: "autosave"; ok: false; message: string };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "read:rfp:own");
  const rfpId = params.rfpId ?? "";
  const vendorId = params.vendorId ?? "";
  const { database } = await runtime();
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "draft");
  const fields: Record<string, string> = {};
  for (const [name, value] of form) if (typeof value === "string" && name !== "intent") fields[name] = value;
  // Scores as typed: the service's one check names every problem of the form at once.
  const entries = scoreEntriesFromFields(fields).filter((e) => e.vendorOrganisationId === vendorId);
  const refused = (status: number, errors: Record<string, string[]>, message: string) =>
    intent === "autosave"
      ? json<Reply>({ intent: "autosave", ok: false, message: Object.values(errors)[0]?.[0] ?? message }, { status })
      : json<Reply>({ intent: "form", fields, errors, formErrors: [message] }, { status });

  const submitting = /^submit:(.+)$/.exec(intent)?.[1] ?? null;
  try {
    // One save: the submitted criterion and the other criteria's drafts, all or nothing.
    await saveScores(database.db, rfpId, actor, { entries, submit: submitting ? { criterionIds: [submitting] } : false });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return refused(httpStatusOf[error.code], error.fieldErrors, error.message);
  }
  if (intent === "autosave") return json<Reply>({ intent: "autosave", ok: true, savedAt: new Date().toISOString() });
  return redirect(`/rfps/${rfpId}/scoring/${vendorId}?saved=${submitting ? encodeURIComponent(submitting) : "draft"}${submitting ? `#criterion-${submitting}` : ""}`);
}

/** Autosaves answer their own fetcher; reloading would reset the fields mid-typing. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => (formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate);

const AUTOSAVE_DELAY_MS = 1_500;

function useScoreAutosave(enabled: boolean) {
  const fetcher = useFetcher<Reply>({ key: "score-autosave" });
  const formRef = useRef<HTMLFormElement>(null);
  // The latest fetcher, so the listeners (bound once) never post through a stale one.
  const submitRef = useRef(fetcher.submit);
  submitRef.current = fetcher.submit;
  useEffect(() => {
    const form = formRef.current;
    if (!form || !enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onInput = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const data = new FormData(form);
        data.set("intent", "autosave");
        void submitRef.current(data, { method: "post" });
      }, AUTOSAVE_DELAY_MS);
    };
    const onSubmit = () => clearTimeout(timer);
    form.addEventListener("input", onInput);
    form.addEventListener("submit", onSubmit);
    return () => {
      clearTimeout(timer);
      form.removeEventListener("input", onInput);
      form.removeEventListener("submit", onSubmit);
    };
  }, [enabled]);
  return { fetcher, formRef };
}

export default function VendorScoringPage() {
  const { scoring, saved } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const formReply = reply?.intent === "form" ? reply : undefined;
  const open = scoring.criteria.filter((c) => !c.submitted);
  // Locked by the chair, or closed by the approved award: read as submitted.
  const closedReason = evaluationClosedReason(scoring.rfp.state);
  const frozen = scoring.locked || closedReason !== null;
  const editable = !frozen && open.length > 0;
  const { fetcher, formRef } = useScoreAutosave(editable);
  const autosave = fetcher.data?.intent === "autosave" ? fetcher.data : undefined;
  const { slots, vendor } = scoring;
  const savedCriterion = saved && saved !== "draft" ? scoring.criteria.find((c) => c.id === saved) : undefined;
  const slotLabel = (slotId: string) => {
    const slot = slots.find((s) => s.id === slotId);
    return slot ? `Bundle ${slot.letter} (${slot.name})` : slotId;
  };
  const value = (name: string, stored: string) => (formReply ? formReply.fields[name] ?? "" : stored);
  const errors = formReply?.errors ?? {};

  return (
    <>
      <p className="crumbs"><Link to="..">← All bidders</Link></p>
      <section className="panel" aria-labelledby="vendor-title">
        <h2 id="vendor-title">Scoring: {vendor.vendorName}</h2>
        <p className="hint">Version {vendor.versionNumber} of the bid, as counted at the opening.</p>
        {saved === "draft" ? <p className="notice" role="status">Draft saved.</p> : null}
        {savedCriterion ? <p className="notice" role="status">Your scores for “{savedCriterion.name}” are submitted.</p> : null}
        {scoring.locked ? <p className="notice">The chair has locked the scores: they can no longer change.</p> : closedReason ? <p className="notice">{closedReason}</p> : null}
        {scoring.pricesNote ? <p className="notice">{scoring.pricesNote}</p> : null}
        <h3 className="subhead">The three bundles</h3>
        {/* The bid as counted is the same for every panel member and every view: kept markup. */}
        <KeptMarkup
          component={ReceiptBundles}
          props={{
            caption: `${vendor.vendorName}: each issue for bundles A, B and C`,
            currency: scoring.rfp.currency,
            termSheet: scoring.termSheet,
            hidden: scoring.hiddenIssueIds.length ? { issueIds: scoring.hiddenIssueIds, text: "Hidden until scores are locked" } : undefined,
            bundles: scoring.bundles.map((b) => ({ slotId: b.slotId, letter: b.letter, slotName: b.slotName, values: b.values, slaCount: b.clauses.slas.length, remedyCount: b.clauses.slas.reduce((n, s) => n + s.remedies.length, 0) })),
          }}
        />
      </section>
      {scoring.bundles.map((b) => (
        <KeptMarkup key={b.slotId} component={BundleClausesSummary} props={{ letter: b.letter, slotName: b.slotName, clauses: b.clauses }} />
      ))}

      {/* noValidate: the server's messages (by each field) are the same with and without JavaScript. */}
      <Form method="post" ref={formRef} noValidate aria-busy={navigation.state === "submitting" || undefined} className="panel" aria-labelledby="scores-title">
        <h2 id="scores-title">Your scores</h2>
        <p className="hint">Score each bundle from 0 to 10 (halves allowed) and justify every score. You see other evaluators’ scores of a criterion once you have submitted yours.</p>
        <FormErrors errors={formReply?.formErrors} />
        {scoring.criteria.length === 0 ? <p className="muted">You are not assigned any judged criterion of this RFP.</p> : null}
        {scoring.criteria.map((c) => (
          <section key={c.id} id={`criterion-${c.id}`} aria-labelledby={`criterion-${c.id}-title`} className="sla-card">
            <h3 id={`criterion-${c.id}-title`}>
              {c.name} <span className="hint">(weight {c.weight})</span>{" "}
              {c.submitted ? <span className="badge">Submitted</span> : <span className="badge badge--neutral">Draft</span>}
            </h3>
            {c.rubric ? <p className="hint"><strong>Rubric:</strong> {c.rubric}</p> : null}
            {c.submitted || frozen ? (
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">Your scores for {c.name}</caption>
                  <thead>
                    <tr><th scope="col">Bundle</th><th scope="col" className="num">Score</th><th scope="col">Justification</th></tr>
                  </thead>
                  <tbody>
                    {c.own.map((s) => (
                      <tr key={s.slotId}>
                        <th scope="row" className="row-head">{slotLabel(s.slotId)}</th>
                        <td className="num">{formatScore(s.score)}</td>
                        <td>{s.justification || <span className="muted">—</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              // One card per bundle: side by side on a wide screen, stacked on a phone.
              <div className="remedy-grid">
                {c.own.map((s) => {
                  const key = { vendorOrganisationId: vendor.vendorOrganisationId, slotId: s.slotId, criterionId: c.id };
                  const sf = scoreField(key);
                  const jf = justificationField(key);
                  const label = `${slotLabel(s.slotId).replace(/^Bundle/, "bundle")} on ${c.name}`;
                  return (
                    <fieldset key={s.slotId} className="remedy" style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
                      <legend className="remedy__title">{slotLabel(s.slotId)}</legend>
                      <div className="cell">
                        <label htmlFor={sf}>Score (0–10)</label>
                        <input
                          type="number"
                          id={sf}
                          name={sf}
                          min={0}
                          max={10}
                          step={0.5}
                          inputMode="decimal"
                          aria-label={`Score for ${label}`}
                          defaultValue={value(sf, s.score === null ? "" : String(s.score))}
                          aria-invalid={errors[sf] ? true : undefined}
                          aria-describedby={errors[sf] ? `${sf}-error` : undefined}
                          style={{ font: "inherit", padding: "0.35rem 0.45rem", maxWidth: "7rem" }}
                        />
                        <CellErrors name={sf} errors={errors[sf]} />
                      </div>
                      <div className="cell">
                        <label htmlFor={jf}>Justification</label>
                        <textarea
                          id={jf}
                          name={jf}
                          rows={4}
                          aria-label={`Justification for ${label}`}
                          defaultValue={value(jf, s.justification)}
                          aria-invalid={errors[jf] ? true : undefined}
                          aria-describedby={errors[jf] ? `${jf}-error` : undefined}
                        />
                        <CellErrors name={jf} errors={errors[jf]} />
                      </div>
                    </fieldset>
                  );
                })}
              </div>
            )}
            {!c.submitted && !frozen ? (
              <p className="button-row">
                <button type="submit" name="intent" value={`submit:${c.id}`} className="button">Submit scores for {c.name}</button>
                <span className="hint">Submitted scores cannot change; the chair can moderate the consensus.</span>
              </p>
            ) : c.submitted && c.own[0]?.submittedAt ? (
              <p className="hint">Submitted <LocalTime value={c.own[0].submittedAt} />.</p>
            ) : null}
            {c.others ? (
              c.others.length === 0 ? (
                <p className="muted">No other evaluator has submitted scores for {c.name} yet.</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption>Other evaluators’ scores for {c.name}</caption>
                    <thead>
                      <tr><th scope="col">Evaluator</th><th scope="col">Bundle</th><th scope="col" className="num">Score</th><th scope="col">Justification</th></tr>
                    </thead>
                    <tbody>
                      {c.others.map((o, i) => (
                        <tr key={i}>
                          <td>{o.userName}</td>
                          <td>{slotLabel(o.slotId)}</td>
                          <td className="num">{formatScore(o.score)}</td>
                          <td>{o.justification}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )
            ) : !c.submitted ? (
              <p className="hint">Other evaluators’ scores for {c.name} appear once you submit yours.</p>
            ) : null}
            {c.consensus && c.others && c.others.length > 0 ? (
              <div className="table-wrap">
                {/* On a phone each bundle is a card (consensus, spread and count labelled), not four columns off the screen. */}
                <table className="table--stack">
                  <caption>Consensus so far for {c.name}</caption>
                  <thead>
                    <tr><th scope="col">Bundle</th><th scope="col" className="num">Consensus</th><th scope="col" className="num">Spread</th><th scope="col">Scores counted</th></tr>
                  </thead>
                  <tbody>
                    {c.consensus.map((cell) => (
                      <tr key={cell.slotId}>
                        <th scope="row" className="row-head">{slotLabel(cell.slotId)}</th>
                        <td className="num" data-label="Consensus">
                          {formatPointsValue(cell.consensus)}
                          {cell.moderation ? <span className="hint"> (moderated: {cell.moderation.reason})</span> : null}
                        </td>
                        <td className="num" data-label="Spread">
                          {formatPointsValue(cell.spread)}
                          {cell.spreadFlagged ? <> <span className="badge badge--warn">{cell.moderation ? "Spread flagged, moderated" : "Spread flagged"}</span></> : null}
                        </td>
                        <td data-label="Scores counted">{cell.submittedCount}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="hint">
                  Consensus method: {scoring.consensusRule.method}, spread margin {formatPointsValue(scoring.consensusRule.spreadMargin)} points. {scoring.consensusRule.description}
                </p>
              </div>
            ) : null}
          </section>
        ))}
        {editable ? (
          <p className="button-row">
            <button type="submit" name="intent" value="draft" className="button button--secondary">Save draft</button>
            <span className="hint" role="status" aria-live="polite">
              {fetcher.state !== "idle" ? "Saving…" : autosave?.ok ? <>Draft saved <LocalTime value={autosave.savedAt} />.</> : autosave && !autosave.ok ? `Not saved: ${autosave.message}` : "Drafts also save as you type."}
            </span>
          </p>
        ) : null}
      </Form>
    </>
  );
}
