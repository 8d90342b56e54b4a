// The vendor's bid on one RFP: the MESO grid (three bundles × every issue, then each
// bundle's SLAs, remedies, contingent clauses and terms), its live feedback, drafts, submit,
// withdraw and confirm. Thin: fields ↔ draft is grid-form.ts, every rule is the service's.
// Every post works without JavaScript; a refused one answers with what was typed and the
// messages by the cell, so nothing typed is ever lost.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { BidForm, type AutosaveReply } from "~/components/bid/bid-form";
import { ExcelPanel } from "~/components/bid/excel-panel";
import { BidGrid } from "~/components/bid/bid-grid";
import { FormErrors } from "~/components/forms";
import { LocalTime } from "~/components/local-time";
import { BID_STATE_LABELS } from "~/domain/bids/state";
import { addBlankRows, copyBundleFields, draftToGridFields, errorsForPaths, formDataToFields, gridFieldsToDraft, gridSizeProblem, type GridDefinition, type GridErrors, type GridFields } from "~/domain/bids/grid-form";
import { DomainError, httpStatusOf } from "~/domain/errors";
import { RFP_STATE_LABELS } from "~/domain/rfp/state";
import { runtime } from "~/runtime.server";
import { confirmBid, getBidWorkspace, saveBidDraft, submitBid, withdrawBid, type BidWorkspace } from "~/services/bids/index.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";
import { readFormData } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Your bid · ${data.workspace.rfp.title} · Pareto` : "Your bid · Pareto" }];

const DONE = {
  saved: "Draft saved.",
  withdrawn: "Your bid was withdrawn. The buyer sees that you withdrew it; you may submit again until the deadline.",
  confirmed: "Confirmed: your submitted bid stands unchanged under the addendum.",
} as const;
type Done = keyof typeof DONE;

async function vendorOf(request: Request, context: LoaderFunctionArgs["context"]) {
  const account = await requireActor(request, context, "submit:bid:own");
  return account;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const vendor = await vendorOf(request, context);
  const { database } = await runtime();
  const workspace = await orRespond(getBidWorkspace(database.db, params.rfpId ?? "", vendor));
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  const imported = done === "imported" ? `Imported from Excel: ${Number(url.searchParams.get("values")) || 0} values.` : null;
  return json({
    workspace,
    definition: gridDefinition(workspace),
    fields: draftToGridFields(workspace.draft.content, gridDefinition(workspace)),
    // One key per rendering of the form: a double click posts it twice and the service
    // records one version; the next rendering (after a submission) gets a new one.
    idempotencyKey: randomUUID(),
    notice: imported ?? (done && done in DONE ? DONE[done as Done] : null),
  });
}

function gridDefinition(workspace: BidWorkspace): GridDefinition {
  return { ...workspace.definition, basics: { currency: workspace.rfp.currency } };
}

/** A reply that re-renders the grid from these fields (typed values, a copy, a new row). */
type GridReply = { intent: "grid"; fields: GridFields; errors: GridErrors; formErrors: string[]; revision: string | null };
type ActionReply = GridReply | AutosaveReply | { intent: "withdraw" | "confirm"; error: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const vendor = await vendorOf(request, context);
  const rfpId = params.rfpId ?? "";
  const { database } = await runtime();
  const db = database.db;
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "save");
  const back = (done: Done) => redirect(`/opportunities/${rfpId}/bid?done=${done}`);

  if (intent === "withdraw" || intent === "confirm") {
    try {
      if (intent === "withdraw") await withdrawBid(db, rfpId, vendor);
      else await confirmBid(db, rfpId, vendor);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return json<ActionReply>({ intent, error: error.message }, { status: httpStatusOf[error.code] });
    }
    return back(intent === "withdraw" ? "withdrawn" : "confirmed");
  }

  const workspace = await orRespond(getBidWorkspace(db, rfpId, vendor));
  const definition = gridDefinition(workspace);
  const fields = formDataToFields(formData);
  // More rows than any grid has (issue #10, item 2): refused before a row is read or echoed back.
  const oversized = gridSizeProblem(fields, definition);
  if (oversized) {
    if (intent === "autosave") return json<ActionReply>({ intent: "autosave", ok: false, errors: {}, formErrors: [oversized] }, { status: 413 });
    return json<ActionReply>({ intent: "grid", fields: draftToGridFields(workspace.draft.content, definition), errors: {}, formErrors: [oversized], revision: randomUUID() }, { status: 413 });
  }
  const grid = (status: number, errors: GridErrors = {}, revision: string | null = null) => {
    const { form: formErrors = [], ...cellErrors } = errors;
    return json<ActionReply>({ intent: "grid", fields, errors: cellErrors, formErrors, revision }, { status });
  };

  // Copying a bundle or adding a row changes only what is on screen; saving stays explicit.
  const copy = /^copy:(\d):(\d)$/.exec(intent);
  if (copy) {
    const copied = copyBundleFields(fields, Number(copy[1]), Number(copy[2]));
    return json<ActionReply>({ intent: "grid", fields: copied, errors: {}, formErrors: [], revision: randomUUID() });
  }
  const add = /^add-(sla|clause):(\d)$/.exec(intent);
  if (add) {
    addBlankRows(fields, Number(add[2]), add[1] === "sla" ? { slas: 1 } : { contingent: 1 });
    return json<ActionReply>({ intent: "grid", fields, errors: {}, formErrors: [], revision: randomUUID() });
  }

  const parsed = gridFieldsToDraft(fields, definition);
  if (!parsed.ok) {
    if (intent === "autosave") return json<ActionReply>({ intent: "autosave", ok: false, errors: parsed.errors, formErrors: parsed.errors.form ?? [] }, { status: 400 });
    return grid(400, parsed.errors);
  }
  const expectedVersion = Number(formData.get("expectedVersion"));
  const idempotencyKey = String(formData.get("idempotencyKey") ?? "");
  let saved;
  try {
    saved = await saveBidDraft(db, rfpId, { expectedVersion, draft: parsed.draft }, vendor);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // A double-clicked Submit: the first post saved and submitted, so this one's save is
    // stale; the service answers a known idempotency key with the receipt it already gave.
    if (intent === "submit" && error.code === "conflict") {
      const receipt = await submitBid(db, rfpId, { idempotencyKey, expectedDraftVersion: expectedVersion }, vendor).catch(() => null);
      if (receipt) return redirect(`/opportunities/${rfpId}/bid/receipt/${receipt.versionNumber}`);
    }
    const errors = errorsForPaths(pathsOf(error), parsed.draft, fields);
    if (intent === "autosave") return json<ActionReply>({ intent: "autosave", ok: false, errors, formErrors: [error.message] }, { status: httpStatusOf[error.code] });
    return grid(httpStatusOf[error.code], { ...errors, form: [error.message] });
  }
  if (intent === "autosave") {
    // The feedback is the server's, on the draft just saved (the workspace read computes it).
    const workspace = await getBidWorkspace(db, rfpId, vendor);
    return json<ActionReply>({ intent: "autosave", ok: true, version: saved.version, savedAt: new Date(saved.savedAt).toISOString(), feedback: workspace.feedback });
  }
  if (intent !== "submit") return back("saved");

  try {
    const receipt = await submitBid(db, rfpId, { idempotencyKey, expectedDraftVersion: saved.version }, vendor);
    return redirect(`/opportunities/${rfpId}/bid/receipt/${receipt.versionNumber}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // The draft is saved; the grid keeps what was typed, each problem by its cell.
    return grid(httpStatusOf[error.code], { ...errorsForPaths(pathsOf(error), parsed.draft, fields), form: [error.message] });
  }
}

/** A domain error's field messages as (path, message) pairs, in the service's path terms. */
function pathsOf(error: DomainError): { path: string; message: string }[] {
  return Object.entries(error.fieldErrors).flatMap(([path, messages]) => messages.map((message) => ({ path, message })));
}

/** Autosaves answer their own fetcher; reloading the page's data would reset the grid mid-typing. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;

export default function BidPage() {
  const { workspace, definition, fields: savedFields, idempotencyKey, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { rfp } = workspace;
  const gridReply = reply?.intent === "grid" ? reply : undefined;
  const fields = gridReply?.fields ?? savedFields;
  const open = rfp.state === "open";
  const submitted = workspace.state === "submitted";
  const latest = workspace.versions.at(-1);
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;

  return (
    <article className="rfp bid-page" aria-labelledby="bid-title">
      <p className="crumbs"><Link to={`/opportunities/${rfp.id}`}>← {rfp.title}</Link></p>
      <header className="rfp-head">
        <p className="muted rfp-head__meta">
          {rfp.reference ? <span className="mono">{rfp.reference}</span> : null}
          {rfp.reference ? " · " : null}
          {rfp.buyer}
        </p>
        <h1 id="bid-title">Your bid: {rfp.title}</h1>
        <div className="bid-status">
          <span className={`badge badge--${rfp.state}`}>{RFP_STATE_LABELS[rfp.state]}</span>
          <span className={`badge ${submitted ? "" : workspace.state === "withdrawn" ? "badge--bad" : "badge--neutral"}`}>{BID_STATE_LABELS[workspace.state]}{latest && submitted ? `: version ${latest.versionNumber}` : ""}</span>
          <span>Bids close <strong><LocalTime value={workspace.deadline} /></strong></span>
        </div>
      </header>

      {notice ? <p className="notice" role="status">{notice}</p> : null}
      {workspace.pendingAddenda.length > 0 ? (
        <div className="banner panel--warn" role="alert">
          <p>
            <strong>An addendum changed the RFP after your submission: confirm or revise your bid.</strong>{" "}
            {workspace.pendingAddenda.map((a) => `Addendum ${a.number}`).join(", ")} — <Link to={`/opportunities/${rfp.id}#addenda`}>read what changed</Link>.
          </p>
          {open ? (
            <Form method="post" className="button-row">
              <button type="submit" name="intent" value="confirm" className="button" disabled={busy("confirm")}>Confirm bid unchanged</button>
              <span className="hint">Or change the grid below and submit a new version.</span>
            </Form>
          ) : null}
          {reply?.intent === "confirm" ? <p className="field-error" role="alert">{reply.error}</p> : null}
        </div>
      ) : null}
      {!open ? (
        <div className="banner banner--danger" role="status">
          {rfp.state === "draft" ? "This RFP is not open for bids." : "Bids are closed: the deadline has passed. Your draft and your submitted versions are kept as they are."}
        </div>
      ) : null}

      <BidForm key={gridReply?.revision ?? `v${workspace.draft.version}`} initialVersion={workspace.draft.version} idempotencyKey={idempotencyKey} editable={open}
        actions={(autosave) => (
          <div className="bid-actions">
            <button type="submit" name="intent" value="save" className="button button--secondary" disabled={busy("save")}>Save draft</button>
            <button type="submit" name="intent" value="submit" className="button" disabled={busy("submit")}>
              {busy("submit") ? "Submitting…" : submitted ? "Submit a new version" : "Submit bid"}
            </button>
            <AutosaveStatus reply={autosave.fetcher.data} saving={autosave.saving} savedAt={workspace.draft.updatedAt} />
          </div>
        )}
      >
        {(autosave) => {
          const live = autosave.fetcher.data;
          const errors = live && !live.ok ? live.errors : (gridReply?.errors ?? {});
          const feedback = live?.ok ? live.feedback : workspace.feedback;
          return (
            <>
              <FormErrors errors={gridReply?.formErrors} />
              <BidGrid definition={definition} fields={fields} errors={errors} feedback={feedback} editable={open} />
            </>
          );
        }}
      </BidForm>

      <ExcelPanel rfpId={rfp.id} editable={open} />

      <section className="panel versions" aria-labelledby="versions-title">
        <h2 id="versions-title">Submitted versions</h2>
        {workspace.versions.length === 0 ? (
          <p className="muted">Nothing submitted yet. Only a submitted version counts; the last one before the deadline is the one evaluated.</p>
        ) : (
          <table>
            <caption className="sr-only">Your submitted versions</caption>
            <thead>
              <tr><th scope="col">Version</th><th scope="col">Received</th><th scope="col">Content hash (SHA-256)</th><th scope="col">Receipt</th></tr>
            </thead>
            <tbody>
              {[...workspace.versions].reverse().map((v) => (
                <tr key={v.versionNumber}>
                  <td>Version {v.versionNumber}</td>
                  <td><LocalTime value={v.receivedAt} /></td>
                  <td className="mono">{v.contentHash.slice(0, 16)}…</td>
                  <td><Link to={`receipt/${v.versionNumber}`}>Receipt for version {v.versionNumber}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {open && submitted ? (
          <Form method="post" className="button-row withdraw-form">
            <button type="submit" name="intent" value="withdraw" className="button button--secondary" disabled={busy("withdraw")}>Withdraw bid</button>
            <span className="hint">The buyer will see that you withdrew; you may submit again until the deadline.</span>
          </Form>
        ) : null}
        {reply?.intent === "withdraw" ? <p className="field-error" role="alert">{reply.error}</p> : null}
      </section>
    </article>
  );
}

function AutosaveStatus({ reply, saving, savedAt }: { reply: AutosaveReply | undefined; saving: boolean; savedAt: string | null }) {
  if (saving) return <span className="bid-actions__status" role="status">Saving…</span>;
  if (reply && !reply.ok) {
    const cells = Object.keys(reply.errors).filter((k) => k !== "form").length;
    return (
      <span className="bid-actions__status bid-actions__status--bad" role="status">
        Not saved: {reply.formErrors[0] ?? `${cells} ${cells === 1 ? "cell needs" : "cells need"} fixing`}
      </span>
    );
  }
  const at = reply?.ok ? reply.savedAt : savedAt;
  return <span className="bid-actions__status" role="status">{at ? <>Draft saved <LocalTime value={at} /></> : "Not saved yet"}</span>;
}
