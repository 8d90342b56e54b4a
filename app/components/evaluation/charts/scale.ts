/**
 * The little scale arithmetic the charts need, hand-written rather than d3-scale: a linear map
 * and "nice" ticks are twenty lines, carry no ESM-bundling question for the Remix classic
 * compiler and no dependency to keep up to date. See decision 011.
 */

export type Linear = ((value: number) => number) & { domain: readonly [number, number] };

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps everything to the middle of the range. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Linear {
  const span = d1 - d0;
  const f = (v: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
  return Object.assign(f, { domain: [d0, d1] as const });
}

/** A step of 1, 2, 2.5 or 5 × 10^k giving about `count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * power;
}

/** A domain widened to whole steps around [min, max] and its ticks (about `count` intervals). */
export function niceDomain(min: number, max: number, count: number): { domain: [number, number]; ticks: number[] } {
  let lo = min;
  let hi = max;
  if (!(hi > lo)) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.05;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, count);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  // Integer multiples of the step, so 0.1-steps do not drift into 0.30000000000000004.
  for (let k = Math.round(start / step); k <= Math.round(end / step); k++) ticks.push(Number((k * step).toPrecision(12)));
  return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
}

/** Roughly how wide a label is in the charts' 13-unit sans-serif text (no layout engine here). */
export function textWidth(text: string, fontSize = 13): number {
  return text.length * fontSize * 0.56;
}

/**
 * Fill patterns for series, so a series is told apart without colour (print, colour blindness):
 * each has a light tint and a dark ink; the pattern draws the ink over the tint.
 */
export const SERIES_STYLES = [
  { tint: "#cfe8dd", ink: "#0b6e4f", pattern: "solid" },
  { tint: "#d6e2f5", ink: "#1f4e99", pattern: "diagonal" },
  { tint: "#f7dfc8", ink: "#9a4a00", pattern: "dots" },
  { tint: "#e6daf2", ink: "#5b2a86", pattern: "cross" },
  { tint: "#f5d5dc", ink: "#a0213f", pattern: "horizontal" },
  { tint: "#e8e8e8", ink: "#333333", pattern: "vertical" },
  { tint: "#f3ecc2", ink: "#6b5a00", pattern: "back-diagonal" },
  { tint: "#d2eef0", ink: "#00636b", pattern: "grid" },
] as const;
export type SeriesStyle = (typeof SERIES_STYLES)[number];

export function seriesStyle(index: number): SeriesStyle {
  return SERIES_STYLES[index % SERIES_STYLES.length]!;
}
