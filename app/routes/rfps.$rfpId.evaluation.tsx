// Results: the ranking of every bundle of every vendor from one evaluation snapshot, with the
// snapshot it shows, the tie-break rule, filters and sort headers as plain links (no script),
// pagination, the charts and the sensitivity of the result. Read from the snapshot's projection
// (results.server.ts); who sees what is decided there (decision 010).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PointsChart, type PointsChartBundle } from "~/components/evaluation/charts/points-chart";
import { PriceQualityChart } from "~/components/evaluation/charts/price-quality-chart";
import { SensitivityChart, type SensitivitySwap } from "~/components/evaluation/charts/sensitivity-chart";
import { SensitivityWordsSection } from "~/components/evaluation/sensitivity-section";
import { WaitingNotice } from "~/components/evaluation/waiting-notice";
import { KeptMarkup } from "~/components/kept-markup";
import { LocalTime } from "~/components/local-time";
import { SidewaysTable } from "~/components/sideways-table";
import type { RankReversalReport, SensitivityReport } from "~/domain/evaluation/evaluate";
import { formatMoney, formatNumber } from "~/domain/evaluation/format";
import { describeRankReversal, describeSensitivity } from "~/domain/evaluation-results/sensitivity-words";
import { CRITERIA_COLUMNS, CRITERION_SORT_PREFIX, defaultDirection, parseResultsQuery, resultsQueryString, type ResultsQuery } from "~/domain/evaluation-results/results-query";
import { runtime } from "~/runtime.server";
import { getResults, orWaiting, type ViewingWait } from "~/services/evaluation/results.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";
import { MovementSection, RoundSwitcher } from "~/components/evaluation/round-movement";
import { movementRows } from "~/domain/bafo/round";

export const meta: MetaFunction = () => [{ title: "Results · Pareto" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "read:evaluation:own");
  const { database } = await runtime();
  const query = parseResultsQuery(new URL(request.url).searchParams);
  const view = await orRespond(orWaiting(getResults(database.db, params.rfpId ?? "", actor, query)));
  return json({ view: pageView(view) }, { headers: { "Cache-Control": "private, no-store" } });
}

type ServiceView = Awaited<ReturnType<typeof getResults>> | ViewingWait;
type ServiceResults = Extract<ServiceView, { kind: "results" }>;
type ServiceRow = NonNullable<ServiceResults["ranked"]>["rows"][number];

const pts = (x: number) => x.toFixed(2);

/**
 * What the page renders and nothing more, so the HTML's hydration data stays small: numbers
 * formatted as shown, only the criterion columns on screen, the summary's displayed texts, and
 * the charts' own fields. The service's view (tests, ?_data of the service) keeps full precision.
 */
function pageView(view: ServiceView) {
  if (view.kind !== "results") return view;
  const { summary } = view;
  const money = (m: number) => formatMoney(m, summary.currency, summary.minorUnitsPerMajor);
  const criteria = view.criteria;
  const colPages = Math.max(1, Math.ceil(criteria.length / CRITERIA_COLUMNS));
  const cols = Math.min(view.query.cols, colPages);
  const from = (cols - 1) * CRITERIA_COLUMNS;
  const shown = criteria.length > CRITERIA_COLUMNS ? criteria.slice(from, from + CRITERIA_COLUMNS) : criteria;
  const shownFrom = criteria.length > CRITERIA_COLUMNS ? from : 0;
  const row = (r: ServiceRow, gated: boolean) => ({
    vendorId: r.vendorId,
    slotId: r.slotId,
    vendorName: r.vendorName,
    slotName: r.slotName,
    rank: r.rank,
    tied: r.tied,
    bestOfVendor: r.bestOfVendor,
    onFrontier: r.onFrontier,
    total: pts(r.total),
    points: shown.map((_, i) => pts(r.points[shownFrom + i] ?? 0)),
    price: money(r.evaluatedPriceMinor),
    protection: r.protectionMinor === null ? null : money(r.protectionMinor),
    clauseErrors: r.clauseErrors,
    clauseWarnings: r.clauseWarnings,
    ...(gated ? { gateFailures: r.gateFailures.map((f) => ({ gateId: f.gateId, gateName: f.gateName, reason: f.reason })) } : {}),
    ...(view.viewer.seesConfidential ? { beatsBatna: r.beatsBatna, exceedsReservation: r.exceedsReservation } : {}),
  });
  const paged = (p: ServiceResults["ranked"], gated: boolean) => (p ? { total: p.total, page: p.page, pageCount: p.pageCount, rows: p.rows.map((r) => row(r, gated)) } : null);
  return {
    kind: view.kind,
    rfpId: view.rfpId,
    viewer: view.viewer,
    snapshot: view.snapshot,
    snapshots: view.snapshots,
    round: view.round,
    rounds: view.rounds,
    movement: view.movement ? { fromRound: view.movement.fromRound, ...movementRows(view.movement.vendors) } : null,
    summary: {
      currency: summary.currency,
      minorUnitsPerMajor: summary.minorUnitsPerMajor,
      tieBreakDescription: summary.tieBreakDescription,
      evaluatedPriceDescription: summary.evaluatedPriceDescription,
      consensusDescription: summary.consensusDescription,
      protectionDescription: summary.protectionDescription,
      periodFeeSource: summary.periodFeeSource,
    },
    criteria,
    // The criteria on screen are `criteria.slice(from, from + count)`: not sent twice.
    columns: { count: shown.length, page: cols, pageCount: criteria.length > CRITERIA_COLUMNS ? colPages : 1, from: shownFrom },
    sensitivity: sensitivityOf(view),
    confidential: view.confidential,
    query: { ...view.query, cols },
    vendors: view.vendors.map((v): [string, string] => [v.id, v.name]),
    ranked: paged(view.ranked, false),
    gated: paged(view.gated, true),
    top: topBars(view),
    chart: {
      // [id, label, price, non-price points, on the frontier]: the keys would be a third of the chart's data.
      points: view.chart.points.map((p): [string, string, number, number, boolean] => [p.id, p.label, p.priceMinor, p.quality, p.onFrontier]),
      totalVisible: view.chart.totalVisible,
    },
  };
}

/** Segments of the stacked bars: every criterion, or with many criteria the heaviest ones and the rest together (each bundle page has them all). */
const BAR_SEGMENTS = 12;

function topBars(view: ServiceResults) {
  const { criteria } = view;
  const own =
    criteria.length <= BAR_SEGMENTS
      ? criteria.map((_, i) => i)
      : criteria
          .map((c, i) => ({ i, weight: c.weight }))
          .sort((a, b) => b.weight - a.weight || a.i - b.i)
          .slice(0, BAR_SEGMENTS - 1)
          .map((c) => c.i)
          .sort((a, b) => a - b);
  const ownSet = new Set(own);
  const rest = criteria.length - own.length;
  // The segments' criteria once ([id, name]), then per bar [id, label, points per segment]: the
  // names repeated in every bar were most of the chart's data.
  const segments: [string, string][] = own.map((i) => [criteria[i]!.id, criteria[i]!.name]);
  if (rest > 0) segments.push(["(other)", `The other ${rest} criteria`]);
  const bars = view.top.map((r): [string, string, number[]] => {
    const points = own.map((i) => r.points[i] ?? 0);
    if (rest > 0) points.push(r.points.reduce((sum, p, i) => (ownSet.has(i) ? sum : sum + p), 0));
    return [`${r.vendorId}/${r.slotId}`, `${r.vendorName} — ${r.slotName}`, points];
  });
  return { segments, bars };
}

/** The points chart's bundles from the compact bars. */
function chartBundles(top: { segments: [string, string][]; bars: [string, string, number[]][] }): PointsChartBundle[] {
  return top.bars.map(([id, label, points]) => ({ id, label, segments: top.segments.map(([criterionId, criterionName], i) => ({ criterionId, criterionName, points: points[i] ?? 0 })) }));
}

/** The sensitivity in words, computed here so the page carries sentences rather than the engine's reports. */
function sensitivityOf(view: ServiceResults) {
  const hiddenNote = view.sensitivityNote ?? (view.rankReversal ? null : "The rank-reversal check involves a bidder you declared a conflict of interest with, so it is not shown to you.");
  if (hiddenNote) return { note: hiddenNote, words: null, reversal: null, swaps: null };
  const names = new Map(view.bundleNames.map((b) => [`${b.vendorId}/${b.slotId}`, b]));
  const lookup = (vendorId: string, slotId: string) => names.get(`${vendorId}/${slotId}`) ?? { vendorName: vendorId, slotName: slotId };
  const criterionName = (id: string) => view.criteria.find((c) => c.id === id)?.name ?? id;
  const sensitivity = view.sensitivity as unknown as SensitivityReport | null;
  const words = describeSensitivity(sensitivity, lookup, view.criteria);
  return {
    note: null,
    // The section shows each swap's sentence; the chart takes its figures from `swaps`.
    words: words ? { ...words, swaps: words.swaps.map((w) => ({ criterionId: w.criterionId, mostSensitive: w.mostSensitive, text: w.text })) } : null,
    reversal: describeRankReversal(view.rankReversal as unknown as RankReversalReport, lookup),
    swaps: sensitivity ? sensitivity.swaps.map((w): SensitivitySwap => ({ criterionName: criterionName(w.criterionId), currentWeight: w.currentWeight, swapWeight: w.swapWeight })) : null,
  };
}

type View = ReturnType<typeof useLoaderData<typeof loader>>["view"];
type Results = Extract<View, { kind: "results" }>;
type Row = NonNullable<Results["ranked"]>["rows"][number];

export default function ResultsPage() {
  const { view } = useLoaderData<typeof loader>();
  if (view.kind === "waiting") return <WaitingNotice title="Results" wait={view} />;
  if (view.kind === "empty") {
    return (
      <section className="panel" aria-labelledby="results-title">
        <h2 id="results-title">Results{view.rounds.length > 1 ? `: round ${view.round}` : ""}</h2>
        <RoundSwitcher round={view.round} rounds={view.rounds} />
        <p className="empty">{view.message}</p>
      </section>
    );
  }
  const money = (m: number) => formatMoney(m, view.summary.currency, view.summary.minorUnitsPerMajor);
  const query = view.query as ResultsQuery & { dir: "asc" | "desc" };
  const snapshotParam = view.snapshot.id === view.snapshots[0]?.id ? null : view.snapshot.id;
  const q = { ...query, snapshot: snapshotParam };
  return (
    <div className="results">
      <section className="panel" aria-labelledby="results-title">
        <h2 id="results-title">Results{view.rounds.length > 1 ? `: round ${view.round}` : ""}</h2>
        <RoundSwitcher round={view.round} rounds={view.rounds} />
        <SnapshotLine view={view} />
        {view.viewer.hiddenVendorCount > 0 ? (
          <p className="notice">
            You declared a conflict of interest with {view.viewer.hiddenVendorCount === 1 ? "one bidder" : `${view.viewer.hiddenVendorCount} bidders`}: its bundles are left out of your view. Places are the
            engine&apos;s, so a place may be missing.
          </p>
        ) : null}
        <dl className="results-facts">
          <dt>Ties</dt>
          <dd>{view.summary.tieBreakDescription}</dd>
          <dt>Evaluated price</dt>
          <dd>{view.summary.evaluatedPriceDescription}</dd>
          <dt>Consensus</dt>
          <dd>{view.summary.consensusDescription}</dd>
          <dt>Protection</dt>
          <dd>
            {view.summary.protectionDescription
              ? `${view.summary.protectionDescription} (period fee: ${view.summary.periodFeeSource}).`
              : "What each bundle's remedies pay or withhold under a standard breach scenario (every SLA missed by 10 % of its target for 3 periods). Not computed for this snapshot."}
          </dd>
        </dl>
        {view.confidential ? (
          <div className="confidential-box" aria-label="Confidential figures">
            <p>
              <span className="badge badge--warn">Confidential</span> Reservation price <strong>{money(view.confidential.reservationPriceMinor)}</strong> · BATNA “{view.confidential.batna.label}”: total{" "}
              <strong>{pts(view.confidential.batna.total)}</strong>, evaluated price {money(view.confidential.batna.evaluatedPriceMinor)}. Buyers only.
            </p>
          </div>
        ) : null}
      </section>
      {view.movement ? <MovementSection movement={view.movement} round={view.round} /> : null}

      <section className="panel no-print" aria-labelledby="filters-title">
        <h3 id="filters-title">Filter</h3>
        <Form method="get" className="inline-form results-filters">
          {snapshotParam ? <input type="hidden" name="snapshot" value={snapshotParam} /> : null}
          <input type="hidden" name="sort" value={query.sort} />
          {query.dir !== defaultDirection(query.sort) ? <input type="hidden" name="dir" value={query.dir} /> : null}
          {query.cols > 1 ? <input type="hidden" name="cols" value={query.cols} /> : null}
          <div className="field">
            <label htmlFor="filter-vendor">Vendor</label>
            <select id="filter-vendor" name="vendor" defaultValue={query.vendor ?? ""}>
              <option value="">All vendors</option>
              {view.vendors.map(([id, name]) => (
                <option key={id} value={id}>{name}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-gates">Gates</label>
            <select id="filter-gates" name="gates" defaultValue={query.gates}>
              <option value="all">Passed and failed</option>
              <option value="pass">Passed the gates</option>
              <option value="fail">Failed a gate</option>
            </select>
          </div>
          <div className="field field--check">
            <label>
              <input type="checkbox" name="best" value="1" defaultChecked={query.best} /> Best bundle of each vendor only
            </label>
          </div>
          <div className="field">
            <button type="submit" className="button">Apply filters</button>
          </div>
        </Form>
        {query.vendor || query.gates !== "all" || query.best ? <p><Link to={resultsQueryString(q, { vendor: null, gates: "all", best: false, page: 1, gpage: 1 }) || "."}>Clear the filters</Link></p> : null}
      </section>

      {view.ranked ? (
        <section className="panel" aria-labelledby="ranking-title">
          <h3 id="ranking-title">Ranking</h3>
          <p className="hint">
            {view.ranked.total} ranked {view.ranked.total === 1 ? "bundle" : "bundles"}
            {view.ranked.pageCount > 1 ? `, page ${view.ranked.page} of ${view.ranked.pageCount}` : ""}. Totals are out of 100; each criterion shows its weighted points. ★ marks each vendor&apos;s best bundle.
          </p>
          <ColumnPager view={view} q={q} />
          <RankingTable view={view} rows={view.ranked.rows} q={q} gated={false} caption="Ranking of the bundles that pass every gate" />
          <Pager label="Ranking pages" page={view.ranked.page} pageCount={view.ranked.pageCount} link={(p) => resultsQueryString(q, { page: p })} />
        </section>
      ) : null}

      {view.gated && view.gated.total > 0 ? (
        <section className="panel" aria-labelledby="gated-title">
          <h3 id="gated-title">Kept out by the gates</h3>
          <p className="hint">These bundles failed a must-have or red line. They are scored, so you can see what they offered, but not ranked.</p>
          {view.ranked ? null : <ColumnPager view={view} q={q} />}
          <RankingTable view={view} rows={view.gated.rows} q={q} gated caption="Bundles that failed a gate, not ranked" />
          <Pager label="Gated-out pages" page={view.gated.page} pageCount={view.gated.pageCount} link={(p) => resultsQueryString(q, { gpage: p })} />
        </section>
      ) : null}

      <section className="panel results-charts" aria-labelledby="charts-title">
        <h3 id="charts-title">Charts</h3>
        {/* The charts depend on their props alone: the server renders each once per props (KeptMarkup). */}
        <div className="chart-row">
          <KeptMarkup component={PointsChart} props={{ id: "chart-points", title: `Weighted points of the ${view.top.bars.length} best-ranked bundles`, bundles: chartBundles(view.top) }} />
          <KeptMarkup
            component={PriceQualityChart}
            props={{ id: "chart-frontier", points: view.chart.points.map(([id, label, priceMinor, quality, onFrontier]) => ({ id, label, priceMinor, quality, onFrontier })), currency: view.summary.currency, minorUnitsPerMajor: view.summary.minorUnitsPerMajor }}
          />
        </div>
        {view.chart.points.length < view.chart.totalVisible ? (
          <p className="hint">The chart shows the {view.chart.points.length} bundles on the frontier and best ranked, of {view.chart.totalVisible}.</p>
        ) : null}
      </section>

      <Sensitivity view={view} />
      <OtherRuns view={view} />
    </div>
  );
}

function SnapshotLine({ view }: { view: Results }) {
  const s = view.snapshot;
  return (
    <p className="snapshot-line">
      Snapshot of <LocalTime value={s.createdAt} />
      {s.createdByName ? <> by {s.createdByName}</> : null} · {s.engineVersion} · input SHA-256 <code className="hash">{s.inputHash}</code> ·{" "}
      {s.scoresLocked ? <span className="badge">Locked scores</span> : <span className="badge badge--warn">Draft: scores not locked</span>}
    </p>
  );
}

/** The criteria whose points the ranking shows (a page of columns). */
function shownCriteria(view: Results) {
  return view.criteria.slice(view.columns.from, view.columns.from + view.columns.count);
}

function SortHeader({ label, sortKey, q, className }: { label: string; sortKey: string; q: ResultsQuery & { dir: "asc" | "desc" }; className?: string }) {
  const active = q.sort === sortKey;
  const nextDir = active ? (q.dir === "asc" ? "desc" : "asc") : defaultDirection(sortKey);
  return (
    <th scope="col" className={className} aria-sort={active ? (q.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link to={resultsQueryString(q, { sort: sortKey, dir: nextDir, page: 1, gpage: 1 }) || "."} className="sort-link" discover="none">
        {label}
        {active ? <span aria-hidden="true">{q.dir === "asc" ? " ▲" : " ▼"}</span> : null}
        <span className="sr-only">{active ? `, sorted ${q.dir === "asc" ? "ascending" : "descending"}; sort ${nextDir === "asc" ? "ascending" : "descending"}` : ", sort"}</span>
      </Link>
    </th>
  );
}

function RankingTable({ view, rows, q, gated, caption }: { view: Results; rows: Row[]; q: ResultsQuery & { dir: "asc" | "desc" }; gated: boolean; caption: string }) {
  const confidential = view.viewer.seesConfidential;
  const bundleHref = (r: Row) => `/rfps/${view.rfpId}/evaluation/${r.vendorId}/${r.slotId}${q.snapshot ? `?snapshot=${q.snapshot}` : ""}`;
  if (rows.length === 0) return <p className="empty">No bundle matches these filters.</p>;
  // What a reader compares comes first (total, evaluated price, protection, clause findings, the
  // buyer's BATNA and reservation checks), each criterion's points after it: at 1280 px the
  // comparison is in view and only the breakdown of the total lies beyond the right edge.
  return (
    <SidewaysTable hint="Wider than the page: scroll the table sideways for more columns (each criterion's points come last) →">
      <table className={gated ? "results-table ranking-table" : "results-table ranking-table ranking-table--ranked"}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {gated ? <th scope="col">Gates failed</th> : <SortHeader label="Place" sortKey="rank" q={q} />}
            <SortHeader label="Vendor" sortKey="vendor" q={q} />
            <SortHeader label="Bundle" sortKey="bundle" q={q} />
            <SortHeader label="Total" sortKey="total" q={q} className="num" />
            <SortHeader label="Evaluated price" sortKey="price" q={q} className="num" />
            <SortHeader label="Protection" sortKey="protection" q={q} className="num" />
            <SortHeader label="Clause findings" sortKey="clauses" q={q} />
            {confidential ? <th scope="col">Beats BATNA</th> : null}
            {confidential ? <th scope="col">Above reservation</th> : null}
            {shownCriteria(view).map((c) => (
              <SortHeader key={c.id} label={`${c.name} (${formatNumber(c.weight)})`} sortKey={`${CRITERION_SORT_PREFIX}${c.id}`} q={q} className="num" />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, index) => (
            <tr key={`${r.vendorId}/${r.slotId}`} className={r.bestOfVendor ? "is-best" : undefined}>
              {gated ? (
                <td>
                  <ul className="plain-list">
                    {(r.gateFailures ?? []).map((f) => (
                      <li key={f.gateId}>
                        <strong>{f.gateName}</strong>: {f.reason}
                      </li>
                    ))}
                  </ul>
                </td>
              ) : (
                <td>
                  {r.rank}
                  {r.tied ? <> <span className="badge badge--warn" title="Same total to a millionth of a point: the tie-break rule decided">tie</span></> : null}
                </td>
              )}
              <td>
                {/* Every row links to the same route: the first link discovers it, the rest need not say so. */}
                <Link to={bundleHref(r)} discover={index === 0 ? "render" : "none"}>{r.vendorName}</Link>
                {r.bestOfVendor ? <> <span className="badge" title="This vendor's best bundle">★ best</span></> : null}
              </td>
              <td>
                {r.slotName}
                {r.onFrontier ? <> <span className="badge badge--frontier" title="On the Pareto frontier: no other bundle is both cheaper and better">frontier</span></> : null}
              </td>
              <td className="num"><strong>{r.total}</strong></td>
              <td className="num">{r.price}</td>
              <td className="num">{r.protection ?? "—"}</td>
              <td>
                {r.clauseErrors > 0 ? <span className="badge badge--bad">{r.clauseErrors} {r.clauseErrors === 1 ? "error" : "errors"}</span> : null}{" "}
                {r.clauseWarnings > 0 ? <span className="badge badge--warn">{r.clauseWarnings} {r.clauseWarnings === 1 ? "warning" : "warnings"}</span> : null}
                {r.clauseErrors === 0 && r.clauseWarnings === 0 ? "none" : null}
              </td>
              {confidential ? <td>{r.beatsBatna ? "Yes" : "No"}</td> : null}
              {confidential ? <td>{r.exceedsReservation ? <span className="badge badge--bad">Above</span> : "No"}</td> : null}
              {r.points.map((p, i) => (
                <td key={view.criteria[view.columns.from + i]?.id ?? i} className="num">{p}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </SidewaysTable>
  );
}

/** With more criteria than fit, the ranking shows their points a page of columns at a time; every bundle's page lists them all. */
function ColumnPager({ view, q }: { view: Results; q: ResultsQuery & { dir: "asc" | "desc" } }) {
  const { pageCount, page, from, count } = view.columns;
  if (pageCount <= 1) return null;
  const n = view.criteria.length;
  return (
    <nav aria-label="Criterion columns" className="pager no-print">
      <span>
        Points of criteria {from + 1}–{from + count} of {n}:
      </span>{" "}
      {Array.from({ length: pageCount }, (_, i) => i + 1).map((p) => {
        const label = `${(p - 1) * CRITERIA_COLUMNS + 1}–${Math.min(p * CRITERIA_COLUMNS, n)}`;
        return p === page ? (
          <span key={p} aria-current="page" className="pager__current">{label}</span>
        ) : (
          <Link key={p} to={resultsQueryString(q, { cols: p }) || "."} discover="none" aria-label={`Criteria ${label}`}>{label}</Link>
        );
      })}
    </nav>
  );
}

function Pager({ label, page, pageCount, link }: { label: string; page: number; pageCount: number; link: (page: number) => string }) {
  if (pageCount <= 1) return null;
  const pages = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  return (
    <nav aria-label={label} className="pager no-print">
      {page > 1 ? <Link to={link(page - 1) || "."} rel="prev" discover="none">Previous</Link> : null}
      {pages.map((p) =>
        p === page ? (
          <span key={p} aria-current="page" className="pager__current">{p}</span>
        ) : (
          <Link key={p} to={link(p) || "."} discover="none">{p}</Link>
        ),
      )}
      {page < pageCount ? <Link to={link(page + 1) || "."} rel="next" discover="none">Next</Link> : null}
    </nav>
  );
}

function Sensitivity({ view }: { view: Results }) {
  const { note, words, reversal, swaps } = view.sensitivity;
  if (note) {
    return (
      <section className="panel" aria-labelledby="sensitivity-title">
        <h2 id="sensitivity-title">How sensitive is the result to the weights?</h2>
        <p className="notice">{note}</p>
      </section>
    );
  }
  return (
    <>
      <SensitivityWordsSection words={words} reversal={reversal} />
      {swaps ? (
        <section className="panel results-charts" aria-label="Sensitivity chart">
          <KeptMarkup component={SensitivityChart} props={{ id: "chart-sensitivity", swaps }} />
        </section>
      ) : null}
    </>
  );
}

function OtherRuns({ view }: { view: Results }) {
  if (view.snapshots.length <= 1) return null;
  return (
    <details className="panel no-print">
      <summary>Other runs of this evaluation ({view.snapshots.length})</summary>
      <ul className="plain-list">
        {view.snapshots.map((s, i) => (
          <li key={s.id}>
            {s.id === view.snapshot.id ? (
              <strong>
                <LocalTime value={s.createdAt} /> (shown)
              </strong>
            ) : (
              <Link to={i === 0 ? "." : `?snapshot=${s.id}`}>
                <LocalTime value={s.createdAt} />
              </Link>
            )}{" "}
            · {s.scoresLocked ? "locked scores" : "draft scores"}
            {i === 0 ? " · newest" : ""}
          </li>
        ))}
      </ul>
    </details>
  );
}
