// The results page's three charts drawn as PDF vectors (issue #14, item 2): weighted points of
// the best bundles (stacked bars), price against quality with the Pareto frontier, and the
// sensitivity of the lead to each weight. The scale arithmetic and the series colours are the
// results page's own (app/components/evaluation/charts/scale.ts). Labels are one line each,
// shortened with an ellipsis (textLine), never wrapped onto the mark below; the frontier's go
// where they cover no mark and no other label (label-placement.ts).
import { linearScale, niceDomain, seriesStyle } from "../components/evaluation/charts/scale";
import type { PackBundle, PackCriterion } from "../domain/award/pack";
import { formatNumber } from "../domain/evaluation/format";
import { placeLabels, type Mark, type Segment } from "../components/evaluation/charts/label-placement";
import { contentWidth, ensureSpace, fitLine, INK, MUTED, RULE, textLine, type Doc } from "./pdf-document.server";
import { fileText } from "./pack-text";

const GROUPED = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const label = (b: PackBundle) => fileText(`${b.vendorName} — ${b.slotName}`);

function caption(doc: Doc, text: string, x: number, y: number, width: number): void {
  doc.font("body").fontSize(7.5).fillColor(MUTED).text(fileText(text), x, y, { width, lineBreak: true, height: 20, ellipsis: true });
}

/** Grid lines and labels of a 0–100 axis (points, weights) from `top` to `bottom`. */
function percentAxis(doc: Doc, x: (v: number) => number, top: number, bottom: number): void {
  doc.lineWidth(0.4).strokeColor(RULE);
  for (const t of niceDomain(0, 100, 5).ticks) {
    doc.moveTo(x(t), top).lineTo(x(t), bottom).stroke();
    doc.font("body").fontSize(7).fillColor(MUTED).text(String(t), x(t) - 10, bottom + 2, { width: 20, align: "center", lineBreak: false });
  }
}

/**
 * Stacked weighted points per criterion for the best `limit` ranked bundles, with a key. Each
 * row is labelled on two lines, the rank and vendor then the bundle, each shortened on its own,
 * so a long vendor name never hides which of its bundles the bar is.
 */
const POINTS_ROW = 22;
const POINTS_LIMIT = 10;
/** The points chart's height, so its heading can be kept with it. */
export function pointsChartHeight(bundles: readonly PackBundle[], criteria: readonly PackCriterion[], limit = POINTS_LIMIT): number {
  const rows = Math.min(limit, bundles.filter((b) => b.rank !== null).length);
  return rows * POINTS_ROW + 24 + Math.ceil(criteria.length / 3) * 12 + 10;
}

export function pointsChart(doc: Doc, bundles: readonly PackBundle[], criteria: readonly PackCriterion[], limit = POINTS_LIMIT): void {
  const top = bundles.filter((b) => b.rank !== null).slice(0, limit);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const labelW = width * 0.34;
  const rowH = POINTS_ROW;
  const height = pointsChartHeight(bundles, criteria, limit);
  ensureSpace(doc, height);
  const y0 = doc.y;
  const x = linearScale([0, 100], [left + labelW, left + width - 6]);
  percentAxis(doc, x, y0, y0 + top.length * rowH);
  top.forEach((b, i) => {
    const y = y0 + i * rowH;
    doc.font("body").fontSize(7.5).fillColor(INK);
    textLine(doc, `${b.rank}. ${fileText(b.vendorName)}`, left, y + 2, labelW - 6);
    doc.font("body").fontSize(7.5).fillColor(MUTED);
    textLine(doc, fileText(b.slotName), left + 9, y + 11, labelW - 15);
    let at = 0;
    b.cells.forEach((cell, c) => {
      if (!(cell.points > 0)) return;
      const style = seriesStyle(c);
      doc.rect(x(at), y + 4, x(at + cell.points) - x(at), rowH - 8).fillAndStroke(style.tint, style.ink);
      at += cell.points;
    });
    doc.font("bold").fontSize(7).fillColor(INK).text(b.total.toFixed(2), Math.min(x(at) + 3, left + width - 30), y + 7, { width: 30, lineBreak: false });
  });
  const keyY = y0 + top.length * rowH + 14;
  criteria.forEach((c, i) => {
    const kx = left + (i % 3) * (width / 3);
    const ky = keyY + Math.floor(i / 3) * 12;
    const style = seriesStyle(i);
    doc.rect(kx, ky + 1, 8, 8).fillAndStroke(style.tint, style.ink);
    doc.font("body").fontSize(7).fillColor(INK);
    textLine(doc, `${fileText(c.name)} (weight ${formatNumber(c.weight, 2)})`, kx + 11, ky, width / 3 - 14);
  });
  doc.x = left;
  doc.y = y0 + height;
}

const PRICE_QUALITY_HEIGHT = 260;
/** Frontier bundles labelled at most (the ranking's Frontier column lists every one). */
const FRONTIER_LABELS = 20;
const LABEL_SIZE = 6.5;
const LABEL_WIDTH = 170;
const KEY_ROW = 10;
const FRONTIER_INK = "#0b6e4f";
const FRONTIER_R = 3.2;
const OPEN_R = 2.6;

/**
 * Where everything of the price/quality chart goes when it starts at `y0`: the scales, the
 * frontier's steps, each frontier label (its name, or its number and a line of the key under the
 * chart; see label-placement.ts) and the chart's whole height.
 */
function priceQualityLayout(doc: Doc, bundles: readonly PackBundle[], minorUnitsPerMajor: number, y0: number) {
  const points = bundles.filter((b) => b.passesGates);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  // Room on the left for the rotated y-axis title (12 pt) and the tick labels (46 pt).
  const plot = { left: left + 62, right: left + width - 10, top: y0 + 6, bottom: y0 + PRICE_QUALITY_HEIGHT - 30 };
  const prices = points.map((b) => b.evaluatedPriceMinor / minorUnitsPerMajor);
  const qualities = points.map((b) => b.quality);
  const pad = (v: number[]): [number, number] => {
    if (v.length === 0) return [0, 1];
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    const p = (hi - lo) * 0.04;
    return [Math.max(0, lo - p), hi + p];
  };
  const xd = niceDomain(...pad(prices), 4);
  const yd = niceDomain(...pad(qualities), 4);
  const x = linearScale(xd.domain, [plot.left, plot.right]);
  const y = linearScale(yd.domain, [plot.bottom, plot.top]);
  const at = (b: PackBundle): Mark => ({ x: x(b.evaluatedPriceMinor / minorUnitsPerMajor), y: y(b.quality), r: b.onFrontier ? FRONTIER_R + 0.6 : OPEN_R + 0.4 });
  const frontier = points.filter((b) => b.onFrontier).sort((a, b) => a.evaluatedPriceMinor - b.evaluatedPriceMinor || a.quality - b.quality);
  // The step line: up from the axis to the cheapest, then across and up to each next one, then on to the edge.
  const steps: [number, number][] = [];
  frontier.forEach((b, i) => {
    const m = at(b);
    steps.push(i === 0 ? [m.x, plot.bottom] : [m.x, steps[steps.length - 1]![1]], [m.x, m.y]);
  });
  if (steps.length > 0) steps.push([plot.right, steps[steps.length - 1]![1]]);
  const lines = steps.slice(1).map(([x1, y1], i): Segment => [steps[i]![0], steps[i]![1], x1, y1]);
  doc.font("body").fontSize(LABEL_SIZE);
  const height = doc.currentLineHeight();
  const labelled = frontier.slice(0, FRONTIER_LABELS).map((b, i) => ({ bundle: b, number: String(i + 1), name: fitLine(doc, label(b), LABEL_WIDTH) }));
  const requests = labelled.map((l) => {
    const nameWidth = doc.font("body").widthOfString(l.name);
    return { mark: at(l.bundle), nameWidth, numberWidth: doc.font("bold").widthOfString(l.number) };
  });
  const placed = placeLabels({ plot: { x0: plot.left, y0: plot.top, x1: plot.right, y1: plot.bottom }, marks: points.map(at), lines, height, labels: requests });
  const labels = labelled.map((l, i) => ({ ...l, ...placed[i]! }));
  const numbered = labels.filter((l) => l.kind === "number");
  const more = frontier.length - labelled.length;
  const keyLines = (numbered.length > 0 ? 1 + Math.ceil(numbered.length / 2) : 0) + (more > 0 ? 1 : 0);
  const keyHeight = keyLines > 0 ? 4 + keyLines * KEY_ROW : 0;
  return { points, plot, xd, yd, x, y, at, steps, labels, numbered, more, keyTop: y0 + PRICE_QUALITY_HEIGHT + 18, keyHeight, height: PRICE_QUALITY_HEIGHT + 30 + keyHeight };
}
/** The price/quality chart's height with its caption and key, so its heading can be kept with it. */
export function priceQualityChartHeight(doc: Doc, bundles: readonly PackBundle[], minorUnitsPerMajor: number): number {
  return priceQualityLayout(doc, bundles, minorUnitsPerMajor, 0).height;
}

/**
 * Evaluated price across, non-price points up, each axis titled as on the results page; the
 * frontier as a step line through its bundles, labelled with their names where every name fits
 * beside its mark and with their frontier numbers otherwise, the key under the chart naming them.
 */
export function priceQualityChart(doc: Doc, bundles: readonly PackBundle[], minorUnitsPerMajor: number, currency: string): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  ensureSpace(doc, priceQualityChartHeight(doc, bundles, minorUnitsPerMajor));
  const y0 = doc.y;
  const { points, plot, xd, yd, x, y, at, steps, labels, numbered, more, keyTop, keyHeight } = priceQualityLayout(doc, bundles, minorUnitsPerMajor, y0);
  doc.lineWidth(0.4).strokeColor(RULE);
  for (const t of xd.ticks) {
    doc.moveTo(x(t), plot.top).lineTo(x(t), plot.bottom).stroke();
    doc.font("body").fontSize(7).fillColor(MUTED).text(GROUPED.format(t), x(t) - 30, plot.bottom + 3, { width: 60, align: "center", lineBreak: false });
  }
  for (const t of yd.ticks) {
    doc.moveTo(plot.left, y(t)).lineTo(plot.right, y(t)).stroke();
    doc.font("body").fontSize(7).fillColor(MUTED).text(formatNumber(t, 1), left + 12, y(t) - 4, { width: 46, align: "right", lineBreak: false });
  }
  doc.font("body").fontSize(7.5).fillColor(INK).text(`Evaluated price (${currency}, lower is better)`, plot.left, plot.bottom + 14, { width: plot.right - plot.left, align: "center", lineBreak: false });
  // The y-axis title, turned to read upwards along the axis, centred on it.
  const middle = (plot.top + plot.bottom) / 2;
  const span = plot.bottom - plot.top;
  doc.save().rotate(-90, { origin: [left + 4, middle] });
  doc.text("Non-price points (higher is better)", left + 4 - span / 2, middle - 4, { width: span, align: "center", lineBreak: false });
  doc.restore();
  if (steps.length > 0) {
    doc.moveTo(...steps[0]!);
    for (const s of steps.slice(1)) doc.lineTo(...s);
    doc.lineWidth(1.2).strokeColor(FRONTIER_INK).stroke();
  }
  for (const b of points) {
    const { x: cx, y: cy } = at(b);
    if (b.onFrontier) doc.circle(cx, cy, FRONTIER_R).lineWidth(1.2).fillAndStroke(FRONTIER_INK, FRONTIER_INK);
    else doc.circle(cx, cy, OPEN_R).lineWidth(0.8).strokeColor("#1f4e99").stroke();
  }
  for (const l of labels) {
    if (l.leader) doc.moveTo(l.leader[0], l.leader[1]).lineTo(l.leader[2], l.leader[3]).lineWidth(0.5).strokeColor(FRONTIER_INK).stroke();
    const text = l.kind === "name" ? l.name : l.number;
    doc.font(l.kind === "name" ? "body" : "bold").fontSize(LABEL_SIZE).fillColor(l.kind === "name" ? INK : FRONTIER_INK);
    // The box is the text's measured width; the slack keeps pdfkit from wrapping it.
    doc.text(text, l.box.x0, l.box.y0, { width: l.box.x1 - l.box.x0 + 2, lineBreak: false });
  }
  caption(doc, "Filled: on the Pareto frontier (no other bundle is both cheaper and better on non-price points). Open: dominated. Bundles that fail a gate are not shown.", left, plot.bottom + 26, width);
  if (keyHeight > 0) {
    let ky = keyTop;
    if (numbered.length > 0) {
      doc.font("body").fontSize(7).fillColor(MUTED).text("The Pareto frontier, cheapest first:", left, ky, { lineBreak: false });
      ky += KEY_ROW;
      const column = width / 2;
      const rows = Math.ceil(numbered.length / 2);
      // Down the first column, then the second, so the numbers read in order.
      numbered.forEach((l, i) => {
        const kx = left + Math.floor(i / rows) * column;
        const rowY = ky + (i % rows) * KEY_ROW;
        doc.font("bold").fontSize(7).fillColor(FRONTIER_INK).text(l.number, kx, rowY, { width: 14, lineBreak: false });
        doc.font("body").fontSize(7).fillColor(INK);
        textLine(doc, label(l.bundle), kx + 14, rowY, column - 20);
      });
      ky += rows * KEY_ROW;
    }
    if (more > 0) {
      const which = more === 1 ? "1 more bundle on the frontier is" : `${more} more bundles on the frontier are`;
      doc.font("body").fontSize(7).fillColor(MUTED).text(`${which} not labelled: the ranking's Frontier column lists every one.`, left, ky, { lineBreak: false });
    }
  }
  doc.x = left;
  doc.y = y0 + PRICE_QUALITY_HEIGHT + 14 + keyHeight;
}

export interface SensitivityBar {
  criterionName: string;
  currentWeight: number;
  swapWeight: number | null;
}

/** Per criterion, a bar on a 0–100 weight axis from the current weight to where the leader changes. */
const SENSITIVITY_ROW = 15;
/** The sensitivity chart's height, so its heading can be kept with it. */
export function sensitivityChartHeight(bars: number): number {
  return bars * SENSITIVITY_ROW + 22;
}

export function sensitivityChart(doc: Doc, swaps: readonly SensitivityBar[]): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const labelW = width * 0.3;
  const rowH = SENSITIVITY_ROW;
  const height = sensitivityChartHeight(swaps.length);
  ensureSpace(doc, height);
  const y0 = doc.y;
  const x = linearScale([0, 100], [left + labelW, left + width - 100]);
  percentAxis(doc, x, y0, y0 + swaps.length * rowH);
  swaps.forEach((s, i) => {
    const y = y0 + i * rowH;
    doc.font("body").fontSize(7.5).fillColor(INK);
    textLine(doc, fileText(s.criterionName), left, y + 3, labelW - 6);
    const cx = x(s.currentWeight);
    if (s.swapWeight !== null) {
      const a = Math.min(cx, x(s.swapWeight));
      const b = Math.max(cx, x(s.swapWeight));
      doc.rect(a, y + 4, Math.max(0.8, b - a), rowH - 8).fillAndStroke("#f7dfc8", "#9a4a00");
      doc.moveTo(x(s.swapWeight), y + 1).lineTo(x(s.swapWeight), y + rowH - 1).lineWidth(1).strokeColor("#9a4a00").stroke();
    }
    doc.polygon([cx, y + 2], [cx + 4, y + rowH / 2], [cx, y + rowH - 2], [cx - 4, y + rowH / 2]).fill("#1f4e99");
    const note = s.swapWeight === null ? "no change in 0–100" : `changes at ${formatNumber(s.swapWeight, 1)}`;
    doc.font("body").fontSize(7).fillColor(MUTED).text(note, left + width - 92, y + 3, { width: 92, lineBreak: false });
  });
  doc.x = left;
  doc.y = y0 + height;
}
