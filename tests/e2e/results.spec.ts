// Results on the demo's evaluated RFP (RIV-2026-017: five bidders in round 1, read through the
// round switcher; two in its BAFO round 2): the buyer
// reads the ranking, sorts it with a link, opens one bundle's explanation, runs a breach
// scenario, and the price–quality chart has one mark per bundle with the frontier drawn.
// An evaluator sees the ranking without any confidential figure.
import { expect, test, type Page } from "@playwright/test";
import { gotoHydrated, pageErrors, signIn } from "./fixtures";

const TITLE = "Field technicians for parks and street maintenance (City of Riverton)";

async function openResults(page: Page): Promise<string> {
  await gotoHydrated(page, "/rfps");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
  await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Results" }).click();
  // The demo RFP went through a BAFO round: the newest round shows first; round 1 has all five bidders.
  await expect(page.getByRole("heading", { name: "Results: round 2", level: 2 })).toBeVisible();
  await page.getByRole("navigation", { name: "Rounds" }).getByRole("link", { name: "Round 1" }).click();
  await expect(page.getByRole("heading", { name: "Results: round 1", level: 2 })).toBeVisible();
  return new URL(page.url()).pathname + new URL(page.url()).search;
}

test("the buyer reads the ranking, one bundle's explanation and a breach scenario; the chart has a mark per bundle", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  const resultsPath = await openResults(page);
  // The snapshot it shows is named, with its input hash.
  await expect(page.getByText(/input SHA-256/)).toContainText(/[0-9a-f]{64}/);

  const ranking = page.getByRole("table", { name: "Ranking of the bundles that pass every gate" });
  const rows = ranking.locator("tbody tr");
  const ranked = await rows.count();
  const gatedTable = page.getByRole("table", { name: "Bundles that failed a gate, not ranked" });
  const gated = (await gatedTable.count()) > 0 ? await gatedTable.locator("tbody tr").count() : 0;
  expect(ranked + gated).toBe(15);
  await expect(rows.first()).toContainText("1");
  await expect(page.getByLabel("Confidential figures")).toBeVisible();

  // The price–quality chart: one mark per bundle, and the frontier line.
  const chart = page.getByRole("img", { name: "Price against quality, with the Pareto frontier" });
  await expect(chart).toBeVisible();
  await expect(chart.locator("circle[data-bundle-id]")).toHaveCount(15);
  await expect(chart.locator(".chart-frontier")).toHaveCount(1);
  await chart.screenshot({ path: test.info().outputPath("frontier.png") });

  // Sorting is a link: by evaluated price, lowest first.
  await ranking.getByRole("link", { name: /^Evaluated price ,/ }).click();
  await expect(page).toHaveURL(/sort=price/);
  await expect(ranking.getByRole("columnheader", { name: /^Evaluated price ,/ })).toHaveAttribute("aria-sort", "ascending");
  const prices = await ranking.evaluate((table) => {
    const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent ?? "");
    const column = headers.findIndex((h) => /^Evaluated price(?! \()/.test(h));
    return [...table.querySelectorAll("tbody tr")].map((tr) => Number((tr.children[column]?.textContent ?? "").replace(/[^0-9.]/g, "")));
  });
  expect(prices.length).toBeGreaterThan(1);
  expect(prices).toEqual([...prices].sort((a, b) => a - b));

  // One bundle explains itself.
  await gotoHydrated(page, resultsPath);
  await ranking.locator("tbody tr").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/evaluation\/[0-9a-f-]{36}\/[a-z]+/);
  await expect(page.getByRole("heading", { name: "How the total is made" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "The evaluators' scores behind each consensus" }).or(page.getByRole("heading", { name: "The evaluators’ scores behind each consensus" }))).toBeVisible();
  await expect(page.getByRole("heading", { name: "Gate checks" })).toBeVisible();

  // A breach scenario: complaints resolved in 6 days against a 4-day target, for 3 months.
  await page.getByLabel("complaint resolution time — measured value").fill("6");
  await page.getByLabel("complaint resolution time — periods in breach").fill("3");
  await page.getByRole("button", { name: "Simulate" }).click();
  await expect(page.getByRole("heading", { name: "What the remedies would do" })).toBeVisible();
  await expect(page.getByText("Service credits paid")).toBeVisible();
  await expect(page.getByRole("table", { name: "Remedies per period under the scenario" })).toContainText("EUR");
  // A value that is not a number gets a message by its field and the rest is kept.
  await page.getByLabel("complaint resolution time — measured value").fill("six");
  await page.getByRole("button", { name: "Simulate" }).click();
  await expect(page.getByLabel("complaint resolution time — periods in breach")).toHaveValue("3");
  await expect(page.locator(".field-error, [role=alert]").first()).toBeVisible();
});

test("an evaluator sees the ranking and no confidential figure", async ({ page }) => {
  await signIn(page, "evaluator2@demo.pareto");
  await openResults(page);
  await expect(page.getByRole("table", { name: "Ranking of the bundles that pass every gate" })).toBeVisible();
  await expect(page.getByLabel("Confidential figures")).toHaveCount(0);
  const html = await page.content();
  for (const secret of ["4,900,000", "490000000", "Keep the in-house crews", "Beats BATNA", "Above reservation"]) expect(html).not.toContain(secret);
});

test("the ranking's charts, sent as kept markup, hydrate without a mismatch and render again after a client-side visit", async ({ page }) => {
  const errors = pageErrors(page);
  await signIn(page, "buyer@demo.pareto");
  const resultsPath = await openResults(page);
  const charts = ["Price against quality, with the Pareto frontier", /^Weighted points of the \d+ best-ranked bundles$/];
  // A document request: the server's kept markup, then hydration over it.
  errors.length = 0;
  await gotoHydrated(page, resultsPath);
  for (const name of charts) await expect(page.getByRole("img", { name })).toBeVisible();
  await expect(page.getByRole("img", { name: "Price against quality, with the Pareto frontier" }).locator("circle[data-bundle-id]")).toHaveCount(15);
  // A table row's link after hydration still navigates in place (the page was hydrated, not replaced).
  await page.getByRole("navigation", { name: "Rounds" }).getByRole("link", { name: "Round 2" }).click();
  await expect(page.getByRole("heading", { name: "Results: round 2", level: 2 })).toBeVisible();
  await expect(page.getByRole("img", { name: "Price against quality, with the Pareto frontier" }).locator("circle[data-bundle-id]")).toHaveCount(await page.getByRole("table", { name: "Ranking of the bundles that pass every gate" }).locator("tbody tr").count() + (await page.getByRole("table", { name: "Bundles that failed a gate, not ranked" }).locator("tbody tr").count()));
  expect(errors).toEqual([]);
});

test("the charts keep a reading size: side by side on a desktop, one under the other on a phone, never wider than the page", async ({ page }) => {
  await signIn(page, "evaluator@demo.pareto");
  await openResults(page);
  const points = page.getByRole("img", { name: /^Weighted points of the \d+ best-ranked bundles$/ });
  const frontier = page.getByRole("img", { name: "Price against quality, with the Pareto frontier" });
  const sensitivity = page.getByRole("img", { name: "How far each weight must move before the leader changes" });
  // At 1280 px the column is some 1,100 px wide; a chart stretched across it set its 13 px labels at 30 px.
  for (const chart of [points, frontier, sensitivity]) expect((await chart.boundingBox())!.width).toBeLessThanOrEqual(608);
  const [p, f] = [(await points.boundingBox())!, (await frontier.boundingBox())!];
  expect(f.x).toBeGreaterThan(p.x + p.width);
  await page.setViewportSize({ width: 390, height: 844 });
  const [p2, f2] = [(await points.boundingBox())!, (await frontier.boundingBox())!];
  expect(f2.y).toBeGreaterThan(p2.y + p2.height);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("the ranking's headers wrap, and the place and vendor stay in view while it scrolls sideways on a desktop", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  await openResults(page);
  const ranking = page.getByRole("table", { name: "Ranking of the bundles that pass every gate" });
  // One line per header made the buyer's ranking some 2,100 px wide at 1280 px; a criterion's header now wraps.
  const emergency = ranking.getByRole("columnheader", { name: /^Emergency response time \(15\)/ });
  expect((await emergency.boundingBox())!.width).toBeLessThan(140);
  const wrap = page.locator(".table-wrap").filter({ has: ranking });
  await wrap.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  const box = (await wrap.boundingBox())!;
  const findings = (await ranking.getByRole("columnheader", { name: /^Clause findings/ }).boundingBox())!;
  expect(findings.x + findings.width).toBeLessThanOrEqual(box.x + box.width + 1);
  const firstVendor = (await ranking.locator("tbody tr").first().getByRole("link").first().boundingBox())!;
  expect(firstVendor.x).toBeGreaterThanOrEqual(box.x);
  expect(firstVendor.x).toBeLessThan(box.x + 200);
  // On a phone the two columns scroll with the rest (held in place they would take half the width).
  await page.setViewportSize({ width: 390, height: 844 });
  await wrap.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  const phoneBox = (await wrap.boundingBox())!;
  const phoneVendor = (await ranking.locator("tbody tr").first().getByRole("link").first().boundingBox())!;
  expect(phoneVendor.x + phoneVendor.width).toBeLessThan(phoneBox.x);
});

test("at 1280 px the ranking's comparison columns are in view, and a hint says the criteria's points lie beyond the edge", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "buyer@demo.pareto");
  await openResults(page);
  const ranking = page.getByRole("table", { name: "Ranking of the bundles that pass every gate" });
  const wrap = page.locator(".table-wrap").filter({ has: ranking });
  const box = (await wrap.boundingBox())!;
  // Without scrolling: what a reader compares ends inside the box (it was 1,271–1,557 px of table in a 1,070 px box).
  for (const name of [/^Total/, /^Evaluated price ,/, /^Protection/, /^Clause findings/, /^Beats BATNA/, /^Above reservation/]) {
    const header = (await ranking.getByRole("columnheader", { name }).boundingBox())!;
    expect(header.x + header.width, String(name)).toBeLessThanOrEqual(box.x + box.width + 1);
  }
  const hint = page.getByText(/scroll the table sideways for more columns/);
  await expect(hint).toBeVisible();
  expect(await wrap.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  // The hint is there only while the table overflows its box.
  await wrap.evaluate((el) => { el.style.width = `${el.scrollWidth + 50}px`; });
  await expect(hint).toHaveCount(0);
});

test("the movement between rounds counts places among the vendors of both rounds", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  await gotoHydrated(page, "/rfps");
  await page.getByRole("link", { name: TITLE }).click();
  await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Results" }).click();
  const movement = page.getByRole("table", { name: "Best bundle per vendor in round 1 and round 2" });
  // Northfield placed last of five in round 1 and second of the two shortlisted in round 2, behind
  // Civic Crew both times: it passed nobody ("up 3 places" counted the bidders who left).
  const northfield = movement.getByRole("row", { name: /Northfield Field Services Ltd/ });
  // Each round's place says among how many; the movement says among whom, so they cannot contradict.
  await expect(northfield.getByRole("cell").nth(0)).toContainText("5th of 5");
  await expect(northfield.getByRole("cell").nth(1)).toContainText("2nd of 2");
  await expect(northfield.getByRole("cell").nth(2)).toContainText("same place among the 2 vendors in both rounds: 2nd both times");
  await expect(northfield).not.toContainText(/up \d+ places?|place \d/);
  // The change is the difference of the totals shown beside it, to the hundredth, for every vendor of both rounds.
  const hundredths = (text: string) => {
    const [whole, fraction] = /([+−-]?)(\d+)\.(\d{2})/.exec(text)!.slice(2);
    return Number(whole) * 100 + Number(fraction);
  };
  for (const row of await movement.locator("tbody tr").all()) {
    const [before, after, moved] = await row.getByRole("cell").allInnerTexts();
    if (!/^\d/.test(before!) || !/^\d/.test(after!)) continue;
    const sign = moved!.startsWith("−") ? -1 : 1;
    expect(sign * hundredths(moved!)).toBe(hundredths(after!) - hundredths(before!));
  }
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await movement.screenshot({ path: test.info().outputPath(`movement-${width}.png`) });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  }
});

test("the scoring sheet's bid as counted, sent as kept markup, hydrates without a React error", async ({ page }) => {
  const errors = pageErrors(page);
  await signIn(page, "evaluator@demo.pareto");
  await gotoHydrated(page, "/rfps");
  await page.getByRole("link", { name: TITLE }).click();
  await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Scoring" }).click();
  await page.getByRole("link", { name: /^Score / }).first().click();
  await expect(page.getByRole("heading", { name: /^Scoring: / })).toBeVisible();
  // A document request, then hydration over the server's markup.
  await gotoHydrated(page, page.url());
  await expect(page.getByRole("table", { name: /: each issue for bundles A, B and C$/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a bundle's explanation of its total, sent as kept markup, hydrates without a React error", async ({ page }) => {
  const errors = pageErrors(page);
  await signIn(page, "buyer@demo.pareto");
  await openResults(page);
  await page.getByRole("table", { name: "Ranking of the bundles that pass every gate" }).locator("tbody tr").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/evaluation\/[0-9a-f-]{36}\/[a-z]+/);
  // A document request, then hydration over the server's markup.
  await gotoHydrated(page, new URL(page.url()).pathname + new URL(page.url()).search);
  const explained = page.getByRole("table", { name: "Raw value, normalised score, weight and points per criterion" });
  await expect(explained.getByRole("rowheader", { name: "Total" })).toBeVisible();
  await expect(explained.locator("tbody tr")).toHaveCount(6);
  expect(errors).toEqual([]);
});
