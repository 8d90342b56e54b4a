// One vendor's MESO insight in words: the trade-offs its three bundles revealed (labelled exact
// pairwise or rough estimate; issues that moved in lockstep said once as a group with their
// joint value), its dominated bundles and the engine's counter-packages, each with the buyer's
// score gain, the break-even price, the vendor's revealed price, the zone-of-agreement verdict
// and the conditional ask. Printable. Buyer side only (decision 019).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { signedMoney } from "~/domain/bafo/insight-words";
import { runtime } from "~/runtime.server";
import { getVendorInsight } from "~/services/bafo/insight.server";
import { isWaiting } from "~/domain/evaluation-results/waiting";
import { orWaiting } from "~/services/evaluation/results.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.view.vendor.name ?? "Vendor"} · MESO insight · Pareto` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:evaluation:own");
  const { database } = await runtime();
  const view = await orRespond(orWaiting(getVendorInsight(database.db, params.rfpId ?? "", params.vendorId ?? "", actor)));
  // Not declared yet (or prices hidden): the insight tab says why and what to do.
  if (isWaiting(view)) throw redirect(`/rfps/${view.rfpId}/insight`);
  return json({ view }, { headers: { "Cache-Control": "private, no-store" } });
}

const pts = (x: number) => x.toFixed(2);
const VERDICT_LABELS = { likely: "Zone of agreement likely", unlikely: "Zone of agreement unlikely", unknown: "Zone of agreement unknown" } as const;

export default function VendorInsightPage() {
  const { view } = useLoaderData<typeof loader>();
  const money = (m: number) => signedMoney(m, view.currency, view.minorUnitsPerMajor);
  const slotName = (id: string) => view.bundles.find((b) => b.slotId === id)?.slotName ?? id;
  const { words } = view;
  return (
    <div className="results insight">
      <p className="no-print">
        <Link to={`/rfps/${view.rfpId}/insight`}>← MESO insight</Link>
      </p>
      <section className="panel" aria-labelledby="vendor-insight-title">
        <h2 id="vendor-insight-title">{view.vendor.name}: what its bundles reveal</h2>
        <p className="snapshot-line">
          Round {view.round} · evaluation snapshot of <LocalTime value={view.snapshot.createdAt} /> ·{" "}
          {view.snapshot.scoresLocked ? <span className="badge">Locked scores</span> : <span className="badge badge--warn">Draft: scores not locked</span>} · for the buyer
          side only
        </p>
        {view.bundles.length > 0 ? (
          <div className="table-wrap">
            <table className="results-table">
              <caption className="sr-only">The vendor's bundles in this snapshot</caption>
              <thead>
                <tr>
                  <th scope="col">Bundle</th>
                  <th scope="col">Place</th>
                  <th scope="col">Total</th>
                  <th scope="col">Evaluated price</th>
                </tr>
              </thead>
              <tbody>
                {view.bundles.map((b) => (
                  <tr key={b.slotId}>
                    <th scope="row">{b.slotName}</th>
                    <td>{b.rank === null ? "not ranked (a gate failed)" : b.rank}</td>
                    <td>{pts(b.total)}</td>
                    <td>{money(b.evaluatedPriceMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="tradeoffs-title">
        <h3 id="tradeoffs-title">Trade-offs it revealed</h3>
        {words.tradeOffs.length === 0 ? (
          <p className="empty">Its three bundles do not differ in anything outside the price, so they reveal no trade-off.</p>
        ) : (
          <ul className="insight-list" aria-labelledby="tradeoffs-title">
            {words.tradeOffs.map((t) => (
              <li key={t.label}>
                <span className={`badge ${t.method === "exact pairwise" ? "" : "badge--warn"}`}>{t.method}</span> {t.sentence}
                {t.group ? <> {t.group}</> : null}
                <br />
                <span className="muted">{t.detail}</span>
              </li>
            ))}
          </ul>
        )}
        {words.groups.length > 0 ? (
          <>
            <h4 id="tradeoff-groups-title">Moved together: priced once</h4>
            <ul className="insight-list" aria-labelledby="tradeoff-groups-title">
              {words.groups.map((g) => (
                <li key={g}>{g}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="dominated-title">
        <h3 id="dominated-title">Dominated bundles</h3>
        {words.dominated.length === 0 ? <p>None: no bundle of this vendor is beaten by another of its own on every criterion and on price.</p> : (
          <ul className="insight-list">
            {words.dominated.map((d) => <li key={d}>{d}</li>)}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="suggestions-title">
        <h3 id="suggestions-title">Counter-packages for a BAFO round</h3>
        {words.suggestions.length === 0 ? (
          <p className="empty">The engine found no package built from this vendor's own values that scores higher for you and passes the gates.</p>
        ) : (
          words.suggestions.map((s) => (
            <article key={s.index} className="insight-suggestion" aria-labelledby={`suggestion-${s.index}`}>
              <h4 id={`suggestion-${s.index}`}>Suggestion {s.index + 1}: {slotName(s.baseSlotId)} bundle, +{pts(s.gain)} points</h4>
              <dl className="results-facts">
                <dt>Package</dt>
                <dd>{s.packageWords}.</dd>
                <dt>Score gain</dt>
                <dd>
                  This bundle gains {pts(s.gain)} points ({pts(s.baseTotal)} → {pts(s.total)})
                </dd>
                <dt>Break-even price</dt>
                <dd>{s.breakEven ?? "Not shown: it rests on figures you may not see."}</dd>
                <dt>Vendor's revealed price</dt>
                <dd>{s.revealedPrice}</dd>
                <dt>Verdict</dt>
                <dd>
                  {s.verdict ? <span className={`badge ${s.verdict === "likely" ? "" : "badge--warn"}`}>{VERDICT_LABELS[s.verdict]}</span> : null} {s.verdictWords}
                </dd>
                <dt>Conditional ask</dt>
                <dd>
                  <q>{s.ask}</q>
                </dd>
              </dl>
              {view.viewer.mayStartBafo ? (
                <p className="no-print">
                  <Link to={`/rfps/${view.rfpId}/bafo?vendor=${encodeURIComponent(view.vendor.id)}&suggestion=${s.index}#bafo-vendor-${view.vendor.id}`}>Use this ask in a BAFO round</Link>
                </p>
              ) : null}
            </article>
          ))
        )}
      </section>
    </div>
  );
}
