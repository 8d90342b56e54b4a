// The ranking a live award rests on, read-only, on the award page of the buyers and administrators
// who propose and approve it (decision 020): the top five and the awarded bundle (marked where it
// departs from the ranking), the bundles above it that failed a gate, the consensus's flagged
// spreads, and a link to the full results only for those the results page admits.
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { formatMoney, formatPoints } from "~/domain/evaluation/format";
import { CONSENSUS_METHOD_LABELS, formatPointsValue } from "~/domain/evaluation-workspace/consensus";
import type { ConsensusChange } from "~/domain/evaluation-workspace/consensus";
import type { AwardRankingView } from "~/services/awards/ranking.server";

type Ranking = SerializeFrom<AwardRankingView>;

/**
 * Why the approval is not offered (a newer run, the consensus changed since the award's run), said
 * plainly to the approver and the proposer, with the changed consensus scores the page names.
 */
export function ApprovalRefusal({ message, changes }: { message: string; changes: { count: number; listed: SerializeFrom<ConsensusChange>[] } | null }) {
  return (
    <section className="panel panel--warn award-refusal" aria-labelledby="award-refusal-title" role="note">
      <h3 id="award-refusal-title">This award cannot be approved as it stands</h3>
      <p>{message}</p>
      {/* One change is named in the message already; more are listed. */}
      {changes && changes.count > 1 ? (
        <>
          <p>Consensus scores that changed since the run{changes.count > changes.listed.length ? ` (the first ${changes.listed.length} of ${changes.count})` : ""}:</p>
          <ul>
            {changes.listed.map((c) => (
              <li key={`${c.criterionId}/${c.vendorOrganisationId}/${c.slotId}`}>
                “{c.criterionName}” for {c.vendorName} — {c.slotName}: {formatPointsValue(c.inRun)} in the run, {c.now === null ? "no submitted score now" : `${formatPointsValue(c.now)} now`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

export function AwardRanking({ ranking, currency, minorUnitsPerMajor }: { ranking: Ranking; currency: string; minorUnitsPerMajor: number }) {
  const money = (minor: number) => formatMoney(minor, currency, minorUnitsPerMajor);
  const { spreads, deviation } = ranking;
  const flagged = spreads.open + spreads.moderated;
  const method = CONSENSUS_METHOD_LABELS[spreads.method].toLowerCase();
  const gatedShown = ranking.rows.some((r) => r.rank === null);
  return (
    <section className="award-ranking" aria-labelledby="award-ranking-title">
      <h3 id="award-ranking-title">The ranking this award rests on</h3>
      <p className="hint">
        Read-only: the round {ranking.round} evaluation run of <LocalTime value={ranking.snapshotCreatedAt} /> ({ranking.scoresLocked ? "locked scores" : "draft scores"}),{" "}
        {plural(ranking.rankedCount, "ranked bundle", "ranked bundles")} of {plural(ranking.vendorCount, "vendor", "vendors")}
        {ranking.gatedCount > 0 ? `, ${plural(ranking.gatedCount, "bundle", "bundles")} failed a gate` : ""}. Shown: the top five and the awarded bundle
        {gatedShown ? ", and the bundles that scored more than the awarded one but failed a gate" : ""}.
      </p>
      {deviation ? (
        <p className="notice" id="award-deviation">
          <strong>The award departs from the ranking:</strong> it goes to {deviation.awardedRank === null ? "a bundle not ranked" : `place ${deviation.awardedRank}`},{" "}
          {formatPoints(deviation.pointsBehind)} points behind the top-ranked bundle, {deviation.topName}. The deviation reason is on the award above.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="table--stack award-ranking-table">
          <caption className="sr-only">Top of the ranking and the awarded bundle</caption>
          <thead>
            <tr>
              <th scope="col">Place</th>
              <th scope="col">Vendor</th>
              <th scope="col">Bundle</th>
              <th scope="col" className="num">Total</th>
              <th scope="col" className="num">Evaluated price</th>
              <th scope="col">Gate failures</th>
            </tr>
          </thead>
          <tbody>
            {ranking.rows.map((r) => (
              <tr key={r.key}>
                <td data-label="Place">{r.rank ?? "not ranked"}</td>
                <th scope="row">{r.vendorName}</th>
                <td data-label="Bundle">
                  {r.slotName}
                  {r.topRanked ? <> <span className="badge">Top-ranked</span></> : null}
                  {r.awarded ? <> <span className={deviation ? "badge badge--warn" : "badge"}>{deviation ? "Awarded: deviation" : "Awarded"}</span></> : null}
                </td>
                <td className="num" data-label="Total">{formatPoints(r.total)}</td>
                <td className="num" data-label="Evaluated price">{money(r.evaluatedPriceMinor)}</td>
                <td data-label="Gate failures">{r.gateFailures.length === 0 ? "none" : r.gateFailures.map((g) => `${g.gateName}: ${g.reason}`).join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h4 id="award-spreads-title">Flagged spreads of the consensus</h4>
      <p id="award-spreads-count">
        {flagged === 0
          ? `No flagged spread: on every judged score the evaluators are at most ${formatPointsValue(spreads.margin)} points apart.`
          : `${plural(flagged, "flagged spread", "flagged spreads")} (evaluators' scores more than ${formatPointsValue(spreads.margin)} points apart): ${spreads.open} open, ${spreads.moderated} moderated.`}
      </p>
      {spreads.listed.length > 0 ? (
        <ul aria-labelledby="award-spreads-title">
          {spreads.listed.map((s) => (
            <li key={`${s.criterionName}/${s.vendorName}/${s.slotName}`}>
              “{s.criterionName}” for {s.vendorName} — {s.slotName} ({s.rank === null ? "not ranked" : `place ${s.rank}`}): scores {formatPointsValue(s.spread)} points apart;{" "}
              {s.moderation ? (
                <>moderated to {formatPointsValue(s.moderation.value)} by {s.moderation.byName}: {s.moderation.reason}</>
              ) : (
                <>open: the {method}, {formatPointsValue(s.consensus)}, counts</>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {spreads.more > 0 ? <p className="hint">{plural(spreads.more, "more flagged spread is", "more flagged spreads are")} not listed here; the chair reads every one on the Consensus tab.</p> : null}
      {ranking.resultsHref ? (
        <p>
          <Link to={ranking.resultsHref}>Open the full results of this run</Link>
        </p>
      ) : null}
    </section>
  );
}
