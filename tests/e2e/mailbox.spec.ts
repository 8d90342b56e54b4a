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

test.describe("dates in the mailbox", () => {
  // A reader away from UTC: the mailbox's dates read as every page's, in the reader's own zone.
  test.use({ timezoneId: "Europe/Berlin" });

  test("each message's date reads as on every other page, in the reader's time zone", async ({ page }) => {
    await signIn(page, "vendor2@demo.pareto");
    await gotoHydrated(page, "/mailbox");
    const first = messages(page).first();
    await expect(first).toBeVisible();
    const time = first.locator("p.muted time");
    // "3 Dec 2026, 15:53 (Europe/Berlin)": LocalTime's words, not the ISO "2026-12-03 14:53 UTC".
    await expect(time).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} \(Europe\/Berlin\)$/);
    const iso = (await time.getAttribute("datetime"))!;
    const berlin = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" }).format(new Date(iso));
    await expect(time).toHaveText(`${berlin} (Europe/Berlin)`);
    await expect(messages(page).locator("p.muted")).not.toContainText([/\d{4}-\d{2}-\d{2}/]);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: test.info().outputPath(`mailbox-${width}.png`) });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    }
  });
});
