// The price/quality chart's frontier labels: never over each other, over a mark or out of the
// plot, however the frontier's bundles cluster; names when all fit, else numbers for all.
import { describe, expect, it } from "vitest";
import { boxesOverlap, placeLabels, segmentCrossesBox, type Box, type LabelLayout, type Mark } from "./label-placement";

const plot: Box = { x0: 112, y0: 400, x1: 535, y1: 624 };
const HEIGHT = 7.6;

/** A repeatable sequence of numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A frontier of `count` marks climbing to the right from (x, y), `dx` and `dy` apart, with open marks below it. */
function frontierLayout(count: number, dx: number, dy: number, rnd: () => number, nameWidth = 130): LabelLayout {
  // Inside the plot, as the chart's padded domain keeps every mark.
  const stepX = Math.min(dx, (plot.x1 - plot.x0 - 100) / (count - 1));
  const stepY = Math.min(dy, (plot.y1 - plot.y0 - 60) / (count - 1));
  const x = plot.x0 + 10 + rnd() * (plot.x1 - plot.x0 - 40 - (count - 1) * stepX);
  const y = plot.y1 - 10 - rnd() * (plot.y1 - plot.y0 - 40 - (count - 1) * stepY);
  const frontier: Mark[] = Array.from({ length: count }, (_, i) => ({ x: x + i * stepX, y: y - i * stepY, r: 3.8 }));
  // Dominated bundles lie below and to the right of the frontier.
  const open: Mark[] = Array.from({ length: 10 }, () => ({ x: x + rnd() * (plot.x1 - x - 4), y: y + 4 + rnd() * (plot.y1 - y - 8), r: 3 }));
  const lines = frontier.slice(1).flatMap((m, i) => [[m.x, frontier[i]!.y, m.x, m.y] as const, [frontier[i]!.x, frontier[i]!.y, m.x, frontier[i]!.y] as const]);
  return { plot, marks: [...frontier, ...open], lines, height: HEIGHT, labels: frontier.map((mark) => ({ mark, nameWidth: nameWidth * (0.6 + 0.4 * rnd()), numberWidth: 4.2 })) };
}

const markBox = (m: Mark): Box => ({ x0: m.x - m.r, y0: m.y - m.r, x1: m.x + m.r, y1: m.y + m.r });

function expectClear(layout: LabelLayout) {
  const placed = placeLabels(layout);
  expect(placed).toHaveLength(layout.labels.length);
  placed.forEach((p, i) => {
    expect(p.box.x0).toBeGreaterThanOrEqual(plot.x0);
    expect(p.box.x1).toBeLessThanOrEqual(plot.x1);
    expect(p.box.y0).toBeGreaterThanOrEqual(plot.y0);
    expect(p.box.y1).toBeLessThanOrEqual(plot.y1);
    for (const m of layout.marks) expect(boxesOverlap(p.box, markBox(m)), `label ${i + 1} over the mark at (${m.x.toFixed(1)}, ${m.y.toFixed(1)})`).toBe(false);
    for (const [j, q] of placed.entries()) {
      if (j === i) continue;
      expect(boxesOverlap(p.box, q.box), `labels ${i + 1} and ${j + 1}`).toBe(false);
      if (q.leader) expect(segmentCrossesBox(q.leader, p.box), `label ${j + 1}'s leader through label ${i + 1}`).toBe(false);
    }
  });
  return placed;
}

describe("frontier labels", () => {
  it("writes each name right of its mark and above the step line through it when that place is free", () => {
    const mark = { x: 200, y: 500, r: 3.8 };
    const [label] = placeLabels({ plot, marks: [mark], lines: [[mark.x, mark.y, plot.x1, mark.y]], height: HEIGHT, labels: [{ mark, nameWidth: 120, numberWidth: 4 }] });
    expect(label!.kind).toBe("name");
    expect(label!.box.x0).toBeGreaterThan(mark.x + mark.r);
    expect(label!.box.y1).toBeLessThan(mark.y);
    expect(label!.leader).toBeNull();
  });

  it("moves a name to the other side of its mark at the plot's right edge", () => {
    const mark = { x: plot.x1 - 20, y: 500, r: 3.8 };
    const [label] = placeLabels({ plot, marks: [mark], lines: [], height: HEIGHT, labels: [{ mark, nameWidth: 120, numberWidth: 4 }] });
    expect(label!.kind).toBe("name");
    expect(label!.box.x1).toBeLessThan(mark.x - mark.r);
  });

  it("numbers every frontier bundle when one name finds no free place, not only that one", () => {
    const rnd = random(7);
    const placed = expectClear(frontierLayout(5, 3, 3, rnd));
    expect(placed.map((p) => p.kind)).toEqual(["number", "number", "number", "number", "number"]);
  });

  it("keeps names for a frontier spread across the plot", () => {
    const placed = expectClear(frontierLayout(4, 70, 30, random(3), 110));
    expect(placed.every((p) => p.kind === "name")).toBe(true);
  });

  it("never puts a label over another, over a mark or outside the plot, in 400 random frontiers from spread out to packed tight", () => {
    const rnd = random(20261130);
    const kinds = new Set<string>();
    for (let trial = 0; trial < 400; trial++) {
      const count = 2 + Math.floor(rnd() * 7);
      const spacing = 6 + rnd() * 40; // marks 7.6 points wide touch at 6
      const layout = frontierLayout(count, spacing * (0.3 + rnd()), spacing * (0.3 + rnd()), rnd);
      for (const p of expectClear(layout)) kinds.add(p.kind);
    }
    // Both ways of labelling were exercised.
    expect([...kinds].sort()).toEqual(["name", "number"]);
  });
});
