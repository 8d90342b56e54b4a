// Addenda: every change after publication with its reason and diff, who acknowledged it;
// and the two publication-time actions that are not section edits: extending the deadline
// and cancelling the RFP.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { getInputProps, getTextareaProps } from "@conform-to/react";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { LocalTime, useBrowserZone } from "~/components/local-time";
import { AddendumChanges } from "~/components/rfp/addendum-changes";
import { EditorForm, SavedNotice, useEditable, useEditorForm } from "~/components/rfp-editor/editor";
import { cancelRfpSchema } from "~/domain/rfp/actions";
import { extendDeadlineFormSchema, instantToWallTime } from "~/domain/rfp/editor-forms";
import { cancelRfp, extendDeadline, workspaceTabReads } from "~/services/rfps/index.server";
import { editorDone, editorInvalid, editorRefused } from "~/web/editor-actions.server";
import { loadRfpForEditing, loadWorkspaceTab } from "~/web/rfp-editor.server";
import { readFormData } from "~/web/input.server";

const cancelFormSchema = cancelRfpSchema.extend({ expectedVersion: z.coerce.number().int().optional() });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await loadWorkspaceTab(request, context, params.rfpId!, async (read, _actor, db) => ({ addenda: await workspaceTabReads.addenda(db, read), bidsCloseAt: read.view.definition.timeline.bidsCloseAt })));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  if (intent === "extend") {
    const { actor, db, view } = await loadRfpForEditing(request, context, params.rfpId!, "update:rfp:own");
    const submission = parseWithZod(formData, { schema: extendDeadlineFormSchema });
    if (submission.status !== "success") return editorInvalid("extend", submission);
    try {
      const issued = await extendDeadline(db, view.id, submission.value, actor);
      return editorDone(request, `Deadline extended as addendum ${issued.number}; vendors have been notified.`);
    } catch (error) {
      return editorRefused("extend", submission, error);
    }
  }
  if (intent === "cancel") {
    const { actor, db, view } = await loadRfpForEditing(request, context, params.rfpId!, "cancel:rfp:own");
    const submission = parseWithZod(formData, { schema: cancelFormSchema });
    if (submission.status !== "success") return editorInvalid("cancel", submission);
    try {
      const { notified } = await cancelRfp(db, view.id, { reason: submission.value.reason }, actor);
      return editorDone(request, `RFP cancelled; ${notified} vendor${notified === 1 ? "" : "s"} notified.`);
    } catch (error) {
      return editorRefused("cancel", submission, error);
    }
  }
  throw new Response("Unknown action on this page.", { status: 400 });
}

export default function AddendaSection() {
  const { addenda, basis } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const zone = useBrowserZone();
  const { editable } = useEditable();
  return (
    <>
      <SavedNotice text={params.get("saved")} />
      <section className="panel" aria-labelledby="addenda-title">
        <h2 id="addenda-title">Addenda</h2>
        {basis.state === "draft" ? <p className="muted">While the RFP is a draft you edit it directly. After publication every change becomes a numbered addendum here.</p> : null}
        {addenda.length === 0 ? (
          basis.state !== "draft" ? <div className="empty"><p>No addenda yet.{editable ? " Edit any section to issue one; each needs a reason and every invited vendor must acknowledge it." : ""}</p></div> : null
        ) : (
          addenda.map((a) => (
            <article key={a.id} className="addendum" aria-labelledby={`addendum-${a.number}`}>
              <h3 id={`addendum-${a.number}`}>Addendum {a.number}: {a.kind === "deadline_extension" ? "deadline extension" : "amendment"}</h3>
              <p className="muted">Issued <LocalTime value={a.issuedAt} />. Reason: {a.reason}</p>
              <AddendumChanges changes={a.changes} />
              <p>
                Acknowledged by {a.acknowledgedBy.length ? a.acknowledgedBy.map((k) => k.name).join(", ") : "no vendor yet"}
                {a.awaitingAcknowledgement.length ? <> · waiting for {a.awaitingAcknowledgement.join(", ")}</> : null}
              </p>
            </article>
          ))
        )}
      </section>
      {!editable ? null : basis.state === "open" ? (
        <div className="two-col">
          <ExtendPanel key={zone} zone={zone} />
          <CancelPanel />
        </div>
      ) : basis.state === "draft" ? (
        <CancelPanel />
      ) : null}
    </>
  );
}

function ExtendPanel({ zone }: { zone: string }) {
  const { bidsCloseAt, basis } = useLoaderData<typeof loader>();
  const [form, fields] = useEditorForm("extend", extendDeadlineFormSchema, { timeZone: zone, bidsCloseAt: instantToWallTime(bidsCloseAt, zone) });
  return (
    <section className="panel" aria-labelledby="extend-title">
      <h2 id="extend-title">Extend the deadline</h2>
      <EditorForm form={form} intent="extend" version={basis.version} published={false} submitLabel="Extend deadline">
        <input type="hidden" name="timeZone" value={zone} />
        <div className="field">
          <label htmlFor={fields.bidsCloseAt.id}>New deadline ({zone})</label>
          <input {...getInputProps(fields.bidsCloseAt, { type: "datetime-local" })} />
          {fields.bidsCloseAt.errors ? <p className="field-error" role="alert">{fields.bidsCloseAt.errors.join(" ")}</p> : null}
        </div>
        <div className="field">
          <label htmlFor={fields.reason.id}>Reason for the extension</label>
          <textarea {...getTextareaProps(fields.reason)} rows={2} />
          {fields.reason.errors ? <p className="field-error" role="alert">{fields.reason.errors.join(" ")}</p> : null}
        </div>
      </EditorForm>
    </section>
  );
}

function CancelPanel() {
  const { basis } = useLoaderData<typeof loader>();
  const [form, fields] = useEditorForm("cancel", cancelFormSchema);
  return (
    <section className="panel" aria-labelledby="cancel-title">
      <h2 id="cancel-title">Cancel the RFP</h2>
      <p className="hint">Vendors are notified with your reason. A cancelled RFP cannot be reopened; copy it to start again.</p>
      <EditorForm form={form} intent="cancel" version={basis.version} published={false} submitLabel="Cancel RFP">
        <div className="field">
          <label htmlFor={fields.reason.id}>Reason for the cancellation</label>
          <textarea {...getTextareaProps(fields.reason)} rows={2} />
          {fields.reason.errors ? <p className="field-error" role="alert">{fields.reason.errors.join(" ")}</p> : null}
        </div>
      </EditorForm>
    </section>
  );
}
