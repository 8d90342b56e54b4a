// The demo runs without a mail server, so notifications are read in the portal's mailbox.
import { expect, test, type Page } from "@playwright/test";
import { gotoHydrated, signIn } from "./fixtures";

const messages = (page: Page) => page.getByRole("main").getByRole("article");

test("the demo admin opens the mailbox from the navigation and reads only its own mail", async ({ page }) => {
  await signIn(page, "admin@demo.pareto");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mailbox" }).click();
  await expect(page).toHaveURL(/\/mailbox$/);
  await expect(page.getByRole("heading", { level: 1, name: "Mailbox" })).toBeVisible();
  // Tenancy: admins no longer read everyone's mail (invitation links among it).
  await expect(page.getByText("You see the messages addressed to you.")).toBeVisible();
  await expect(page.getByLabel("Recipient")).toHaveCount(0);
  await gotoHydrated(page, "/mailbox?to=vendor1%40demo.pareto");
  await expect(messages(page).first().or(page.getByText("No messages yet."))).toBeVisible();
  for (const message of await messages(page).all()) await expect(message).toContainText("To admin@demo.pareto");
});

test("a vendor sees only the mail addressed to them, whatever the address bar asks for", async ({ page }) => {
  await signIn(page, "vendor1@demo.pareto");
  await gotoHydrated(page, "/mailbox?to=vendor2%40demo.pareto");
  await expect(page.getByRole("heading", { level: 1, name: "Mailbox" })).toBeVisible();
  await expect(page.getByText("You see the messages addressed to you.")).toBeVisible();
  await expect(page.getByLabel("Recipient")).toHaveCount(0);
  await expect(messages(page).first().or(page.getByText("No messages yet."))).toBeVisible();
  for (const message of await messages(page).all()) await expect(message).toContainText("To vendor1@demo.pareto");
});

test("signing in is required to read the mailbox", async ({ page }) => {
  const response = await page.goto("/mailbox");
  expect(response?.url()).toContain("/sign-in?redirectTo=%2Fmailbox");
});
