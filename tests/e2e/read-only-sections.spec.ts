// An RFP's sections for a reader who cannot change them now (after the deadline, or a role that
// only reads): the values as text, with the reason, and no form field the server would refuse:
// not a form of disabled fields, which reads poorly and is skipped by keyboard users.
import { expect, test, type Page } from "@playwright/test";
import { gotoHydrated, signIn } from "./fixtures";

const EVALUATED = "Field technicians for parks and street maintenance (City of Riverton)";
const SAAS = "Case-management software as a service";
const PHONE = { width: 390, height: 844 };

/** Each tab with values of the demo's evaluated RFP (RIV-2026-017) it must show as text. */
const SECTIONS = [
  { tab: "basics", shows: ["RIV-2026-017", "Field services", "36 months", "Emergency call-outs"] },
  // The demo RFP went through a BAFO round: its deadline follows round 1's.
  { tab: "timeline", shows: ["Round 1 bids close", "Round 2 (BAFO) closes", "Bid validity"] },
  { tab: "term-sheet", shows: ["Monthly fee", "Contract term"] },
  { tab: "slots", shows: ["Cost-optimised", "Reliability-optimised", "Balanced"] },
  { tab: "criteria", shows: ["Service reliability plan", "Lowest-price ratio", "Median of the evaluators' scores", "fixed year-round rota", "Rollout within 16 weeks"] },
  { tab: "sla", shows: ["complaint resolution time", "Holdback of at least 5 % of fees"] },
  { tab: "confidential", shows: ["EUR 4,900,000.00", "Keep the in-house crews (current cost)", "Council budget line 4.2"] },
] as const;

async function rfpPath(page: Page, title: string): Promise<string> {
  await gotoHydrated(page, "/rfps");
  const href = await page.getByRole("link", { name: title, exact: true }).first().getAttribute("href");
  expect(href).toMatch(/^\/rfps\/[0-9a-f-]{36}$/);
  return href!;
}

/** Form fields a reader could type into or choose from, in the page's main area (not the site's sign-out form). */
const fieldsIn = (page: Page) => page.locator("main").locator("input:not([type=hidden]), select, textarea");

test("after the deadline the buyer reads every section of the RFP as text, with why it cannot change", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  const path = await rfpPath(page, EVALUATED);
  for (const { tab, shows } of SECTIONS) {
    await gotoHydrated(page, `${path}/${tab}`);
    await expect(page.getByText("The deadline for bids has passed, so the RFP can no longer change").first(), tab).toBeVisible();
    await expect(fieldsIn(page), tab).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Save|^Add|^Remove|^Edit/ }), tab).toHaveCount(0);
    for (const text of shows) await expect(page.locator("main"), `${tab}: ${text}`).toContainText(text);
  }
  // The header says the newest round's deadline has passed.
  await expect(page.locator(".rfp-header")).toContainText(/round 2 closed /);

  await page.setViewportSize(PHONE);
  for (const tab of ["criteria", "confidential"]) {
    await gotoHydrated(page, `${path}/${tab}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), tab).toBe(true);
  }
});

test("an evaluator reads an open RFP's sections as text; the buyer still edits them in forms", async ({ page, browser }) => {
  await signIn(page, "evaluator@demo.pareto");
  const path = await rfpPath(page, SAAS);
  for (const tab of ["basics", "timeline", "slots", "criteria", "sla"]) {
    await gotoHydrated(page, `${path}/${tab}`);
    await expect(page.getByText("You can read this section; only the buyers of your organisation change it.").first(), tab).toBeVisible();
    await expect(fieldsIn(page), tab).toHaveCount(0);
  }
  await gotoHydrated(page, `${path}/basics`);
  await expect(page.getByRole("definition").first()).toHaveText(SAAS);

  // The RFP is open for bids: its buyer gets the forms (changes become addenda).
  const buyer = await (await browser.newContext()).newPage();
  await signIn(buyer, "buyer@demo.pareto");
  await gotoHydrated(buyer, `${path}/basics`);
  await expect(buyer.getByLabel("Title")).toHaveValue(SAAS);
  await expect(buyer.getByRole("button", { name: "Save scope and basics as an addendum" })).toBeEnabled();
  await buyer.context().close();
});

test("the evaluator's dashboard says where each evaluation stands, in the past tense once a deadline has passed", async ({ page }) => {
  await signIn(page, "evaluator@demo.pareto");
  await gotoHydrated(page, "/dashboard");
  const evaluations = page.getByRole("region", { name: "Your evaluations" });
  await expect(evaluations.getByRole("listitem").filter({ hasText: "RIV-2026-012" })).toContainText("awarded: the evaluation is complete");
  // Its BAFO round is open: the line says what Sam waits for, with round 2's deadline ahead.
  await expect(evaluations.getByRole("listitem").filter({ hasText: "RIV-2026-020" })).toContainText("round 2 bids not yet opened; you score them once they are");
  // Every panel RFP's round-1 deadline has passed: none says "bids close" with a date behind it.
  await expect(evaluations).not.toContainText(/bids close \d/);
  // RIV-2026-019 waits for its opening on the demo; the evaluation test opens it and locks its scores.
  await expect(evaluations.getByRole("listitem").filter({ hasText: "RIV-2026-019" })).toContainText(/bids (closed|opened) \d|scores locked/);
  // On a phone the organisation's people are cards, not a table wider than the screen.
  await page.setViewportSize(PHONE);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  const table = page.getByRole("region", { name: "Your organisation" }).locator(".table-wrap");
  expect(await table.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
});

test("an evaluator who has submitted every score is offered the score sheet to download, not an upload that could import nothing", async ({ page }) => {
  await signIn(page, "evaluator@demo.pareto");
  await gotoHydrated(page, "/dashboard");
  const evaluations = page.getByRole("region", { name: "Your evaluations" });
  // RIV-2026-018 is evaluated in round 1: Sam submitted every score of it, and they are not locked yet.
  await evaluations.getByRole("listitem").filter({ hasText: "RIV-2026-018" }).getByRole("link").click();
  await expect(page).toHaveURL(/\/scoring$/);
  const sheet = page.getByRole("region", { name: "Score offline in Excel" });
  await expect(sheet.getByRole("link", { name: "Download the score sheet" })).toBeVisible();
  await expect(sheet).toContainText("You have submitted every score: a score sheet has nothing left to import.");
  await expect(sheet.getByRole("button", { name: "Upload and import" })).toHaveCount(0);
  await expect(sheet.locator("input[type=file]")).toHaveCount(0);
  // Not locked yet: the declarations can still change (with a reason).
  await page.getByText("Your conflict-of-interest declarations").click();
  await expect(page.getByRole("button", { name: "Save declarations" })).toBeVisible();
  // RIV-2026-012 is awarded on locked scores: the scores can no longer change, and the sheet says why.
  await gotoHydrated(page, "/dashboard");
  await evaluations.getByRole("listitem").filter({ hasText: "RIV-2026-012" }).getByRole("link").click();
  await expect(page).toHaveURL(/\/scoring$/);
  await expect(page.getByText("The chair has locked the scores: they can no longer change.")).toBeVisible();
  await expect(sheet).toContainText("The scores are locked: uploads are no longer accepted.");
  await expect(sheet.locator("input[type=file]")).toHaveCount(0);
  // The declarations the locked scores were counted with are a record now: what was declared, no form.
  const declarations = page.locator("details").filter({ hasText: "Your conflict-of-interest declarations" });
  await declarations.getByText("Your conflict-of-interest declarations").click();
  await expect(declarations).toContainText("The award of this RFP is approved, so its evaluation no longer changes.");
  await expect(declarations.getByRole("listitem").filter({ hasText: "Northfield Field Services Ltd" })).toContainText("no conflict, declared on");
  await expect(declarations.locator("input, textarea")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save declarations" })).toHaveCount(0);
});

test("on the awarded RFP the chair reads the consensus and its runs, with why nothing there changes any more: no unlock, no run", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  await gotoHydrated(page, "/rfps");
  await page.getByRole("row", { name: /RIV-2026-012/ }).getByRole("link").first().click();
  await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Consensus" }).click();
  const lock = page.getByRole("region", { name: "Score lock" });
  await expect(lock).toContainText("Scores locked by Dana Okafor");
  await expect(lock).toContainText("The award of this RFP is approved, so its evaluation no longer changes. Cancelling the award during the standstill period reopens it.");
  await expect(page.getByRole("button", { name: "Unlock scores" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Run the evaluation" })).toHaveCount(0);
  const runs = page.getByRole("region", { name: "Evaluation runs" });
  await expect(runs).toContainText("The award rests on the newest run below; no new run can be made.");
  // The draft run and the locked run the award names.
  await expect(runs.getByRole("row")).toHaveCount(3);
  // The panel that evaluated it is a record now: who sat on it and what each scored, no form.
  await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Panel" }).click();
  const record = page.getByRole("table", { name: "Who sat on the panel, and what each scored" });
  await expect(record.getByRole("row", { name: /Sam Lindqvist/ })).toBeVisible();
  await expect(page.getByText("The award of this RFP is approved, so its evaluation no longer changes.").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Save panel" })).toHaveCount(0);
  await expect(fieldsIn(page)).toHaveCount(0);
});
