import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { TextField } from "~/components/forms";
import { EditorForm, ReadOnlySection, SavedNotice, useEditable, useEditorForm } from "~/components/rfp-editor/editor";
import { PlainText } from "~/components/rfp/plain-text";
import { basicsSchema, RFP_CATEGORIES, RFP_CATEGORY_LABELS } from "~/domain/rfp/sections";
import { editorInvalid, editorRefused, editorSaved } from "~/web/editor-actions.server";
import { loadRfpForEditing, loadWorkspaceTab, saveSection } from "~/web/rfp-editor.server";
import { readFormData } from "~/web/input.server";

const basicsFormSchema = basicsSchema.extend({
  expectedVersion: z.coerce.number().int().min(1),
  reason: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(3, "Give the reason for this addendum (vendors read it)").optional()),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await loadWorkspaceTab(request, context, params.rfpId!, ({ view }) => ({ basics: view.definition.basics })));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, db, view } = await loadRfpForEditing(request, context, params.rfpId!, "update:rfp:own");
  const submission = parseWithZod(await readFormData(request), { schema: basicsFormSchema });
  if (submission.status !== "success") return editorInvalid("basics", submission);
  const { expectedVersion, reason, ...basics } = submission.value;
  try {
    const { addendumNumber } = await saveSection(db, view, actor, "basics", basics, { expectedVersion, reason });
    return editorSaved(request, addendumNumber, "Scope and basics");
  } catch (error) {
    return editorRefused("basics", submission, error);
  }
}

export default function BasicsSection() {
  const editable = useEditable();
  return editable.editable ? <BasicsForm /> : <BasicsView reason={editable.reason} />;
}

/** What the section says, as text: the RFP can no longer change, or this reader may not change it. */
function BasicsView({ reason }: { reason: string }) {
  const { basics: b } = useLoaderData<typeof loader>();
  return (
    <ReadOnlySection title="Scope and basics" id="basics-heading" reason={reason}>
      <dl className="facts">
        <dt>Title</dt>
        <dd>{b.title}</dd>
        <dt>Reference number</dt>
        <dd>{b.reference || <span className="muted">not given</span>}</dd>
        <dt>Category</dt>
        <dd>{b.category ? RFP_CATEGORY_LABELS[b.category] : <span className="muted">not given</span>}</dd>
        <dt>Currency</dt>
        <dd>{b.currency}</dd>
        <dt>Evaluation horizon</dt>
        <dd>{b.horizonMonths !== null ? `${b.horizonMonths} ${b.horizonMonths === 1 ? "month" : "months"}` : <span className="muted">not given</span>}</dd>
      </dl>
      <h3 className="subhead">Summary</h3>
      <PlainText text={b.summary} empty="No summary." />
      <h3 className="subhead">Scope</h3>
      <PlainText text={b.scope} empty="No scope." />
    </ReadOnlySection>
  );
}

function BasicsForm() {
  const { basics: b, basis } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const [form, fields] = useEditorForm("basics", basicsFormSchema, { ...b, horizonMonths: b.horizonMonths ?? "", category: b.category ?? "" });
  return (
    <section className="panel" aria-labelledby="basics-heading">
      <h2 id="basics-heading">Scope and basics</h2>
      <SavedNotice text={params.get("saved")} />
      <EditorForm form={form} intent="basics" version={basis.version} published={basis.state !== "draft"} submitLabel="Save scope and basics" reasonError={fields.reason.errors}>
        <TextField label="Title" meta={fields.title} />
        <TextField label="Reference number" meta={fields.reference} hint="Your file reference, e.g. RIV-2026-017." />
        <div className="field">
          <label htmlFor={fields.summary.id}>Summary</label>
          <textarea {...getTextareaProps(fields.summary)} rows={3} />
          {fields.summary.errors ? <p className="field-error">{fields.summary.errors.join(" ")}</p> : null}
        </div>
        <div className="field">
          <label htmlFor={fields.scope.id}>Scope</label>
          <span className="hint">Plain text; leave a blank line between paragraphs.</span>
          <textarea {...getTextareaProps(fields.scope)} rows={10} />
          {fields.scope.errors ? <p className="field-error">{fields.scope.errors.join(" ")}</p> : null}
        </div>
        <div className="field">
          <label htmlFor={fields.category.id}>Category</label>
          <select {...getSelectProps(fields.category)}>
            <option value="">Choose…</option>
            {RFP_CATEGORIES.map((c) => <option key={c} value={c}>{RFP_CATEGORY_LABELS[c]}</option>)}
          </select>
        </div>
        <TextField label="Currency" meta={fields.currency} hint="3-letter code, e.g. EUR, USD, GBP." />
        <div className="field">
          <label htmlFor={fields.horizonMonths.id}>Evaluation horizon (months)</label>
          <input {...getInputProps(fields.horizonMonths, { type: "number" })} min={1} max={240} />
          {fields.horizonMonths.errors ? <p className="field-error" role="alert">{fields.horizonMonths.errors.join(" ")}</p> : null}
        </div>
      </EditorForm>
    </section>
  );
}
