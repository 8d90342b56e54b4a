// One bundle's result: every number explained (raw value → normalised → weight → points, the
// formula in words and in numbers), the evaluators' scores behind each consensus, the gate
// checks, the clause findings and the remedy simulator (a GET form: the scenario lives in the
// query string, so it works without JavaScript and the address can be shared).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RemedySimulator } from "~/components/evaluation/remedy-simulator";
import { TotalExplained } from "~/components/evaluation/total-explained";
import { KeptMarkup } from "~/components/kept-markup";
import { LocalTime } from "~/components/local-time";
import type { BundleClauses } from "~/domain/evaluation/clauses";
import { formatMoney, formatNumber } from "~/domain/evaluation/format";
import { parseScenario, runScenario } from "~/domain/evaluation-results/scenario";
import { runtime } from "~/runtime.server";
import { isWaiting } from "~/domain/evaluation-results/waiting";
import { getBundleResult, orWaiting, type BundleResultView } from "~/services/evaluation/results.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `${data.view.row.vendorName} — ${data.view.row.slotName}` : "Bundle"} · Results · Pareto` }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:evaluation:own");
  const { database } = await runtime();
  const url = new URL(request.url);
  const snapshot = url.searchParams.get("snapshot");
  const view = await orRespond(orWaiting(getBundleResult(database.db, params.rfpId ?? "", params.vendorId ?? "", params.slotId ?? "", actor, snapshot && UUID.test(snapshot) ? snapshot : null)));
  // Not declared yet (or prices hidden): the results tab says why and what to do.
  if (isWaiting(view)) throw redirect(`/rfps/${view.rfpId}/evaluation`);
  const clauses = view.detail.clauses as BundleClauses;
  const parsed = parseScenario(url.searchParams, clauses, { periodFeeMinor: view.detail.periodFeeMinor, minorUnitsPerMajor: view.summary.minorUnitsPerMajor });
  const scenario = parsed.ok ? runScenario(clauses, parsed.scenario) : null;
  return json(
    { view: pageView(view), scenario: { values: parsed.values, fieldErrors: parsed.ok ? {} : parsed.fieldErrors, result: scenario }, path: url.pathname },
    { status: parsed.ok || parsed.empty ? 200 : 400, headers: { "Cache-Control": "private, no-store" } },
  );
}

const pts = (x: number) => x.toFixed(2);

/**
 * What the page renders and nothing more, so the hydration data stays small: the summary's
 * displayed fields, each line with its method's words, the row's shown facts, the evaluators'
 * scores without what is not shown. The service's view keeps everything (tests, the API).
 */
function pageView(view: BundleResultView) {
  const { row, detail, summary, snapshot } = view;
  const methods = new Map(summary.methods.map((m) => [m.criterionId, m.description]));
  return {
    rfpId: view.rfpId,
    seesConfidential: view.viewer.seesConfidential,
    snapshot: { createdAt: snapshot.createdAt, engineVersion: snapshot.engineVersion, inputHash: snapshot.inputHash, scoresLocked: snapshot.scoresLocked },
    summary: { currency: summary.currency, minorUnitsPerMajor: summary.minorUnitsPerMajor, rankedCount: summary.rankedCount, consensusDescription: summary.consensusDescription },
    criteriaHint: view.criteria.map((c) => `${c.name} (${formatNumber(c.weight)})`).join(", "),
    row: {
      vendorName: row.vendorName,
      slotName: row.slotName,
      rank: row.rank,
      tied: row.tied,
      bestOfVendor: row.bestOfVendor,
      total: row.total,
      onFrontier: row.onFrontier,
      ...(view.viewer.seesConfidential ? { beatsBatna: row.beatsBatna, exceedsReservation: row.exceedsReservation } : {}),
    },
    detail: {
      evaluatedPrice: detail.evaluatedPrice,
      totalArithmetic: detail.totalArithmetic,
      protection: detail.protection ? { totalMinor: detail.protection.totalMinor, description: detail.protection.description } : null,
      periodFeeMinor: detail.periodFeeMinor,
      clauses: detail.clauses,
      gateFailures: detail.gateFailures.map((f) => ({ gateId: f.gateId, gateName: f.gateName, reason: f.reason })),
      clauseFindings: detail.clauseFindings.map((f) => ({ code: f.code, clauseId: f.clauseId, severity: f.severity, message: f.message, suggestion: f.suggestion })),
      lines: detail.lines.map((l) => ({
        criterionId: l.criterionId,
        criterionName: l.criterionName,
        raw: l.raw,
        normalised: l.normalised,
        weight: l.weight,
        points: l.points,
        arithmetic: l.arithmetic,
        method: methods.get(l.criterionId) ?? null,
      })),
      judged: detail.judged.map((j) => ({
        criterionId: j.criterionId,
        criterionName: j.criterionName,
        consensus: j.consensus,
        mean: j.mean,
        median: j.median,
        spread: j.spread,
        spreadFlagged: j.spreadFlagged,
        moderationReason: j.moderationReason,
        scores: j.scores.map((x) => ({ evaluatorId: x.evaluatorId, evaluatorName: x.evaluatorName, score: x.score, comment: x.comment })),
      })),
    },
    withheldScoreCriteria: view.withheldScoreCriteria,
  };
}

export default function BundleResultPage() {
  const { view, scenario, path } = useLoaderData<typeof loader>();
  const { row, detail, summary, snapshot } = view;
  const money = (m: number) => formatMoney(m, summary.currency, summary.minorUnitsPerMajor);
  const back = `/rfps/${view.rfpId}/evaluation`;
  return (
    <div className="results">
      <p className="no-print"><Link to={back}>← Results</Link></p>
      <section className="panel" aria-labelledby="bundle-title">
        <h2 id="bundle-title">
          {row.vendorName} — {row.slotName}
        </h2>
        <p className="snapshot-line">
          Snapshot of <LocalTime value={snapshot.createdAt} /> · {snapshot.engineVersion} · input SHA-256 <code className="hash">{snapshot.inputHash}</code> ·{" "}
          {snapshot.scoresLocked ? <span className="badge">Locked scores</span> : <span className="badge badge--warn">Draft: scores not locked</span>}
        </p>
        <dl className="results-facts">
          <dt>Place</dt>
          <dd>{row.rank === null ? "Not ranked: a gate failed" : `${row.rank} of ${summary.rankedCount}`}{row.tied ? " (tied on total; the tie-break rule decided)" : ""}{row.bestOfVendor ? " · this vendor's best bundle" : ""}</dd>
          <dt>Total</dt>
          <dd><strong>{pts(row.total)}</strong> of 100</dd>
          <dt>Evaluated price</dt>
          <dd>{detail.evaluatedPrice}</dd>
          <dt>Protection</dt>
          <dd>{detail.protection ? <><strong>{money(detail.protection.totalMinor)}</strong>. {detail.protection.description}</> : "Not computed: this bundle has no period fee."}</dd>
          <dt>Pareto frontier</dt>
          <dd>{row.onFrontier ? "On the frontier: no other bundle is both cheaper and better on non-price points." : "Not on the frontier."}</dd>
          {view.seesConfidential ? (
            <>
              <dt>Confidential (buyers only)</dt>
              <dd>{row.beatsBatna ? "Beats the BATNA" : "Does not beat the BATNA"} · {row.exceedsReservation ? "above the reservation price" : "within the reservation price"}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="panel" aria-labelledby="explain-title">
        <h3 id="explain-title">How the total is made</h3>
        {/* The snapshot's figures, the same for every panel member: kept markup. */}
        <KeptMarkup component={TotalExplained} props={{ lines: detail.lines, totalArithmetic: detail.totalArithmetic }} />
      </section>

      {detail.judged.length > 0 ? (
        <section className="panel" aria-labelledby="scores-title">
          <h3 id="scores-title">The evaluators&apos; scores behind each consensus</h3>
          <p className="hint">{summary.consensusDescription}</p>
          {detail.judged.map((j) => (
            <div key={j.criterionId} className="judged-block">
              <h4>{j.criterionName}</h4>
              <p>
                Consensus <strong>{formatNumber(j.consensus, 2)}</strong> of 10 · mean {formatNumber(j.mean, 2)} · median {formatNumber(j.median, 2)} · spread {formatNumber(j.spread, 2)}
                {j.spreadFlagged ? <> <span className="badge badge--warn">spread flagged</span></> : null}
                {j.moderationReason ? <> · moderated by the chair: “{j.moderationReason}”</> : null}
              </p>
              {view.withheldScoreCriteria.includes(j.criterionId) ? (
                <p className="muted">Submit your own score of this criterion to see the other evaluators&apos; scores.</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption className="sr-only">Evaluators&apos; scores of {j.criterionName}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Evaluator</th>
                        <th scope="col" className="num">Score</th>
                        <th scope="col">Justification</th>
                      </tr>
                    </thead>
                    <tbody>
                      {j.scores.map((s) => (
                        <tr key={s.evaluatorId}>
                          <td>{s.evaluatorName}</td>
                          <td className="num">{formatNumber(s.score)}</td>
                          <td>{s.comment || <span className="muted">none given</span>}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          ))}
        </section>
      ) : null}

      <section className="panel" aria-labelledby="gates-title">
        <h3 id="gates-title">Gate checks</h3>
        {detail.gateFailures.length === 0 ? (
          <p>Passed every gate.</p>
        ) : (
          <ul>
            {detail.gateFailures.map((f) => (
              <li key={f.gateId}>
                <span className="badge badge--bad">Failed</span> <strong>{f.gateName}</strong>: {f.reason}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="clauses-title">
        <h3 id="clauses-title">Clause findings</h3>
        {detail.clauseFindings.length === 0 ? (
          <p>No findings: every SLA and remedy is measurable, automatic and capped.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Clause findings of this bundle</caption>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Clause</th>
                  <th scope="col">Finding</th>
                  <th scope="col">Suggested rewrite</th>
                </tr>
              </thead>
              <tbody>
                {detail.clauseFindings.map((f, i) => (
                  <tr key={`${f.code}-${f.clauseId ?? ""}-${i}`}>
                    <td>{f.severity === "error" ? <span className="badge badge--bad">Error</span> : <span className="badge badge--warn">Warning</span>}</td>
                    <td>{f.clauseId ?? "contract"}</td>
                    <td>{f.message}</td>
                    <td>{f.suggestion}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {/* The simulator is its own titled panel. */}
      <RemedySimulator
          clauses={detail.clauses as BundleClauses}
          action={path}
          values={scenario.values}
          fieldErrors={scenario.fieldErrors}
          result={scenario.result}
          currency={summary.currency}
          minorUnitsPerMajor={summary.minorUnitsPerMajor}
          defaultPeriodFeeMinor={detail.periodFeeMinor}
        />
      <p className="hint">Criteria: {view.criteriaHint}.</p>
    </div>
  );
}
