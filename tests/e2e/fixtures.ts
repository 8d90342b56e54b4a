// Browser-test helpers: wait for hydration, sign in as a demo user.
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "pareto-demo";

export async function gotoHydrated(page: Page, path: string) {
  const response = await page.goto(path);
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  return response;
}

/** Fills and submits the sign-in form; the caller checks what happened. */
export async function attemptSignIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await gotoHydrated(page, "/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in with the form's plain post and waits for the dashboard: a page without JavaScript never hydrates. */
export async function signInWithoutScript(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** Signs in and waits for the dashboard, so the next navigation carries the session. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await attemptSignIn(page, email, password);
  await expect(page).toHaveURL(/\/dashboard$/);
}

/**
 * The errors the page reports from now on (uncaught, or logged as errors): React reports a
 * hydration mismatch this way, then renders the whole page afresh. Read the array when done.
 */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}
