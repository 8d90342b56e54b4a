// SLA requirements: the metrics every bundle must commit to, and the remedies it must carry.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { getInputProps, getSelectProps } from "@conform-to/react";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { TextField } from "~/components/forms";
import { EditorForm, RemoveRowForm, SavedNotice, useEditable, useEditorForm } from "~/components/rfp-editor/editor";
import { RequiredRemediesList } from "~/components/rfp/sla-requirements";
import { describeRequiredRemedies } from "~/domain/rfp/preview";
import { applyRemedies, DIRECTION_LABELS, remediesFormSchema, removeRowSchema, slaFromRow, slaRowSchema, WINDOW_LABELS } from "~/domain/rfp/editor-forms";
import { editorInvalid } from "~/web/editor-actions.server";
import { loadRfpForEditing, loadWorkspaceTab, sectionSaver } from "~/web/rfp-editor.server";
import { readFormData } from "~/web/input.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await loadWorkspaceTab(request, context, params.rfpId!, ({ view }) => ({ sla: view.definition.sla })));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, db, view } = await loadRfpForEditing(request, context, params.rfpId!, "update:rfp:own");
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const sla = view.definition.sla;
  const save = sectionSaver(request, db, view, actor, "sla");
  if (intent === "add-sla") {
    const submission = parseWithZod(formData, { schema: slaRowSchema });
    if (submission.status !== "success") return editorInvalid("add-sla", submission);
    const v = submission.value;
    if (sla.slas.some((s) => s.metric.toLowerCase() === v.metric.toLowerCase())) {
      return editorInvalid("add-sla", { reply: () => submission.reply({ fieldErrors: { metric: [`"${v.metric}" is already required; remove it first to change it`] } }) });
    }
    return save("add-sla", submission, { ...sla, slas: [...sla.slas, slaFromRow(v)] }, { expectedVersion: v.expectedVersion, reason: v.reason }, `SLA "${v.metric}"`);
  }
  if (intent === "remove-sla") {
    const submission = parseWithZod(formData, { schema: removeRowSchema });
    if (submission.status !== "success") return editorInvalid("slas", submission);
    const v = submission.value;
    return save("slas", submission, { ...sla, slas: sla.slas.filter((s) => s.metric !== v.rowId) }, { expectedVersion: v.expectedVersion, reason: v.reason }, "SLA requirements");
  }
  if (intent === "remedies") {
    const submission = parseWithZod(formData, { schema: remediesFormSchema });
    if (submission.status !== "success") return editorInvalid("remedies", submission);
    const v = submission.value;
    return save("remedies", submission, applyRemedies(sla, v), { expectedVersion: v.expectedVersion, reason: v.reason }, "Required remedies");
  }
  throw new Response("Unknown action on this page.", { status: 400 });
}

export default function SlaSection() {
  const { sla, basis } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const published = basis.state !== "draft";
  const editableNow = useEditable();
  const editable = editableNow.editable;
  return (
    <>
      <SavedNotice text={params.get("saved")} />
      <section className="panel" aria-labelledby="slas-title">
        <h2 id="slas-title">SLA metrics vendors must commit to</h2>
        {editableNow.editable ? null : <p className="hint">{editableNow.reason}</p>}
        {sla.slas.length === 0 ? (
          <div className="empty"><p>No SLA metrics yet. Add one below: a measurable metric, the minimum target, the window it is measured over and who measures it.</p></div>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th scope="col">Metric</th><th scope="col">Minimum target</th><th scope="col">Window</th><th scope="col">Measured by</th>{editable ? <th scope="col"><span className="sr-only">Actions</span></th> : null}</tr>
              </thead>
              <tbody>
                {sla.slas.map((s) => (
                  <tr key={s.metric}>
                    <td>{s.metric}{s.description ? <div className="hint">{s.description}</div> : null}</td>
                    <td>{s.direction === "higher_is_better" ? "≥" : "≤"} {s.minimumTarget} {s.unit}</td>
                    <td>{WINDOW_LABELS[s.window]}</td>
                    <td>{s.verificationSource}</td>
                    {editable ? (
                      <td>
                        <RemoveRowForm intent="remove-sla" rowId={s.metric} label={s.metric} version={basis.version} published={published} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {editable ? (
        <div className="two-col">
          <AddSlaPanel published={published} />
          <RemediesPanel published={published} />
        </div>
      ) : (
        // Readers see the required remedies as text; an empty "add" form would only be noise.
        <RemediesView />
      )}
    </>
  );
}

function RemediesView() {
  const { sla } = useLoaderData<typeof loader>();
  return (
    <section className="panel" aria-labelledby="remedies-title">
      <h2 id="remedies-title">Required remedies</h2>
      <RequiredRemediesList remedies={describeRequiredRemedies(sla)} />
    </section>
  );
}

function AddSlaPanel({ published }: { published: boolean }) {
  const { basis } = useLoaderData<typeof loader>();
  const [form, fields] = useEditorForm("add-sla", slaRowSchema, { direction: "higher_is_better", window: "month" });
  return (
    <section className="panel" aria-labelledby="add-sla-title">
      <h2 id="add-sla-title">Add an SLA metric</h2>
      <EditorForm form={form} intent="add-sla" version={basis.version} published={published} submitLabel="Add SLA metric" reasonError={fields.reason.errors}>
        <TextField label="Metric" meta={fields.metric} hint="e.g. Uptime, Citizen complaints resolved within 48 h" />
        <TextField label="Unit" meta={fields.unit} hint="e.g. %, hours, complaints" />
        <div className="field">
          <label htmlFor={fields.direction.id}>Direction</label>
          <select {...getSelectProps(fields.direction)}>
            {Object.entries(DIRECTION_LABELS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fields.minimumTarget.id}>Minimum target</label>
          <input {...getInputProps(fields.minimumTarget, { type: "number" })} step="any" />
          {fields.minimumTarget.errors ? <p className="field-error" role="alert">{fields.minimumTarget.errors.join(" ")}</p> : null}
        </div>
        <div className="field">
          <label htmlFor={fields.window.id}>Measurement window</label>
          <select {...getSelectProps(fields.window)}>
            {Object.entries(WINDOW_LABELS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
        </div>
        <TextField label="Verification source" meta={fields.verificationSource} hint="Who measures it, e.g. the city's 311 complaint system" />
        <TextField label="Description for vendors" meta={fields.description} />
      </EditorForm>
    </section>
  );
}

function RemediesPanel({ published }: { published: boolean }) {
  const { sla, basis } = useLoaderData<typeof loader>();
  const on = (b: boolean) => (b ? "on" : "");
  const [form, fields] = useEditorForm("remedies", remediesFormSchema, {
    serviceCreditRequired: on(sla.serviceCredit.required),
    serviceCreditMinimumPercent: sla.serviceCredit.minimumPercent ?? "",
    serviceCreditMinimumCapPercent: sla.serviceCredit.minimumCapPercent ?? "",
    holdbackRequired: on(sla.holdback.required),
    holdbackMinimumPercent: sla.holdback.minimumPercent ?? "",
    holdbackReleaseCondition: sla.holdback.releaseCondition ?? "",
    terminationRightRequired: on(sla.terminationRightRequired),
    transitionAssistanceRequired: on(sla.transitionAssistanceRequired),
  });
  const check = (meta: typeof fields.holdbackRequired, label: string) => (
    <div className="checkbox">
      <input {...getInputProps(meta, { type: "checkbox" })} />
      <label htmlFor={meta.id}>{label}</label>
    </div>
  );
  const percent = (meta: typeof fields.holdbackMinimumPercent, label: string) => (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...getInputProps(meta, { type: "number" })} min={0} max={100} step="any" />
      {meta.errors ? <p className="field-error" role="alert">{meta.errors.join(" ")}</p> : null}
    </div>
  );
  return (
    <section className="panel" aria-labelledby="remedies-title">
      <h2 id="remedies-title">Required remedies</h2>
      <p className="hint">Remedies apply automatically on a breach; the clause check flags bundles whose remedies are vague or below these minimums.</p>
      <EditorForm form={form} intent="remedies" version={basis.version} published={published} submitLabel="Save required remedies" reasonError={fields.reason.errors}>
        {check(fields.serviceCreditRequired, "Service credits on every required SLA")}
        <div className="inline-form">
          {percent(fields.serviceCreditMinimumPercent, "Minimum credit (% of the period fee)")}
          {percent(fields.serviceCreditMinimumCapPercent, "Minimum cap (% of the period fee)")}
        </div>
        {check(fields.holdbackRequired, "A performance holdback")}
        <div className="inline-form">
          {percent(fields.holdbackMinimumPercent, "Holdback (% of fees withheld)")}
          <TextField label="Release condition" meta={fields.holdbackReleaseCondition} hint="e.g. released quarterly when complaint SLAs are met" />
        </div>
        {check(fields.terminationRightRequired, "A termination right on repeated breaches")}
        {check(fields.transitionAssistanceRequired, "Transition assistance at exit")}
      </EditorForm>
    </section>
  );
}
