// Where a price/quality chart writes its frontier labels. The award report's PDF: every frontier
// bundle's name beside its mark when each finds a free place; otherwise every one's frontier
// number (1 = the cheapest), near its mark or, with a hairline to it, a little farther out, and
// the chart's key names them. The results page's chart always numbers them (`placeNumbers`). A
// place is free when it stays inside the plot and covers no mark and no label placed before it.
// Pure: the caller measures, in its own units (points in the PDF, the SVG's user units).

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A drawn mark: its centre and the radius it covers, stroke included. */
export interface Mark {
  x: number;
  y: number;
  r: number;
}

/** A straight line drawn in the plot (the frontier's steps): a label may cross it, at a cost. */
export type Segment = readonly [x0: number, y0: number, x1: number, y1: number];

export interface LabelRequest {
  mark: Mark;
  /** The name's width, already shortened to fit the label's maximum width. */
  nameWidth: number;
  numberWidth: number;
}

export interface PlacedLabel {
  kind: "name" | "number";
  /** The text's box: its top-left corner is where it is written. */
  box: Box;
  /** From the mark's edge to the box, when the box is not right beside the mark. */
  leader: Segment | null;
}

export interface LabelLayout {
  plot: Box;
  /** Every mark in the plot, the labelled ones too. */
  marks: readonly Mark[];
  lines: readonly Segment[];
  /** The text's line height. */
  height: number;
  /** In the order of preference (the frontier's, cheapest first). */
  labels: readonly LabelRequest[];
}

/** Space kept clear between a label and a mark or another label. */
const CLEARANCE = 1;
/** Between a mark's edge and a label beside it. */
const GAP = 2;
/** How much farther out each further ring of places for a number is. */
const RING_STEP = 8;
const NUMBER_RINGS = 3;
/** What crossing a frontier step costs against a less preferred side of the mark. */
const CROSSING_COST = 20;
const RING_COST = 10;

export const boxesOverlap = (a: Box, b: Box, clearance = 0): boolean => a.x0 < b.x1 + clearance && b.x0 < a.x1 + clearance && a.y0 < b.y1 + clearance && b.y0 < a.y1 + clearance;

const markBox = (m: Mark): Box => ({ x0: m.x - m.r, y0: m.y - m.r, x1: m.x + m.r, y1: m.y + m.r });
const inside = (b: Box, plot: Box) => b.x0 >= plot.x0 && b.x1 <= plot.x1 && b.y0 >= plot.y0 && b.y1 <= plot.y1;

/** Whether the segment passes through the box's interior (Liang–Barsky clipping). */
export function segmentCrossesBox([x0, y0, x1, y1]: Segment, b: Box): boolean {
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [
    [-dx, x0 - b.x0],
    [dx, b.x1 - x0],
    [-dy, y0 - b.y0],
    [dy, b.y1 - y0],
  ] as const) {
    if (p === 0) {
      if (q <= 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 >= t1) return false;
    }
  }
  return true;
}

interface Candidate {
  box: Box;
  cost: number;
  leader: Segment | null;
}

/**
 * The places around a mark, most preferred first: above the frontier's steps (beside the mark
 * right and left, then over it) before the side where dominated bundles lie (below and right).
 */
function candidates(m: Mark, w: number, h: number, ring: number): Candidate[] {
  const out = ring * RING_STEP;
  const side = m.r + GAP + out; // from the centre to a box beside, over or under the mark
  const lift = 1.5 + out; // a box beside the mark clears the step line through its centre
  const over = { y0: m.y - side - h, y1: m.y - side };
  const under = { y0: m.y + side, y1: m.y + side + h };
  const boxes: Box[] = [
    { x0: m.x + side, y0: m.y - lift - h, x1: m.x + side + w, y1: m.y - lift },
    { x0: m.x - side - w, y0: m.y - lift - h, x1: m.x - side, y1: m.y - lift },
    // Over the mark: starting at it, ending at it, centred on it.
    { x0: m.x - m.r, x1: m.x - m.r + w, ...over },
    { x0: m.x + m.r - w, x1: m.x + m.r, ...over },
    { x0: m.x - w / 2, x1: m.x + w / 2, ...over },
    { x0: m.x - side - w, y0: m.y - h / 2, x1: m.x - side, y1: m.y + h / 2 },
    { x0: m.x - side - w, y0: m.y + lift, x1: m.x - side, y1: m.y + lift + h },
    { x0: m.x + side, y0: m.y + lift, x1: m.x + side + w, y1: m.y + lift + h },
    // Under it, clear of the step line down from a frontier mark: starting or ending beside that line.
    { x0: m.x + 1.5, x1: m.x + 1.5 + w, ...under },
    { x0: m.x - 1.5 - w, x1: m.x - 1.5, ...under },
    { x0: m.x - w / 2, x1: m.x + w / 2, ...under },
    { x0: m.x + side, y0: m.y - h / 2, x1: m.x + side + w, y1: m.y + h / 2 },
  ];
  return boxes.map((box, i) => ({ box, cost: i + ring * RING_COST, leader: ring === 0 ? null : leaderTo(m, box) }));
}

/** A hairline from the mark's edge to the nearest point of the box. */
function leaderTo(m: Mark, b: Box): Segment {
  const tx = Math.min(Math.max(m.x, b.x0), b.x1);
  const ty = Math.min(Math.max(m.y, b.y0), b.y1);
  const d = Math.hypot(tx - m.x, ty - m.y) || 1;
  return [m.x + ((tx - m.x) / d) * m.r, m.y + ((ty - m.y) / d) * m.r, tx, ty];
}

/**
 * One label per request, in order, each the cheapest free place. Names when every one of them
 * finds a free place beside its mark; otherwise numbers for all (beside each mark, then farther
 * out with a leader), read in their order like the results page's, rather than a mix in which a
 * name by a cluster could belong to any of its marks. When not even a number has a free place
 * (marks packed tighter than a number is wide), it goes where it covers no other label, or
 * failing that beside its mark: the key under the chart still names it.
 */
export function placeLabels(layout: LabelLayout): PlacedLabel[] {
  return placeAll(layout, "name") ?? placeNumbers(layout);
}

/** Numbers only, each as `placeLabels` places a number (the requests' name widths are not read). */
export function placeNumbers(layout: LabelLayout): PlacedLabel[] {
  return placeAll(layout, "number")!;
}

function placeAll(layout: LabelLayout, kind: PlacedLabel["kind"]): PlacedLabel[] | null {
  const markBoxes = layout.marks.map(markBox);
  const placed: Box[] = [];
  const leaders: Segment[] = [];
  const free = (c: Candidate) =>
    inside(c.box, layout.plot) &&
    !markBoxes.some((m) => boxesOverlap(c.box, m, CLEARANCE)) &&
    !placed.some((p) => boxesOverlap(c.box, p, CLEARANCE)) &&
    !leaders.some((l) => segmentCrossesBox(l, c.box)) &&
    !(c.leader && placed.some((p) => segmentCrossesBox(c.leader!, p)));
  const cost = (c: Candidate) => c.cost + CROSSING_COST * layout.lines.filter((l) => segmentCrossesBox(l, c.box)).length;
  const cheapest = (list: Candidate[]) => list.reduce<Candidate | null>((best, c) => (best === null || cost(c) < cost(best) ? c : best), null);
  const out: PlacedLabel[] = [];
  for (const request of layout.labels) {
    let choice: Candidate | null;
    if (kind === "name") {
      choice = cheapest(candidates(request.mark, request.nameWidth, layout.height, 0).filter(free));
      if (!choice) return null;
    } else {
      const rings = Array.from({ length: NUMBER_RINGS }, (_, ring) => candidates(request.mark, request.numberWidth, layout.height, ring)).flat();
      choice =
        cheapest(rings.filter(free)) ??
        rings.find((c) => inside(c.box, layout.plot) && !placed.some((p) => boxesOverlap(c.box, p, CLEARANCE))) ??
        rings.find((c) => inside(c.box, layout.plot)) ??
        rings[0]!;
    }
    placed.push(choice.box);
    if (choice.leader) leaders.push(choice.leader);
    out.push({ kind, box: choice.box, leader: choice.leader });
  }
  return out;
}
