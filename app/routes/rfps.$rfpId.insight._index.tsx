// MESO insight: the vendors of the latest opened round's newest snapshot, each with what its
// three bundles revealed (dominated bundles, trade-offs, counter-package suggestions). Buyer
// side only; who sees which vendor is decided in app/services/bafo/insight.server.ts (decision 019).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { WaitingNotice } from "~/components/evaluation/waiting-notice";
import { LocalTime } from "~/components/local-time";
import { runtime } from "~/runtime.server";
import { getInsightIndex } from "~/services/bafo/insight.server";
import { orWaiting } from "~/services/evaluation/results.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction = () => [{ title: "MESO insight · Pareto" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:evaluation:own");
  const { database } = await runtime();
  const view = await orRespond(orWaiting(getInsightIndex(database.db, params.rfpId ?? "", actor)));
  return json({ view }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function InsightIndexPage() {
  const { view } = useLoaderData<typeof loader>();
  if (view.kind === "waiting") return <WaitingNotice title="MESO insight" wait={view} />;
  return (
    <div className="results insight">
      <section className="panel" aria-labelledby="insight-title">
        <h2 id="insight-title">MESO insight{view.round > 1 ? ` — round ${view.round}` : ""}</h2>
        <p className="muted">
          What each vendor's three bundles reveal about what it would trade: its prices per term month, per option and per SLA point, the bundles
          another of its own bundles beats, and counter-packages for a best-and-final round built only from values it already offered. For the buyer
          side only: vendors never see this page.
        </p>
        {view.kind === "empty" ? (
          <p className="empty">{view.message}</p>
        ) : (
          <>
            <p className="snapshot-line">
              From the evaluation snapshot of <LocalTime value={view.snapshot.createdAt} /> (round {view.snapshot.round}) ·{" "}
              {view.snapshot.scoresLocked ? <span className="badge">Locked scores</span> : <span className="badge badge--warn">Draft: scores not locked</span>}
            </p>
            {view.viewer.hiddenVendorCount > 0 ? (
              <p className="notice">
                {view.viewer.hiddenVendorCount === 1 ? "One vendor is" : `${view.viewer.hiddenVendorCount} vendors are`} left out: you declared a conflict of interest.
              </p>
            ) : null}
            <div className="table-wrap">
              <table className="results-table">
                <caption className="sr-only">Vendors and what their bundles reveal</caption>
                <thead>
                  <tr>
                    <th scope="col">Vendor</th>
                    <th scope="col">Trade-offs revealed</th>
                    <th scope="col">Dominated bundles</th>
                    <th scope="col">Suggestions</th>
                    <th scope="col">Best gain</th>
                  </tr>
                </thead>
                <tbody>
                  {view.vendors.map((v) => (
                    <tr key={v.id}>
                      <th scope="row">
                        <Link to={v.id}>{v.name}</Link>
                      </th>
                      <td>{v.tradeOffs}</td>
                      <td>{v.dominated}</td>
                      <td>{v.suggestions}</td>
                      <td>{v.bestGain === null ? "—" : `+${v.bestGain.toFixed(2)} points`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
