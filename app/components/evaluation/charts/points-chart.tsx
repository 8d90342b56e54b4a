// Stacked horizontal bars of weighted points per bundle (the caller passes the top N), one
// segment per criterion, with a legend; a table of the same numbers follows the chart.
import { formatPoints } from "~/domain/evaluation/format";
import { ChartTable, SeriesPatterns, shorten, useChartId } from "./chart-parts";
import { linearScale, niceDomain, seriesStyle, textWidth } from "./scale";

export interface PointsChartBundle {
  id: string;
  label: string;
  segments: { criterionId: string; criterionName: string; points: number }[];
}

export interface PointsChartProps {
  bundles: PointsChartBundle[];
  /** Axis maximum in points; totals are 0–100, so 100 unless the caller zooms. */
  max?: number;
  title?: string;
  id?: string;
}

const W = 420;
const PAD = { left: 8, right: 48 };
const LABEL_H = 18;
const BAR_H = 20;
const ROW_GAP = 10;
const LEGEND_ROW = 20;

export function PointsChart({ bundles, max = 100, title = "Weighted points per bundle", id }: PointsChartProps) {
  const base = useChartId(id);
  // Criteria in the order they first appear, so every bundle uses the same pattern for each.
  const criteria: { id: string; name: string }[] = [];
  for (const b of bundles) for (const s of b.segments) if (!criteria.some((c) => c.id === s.criterionId)) criteria.push({ id: s.criterionId, name: s.criterionName });
  const indexOf = new Map(criteria.map((c, i) => [c.id, i]));

  // Legend: items flow left to right and wrap.
  const legend: { x: number; y: number; i: number; name: string }[] = [];
  let lx = PAD.left;
  let ly = 14;
  criteria.forEach((c, i) => {
    const name = shorten(c.name, 34);
    const w = 18 + textWidth(name, 12) + 16;
    if (lx + w > W - PAD.left && lx > PAD.left) {
      lx = PAD.left;
      ly += LEGEND_ROW;
    }
    legend.push({ x: lx, y: ly, i, name });
    lx += w;
  });
  const top = criteria.length === 0 ? 8 : ly + LEGEND_ROW;
  const rowH = LABEL_H + BAR_H + ROW_GAP;
  const plotBottom = top + Math.max(1, bundles.length) * rowH;
  const { ticks } = niceDomain(0, max, 5);
  const x = linearScale([0, max], [PAD.left, W - PAD.right]);
  const H = plotBottom + 44;
  const total = (b: PointsChartBundle) => b.segments.reduce((s, seg) => s + seg.points, 0);
  const descText =
    bundles.length === 0
      ? "No bundles to show."
      : `Horizontal stacked bars, one per bundle, from 0 to ${max} points: each segment is one criterion's weighted points, ` +
        `told apart by pattern and by the legend; the number after each bar is the bundle's total. ` +
        `Shown: ${bundles.map((b) => `${b.label} ${formatPoints(total(b))}`).join("; ")}.`;

  return (
    <figure className="chart-figure chart-points">
      <svg role="img" aria-labelledby={`${base}-title`} aria-describedby={`${base}-desc`} viewBox={`0 0 ${W} ${H}`} width="100%" className="chart-svg" preserveAspectRatio="xMinYMin meet">
        <title id={`${base}-title`}>{title}</title>
        <desc id={`${base}-desc`}>{descText}</desc>
        <defs>
          <SeriesPatterns idPrefix={base} count={criteria.length} />
        </defs>
        <g className="chart-legend" aria-hidden="true">
          {legend.map((l) => (
            <g key={l.i} transform={`translate(${l.x},${l.y})`}>
              <rect x="0" y="-10" width="14" height="14" fill={`url(#${base}-p${l.i})`} stroke={seriesStyle(l.i).ink} />
              <text x="18" y="1" className="chart-legend-text">{l.name}</text>
            </g>
          ))}
        </g>
        <g className="chart-grid" aria-hidden="true">
          {ticks.map((t) => (
            <line key={t} x1={x(t)} x2={x(t)} y1={top} y2={plotBottom} />
          ))}
        </g>
        {bundles.map((b, r) => {
          const y = top + r * rowH;
          let cursor = 0;
          const sum = total(b);
          const labels: { key: string; x: number; label: string }[] = [];
          return (
            <g key={b.id} className="chart-row" data-bundle-id={b.id}>
              <text x={PAD.left} y={y + 13} className="chart-row-label">{shorten(b.label, 60)}</text>
              <g stroke="#fff" strokeWidth="1">
                {b.segments.map((s) => {
                  const from = Math.min(cursor, max);
                  cursor += Math.max(0, s.points);
                  const w = x(Math.min(cursor, max)) - x(from);
                  const i = indexOf.get(s.criterionId)!;
                  const label = formatPoints(s.points);
                  if (w >= textWidth(label, 11) + 6) labels.push({ key: s.criterionId, x: x(from) + w / 2, label });
                  return (
                    <rect key={s.criterionId} x={x(from).toFixed(1)} y={y + LABEL_H} width={Math.max(0, w).toFixed(1)} height={BAR_H} fill={`url(#${base}-p${i})`} className="chart-segment" data-criterion-id={s.criterionId}>
                      <title>{`${b.label}: ${s.criterionName} ${label} points`}</title>
                    </rect>
                  );
                })}
              </g>
              {labels.map((l) => (
                <text key={l.key} x={l.x.toFixed(1)} y={y + LABEL_H + 14} textAnchor="middle" className="chart-segment-label" aria-hidden="true">{l.label}</text>
              ))}
              <text x={(x(Math.min(sum, max)) + 4).toFixed(1)} y={y + LABEL_H + 15} className="chart-total">{formatPoints(sum)}</text>
            </g>
          );
        })}
        <g className="chart-axis" aria-hidden="true">
          <line x1={x(0)} x2={x(max)} y1={plotBottom} y2={plotBottom} />
          {ticks.map((t) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={plotBottom} y2={plotBottom + 5} />
              <text x={x(t)} y={plotBottom + 18} textAnchor="middle">{t}</text>
            </g>
          ))}
          <text x={(x(0) + x(max)) / 2} y={plotBottom + 38} textAnchor="middle" className="chart-axis-title">{`Weighted points (0–${max})`}</text>
        </g>
      </svg>
      <ChartTable title={title}>
            <thead>
              <tr>
                <th scope="col">Bundle</th>
                {criteria.map((c) => (
                  <th key={c.id} scope="col">{c.name}</th>
                ))}
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {bundles.map((b) => (
                <tr key={b.id}>
                  <th scope="row">{b.label}</th>
                  {criteria.map((c) => {
                    const s = b.segments.find((seg) => seg.criterionId === c.id);
                    return <td key={c.id}>{s ? formatPoints(s.points) : "—"}</td>;
                  })}
                  <td>{formatPoints(total(b))}</td>
                </tr>
              ))}
            </tbody>
          </ChartTable>
    </figure>
  );
}
