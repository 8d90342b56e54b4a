// The panel chair's consensus page: per judged criterion, every bidder's bundles with each
// evaluator's score and justification, mean, median, the engine's consensus and the spread
// flag; a moderated score with a reason where the method asks for it or the spread is flagged;
// the score lock; evaluation runs stored as snapshots with their input and result to download.
// Works without JavaScript: every action is a plain form post answered by a redirect, or by
// the page again with the messages by their fields and what was typed kept.
import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextAreaField, TextField } from "~/components/forms";
import { LocalTime } from "~/components/local-time";
import { DomainError, httpStatusOf } from "~/domain/errors";
import { CONSENSUS_METHOD_LABELS, formatPointsValue, formatScore, moderateScoreSchema, unlockScoresSchema } from "~/domain/evaluation-workspace/consensus";
import { runtime } from "~/runtime.server";
import { getConsensus, lockScores, moderate, unlockScores } from "~/services/evaluation/consensus.server";
import { runEvaluation } from "~/services/evaluation/snapshots.server";
import { orRespond } from "~/web/errors.server";
import { replyWithDomainError } from "~/web/forms.server";
import { requireActor } from "~/web/session.server";
import { noticeParam, readFormData } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "Consensus · Pareto" }];

const DONE: Record<string, string> = {
  moderated: "Moderated score saved.",
  locked: "Scores locked. Evaluators can no longer change them, and runs from now on use the locked scores.",
  unlocked: "Scores unlocked. The reason is kept in the audit trail.",
  run: "Evaluation run and stored as a snapshot.",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "moderate:scores:own");
  const { database } = await runtime();
  const rfpId = params.rfpId ?? "";
  // The evaluation runs come with the consensus (chair only, once the bids are opened).
  const view = await orRespond(getConsensus(database.db, rfpId, actor));
  return json({ view, notice: noticeParam(request, DONE) });
}

type ActionData =
  | { intent: "moderate"; cell: string; result: SubmissionResult<string[]> }
  | { intent: "unlock"; result: SubmissionResult<string[]> }
  | { intent: "lock" | "run" | "unknown"; message: string; items: string[] };

const cellId = (criterionId: string, vendorOrganisationId: string, slotId: string) => `${criterionId}--${vendorOrganisationId}--${slotId}`;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "moderate:scores:own");
  const { database } = await runtime();
  const rfpId = params.rfpId ?? "";
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const here = `/rfps/${rfpId}/consensus`;

  if (intent === "moderate") {
    const cell = cellId(String(formData.get("criterionId") ?? ""), String(formData.get("vendorOrganisationId") ?? ""), String(formData.get("slotId") ?? ""));
    const submission = parseWithZod(formData, { schema: moderateScoreSchema });
    if (submission.status !== "success") return json<ActionData>({ intent, cell, result: submission.reply() }, { status: 400 });
    try {
      await moderate(database.db, rfpId, submission.value, actor);
    } catch (error) {
      const reply = replyWithDomainError(submission, error);
      return json<ActionData>({ intent, cell, result: await reply.json() }, { status: reply.status });
    }
    return redirect(`${here}?done=moderated#cell-${cell}`);
  }
  if (intent === "unlock") {
    const submission = parseWithZod(formData, { schema: unlockScoresSchema });
    if (submission.status !== "success") return json<ActionData>({ intent, result: submission.reply() }, { status: 400 });
    try {
      await unlockScores(database.db, rfpId, submission.value, actor);
    } catch (error) {
      const reply = replyWithDomainError(submission, error);
      return json<ActionData>({ intent, result: await reply.json() }, { status: reply.status });
    }
    return redirect(`${here}?done=unlocked#lock`);
  }
  if (intent === "lock" || intent === "run") {
    try {
      if (intent === "lock") await lockScores(database.db, rfpId, actor);
      else await runEvaluation(database.db, rfpId, actor);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const items = error.fieldErrors[intent] ?? [];
      const message = items.length > 0 ? (intent === "lock" ? "The scores cannot be locked yet:" : "The evaluation cannot run yet:") : error.message;
      return json<ActionData>({ intent, message, items }, { status: httpStatusOf[error.code] });
    }
    return redirect(`${here}?done=${intent === "lock" ? "locked" : "run"}#${intent === "lock" ? "lock" : "snapshots"}`);
  }
  return json<ActionData>({ intent: "unknown", message: "Unknown action: reload the page and try again.", items: [] }, { status: 400 });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Criterion = LoaderData["view"]["criteria"][number];
type Cell = Criterion["cells"][number];

export default function ConsensusPage() {
  const { view, notice } = useLoaderData<typeof loader>();
  const { snapshots } = view;
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";

  if (!view.opened) {
    return (
      <section className="panel" aria-labelledby="consensus-title">
        <h2 id="consensus-title">Consensus</h2>
        <p className="notice">The bids of this RFP have not been opened yet, so there are no scores to bring together. After the deadline, two people of your organisation open the bids on the Bid opening tab; the panel then scores.</p>
      </section>
    );
  }

  // A flagged spread with a moderated score is settled: the summary counts those apart from the ones still waiting.
  const flagged = view.criteria.flatMap((c) => c.cells.filter((cell) => cell.spreadFlagged));
  const toModerate = flagged.filter((cell) => !cell.moderation).length;
  const moderated = flagged.length - toModerate;
  const lockProblem = actionData && actionData.intent === "lock" ? actionData : null;
  const runProblem = actionData && actionData.intent === "run" ? actionData : null;
  const other = actionData && actionData.intent === "unknown" ? actionData : null;

  return (
    <>
      <section className="panel" aria-labelledby="consensus-title">
        <h2 id="consensus-title">Consensus</h2>
        {notice ? <p className="notice" role="status">{notice}</p> : null}
        {other ? <FormErrors errors={[other.message]} /> : null}
        <p>
          Consensus method: <strong>{CONSENSUS_METHOD_LABELS[view.method]}</strong> · spread margin {formatPointsValue(view.spreadMargin)} points ·{" "}
          {view.bidderCount} {view.bidderCount === 1 ? "bidder" : "bidders"} · {view.panel.length} {view.panel.length === 1 ? "evaluator" : "evaluators"} on the panel
          {toModerate > 0 ? <> · <span className="badge badge--warn">{toModerate} flagged spread{toModerate === 1 ? "" : "s"} to moderate</span></> : null}
          {moderated > 0 ? <> · <span className="badge">{moderated} flagged spread{moderated === 1 ? "" : "s"} moderated</span></> : null}
        </p>
        <p className="hint">{view.description} A moderated score counts under every method; you set one where the method is “moderated” or the spread is flagged.</p>
        {view.outstanding.length > 0 ? (
          <details>
            <summary>Scores not submitted yet ({view.outstanding.length})</summary>
            <ul className="plain-list">
              {view.outstanding.map((o) => (
                <li key={`${o.evaluatorId}-${o.criterionId}-${o.vendorOrganisationId}`}>
                  {o.evaluatorName}: “{o.criterionName}” for {o.vendorName} ({o.slotNames.join(", ")})
                </li>
              ))}
            </ul>
          </details>
        ) : (
          <p className="muted">Every panel evaluator has submitted every score they owe.</p>
        )}
      </section>

      {view.criteria.length === 0 ? <p className="empty">This RFP has no judged criteria: nothing for the panel to score.</p> : null}
      {view.criteria.map((criterion) => (
        <CriterionTable key={criterion.criterionId} criterion={criterion} locked={view.lock.locked || view.closedReason !== null} actionData={actionData} busy={busy} />
      ))}

      <section className="panel" id="lock" aria-labelledby="lock-title">
        <h2 id="lock-title">Score lock</h2>
        {view.lock.locked ? (
          <p>
            <span className="badge">Scores locked</span> by {view.lock.last?.byName} at <LocalTime value={view.lock.last?.at} />.
          </p>
        ) : (
          <p>
            <span className="badge badge--neutral">Scores open</span>
            {view.lock.last?.action === "unlock" ? (
              <> Unlocked by {view.lock.last.byName} at <LocalTime value={view.lock.last.at} />: “{view.lock.last.reason}”.</>
            ) : (
              " Not locked yet."
            )}
          </p>
        )}
        {view.closedReason ? (
          <p className="notice">{view.closedReason}</p>
        ) : view.lock.locked ? (
          <UnlockForm result={actionData && actionData.intent === "unlock" ? actionData.result : undefined} busy={busy} />
        ) : (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="lock" />
            {lockProblem ? <Problems id="lock-problems" message={lockProblem.message} items={lockProblem.items} /> : null}
            {!lockProblem && view.lockBlockers.length > 0 ? (
              <p className="hint">Locking waits for: {view.lockBlockers.length} {view.lockBlockers.length === 1 ? "item" : "items"} (listed when you try).</p>
            ) : null}
            <button type="submit" className="button" disabled={busy}>Lock scores</button>
          </Form>
        )}
      </section>

      <section className="panel" id="snapshots" aria-labelledby="snapshots-title">
        <h2 id="snapshots-title">Evaluation runs</h2>
        <p className="hint">
          Each run stores a snapshot: the engine's exact input (bids, criteria, your confidential reservation price and BATNA, the submitted scores and moderations), its SHA-256, the
          engine version and the result. <code>npm run evaluate -- input.json --json</code> on a snapshot's input reproduces its result byte for byte. Snapshots hold confidential figures: keep the files inside your organisation.
        </p>
        {view.closedReason ? (
          <p className="hint">The award rests on the newest run below; no new run can be made.</p>
        ) : (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="run" />
            {runProblem ? <Problems id="run-problems" message={runProblem.message} items={runProblem.items} /> : null}
            <button type="submit" className="button" disabled={busy}>Run the evaluation</button>
            {!view.lock.locked ? <span className="hint"> Scores are not locked: this run uses the submitted scores as they are now (a draft run).</span> : null}
          </Form>
        )}
        {snapshots.length === 0 ? (
          <p className="muted">No evaluation has been run yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Evaluation snapshots, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Run at</th>
                  <th scope="col">By</th>
                  <th scope="col">Scores</th>
                  <th scope="col">Input SHA-256</th>
                  <th scope="col">Engine</th>
                  <th scope="col">Download</th>
                </tr>
              </thead>
              <tbody>
                {snapshots.map((s) => (
                  <tr key={s.id}>
                    <td><LocalTime value={s.createdAt} /></td>
                    <td>{s.createdByName ?? "—"}</td>
                    <td>{s.scoresLocked ? <span className="badge">Locked scores</span> : <span className="badge badge--neutral">Draft scores</span>}</td>
                    <td><span className="mono hash" title={s.inputHash}>{s.inputHash.slice(0, 16)}…</span></td>
                    <td>{s.engineVersion}</td>
                    <td>
                      <a href={`/rfps/${view.rfpId}/snapshots/${s.id}/input.json`} download>Input JSON</a>
                      {" · "}
                      <a href={`/rfps/${view.rfpId}/snapshots/${s.id}/result.json`} download>Result JSON</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function Problems({ id, message, items }: { id: string; message: string; items: string[] }) {
  return (
    <div id={id} className="form-error" role="alert">
      <p>{message}</p>
      {items.length > 0 ? (
        <ul>
          {items.map((item) => <li key={item}>{item}</li>)}
        </ul>
      ) : null}
    </div>
  );
}

function CriterionTable({ criterion, locked, actionData, busy }: { criterion: Criterion; locked: boolean; actionData: ActionData | undefined; busy: boolean }) {
  const titleId = `criterion-${criterion.criterionId}-title`;
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{criterion.name} <span className="muted">(weight {formatPointsValue(criterion.weight)})</span></h2>
      {criterion.rubric ? <p className="hint">Rubric: {criterion.rubric}</p> : null}
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Scores and consensus for {criterion.name}</caption>
          <thead>
            <tr>
              <th scope="col">Bidder</th>
              <th scope="col">Bundle</th>
              <th scope="col" style={{ minWidth: "11rem" }}>Evaluators' scores (open for the justification)</th>
              <th scope="col" className="num">Mean</th>
              <th scope="col" className="num">Median</th>
              <th scope="col" className="num">Consensus</th>
              <th scope="col" className="num">Spread</th>
              <th scope="col">Moderation</th>
            </tr>
          </thead>
          <tbody>
            {criterion.cells.map((cell) => {
              const id = cellId(criterion.criterionId, cell.vendorOrganisationId, cell.slotId);
              const result = actionData && actionData.intent === "moderate" && actionData.cell === id ? actionData.result : undefined;
              return <CellRow key={id} id={id} criterion={criterion} cell={cell} locked={locked} result={result} busy={busy} />;
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CellRow({ id, criterion, cell, locked, result, busy }: { id: string; criterion: Criterion; cell: Cell; locked: boolean; result: SubmissionResult<string[]> | undefined; busy: boolean }) {
  return (
    <tr id={`cell-${id}`}>
      <th scope="row" className="row-head">{cell.vendorName}</th>
      <td>{cell.slotName}</td>
      <td>
        {cell.scores.length === 0 ? <span className="muted">No scores yet</span> : null}
        {cell.scores.map((s) => (
          <details key={s.evaluatorId}>
            <summary>
              <span style={{ whiteSpace: "nowrap" }}>{s.evaluatorName}</span> <strong>{formatScore(s.score)}</strong>
              {s.submitted ? null : <> <span className="badge badge--neutral">Draft, not counted</span></>}
            </summary>
            <p className="plain-text">{s.justification || <span className="muted">No justification yet.</span>}</p>
          </details>
        ))}
      </td>
      <td className="num">{formatPointsValue(cell.mean)}</td>
      <td className="num">{formatPointsValue(cell.median)}</td>
      <td className="num"><strong>{formatPointsValue(cell.consensus)}</strong>{cell.moderation ? <span className="hint"> (moderated)</span> : null}</td>
      <td className="num">
        {formatPointsValue(cell.spread)}
        {cell.spreadFlagged ? <> <span className="badge badge--warn">Spread flagged</span></> : null}
      </td>
      <td>
        {cell.moderation ? (
          <p>
            <strong>{formatPointsValue(cell.moderation.value)}</strong>: “{cell.moderation.reason}”
            <br />
            <span className="hint">{cell.moderation.moderatedByName}, <LocalTime value={cell.moderation.moderatedAt} /></span>
          </p>
        ) : null}
        {locked ? (
          cell.moderation ? null : <span className="muted">—</span>
        ) : cell.moderationRefusal === null ? (
          <ModerationForm id={id} criterion={criterion} cell={cell} result={result} busy={busy} />
        ) : cell.moderation ? null : (
          <span className="muted" title={cell.moderationRefusal}>Not needed</span>
        )}
      </td>
    </tr>
  );
}

function ModerationForm({ id, criterion, cell, result, busy }: { id: string; criterion: Criterion; cell: Cell; result: SubmissionResult<string[]> | undefined; busy: boolean }) {
  const [form, fields] = useForm({
    id: `moderate-${id}`,
    lastResult: result,
    defaultValue: { value: cell.moderation ? String(cell.moderation.value) : "", reason: cell.moderation?.reason ?? "" },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: moderateScoreSchema }),
  });
  const open = cell.spreadFlagged || Boolean(result) || cell.moderation === null;
  return (
    <details open={open}>
      <summary>{cell.moderation ? "Change the moderated score" : "Set a moderated score"}</summary>
      <Form method="post" {...getFormProps(form)} aria-label={`Moderate ${criterion.name}, ${cell.vendorName}, ${cell.slotName}`}>
        <input type="hidden" name="intent" value="moderate" />
        <input type="hidden" name="vendorOrganisationId" value={cell.vendorOrganisationId} />
        <input type="hidden" name="slotId" value={cell.slotId} />
        <input type="hidden" name="criterionId" value={criterion.criterionId} />
        <input type="hidden" name="expectedVersion" value={cell.moderation?.version ?? 0} />
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField label="Moderated score" meta={fields.value as unknown as FieldMetadata<string | undefined>} hint="0–10 in steps of 0.5" />
        <TextAreaField label="Reason for the moderated score" meta={fields.reason} rows={2} />
        <button type="submit" className="button button--small" disabled={busy}>Save moderated score</button>
      </Form>
    </details>
  );
}

function UnlockForm({ result, busy }: { result: SubmissionResult<string[]> | undefined; busy: boolean }) {
  const [form, fields] = useForm({
    id: "unlock-scores",
    lastResult: result,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: unlockScoresSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} aria-label="Unlock the scores">
      <input type="hidden" name="intent" value="unlock" />
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextAreaField label="Reason for unlocking" meta={fields.reason} rows={2} hint="Kept in the audit trail. Evaluators can change their scores again until you lock them." />
      <button type="submit" className="button button--secondary" disabled={busy}>Unlock scores</button>
    </Form>
  );
}
