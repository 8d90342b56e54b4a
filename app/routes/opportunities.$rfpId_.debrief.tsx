// A losing bidder's debrief (issue #13): its own score per criterion beside the winning bundle's,
// the relative advantages of the winning bid in words, the standstill end date and what it could
// improve (its own clause findings). Only the vendor's own data and the winner's; never another
// bidder's, never a confidential figure. Not found for the winner, non-bidders and before approval.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { minorUnitsPerMajor } from "~/domain/bids/grid-form-numbers";
import { formatMoney, formatPoints } from "~/domain/evaluation/format";
import { runtime } from "~/runtime.server";
import { getVendorDebrief } from "~/services/awards/vendor.server";
import { latestOpenedRound } from "~/services/bafo/rounds.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Debrief · ${data.debrief.rfpTitle} · Pareto` : "Debrief · Pareto" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const account = await requireActor(request, context, "read:rfp:invited");
  const { database } = await runtime();
  const debrief = await orRespond(getVendorDebrief(database.db, params.rfpId ?? "", account));
  // How many rounds the RFP had (read only once the debrief is the vendor's): a debrief of an
  // earlier round than the award's names the round it compares (decision 020).
  const rounds = Math.max(debrief.round, (await latestOpenedRound(database.db, debrief.rfpId)) ?? 1);
  return json({ debrief, rounds });
}

const SEVERITY = { error: "Must fix", warning: "Should improve", info: "Note" } as const;

export default function DebriefPage() {
  const { debrief, rounds } = useLoaderData<typeof loader>();
  const money = (minor: number) => formatMoney(minor, debrief.currency, minorUnitsPerMajor(debrief.currency));
  return (
    <article className="rfp debrief" aria-labelledby="debrief-title">
      <p className="crumbs"><Link to={`/opportunities/${debrief.rfpId}`}>← {debrief.rfpTitle}</Link></p>
      <header className="rfp-head">
        <p className="muted rfp-head__meta">
          {debrief.rfpReference ? <span className="mono">{debrief.rfpReference}</span> : null}
          {debrief.rfpReference ? " · " : null}
          {debrief.buyerName}
        </p>
        <h1 id="debrief-title">Your debrief</h1>
        <p className="lead">
          The buyer awarded the contract to <strong>{debrief.winner.vendorName}</strong> ({debrief.winner.slotName}). This debrief compares your best bundle,{" "}
          <strong>{debrief.own.slotName}</strong>, with the winning bundle{rounds > 1 ? ` in round ${debrief.round}` : ""}
          {debrief.round < rounds ? `, the last round you took part in (the award was decided in round ${rounds})` : ""}.
        </p>
      </header>

      <section className="panel" aria-labelledby="debrief-standstill">
        <h2 id="debrief-standstill">Standstill period</h2>
        <p>
          The decision was approved <LocalTime value={debrief.awardApprovedAt} />. The standstill period ends <LocalTime value={debrief.standstillEndsAt} />: the
          contract is not concluded before then.
        </p>
      </section>

      <section className="panel" aria-labelledby="debrief-scores">
        <h2 id="debrief-scores">Your scores beside the winning bundle's</h2>
        <div className="table-wrap">
          <table className="debrief-table">
            <caption className="sr-only">Weighted points per criterion: your best bundle and the winning bundle</caption>
            <thead>
              <tr>
                <th scope="col">Criterion (weight)</th>
                <th scope="col" className="num">You</th>
                <th scope="col" className="num">Winner</th>
              </tr>
            </thead>
            <tbody>
              {debrief.criteria.map((c) => (
                <tr key={c.criterionId}>
                  <th scope="row" className="row-head">{c.name} ({c.weight})</th>
                  <td className="num">{formatPoints(c.ownPoints)}</td>
                  <td className="num">{formatPoints(c.winnerPoints)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total of 100</th>
                <td className="num">{formatPoints(debrief.own.total)}</td>
                <td className="num">{formatPoints(debrief.winner.total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p>
          Evaluated price: yours {money(debrief.own.evaluatedPriceMinor)}, the winning bundle's {money(debrief.winner.evaluatedPriceMinor)}.
        </p>
        <p className="hint">
          Your bundles: {debrief.ownBundles.map((b) => `${b.slotName} ${formatPoints(b.total)}${b.rank !== null ? ` (place ${b.rank})` : " (failed a gate)"}`).join("; ")}.
        </p>
      </section>

      <section className="panel" aria-labelledby="debrief-advantages">
        <h2 id="debrief-advantages">Relative advantages of the winning bid</h2>
        <ul>{debrief.advantages.map((a, i) => <li key={i}>{a}</li>)}</ul>
      </section>

      <section className="panel" aria-labelledby="debrief-reasons">
        <h2 id="debrief-reasons">The award decision</h2>
        <p className="hint">The buyer&apos;s reasons, as written in the decision:</p>
        <blockquote className="prose">{debrief.awardReasons.rationale}</blockquote>
        {debrief.awardReasons.deviationReason ? (
          <>
            <h3>Why the winning bundle was chosen over the top-ranked one</h3>
            <blockquote className="prose">{debrief.awardReasons.deviationReason}</blockquote>
          </>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="debrief-improve">
        <h2 id="debrief-improve">What you could improve</h2>
        {debrief.improvements.length === 0 ? (
          <p>The clause check found nothing to improve in your bundles' service levels and remedies.</p>
        ) : (
          <ul className="plain-list debrief-improvements">
            {debrief.improvements.map((f, i) => (
              <li key={i}>
                <span className={`badge ${f.severity === "error" ? "badge--bad" : f.severity === "warning" ? "badge--warn" : "badge--neutral"}`}>{SEVERITY[f.severity]}</span>{" "}
                <strong>{f.where}</strong>: {f.message} <span className="hint">{f.suggestion}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p><a href={`/opportunities/${debrief.rfpId}/debrief.pdf`} className="button button--secondary" download>Download this debrief (PDF)</a></p>
      <p className="hint">Based on evaluation snapshot <code className="hash">{debrief.snapshotInputHash.slice(0, 16)}…</code> (SHA-256 of its input).</p>
    </article>
  );
}
