// The concession log (issue #13): per vendor shortlisted in a BAFO round, the playbook's table
// (Item | You give | You get | Value to you / them | Trigger), built from its bids round to
// round and the asks sent; one-way concessions flagged. Buyers annotate each line; panel
// evaluators read. Printable (the notes print, the forms do not). Decision 019.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { WaitingNotice } from "~/components/evaluation/waiting-notice";
import type { ConcessionLine } from "~/domain/bafo/types";
import { CONCESSION_FLAG_LABELS, costGroupWords, signedMoney } from "~/domain/bafo/insight-words";
import { DomainError, httpStatusOf } from "~/domain/errors";
import { runtime } from "~/runtime.server";
import { annotateConcessionLine, annotateConcessionSchema, getConcessionLogPage } from "~/services/bafo/concessions.server";
import { isWaiting } from "~/domain/evaluation-results/waiting";
import { orWaiting } from "~/services/evaluation/results.server";
import { orRespond } from "~/web/errors.server";
import { readFormData } from "~/web/input.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction = () => [{ title: "Concession log · Pareto" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:evaluation:own");
  const { database } = await runtime();
  const view = await orRespond(orWaiting(getConcessionLogPage(database.db, params.rfpId ?? "", actor)));
  return json({ view, saved: new URL(request.url).searchParams.get("saved") }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "manage:bafo:own");
  const rfpId = params.rfpId ?? "";
  const form = await readFormData(request);
  const lineKey = String(form.get("lineKey") ?? "");
  const note = String(form.get("note") ?? "");
  const parsed = annotateConcessionSchema.safeParse({
    vendorOrganisationId: form.get("vendorOrganisationId") ?? "",
    lineKey,
    note,
  });
  if (!parsed.success)
    return json(
      {
        lineKey,
        note,
        error: parsed.error.issues.map((i) => i.message).join(" "),
      },
      { status: 400 }
    );
  const { database } = await runtime();
  try {
    await annotateConcessionLine(database.db, rfpId, actor, parsed.data);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return json({ lineKey, note, error: error.message }, { status: httpStatusOf[error.code] });
  }
  return redirect(`/rfps/${rfpId}/concessions?saved=${encodeURIComponent(lineKey)}#${anchorOf(lineKey)}`);
}

/**
 * "+4.45 points / costs them EUR 425,880.00": a negative cost is what the change is worth to the
 * vendor. A line of a lockstep group says the group's joint cost once, or that it is part of it.
 */
function valueWords(line: ConcessionLine, money: (m: number) => string): string {
  if (line.valueToBuyerPoints === null && line.costToVendorMinor === null && line.costGroup === null) return "—";
  const points = line.valueToBuyerPoints === null ? "not scored" : `${line.valueToBuyerPoints >= 0 ? "+" : "−"}${Math.abs(line.valueToBuyerPoints).toFixed(2)} points`;
  const cost = line.costToVendorMinor;
  const them = line.costGroup
    ? costGroupWords(line.costGroup, money)
    : cost === null
      ? "cost unknown"
      : cost > 0
        ? `costs them ${money(cost)}`
        : cost < 0
          ? `worth ${money(-cost)} to them`
          : "costs them nothing";
  return `${points} / ${them}`;
}

/** An element id from a line key (keys hold ':' and ids of any characters). */
function anchorOf(key: string): string {
  return `line-${key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

export default function ConcessionLogPage() {
  const { view, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  if (isWaiting(view)) return <WaitingNotice title="Concession log" wait={view} />;
  const money = (m: number) => signedMoney(m, view.currency, view.minorUnitsPerMajor);
  return (
    <div className="results concessions">
      <section className="panel" aria-labelledby="concessions-title">
        <h2 id="concessions-title">Concession log</h2>
        <p className="muted">
          Every give and get of the best-and-final rounds, built from each shortlisted vendor's bundles round to round and the conditional asks sent. "You" is the buyer. Value to
          you is the change of the bundle's total (points of 100) when only that value changes, scored on the previous round; cost to them is money, exact for the price or
          estimated from the vendor's own bundles. Issues that moved together in every one of the vendor's bundles cannot be priced apart: their lines share one joint
          value, counted once. One-way concessions and asks a vendor did not meet are flagged: pair every concession with a conditional ask.
        </p>
        {view.logs.length === 0 ? <p className="empty">No vendor has been shortlisted for a BAFO round yet, so there is nothing to log.</p> : null}
        {view.viewer.hiddenVendorCount > 0 ? <p className="notice">Vendors you declared a conflict of interest with are left out.</p> : null}
        {saved ? (
          <p className="notice no-print" role="status">
            Note saved.
          </p>
        ) : null}
      </section>
      {view.logs.map((log) => (
        <section key={log.vendorOrganisationId} className="panel" aria-labelledby={`log-${log.vendorOrganisationId}`}>
          <h3 id={`log-${log.vendorOrganisationId}`}>{log.vendorName}</h3>
          {log.lines.length === 0 ? (
            <p>No changes and no asks yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="results-table concession-table table--stack">
                <caption className="sr-only">Concession log of {log.vendorName}</caption>
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">You give</th>
                    <th scope="col">You get</th>
                    <th scope="col">Value to you / them</th>
                    <th scope="col">Trigger / contingency</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {log.lines.map((line) => {
                    const failed = actionData && actionData.lineKey === line.key ? actionData : null;
                    return (
                      <tr key={line.key} id={anchorOf(line.key)} className={line.oneWay ? "is-one-way" : undefined}>
                        <th scope="row" data-label="Item">
                          {line.item} <span className="muted">(round {line.round})</span>
                          {line.oneWay ? (
                            <>
                              <br />
                              <span className="badge badge--bad">{CONCESSION_FLAG_LABELS[line.oneWay]}</span>
                            </>
                          ) : null}
                        </th>
                        <td data-label="You give">{line.youGive || "—"}</td>
                        <td data-label="You get">{line.youGet || "—"}</td>
                        <td data-label="Value to you / them">
                          {valueWords(line, money)}
                          {line.costMethod ? <span className="muted"> ({line.costMethod})</span> : null}
                        </td>
                        <td data-label="Trigger / contingency">{line.trigger || "—"}</td>
                        <td data-label="Note">
                          {view.viewer.mayAnnotate ? (
                            <>
                              <Form method="post" className="concession-note" preventScrollReset>
                                <input type="hidden" name="vendorOrganisationId" value={log.vendorOrganisationId} />
                                <input type="hidden" name="lineKey" value={line.key} />
                                <label htmlFor={`note-${anchorOf(line.key)}`} className="sr-only">
                                  Note on {line.item}
                                </label>
                                <textarea
                                  id={`note-${anchorOf(line.key)}`}
                                  name="note"
                                  rows={2}
                                  defaultValue={failed ? failed.note : line.annotation}
                                  aria-invalid={failed ? true : undefined}
                                  aria-describedby={failed ? `note-error-${anchorOf(line.key)}` : undefined}
                                />
                                {failed ? (
                                  <p className="field-error" id={`note-error-${anchorOf(line.key)}`} role="alert">
                                    {failed.error}
                                  </p>
                                ) : null}
                                <button type="submit" className="button button--small" disabled={navigation.state === "submitting"}>
                                  Save note
                                </button>
                              </Form>
                              <span className="print-only">{line.annotation || "—"}</span>
                            </>
                          ) : (
                            line.annotation || "—"
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
