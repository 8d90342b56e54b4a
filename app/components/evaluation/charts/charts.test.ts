// The charts render on the server to static SVG; these tests read the markup. (vitest runs
// *.test.ts only, so the elements are made with createElement rather than JSX.)
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PointsChart, type PointsChartBundle } from "./points-chart";
import { PriceQualityChart, type PriceQualityPoint } from "./price-quality-chart";
import { linearScale, niceDomain } from "./scale";
import { SensitivityChart } from "./sensitivity-chart";

const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

describe("scale helpers", () => {
  it("nice ticks are whole steps without float drift", () => {
    expect(niceDomain(0, 100, 5).ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceDomain(0.1, 0.7, 4).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceDomain(2_900_000, 3_300_000, 4).ticks).toEqual([2_900_000, 3_000_000, 3_100_000, 3_200_000, 3_300_000]);
    expect(niceDomain(5, 5, 4).domain[0]).toBeLessThan(5); // one value still gets an axis
  });
  it("a linear scale maps the domain onto the range", () => {
    const x = linearScale([0, 100], [10, 210]);
    expect([x(0), x(50), x(100)]).toEqual([10, 110, 210]);
  });
});

describe("PointsChart", () => {
  const seg = (price: number, quality: number) => [
    { criterionId: "price", criterionName: "Evaluated price", points: price },
    { criterionId: "reliability", criterionName: "Service reliability plan", points: quality },
  ];
  const bundles: PointsChartBundle[] = [
    { id: "civic/cost", label: "Civic Crew — Cost-optimised", segments: seg(35, 20) },
    { id: "north/balanced", label: "Northfield — Balanced", segments: seg(30.5, 22.25) },
  ];
  const html = renderToStaticMarkup(createElement(PointsChart, { bundles }));

  it("is an accessible SVG image with title and description, then a table", () => {
    expect(html).toMatch(/<svg role="img" aria-labelledby="([^"]+)-title" aria-describedby="\1-desc"/);
    expect(html).toContain("<title id=");
    expect(html).toContain(">Weighted points per bundle</title>");
    expect(html).toContain("Weighted points (0–100)");
    expect(html.indexOf("</svg>")).toBeLessThan(html.indexOf("<details"));
    expect(count(html, /<tr>/g)).toBe(3); // header + 2 bundles
  });

  it("draws one segment per criterion per bundle, a legend entry per criterion and each total", () => {
    expect(count(html, /class="chart-segment"/g)).toBe(4);
    expect(count(html, /data-criterion-id="price"/g)).toBe(2);
    expect(count(html, /<pattern /g)).toBe(2);
    expect(html).toContain(">Service reliability plan</text>");
    expect(html).toContain(">55.00</text>");
    expect(html).toContain(">52.75</text>");
  });
});

describe("PriceQualityChart", () => {
  const points: PriceQualityPoint[] = [
    { id: "metro/cost", label: "Metro — Cost", priceMinor: 278_000_000, quality: 38.5, onFrontier: true },
    { id: "civic/cost", label: "Civic Crew — Cost", priceMinor: 283_900_000, quality: 52, onFrontier: true },
    { id: "north/cost", label: "Northfield — Cost", priceMinor: 299_200_000, quality: 45, onFrontier: false },
    { id: "green/balanced", label: "Greenway — Balanced", priceMinor: 338_000_000, quality: 58.25, onFrontier: true },
    { id: "atlas/cost", label: "Atlas — Cost", priceMinor: 323_100_000, quality: 44, onFrontier: false },
  ];
  const html = renderToStaticMarkup(createElement(PriceQualityChart, { points, currency: "EUR", minorUnitsPerMajor: 100 }));

  it("one circle per bundle, with its id; frontier marks filled", () => {
    expect(count(html, /<circle [^>]*data-bundle-id=/g)).toBe(5);
    for (const p of points) expect(html).toContain(`data-bundle-id="${p.id}"`);
    expect(count(html, /data-frontier="true"/g)).toBe(3);
  });

  it("draws the frontier as a step line through the frontier bundles, and labels their marks", () => {
    expect(count(html, /<polyline [^>]*class="chart-frontier"/g)).toBe(1);
    const line = html.match(/<polyline points="([^"]+)"/)![1]!.split(" ");
    // From the axis up to the cheapest (2 vertices), corner + mark for each further frontier
    // bundle (2 × 2), then on to the right edge (1).
    expect(line).toHaveLength(2 + 2 * 2 + 1);
    // The line passes through each frontier mark.
    for (const id of ["metro/cost", "civic/cost", "green/balanced"]) {
      const [, cx, cy] = html.match(new RegExp(`data-bundle-id="${id}"[^>]*cx="([^"]+)" cy="([^"]+)"`))!;
      expect(line).toContain(`${cx},${cy}`);
    }
    // Frontier marks carry their number, cheapest first; the key under the axis names them.
    expect(html).toMatch(/class="chart-mark-label" data-label-for="metro\/cost">1<\/text>/);
    expect(html).toMatch(/class="chart-mark-label" data-label-for="civic\/cost">2<\/text>/);
    expect(html).toMatch(/class="chart-mark-label" data-label-for="green\/balanced">3<\/text>/);
    expect(count(html, /class="chart-mark-label"/g)).toBe(3);
    for (const label of ["Metro — Cost", "Civic Crew — Cost", "Greenway — Balanced"]) expect(html).toContain(`<tspan dx="8">${label}</tspan>`);
    expect(html).not.toContain('<tspan dx="8">Northfield');
    expect(html).toContain("<td>Yes (2)</td>");
  });

  it("numbers a cluster of frontier bundles without one number over another or over a mark", () => {
    // Eight frontier bundles within a few thousand euros and tenths of a point of each other.
    const cluster: PriceQualityPoint[] = Array.from({ length: 8 }, (_, i) => ({ id: `v${i}/cost`, label: `Vendor ${i} — Cost`, priceMinor: 100_000_000 + i * 400_000, quality: 50 + i * 0.4, onFrontier: true }));
    // A dominated one among them, and a far dearer, better bundle that spreads the axes.
    cluster.push({ id: "late/cost", label: "Late — Cost", priceMinor: 100_500_000, quality: 50.1, onFrontier: false });
    cluster.push({ id: "far/reliable", label: "Far — Reliable", priceMinor: 200_000_000, quality: 90, onFrontier: true });
    const svg = renderToStaticMarkup(createElement(PriceQualityChart, { points: cluster, currency: "EUR", minorUnitsPerMajor: 100 }));
    // A number's box as the chart measures it: from 1 unit left of its x, 12 units above its baseline to 3 under.
    const boxes = [...svg.matchAll(/<text x="([^"]+)" y="([^"]+)"(?: text-anchor="(\w+)")? class="chart-mark-label" data-label-for="[^"]+">(\d+)<\/text>/g)].map(([, x, y, anchor, text]) => {
      const w = text!.length * 7 + 2;
      const x0 = anchor === "end" ? Number(x) - w : anchor === "middle" ? Number(x) - w / 2 : Number(x) - 1;
      const y1 = Number(y) + 3;
      return { x0, y0: y1 - 15, x1: x0 + w, y1 };
    });
    const marks = [...svg.matchAll(/<circle [^>]*cx="([^"]+)" cy="([^"]+)" r="([^"]+)"/g)].map(([, cx, cy, r]) => ({ x0: Number(cx) - Number(r), y0: Number(cy) - Number(r), x1: Number(cx) + Number(r), y1: Number(cy) + Number(r) }));
    const overlap = (a: (typeof boxes)[number], b: (typeof boxes)[number]) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
    expect(boxes).toHaveLength(9);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(overlap(a, b)).toBe(false);
      for (const m of marks) expect(overlap(a, m)).toBe(false);
    }
  });

  it("has axis titles, money in the table and a title", () => {
    expect(html).toContain("Evaluated price, EUR million (lower is better)");
    expect(html).toContain("Non-price points (higher is better)");
    expect(html).toContain("<td>EUR 2,839,000.00</td>");
    expect(html).toContain(">Price against quality, with the Pareto frontier</title>");
  });

  it("renders without bundles and with a single one", () => {
    expect(renderToStaticMarkup(createElement(PriceQualityChart, { points: [], currency: "EUR", minorUnitsPerMajor: 100 }))).toContain("No bundles to show.");
    const one = renderToStaticMarkup(createElement(PriceQualityChart, { points: [points[0]!], currency: "EUR", minorUnitsPerMajor: 100 }));
    expect(count(one, /<circle /g)).toBe(1);
    expect(one).not.toContain("NaN");
  });
});

describe("SensitivityChart", () => {
  const html = renderToStaticMarkup(
    createElement(SensitivityChart, {
      swaps: [
        { criterionName: "Evaluated price", currentWeight: 35, swapWeight: 28.4 },
        { criterionName: "Local hiring", currentWeight: 10, swapWeight: 17.25 },
        { criterionName: "Rollout speed", currentWeight: 5, swapWeight: null },
      ],
    }),
  );

  it("a bar from the current weight to the swap weight, or the words when none", () => {
    expect(count(html, /class="chart-move-bar"/g)).toBe(2);
    expect(html).toContain('data-swap-weight="28.4"');
    expect(html).toContain(">Evaluated price: 35 → 28.4</text>");
    expect(html).toContain(">no change within 0–100</text>");
    expect(count(html, /class="chart-current"/g)).toBe(3);
  });

  it("has a title, a 0–100 axis and a table", () => {
    expect(html).toContain(">How far each weight must move before the leader changes</title>");
    expect(html).toContain("Criterion weight (0–100)");
    expect(html).toContain("<td>−6.6</td>");
    expect(html).toContain("<td>+7.3</td>");
    expect(html).not.toContain("NaN");
  });
});
