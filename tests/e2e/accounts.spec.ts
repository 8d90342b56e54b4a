import { expect, test } from "@playwright/test";
import { attemptSignIn, gotoHydrated, signIn } from "./fixtures";

test("a demo buyer signs in and sees the buyer dashboard", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Dana Okafor" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your RFPs" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Field technicians for parks and street maintenance (City of Riverton)" })).toBeVisible();
  // Navigation by role: a buyer has no admin links.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/buyer-dashboard.png", fullPage: true });
  // Each RFP past its bids links its next step (this file runs first: the dashboard lists the demo's RFPs).
  const listed = page.getByRole("region", { name: "Your RFPs" }).getByRole("listitem");
  await expect(listed.filter({ hasText: "Tree care and storm response crews" }).getByRole("link", { name: "Start the bid opening" })).toBeVisible();
  await expect(listed.filter({ hasText: "Snow and ice clearance crews" }).getByRole("link", { name: "See the round" })).toBeVisible();
  await expect(listed.filter({ hasText: "Street furniture and signage repairs" }).getByRole("link")).toHaveCount(1);
  await listed.filter({ hasText: "Playground inspection and repair crews" }).getByRole("link", { name: "See the award" }).click();
  await expect(page).toHaveURL(/\/rfps\/[0-9a-f-]{36}\/award$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: /Buy better/ })).toBeVisible();
  expect((await page.context().cookies()).filter((c) => c.name === "pareto_session" && c.value)).toEqual([]);
});

test("a wrong password shows an error, keeps the email and starts no session", async ({ page }) => {
  await attemptSignIn(page, "buyer@demo.pareto", "not-the-password");
  await expect(page.getByRole("alert")).toHaveText("Email or password is wrong.");
  await expect(page.getByLabel("Email")).toHaveValue("buyer@demo.pareto");
  expect((await page.context().cookies()).filter((c) => c.name === "pareto_session")).toEqual([]);
  const response = await page.goto("/dashboard");
  expect(response?.url()).toContain("/sign-in?redirectTo=%2Fdashboard");
});

test("a vendor registers and lands on the vendor dashboard", async ({ page }) => {
  await gotoHydrated(page, "/register");
  await page.getByLabel("Organisation name").fill("Harbour Field Works");
  await page.getByLabel("Your name").fill("Rui Costa");
  await page.getByLabel("Email").fill("rui@harbour.example");
  await page.getByLabel("Password", { exact: true }).fill("harbour-password");
  await page.getByLabel("Repeat the password").fill("harbour-password");
  await page.getByRole("button", { name: "Create vendor account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Invitations and open RFPs" })).toBeVisible();
  await expect(page.getByText("No RFPs are open to Harbour Field Works yet.")).toBeVisible();
});

test("registration errors show by each field and keep what was typed, except passwords", async ({ page }) => {
  await gotoHydrated(page, "/register");
  await page.getByLabel("Organisation name").fill("Northfield Field Services Ltd");
  await page.getByLabel("Your name").fill("Copy Cat");
  await page.getByLabel("Email").fill("vendor1@demo.pareto");
  await page.getByLabel("Password", { exact: true }).fill("a-long-password");
  await page.getByLabel("Repeat the password").fill("a-long-password");
  await page.getByRole("button", { name: "Create vendor account" }).click();
  await expect(page.getByText("An account with this email already exists. Sign in instead, or use another email.")).toBeVisible();
  await expect(page.getByLabel("Your name")).toHaveValue("Copy Cat");
});

test("a vendor opening a buyer-only page gets 403", async ({ page }) => {
  await signIn(page, "vendor1@demo.pareto");
  await expect(page).toHaveURL(/\/dashboard$/);
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  // No stack trace or internal error text reaches the user.
  await expect(page.locator("body")).not.toContainText(/\w+\.(js|ts):\d+|Error:/);
});

test("an admin creates an evaluator who can then sign in", async ({ page, browser }) => {
  await signIn(page, "admin@demo.pareto");
  await gotoHydrated(page, "/admin/users");
  await page.getByLabel("Name").fill("Noor Haddad");
  // A long address: on a phone it wraps inside its card rather than widening the page.
  await page.getByLabel("Email").fill("noor.haddad-evaluation-and-scoring-team@city.example");
  await page.getByLabel("Initial password").fill("noor-evaluates");
  await page.getByLabel("Role").selectOption("evaluator");
  await page.getByLabel("Organisation", { exact: true }).selectOption({ label: "City of Riverton — Public Works Department" });
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toHaveText("noor.haddad-evaluation-and-scoring-team@city.example can now sign in as evaluator.");
  await expect(page.getByRole("cell", { name: "noor.haddad-evaluation-and-scoring-team@city.example" })).toBeVisible();
  // On a phone each account is a card: nothing of the list lies off the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const accounts = page.getByRole("region", { name: /Accounts of your organisation/ });
  expect(await accounts.locator(".table-wrap").evaluate((wrap) => wrap.scrollWidth <= wrap.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(accounts.getByText("noor.haddad-evaluation-and-scoring-team@city.example")).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });

  const other = await browser.newPage();
  await signIn(other, "noor.haddad-evaluation-and-scoring-team@city.example", "noor-evaluates");
  await expect(other.getByRole("heading", { name: "Your evaluations" })).toBeVisible();
  await other.close();

  await gotoHydrated(page, "/admin/audit");
  await expect(page.getByText(/Chain verified/)).toHaveCount(0);
  await page.getByRole("button", { name: "Verify the whole chain" }).click();
  await expect(page).toHaveURL(/\/admin\/audit\?verify=chain$/);
  await expect(page.getByText(/Chain verified: all \d+ events/)).toBeVisible();
  await expect(page.getByRole("cell", { name: "user.created" })).toBeVisible();
});
