// Kept markup (decision 014, eleventh pass): what the server sends for a kept component is the
// page React renders with the component in place, byte for byte, so the browser hydrates the
// component over it; and a kept rendering inside a page leaves the rest of the page as it was
// (its ids, its text). vitest runs *.test.ts only, so elements are made with createElement.
import { createElement, Fragment, useId, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { keepMarkup } from "~/render-document.server";
import { PointsChart, type PointsChartProps } from "./evaluation/charts/points-chart";
import { PriceQualityChart, type PriceQualityChartProps } from "./evaluation/charts/price-quality-chart";
import { SensitivityChart, type SensitivityChartProps } from "./evaluation/charts/sensitivity-chart";
import { KeptMarkup, MarkupKeeperProvider } from "./kept-markup";

/** A component with an id of React's own and adjacent text, rendered before and after the kept part. */
function Labelled({ name, children }: { name: string; children?: ReactNode }) {
  const id = useId();
  return createElement("p", { id }, "Label ", name, " ", 3, children);
}

const points: PointsChartProps = {
  id: "chart-points",
  title: "Weighted points of the 2 best-ranked bundles",
  bundles: [
    { id: "civic/cost", label: "Civic Crew — Cost-optimised", segments: [{ criterionId: "price", criterionName: "Evaluated price", points: 35 }, { criterionId: "q", criterionName: "Reliability <plan> & \"co\"", points: 20.5 }] },
    { id: "north/balanced", label: "Northfield — Balanced", segments: [{ criterionId: "price", criterionName: "Evaluated price", points: 30.5 }, { criterionId: "q", criterionName: "Reliability <plan> & \"co\"", points: 22.25 }] },
  ],
};
const frontier: PriceQualityChartProps = {
  id: "chart-frontier",
  currency: "EUR",
  minorUnitsPerMajor: 100,
  points: [
    { id: "a", label: "Civic — Cost", priceMinor: 12_345_600, quality: 61.5, onFrontier: true },
    { id: "b", label: "North — Balanced", priceMinor: 13_000_000, quality: 70.25, onFrontier: false },
  ],
};

function page(): ReturnType<typeof createElement> {
  return createElement(
    Fragment,
    null,
    createElement(Labelled, { name: "before" }),
    createElement(KeptMarkup<PointsChartProps>, { component: PointsChart, props: points }),
    createElement(Labelled, { name: "between" }, createElement(KeptMarkup<PriceQualityChartProps>, { component: PriceQualityChart, props: frontier })),
    createElement(KeptMarkup<SensitivityChartProps>, { component: SensitivityChart, props: { id: "chart-sensitivity", swaps: [] } }),
    createElement(Labelled, { name: "after" }),
  );
}

describe("KeptMarkup", () => {
  const inPlace = renderToString(page());

  it("sends the markup React renders in place, byte for byte, first and when kept", () => {
    const kept = () => renderToString(createElement(MarkupKeeperProvider, { value: keepMarkup }, page()));
    expect(inPlace).toContain('<div class="kept-markup"><figure class="chart-figure chart-points">');
    expect(inPlace).toContain("Reliability &lt;plan&gt; &amp; &quot;co&quot;");
    expect(kept()).toBe(inPlace);
    expect(kept()).toBe(inPlace);
  });

  it("renders each set of props once, and other props afresh", () => {
    const first = keepMarkup(PointsChart, points);
    expect(keepMarkup(PointsChart, { ...points })).toBe(first);
    const moved = keepMarkup(PointsChart, { ...points, title: "Weighted points after the addendum" });
    expect(moved).not.toBe(first);
    expect(moved).toContain(">Weighted points after the addendum</title>");
  });
});
