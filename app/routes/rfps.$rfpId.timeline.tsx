import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { getInputProps } from "@conform-to/react";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useBrowserZone } from "~/components/local-time";
import { EditorForm, ReadOnlySection, SavedNotice, useEditable, useEditorForm } from "~/components/rfp-editor/editor";
import { TimelineList } from "~/components/rfp/timeline-list";
import { instantToWallTime, keepUnchangedTimes, timelineFormSchema } from "~/domain/rfp/editor-forms";
import { editorInvalid, editorRefused, editorSaved } from "~/web/editor-actions.server";
import { loadRfpForEditing, loadWorkspaceTab, saveSection } from "~/web/rfp-editor.server";
import { readFormData } from "~/web/input.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await loadWorkspaceTab(request, context, params.rfpId!, ({ view }) => ({ timeline: view.definition.timeline, laterRound: view.deadline.round > 1 ? { round: view.deadline.round, bidsCloseAt: view.deadline.at } : null })));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, db, view } = await loadRfpForEditing(request, context, params.rfpId!, "update:rfp:own");
  const submission = parseWithZod(await readFormData(request), { schema: timelineFormSchema });
  if (submission.status !== "success") return editorInvalid("timeline", submission);
  const { expectedVersion, reason, ...submitted } = submission.value;
  const timeline = keepUnchangedTimes(view.definition.timeline, submitted);
  try {
    const { addendumNumber } = await saveSection(db, view, actor, "timeline", timeline, { expectedVersion, reason });
    return editorSaved(request, addendumNumber, "Timeline");
  } catch (error) {
    return editorRefused("timeline", submission, error);
  }
}

export default function TimelineSection() {
  const editable = useEditable();
  return editable.editable ? <TimelineEditor /> : <TimelineView reason={editable.reason} />;
}

function TimelineView({ reason }: { reason: string }) {
  const { timeline, laterRound } = useLoaderData<typeof loader>();
  return (
    <ReadOnlySection title="Timeline" id="timeline-title" reason={reason}>
      <TimelineList timeline={timeline} laterRound={laterRound} />
    </ReadOnlySection>
  );
}

function TimelineEditor() {
  const zone = useBrowserZone();
  // Re-mounted when the browser's zone is known, so the fields show the reader's own time.
  return <TimelineForm key={zone} zone={zone} />;
}

function TimelineForm({ zone }: { zone: string }) {
  const { timeline: t, basis } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const [form, fields] = useEditorForm("timeline", timelineFormSchema, {
    timeZone: zone,
    questionsCloseAt: instantToWallTime(t.questionsCloseAt, zone),
    bidsCloseAt: instantToWallTime(t.bidsCloseAt, zone),
    bidValidityDays: t.bidValidityDays ?? "",
  });
  const field = (meta: typeof fields.bidsCloseAt, label: string, type: "datetime-local" | "number", hint?: string) => (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? <span className="hint">{hint}</span> : null}
      <input {...getInputProps(meta, { type })} />
      {meta.errors ? <p className="field-error" role="alert">{meta.errors.join(" ")}</p> : null}
    </div>
  );
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <SavedNotice text={params.get("saved")} />
      <p className="hint">Times are in your time zone, <strong>{zone}</strong>. Every vendor sees them in their own.</p>
      {basis.state !== "draft" ? <p className="notice">To give vendors more time, <a href="addenda">extend the deadline</a> with a reason.</p> : null}
      <EditorForm form={form} intent="timeline" version={basis.version} published={basis.state !== "draft"} submitLabel="Save timeline" reasonError={fields.reason.errors}>
        <input type="hidden" name="timeZone" value={zone} />
        {field(fields.questionsCloseAt, "Questions close", "datetime-local", "Vendors can ask questions until then.")}
        {field(fields.bidsCloseAt, "Bids close", "datetime-local", "The deadline. Bids are sealed until it passes.")}
        {field(fields.bidValidityDays, "Bid validity (days)", "number", "How long a bid must stay open for acceptance after the deadline.")}
      </EditorForm>
    </section>
  );
}
