// MESO insight and the concession log on the demo's field-services RFP (RIV-2026-017): the
// buyer reads Civic Crew's revealed trade-offs and the engine's counter-packages with a way
// into a BAFO round; evaluator@ reads the same without confidential verdicts or that link; the
// vendor gets neither the page nor the words on its own pages; the buyer annotates the
// concession log, which evaluator@ reads without a form. Issues that moved together in every
// bundle are priced once, as a group, on both pages.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { gotoHydrated, signIn } from "./fixtures";

const TITLE = "Field technicians for parks and street maintenance (City of Riverton)";
const VENDOR = "Civic Crew Co-operative";

async function rfpPath(page: Page): Promise<string> {
  await gotoHydrated(page, "/rfps");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

async function openInsight(page: Page): Promise<string> {
  const path = await rfpPath(page);
  await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "MESO insight" }).click();
  await expect(page.getByRole("heading", { name: /^MESO insight/, level: 2 })).toBeVisible();
  await page.getByRole("table", { name: "Vendors and what their bundles reveal" }).getByRole("link", { name: VENDOR }).click();
  await expect(page.getByRole("heading", { name: `${VENDOR}: what its bundles reveal` })).toBeVisible();
  return path;
}

async function asUser(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test("the buyer reads Civic Crew's trade-offs and counter-packages, on a desktop and on a phone", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  await openInsight(page);
  const tradeOffs = page.getByRole("region", { name: "Trade-offs it revealed" });
  const sentences = tradeOffs.getByRole("list", { name: "Trade-offs it revealed" }).getByRole("listitem");
  expect(await sentences.count()).toBeGreaterThan(0);
  // Each sentence says what a step costs the buyer and which way the vendor's price moves, labelled by method.
  for (const text of await sentences.allInnerTexts()) {
    expect(text).toMatch(/^(exact pairwise|rough estimate) /);
    // A step that lowers the price is a saving, never a negative cost.
    expect(text).toMatch(/(costs you EUR [\d,]+\.\d\d .*: Civic Crew Co-operative's price rises|saves you EUR [\d,]+\.\d\d .*: Civic Crew Co-operative's price falls|costs you nothing: Civic Crew Co-operative's price does not move)/);
  }
  // Issues that moved in lockstep in every bundle are said once as a group, with their joint value.
  const groups = tradeOffs.getByRole("list", { name: "Moved together: priced once" }).getByRole("listitem");
  expect(await groups.count()).toBeGreaterThan(0);
  for (const text of await groups.allInnerTexts()) expect(text).toMatch(/ moved in lockstep in every bundle, so the bids do not separate them: .*count it once, not once per issue\.$/);
  await expect(sentences.filter({ hasText: "this is what they are worth together" }).first()).toBeVisible();
  // A unit that is a phrase ("% of crew") reads as English, and a group says each value with its unit, not glued to its name.
  await expect(sentences.filter({ hasText: "added to local hiring" })).toContainText(/^rough estimate Every 1% of crew added to local hiring (saves|costs) you /);
  await expect(groups.filter({ hasText: "Local hiring and" })).toContainText(/\(local hiring of \d+% of crew and a complaint resolution time SLA target of \d+ days\) to the /);
  await expect(groups.first()).not.toContainText(/(Contract term|Local hiring|Scheduling|Rollout) (\d|seasonal|fixed)/);
  const suggestions = page.getByRole("region", { name: "Counter-packages for a BAFO round" });
  const first = suggestions.getByRole("article").first();
  await expect(first.getByRole("heading", { level: 4 })).toContainText(/Suggestion 1: .* bundle, \+\d+\.\d\d points/);
  // The gain is the vendor bundle's, not the buyer's; the ask says each value as words.
  await expect(first).toContainText(/Score gain\s*This bundle gains \d+\.\d\d points \(\d+\.\d\d → \d+\.\d\d\)/);
  await expect(suggestions.locator("q").first()).not.toContainText(/(Contract term|Local hiring|Scheduling|Rollout) (\d|seasonal|fixed)/);
  await expect(suggestions).not.toContainText("at no price");
  await expect(first).toContainText("Break-even price");
  await expect(first).toContainText("Vendor's revealed price");
  await expect(first.getByText(/^Zone of agreement (likely|unlikely|unknown)$/)).toBeVisible();
  await expect(first.locator("q")).toContainText(/^If we /);
  // The buyer may take the ask into a BAFO round while one may be started.
  const toBafo = first.getByRole("link", { name: "Use this ask in a BAFO round" });
  if ((await toBafo.count()) > 0) await expect(toBafo).toHaveAttribute("href", /\/bafo\?vendor=[0-9a-f-]{36}&suggestion=0#bafo-vendor-[0-9a-f-]{36}$/);
  await page.screenshot({ path: test.info().outputPath("insight-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("heading", { name: `${VENDOR}: what its bundles reveal` })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: test.info().outputPath("insight-390.png") });
  await page.getByRole("region", { name: "Counter-packages for a BAFO round" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("insight-390-suggestions.png") });
});

test("evaluator@ reads the insight without confidential figures or the BAFO link; the vendor gets neither page nor words", async ({ page, browser }) => {
  await signIn(page, "evaluator@demo.pareto");
  const path = await openInsight(page);
  const insightUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("region", { name: "Counter-packages for a BAFO round" })).toBeVisible();
  await expect(page.getByText(/reservation price|BATNA/)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Use this ask in a BAFO round" })).toHaveCount(0);

  const vendor = await asUser(browser, "vendor2@demo.pareto");
  for (const url of [`${path}/insight`, insightUrl, `${path}/concessions`]) {
    const response = await vendor.goto(url);
    expect([403, 404]).toContain(response!.status());
  }
  // The vendor's own pages of this RFP say nothing of what its bundles revealed.
  const opportunity = path.replace("/rfps/", "/opportunities/");
  for (const url of [opportunity, `${opportunity}/bid`]) {
    await vendor.goto(url);
    const text = await vendor.locator("body").innerText();
    expect(text).not.toMatch(/MESO insight|Counter-package|Trade-offs it revealed|Concession log|break-even/i);
  }
  await vendor.context().close();
});

test("the buyer reads and annotates the concession log; evaluator@ reads it without a form", async ({ page, browser }) => {
  await signIn(page, "buyer@demo.pareto");
  await rfpPath(page);
  await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Concession log" }).click();
  await expect(page.getByRole("heading", { name: "Concession log", level: 2 })).toBeVisible();
  const civic = page.getByRole("region", { name: VENDOR });
  const table = civic.getByRole("table", { name: `Concession log of ${VENDOR}` });
  // Round 2: the ask, and the balanced bundle's lower fee given for the longer term and seasonal scheduling.
  await expect(table.getByRole("rowheader", { name: /Conditional ask \(round 2\)/ })).toBeVisible();
  const fee = table.getByRole("row", { name: /Monthly fee \(Balanced bundle\)/ });
  await expect(fee).toContainText("a monthly fee of EUR 74,500.00 instead of EUR 86,330.00");
  await expect(fee).toContainText("costs them EUR 425,880.00 (exact: evaluated price)");
  await expect(fee).toContainText("only with what you give in this bundle: a contract term of 48 months instead of 36 months");
  const term = table.getByRole("row", { name: /Contract term \(Balanced bundle\)/ });
  await expect(term).toContainText("a contract term of 48 months instead of 36 months");
  // Term and scheduling always moved together in Civic Crew's bundles: their joint value once, on the term's line.
  await expect(term).toContainText(
    "+0.00 points / Contract term and Scheduling together: worth about EUR 515,370.00 to them; the bids do not separate them (nor from Rollout, which moved with them) (rough estimate)",
  );
  await expect(table.getByRole("row", { name: /Scheduling \(Balanced bundle\)/ })).toContainText(
    "−2.00 points / part of Contract term and Scheduling together, counted once on the Contract term line (rough estimate)",
  );
  // The engine package the ask was built from also asked for 45% local hiring: the log says what is missing.
  await expect(table.getByRole("row", { name: /Conditional ask/ })).toContainText("not met by the round-2 bid: local hiring of 30% of crew instead of the 45% of crew asked");
  // Northfield confirmed its bid unchanged: its ask is not met, flagged.
  const north = page.getByRole("region", { name: "Northfield Field Services Ltd" });
  await expect(north.getByText("Ask not met", { exact: true })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("concessions-1280.png"), fullPage: true });

  const note = fee.getByRole("textbox", { name: /Note on Monthly fee/ });
  await note.fill("Confirm the seasonal staffing plan covers winter storms.");
  await fee.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByRole("status")).toHaveText("Note saved.");
  await expect(page.getByRole("region", { name: VENDOR }).getByRole("row", { name: /Monthly fee \(Balanced bundle\)/ }).getByRole("textbox")).toHaveValue(
    "Confirm the seasonal staffing plan covers winter storms.",
  );
  // Printed: the notes as text, no forms, no tabs.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Save note" }).first()).toBeHidden();
  await expect(page.getByRole("navigation", { name: "RFP sections" })).toBeHidden();
  await expect(page.locator(".print-only", { hasText: "Confirm the seasonal staffing plan covers winter storms." })).toBeVisible();
  await expect(page.getByRole("textbox").first()).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole("region", { name: VENDOR }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("concessions-390.png") });

  const evaluator = await asUser(browser, "evaluator@demo.pareto");
  await rfpPath(evaluator);
  await evaluator.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Concession log" }).click();
  const row = evaluator.getByRole("region", { name: VENDOR }).getByRole("row", { name: /Monthly fee \(Balanced bundle\)/ });
  await expect(row).toContainText("Confirm the seasonal staffing plan covers winter storms.");
  await expect(evaluator.getByRole("textbox")).toHaveCount(0);
  await expect(evaluator.getByRole("button", { name: "Save note" })).toHaveCount(0);
  await evaluator.context().close();
});
