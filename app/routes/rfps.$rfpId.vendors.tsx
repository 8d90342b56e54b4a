// Vendors: invite by email (each gets a link; a new vendor registers through it), make the
// RFP public, and see who was invited, opened it and intends to bid.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { getTextareaProps } from "@conform-to/react";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { LocalTime } from "~/components/local-time";
import { EditorForm, SavedNotice, useEditable, useEditorForm } from "~/components/rfp-editor/editor";
import { DomainError } from "~/domain/errors";
import { inviteVendorsSchema } from "~/domain/rfp/actions";
import { saveVisibilitySchema } from "~/domain/rfp/sections";
import { inviteVendors, issueAddendum, setRfpVisibility, workspaceTabReads } from "~/services/rfps/index.server";
import { editorDone, editorInvalid, editorRefused, editorSaved } from "~/web/editor-actions.server";
import { loadRfpForEditing, loadWorkspaceTab } from "~/web/rfp-editor.server";
import { readFormData } from "~/web/input.server";

const inviteFormSchema = inviteVendorsSchema.extend({ expectedVersion: z.coerce.number().int().optional() });
const visibilityFormSchema = z.object({
  expectedVersion: z.coerce.number().int().min(1),
  isPublic: z.enum(["true", "false"]).transform((v) => v === "true"),
  reason: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(3, "Give the reason for this addendum (vendors read it)").optional()),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await loadWorkspaceTab(request, context, params.rfpId!, async (read, actor, db) => ({ ...(await workspaceTabReads.vendors(db, read, actor)), isPublic: read.view.definition.isPublic })));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  if (intent === "invite") {
    const { actor, db, view } = await loadRfpForEditing(request, context, params.rfpId!, "invite:vendor:own");
    const submission = parseWithZod(formData, { schema: inviteFormSchema });
    if (submission.status !== "success") return editorInvalid("invite", submission);
    try {
      const result = await inviteVendors(db, view.id, { emails: submission.value.emails }, actor);
      const sent = result.invited.filter((i) => i.sent).length;
      const message =
        view.state === "draft"
          ? `${result.invited.length} invited; the links are emailed when you publish.`
          : `${sent} invitation${sent === 1 ? "" : "s"} sent.`;
      return editorDone(request, result.alreadyInvited.length ? `${message} Already invited before: ${result.alreadyInvited.join(", ")}.` : message);
    } catch (error) {
      return editorRefused("invite", submission, error);
    }
  }
  if (intent === "visibility") {
    const { actor, db, view } = await loadRfpForEditing(request, context, params.rfpId!, "update:rfp:own");
    const submission = parseWithZod(formData, { schema: visibilityFormSchema });
    if (submission.status !== "success") return editorInvalid("visibility", submission);
    const v = submission.value;
    try {
      if (view.state === "draft") {
        await setRfpVisibility(db, view.id, saveVisibilitySchema.parse({ expectedVersion: v.expectedVersion, isPublic: v.isPublic }), actor);
        return editorSaved(request, null, "Visibility");
      }
      if (!v.reason) throw new DomainError("invalid", "Give the reason for this addendum (vendors read it).", { reason: ["Give the reason for this addendum (vendors read it)."] });
      const issued = await issueAddendum(db, view.id, { expectedVersion: v.expectedVersion, reason: v.reason, visibility: { isPublic: v.isPublic } }, actor);
      return editorSaved(request, issued.number, "Visibility");
    } catch (error) {
      return editorRefused("visibility", submission, error);
    }
  }
  return json({ form: "none", result: null }, { status: 400 });
}

export default function VendorsSection() {
  const { invitations, vendors, isPublic, basis } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const [form, fields] = useEditorForm("invite", inviteFormSchema);
  const [visibility, visibilityFields] = useEditorForm("visibility", visibilityFormSchema);
  const { editable } = useEditable();
  const participant = new Map(vendors.map((v) => [v.name, v]));
  const canSeeBids = vendors.some((v) => v.bid !== null);
  return (
    <>
      <SavedNotice text={params.get("saved")} />
      {editable ? (
      <div className="two-col">
        <section className="panel" aria-labelledby="invite-title">
          <h2 id="invite-title">Invite vendors</h2>
          <p className="hint">Each address gets its own link. A vendor without an account registers through it and lands on this RFP.</p>
          <EditorForm form={form} intent="invite" version={basis.version} published={false} submitLabel="Invite">
            <div className="field">
              <label htmlFor={fields.emails.id}>Email addresses</label>
              <span className="hint">Separate them with commas or new lines.</span>
              <textarea {...getTextareaProps(fields.emails)} rows={4} />
              {fields.emails.errors ? <p className="field-error" role="alert">{fields.emails.errors.join(" ")}</p> : null}
            </div>
          </EditorForm>
        </section>
        <section className="panel" aria-labelledby="visibility-title">
          <h2 id="visibility-title">Visibility</h2>
          <p>{isPublic ? "Public: every registered vendor can find and bid on this RFP." : "By invitation only: only invited vendors see this RFP."}</p>
          <EditorForm form={visibility} intent="visibility" version={basis.version} published={basis.state !== "draft"} submitLabel={isPublic ? "Make it invitation-only" : "Make it public"} reasonError={visibilityFields.reason.errors}>
            <input type="hidden" name="isPublic" value={isPublic ? "false" : "true"} />
          </EditorForm>
        </section>
      </div>
      ) : (
        // Who may not invite (or no longer can) reads the visibility, without forms that would be refused.
        <p className="notice">{isPublic ? "Public: every registered vendor can find and bid on this RFP." : "By invitation only: only invited vendors see this RFP."}</p>
      )}
      <section className="panel" aria-labelledby="invited-title">
        <h2 id="invited-title">Invited vendors</h2>
        {invitations.length === 0 && vendors.length === 0 ? (
          <div className="empty"><p>No vendors yet. Invite them above{isPublic ? "; as a public RFP, any vendor can also find it once published" : ", or make the RFP public"}.</p></div>
        ) : (
          <div className="table-wrap">
            {/* One card per vendor at phone width, each cell naming its column. */}
            <table className="table--stack">
              <thead>
                <tr><th scope="col">Email</th><th scope="col">Invited</th><th scope="col">Link sent</th><th scope="col">Vendor</th><th scope="col">Opened</th><th scope="col">Intends to bid</th>{canSeeBids ? <th scope="col">Bid</th> : null}</tr>
              </thead>
              <tbody>
                {invitations.map((i) => {
                  const p = i.vendorOrganisation ? participant.get(i.vendorOrganisation) : undefined;
                  return (
                    <tr key={i.email}>
                      <td data-label="Email">{i.email}</td>
                      <td data-label="Invited"><LocalTime value={i.invitedAt} /></td>
                      <td data-label="Link sent">{i.sentAt ? <LocalTime value={i.sentAt} /> : <span className="muted">at publication</span>}</td>
                      <td data-label="Vendor">{i.vendorOrganisation ?? <span className="muted">not accepted yet</span>}</td>
                      <td data-label="Opened">{p?.openedAt ? <LocalTime value={p.openedAt} /> : <span className="muted">no</span>}</td>
                      <td data-label="Intends to bid"><Intent vendor={p} /></td>
                      {canSeeBids ? <td data-label="Bid"><BidCell vendor={p} /></td> : null}
                    </tr>
                  );
                })}
                {vendors.filter((v) => v.joinedVia === "public").map((v) => (
                  <tr key={v.organisationId}>
                    <td data-label="Email" className="muted">(public RFP)</td>
                    <td data-label="Invited">—</td>
                    <td data-label="Link sent">—</td>
                    <td data-label="Vendor">{v.name}</td>
                    <td data-label="Opened">{v.openedAt ? <LocalTime value={v.openedAt} /> : <span className="muted">no</span>}</td>
                    <td data-label="Intends to bid"><Intent vendor={v} /></td>
                    {canSeeBids ? <td data-label="Bid"><BidCell vendor={v} /></td> : null}
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

type Vendor = ReturnType<typeof useLoaderData<typeof loader>>["vendors"][number];

/** A submitted bid states the intent to bid, whatever was declared before it. */
function Intent({ vendor }: { vendor: Vendor | undefined }) {
  if (vendor?.bid && vendor.bid.state === "submitted") return <>Yes <span className="muted">(bid submitted)</span></>;
  if (vendor?.intendsToBid == null) return <span className="muted">not said</span>;
  return <>{vendor.intendsToBid ? "Yes" : "No"}</>;
}

/** The envelope only (the contents stay sealed): state, version and receipt time, linked to the submissions list. */
function BidCell({ vendor }: { vendor: Vendor | undefined }) {
  const bid = vendor?.bid;
  if (!bid || bid.lastVersion === null) return <span className="muted">not submitted</span>;
  return (
    <a href="submissions">
      {bid.state === "withdrawn" ? `Withdrawn (version ${bid.lastVersion})` : `Submitted version ${bid.lastVersion}`}
      {bid.lastReceivedAt ? <> · received <LocalTime value={bid.lastReceivedAt} /></> : null}
    </a>
  );
}
