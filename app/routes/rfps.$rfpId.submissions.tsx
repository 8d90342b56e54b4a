// Who has submitted, and when — never what. Before the bids are opened the buyer sees only
// envelope facts (the service returns no content at all), as the sealed-bid rules require.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { runtime } from "~/runtime.server";
import { listSubmissionsForBuyer } from "~/services/bids/index.server";
import { orRespond } from "~/web/errors.server";
import { buyerActor } from "~/web/rfp-editor.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await buyerActor(request, context, "read:submissions:own");
  const { database } = await runtime();
  const submissions = await orRespond(listSubmissionsForBuyer(database.db, params.rfpId ?? "", actor));
  return json({ submissions });
}

export default function Submissions() {
  const { submissions } = useLoaderData<typeof loader>();
  const submitted = submissions.filter((s) => s.submitted).length;
  return (
    <section className="panel" aria-labelledby="submissions-title">
      <h2 id="submissions-title">Submissions</h2>
      <p className="notice"><strong>Bid contents are sealed until the bids are opened after the deadline.</strong> You see who submitted and when; nobody can read what they bid before then.</p>
      <p>{submitted} of {submissions.length} {submissions.length === 1 ? "vendor has" : "vendors have"} a submitted bid.</p>
      {submissions.length === 0 ? (
        <div className="empty"><p>No vendor has started a bid yet.</p></div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Submissions by vendor</caption>
            <thead>
              <tr>
                <th scope="col">Vendor</th>
                <th scope="col">Status</th>
                <th scope="col">Last received</th>
                <th scope="col" className="num">Versions</th>
                <th scope="col">After addenda</th>
              </tr>
            </thead>
            <tbody>
              {submissions.map((s) => (
                <tr key={s.vendorOrganisationId}>
                  <th scope="row" className="row-head">{s.vendorName}</th>
                  <td>
                    {s.submitted ? <span className="badge">Submitted</span> : s.withdrawn ? <span className="badge badge--bad">Withdrawn</span> : <span className="badge badge--neutral">Not submitted</span>}
                  </td>
                  <td>{s.lastReceivedAt ? <LocalTime value={s.lastReceivedAt} /> : <span className="muted">—</span>}</td>
                  <td className="num">{s.versionCount}</td>
                  <td>{s.needsConfirmation ? <span className="badge badge--warn">Needs confirmation</span> : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">Times are shown in your own time zone. Every view of this page is recorded in the audit trail.</p>
    </section>
  );
}
