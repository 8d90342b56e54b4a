// Sensitivity: per criterion, a bar on a 0–100 weight axis from the current weight to the
// weight at which the leader changes, or the words "no change within 0–100".
import { formatNumber } from "~/domain/evaluation/format";
import { ChartTable, shorten, useChartId } from "./chart-parts";
import { linearScale, niceDomain } from "./scale";

export interface SensitivitySwap {
  criterionName: string;
  currentWeight: number;
  /** The weight at which the leader changes; null when no weight within 0–100 changes it. */
  swapWeight: number | null;
}

export interface SensitivityChartProps {
  swaps: SensitivitySwap[];
  title?: string;
  id?: string;
}

const W = 420;
const PAD = { left: 12, right: 12, top: 8 };
const LABEL_H = 18;
const BAR_H = 16;
const ROW_GAP = 12;
const NO_CHANGE = "no change within 0–100";

const w1 = (x: number) => formatNumber(x, 1);

export function describeSwap(s: SensitivitySwap): string {
  return s.swapWeight === null
    ? `${s.criterionName}: weight ${w1(s.currentWeight)}, ${NO_CHANGE}`
    : `${s.criterionName}: weight ${w1(s.currentWeight)}, leader changes at ${w1(s.swapWeight)} (${s.swapWeight > s.currentWeight ? "+" : "−"}${w1(Math.abs(s.swapWeight - s.currentWeight))})`;
}

export function SensitivityChart({ swaps, title = "How far each weight must move before the leader changes", id }: SensitivityChartProps) {
  const base = useChartId(id);
  const x = linearScale([0, 100], [PAD.left, W - PAD.right]);
  const { ticks } = niceDomain(0, 100, 5);
  const rowH = LABEL_H + BAR_H + ROW_GAP;
  const plotBottom = PAD.top + Math.max(1, swaps.length) * rowH;
  const H = plotBottom + 44;
  const descText =
    swaps.length === 0
      ? "No criteria to show."
      : "One row per criterion on a weight axis from 0 to 100. The diamond is the current weight; the bar runs from it to the weight at which " +
        "another vendor's bundle would lead (the other weights rescaled in proportion), ending in a bar-end line with the value. " +
        `${swaps.map(describeSwap).join("; ")}.`;

  return (
    <figure className="chart-figure chart-sensitivity">
      <svg role="img" aria-labelledby={`${base}-title`} aria-describedby={`${base}-desc`} viewBox={`0 0 ${W} ${H}`} width="100%" className="chart-svg" preserveAspectRatio="xMinYMin meet">
        <title id={`${base}-title`}>{title}</title>
        <desc id={`${base}-desc`}>{descText}</desc>
        <defs>
          <pattern id={`${base}-move`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" className="chart-move-tint" />
            <line x1="0" y1="0" x2="0" y2="6" className="chart-move-ink" strokeWidth="2" />
          </pattern>
        </defs>
        <g className="chart-grid" aria-hidden="true">
          {ticks.map((t) => (
            <line key={t} x1={x(t)} x2={x(t)} y1={PAD.top} y2={plotBottom} />
          ))}
        </g>
        {swaps.map((s, r) => {
          const y = PAD.top + r * rowH;
          const barY = y + LABEL_H;
          const cx = x(s.currentWeight);
          const cy = barY + BAR_H / 2;
          const label = s.swapWeight === null ? `${shorten(s.criterionName, 40)}: ${w1(s.currentWeight)}` : `${shorten(s.criterionName, 40)}: ${w1(s.currentWeight)} → ${w1(s.swapWeight)}`;
          return (
            <g key={`${s.criterionName}-${r}`} className="chart-row" data-criterion={s.criterionName}>
              <text x={PAD.left} y={y + 13} className="chart-row-label">{label}</text>
              <line x1={x(0)} x2={x(100)} y1={cy} y2={cy} className="chart-track" aria-hidden="true" />
              {s.swapWeight === null ? (
                <text x={cx > W / 2 ? cx - 10 : cx + 10} y={cy + 4} textAnchor={cx > W / 2 ? "end" : "start"} className="chart-no-change">{NO_CHANGE}</text>
              ) : (
                <g className="chart-move" data-swap-weight={s.swapWeight}>
                  <rect x={Math.min(cx, x(s.swapWeight))} y={barY} width={Math.abs(x(s.swapWeight) - cx)} height={BAR_H} fill={`url(#${base}-move)`} className="chart-move-bar">
                    <title>{describeSwap(s)}</title>
                  </rect>
                  <line x1={x(s.swapWeight)} x2={x(s.swapWeight)} y1={barY - 3} y2={barY + BAR_H + 3} className="chart-swap-end" />
                </g>
              )}
              <path d={`M${cx},${cy - 7} l7,7 l-7,7 l-7,-7 z`} className="chart-current" aria-hidden="true" />
            </g>
          );
        })}
        <g className="chart-axis" aria-hidden="true">
          <line x1={x(0)} x2={x(100)} y1={plotBottom} y2={plotBottom} />
          {ticks.map((t) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={plotBottom} y2={plotBottom + 5} />
              <text x={x(t)} y={plotBottom + 18} textAnchor="middle">{t}</text>
            </g>
          ))}
          <text x={(x(0) + x(100)) / 2} y={plotBottom + 38} textAnchor="middle" className="chart-axis-title">Criterion weight (0–100)</text>
        </g>
      </svg>
      <ChartTable title={title}>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col">Current weight</th>
                <th scope="col">Weight at which the leader changes</th>
                <th scope="col">Change needed</th>
              </tr>
            </thead>
            <tbody>
              {swaps.map((s, r) => (
                <tr key={`${s.criterionName}-${r}`}>
                  <th scope="row">{s.criterionName}</th>
                  <td>{w1(s.currentWeight)}</td>
                  <td>{s.swapWeight === null ? NO_CHANGE : w1(s.swapWeight)}</td>
                  <td>{s.swapWeight === null ? "—" : `${s.swapWeight > s.currentWeight ? "+" : "−"}${w1(Math.abs(s.swapWeight - s.currentWeight))}`}</td>
                </tr>
              ))}
            </tbody>
          </ChartTable>
    </figure>
  );
}
