import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { LocalTime } from "~/components/local-time";
import { FormErrors } from "~/components/forms";
import { DomainError } from "~/domain/errors";
import { hasPermission } from "~/domain/permissions";
import { createRfpFormSchema } from "~/domain/rfp/actions";
import { RFP_TEMPLATES, RFP_TEMPLATE_KEYS } from "~/domain/rfp/templates";
import { RfpStateBadge } from "~/components/rfp/state-badge";
import { runtime } from "~/runtime.server";
import { copyRfp, createRfp, deleteDraftRfp, listRfpsForBuyer } from "~/services/rfps/index.server";
import { orRespond } from "~/web/errors.server";
import { buyerActor } from "~/web/rfp-editor.server";
import { readFormData } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "RFPs · Pareto" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await buyerActor(request, context);
  const { database } = await runtime();
  const rfps = await orRespond(listRfpsForBuyer(database.db, actor));
  return json({ rfps, canCreate: hasPermission(actor.roles, "create:rfp:own") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await buyerActor(request, context, "create:rfp:own");
  const formData = await readFormData(request);
  const { database } = await runtime();
  try {
    if (formData.get("intent") === "copy") {
      const { id } = await copyRfp(database.db, String(formData.get("rfpId") ?? ""), actor);
      return redirect(`/rfps/${id}`);
    }
    if (formData.get("intent") === "delete") {
      const { title } = await deleteDraftRfp(database.db, String(formData.get("rfpId") ?? ""), actor);
      return redirect(`/rfps?deleted=${encodeURIComponent(title || "Untitled RFP")}`);
    }
    const submission = parseWithZod(formData, { schema: createRfpFormSchema });
    // What was typed comes back with the message, so a page without JavaScript keeps it too.
    const typed = { title: String(formData.get("title") ?? ""), template: String(formData.get("template") ?? "blank") };
    if (submission.status !== "success") return json({ errors: Object.values(submission.error ?? {}).flat() as string[], typed }, { status: 400 });
    const { id } = await createRfp(database.db, submission.value, actor);
    return redirect(`/rfps/${id}`);
  } catch (error) {
    if (error instanceof DomainError) return json({ errors: [error.message], typed: null }, { status: error.code === "not_found" ? 404 : error.code === "conflict" ? 409 : 400 });
    throw error;
  }
}

export default function BuyerRfps() {
  const { rfps, canCreate } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const deleted = params.get("deleted");
  return (
    <>
      <h1>RFPs</h1>
      {deleted ? <p className="notice" role="status">Draft “{deleted}” deleted.</p> : null}
      {canCreate ? (
        <section className="panel" aria-labelledby="new-title">
          <h2 id="new-title">Start an RFP</h2>
          <FormErrors errors={actionData?.errors} />
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="create" />
            <div className="field">
              <label htmlFor="new-title-input">Title</label>
              <input id="new-title-input" name="title" maxLength={200} defaultValue={actionData?.typed?.title} aria-invalid={actionData?.typed ? true : undefined} placeholder="e.g. Street-light maintenance 2027–2029" />
            </div>
            <div className="field">
              <label htmlFor="new-template">Start from</label>
              <select id="new-template" name="template" defaultValue={actionData?.typed?.template ?? "blank"}>
                {RFP_TEMPLATE_KEYS.map((key) => (
                  <option key={key} value={key}>{RFP_TEMPLATES[key].label}</option>
                ))}
              </select>
            </div>
            <button type="submit" className="button">Create draft</button>
          </Form>
          <ul className="hint">
            {RFP_TEMPLATE_KEYS.map((key) => (
              <li key={key}><strong>{RFP_TEMPLATES[key].label}:</strong> {RFP_TEMPLATES[key].description}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="list-title">
        <h2 id="list-title">Your organisation's RFPs</h2>
        {rfps.length === 0 ? (
          <div className="empty"><p><strong>No RFPs yet.</strong> Start one above, from a template or blank; it stays a draft until you publish it.</p></div>
        ) : (
          <div className="table-wrap">
            <table className="table--stack">
              <thead>
                <tr><th scope="col">RFP</th><th scope="col">State</th><th scope="col">Bids close</th><th scope="col">Vendors invited</th><th scope="col">Open questions</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
              </thead>
              <tbody>
                {rfps.map((r) => (
                  <tr key={r.id}>
                    <td><Link to={`/rfps/${r.id}`}>{r.title || "Untitled RFP"}</Link>{r.reference ? <div className="muted mono">{r.reference}</div> : null}</td>
                    <td data-label="State"><RfpStateBadge state={r.state} awardProposed={r.awardProposed} /></td>
                    <td data-label="Bids close">
                      <LocalTime value={r.deadline.at} />
                      {r.deadline.round > 1 ? <div className="muted">Round {r.deadline.round} (BAFO)</div> : null}
                    </td>
                    <td data-label="Vendors invited">{r.invitationCount}</td>
                    <td data-label="Open questions">{r.unansweredQuestions}</td>
                    <td>
                      {canCreate ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="copy" />
                          <input type="hidden" name="rfpId" value={r.id} />
                          <button type="submit" className="button button--quiet" aria-label={`Copy ${r.title || "RFP"}`}>Copy</button>
                        </Form>
                      ) : null}
                      {canCreate && r.state === "draft" && !r.publishedAt ? (
                        // Only a draft nobody outside the organisation has seen may go; a published RFP is cancelled instead.
                        <Form method="post">
                          <input type="hidden" name="intent" value="delete" />
                          <input type="hidden" name="rfpId" value={r.id} />
                          <button type="submit" className="button button--quiet" aria-label={`Delete draft ${r.title || "Untitled RFP"}`}>Delete draft</button>
                        </Form>
                      ) : null}
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
