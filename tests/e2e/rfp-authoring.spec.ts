// A buyer drafts an RFP from the field-services template, fixes the weights, publishes;
// a vendor sees it; an addendum is issued and acknowledged.
import { expect, test, type Page } from "@playwright/test";
import { gotoHydrated, signIn } from "./fixtures";

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T17:00`;
}

async function saved(page: Page, text: RegExp | string) {
  await expect(page.getByRole("status").filter({ hasText: text })).toBeVisible();
}

test("a buyer drafts from the field-services template, fixes the weights, publishes; a vendor acknowledges an addendum", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, "buyer@demo.pareto");
  await gotoHydrated(page, "/rfps");
  await page.getByLabel("Title").fill("Winter gritting and snow clearance 2027");
  await page.getByLabel("Start from").selectOption("field-services");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
  const rfpUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { name: "Winter gritting and snow clearance 2027" })).toBeVisible();
  const problems = page.getByRole("list", { name: "Problems to fix before publishing" });
  await expect(problems).toContainText("Give the RFP a reference number");
  await expect(problems).toContainText("Set when bids close");

  // Weights: make them add up to 90, see the publish check say so, then fix them to 100.
  await gotoHydrated(page, `${rfpUrl}/criteria`);
  const firstWeight = page.getByRole("spinbutton", { name: /^Weight of / }).first();
  const original = Number(await firstWeight.inputValue());
  await firstWeight.fill(String(original - 10));
  await expect(page.locator("#weight-total")).toHaveText("90");
  await expect(page.getByText("must be exactly 100 before publishing (10 to add)")).toBeVisible();
  await page.getByRole("button", { name: "Save weights" }).click();
  await saved(page, "Weights saved.");
  await gotoHydrated(page, rfpUrl);
  await expect(problems).toContainText("Weights add up to 90");
  await gotoHydrated(page, `${rfpUrl}/criteria`);
  await page.getByRole("spinbutton", { name: /^Weight of / }).first().fill(String(original));
  await expect(page.locator("#weight-total")).toHaveText("100");
  await page.getByRole("button", { name: "Save weights" }).click();
  await saved(page, "Weights saved.");

  // Basics and timeline.
  await gotoHydrated(page, `${rfpUrl}/basics`);
  await page.getByLabel("Reference number").fill("RIV-2027-003");
  await page.getByRole("button", { name: "Save scope and basics" }).click();
  await saved(page, "Scope and basics saved.");
  await gotoHydrated(page, `${rfpUrl}/timeline`);
  await page.getByLabel("Questions close").fill(inDays(10));
  await page.getByLabel("Bids close").fill(inDays(20));
  await page.getByRole("button", { name: "Save timeline" }).click();
  await saved(page, "Timeline saved.");

  // Invite a demo vendor and publish.
  await gotoHydrated(page, `${rfpUrl}/vendors`);
  await page.getByLabel("Email addresses").fill("vendor2@demo.pareto");
  await page.getByRole("button", { name: "Invite" }).click();
  await saved(page, "1 invited; the links are emailed when you publish.");
  await gotoHydrated(page, rfpUrl);
  await expect(page.getByText("Everything vendors need is there.")).toBeVisible();
  await page.getByRole("button", { name: "Publish RFP" }).click();
  await saved(page, "Published. Invited vendors have been notified.");
  await expect(page.getByText("Open for bids").first()).toBeVisible();

  // The vendor follows the emailed link from its mailbox and sees the RFP.
  const vendor = await browser.newPage();
  await signIn(vendor, "vendor2@demo.pareto");
  await gotoHydrated(vendor, "/mailbox");
  const link = await vendor.locator("text=/\\/invitations\\/[A-Za-z0-9_-]+/").first().textContent();
  const path = /\/invitations\/[A-Za-z0-9_-]+/.exec(link ?? "")![0];
  await gotoHydrated(vendor, path);
  await vendor.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(vendor).toHaveURL(/\/opportunities\/[0-9a-f-]{36}$/);
  await expect(vendor.getByRole("heading", { name: "Winter gritting and snow clearance 2027" })).toBeVisible();
  await expect(vendor.getByRole("region", { name: "Criteria and how they are scored" })).toContainText("100");

  // The buyer changes a weight pair after publication: an addendum with a reason.
  await gotoHydrated(page, `${rfpUrl}/criteria`);
  const weights = page.getByRole("spinbutton", { name: /^Weight of / });
  const a = Number(await weights.nth(0).inputValue());
  const b = Number(await weights.nth(1).inputValue());
  await weights.nth(0).fill(String(a - 5));
  await weights.nth(1).fill(String(b + 5));
  await page.getByRole("button", { name: "Save weights as an addendum" }).click();
  await expect(page.getByText("Give the reason for this addendum (vendors read it).")).toBeVisible();
  await page.getByRole("region", { name: "Criteria and weights" }).getByLabel("Reason for this addendum").fill("Reliability matters more after last winter's outages.");
  await page.getByRole("button", { name: "Save weights as an addendum" }).click();
  await saved(page, "Weights saved as addendum 1; vendors have been notified.");
  await gotoHydrated(page, `${rfpUrl}/addenda`);
  await expect(page.getByRole("heading", { name: "Addendum 1: amendment" })).toBeVisible();
  await expect(page.getByText(`weight ${a} → ${a - 5}`)).toBeVisible();

  await gotoHydrated(vendor, new URL(vendor.url()).pathname);
  const addenda = vendor.getByRole("region", { name: "Addenda" });
  await expect(addenda).toContainText("Reliability matters more after last winter's outages.");
  await vendor.getByRole("button", { name: "Acknowledge addendum 1" }).click();
  await expect(addenda).toContainText("Acknowledged on");
  await gotoHydrated(page, `${rfpUrl}/addenda`);
  await expect(page.getByText(/Acknowledged by Civic Crew Co-operative/)).toBeVisible();
  await vendor.close();
});

test("a stale save is refused with a conflict message and overwrites nothing", async ({ browser }) => {
  const one = await browser.newPage();
  const two = await browser.newPage();
  await signIn(one, "buyer@demo.pareto");
  await signIn(two, "buyer@demo.pareto");
  await gotoHydrated(one, "/rfps");
  await one.getByRole("link", { name: "Consultancy for a service redesign" }).click();
  await expect(one).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
  const rfpUrl = new URL(one.url()).pathname;
  await gotoHydrated(one, `${rfpUrl}/basics`);
  await gotoHydrated(two, `${rfpUrl}/basics`);
  await one.getByLabel("Summary").fill("Saved first by tab one.");
  await one.getByRole("button", { name: "Save scope and basics" }).click();
  await saved(one, "Scope and basics saved.");
  await two.getByLabel("Summary").fill("Typed in tab two.");
  await two.getByRole("button", { name: "Save scope and basics" }).click();
  await expect(two.getByRole("alert").filter({ hasText: "Someone else saved this RFP since you opened it" })).toBeVisible();
  await expect(two.getByLabel("Summary")).toHaveValue("Typed in tab two.");
  await gotoHydrated(two, `${rfpUrl}/basics`);
  await expect(two.getByLabel("Summary")).toHaveValue("Saved first by tab one.");
});

test("a choice gate names only options of its issue", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  await gotoHydrated(page, "/rfps");
  await page.getByLabel("Title").fill("Gate test");
  await page.getByLabel("Start from").selectOption("field-services");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
  await gotoHydrated(page, `${new URL(page.url()).pathname}/criteria`);
  const gates = page.getByRole("region", { name: "Gates (must-haves and red lines)" });
  // One small form per kind of gate, each with only its own fields.
  await gates.getByText("A choice issue among allowed options").click();
  const choiceGate = gates.locator("details[open]");
  await expect(choiceGate.getByLabel("Limit")).toHaveCount(0);
  await choiceGate.getByLabel("Gate name").fill("Seasonal crews only");
  await choiceGate.getByLabel("Issue").selectOption({ label: "Scheduling" });
  await choiceGate.getByLabel("Allowed options, one per line").fill("seasonal flexibility\nnight shifts");
  await choiceGate.getByRole("button", { name: "Add gate" }).click();
  await expect(gates.getByText("Not an option of Scheduling: night shifts")).toBeVisible();
  await expect(gates.locator("details[open]").getByLabel("Gate name")).toHaveValue("Seasonal crews only");
  await gates.locator("details[open]").getByLabel("Allowed options, one per line").fill("seasonal flexibility");
  await gates.locator("details[open]").getByRole("button", { name: "Add gate" }).click();
  await expect(page.getByRole("status").filter({ hasText: 'Gate "Seasonal crews only" saved.' })).toBeVisible();
  await expect(gates.getByRole("button", { name: "Remove gate Seasonal crews only" })).toBeVisible();
});

test("a gate and a number criterion on a money issue take amounts in the RFP's currency, as bids give them", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  await gotoHydrated(page, "/rfps");
  await page.getByLabel("Title").fill("Money limits test");
  await page.getByLabel("Start from").selectOption("field-services");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
  await gotoHydrated(page, `${new URL(page.url()).pathname}/criteria`);
  const gates = page.getByRole("region", { name: "Gates (must-haves and red lines)" });
  await gates.getByText("A number or money issue within a limit").click();
  const numberGate = gates.locator("details[open]");
  await numberGate.getByLabel("Gate name").fill("Fee cap");
  await numberGate.getByLabel("Issue", { exact: true }).selectOption({ label: "Monthly fee" });
  await numberGate.getByLabel("Comparison").selectOption("<=");
  // More decimals than the currency has: refused, what was typed kept.
  await numberGate.getByLabel("Limit").fill("140000.125");
  await numberGate.getByRole("button", { name: "Add gate" }).click();
  await expect(gates.getByText("Monthly fee is an amount: give it in EUR, with at most 2 decimals")).toBeVisible();
  await expect(gates.locator("details[open]").getByLabel("Gate name")).toHaveValue("Fee cap");
  await gates.locator("details[open]").getByLabel("Limit").fill("140000");
  await gates.locator("details[open]").getByRole("button", { name: "Add gate" }).click();
  await expect(page.getByRole("status").filter({ hasText: 'Gate "Fee cap" saved.' })).toBeVisible();
  // The gate reads as vendors read it: the amount typed, in the currency (bids hold cents; 140000 was EUR 1,400.00).
  await expect(gates.getByRole("listitem").filter({ hasText: "Fee cap" })).toContainText("at most EUR 140,000.00");

  const add = page.getByRole("region", { name: "Add a criterion" });
  await add.getByLabel("Criterion name").fill("Low mobilisation");
  await add.getByLabel("Scored by").selectOption("number");
  await add.getByLabel("Weight").fill("0");
  await add.getByLabel("Issue (number and choice criteria)").selectOption({ label: "Mobilisation fee" });
  await add.getByLabel("Direction (number criteria)").selectOption("lower_is_better");
  await add.getByLabel("Value scoring 0").fill("30000");
  await add.getByLabel("Value scoring full points").fill("5000");
  await add.getByRole("button", { name: "Add criterion" }).click();
  await expect(page.getByRole("status").filter({ hasText: 'Criterion "Low mobilisation" saved.' })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Low mobilisation" }).first()).toContainText("EUR 30,000.00");
});

test("rows of a draft's sections can be removed", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  await gotoHydrated(page, "/rfps");
  await page.getByLabel("Title").fill("Removal test");
  await page.getByLabel("Start from").selectOption("field-services");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
  const rfpUrl = new URL(page.url()).pathname;
  await gotoHydrated(page, `${rfpUrl}/term-sheet`);
  await page.getByRole("button", { name: "Remove Staffing plan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Term sheet saved." })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Staffing plan" })).toHaveCount(0);
  await gotoHydrated(page, `${rfpUrl}/sla`);
  const metric = (await page.getByRole("button", { name: /^Remove / }).first().getAttribute("aria-label"))!.replace("Remove ", "");
  await page.getByRole("button", { name: `Remove ${metric}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "SLA requirements saved." })).toBeVisible();
  await expect(page.getByRole("button", { name: `Remove ${metric}` })).toHaveCount(0);
});
