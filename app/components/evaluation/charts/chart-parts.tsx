// Shared pieces of the server-rendered SVG charts: stable ids, fill patterns, compact numbers.
import { useId, type ReactNode } from "react";
import { formatNumber } from "~/domain/evaluation/format";
import { seriesStyle } from "./scale";

/** A document-unique id prefix that is the same on the server and on hydration (no colons, so it works in url(#…)). */
export function useChartId(given?: string): string {
  const reactId = useId();
  return given ?? `chart-${reactId.replace(/[^A-Za-z0-9_-]/g, "")}`;
}

/** `<pattern>` definitions for series 0..count−1: a tint with a dark ink texture, distinct without colour. */
export function SeriesPatterns({ idPrefix, count }: { idPrefix: string; count: number }) {
  return (
    <>
      {Array.from({ length: count }, (_, i) => {
        const s = seriesStyle(i);
        const ink = { stroke: s.ink, strokeWidth: 1.6 };
        return (
          <pattern key={i} id={`${idPrefix}-p${i}`} width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill={s.tint} />
            {s.pattern === "diagonal" && <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" {...ink} />}
            {s.pattern === "back-diagonal" && <path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" {...ink} />}
            {s.pattern === "dots" && <circle cx="4" cy="4" r="1.6" fill={s.ink} />}
            {s.pattern === "cross" && <path d="M0,0 l8,8 M8,0 l-8,8" {...ink} strokeWidth={1} />}
            {s.pattern === "horizontal" && <path d="M0,4 h8" {...ink} />}
            {s.pattern === "vertical" && <path d="M4,0 v8" {...ink} />}
            {s.pattern === "grid" && <path d="M0,4 h8 M4,0 v8" {...ink} strokeWidth={1} />}
          </pattern>
        );
      })}
    </>
  );
}

/** Large major amounts shown in thousands or millions on an axis, with the unit in the axis title. */
export function axisUnit(maxAbs: number): { divisor: number; word: string } {
  if (maxAbs >= 1e6) return { divisor: 1e6, word: "million" };
  if (maxAbs >= 1e4) return { divisor: 1e3, word: "thousand" };
  return { divisor: 1, word: "" };
}

export function tickLabel(value: number, divisor: number): string {
  return formatNumber(value / divisor, 3);
}

/** Cuts a label for inside the chart; the full text is in the mark's <title> and the table. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** A chart's text alternative: its numbers as a table, folded under the chart. */
export function ChartTable({ title, children }: { title: string; children: ReactNode }) {
  return (
    <details className="chart-alt">
      <summary>{title}: the numbers as a table</summary>
      <div className="table-wrap">
        <table className="chart-table">{children}</table>
      </div>
    </details>
  );
}
