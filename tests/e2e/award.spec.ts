// The award on the demo (issue #13): RIV-2026-017's award was proposed by the buyer Dana Okafor;
// she cannot approve it herself, the administrator Priya Raman approves it; a losing vendor reads
// its debrief and sees no other bidder's name; the winner reads its contract schedule. Before
// approving, the administrator reads the ranking the proposal rests on. Screens at 1280 and 390 px
// width without sideways scrolling.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { gotoHydrated, signIn } from "./fixtures";

const TITLE = "Field technicians for parks and street maintenance (City of Riverton)";
const VENDORS: Record<string, string> = {
  "Northfield Field Services Ltd": "vendor1@demo.pareto",
  "Civic Crew Co-operative": "vendor2@demo.pareto",
  "Atlas Maintenance Group": "vendor3@demo.pareto",
  "Greenway Grounds Ltd": "vendor4@demo.pareto",
  "Metro Facility Partners": "vendor5@demo.pareto",
};

async function as(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

async function openAward(page: Page): Promise<string> {
  await gotoHydrated(page, "/rfps");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
  const rfpId = new URL(page.url()).pathname.split("/")[2]!;
  await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Award", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Award", level: 2 })).toBeVisible();
  return rfpId;
}

async function noSidewaysScroll(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  }
}

test("the approver reads the ranking the proposal rests on and its flagged spread, with no link to results; the buyer has the link", async ({ browser }) => {
  const buyer = await as(browser, "buyer@demo.pareto");
  const rfpId = await openAward(buyer);
  const admin = await as(browser, "admin@demo.pareto");
  await gotoHydrated(admin, `/rfps/${rfpId}/award`);
  const ranking = admin.getByRole("region", { name: "The ranking this award rests on" });
  // The top five of round 2's run, best first; the proposal is on the top-ranked bundle.
  const rows = ranking.getByRole("table").locator("tbody tr");
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText("Civic Crew Co-operative");
  await expect(rows.first()).toContainText("Top-ranked");
  await expect(rows.first()).toContainText("Awarded");
  await expect(rows.nth(4)).toContainText("Northfield Field Services Ltd");
  await expect(ranking).not.toContainText("departs from the ranking");
  await expect(ranking).toContainText("1 flagged spread (evaluators' scores more than 3 points apart): 1 open, 0 moderated.");
  await expect(ranking.getByRole("listitem")).toContainText("“Service reliability plan” for Northfield Field Services Ltd — Reliability-optimised (place 6)");
  // An administrator has no Results tab: no link that would answer 403.
  await expect(admin.getByRole("link", { name: /results/i })).toHaveCount(0);
  await expect(admin.getByRole("button", { name: "Approve the award" })).toBeVisible();
  // Another person cancels a proposal (not an award), and the proposer is told by name.
  await expect(admin.getByRole("button", { name: "Cancel the proposal" })).toBeVisible();
  await expect(admin.getByText("Dana Okafor, who proposed it, is told")).toBeVisible();
  await noSidewaysScroll(admin, "award-ranking-admin");

  const link = buyer.getByRole("link", { name: "Open the full results of this run" });
  await expect(link).toHaveAttribute("href", new RegExp(`^/rfps/${rfpId}/evaluation\\?round=2&snapshot=[0-9a-f-]{36}$`));
  await link.click();
  await expect(buyer.getByRole("heading", { name: "Results: round 2", level: 2 })).toBeVisible();
  await expect(buyer.getByRole("heading", { name: "Ranking", level: 3 })).toBeVisible();
});

test("the admin approves Dana's proposal; a loser reads its debrief with no other bidder's data; the winner reads its contract schedule", async ({ browser }) => {
  // Four people sign in one after the other.
  test.setTimeout(120_000);
  // The proposer cannot approve her own proposal: no approval form for her.
  const buyer = await as(browser, "buyer@demo.pareto");
  await openAward(buyer);
  await expect(buyer.getByText("You proposed this award")).toBeVisible();
  await expect(buyer.getByRole("button", { name: "Approve the award" })).toHaveCount(0);
  // She may withdraw her own proposal: nothing tells her that she will be told.
  await expect(buyer.getByRole("button", { name: "Withdraw the proposal" })).toBeVisible();
  await expect(buyer.getByRole("button", { name: "Cancel the award" })).toHaveCount(0);
  await expect(buyer.getByText("The proposer is told")).toHaveCount(0);

  const admin = await as(browser, "admin@demo.pareto");
  // The approver's dashboard says what waits for it, with a way to the award (the proposer's does not).
  const waiting = admin.getByRole("region", { name: "Administration" });
  await expect(waiting).toContainText("1 award waits for your approval");
  await expect(waiting.getByRole("listitem").filter({ hasText: TITLE })).toContainText("proposed by Dana Okafor");
  await waiting.getByRole("link", { name: TITLE }).click();
  await expect(admin.getByRole("heading", { name: "Award", level: 2 })).toBeVisible();
  const rfpId = new URL(admin.url()).pathname.split("/")[2]!;
  const card = admin.getByRole("article").filter({ has: admin.getByRole("heading", { level: 3 }) }).first();
  await expect(card).toContainText("Proposed, awaiting a second approval");
  await expect(card).toContainText("Dana Okafor");
  // The approver sees that the run behind the proposal used draft scores, and what to do about it.
  const decidedOn = admin.locator("dt", { hasText: "Decided on" }).locator("xpath=following-sibling::dd[1]");
  await expect(decidedOn).toContainText("Draft: scores not locked");
  await expect(decidedOn).toContainText("a buyer locks them on the Consensus tab and runs the evaluation again");
  const heading = (await card.getByRole("heading", { level: 3 }).innerText()).split(" — ")[0]!.trim();
  const winnerName = Object.keys(VENDORS).find((n) => heading.startsWith(n))!;
  expect(winnerName).toBeTruthy();
  await noSidewaysScroll(admin, "award-proposed");
  await admin.getByRole("button", { name: "Approve the award" }).click();
  await expect(admin.getByRole("status")).toContainText("every bidder has been notified");
  await expect(admin.getByText("Approved: provisional during the standstill period")).toBeVisible();
  await expect(admin.getByText("Standstill ends")).toBeVisible();
  await gotoHydrated(admin, "/dashboard");
  await expect(admin.getByRole("region", { name: "Administration" })).not.toContainText("for your approval");

  // A losing vendor: its debrief, and nothing of any other loser.
  const loserName = Object.keys(VENDORS).find((n) => n !== winnerName)!;
  const loser = await as(browser, VENDORS[loserName]!);
  await gotoHydrated(loser, `/opportunities/${rfpId}`);
  await expect(loser.getByRole("heading", { name: "Award decision: your bid was not selected" })).toBeVisible();
  // Bids are closed: the bid is there to read, not to prepare.
  await expect(loser.getByRole("link", { name: "View your bid" })).toBeVisible();
  await loser.getByRole("link", { name: "Read your debrief" }).click();
  await expect(loser).toHaveURL(new RegExp(`/opportunities/${rfpId}/debrief$`));
  await expect(loser.getByRole("heading", { name: "Your debrief", level: 1 })).toBeVisible();
  await expect(loser.getByRole("table", { name: /Weighted points per criterion/ })).toBeVisible();
  await expect(loser.getByRole("heading", { name: "Relative advantages of the winning bid" })).toBeVisible();
  await expect(loser.getByText(/The standstill period ends/)).toBeVisible();
  // The decision's own reasons, as the buyer wrote them (the proposal's rationale).
  const reasons = loser.getByRole("region", { name: "The award decision" });
  await expect(reasons).toContainText("ranks first after the BAFO round and passes every gate");
  const html = await loser.content();
  expect(html).toContain(winnerName);
  for (const other of Object.keys(VENDORS).filter((n) => n !== winnerName && n !== loserName)) expect(html).not.toContain(other);
  await noSidewaysScroll(loser, "debrief");

  // The winner: its award and the contract schedule; no debrief.
  const winner = await as(browser, VENDORS[winnerName]!);
  await gotoHydrated(winner, `/opportunities/${rfpId}`);
  await expect(winner.getByRole("heading", { name: "Your bid is selected" })).toBeVisible();
  const schedule = winner.getByRole("region", { name: /Contract schedule/ });
  await expect(schedule.getByRole("heading", { name: "Commercial terms", level: 4 })).toBeVisible();
  await expect(schedule).toContainText("Applies when");
  await expect(schedule).toContainText("Released when");
  await expect(winner.getByRole("region", { name: "Intent to bid" })).toHaveCount(0);
  await noSidewaysScroll(winner, "contract-schedule");
  const debrief = await winner.goto(`/opportunities/${rfpId}/debrief`);
  expect(debrief?.status()).toBe(404);
});

test("the winner of RIV-2026-012 reads its contract schedule in contract terms, with no stale intent to bid", async ({ page }) => {
  await signIn(page, "vendor2@demo.pareto");
  await gotoHydrated(page, "/opportunities");
  await page.getByRole("link", { name: "Playground inspection and repair crews (City of Riverton)" }).click();
  await expect(page.getByRole("heading", { name: "Your bid is selected" })).toBeVisible();
  const schedule = page.getByRole("region", { name: /Contract schedule/ });
  // Each SLA: its target and how it is measured, never "at most 5 hours per month" (a monthly total).
  const slaHeadings = await schedule.getByRole("heading", { level: 4 }).allInnerTexts();
  const slas = slaHeadings.filter((h) => h.includes(": at "));
  expect(slas.length).toBeGreaterThan(0);
  for (const heading of slas) expect(heading).toMatch(/^[A-Z][^:]*: at (most|least) .+, measured per (calendar month|calendar quarter|day|week|year)$/);
  // The awarded commercial terms, money in the RFP's currency.
  const terms = schedule.getByRole("article", { name: "Commercial terms" });
  const valueOf = (label: string) => terms.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
  await expect(valueOf("Monthly fee")).toHaveText(/^EUR \d{1,3}(,\d{3})*\.\d{2}$/);
  await expect(valueOf("Mobilisation fee")).toHaveText(/^EUR \d{1,3}(,\d{3})*\.\d{2}$/);
  await expect(valueOf("Contract term")).toHaveText(/^\d+ months$/);
  // Renewal, termination and transition with their own fields: nothing forced into Trigger / Period / Amount rule / Cap.
  const renewal = schedule.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Renewal", level: 5 }) });
  await expect(renewal.locator("dt").first()).toBeVisible();
  const labels = await schedule.locator("dt").allInnerTexts();
  for (const forced of ["Trigger", "Period", "Amount rule"]) expect(labels).not.toContain(forced);
  expect(await renewal.locator("dt").allInnerTexts()).not.toContain("Cap");
  // Bidding is over: no intent-to-bid panel beside the award.
  await expect(page.getByRole("region", { name: "Intent to bid" })).toHaveCount(0);
  await expect(page.getByText("You submitted a bid, so the buyer sees")).toHaveCount(0);
  await noSidewaysScroll(page, "contract-schedule-012");
});

test("an award decided on locked scores says so, without the draft scores' warning", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  await gotoHydrated(page, "/rfps");
  await page.getByRole("link", { name: "Playground inspection and repair crews (City of Riverton)" }).click();
  await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Award", exact: true }).click();
  const decidedOn = page.locator("dt", { hasText: "Decided on" }).locator("xpath=following-sibling::dd[1]");
  await expect(decidedOn).toContainText("Locked scores");
  await expect(decidedOn).not.toContainText("draft scores");
});

test("a panel evaluator reads the award without any form", async ({ page }) => {
  await signIn(page, "evaluator@demo.pareto");
  await openAward(page);
  await expect(page.getByRole("heading", { level: 3 }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: /Approve|Propose|Cancel|Conclude/ })).toHaveCount(0);
});

test("the buyer cancels the award in standstill with a reason and proposes another bundle, refused until the deviation names a criterion", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "buyer@demo.pareto");
  await openAward(page);
  // A reason of blanks passes the browser's check but not the server's: 400, message by the form.
  await page.getByLabel("Reason for cancelling").fill("   ");
  await page.getByRole("button", { name: "Cancel the award" }).click();
  await expect(page.getByText("Say why the award is cancelled")).toBeVisible();
  await page.getByLabel("Reason for cancelling").fill("A bidder's complaint about the scoring of reliability was upheld.");
  await page.getByRole("button", { name: "Cancel the award" }).click();
  await expect(page.getByRole("status")).toContainText("The award is cancelled: every bidder has been told why.");

  await page.getByRole("radio").nth(1).check();
  await page.getByLabel("Rationale").fill("Second-ranked bundle: better cover in winter.");
  await page.getByLabel(/Deviation reason/).fill("We like them more.");
  await page.getByRole("button", { name: "Propose the award" }).click();
  await expect(page.getByText(/must name a criterion of this RFP/)).toBeVisible();
  await expect(page.getByLabel("Rationale")).toHaveValue("Second-ranked bundle: better cover in winter.");
  await page.getByLabel(/Deviation reason/).fill("The top bundle's scheduling cover leaves two winter months without standby crews: a delivery risk.");
  await page.getByRole("button", { name: "Propose the award" }).click();
  await expect(page.getByRole("status")).toContainText("The award is proposed.");
  // Who must approve it is said once, not in the notice and again beside the award.
  await expect(page.getByText(/must approve it/)).toHaveCount(1);
  await expect(page.getByText("Deviation from the ranking")).toBeVisible();
  await expect(page.getByText("You proposed this award")).toBeVisible();
});
