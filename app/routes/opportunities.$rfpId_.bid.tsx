// The vendor's bid on one RFP: the MESO grid (three bundles × every issue, then each
// bundle's SLAs, remedies, contingent clauses and terms), its live feedback, drafts, submit,
// withdraw and confirm. Thin: fields ↔ draft is grid-form.ts, every rule is the service's.
// Every post works without JavaScript; a refused one answers with what was typed and the
// messages by the cell, so nothing typed is ever lost. The page carries what the view needs
// (issue 15): the draft once, as data; the clauses of one bundle at a time (a post carries
// the clauses it shows, the others stay as saved). After the deadline it is a read-only view.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useMemo, useState } from "react";
import { BidForm, type AutosaveReply } from "~/components/bid/bid-form";
import { ExcelPanel } from "~/components/bid/excel-panel";
import { BafoBidPanel } from "~/components/bafo/bafo-bid-panel";
import { BidGrid } from "~/components/bid/bid-grid";
import { ReceiptBundles } from "~/components/bid/receipt-bundles";
import { FormErrors } from "~/components/forms";
import { LocalTime } from "~/components/local-time";
import type { BidDraft } from "~/domain/bids/content";
import { BUNDLE_LETTERS } from "~/domain/bids/slots";
import { BID_STATE_LABELS, bidSaveFormSchema, retryKeyFormSchema, StaleDraftError, staleDraftOnPage } from "~/domain/bids/state";
import { addBlankRows, copyBundleFields, draftToGridFields, errorsForPaths, formDataToFields, gridFieldsToDraft, gridSizeProblem, type GridDefinition, type GridErrors, type GridFields } from "~/domain/bids/grid-form";
import { DomainError, httpStatusOf } from "~/domain/errors";
import { RFP_STATE_LABELS } from "~/domain/rfp/state";
import { runtime } from "~/runtime.server";
import { confirmBidUnchanged } from "~/services/bafo/confirm-unchanged.server";
import { confirmBid, getBidWorkspace, getReceipt, saveBidDraft, submitBid, withdrawBid, type BidWorkspace } from "~/services/bids/index.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";
import { noticeParam, readFormData } from "~/web/input.server";
import bidStylesHref from "~/styles/bid.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: bidStylesHref }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Your bid · ${data.rfp.title} · Pareto` : "Your bid · Pareto" }];

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
  const rfpId = params.rfpId ?? "";
  const workspace = await orRespond(getBidWorkspace(database.db, rfpId, vendor));
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  const imported = done === "imported" ? `Imported from Excel: ${Number(url.searchParams.get("values")) || 0} values.` : null;
  const editable = workspace.editable;
  // After the deadline the page is a read-only view of what counts: the last submitted
  // version (as its receipt shows it) or, with none, the draft that was never sent.
  const latest = workspace.versions.at(-1);
  const counting = !editable && latest && workspace.state === "submitted" ? await orRespond(getReceipt(database.db, rfpId, latest.versionNumber, vendor)) : null;
  return json({
    rfp: { id: workspace.rfp.id, title: workspace.rfp.title, reference: workspace.rfp.reference, buyer: workspace.rfp.buyer, state: workspace.rfp.state, deadline: workspace.deadline },
    bid: {
      state: workspace.state,
      versions: workspace.versions,
      pendingAddenda: workspace.pendingAddenda.map((a) => a.number),
      // The draft travels once, as the engine's compact data; the grid's fields are derived
      // from it on both sides (draftToGridFields), not sent a second time as form fields.
      draft: { version: workspace.draft.version, updatedAt: workspace.draft.updatedAt, content: workspace.draft.content },
    },
    grid: gridDefinition(workspace),
    feedback: editable ? workspace.feedback : null,
    /** The bundle whose service levels, remedies and terms are open (`?clauses=B`); the others are one click away. */
    openBundle: openBundleOf(url, workspace.definition.bundleSlots.length),
    readOnly: editable ? null : { counting: counting ? { versionNumber: counting.versionNumber, receivedAt: counting.receivedAt, bundles: counting.bundles } : null },
    // One key per rendering of the form: a double click posts it twice and the service
    // records one version; the next rendering (after a submission) gets a new one.
    idempotencyKey: randomUUID(),
    notice: imported ?? noticeParam(request, DONE),
    bafo: workspace.bafo,
  });
}

function gridDefinition(workspace: BidWorkspace): GridDefinition {
  const { termSheet, bundleSlots, sla } = workspace.definition;
  return { termSheet, bundleSlots, sla, basics: { currency: workspace.rfp.currency } };
}

/** `?clauses=B` (a bundle letter) → its index; bundle A when absent or unknown. */
function openBundleOf(url: URL, slots: number): number {
  const letter = (url.searchParams.get("clauses") ?? "").toUpperCase();
  const index = BUNDLE_LETTERS.indexOf(letter as (typeof BUNDLE_LETTERS)[number]);
  return index >= 0 && index < slots ? index : 0;
}

/**
 * A reply that re-renders the grid from these fields (typed values, a copy, a new row), with these bundles' clauses open.
 * `version`: the draft version the form carries from now on (null: the page's), the one its fields were based on, so
 * a colleague's save in the meantime is never overwritten unnoticed; `stale`: a save refused because the draft was
 * changed elsewhere, whose message named `version` (the form saves over it only when the vendor saves again).
 */
type GridReply = { intent: "grid"; fields: GridFields; errors: GridErrors; formErrors: string[]; revision: string | null; open: number[]; version: number | null; stale: boolean };
type ActionReply = GridReply | AutosaveReply | { intent: "withdraw" | "confirm" | "confirm-unchanged"; error: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const vendor = await vendorOf(request, context);
  const rfpId = params.rfpId ?? "";
  const { database } = await runtime();
  const db = database.db;
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "save");
  const back = (done: Done) => redirect(`/opportunities/${rfpId}/bid?done=${done}`);

  if (intent === "confirm-unchanged") {
    const form = retryKeyFormSchema.safeParse({ idempotencyKey: formData.get("idempotencyKey") });
    if (!form.success) return json<ActionReply>({ intent, error: form.error.issues[0]!.message }, { status: 400 });
    try {
      const receipt = await confirmBidUnchanged(db, rfpId, form.data, vendor);
      return redirect(`/opportunities/${rfpId}/bid/receipt/${receipt.versionNumber}`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return json<ActionReply>({ intent, error: error.message }, { status: httpStatusOf[error.code] });
    }
  }
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
  const posted = formDataToFields(formData);
  // The version the posted fields were based on (checked below for the posts that save).
  const basis = bidSaveFormSchema.safeParse({ expectedVersion: formData.get("expectedVersion") });
  const postedVersion = basis.success ? basis.data.expectedVersion : null;
  // More rows than any grid has (issue #10, item 2): refused before a row is read or echoed back.
  const oversized = gridSizeProblem(posted, definition);
  if (oversized) {
    if (intent === "autosave") return json<ActionReply>({ intent: "autosave", ok: false, errors: {}, formErrors: [oversized] }, { status: 413 });
    return json<ActionReply>({ intent: "grid", fields: draftToGridFields(workspace.draft.content, definition), errors: {}, formErrors: [oversized], revision: randomUUID(), open: [0], version: workspace.draft.version, stale: false }, { status: 413 });
  }
  // The page sends the clauses of the bundles it shows; the others are as saved.
  const savedFields = draftToGridFields(workspace.draft.content, definition);
  const shown = bundlesWithClauses(posted, definition.bundleSlots.length);
  const fields = withSavedClauses(posted, savedFields, shown);
  const grid = (status: number, errors: GridErrors = {}, { revision = null, open = shown, version = postedVersion, stale = false }: { revision?: string | null; open?: number[]; version?: number | null; stale?: boolean } = {}) => {
    const { form: formErrors = [], ...cellErrors } = errors;
    return json<ActionReply>({ intent: "grid", fields, errors: cellErrors, formErrors, revision, open: openWith(open, cellErrors), version, stale }, { status });
  };

  // Copying a bundle, adding a row or opening a bundle's clauses changes only what is on screen; saving stays explicit.
  const copy = /^copy:(\d):(\d)$/.exec(intent);
  if (copy) {
    const copied = copyBundleFields(fields, Number(copy[1]), Number(copy[2]));
    return json<ActionReply>({ intent: "grid", fields: copied, errors: {}, formErrors: [], revision: randomUUID(), open: shown, version: postedVersion, stale: false });
  }
  const add = /^add-(sla|clause):(\d)$/.exec(intent);
  if (add) {
    addBlankRows(fields, Number(add[2]), add[1] === "sla" ? { slas: 1 } : { contingent: 1 });
    return json<ActionReply>({ intent: "grid", fields, errors: {}, formErrors: [], revision: randomUUID(), open: [...shown, Number(add[2])], version: postedVersion, stale: false });
  }
  const show = /^show:(\d)$/.exec(intent);
  if (show) return grid(200, {}, { revision: randomUUID(), open: [...shown, Number(show[1])] });

  // The form's own fields, as the page rendered them: one that cannot be read (a version of
  // 1e309, "", 1.5; a missing or cut retry key) is refused in words before anything is saved.
  const key = retryKeyFormSchema.safeParse({ idempotencyKey: formData.get("idempotencyKey") });
  if (!basis.success || (intent === "submit" && !key.success)) {
    const message = (basis.error ?? key.error)!.issues[0]!.message;
    if (intent === "autosave") return json<ActionReply>({ intent: "autosave", ok: false, errors: {}, formErrors: [message] }, { status: 400 });
    return grid(400, { form: [message] });
  }
  const { expectedVersion } = basis.data;
  // Only a submission uses the retry key (checked above).
  const idempotencyKey = key.data?.idempotencyKey ?? "";

  let parsed = gridFieldsToDraft(fields, definition);
  // An autosave keeps the feedback live (issue #9, item 4): the cells that cannot be read are
  // reported and left as last saved, and everything else is saved and checked as usual.
  const unread = intent === "autosave" && !parsed.ok && !parsed.errors.form ? parsed.errors : {};
  if (!parsed.ok && Object.keys(unread).length > 0) parsed = gridFieldsToDraft(withSavedCells(fields, savedFields, Object.keys(unread)), definition);
  if (!parsed.ok) {
    if (intent === "autosave") return json<ActionReply>({ intent: "autosave", ok: false, errors: parsed.errors, formErrors: parsed.errors.form ?? [] }, { status: 400 });
    return grid(400, parsed.errors);
  }
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
    // Changed elsewhere (another tab, a colleague): the vendor is told which version stands,
    // and the form carries it from now on, so saving again replaces it on purpose (decision 015).
    if (error instanceof StaleDraftError) {
      const message = staleDraftOnPage(error.current);
      if (intent === "autosave") return json<ActionReply>({ intent: "autosave", ok: false, errors: unread, formErrors: [message], conflict: { version: error.current.version } }, { status: 409 });
      return grid(409, { form: [message] }, { version: error.current.version, stale: true });
    }
    const errors = errorsForPaths(pathsOf(error), parsed.draft, fields);
    if (intent === "autosave") return json<ActionReply>({ intent: "autosave", ok: false, errors: { ...errors, ...unread }, formErrors: [error.message] }, { status: httpStatusOf[error.code] });
    return grid(httpStatusOf[error.code], { ...errors, form: [error.message] });
  }
  if (intent === "autosave") {
    // The feedback is the server's, on the draft just saved (the workspace read computes it).
    const after = await getBidWorkspace(db, rfpId, vendor);
    return json<ActionReply>({ intent: "autosave", ok: true, version: saved.version, savedAt: new Date(saved.savedAt).toISOString(), feedback: after.feedback, errors: unread });
  }
  if (intent !== "submit") return back("saved");

  try {
    const receipt = await submitBid(db, rfpId, { idempotencyKey, expectedDraftVersion: saved.version }, vendor);
    return redirect(`/opportunities/${rfpId}/bid/receipt/${receipt.versionNumber}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // The draft is saved (this version); the grid keeps what was typed, each problem by its cell.
    if (error instanceof StaleDraftError) return grid(409, { form: [staleDraftOnPage(error.current)] }, { version: error.current.version, stale: true });
    return grid(httpStatusOf[error.code], { ...errorsForPaths(pathsOf(error), parsed.draft, fields), form: [error.message] }, { version: saved.version });
  }
}

/** Bundles whose clause fields (SLAs, contingent clauses, terms) are in the post. */
function bundlesWithClauses(fields: GridFields, slots: number): number[] {
  return Array.from({ length: slots }, (_, b) => b).filter((b) => Object.keys(fields).some((name) => isClauseField(name, b)));
}

const isClauseField = (name: string, b: number) => /^bundles\.(\d+)\.(slas|contingent|terms)\./.exec(name)?.[1] === String(b);

/** The posted fields, with the saved clauses of every bundle the page did not show. */
function withSavedClauses(posted: GridFields, saved: GridFields, shown: readonly number[]): GridFields {
  const fields = { ...posted };
  for (const [name, value] of Object.entries(saved)) {
    const b = Number(name.split(".")[1]);
    if (!shown.includes(b) && isClauseField(name, b)) fields[name] = value;
  }
  return fields;
}

/**
 * These cells as last saved: a term-sheet value keeps its saved value; a clause cell (whose
 * row may have moved since, by a copy or a new row) is left blank rather than guessed.
 */
function withSavedCells(fields: GridFields, saved: GridFields, names: readonly string[]): GridFields {
  const out = { ...fields };
  for (const name of names) out[name] = /^bundles\.\d+\.values\./.test(name) ? (saved[name] ?? "") : "";
  return out;
}

/** The bundles to show open: these, and every bundle with a message on one of its clause cells. */
function openWith(open: readonly number[], errors: GridErrors): number[] {
  const withErrors = Object.keys(errors).map((name) => /^bundles\.(\d+)\.(slas|contingent|terms)\./.exec(name)?.[1]).filter((b): b is string => b !== undefined).map(Number);
  return [...new Set([...open, ...withErrors])].sort((x, y) => x - y);
}

/** A domain error's field messages as (path, message) pairs, in the service's path terms. */
function pathsOf(error: DomainError): { path: string; message: string }[] {
  return Object.entries(error.fieldErrors).flatMap(([path, messages]) => messages.map((message) => ({ path, message })));
}

/** Autosaves answer their own fetcher; reloading the page's data would reset the grid mid-typing. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;

export default function BidPage() {
  const { rfp, bid, readOnly, notice, bafo, idempotencyKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitted = bid.state === "submitted";
  const latest = bid.versions.at(-1);
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
          <span className={`badge ${submitted ? "" : bid.state === "withdrawn" ? "badge--bad" : "badge--neutral"}`}>{BID_STATE_LABELS[bid.state]}{latest && submitted ? `: version ${latest.versionNumber}` : ""}</span>
          <span>{readOnly ? "Bids closed" : "Bids close"} <strong><LocalTime value={rfp.deadline} /></strong></span>
        </div>
      </header>

      {notice ? <p className="notice" role="status">{notice}</p> : null}
      {bafo ? <BafoBidPanel bafo={bafo} idempotencyKey={idempotencyKey} busy={busy("confirm-unchanged")} error={reply?.intent === "confirm-unchanged" ? reply.error : null} /> : null}
      {bid.pendingAddenda.length > 0 ? (
        <div className="banner panel--warn" role="alert">
          <p>
            <strong>An addendum changed the RFP after your submission: {readOnly ? "the deadline passed before you confirmed or revised your bid." : "confirm or revise your bid."}</strong>{" "}
            {bid.pendingAddenda.map((n) => `Addendum ${n}`).join(", ")} — <Link to={`/opportunities/${rfp.id}#addenda`}>read what changed</Link>.
          </p>
          {readOnly ? null : (
            <Form method="post" className="button-row">
              <button type="submit" name="intent" value="confirm" className="button" disabled={busy("confirm")}>Confirm bid unchanged</button>
              <span className="hint">Or change the grid below and submit a new version.</span>
            </Form>
          )}
          {reply?.intent === "confirm" ? <p className="field-error" role="alert">{reply.error}</p> : null}
        </div>
      ) : null}

      {readOnly ? <ClosedBid /> : null}
      {/* A post refused at the deadline still shows what was typed, to copy: nothing typed is lost. */}
      {!readOnly || reply?.intent === "grid" ? <OpenBid busy={busy} editable={!readOnly} /> : null}

      <section className="panel versions" aria-labelledby="versions-title">
        <h2 id="versions-title">Submitted versions</h2>
        {bid.versions.length === 0 ? (
          <p className="muted">{readOnly ? "Nothing was submitted." : "Nothing submitted yet. Only a submitted version counts; the last one before the deadline is the one evaluated."}</p>
        ) : (
          <div className="table-wrap">
          <table>
            <caption className="sr-only">Your submitted versions</caption>
            <thead>
              <tr><th scope="col">Version</th><th scope="col">Received</th><th scope="col">Content hash (SHA-256)</th><th scope="col">Receipt</th></tr>
            </thead>
            <tbody>
              {[...bid.versions].reverse().map((v) => (
                <tr key={v.versionNumber}>
                  <td>Version {v.versionNumber}</td>
                  <td><LocalTime value={v.receivedAt} /></td>
                  <td className="mono">{v.contentHash.slice(0, 16)}…</td>
                  <td><Link to={`receipt/${v.versionNumber}`}>Receipt for version {v.versionNumber}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
        {!readOnly && submitted ? (
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

/** Before the deadline: the grid, its live feedback, drafts and submission, and the Excel way. */
function OpenBid({ busy, editable }: { busy: (intent: string) => boolean; editable: boolean }) {
  const { rfp, bid, grid, feedback: savedFeedback, openBundle, idempotencyKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const gridReply = reply?.intent === "grid" ? reply : undefined;
  const savedFields = useMemo(() => draftToGridFields(bid.draft.content, grid), [bid.draft.content, grid]);
  const fields = gridReply?.fields ?? savedFields;
  const submitted = bid.state === "submitted";
  // A new form (fresh fields) for a new saved version or a reply that changes the grid (a copy,
  // a new row, clauses opened: it has a revision). A refused Save or Submit answers with exactly
  // what was posted: the form stays, so what the vendor typed while it was in flight stays on
  // screen and is saved by the next autosave (the saved version reaches the form as before).
  // The key is kept from render to render in state (React's pattern for information from
  // previous renders), not written into a ref while rendering.
  const [keptFormKey, keepFormKey] = useState(`v${bid.draft.version}`);
  const formKey = gridReply ? (gridReply.revision ?? keptFormKey) : `v${bid.draft.version}`;
  if (formKey !== keptFormKey) keepFormKey(formKey);
  // A reply's fields were based on its version: the page's newer one (a colleague's save) is
  // not taken up unnoticed. After a stale save the vendor was told, and autosave waits for them.
  return (
    <>
      <BidForm key={formKey} initialVersion={gridReply?.version ?? bid.draft.version} idempotencyKey={idempotencyKey} editable={editable} replyKey={gridReply} paused={gridReply?.stale ?? false}
        actions={(autosave) => editable && (
          <div className="bid-actions">
            <button type="submit" name="intent" value="save" className="button button--secondary" disabled={busy("save")}>Save draft</button>
            <button type="submit" name="intent" value="submit" className="button" disabled={busy("submit")}>
              {busy("submit") ? "Submitting…" : submitted ? "Submit a new version" : "Submit bid"}
            </button>
            <AutosaveStatus reply={autosave.live} saving={autosave.saving} savedAt={bid.draft.updatedAt} paused={autosave.paused} />
          </div>
        )}
      >
        {(autosave) => (
          <>
            <FormErrors errors={autosave.live?.ok === false && autosave.live.conflict ? autosave.live.formErrors : gridReply?.formErrors} />
            <BidGrid definition={grid} fields={fields} errors={shownErrors(gridReply?.errors, autosave.live, autosave.touched)}
              feedback={autosave.live?.ok ? autosave.live.feedback : savedFeedback} editable={editable} open={gridReply?.open ?? [openBundle]} />
          </>
        )}
      </BidForm>
      {editable ? <ExcelPanel rfpId={rfp.id} editable /> : null}
    </>
  );
}

/**
 * The messages to show by cell: the last post's for cells not typed into since (a fixed cell's
 * old message goes as soon as it changes), then the last autosave's, which are current.
 */
function shownErrors(posted: GridErrors | undefined, live: AutosaveReply | undefined, touched: ReadonlySet<string>): GridErrors {
  const errors: GridErrors = {};
  for (const [name, messages] of Object.entries(posted ?? {})) if (!touched.has(name)) errors[name] = messages;
  return live ? { ...errors, ...live.errors } : errors;
}

/** After the deadline: what counts, why nothing can change, and what the vendor can still do. */
function ClosedBid() {
  const { rfp, bid, grid, readOnly } = useLoaderData<typeof loader>();
  const counting = readOnly?.counting;
  const draftBundles = useMemo(() => (counting ? null : draftSummary(bid.draft.content, grid)), [counting, bid.draft.content, grid]);
  const reason =
    rfp.state === "cancelled" ? "The buyer cancelled this RFP: bids can no longer be submitted, changed or withdrawn."
    : rfp.state === "draft" ? "This RFP is not open for bids."
    : "Bids are closed: the deadline has passed, so your bid can no longer be changed, submitted or withdrawn.";
  return (
    <>
      <section className="panel closed-bid" aria-labelledby="closed-title">
        <h2 id="closed-title">{counting ? `Your bid: version ${counting.versionNumber} counts` : bid.state === "withdrawn" ? "You withdrew your bid" : "You did not submit a bid"}</h2>
        <p className="banner banner--danger" role="status">{reason}</p>
        {counting ? (
          <p>Version {counting.versionNumber}, received <LocalTime value={counting.receivedAt} />, is the bid the buyer evaluates. Its <Link to={`receipt/${counting.versionNumber}`}>receipt</Link> proves what you sent and when.</p>
        ) : (
          <p>{bid.state === "withdrawn" ? "Your withdrawal stands: the buyer evaluates no bid of yours." : "No version reached the buyer before the deadline."} Your draft is kept below as you left it; it was never sent.</p>
        )}
        <p className="hint">
          What you can still do: keep your receipts, read the RFP&apos;s <Link to={`/opportunities/${rfp.id}`}>answers and addenda</Link>, and wait for the buyer: if it asks for a best-and-final offer, a new round opens here with its own deadline.
        </p>
        <ReceiptBundles bundles={counting?.bundles ?? draftBundles ?? []} termSheet={grid.termSheet} currency={grid.basics.currency} caption={counting ? `Version ${counting.versionNumber} as submitted` : "Your draft (not submitted)"} />
      </section>
    </>
  );
}

/** The draft's bundles in the receipt's form, blank cells left out. */
function draftSummary(draft: BidDraft, grid: GridDefinition) {
  return grid.bundleSlots.map((slot, b) => {
    const bundle = draft.bundles.find((x) => x.slotId === slot.id);
    const values = Object.fromEntries(Object.entries(bundle?.values ?? {}).filter((e): e is [string, number | string] => e[1] !== null && e[1] !== ""));
    const slas = bundle?.clauses.slas ?? [];
    const remedyCount = slas.reduce((n, s) => n + s.remedies.length, 0) + (bundle?.clauses.contingentClauses ?? []).filter((c) => c.remedy).length;
    return { slotId: slot.id, letter: BUNDLE_LETTERS[b] ?? String(b + 1), slotName: slot.name, values, slaCount: slas.length, remedyCount };
  });
}

function AutosaveStatus({ reply, saving, savedAt, paused }: { reply: AutosaveReply | undefined; saving: boolean; savedAt: string | null; paused: boolean }) {
  if (saving) return <span className="bid-actions__status" role="status">Saving…</span>;
  // The full message (which version, what to do) is above the grid; the bar stays one line.
  if (paused) return <span className="bid-actions__status bid-actions__status--bad" role="status">Not saved: changed elsewhere. Autosave paused.</span>;
  const cells = Object.keys(reply?.errors ?? {}).filter((k) => k !== "form").length;
  const fix = `${cells} ${cells === 1 ? "cell needs" : "cells need"} fixing`;
  if (reply && !reply.ok) {
    return <span className="bid-actions__status bid-actions__status--bad" role="status">Not saved: {reply.formErrors[0] ?? fix}</span>;
  }
  const at = reply?.ok ? reply.savedAt : savedAt;
  return (
    <span className={`bid-actions__status ${cells ? "bid-actions__status--bad" : ""}`} role="status">
      {at ? <>Draft saved <LocalTime value={at} /></> : "Not saved yet"}
      {cells ? ` · ${fix} (kept as last saved)` : null}
    </span>
  );
}
