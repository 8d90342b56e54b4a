// The vendor's RFPs: the ones it was invited to (and accepted) and the public ones.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { RFP_STATE_LABELS } from "~/domain/rfp/state";
import { runtime } from "~/runtime.server";
import { listRfpsForVendor } from "~/services/rfps/index.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction = () => [{ title: "RFPs · Pareto" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireActor(request, context, "read:rfp:invited");
  const { database } = await runtime();
  const rfps = await orRespond(listRfpsForVendor(database.db, account));
  // What the table shows of each RFP (the page's data is sent twice: as HTML and for hydration).
  return json({
    organisation: account.organisation.name,
    rfps: rfps.map((r) => ({ id: r.id, title: r.title, reference: r.reference, invited: r.invited, buyer: r.buyer, state: r.state, response: r.response, intendsToBid: r.intendsToBid, unacknowledgedAddenda: r.unacknowledgedAddenda })),
  });
}

export default function Opportunities() {
  const { organisation, rfps } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>RFPs</h1>
      <p className="muted">The requests for proposals {organisation} is invited to, and the public ones.</p>
      {rfps.length === 0 ? (
        <section className="panel" aria-labelledby="none-title">
          <div className="empty">
            <p id="none-title"><strong>No RFPs are open to {organisation} yet.</strong></p>
            <p>
              When a buyer invites your organisation, you receive an email with an invitation link: open it while signed in and the RFP
              appears here. Public RFPs appear here on their own as soon as they are published.
            </p>
            <p>
              For each RFP you read the term sheet, the criteria and how they are scored, ask the buyer questions, and bid three bundles
              (cost-optimised, reliability-optimised, balanced).
            </p>
          </div>
        </section>
      ) : (
        <section className="panel" aria-label="Your RFPs">
          <div className="table-wrap">
            <table className="table--stack">
              <thead>
                <tr>
                  <th scope="col">RFP</th>
                  <th scope="col">Buyer</th>
                  <th scope="col">State</th>
                  <th scope="col">Bids close</th>
                  <th scope="col">Your response</th>
                  <th scope="col">Addenda</th>
                </tr>
              </thead>
              <tbody>
                {rfps.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/opportunities/${r.id}`} className="strong-link">{r.title}</Link>
                      <span className="hint cell-note">
                        {r.reference ? <span className="mono">{r.reference}</span> : null}
                        {r.reference ? " · " : null}
                        {r.invited ? "Invited" : "Public"}
                      </span>
                    </td>
                    <td data-label="Buyer">{r.buyer}</td>
                    <td data-label="State">
                      <span className={`badge badge--${r.state}`}>{RFP_STATE_LABELS[r.state]}</span>
                    </td>
                    <td data-label="Bids close">
                      <LocalTime value={r.response.deadline} />
                      {r.response.round > 1 ? <span className="hint cell-note">Round {r.response.round} (BAFO)</span> : null}
                    </td>
                    <td data-label="Your response">
                      {r.response.needsAction ? <strong>{r.response.text}</strong> : r.response.text}
                      {r.response.needsAction ? (
                        <span className="hint cell-note">
                          {r.intendsToBid === null ? "Intent to bid not declared" : r.intendsToBid ? "Intends to bid" : "Will not bid"}
                        </span>
                      ) : null}
                    </td>
                    <td data-label="Addenda">
                      {r.unacknowledgedAddenda > 0 ? (
                        <span className="badge badge--bad">{r.unacknowledgedAddenda} to acknowledge</span>
                      ) : (
                        <span className="muted">None waiting</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
