// The buyer's confidential position: reservation price and BATNA (a reference bundle scored
// like a bid). Visible to the buyer organisation only; never to vendors.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { getTextareaProps } from "@conform-to/react";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Fragment } from "react";
import { TextField } from "~/components/forms";
import { EditorForm, ReadOnlySection, SavedNotice, useEditable, useEditorForm } from "~/components/rfp-editor/editor";
import { PlainText } from "~/components/rfp/plain-text";
import { ownValue } from "~/domain/evaluation/price";
import { confidentialFormSchema, confidentialFromForm, formatMinor, minorToAmountText } from "~/domain/rfp/editor-forms";
import { saveConfidentialSchema } from "~/domain/rfp/sections";
import { saveRfpConfidential, workspaceTabReads } from "~/services/rfps/index.server";
import { editorInvalid, editorRefused, editorSaved } from "~/web/editor-actions.server";
import { loadRfpForEditing, loadWorkspaceTab } from "~/web/rfp-editor.server";
import { readFormData } from "~/web/input.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(
    await loadWorkspaceTab(request, context, params.rfpId!, async (read, actor, db) => {
      const confidential = await workspaceTabReads.confidential(db, read, actor);
      const d = read.view.definition;
      // The form's fields only: the currency, every issue (a BATNA value each) and the judged criteria (a BATNA score each).
      return confidential === null ? { confidential } : { confidential, currency: d.basics.currency, termSheet: d.termSheet, judged: d.criteria.criteria.filter((cr) => cr.kind === "judged").map((cr) => ({ id: cr.id, name: cr.name })) };
    }),
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, db, view } = await loadRfpForEditing(request, context, params.rfpId!, "update:confidential:own");
  const submission = parseWithZod(await readFormData(request), { schema: confidentialFormSchema });
  if (submission.status !== "success") return editorInvalid("confidential", submission);
  const v = submission.value;
  const converted = confidentialFromForm(view.definition, v);
  if (!converted.ok) return json({ form: "confidential", result: submission.reply({ fieldErrors: converted.fieldErrors }) }, { status: 400 });
  const parsed = saveConfidentialSchema.safeParse({ expectedVersion: v.expectedVersion, ...converted.position });
  if (!parsed.success) return json({ form: "confidential", result: submission.reply({ formErrors: parsed.error.issues.map((i) => i.message) }) }, { status: 400 });
  try {
    await saveRfpConfidential(db, view.id, parsed.data, actor);
    return editorSaved(request, null, "Confidential settings");
  } catch (error) {
    return editorRefused("confidential", submission, error);
  }
}

export default function ConfidentialSection() {
  const data = useLoaderData<typeof loader>();
  const editable = useEditable();
  if (!("currency" in data) || !data.confidential) {
    return <section className="panel"><h2>Confidential settings</h2><p>Only buyers of your organisation see the reservation price and the BATNA.</p></section>;
  }
  return editable.editable ? <ConfidentialForm /> : <ConfidentialView reason={editable.reason} />;
}

/** The position as text once it can no longer change (it is still never shown to vendors). */
function ConfidentialView({ reason }: { reason: string }) {
  const data = useLoaderData<typeof loader>();
  if (!("currency" in data) || !data.confidential) return null;
  const { confidential: c, currency, termSheet, judged } = data;
  const notGiven = <span className="muted">not given</span>;
  const batnaText = (issue: (typeof termSheet)[number]) => {
    // Own keys only: an issue id may be "constructor".
    const value = c.batna ? ownValue(c.batna.values, issue.id) : undefined;
    if (value === undefined || value === null || value === "") return notGiven;
    if (issue.kind === "money" && typeof value === "number") return formatMinor(value, currency);
    if (issue.kind === "choice") return issue.options.find((o) => o.id === value)?.label ?? String(value);
    if (issue.kind === "number") return `${String(value)} ${issue.unit}`;
    return String(value);
  };
  return (
    <ReadOnlySection title="Confidential settings" id="confidential-title" reason={reason}>
      <p className="notice">Only your organisation's buyers see this page. It never appears in anything a vendor can open.</p>
      <dl className="facts">
        <dt>Reservation price ({currency}, evaluated price)</dt>
        <dd>{c.reservationPriceMinor != null ? formatMinor(c.reservationPriceMinor, currency) : notGiven}</dd>
        <dt>BATNA</dt>
        <dd>{c.batna?.label || notGiven}</dd>
        {termSheet.map((issue) => (
          <Fragment key={issue.id}>
            <dt>BATNA {issue.name}</dt>
            <dd>{batnaText(issue)}</dd>
          </Fragment>
        ))}
        {judged.map((cr) => (
          <Fragment key={cr.id}>
            <dt>BATNA score on {cr.name} (0–10)</dt>
            <dd>{(c.batna ? ownValue(c.batna.judgedScores, cr.id) : undefined) ?? notGiven}</dd>
          </Fragment>
        ))}
      </dl>
      <h3 className="subhead">Internal notes</h3>
      <PlainText text={c.notes ?? ""} empty="No notes." />
    </ReadOnlySection>
  );
}

function ConfidentialForm() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const c = data.confidential;
  const [form, fields] = useEditorForm("confidential", confidentialFormSchema, {
    reservationPrice: c?.reservationPriceMinor != null && "currency" in data ? minorToAmountText(c.reservationPriceMinor, data.currency) : "",
    notes: c?.notes ?? "",
    batnaLabel: c?.batna?.label ?? "",
  });
  if (!("currency" in data) || !c) return null;
  const { currency, termSheet, judged, basis } = data;
  // After a refused save, what was typed (the reply's values), so nothing typed is lost; else what is stored.
  const sent = (form.initialValue as { batna?: Record<string, unknown> } | undefined)?.batna;
  const typed = (key: string) => (sent && Object.hasOwn(sent, key) && typeof sent[key] === "string" ? (sent[key] as string) : undefined);
  const batnaValue = (issueId: string, kind: string) => {
    const was = typed(issueId);
    if (was !== undefined) return was;
    const value = c.batna?.values[issueId];
    if (value === undefined) return "";
    return kind === "money" && typeof value === "number" ? minorToAmountText(value, currency) : String(value);
  };
  const errorOf = (name: string) => form.allErrors[name];
  return (
    <section className="panel" aria-labelledby="confidential-title">
      <h2 id="confidential-title">Confidential settings</h2>
      <SavedNotice text={params.get("saved")} />
      <p className="notice">Only your organisation's buyers see this page. It never appears in anything a vendor can open, and saving it needs no addendum.</p>
      <EditorForm form={form} intent="confidential" version={basis.version} published={false} submitLabel="Save confidential settings">
        <TextField label={`Reservation price (${currency}, evaluated price)`} meta={fields.reservationPrice} hint={c.reservationPriceMinor != null ? `Now ${formatMinor(c.reservationPriceMinor, currency)}. Bundles above it are flagged.` : "The most you would pay, on the evaluated price. Bundles above it are flagged."} />
        <fieldset className="field">
          <legend>BATNA: what you do if no bid beats it</legend>
          <span className="hint">Entered as a reference bundle and scored on the same criteria, so every bundle shows whether it beats it.</span>
          <TextField label="BATNA label" meta={fields.batnaLabel} hint="e.g. Keep the in-house crew" />
          {termSheet.map((issue) => (
            <div key={issue.id} className="field">
              <label htmlFor={`batna-${issue.id}`}>BATNA {issue.name}{issue.kind === "money" ? ` (${currency})` : issue.kind === "number" ? ` (${issue.unit})` : ""}</label>
              {issue.kind === "choice" ? (
                <select id={`batna-${issue.id}`} name={`batna.${issue.id}`} defaultValue={batnaValue(issue.id, issue.kind)}>
                  <option value="">—</option>
                  {issue.options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
                </select>
              ) : (
                <input id={`batna-${issue.id}`} name={`batna.${issue.id}`} defaultValue={batnaValue(issue.id, issue.kind)} inputMode={issue.kind === "text" ? "text" : "decimal"} />
              )}
              {errorOf(`batna.${issue.id}`) ? <p className="field-error" role="alert">{errorOf(`batna.${issue.id}`)!.join(" ")}</p> : null}
            </div>
          ))}
          {judged.map((cr) => (
            <div key={cr.id} className="field">
              <label htmlFor={`batna-score-${cr.id}`}>BATNA score on {cr.name} (0–10)</label>
              <input id={`batna-score-${cr.id}`} name={`batna.score-${cr.id}`} type="number" min={0} max={10} step="0.5" defaultValue={typed(`score-${cr.id}`) ?? c.batna?.judgedScores[cr.id] ?? ""} />
              {errorOf(`batna.score-${cr.id}`) ? <p className="field-error" role="alert">{errorOf(`batna.score-${cr.id}`)!.join(" ")}</p> : null}
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={fields.notes.id}>Internal notes</label>
          <textarea {...getTextareaProps(fields.notes)} rows={3} />
        </div>
      </EditorForm>
    </section>
  );
}

