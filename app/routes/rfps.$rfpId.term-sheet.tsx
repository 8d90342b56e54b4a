// The term sheet: the issues every bundle must fill. Add from the tradeables library with
// one tick, add or edit a custom issue, remove one.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { TextField } from "~/components/forms";
import { EditorForm, RemoveRowForm, SavedNotice, useEditable, useEditorForm } from "~/components/rfp-editor/editor";
import { applyIssueRow, issueRowSchema, removeRowSchema, tradeablesFormSchema } from "~/domain/rfp/editor-forms";
import { ISSUE_KIND_LABELS } from "~/domain/rfp/term-sheet";
import { addTradeables, availableTradeables } from "~/domain/rfp/tradeables";
import { editorInvalid } from "~/web/editor-actions.server";
import { loadRfpForEditing, loadWorkspaceTab, sectionSaver } from "~/web/rfp-editor.server";
import { readFormData } from "~/web/input.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await loadWorkspaceTab(request, context, params.rfpId!, ({ view }) => ({ termSheet: view.definition.termSheet, currency: view.definition.basics.currency })));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, db, view } = await loadRfpForEditing(request, context, params.rfpId!, "update:rfp:own");
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const issues = view.definition.termSheet;
  const save = sectionSaver(request, db, view, actor, "termSheet");
  if (intent === "issue") {
    const submission = parseWithZod(formData, { schema: issueRowSchema });
    if (submission.status !== "success") return editorInvalid("issue", submission);
    const v = submission.value;
    const duplicate = issues.find((i) => i.name.toLowerCase() === v.name.toLowerCase() && i.id !== v.issueId);
    if (duplicate) return editorInvalid("issue", { reply: () => submission.reply({ fieldErrors: { name: [`Issue names must be unique: "${v.name}" is already on the term sheet`] } }) });
    return save("issue", submission, applyIssueRow(issues, v), { expectedVersion: v.expectedVersion, reason: v.reason }, `Issue "${v.name}"`);
  }
  if (intent === "tradeables") {
    const submission = parseWithZod(formData, { schema: tradeablesFormSchema });
    if (submission.status !== "success") return editorInvalid("tradeables", submission);
    const v = submission.value;
    return save("tradeables", submission, addTradeables(issues, v.keys), { expectedVersion: v.expectedVersion, reason: v.reason }, "Issues from the library");
  }
  if (intent === "remove-issue") {
    const submission = parseWithZod(formData, { schema: removeRowSchema });
    if (submission.status !== "success") return editorInvalid("issues", submission);
    const v = submission.value;
    return save("issues", submission, issues.filter((i) => i.id !== v.rowId), { expectedVersion: v.expectedVersion, reason: v.reason }, "Term sheet");
  }
  throw new Response("Unknown action on this page.", { status: 400 });
}

export default function TermSheetSection() {
  const { termSheet, currency, basis } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const published = basis.state !== "draft";
  const editing = termSheet.find((i) => i.id === params.get("edit")) ?? null;
  const editableNow = useEditable();
  const editable = editableNow.editable;
  const reason = editableNow.editable ? "" : editableNow.reason;
  return (
    <>
      <SavedNotice text={params.get("saved")} />
      <section className="panel" aria-labelledby="issues-title">
        <h2 id="issues-title">Term sheet</h2>
        {editable ? null : <p className="hint">{reason}</p>}
        <p className="hint">Every bundle of every vendor gives a value for each issue. Issues beyond price give vendors room to trade.</p>
        {termSheet.length === 0 ? (
          <div className="empty"><p>No issues yet. Tick some from the library below, or add your own.</p></div>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th scope="col">Issue</th><th scope="col">Kind</th><th scope="col">Unit or options</th><th scope="col">Required</th>{editable ? <th scope="col"><span className="sr-only">Actions</span></th> : null}</tr>
              </thead>
              <tbody>
                {termSheet.map((issue) => (
                  <tr key={issue.id}>
                    <td>{issue.name}{issue.description ? <div className="hint">{issue.description}</div> : null}</td>
                    <td>{ISSUE_KIND_LABELS[issue.kind]}</td>
                    <td>{issue.kind === "number" ? `${issue.unit}${numberBoundsLabel(issue)}` : issue.kind === "choice" ? issue.options.map((o) => o.label).join(" → ") || <span className="field-error">no options yet</span> : issue.kind === "money" ? currency : "—"}</td>
                    <td>{issue.required ? "Yes" : "No"}</td>
                    {editable ? (
                      <td className="row-actions">
                        <Link to={`?edit=${issue.id}`} className="button button--quiet" aria-label={`Edit ${issue.name}`}>Edit</Link>
                        <RemoveRowForm intent="remove-issue" rowId={issue.id} label={issue.name} version={basis.version} published={published} />
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
          <IssueForm key={editing?.id ?? "new"} editing={editing} published={published} />
          <LibraryForm published={published} />
        </div>
      ) : null}
    </>
  );
}

type Issue = ReturnType<typeof useLoaderData<typeof loader>>["termSheet"][number];

/** " (12–60, whole)" after the unit of a number issue with bounds. */
function numberBoundsLabel(issue: { min?: number | null; max?: number | null; integer?: boolean }): string {
  const range = issue.min != null && issue.max != null ? `${issue.min}–${issue.max}` : issue.min != null ? `≥ ${issue.min}` : issue.max != null ? `≤ ${issue.max}` : "";
  const parts = [range, issue.integer ? "whole" : ""].filter(Boolean);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

function IssueForm({ editing, published }: { editing: Issue | null; published: boolean }) {
  const { basis } = useLoaderData<typeof loader>();
  const [form, fields] = useEditorForm("issue", issueRowSchema, {
    issueId: editing?.id ?? "",
    name: editing?.name ?? "",
    kind: editing?.kind ?? "number",
    unit: editing?.kind === "number" ? editing.unit : "",
    options: editing?.kind === "choice" ? editing.options.map((o) => o.label).join("\n") : "",
    required: editing ? (editing.required ? "on" : "") : "on",
    description: editing?.description ?? "",
    min: editing?.kind === "number" && editing.min != null ? String(editing.min) : "",
    max: editing?.kind === "number" && editing.max != null ? String(editing.max) : "",
    integer: editing?.kind === "number" && editing.integer ? "on" : "",
  });
  return (
    <section className="panel" aria-labelledby="issue-form-title">
      <h2 id="issue-form-title">{editing ? `Edit "${editing.name}"` : "Add your own issue"}</h2>
      <EditorForm form={form} intent="issue" version={basis.version} published={published} submitLabel={editing ? "Save issue" : "Add issue"} reasonError={fields.reason.errors}>
        <input type="hidden" name="issueId" value={editing?.id ?? ""} />
        <TextField label="Issue name" meta={fields.name} />
        <div className="field">
          <label htmlFor={fields.kind.id}>Kind of value</label>
          <select {...getSelectProps(fields.kind)}>
            {Object.entries(ISSUE_KIND_LABELS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
        </div>
        <TextField label="Unit (numbers)" meta={fields.unit} hint="e.g. months, weeks, % of crew" />
        <TextField label="Lowest value (numbers)" meta={fields.min} hint="optional, e.g. 12: a bid below it is refused" />
        <TextField label="Highest value (numbers)" meta={fields.max} hint="optional, e.g. 60: a bid above it is refused" />
        <div className="checkbox">
          <input {...getInputProps(fields.integer, { type: "checkbox" })} />
          <label htmlFor={fields.integer.id}>Whole numbers only (numbers)</label>
        </div>
        <div className="field">
          <label htmlFor={fields.options.id}>Options (choices), one per line, lowest first</label>
          <textarea {...getTextareaProps(fields.options)} rows={4} />
          {fields.options.errors ? <p className="field-error" role="alert">{fields.options.errors.join(" ")}</p> : null}
        </div>
        <div className="checkbox">
          <input {...getInputProps(fields.required, { type: "checkbox" })} />
          <label htmlFor={fields.required.id}>Every bundle must give a value</label>
        </div>
        <div className="field">
          <label htmlFor={fields.description.id}>Description for vendors</label>
          <textarea {...getTextareaProps(fields.description)} rows={2} />
        </div>
      </EditorForm>
    </section>
  );
}

function LibraryForm({ published }: { published: boolean }) {
  const { termSheet, basis } = useLoaderData<typeof loader>();
  const [form, fields] = useEditorForm("tradeables", tradeablesFormSchema);
  const available = availableTradeables(termSheet);
  return (
    <section className="panel" aria-labelledby="library-title">
      <h2 id="library-title">Tradeables library</h2>
      <EditorForm form={form} intent="tradeables" version={basis.version} published={published} submitLabel="Add ticked issues" reasonError={fields.reason.errors}>
        <fieldset className="field">
          <legend>Issues from the playbook</legend>
          {fields.keys.errors ? <p className="field-error" role="alert">{fields.keys.errors.join(" ")}</p> : null}
          {available.map((t) => (
            <div key={t.key} className="checkbox">
              <input type="checkbox" id={`tradeable-${t.key}`} name="keys" value={t.key} />
              <label htmlFor={`tradeable-${t.key}`}>{t.issue.name} <span className="hint">— {t.hint}</span></label>
            </div>
          ))}
          {available.length === 0 ? <p className="muted">Every library issue is already on the term sheet.</p> : null}
        </fieldset>
      </EditorForm>
    </section>
  );
}
