// Price against quality: every bundle one circle (evaluated price across, non-price points up),
// the Pareto frontier a step line through the non-dominated bundles, whose marks are labelled.
// The frontier itself is computed by ~/domain/evaluation-results/frontier (paretoFrontier).
import { formatMoney, formatPoints } from "~/domain/evaluation/format";
import { ChartTable, axisUnit, shorten, tickLabel, useChartId } from "./chart-parts";
import { placeNumbers, type Segment } from "./label-placement";
import { linearScale, niceDomain, textWidth } from "./scale";

export interface PriceQualityPoint {
  id: string;
  label: string;
  priceMinor: number;
  quality: number;
  onFrontier: boolean;
}

export interface PriceQualityChartProps {
  points: PriceQualityPoint[];
  currency: string;
  minorUnitsPerMajor: number;
  title?: string;
  id?: string;
}

const W = 420;
const PLOT_H = 340;
const KEY_ROW = 17;
const M = { left: 56, right: 14, top: 14, bottom: 52 };
const LABEL_SIZE = 12;
/** Characters of a key line that fit the 420-unit width at 12 units. */
const KEY_CHARS = 56;
/** Marks that carry a hover <title>: the first this many in the caller's order (frontier, then best ranked) and every frontier mark; the table lists all. */
export const TITLED_MARKS = 60;

/** A number's box: from its top to 3 units under its baseline. */
const LABEL_HEIGHT = LABEL_SIZE + 3;

export function PriceQualityChart({ points, currency, minorUnitsPerMajor, title = "Price against quality, with the Pareto frontier", id }: PriceQualityChartProps) {
  const base = useChartId(id);
  const major = (p: PriceQualityPoint) => p.priceMinor / minorUnitsPerMajor;
  const prices = points.map(major);
  const qualities = points.map((p) => p.quality);
  // 4 % of the data's span either side, so no mark sits on an axis.
  const padded = (values: number[]): [number, number] => {
    if (values.length === 0) return [0, 1];
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = (hi - lo) * 0.04;
    return [lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad]; // no negative prices on the axis
  };
  const xd = niceDomain(...padded(prices), 4);
  const yd = niceDomain(...padded(qualities), 4);
  const x = linearScale(xd.domain, [M.left, W - M.right]);
  const y = linearScale(yd.domain, [PLOT_H - M.bottom, M.top]);
  const unit = axisUnit(Math.max(...xd.ticks.map(Math.abs)));
  const plot = { left: M.left, right: W - M.right, top: M.top, bottom: PLOT_H - M.bottom };

  const frontier = points.filter((p) => p.onFrontier).sort((a, b) => a.priceMinor - b.priceMinor || a.quality - b.quality);
  // The staircase bounding what the frontier dominates: down from the cheapest, then right and up, then on to the edge.
  const steps: [number, number][] = [];
  frontier.forEach((p, i) => {
    const px = x(major(p));
    const py = y(p.quality);
    if (i === 0) steps.push([px, plot.bottom]);
    else steps.push([px, steps[steps.length - 1]![1]]);
    steps.push([px, py]);
  });
  if (frontier.length > 0) steps.push([plot.right, steps[steps.length - 1]![1]]);
  const pointsAttr = steps.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(" ");
  const shaded = frontier.length > 0 ? `${pointsAttr} ${plot.right.toFixed(1)},${plot.bottom.toFixed(1)}` : "";

  // Frontier marks are labelled with their number (1 = cheapest), and a key under the axis
  // names them in full: whole names beside the marks collide as soon as bundles cluster, and a
  // number fits anywhere. Placed as the award report's chart places its numbers
  // (label-placement.ts): the cheapest free place around the mark, clear of every mark and every
  // number before it, inside the plot; farther out with a hairline when none is free beside it.
  const stepLines = steps.slice(1).map(([x1, y1], i): Segment => [steps[i]![0], steps[i]![1], x1, y1]);
  const placedLabels = placeNumbers({
    plot: { x0: plot.left + 1, y0: 0, x1: W, y1: plot.bottom },
    marks: points.map((p) => ({ x: x(major(p)), y: y(p.quality), r: p.onFrontier ? 6 : 5 })),
    lines: stepLines,
    height: LABEL_HEIGHT,
    labels: frontier.map((p, i) => ({ mark: { x: x(major(p)), y: y(p.quality), r: 6 }, nameWidth: 0, numberWidth: textWidth(String(i + 1), LABEL_SIZE) + 2 })),
  });
  const labels = frontier.map((p, i) => ({ id: p.id, text: String(i + 1), box: placedLabels[i]!.box, leader: placedLabels[i]!.leader }));
  const keyTop = PLOT_H + 4;
  const H = keyTop + (frontier.length > 0 ? 20 + frontier.length * KEY_ROW : 0);

  const money = (m: number) => formatMoney(m, currency, minorUnitsPerMajor);
  const titled = new Set(points.slice(0, TITLED_MARKS).map((p) => p.id));
  const byPrice = [...points].sort((a, b) => a.priceMinor - b.priceMinor || b.quality - a.quality);
  const descText =
    points.length === 0
      ? "No bundles to show."
      : `${points.length} bundle${points.length === 1 ? "" : "s"}, each a circle: evaluated price across (lower is better), non-price points up (higher is better). ` +
        `Filled, numbered circles joined by the step line are the Pareto frontier (${frontier.length} of ${points.length}): no other bundle is both cheaper and better on non-price points. ` +
        `Hollow circles are beaten on both by at least one bundle; the shaded area is what the frontier beats. Frontier, cheapest first: ` +
        `${frontier.map((p, i) => `${i + 1}. ${p.label} (${money(p.priceMinor)}, ${formatPoints(p.quality)} points)`).join("; ")}.` +
        (points.length > TITLED_MARKS ? ` Every bundle's figures are in the table after the chart.` : "");

  return (
    <figure className="chart-figure chart-price-quality">
      <svg role="img" aria-labelledby={`${base}-title`} aria-describedby={`${base}-desc`} viewBox={`0 0 ${W} ${H}`} width="100%" className="chart-svg" preserveAspectRatio="xMinYMin meet">
        <title id={`${base}-title`}>{title}</title>
        <desc id={`${base}-desc`}>{descText}</desc>
        <g className="chart-grid" aria-hidden="true">
          {xd.ticks.map((t) => (
            <line key={`x${t}`} x1={x(t)} x2={x(t)} y1={plot.top} y2={plot.bottom} />
          ))}
          {yd.ticks.map((t) => (
            <line key={`y${t}`} x1={plot.left} x2={plot.right} y1={y(t)} y2={y(t)} />
          ))}
        </g>
        {shaded && <polygon points={shaded} className="chart-dominated" aria-hidden="true" />}
        <g className="chart-axis" aria-hidden="true">
          <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
          <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} />
          {xd.ticks.map((t) => (
            <text key={t} x={x(t)} y={plot.bottom + 17} textAnchor="middle">{tickLabel(t, unit.divisor)}</text>
          ))}
          {yd.ticks.map((t) => (
            <text key={t} x={plot.left - 6} y={y(t) + 4} textAnchor="end">{tickLabel(t, 1)}</text>
          ))}
          <text x={(plot.left + plot.right) / 2} y={PLOT_H - 10} textAnchor="middle" className="chart-axis-title">
            {`Evaluated price, ${currency}${unit.word ? ` ${unit.word}` : ""} (lower is better)`}
          </text>
          <text transform={`translate(14,${(plot.top + plot.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="chart-axis-title">
            Non-price points (higher is better)
          </text>
        </g>
        {frontier.length > 0 && <polyline points={pointsAttr} className="chart-frontier" fill="none" data-frontier-line="" />}
        <g className="chart-marks">
          {byPrice.map((p) => (
            <circle
              key={p.id}
              data-bundle-id={p.id}
              data-frontier={p.onFrontier ? "true" : "false"}
              cx={x(major(p)).toFixed(1)}
              cy={y(p.quality).toFixed(1)}
              r={p.onFrontier ? 6 : 5}
              className={p.onFrontier ? "chart-mark chart-mark--frontier" : "chart-mark"}
            >
              {p.onFrontier || titled.has(p.id) ? <title>{`${p.label}: ${money(p.priceMinor)}, ${formatPoints(p.quality)} non-price points${p.onFrontier ? ", on the Pareto frontier" : ""}`}</title> : null}
            </circle>
          ))}
        </g>
        <g className="chart-mark-labels" aria-hidden="true">
          {labels.map((l) => (
            <g key={l.id}>
              {l.leader ? <line x1={l.leader[0].toFixed(1)} y1={l.leader[1].toFixed(1)} x2={l.leader[2].toFixed(1)} y2={l.leader[3].toFixed(1)} className="chart-leader" /> : null}
              <text x={(l.box.x0 + 1).toFixed(1)} y={(l.box.y1 - 3).toFixed(1)} className="chart-mark-label" data-label-for={l.id}>{l.text}</text>
            </g>
          ))}
        </g>
        {frontier.length > 0 && (
          <g className="chart-key" aria-hidden="true">
            <text x={8} y={keyTop + 12} className="chart-key-title">Pareto frontier, cheapest first:</text>
            {frontier.map((p, i) => (
              <text key={p.id} x={8} y={keyTop + 12 + (i + 1) * KEY_ROW} className="chart-key-text">
                <tspan className="chart-key-number">{i + 1}</tspan>
                <tspan dx="8">{shorten(p.label, KEY_CHARS)}</tspan>
              </text>
            ))}
          </g>
        )}
      </svg>
      <ChartTable title={title}>
            <thead>
              <tr>
                <th scope="col">Bundle</th>
                <th scope="col">Evaluated price</th>
                <th scope="col">Non-price points</th>
                <th scope="col">On the Pareto frontier</th>
              </tr>
            </thead>
            <tbody>
              {byPrice.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.label}</th>
                  <td>{money(p.priceMinor)}</td>
                  <td>{formatPoints(p.quality)}</td>
                  <td>{p.onFrontier ? `Yes (${frontier.indexOf(p) + 1})` : "No"}</td>
                </tr>
              ))}
            </tbody>
          </ChartTable>
    </figure>
  );
}
