// The bid opening: two people of the buyer's organisation, after the deadline. A buyer starts
// it, someone else (buyer, evaluator or administrator) confirms it; until then its starter or an
// administrator may withdraw it, with a reason. The confirmed opening writes the opening register,
// shown here and printable. Plain forms with an `intent`, so it works without JavaScript; a
// refusal answers 4xx with its message on this page.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { DomainError, httpStatusOf } from "~/domain/errors";
import { openingIntentSchema, REGISTER_STATUS_LABELS } from "~/domain/evaluation-workspace/opening";
import { RFP_STATE_LABELS } from "~/domain/rfp/state";
import { runtime } from "~/runtime.server";
import { confirmOpening, decideHeldOutBid, getOpeningRegister, startOpening, withdrawOpeningStart } from "~/services/evaluation/opening.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";
import { noticeParam, readFormData } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Bid opening · ${data.view.rfp.title} · Pareto` : "Bid opening · Pareto" }];

const NOTICES: Record<string, string> = {
  started: "Opening started. The second key holders of your organisation are notified.",
  withdrawn: "Opening withdrawn. A buyer can start it again.",
  confirmed: "The bids are opened. The opening register below is final and recorded in the audit trail.",
  decided: "Your decision on the held-out bid is recorded.",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:opening:own");
  const { database } = await runtime();
  const view = await orRespond(getOpeningRegister(database.db, params.rfpId ?? "", actor));
  return json({ view, notice: noticeParam(request, NOTICES) });
}

interface ActionReply {
  intent: string;
  message: string;
  fieldErrors: Record<string, string[]>;
  values: Record<string, string>;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "read:opening:own");
  const rfpId = params.rfpId ?? "";
  const values = Object.fromEntries([...(await readFormData(request)).entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""]));
  const intent = values.intent ?? "";
  const parsed = openingIntentSchema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    return json<ActionReply>({ intent, message: Object.values(fieldErrors).flat().join(" "), fieldErrors, values }, { status: 400 });
  }
  const { database } = await runtime();
  try {
    const input = parsed.data;
    if (input.intent === "start") await startOpening(database.db, rfpId, actor);
    else if (input.intent === "confirm") await confirmOpening(database.db, rfpId, actor, { attempt: input.attempt });
    else if (input.intent === "withdraw") await withdrawOpeningStart(database.db, rfpId, { reason: input.reason, attempt: input.attempt }, actor);
    else await decideHeldOutBid(database.db, rfpId, input.vendorOrganisationId, { decision: input.decision, reason: input.reason }, actor);
    const done = { start: "started", confirm: "confirmed", withdraw: "withdrawn", decide: "decided" }[input.intent];
    return redirect(`/rfps/${rfpId}/opening?done=${done}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return json<ActionReply>({ intent, message: error.message, fieldErrors: error.fieldErrors, values }, { status: httpStatusOf[error.code] });
  }
}

type View = ReturnType<typeof useLoaderData<typeof loader>>["view"];
type Row = View["register"][number];

export default function BidOpening() {
  const { view, notice } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ActionReply | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { stage, actions } = view;
  // The decision and withdrawal forms show their own replies beside their fields.
  const refusal = reply && reply.intent !== "decide" && !(reply.intent === "withdraw" && Object.keys(reply.fieldErrors).length > 0) ? reply.message : null;
  return (
    <section className="panel opening" aria-labelledby="opening-title">
      <h2 id="opening-title">Bid opening{view.round > 1 ? `: round ${view.round} (BAFO)` : ""}</h2>
      {notice ? <p className="notice no-print" role="status">{notice}</p> : null}
      {refusal ? <p className="form-error no-print" role="alert">{refusal}</p> : null}
      <dl className="facts">
        <dt>State</dt>
        <dd>{RFP_STATE_LABELS[view.rfp.state]}</dd>
        <dt>Deadline</dt>
        <dd><LocalTime value={view.rfp.bidsCloseAt} /></dd>
        {view.start ? (
          <>
            <dt>Started</dt>
            <dd>by {view.start.startedBy}{view.start.startedByYou ? " (you)" : ""}, <LocalTime value={view.start.startedAt} /></dd>
          </>
        ) : null}
        {/* A withdrawn start stays on record; shown until the opening is confirmed. */}
        {view.lastWithdrawal && !view.opening ? (
          <>
            <dt>Withdrawn</dt>
            <dd>
              {view.lastWithdrawal.startedByName}'s start of <LocalTime value={view.lastWithdrawal.startedAt} />, by {view.lastWithdrawal.withdrawnByName} on{" "}
              <LocalTime value={view.lastWithdrawal.withdrawnAt} />. Reason: {view.lastWithdrawal.reason}
            </dd>
          </>
        ) : null}
        {view.opening ? (
          <>
            <dt>Confirmed</dt>
            <dd>by {view.opening.openedBy}, <LocalTime value={view.opening.openedAt} /></dd>
          </>
        ) : null}
      </dl>

      <div className="opening-actions no-print">
        {stage === "not-published" ? <p>This RFP is not published, so there are no bids to open.</p> : null}
        {stage === "cancelled" ? <p>This RFP was cancelled; its bids cannot be opened.</p> : null}
        {stage === "before-deadline" ? (
          <p>Bids can be opened after <LocalTime value={view.rfp.bidsCloseAt} />. Until then they stay sealed: nobody can read them.</p>
        ) : null}
        {stage === "ready-to-start" || stage === "started" ? (
          <p className="hint">
            Opening takes two people of your organisation: a buyer starts it, then someone else (a buyer, an evaluator or an
            administrator) confirms it. Only the confirmed opening unseals the bids.
          </p>
        ) : null}
        {stage === "ready-to-start" ? (
          actions.canStart ? (
            <Form method="post">
              <input type="hidden" name="intent" value="start" />
              <button type="submit" className="button" disabled={busy}>Start the opening</button>
            </Form>
          ) : (
            <p>The deadline has passed. A buyer of your organisation starts the opening; you can then confirm it.</p>
          )
        ) : null}
        {stage === "started" ? (
          actions.waitingForSecondPerson ? (
            <p className="notice" role="status">
              You started the opening: waiting for a second person. Someone else of your organisation must confirm it.
            </p>
          ) : actions.canConfirm ? (
            <Form method="post">
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="attempt" value={view.start?.attempt ?? ""} />
              <button type="submit" className="button" disabled={busy}>Confirm the opening</button>
            </Form>
          ) : (
            <p>The opening was started and waits for a second person to confirm it.</p>
          )
        ) : null}
        {stage === "started" && actions.canWithdraw ? <WithdrawForm attempt={view.start?.attempt ?? null} startedByYou={Boolean(view.start?.startedByYou)} reply={reply?.intent === "withdraw" ? reply : undefined} busy={busy} /> : null}
      </div>

      {view.opening ? <Register view={view} reply={reply} busy={busy} /> : null}
    </section>
  );
}

/** Withdrawing a started opening: a reason is required; what was typed stays on a refusal. */
function WithdrawForm({ attempt, startedByYou, reply, busy }: { attempt: number | null; startedByYou: boolean; reply: ActionReply | undefined; busy: boolean }) {
  const error = reply?.fieldErrors.reason;
  return (
    <Form method="post" className="withdraw-opening" aria-labelledby="withdraw-title">
      <h3 id="withdraw-title">Withdraw the opening</h3>
      <p className="hint">
        {startedByYou ? "Started by mistake, or the second person is away? " : "As an administrator you may withdraw this start. "}
        Withdrawing keeps the bids sealed and the start on record; a buyer can then start the opening again. Those asked to confirm it are told.
      </p>
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="attempt" value={attempt ?? ""} />
      <div className="field">
        <label htmlFor="withdraw-reason">Reason for withdrawing</label>
        <textarea id="withdraw-reason" name="reason" rows={2} defaultValue={reply?.values.reason ?? ""} aria-invalid={error ? true : undefined} aria-describedby={error ? "withdraw-reason-error" : undefined} />
        {error ? <p className="field-error" id="withdraw-reason-error">{error.join(" ")}</p> : null}
      </div>
      <button type="submit" className="button button--secondary" disabled={busy}>Withdraw the opening</button>
    </Form>
  );
}

function Register({ view, reply, busy }: { view: View; reply: ActionReply | undefined; busy: boolean }) {
  const opening = view.opening!;
  const mismatches = view.register.filter((r) => r.status === "hash-mismatch");
  return (
    <section className="opening-register" aria-labelledby="register-title">
      <h3 id="register-title">Opening register</h3>
      {view.counts ? (
        <p>
          {view.counts.bidders} {view.counts.bidders === 1 ? "bidder" : "bidders"}: {view.counts.counted} counted, {view.counts.withdrawn} withdrawn,{" "}
          {view.counts.hashMismatches} with a hash mismatch; {view.counts.lateAttempts} refused late {view.counts.lateAttempts === 1 ? "attempt" : "attempts"}.
        </p>
      ) : null}

      {mismatches.map((row) => (
        <MismatchAlert key={row.vendorOrganisationId} row={row} canDecide={view.actions.canDecide} reply={reply?.intent === "decide" && reply.values.vendorOrganisationId === row.vendorOrganisationId ? reply : undefined} busy={busy} />
      ))}

      {view.register.length === 0 ? (
        <div className="empty"><p>No vendor submitted a bid before the deadline.</p></div>
      ) : (
        <div className="table-wrap">
          <table className="register-table">
            <caption className="sr-only">Opening register: every bidder with the version that counts and its hashes</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Status</th>
                <th scope="col">Version that counts</th>
                <th scope="col">Received</th>
                <th scope="col">Stored SHA-256</th>
                <th scope="col">Recomputed SHA-256</th>
                <th scope="col">Match</th>
                <th scope="col">Withdrawn</th>
                <th scope="col">Refused late attempts</th>
              </tr>
            </thead>
            <tbody>
              {view.register.map((row) => (
                <tr key={row.vendorOrganisationId}>
                  <th scope="row" className="row-head">{row.vendorName}</th>
                  <td><StatusBadge row={row} /></td>
                  <td className="num">{row.versionNumber ?? "—"}</td>
                  <td>{row.receivedAt ? <LocalTime value={row.receivedAt} /> : <span className="muted">—</span>}</td>
                  <td><Hash value={row.storedHash} /></td>
                  <td><Hash value={row.recomputedHash} /></td>
                  <td>{row.storedHash === null ? <span className="muted">—</span> : row.storedHash === row.recomputedHash ? "Yes" : <strong className="mismatch">No: mismatch</strong>}</td>
                  <td>{row.withdrawnAt ? <LocalTime value={row.withdrawnAt} /> : <span className="muted">No</span>}</td>
                  <td>
                    {row.lateAttempts.length === 0 ? (
                      <span className="muted">None</span>
                    ) : (
                      <ul className="plain-list">
                        {row.lateAttempts.map((a, i) => (
                          <li key={i}><LocalTime value={a.at} />{a.reason === "deadline" ? " (after the deadline)" : ` (${a.reason})`}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <p>
        Register SHA-256: <code className="hash">{opening.registerHash ?? "—"}</code>{" "}
        {opening.registerHashVerified ? <span className="badge">Verified against the stored register</span> : <span className="badge badge--bad">Does not match the stored register</span>}
      </p>
      <p className="hint">
        The hash is the SHA-256 of the register's canonical JSON (keys sorted, times in UTC): anyone holding this print-out can check it
        against the stored register. Receipt hashes are the SHA-256 of each bid's canonical JSON, as on the vendor's receipt.
      </p>
      {/* The button needs the page's script; until it runs (or without it) the hint says what to do instead. */}
      <p className="no-print">
        <button type="button" className="button button--secondary js-only" onClick={() => window.print()}>Print the register</button>{" "}
        <span className="hint no-js-only">Use your browser's Print command: the page prints as the register alone.</span>
      </p>
    </section>
  );
}

function StatusBadge({ row }: { row: Row }) {
  if (row.status === "hash-mismatch") {
    if (row.decision?.decision === "admit") return <span className="badge badge--warn">Admitted after hash mismatch</span>;
    if (row.decision?.decision === "exclude") return <span className="badge badge--bad">Excluded after hash mismatch</span>;
    return <span className="badge badge--bad">{REGISTER_STATUS_LABELS["hash-mismatch"]}</span>;
  }
  if (row.status === "counted") return <span className="badge">{REGISTER_STATUS_LABELS.counted}</span>;
  return <span className="badge badge--neutral">{REGISTER_STATUS_LABELS[row.status]}</span>;
}

function Hash({ value }: { value: string | null }) {
  return value ? <code className="hash">{value}</code> : <span className="muted">—</span>;
}

function MismatchAlert({ row, canDecide, reply, busy }: { row: Row; canDecide: boolean; reply: ActionReply | undefined; busy: boolean }) {
  const id = `decide-${row.vendorOrganisationId}`;
  return (
    <div className="banner banner--danger mismatch-alert">
      <p role="alert">
        <strong>Hash mismatch: {row.vendorName}.</strong> The content stored for version {row.versionNumber} does not produce the SHA-256 on the
        vendor's receipt. {row.decision ? null : "This bid is held out: nobody evaluates it until a buyer records a decision."}
      </p>
      {row.decision ? (
        <p>
          {row.decision.decision === "admit" ? "Admitted" : "Excluded"} by {row.decision.decidedBy}, <LocalTime value={row.decision.decidedAt} />. Reason: {row.decision.reason}
        </p>
      ) : canDecide ? (
        <Form method="post" className="no-print" aria-labelledby={`${id}-legend`}>
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="vendorOrganisationId" value={row.vendorOrganisationId} />
          {reply && Object.keys(reply.fieldErrors).length === 0 ? <p className="form-error">{reply.message}</p> : null}
          <fieldset className="field field--radios">
            <legend id={`${id}-legend`}>Decision on the bid of {row.vendorName}</legend>
            <div className="radio">
              <input type="radio" id={`${id}-admit`} name="decision" value="admit" defaultChecked={reply?.values.decision === "admit"} />
              <label htmlFor={`${id}-admit`}>Admit the bid</label>
            </div>
            <div className="radio">
              <input type="radio" id={`${id}-exclude`} name="decision" value="exclude" defaultChecked={reply?.values.decision === "exclude"} />
              <label htmlFor={`${id}-exclude`}>Exclude the bid</label>
            </div>
            {reply?.fieldErrors.decision ? <p className="field-error">{reply.fieldErrors.decision.join(" ")}</p> : null}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason for the decision</label>
            <textarea id={`${id}-reason`} name="reason" rows={3} defaultValue={reply?.values.reason ?? ""} aria-invalid={reply?.fieldErrors.reason ? true : undefined} />
            {reply?.fieldErrors.reason ? <p className="field-error">{reply.fieldErrors.reason.join(" ")}</p> : null}
          </div>
          <button type="submit" className="button" disabled={busy}>Record the decision</button>
        </Form>
      ) : (
        <p>A buyer of your organisation records the decision.</p>
      )}
    </div>
  );
}
