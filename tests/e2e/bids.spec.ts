// Sealed bids end to end: a vendor fills the MESO grid, sees and fixes a clause finding,
// submits and keeps a receipt, revises (two versions); the buyer sees THAT it submitted and
// nothing of WHAT; a submission after the deadline is refused and the draft survives.
import { expect, test, type Page } from "@playwright/test";
import { gotoHydrated, signIn } from "./fixtures";

// Times typed into the buyer's timeline and shown on receipts are read in UTC here.
test.use({ timezoneId: "UTC" });

const TITLE = "Street furniture and signage repairs (City of Riverton)";
// A price nobody else types: the buyer's page must not contain it in any form.
const PRICE = "81,234.56";
const PRICE_FORMS = ["81,234.56", "81234.56", "8123456", "8,123,456"];

const status = (page: Page, text: RegExp | string) => page.getByRole("status").filter({ hasText: text });

async function openBid(page: Page) {
  await gotoHydrated(page, "/opportunities");
  await page.getByRole("link", { name: TITLE }).first().click();
  await page.getByRole("link", { name: /prepare your bid|your bid/i }).click();
  await expect(page).toHaveURL(/\/opportunities\/[0-9a-f-]{36}\/bid$/);
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
}

/** Bundle A complete (values + the required SLAs' targets), then copied into B and C. */
async function fillBundleA(page: Page) {
  await page.getByLabel("Bundle A — Monthly fee (EUR)").fill(PRICE);
  await page.getByLabel("Bundle A — Mobilisation fee (EUR)").fill("40,000");
  await page.getByLabel("Bundle A — Contract term (months)").fill("36");
  await page.getByLabel("Bundle A — Rollout (weeks)").fill("10");
  await page.getByLabel("Bundle A — Emergency response (hours)").fill("6");
  await page.getByLabel("Bundle A — Local hiring (% of crew)").fill("30");
  await page.getByLabel("Bundle A — Scheduling").selectOption("fixed");
  await page.getByLabel("Bundle A — Staffing plan").fill("Two crews per district, one standby crew city-wide.");
  for (const metric of ["complaint resolution time", "citizen complaints", "emergency response time"]) {
    await page.getByLabel(`Bundle A — ${metric} — Target`).fill(metric === "citizen complaints" ? "30" : "4");
  }
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(status(page, "Draft saved.")).toBeVisible();
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
}

test("a vendor fills the grid, fixes a clause finding, submits, gets a receipt and revises; the buyer sees no content", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, "vendor1@demo.pareto");
  await openBid(page);
  const bidUrl = new URL(page.url()).pathname;

  await fillBundleA(page);
  // An automatic 5 % service credit without a cap: the clause check flags it beside the SLA.
  const who = "Bundle A — complaint resolution time";
  await page.getByLabel(`${who} — Service credit applied automatically`).check();
  await page.getByLabel(`${who} — Credit (% of period fee)`).fill("5");
  await page.getByLabel(`${who} — Cap (% of period fee)`).fill("");
  await page.getByRole("button", { name: "Copy bundle A into B" }).click();
  await expect(page.getByLabel("Bundle B — Monthly fee (EUR)")).toHaveValue(PRICE);
  await page.getByRole("button", { name: "Copy bundle A into C" }).click();
  // The demo vendor's seeded draft differs from A in the price, so this proves the copy landed.
  await expect(page.getByLabel("Bundle C — Monthly fee (EUR)")).toHaveValue(PRICE);
  await page.getByLabel("Bundle B — Contract term (months)").fill("48");
  await save(page);
  const findings = page.getByRole("list", { name: "Findings on Bundle A: complaint resolution time" });
  await expect(findings).toContainText("has no cap");
  await expect(findings).toContainText("Suggested wording:");
  await page.screenshot({ path: "test-results/bid-grid.png", fullPage: false });

  // Bad input is refused by the cell and nothing typed is lost.
  await page.getByLabel("Bundle C — Rollout (weeks)").fill("ten");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Give a number (weeks)" })).toBeVisible();
  await expect(page.getByLabel("Bundle C — Rollout (weeks)")).toHaveValue("ten");
  await expect(page.getByLabel("Bundle B — Contract term (months)")).toHaveValue("48");
  await page.getByLabel("Bundle C — Rollout (weeks)").fill("10");

  // Fix: a cap; with JavaScript the autosave brings fresh feedback without a reload.
  await page.getByLabel(`${who} — Cap (% of period fee)`).fill("15");
  await expect(status(page, /^Saving…$/).or(status(page, /Draft saved \d/))).toBeVisible();
  await expect(findings.filter({ hasText: "has no cap" })).toHaveCount(0, { timeout: 10_000 });

  await page.getByRole("button", { name: "Submit bid" }).or(page.getByRole("button", { name: "Submit a new version" })).click();
  await expect(page).toHaveURL(/\/bid\/receipt\/\d+$/);
  const first = Number(/(\d+)$/.exec(page.url())![1]);
  await expect(page.getByRole("heading", { name: `Bid receipt — version ${first}` })).toBeVisible();
  await expect(page.getByTestId("content-hash")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId("received-utc")).toHaveText(/\d{2}:\d{2}:\d{2}\.\d{3} UTC$/);
  await expect(page.getByRole("table", { name: "Submitted bundles" })).toContainText("EUR 81,234.56");
  await page.screenshot({ path: "test-results/bid-receipt.png", fullPage: true });

  // Revise: a second submission is a new version; both receipts are listed.
  await gotoHydrated(page, bidUrl);
  await page.getByLabel("Bundle C — Emergency response (hours)").fill("4");
  await page.getByRole("button", { name: "Submit a new version" }).click();
  await expect(page).toHaveURL(new RegExp(`/bid/receipt/${first + 1}$`));
  await gotoHydrated(page, bidUrl);
  await expect(page.getByRole("link", { name: `Receipt for version ${first}`, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: `Receipt for version ${first + 1}`, exact: true })).toBeVisible();

  // The buyer sees that vendor1 submitted, and not one figure of what.
  const buyer = await browser.newPage();
  await signIn(buyer, "buyer@demo.pareto");
  await gotoHydrated(buyer, "/rfps");
  await buyer.getByRole("link", { name: TITLE }).click();
  await buyer.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Submissions" }).click();
  await expect(buyer.getByText("Bid contents are sealed until the bids are opened after the deadline.")).toBeVisible();
  await expect(buyer.getByRole("row", { name: /Northfield Field Services Ltd/ })).toContainText("Submitted");
  const html = await buyer.content();
  for (const form of PRICE_FORMS) expect(html).not.toContain(form);
  await buyer.close();
});

test("a submission after the deadline is refused and the draft survives", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const buyer = await browser.newPage();
  await signIn(buyer, "buyer@demo.pareto");
  await gotoHydrated(buyer, "/rfps");
  await buyer.getByLabel("Title").fill(`Deadline test ${Date.now().toString(36)}`);
  await buyer.getByLabel("Start from").selectOption("field-services");
  await buyer.getByRole("button", { name: "Create draft" }).click();
  await expect(buyer).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
  const rfpId = /\/rfps\/([0-9a-f-]{36})$/.exec(buyer.url())![1]!;
  await gotoHydrated(buyer, `/rfps/${rfpId}/basics`);
  await buyer.getByLabel("Reference number").fill("E2E-DEADLINE");
  await buyer.getByRole("button", { name: "Save scope and basics" }).click();
  await expect(status(buyer, "Scope and basics saved.")).toBeVisible();
  await gotoHydrated(buyer, `/rfps/${rfpId}/vendors`);
  await buyer.getByRole("button", { name: "Make it public" }).click();
  await expect(buyer.getByText("Public: every registered vendor")).toBeVisible();
  // Seconds are accepted by the timeline form: the deadline is 40 s from now.
  const deadline = Date.now() + 40_000;
  const wall = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  await gotoHydrated(buyer, `/rfps/${rfpId}/timeline`);
  await buyer.getByLabel("Questions close").fill(wall(deadline - 10_000));
  await buyer.getByLabel("Bids close").fill(wall(deadline));
  await buyer.getByRole("button", { name: "Save timeline" }).click();
  await expect(status(buyer, "Timeline saved.")).toBeVisible();
  await gotoHydrated(buyer, `/rfps/${rfpId}`);
  await buyer.getByRole("button", { name: "Publish RFP" }).click();
  await expect(status(buyer, /Published/)).toBeVisible();

  await signIn(page, "vendor3@demo.pareto");
  await gotoHydrated(page, `/opportunities/${rfpId}/bid`);
  await page.getByLabel("Bundle A — Monthly fee (EUR)").fill("70,000");
  await save(page);

  await page.waitForTimeout(Math.max(0, deadline - Date.now() + 1_000));
  await page.getByLabel("Bundle A — Contract term (months)").fill("24");
  await page.getByRole("button", { name: "Submit bid" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The deadline passed" })).toBeVisible();
  await expect(page.getByLabel("Bundle A — Contract term (months)")).toHaveValue("24");
  await expect(page.getByLabel("Bundle A — Monthly fee (EUR)")).toHaveValue("70000.00");
  // The saved draft is still there after a reload, read-only now (issue #9, item 3).
  await gotoHydrated(page, `/opportunities/${rfpId}/bid`);
  await expect(page.getByText("Bids are closed: the deadline has passed")).toBeVisible();
  await expect(page.getByRole("table", { name: "Your draft (not submitted)" }).getByRole("row", { name: /Monthly fee/ })).toContainText("70,000.00");
  await expect(page.getByRole("button", { name: "Save draft" })).toHaveCount(0);
  await buyer.close();
});

test("a vendor withdraws its bid before the deadline and the buyer sees it withdrawn, still without content", async ({ page, browser }) => {
  await signIn(page, "vendor3@demo.pareto");
  await openBid(page);
  await expect(page.getByText(/Submitted: version \d+/)).toBeVisible();
  await page.getByRole("button", { name: "Withdraw bid" }).click();
  await expect(status(page, "Your bid was withdrawn.")).toBeVisible();

  const buyer = await browser.newPage();
  await signIn(buyer, "buyer@demo.pareto");
  await gotoHydrated(buyer, "/rfps");
  await buyer.getByRole("link", { name: TITLE }).click();
  await buyer.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Submissions" }).click();
  await expect(buyer.getByRole("row", { name: /Atlas Maintenance Group/ })).toContainText("Withdrawn");
  await buyer.close();
});
