// The bid page's refusals (a hostile walkthrough): a hidden field that cannot be read (the draft
// version, the retry key) answers 400 in words, never a 500, and nothing is saved; a save based
// on an older draft (another tab, a colleague) says which version stands, keeps what was typed,
// and replaces that version only when the vendor saves again (decision 015).
// vendor3 works on RIV-2026-024 (open); vendor1 on RIV-2026-020 (its BAFO round, open).
import { expect, test, type Page } from "@playwright/test";
import { gotoHydrated, signIn, signInWithoutScript } from "./fixtures";

const OPEN_RFP = "RIV-2026-024";
const BAFO_RFP = "RIV-2026-020";
const DAMAGED = "This form is out of date or damaged: reload the bid page.";
const FEE = "Bundle A — Monthly fee (EUR)";
const ROLLOUT = "Bundle A — Rollout (weeks)";
const DATA = `?_data=${encodeURIComponent("routes/opportunities.$rfpId_.bid")}`;

/** The bid page's path of the RFP with this reference, from the vendor's list. */
async function bidPath(page: Page, reference: string): Promise<string> {
  await gotoHydrated(page, "/opportunities");
  const href = await page.getByRole("row", { name: new RegExp(reference) }).getByRole("link").first().getAttribute("href");
  expect(href).toMatch(/^\/opportunities\/[0-9a-f-]{36}$/);
  return `${href}/bid`;
}

/** A raw form post, as a hand-made or damaged page would send it. */
function post(page: Page, path: string, form: Record<string, string>) {
  return page.request.post(path, { form, headers: { Origin: new URL(page.url()).origin }, maxRedirects: 0 });
}

/** The saved draft as a fresh view of the page shows it: its version and two cells. */
async function savedDraft(page: Page, path: string) {
  const view = await page.context().newPage();
  await view.goto(path);
  const draft = {
    version: await view.locator('input[name="expectedVersion"]').inputValue(),
    fee: await view.getByLabel(FEE).inputValue(),
    rollout: await view.getByLabel(ROLLOUT).inputValue(),
  };
  await view.close();
  return draft;
}

const alert = (page: Page, text: RegExp | string) => page.getByRole("alert").filter({ hasText: text });
const status = (page: Page, text: RegExp | string) => page.getByRole("status").filter({ hasText: text });

test("a draft version or retry key that cannot be read answers 400 in words, keeps what was typed and saves nothing", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, "vendor3@demo.pareto");
  const path = await bidPath(page, OPEN_RFP);
  const before = await savedDraft(page, path);
  const typed = { "bundles.0.values.monthlyFee": "12345.67" };

  for (const expectedVersion of ["1e309", "abc", "1.5", "99999999999", "NaN", "1e21", "0.0000001", "１２", "", "-1", "9".repeat(100_000)]) {
    const label = `expectedVersion=${expectedVersion.slice(0, 12)}`;
    for (const intent of ["save", "submit"]) {
      const response = await post(page, path, { intent, expectedVersion, idempotencyKey: crypto.randomUUID(), ...typed });
      expect(response.status(), `${intent}, ${label}`).toBe(400);
      const html = await response.text();
      expect(html, `${intent}, ${label}`).toContain(DAMAGED);
      expect(html, `${intent}, ${label}: the typed value is shown again`).toMatch(/name="bundles\.0\.values\.monthlyFee"[^>]*value="12345\.67"/);
    }
    const autosave = await post(page, `${path}${DATA}`, { intent: "autosave", expectedVersion, ...typed });
    expect(autosave.status(), `autosave, ${label}`).toBe(400);
    expect((await autosave.json()).formErrors, `autosave, ${label}`).toEqual([DAMAGED]);
  }
  // No version at all is refused too (it used to be read as version 0).
  const missing = await post(page, path, { intent: "save", ...typed });
  expect(missing.status()).toBe(400);
  expect(await missing.text()).toContain(DAMAGED);

  // A submission whose retry key is missing, empty, too short or too long is refused before its draft is saved.
  for (const key of [null, "", "short", "k".repeat(201)]) {
    const response = await post(page, path, { intent: "submit", expectedVersion: before.version, ...(key === null ? {} : { idempotencyKey: key }), ...typed });
    expect(response.status(), `idempotencyKey=${String(key).slice(0, 12)}`).toBe(400);
    expect(await response.text()).toContain(DAMAGED);
  }

  expect(await savedDraft(page, path)).toEqual(before);
});

test("“Confirm my bid unchanged” with a missing or unreadable retry key answers 400 in words and records nothing", async ({ page }) => {
  await signIn(page, "vendor1@demo.pareto");
  const path = await bidPath(page, BAFO_RFP);
  await gotoHydrated(page, path);
  const versions = page.getByRole("region", { name: "Submitted versions" });
  const listed = await versions.textContent();
  for (const key of [null, "", "abc", "k".repeat(201)]) {
    const response = await post(page, path, { intent: "confirm-unchanged", ...(key === null ? {} : { idempotencyKey: key }) });
    expect(response.status(), `idempotencyKey=${String(key).slice(0, 12)}`).toBe(400);
    expect(await response.text()).toContain(DAMAGED);
  }
  await gotoHydrated(page, path);
  expect(await versions.textContent()).toBe(listed);
});

test("a draft changed in another tab: the autosave says which version stands, pauses, and Save draft replaces it on purpose", async ({ page }) => {
  await signIn(page, "vendor3@demo.pareto");
  const path = await bidPath(page, OPEN_RFP);
  const other = await page.context().newPage();
  await gotoHydrated(page, path);
  await gotoHydrated(other, path);
  const opened = Number(await page.locator('input[name="expectedVersion"]').inputValue());

  // The other tab saves first.
  await other.getByLabel(FEE).fill("70,001");
  await other.getByRole("button", { name: "Save draft" }).click();
  await expect(status(other, "Draft saved.")).toBeVisible();
  await other.close();

  // This tab's autosave is refused: the message names the version that stands; what was typed stays.
  const autosaves: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && /(^|&)intent=autosave(&|$)/.test(r.postData() ?? "")) autosaves.push(r.postData() ?? "");
  });
  const refused = page.waitForResponse((r) => r.request().method() === "POST" && /(^|&)intent=autosave(&|$)/.test(r.request().postData() ?? ""));
  await page.getByLabel(FEE).fill("70,002");
  expect((await refused).status()).toBe(409);
  const standing = opened + 1;
  await expect(alert(page, `Your draft was changed elsewhere since this page loaded or last saved it (version ${standing}, saved `)).toBeVisible();
  await expect(alert(page, `by you, in another tab or window); nothing was saved. What you typed is still in the form: save or submit again to replace version ${standing} with it, or reload the page to see version ${standing} instead.`)).toBeVisible();
  await expect(status(page, "Not saved: changed elsewhere. Autosave paused.")).toBeVisible();
  await expect(page.getByLabel(FEE)).toHaveValue("70,002");
  expect((await savedDraft(page, path)).fee).toBe("70001.00");

  // Typing on saves nothing by itself: the vendor was told that saving replaces the other version.
  await page.getByLabel(ROLLOUT).fill("12");
  await page.waitForTimeout(2_500);
  expect(autosaves).toHaveLength(1);
  expect((await savedDraft(page, path)).fee).toBe("70001.00");

  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(status(page, "Draft saved.")).toBeVisible();
  expect(await savedDraft(page, path)).toEqual({ version: String(standing + 1), fee: "70002.00", rollout: "12" });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a Save draft based on an older version is refused with the version that stands; saving again replaces it", async ({ page }) => {
    await signInWithoutScript(page, "vendor3@demo.pareto");
    await page.goto("/opportunities");
    const href = await page.getByRole("row", { name: new RegExp(OPEN_RFP) }).getByRole("link").first().getAttribute("href");
    const path = `${href}/bid`;
    const other = await page.context().newPage();
    await page.goto(path);
    await other.goto(path);
    const opened = Number(await page.locator('input[name="expectedVersion"]').inputValue());

    await other.getByLabel(FEE).fill("71,001");
    await other.getByRole("button", { name: "Save draft" }).click();
    await expect(status(other, "Draft saved.")).toBeVisible();
    await other.close();

    await page.getByLabel(FEE).fill("71,002");
    const refused = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Save draft" }).click();
    expect((await refused).status()).toBe(409);
    const standing = opened + 1;
    await expect(alert(page, `(version ${standing}, saved `)).toBeVisible();
    await expect(alert(page, `nothing was saved. What you typed is still in the form: save or submit again to replace version ${standing} with it`)).toBeVisible();
    await expect(page.getByLabel(FEE)).toHaveValue("71,002");
    // The form now carries the version it was told about: saving again replaces it, on purpose.
    await expect(page.locator('input[name="expectedVersion"]')).toHaveValue(String(standing));
    expect((await savedDraft(page, path)).fee).toBe("71001.00");

    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(status(page, "Draft saved.")).toBeVisible();
    expect((await savedDraft(page, path)).fee).toBe("71002.00");
  });
});
