// Criteria and weights: one form for every weight (with a live total), one to add a
// criterion, one for the price formula and evaluated price, the evaluation procedure (quality
// before price, fixed at publication), and the gates.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { TextField } from "~/components/forms";
import { EditorForm, ReadOnlySection, RemoveRowForm, SavedNotice, useEditable, useEditorForm, useSaveOnLeaving, type EditorReply } from "~/components/rfp-editor/editor";
import { methodText } from "~/components/rfp/criteria-table";
import { typedNumber } from "~/domain/bids/grid-form-numbers";
import { formatNumber } from "~/domain/evaluation/format";
import { ownValue } from "~/domain/evaluation/price";
import { GATE_OPERATORS } from "~/domain/evaluation/schema";
import { weightTotal } from "~/domain/rfp/criteria";
import {
  criterionFromRow,
  issueLimitOf,
  criterionRowSchema,
  DIRECTION_LABELS,
  evaluationFormSchema,
  evaluationFromForm,
  formatMinor,
  minorToAmountText,
  PRICE_FORMULA_LABELS,
  QUALITY_BEFORE_PRICE_HINT,
  QUALITY_BEFORE_PRICE_LABEL,
  qualityBeforePriceFormSchema,
  removeRowSchema,
  weightsFormSchema,
} from "~/domain/rfp/editor-forms";
import { DomainError } from "~/domain/errors";
import { changesFixedAtPublication } from "~/domain/rfp/actions";
import { describeScoringForVendors, QUALITY_BEFORE_PRICE_FOR_VENDORS } from "~/domain/rfp/preview";
import { editorInvalid, editorRefused } from "~/web/editor-actions.server";
import { loadRfpForEditing, loadWorkspaceTab, sectionSaver } from "~/web/rfp-editor.server";
import { readFormData } from "~/web/input.server";

const gateRowSchema = z
  .object({
    expectedVersion: z.coerce.number().int().min(1),
    reason: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(3, "Give the reason for this addendum (vendors read it)").optional()),
    name: z.string({ message: "Name the gate" }).trim().min(1, "Name the gate").max(120),
    kind: z.enum(["number", "choice", "sla-present", "criterion-min"], { message: "Choose the kind of gate" }),
    issueId: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
    operator: z.preprocess((v) => (v === "" ? undefined : v), z.enum(GATE_OPERATORS).optional()),
    value: typedNumber("Give the limit as a number").pipe(z.number().optional()),
    metric: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().optional()),
    /** Choice gates: the acceptable options, one per line, as named on the term sheet. */
    allowed: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(2_000).optional()),
    criterionId: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
    minimumPercent: typedNumber("Give the minimum as a percentage").pipe(z.number().min(0, "At least 0 %").max(100, "At most 100 %").optional()),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "number" || v.kind === "choice") {
      if (!v.issueId) ctx.addIssue({ code: "custom", path: ["issueId"], message: "Choose the issue the gate tests" });
    }
    if (v.kind === "number") {
      if (!v.operator) ctx.addIssue({ code: "custom", path: ["operator"], message: "Choose the comparison" });
      if (v.value === undefined) ctx.addIssue({ code: "custom", path: ["value"], message: "Give the limit as a number" });
    } else if (v.kind === "choice") {
      if (!v.allowed?.trim()) ctx.addIssue({ code: "custom", path: ["allowed"], message: "List the acceptable options, one per line" });
    } else if (v.kind === "criterion-min") {
      if (!v.criterionId) ctx.addIssue({ code: "custom", path: ["criterionId"], message: "Choose the criterion" });
      if (v.minimumPercent === undefined) ctx.addIssue({ code: "custom", path: ["minimumPercent"], message: "Give the minimum score as a percentage" });
    } else if (!v.metric) ctx.addIssue({ code: "custom", path: ["metric"], message: "Name the SLA metric every bundle must commit to" });
  });

const pointsFormSchema = z.object({
  expectedVersion: z.coerce.number().int().min(1),
  reason: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(3, "Give the reason for this addendum (vendors read it)").optional()),
  criterionId: z.string().min(1),
  points: z.record(z.string(), typedNumber("Give points as a number of 0 or more").pipe(z.number({ error: "Give points as a number of 0 or more" }).min(0, "Points are 0 or more"))),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(
    await loadWorkspaceTab(request, context, params.rfpId!, ({ view }) => {
      const d = view.definition;
      const preview = describeScoringForVendors(d);
      return {
        definition: { criteria: d.criteria, termSheet: d.termSheet, basics: { currency: d.basics.currency } },
        /** How each criterion is scored and each gate reads, in the words vendors read. */
        methods: Object.fromEntries(preview.criteria.map((m) => [m.criterionId, m.description])),
        gates: preview.gates,
      };
    }),
  );
}

/** The tab's data; its panels read it under one name. */
const useRfp = () => useLoaderData<typeof loader>();

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, db, view } = await loadRfpForEditing(request, context, params.rfpId!, "update:rfp:own");
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const section = view.definition.criteria;
  const save = sectionSaver(request, db, view, actor, "criteria");

  // A criterion's remove button submits the weights form with its id, so typed weights are kept.
  const removeId = formData.get("removeId") ? String(formData.get("removeId")) : null;
  if (intent === "weights" || removeId) {
    const submission = parseWithZod(formData, { schema: weightsFormSchema(section.criteria.map((c) => c.id)) });
    if (submission.status !== "success") return editorInvalid("weights", submission);
    const { expectedVersion, reason, weight } = submission.value;
    const criteria = section.criteria.filter((c) => c.id !== removeId).map((c) => ({ ...c, weight: weight[c.id] ?? c.weight }));
    return save("weights", submission, { ...section, criteria }, { expectedVersion, reason }, removeId ? "Criteria" : "Weights");
  }
  if (intent === "points") {
    const submission = parseWithZod(formData, { schema: pointsFormSchema });
    if (submission.status !== "success") return editorInvalid("points", submission);
    const v = submission.value;
    const criteria = section.criteria.map((c) => (c.id === v.criterionId && c.kind === "choice" ? { ...c, points: { ...c.points, ...v.points } } : c));
    return save("points", submission, { ...section, criteria }, { expectedVersion: v.expectedVersion, reason: v.reason }, "Points per option");
  }
  if (intent === "add-criterion") {
    const submission = parseWithZod(formData, { schema: criterionRowSchema });
    if (submission.status !== "success") return editorInvalid("add-criterion", submission);
    const { expectedVersion, reason } = submission.value;
    let row = submission.value;
    if (row.kind === "number") {
      // A money issue's bounds are typed as amounts and stored in minor units, as bids are.
      const issue = view.definition.termSheet.find((i) => i.id === row.issueId);
      const [worst, best] = [issueLimitOf(issue, row.worst!, view.definition.basics.currency), issueLimitOf(issue, row.best!, view.definition.basics.currency)];
      if (!worst.ok || !best.ok) {
        const fieldErrors = { ...(worst.ok ? {} : { worst: [worst.message] }), ...(best.ok ? {} : { best: [best.message] }) };
        return editorInvalid("add-criterion", { reply: () => submission.reply({ fieldErrors }) });
      }
      row = { ...row, worst: worst.value, best: best.value };
    }
    const criteria = [...section.criteria, criterionFromRow(row, view.definition.termSheet)];
    return save("add-criterion", submission, { ...section, criteria }, { expectedVersion, reason }, `Criterion "${submission.value.name}"`);
  }
  if (intent === "evaluation") {
    const submission = parseWithZod(formData, { schema: evaluationFormSchema(view.definition.basics.currency) });
    if (submission.status !== "success") return editorInvalid("evaluation", submission);
    const v = submission.value;
    const evaluation = evaluationFromForm(section.evaluation, v);
    return save("evaluation", submission, { ...section, evaluation }, { expectedVersion: v.expectedVersion, reason: v.reason }, "Price and scoring settings");
  }
  if (intent === "procedure") {
    const submission = parseWithZod(formData, { schema: qualityBeforePriceFormSchema });
    if (submission.status !== "success") return editorInvalid("procedure", submission);
    const v = submission.value;
    const next = { ...section, qualityBeforePrice: v.qualityBeforePrice };
    // Published: refused by the field at once (the service refuses it too), not after asking for a reason.
    if (view.state !== "draft") {
      const fixed = changesFixedAtPublication(view.definition, { ...view.definition, criteria: next });
      if (Object.keys(fixed).length > 0) return editorRefused("procedure", submission, new DomainError("invalid", Object.values(fixed).flat().join(" "), fixed));
    }
    return save("procedure", submission, next, { expectedVersion: v.expectedVersion, reason: v.reason }, "Evaluation procedure");
  }
  // One small form per kind of gate (add-gate-number, add-gate-choice, …): the reply goes back to the one that sent it.
  if (/^add-gate-(number|choice|sla-present|criterion-min)$/.test(intent)) {
    const submission = parseWithZod(formData, { schema: gateRowSchema });
    if (submission.status !== "success") return editorInvalid(intent, submission);
    const v = submission.value;
    let gate;
    if (v.kind === "number") {
      // A gate on a money issue: its limit typed as an amount, stored in minor units as bids are.
      const limit = issueLimitOf(view.definition.termSheet.find((i) => i.id === v.issueId), v.value!, view.definition.basics.currency);
      if (!limit.ok) return editorInvalid(intent, { reply: () => submission.reply({ fieldErrors: { value: [limit.message] } }) });
      gate = { name: v.name, kind: "number" as const, issueId: v.issueId!, operator: v.operator!, value: limit.value };
    } else if (v.kind === "sla-present") gate = { name: v.name, kind: "sla-present" as const, metric: v.metric! };
    else if (v.kind === "criterion-min") gate = { name: v.name, kind: "criterion-min" as const, criterionId: v.criterionId!, minNormalised: v.minimumPercent! / 100 };
    else {
      // Options are typed by their labels; the gate stores the term sheet's option ids.
      const issue = view.definition.termSheet.find((i) => i.id === v.issueId);
      const options = issue?.kind === "choice" ? issue.options : [];
      const labels = v.allowed!.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      const unknown = labels.filter((l) => !options.some((o) => o.label.toLowerCase() === l.toLowerCase()));
      if (!issue || issue.kind !== "choice" || unknown.length) {
        const message = !issue || issue.kind !== "choice" ? "A choice gate tests a choice issue" : `Not an option of ${issue.name}: ${unknown.join(", ")}`;
        return editorInvalid(intent, { reply: () => submission.reply({ fieldErrors: { [issue?.kind === "choice" ? "allowed" : "issueId"]: [message] } }) });
      }
      gate = { name: v.name, kind: "choice" as const, issueId: issue.id, allowed: options.filter((o) => labels.some((l) => l.toLowerCase() === o.label.toLowerCase())).map((o) => o.id) };
    }
    return save(intent, submission, { ...section, gates: [...section.gates, gate] }, { expectedVersion: v.expectedVersion, reason: v.reason }, `Gate "${v.name}"`);
  }
  if (intent === "remove-gate") {
    const submission = parseWithZod(formData, { schema: removeRowSchema });
    if (submission.status !== "success") return editorInvalid("gates", submission);
    const { expectedVersion, reason, rowId } = submission.value;
    return save("gates", submission, { ...section, gates: section.gates.filter((g) => g.id !== rowId) }, { expectedVersion, reason }, "Gates");
  }
  throw new Response("Unknown action on this page.", { status: 400 });
}

export default function CriteriaSection() {
  const editable = useEditable();
  return editable.editable ? <CriteriaEditor /> : <CriteriaView reason={editable.reason} />;
}

const CONSENSUS_LABELS = { mean: "Mean of the evaluators' scores", median: "Median of the evaluators' scores", moderated: "Moderated value with a written reason" } as const;

/** The section as text, for a reader who cannot change it now: no disabled form fields. */
function CriteriaView({ reason }: { reason: string }) {
  const rfp = useRfp();
  const { criteria, evaluation, qualityBeforePrice, gates } = rfp.definition.criteria;
  const currency = rfp.definition.basics.currency;
  const total = weightTotal(criteria);
  const formula = evaluation.priceFormula;
  const issueName = new Map(rfp.definition.termSheet.map((i) => [i.id, i.name]));
  const choices = criteria.flatMap((c) => (c.kind === "choice" ? [c] : []));
  return (
    <>
      <ReadOnlySection title="Criteria and weights" id="weights-title" reason={reason}>
        {criteria.length === 0 ? (
          <p className="muted">No criteria.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th scope="col">Criterion</th><th scope="col">How it is scored</th><th scope="col" className="num">Weight</th></tr>
              </thead>
              <tbody>
                {criteria.map((c) => (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td className="hint">{methodText({ name: c.name, weight: c.weight, description: ownValue(rfp.methods, c.id) ?? c.kind })}</td>
                    <td className="num">{formatNumber(c.weight)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr><th scope="row" colSpan={2}>Total</th><td className="num">{formatNumber(total)}</td></tr>
              </tfoot>
            </table>
          </div>
        )}
      </ReadOnlySection>
      <section className="panel" aria-labelledby="evaluation-title">
        <h2 id="evaluation-title">Price formula and evaluated price</h2>
        <dl className="facts">
          <dt>Price formula</dt>
          <dd>
            {PRICE_FORMULA_LABELS[formula.kind]}
            {"floorMinor" in formula ? `: floor ${formatMinor(formula.floorMinor, currency)}, ceiling ${formatMinor(formula.ceilingMinor, currency)}` : null}
          </dd>
          <dt>Evaluated price</dt>
          <dd>
            {evaluation.evaluatedPrice.description || <span className="muted">not described</span>}
            {evaluation.evaluatedPrice.terms.length ? (
              <span className="hint cell-note">{evaluation.evaluatedPrice.terms.map((t) => `${issueName.get(t.issueId) ?? t.issueId} × ${formatNumber(t.coefficient)}`).join(" + ")}</span>
            ) : null}
          </dd>
          <dt>Evaluators' consensus</dt>
          <dd>{CONSENSUS_LABELS[evaluation.consensus]}</dd>
          <dt>Disagreement flagged above</dt>
          <dd>{`${formatNumber(evaluation.spreadMargin)} points of 10`}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="procedure-title">
        <h2 id="procedure-title">Evaluation procedure</h2>
        <p>{qualityBeforePrice ? QUALITY_BEFORE_PRICE_FOR_VENDORS : "One envelope: evaluators see prices and quality together."}</p>
      </section>
      {choices.length ? (
        <section className="panel" aria-labelledby="points-title">
          <h2 id="points-title">Points per option</h2>
          {choices.map((c) => {
            const issue = rfp.definition.termSheet.find((i) => i.id === c.issueId);
            const options = issue?.kind === "choice" ? issue.options : [];
            return (
              <div className="table-wrap" key={c.id}>
                <table>
                  <caption>{c.name}</caption>
                  <thead><tr><th scope="col">Option</th><th scope="col" className="num">Points</th></tr></thead>
                  <tbody>
                    {options.map((o) => (
                      <tr key={o.id}><td>{o.label}</td><td className="num">{formatNumber(ownValue(c.points, o.id) ?? 0)}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          })}
        </section>
      ) : null}
      <section className="panel" aria-labelledby="gates-title">
        <h2 id="gates-title">Gates (must-haves and red lines)</h2>
        <p className="hint">A bundle that fails a gate is reported with the reason and kept out of the ranking.</p>
        {gates.length ? (
          <ul>
            {gates.map((g, i) => <li key={g.id}>{rfp.gates[i] ?? g.name}</li>)}
          </ul>
        ) : (
          <p className="muted">No gates.</p>
        )}
      </section>
    </>
  );
}

function CriteriaEditor() {
  const rfp = useRfp();
  const [params] = useSearchParams();
  const published = rfp.basis.state !== "draft";
  return (
    <>
      <SavedNotice text={params.get("saved")} />
      <WeightsPanel published={published} />
      <div className="two-col">
        <AddCriterionPanel published={published} />
        <EvaluationPanel published={published} />
      </div>
      <ProcedurePanel published={published} />
      <PointsPanel published={published} />
      <GatesPanel published={published} />
    </>
  );
}

function WeightsPanel({ published }: { published: boolean }) {
  const rfp = useRfp();
  const actionData = useActionData<EditorReply>();
  const navigation = useNavigation();
  const criteria = rfp.definition.criteria.criteria;
  const [weights, setWeights] = useState<Record<string, string>>(() => Object.fromEntries(criteria.map((c) => [c.id, String(c.weight)])));
  const total = weightTotal(Object.values(weights).map((w) => ({ weight: Number(w) || 0 })));
  const reply = actionData?.form === "weights" ? actionData.result : undefined;
  const fieldError = (name: string) => reply?.error?.[name] ?? null;
  const formRef = useSaveOnLeaving(published);
  return (
    <section className="panel" aria-labelledby="weights-title">
      <h2 id="weights-title">Criteria and weights</h2>
      {criteria.length === 0 ? (
        <div className="empty"><p>No criteria yet. Add the first one below: price, a number or choice issue, or a criterion evaluators judge with a rubric.</p></div>
      ) : (
        <Form method="post" ref={formRef}>
          <fieldset className="plain-fieldset">
          <input type="hidden" name="expectedVersion" value={rfp.basis.version} />
          <input type="hidden" name="intent" value="weights" />
          {reply?.error?.[""] ? <p className="form-error" role="alert">{reply.error[""]!.join(" ")}</p> : null}
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th scope="col">Criterion</th><th scope="col">How it is scored</th><th scope="col">Weight</th><th scope="col"><span className="sr-only">Remove</span></th></tr>
              </thead>
              <tbody>
                {criteria.map((c) => (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td className="hint">{rfp.methods[c.id] ?? c.kind}</td>
                    <td>
                      <label className="sr-only" htmlFor={`weight-${c.id}`}>Weight of {c.name}</label>
                      <input
                        id={`weight-${c.id}`}
                        name={`weight.${c.id}`}
                        type="number"
                        min={0}
                        max={100}
                        step="any"
                        className="weight-input"
                        value={weights[c.id] ?? ""}
                        onChange={(e) => setWeights((w) => ({ ...w, [c.id]: e.target.value }))}
                        aria-invalid={fieldError(`weight.${c.id}`) ? true : undefined}
                      />
                      {fieldError(`weight.${c.id}`) ? <p className="field-error">{fieldError(`weight.${c.id}`)!.join(" ")}</p> : null}
                    </td>
                    <td>
                      <button type="submit" name="removeId" value={c.id} className="button button--quiet" aria-label={`Remove ${c.name}`}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>Total</th>
                  <td colSpan={2}>
                    <output className={`weight-total${total === 100 ? "" : " weight-total--bad"}`} aria-live="polite" id="weight-total">
                      {total}
                    </output>
                    {total === 100 ? " ✓" : ` — must be exactly 100 before publishing (${total < 100 ? `${Math.round((100 - total) * 1e6) / 1e6} to add` : `${Math.round((total - 100) * 1e6) / 1e6} too many`})`}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
          {published ? (
            <div className="field">
              <label htmlFor="weights-reason">Reason for this addendum</label>
              <textarea id="weights-reason" name="reason" rows={2} />
              {reply?.error?.reason ? <p className="field-error" role="alert">{reply.error.reason.join(" ")}</p> : null}
            </div>
          ) : null}
          <button type="submit" name="intent" value="weights" className="button" disabled={navigation.state === "submitting"}>
            {published ? "Save weights as an addendum" : "Save weights"}
          </button>
          </fieldset>
        </Form>
      )}
    </section>
  );
}

function AddCriterionPanel({ published }: { published: boolean }) {
  const rfp = useRfp();
  const [form, fields] = useEditorForm("add-criterion", criterionRowSchema, { kind: "judged", weight: "" });
  const scorable = rfp.definition.termSheet.filter((i) => i.kind === "number" || i.kind === "money" || i.kind === "choice");
  return (
    <section className="panel" aria-labelledby="add-criterion-title">
      <h2 id="add-criterion-title">Add a criterion</h2>
      <EditorForm form={form} intent="add-criterion" version={rfp.basis.version} published={published} submitLabel="Add criterion" reasonError={fields.reason.errors}>
        <TextField label="Criterion name" meta={fields.name} />
        <div className="field">
          <label htmlFor={fields.kind.id}>Scored by</label>
          <select {...getSelectProps(fields.kind)}>
            <option value="price">Price formula on the evaluated price</option>
            <option value="number">A number or money issue, linear between two values</option>
            <option value="choice">A choice issue, points per option</option>
            <option value="judged">Evaluators, 0–10 against a rubric</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={fields.weight.id}>Weight</label>
          <input {...getInputProps(fields.weight, { type: "number" })} min={0} max={100} step="any" />
          {fields.weight.errors ? <p className="field-error" role="alert">{fields.weight.errors.join(" ")}</p> : null}
        </div>
        <div className="field">
          <label htmlFor={fields.issueId.id}>Issue (number and choice criteria)</label>
          <select {...getSelectProps(fields.issueId)}>
            <option value="">—</option>
            {scorable.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
          </select>
          {fields.issueId.errors ? <p className="field-error" role="alert">{fields.issueId.errors.join(" ")}</p> : null}
        </div>
        <div className="field">
          <label htmlFor={fields.direction.id}>Direction (number criteria)</label>
          <select {...getSelectProps(fields.direction)}>
            <option value="">—</option>
            {Object.entries(DIRECTION_LABELS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
          {fields.direction.errors ? <p className="field-error" role="alert">{fields.direction.errors.join(" ")}</p> : null}
        </div>
        <div className="inline-form">
          <div className="field">
            <label htmlFor={fields.worst.id}>Value scoring 0</label>
            <input {...getInputProps(fields.worst, { type: "number" })} step="any" />
            {fields.worst.errors ? <p className="field-error" role="alert">{fields.worst.errors.join(" ")}</p> : null}
          </div>
          <div className="field">
            <label htmlFor={fields.best.id}>Value scoring full points</label>
            <input {...getInputProps(fields.best, { type: "number" })} step="any" />
            {fields.best.errors ? <p className="field-error" role="alert">{fields.best.errors.join(" ")}</p> : null}
          </div>
        </div>
        <p className="hint">On a money issue, both values are amounts in {rfp.definition.basics.currency}, as vendors give them.</p>
        <div className="field">
          <label htmlFor={fields.rubric.id}>Rubric (judged criteria)</label>
          <textarea {...getTextareaProps(fields.rubric)} rows={3} />
        </div>
      </EditorForm>
    </section>
  );
}

function EvaluationPanel({ published }: { published: boolean }) {
  const rfp = useRfp();
  const e = rfp.definition.criteria.evaluation;
  const formula = e.priceFormula;
  const coefficient = new Map(e.evaluatedPrice.terms.map((t) => [t.issueId, t.coefficient]));
  const priced = rfp.definition.termSheet.filter((i) => i.kind === "money" || i.kind === "number");
  const currency = rfp.definition.basics.currency;
  const [form, fields] = useEditorForm("evaluation", evaluationFormSchema(currency), {
    priceFormula: formula.kind,
    floor: "floorMinor" in formula ? minorToAmountText(formula.floorMinor, currency) : "",
    ceiling: "ceilingMinor" in formula ? minorToAmountText(formula.ceilingMinor, currency) : "",
    consensus: e.consensus,
    spreadMargin: e.spreadMargin,
    evaluatedPriceDescription: e.evaluatedPrice.description,
  });
  return (
    <section className="panel" aria-labelledby="evaluation-title">
      <h2 id="evaluation-title">Price formula and evaluated price</h2>
      <EditorForm form={form} intent="evaluation" version={rfp.basis.version} published={published} submitLabel="Save price and scoring settings" reasonError={fields.reason.errors}>
        <div className="field">
          <label htmlFor={fields.priceFormula.id}>Price formula</label>
          <select {...getSelectProps(fields.priceFormula)}>
            {Object.entries(PRICE_FORMULA_LABELS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
        </div>
        <div className="inline-form">
          <div className="field">
            <label htmlFor={fields.floor.id}>Floor price ({rfp.definition.basics.currency})</label>
            <input {...getInputProps(fields.floor, { type: "text" })} inputMode="decimal" />
            {fields.floor.errors ? <p className="field-error" role="alert">{fields.floor.errors.join(" ")}</p> : null}
          </div>
          <div className="field">
            <label htmlFor={fields.ceiling.id}>Ceiling price ({rfp.definition.basics.currency})</label>
            <input {...getInputProps(fields.ceiling, { type: "text" })} inputMode="decimal" />
            {fields.ceiling.errors ? <p className="field-error" role="alert">{fields.ceiling.errors.join(" ")}</p> : null}
          </div>
        </div>
        <fieldset className="field">
          <legend>Evaluated price = Σ coefficient × issue value</legend>
          <span className="hint">E.g. monthly fee × 36 + one-time fees × 1, so bundles with different terms compare fairly. Leave blank to leave an issue out.</span>
          {priced.map((i) => (
            <div key={i.id} className="checkbox">
              <label htmlFor={`ep-${i.id}`} style={{ minWidth: "12rem" }}>Coefficient of {i.name}</label>
              <input id={`ep-${i.id}`} name={`evaluatedPrice.${i.id}`} type="number" step="any" defaultValue={coefficient.get(i.id) ?? ""} style={{ width: "6rem" }} />
            </div>
          ))}
        </fieldset>
        <TextField label="Evaluated price, in words" meta={fields.evaluatedPriceDescription} />
        <div className="field">
          <label htmlFor={fields.consensus.id}>Evaluators' consensus</label>
          <select {...getSelectProps(fields.consensus)}>
            <option value="mean">Mean of the evaluators' scores</option>
            <option value="median">Median of the evaluators' scores</option>
            <option value="moderated">Moderated value with a written reason</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={fields.spreadMargin.id}>Flag disagreement above (points of 10)</label>
          <input {...getInputProps(fields.spreadMargin, { type: "number" })} min={0} max={10} step="any" />
          {fields.spreadMargin.errors ? <p className="field-error" role="alert">{fields.spreadMargin.errors.join(" ")}</p> : null}
        </div>
      </EditorForm>
    </section>
  );
}

/** Quality before price (two envelopes): set on a draft; once published it is shown, fixed. */
function ProcedurePanel({ published }: { published: boolean }) {
  const rfp = useRfp();
  const on = rfp.definition.criteria.qualityBeforePrice;
  const [form, fields] = useEditorForm("procedure", qualityBeforePriceFormSchema, { qualityBeforePrice: on ? "on" : "" });
  const meta = fields.qualityBeforePrice;
  const hintId = `${meta.id}-hint`;
  const errors = meta.errors?.length ? <p className="field-error" id={meta.errorId} role="alert">{meta.errors.join(" ")}</p> : null;
  return (
    <section className="panel" aria-labelledby="procedure-title">
      <h2 id="procedure-title">Evaluation procedure</h2>
      {published ? (
        <>
          {form.errors?.length ? <p className="form-error" role="alert">{form.errors.join(" ")}</p> : null}
          <div className="checkbox">
            <input type="checkbox" id="procedure-fixed" checked={on} disabled readOnly aria-describedby="procedure-fixed-hint" />
            <label htmlFor="procedure-fixed">{QUALITY_BEFORE_PRICE_LABEL}</label>
          </div>
          {errors}
          <p className="hint" id="procedure-fixed-hint">
            {on ? QUALITY_BEFORE_PRICE_FOR_VENDORS : "One envelope: evaluators see prices and quality together."} Fixed at publication; no addendum can change it.
          </p>
        </>
      ) : (
        <EditorForm form={form} intent="procedure" version={rfp.basis.version} published={false} submitLabel="Save evaluation procedure" reasonError={fields.reason.errors}>
          <div className="checkbox">
            <input {...getInputProps(meta, { type: "checkbox", ariaDescribedBy: hintId })} key={meta.key} />
            <label htmlFor={meta.id}>{QUALITY_BEFORE_PRICE_LABEL}</label>
          </div>
          <p className="hint" id={hintId}>{QUALITY_BEFORE_PRICE_HINT}</p>
          {errors}
        </EditorForm>
      )}
    </section>
  );
}

function PointsPanel({ published }: { published: boolean }) {
  const rfp = useRfp();
  const actionData = useActionData<EditorReply>();
  const choices = rfp.definition.criteria.criteria.flatMap((c) => (c.kind === "choice" ? [c] : []));
  if (choices.length === 0) return null;
  const reply = actionData?.form === "points" ? actionData.result : undefined;
  return (
    <section className="panel" aria-labelledby="points-title">
      <h2 id="points-title">Points per option</h2>
      <p className="hint">A choice criterion gives each option its points; the best option gets the criterion's full weight.</p>
      {reply?.error ? <p className="form-error" role="alert">{Object.values(reply.error).flat().join(" ")}</p> : null}
      {choices.map((c) => {
        const issue = rfp.definition.termSheet.find((i) => i.id === c.issueId);
        const options = issue?.kind === "choice" ? issue.options : [];
        return (
          <Form method="post" key={c.id} aria-label={`Points for ${c.name}`}>
            <fieldset className="plain-fieldset inline-form">
            <input type="hidden" name="intent" value="points" />
            <input type="hidden" name="expectedVersion" value={rfp.basis.version} />
            <input type="hidden" name="criterionId" value={c.id} />
            <strong style={{ minWidth: "10rem", marginBottom: "1rem" }}>{c.name}</strong>
            {options.map((o) => (
              <div className="field" key={o.id} style={{ minWidth: "8rem" }}>
                <label htmlFor={`points-${c.id}-${o.id}`}>{o.label}</label>
                <input id={`points-${c.id}-${o.id}`} name={`points.${o.id}`} type="number" min={0} step="any" defaultValue={c.points[o.id] ?? 0} />
              </div>
            ))}
            {published ? (
              <div className="field">
                <label htmlFor={`points-${c.id}-reason`}>Reason for this addendum</label>
                <input id={`points-${c.id}-reason`} name="reason" />
              </div>
            ) : null}
            <button type="submit" className="button button--quiet">{published ? "Save points as an addendum" : `Save points for ${c.name}`}</button>
            </fieldset>
          </Form>
        );
      })}
    </section>
  );
}

const GATE_KINDS = [
  { kind: "number", label: "A number or money issue within a limit" },
  { kind: "choice", label: "A choice issue among allowed options" },
  { kind: "sla-present", label: "An SLA on a metric must be offered" },
  { kind: "criterion-min", label: "A minimum score on a criterion" },
] as const;

function GatesPanel({ published }: { published: boolean }) {
  const rfp = useRfp();
  const { editable } = useEditable();
  const actionData = useActionData<EditorReply>();
  return (
    <section className="panel" aria-labelledby="gates-title">
      <h2 id="gates-title">Gates (must-haves and red lines)</h2>
      <p className="hint">A bundle that fails a gate is reported with the reason and kept out of the ranking.</p>
      {rfp.gates.length ? (
        <ul>
          {rfp.definition.criteria.gates.map((g, i) => (
            <li key={g.id} className="row-actions">
              <span>{rfp.gates[i] ?? g.name}</span>
              <RemoveRowForm intent="remove-gate" rowId={g.id} label={g.name} version={rfp.basis.version} published={published} buttonText={`Remove gate ${g.name}`} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No gates yet.</p>
      )}
      {editable ? (
        <>
          <h3 className="subhead">Add a gate</h3>
          {/* One small form per kind, each showing only its own fields: works without JavaScript too. */}
          {GATE_KINDS.map(({ kind, label }) => (
            <details key={kind} className="gate-kind" open={actionData?.form === `add-gate-${kind}`}>
              <summary>{label}</summary>
              <GateForm kind={kind} published={published} />
            </details>
          ))}
        </>
      ) : null}
    </section>
  );
}

function GateForm({ kind, published }: { kind: (typeof GATE_KINDS)[number]["kind"]; published: boolean }) {
  const rfp = useRfp();
  const [form, fields] = useEditorForm(`add-gate-${kind}`, gateRowSchema, { kind });
  const issues = rfp.definition.termSheet.filter((i) => (kind === "choice" ? i.kind === "choice" : i.kind === "number" || i.kind === "money"));
  const errors = (meta: { errors?: string[] }) => (meta.errors ? <p className="field-error" role="alert">{meta.errors.join(" ")}</p> : null);
  return (
    <EditorForm form={form} intent={`add-gate-${kind}`} version={rfp.basis.version} published={published} submitLabel="Add gate" reasonError={fields.reason.errors}>
      <input type="hidden" name="kind" value={kind} />
      <div className="inline-form">
        <TextField label="Gate name" meta={fields.name} />
        {kind === "number" || kind === "choice" ? (
          <div className="field">
            <label htmlFor={fields.issueId.id}>Issue</label>
            <select {...getSelectProps(fields.issueId)}>
              <option value="">—</option>
              {issues.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
            </select>
            {errors(fields.issueId)}
          </div>
        ) : null}
        {kind === "number" ? (
          <>
            <div className="field">
              <label htmlFor={fields.operator.id}>Comparison</label>
              <select {...getSelectProps(fields.operator)}>
                <option value="">—</option>
                {GATE_OPERATORS.map((op) => <option key={op} value={op}>{op}</option>)}
              </select>
              {errors(fields.operator)}
            </div>
            <div className="field">
              <label htmlFor={fields.value.id}>Limit</label>
              <input {...getInputProps(fields.value, { type: "number" })} step="any" />
              {errors(fields.value)}
            </div>
            <p className="hint">On a money issue, the limit is an amount in {rfp.definition.basics.currency}, as vendors give it.</p>
          </>
        ) : null}
        {kind === "sla-present" ? <TextField label="SLA metric" meta={fields.metric} /> : null}
        {kind === "choice" ? (
          <div className="field">
            <label htmlFor={fields.allowed.id}>Allowed options, one per line</label>
            <textarea {...getTextareaProps(fields.allowed)} rows={2} />
            {errors(fields.allowed)}
          </div>
        ) : null}
        {kind === "criterion-min" ? (
          <>
            <div className="field">
              <label htmlFor={fields.criterionId.id}>Criterion</label>
              <select {...getSelectProps(fields.criterionId)}>
                <option value="">—</option>
                {rfp.definition.criteria.criteria.filter((c) => c.kind !== "price").map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
              {errors(fields.criterionId)}
            </div>
            <div className="field">
              <label htmlFor={fields.minimumPercent.id}>Minimum score (% of the criterion)</label>
              <input {...getInputProps(fields.minimumPercent, { type: "number" })} min={0} max={100} step="any" />
              {errors(fields.minimumPercent)}
            </div>
          </>
        ) : null}
      </div>
    </EditorForm>
  );
}
