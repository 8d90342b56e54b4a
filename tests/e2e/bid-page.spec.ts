// The vendor's bid page as a page (issues 15 and 9): its weight, live feedback that survives a
// bad cell, the clauses of one bundle at a time (with and without JavaScript), the read-only
// view after the deadline, and the phone. vendor1 and vendor2 work on the demo RFP RIV-2026-024
// (open); vendor1 also has a bid on RIV-2026-019, closed and waiting for its opening.
import { expect, test, type Page } from "@playwright/test";
import { gotoHydrated, signIn, signInWithoutScript } from "./fixtures";

const OPEN_RFP = "RIV-2026-024";
const CLOSED_RFP = "RIV-2026-019";

/** The bid page's path of the RFP with this reference, from the vendor's list. */
async function bidPath(page: Page, reference: string): Promise<string> {
  await gotoHydrated(page, "/opportunities");
  const href = await page.getByRole("row", { name: new RegExp(reference) }).getByRole("link").first().getAttribute("href");
  expect(href).toMatch(/^\/opportunities\/[0-9a-f-]{36}$/);
  return `${href}/bid`;
}

const status = (page: Page, text: RegExp | string) => page.getByRole("status").filter({ hasText: text });

test("the demo bid page's HTML stays under 100 KB and carries the draft once", async ({ page }) => {
  await signIn(page, "vendor1@demo.pareto");
  const path = await bidPath(page, OPEN_RFP);
  const response = await page.request.get(path);
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(Buffer.byteLength(html), "bytes of HTML").toBeLessThan(100 * 1024);
  // Each bundle's clause fields are sent for the open bundle only; the others are one click away.
  expect(html).toContain('name="bundles.0.slas.0.target"');
  expect(html).not.toContain('name="bundles.1.slas.0.target"');
  // The hydration data holds no second copy of the grid as form fields.
  const hydration = /window\.__remixContext = (.*?);?<\/script>/s.exec(html)?.[1] ?? "";
  expect(hydration).toContain('"monthlyFee"');
  expect(hydration).not.toContain('"bundles.0.values.');
});

test("live feedback keeps updating beside a cell that cannot be read, and stale messages clear", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, "vendor1@demo.pareto");
  const path = await bidPath(page, OPEN_RFP);
  await gotoHydrated(page, path);
  const feeB = page.getByLabel("Bundle B — Monthly fee (EUR)");
  const termA = page.getByLabel("Bundle A — Contract term (months)");
  const savedFeeB = await feeB.inputValue();
  const savedTermA = await termA.inputValue();
  const gatesA = page.getByRole("row", { name: /^Gates/ }).getByRole("list", { name: "Gates bundle A would fail" });
  await expect(gatesA).toHaveCount(0);

  // The reproduction: a bad cell in B, then a term in A beyond the 48-month gate.
  await feeB.fill("abc");
  await termA.fill("60");
  await expect(gatesA).toContainText("Fails gate", { timeout: 10_000 });
  await expect(page.getByRole("alert").filter({ hasText: "Give an amount in EUR" })).toBeVisible();
  await expect(feeB).toHaveValue("abc");
  await expect(status(page, /1 cell needs fixing/)).toBeVisible();
  // Fixed: the message goes, the feedback follows the valid value.
  await feeB.fill(savedFeeB);
  await termA.fill(savedTermA);
  await expect(gatesA).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByRole("alert").filter({ hasText: "Give an amount in EUR" })).toHaveCount(0);

  // A refused submission's message by a cell goes when that cell is filled.
  const feeA = page.getByLabel("Bundle A — Monthly fee (EUR)");
  const savedFeeA = await feeA.inputValue();
  await feeA.fill("");
  // The autosave of the emptied cell names the same missing fee, and a click while it is in
  // flight waits for it: wait for the submission's own answer, not only for the message.
  const refused = page.waitForResponse((r) => r.request().method() === "POST" && /(^|&)intent=submit(&|$)/.test(r.request().postData() ?? ""));
  await page.getByRole("button", { name: /^Submit/ }).click();
  expect((await refused).status()).toBe(400);
  const missing = page.getByRole("alert").filter({ hasText: "Bundle A: give the Monthly fee" });
  await expect(missing).toBeVisible();
  // The refused submission is a navigation: let its revalidation finish before typing again.
  await page.waitForLoadState("networkidle");
  // The autosave of the refilled fee, not an earlier one's "Draft saved" still on screen: the
  // test leaves the demo draft as it found it, so it can run again on the same server.
  const refilled = page.waitForResponse((r) => r.request().method() === "POST" && /(^|&)intent=autosave(&|$)/.test(r.request().postData() ?? "") && new URLSearchParams(r.request().postData() ?? "").get("bundles.0.values.monthlyFee") === savedFeeA);
  await page.getByLabel("Bundle A — Monthly fee (EUR)").fill(savedFeeA);
  await expect(missing).toHaveCount(0);
  expect((await refilled).status()).toBe(200);
  await expect(status(page, /Draft saved \d/)).toBeVisible({ timeout: 10_000 });
  await expect(missing).toHaveCount(0);
});

test("a blank cell earns no points in the feedback: a blank rollout is not 0 weeks", async ({ page }) => {
  // vendor3 on the SaaS RFP (RIV-2026-021), where no other test bids: a draft with nothing in it.
  await signIn(page, "vendor3@demo.pareto");
  await gotoHydrated(page, await bidPath(page, "RIV-2026-021"));
  const points = page.getByRole("row", { name: /^Your points so far/ }).getByRole("cell").first();
  const rollout = page.getByLabel("Bundle A — Rollout (weeks)");
  await expect(rollout).toHaveValue("");
  // Before the fix the empty bundle read "10 of 35 points": full marks for "Time to go live".
  await expect(points).toContainText("No points yet");
  await expect(points).toContainText(/Counted once its cells are filled in: .*Time to go live/);
  const saved = () => page.waitForResponse((r) => r.request().method() === "POST" && /(^|&)intent=autosave(&|$)/.test(r.request().postData() ?? ""));
  let autosave = saved();
  await rollout.fill("4");
  expect((await autosave).status()).toBe(200);
  await expect(points).toContainText(/10 of 10 points/, { timeout: 10_000 });
  await expect(points).not.toContainText("Time to go live");
  // Emptied again (the draft as it was found): no points again.
  autosave = saved();
  await rollout.fill("");
  expect((await autosave).status()).toBe(200);
  await expect(points).toContainText("No points yet", { timeout: 10_000 });
});

test("what the vendor types while a refused submission is in flight stays on screen and is saved", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, "vendor2@demo.pareto");
  const path = await bidPath(page, OPEN_RFP);
  await gotoHydrated(page, path);
  const feeA = page.getByLabel("Bundle A — Monthly fee (EUR)");
  const rolloutA = page.getByLabel("Bundle A — Rollout (weeks)");
  const [savedFee, savedRollout] = [await feeA.inputValue(), await rolloutA.inputValue()];
  const typed = savedRollout === "13" ? "14" : "13";
  // The submission reaches the server only after the vendor has typed in another cell.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**${path}*`, async (route) => {
    if (route.request().method() === "POST" && /(^|&)intent=submit(&|$)/.test(route.request().postData() ?? "")) await held;
    await route.continue();
  });
  await feeA.fill("");
  const refused = page.waitForResponse((r) => r.request().method() === "POST" && /(^|&)intent=submit(&|$)/.test(r.request().postData() ?? ""));
  await page.getByRole("button", { name: /^Submit/ }).click();
  await rolloutA.fill(typed);
  const saved = page.waitForResponse((r) => r.request().method() === "POST" && new URLSearchParams(r.request().postData() ?? "").get("intent") === "autosave");
  release();
  expect((await refused).status()).toBe(400);
  await expect(page.getByRole("alert").filter({ hasText: "Bundle A: give the Monthly fee" })).toBeVisible();
  await expect(rolloutA).toHaveValue(typed);
  expect((await saved).status()).toBe(200);
  await page.unroute(`**${path}*`);
  // Saved: a fresh view of the page shows it; then the draft is put back as it was.
  await gotoHydrated(page, path);
  await expect(rolloutA).toHaveValue(typed);
  await feeA.fill(savedFee);
  await rolloutA.fill(savedRollout);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(status(page, "Draft saved.")).toBeVisible();
  await expect(feeA).toHaveValue(savedFee);
});

test("another bundle's clauses open in place, and what was typed in them is saved", async ({ page }) => {
  await signIn(page, "vendor2@demo.pareto");
  const path = await bidPath(page, OPEN_RFP);
  await gotoHydrated(page, path);
  const targetB = page.getByLabel("Bundle B — complaint resolution time — Target");
  await expect(targetB).toHaveCount(0);
  await page.getByRole("button", { name: "Show bundle B's service levels, remedies and terms" }).click();
  await targetB.fill("3");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(status(page, "Draft saved.")).toBeVisible();
  await gotoHydrated(page, `${path}?clauses=B`);
  await expect(page.getByLabel("Bundle B — complaint resolution time — Target")).toHaveValue("3");
});

test("a blank SLA or contingent clause is added in place, with the focus in it", async ({ page }) => {
  await signIn(page, "vendor2@demo.pareto");
  const path = await bidPath(page, OPEN_RFP);
  await gotoHydrated(page, path);
  // The page renders the clauses the draft holds; a blank one to type into is a click away.
  const metrics = page.getByLabel(/^Bundle A — extra SLA \d+ — Metric$/);
  const before = await metrics.count();
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(r.postData() ?? "");
  });
  await page.getByRole("button", { name: "Add another SLA to bundle A" }).click();
  await expect(metrics).toHaveCount(before + 1);
  await expect(metrics.last()).toBeFocused();
  await expect(metrics.last()).toHaveValue("");
  const clauses = page.getByLabel(/^Bundle A — contingent clause \d+ — Metric$/);
  const clausesBefore = await clauses.count();
  await page.getByRole("button", { name: /^Add (a|another) contingent clause to bundle A$/ }).click();
  await expect(clauses).toHaveCount(clausesBefore + 1);
  await expect(clauses.last()).toBeFocused();
  expect(posts.filter((body) => /intent=add-/.test(body))).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("opening another bundle's clauses is a post that keeps what was typed; saving keeps the bundles not shown", async ({ page }) => {
    await signInWithoutScript(page, "vendor2@demo.pareto");
    await page.goto("/opportunities");
    const href = await page.getByRole("row", { name: new RegExp(OPEN_RFP) }).getByRole("link").first().getAttribute("href");
    const path = `${href}/bid`;
    await page.goto(`${path}?clauses=C`);
    const targetC = await page.getByLabel("Bundle C — complaint resolution time — Target").inputValue();
    await page.goto(path);
    const targetA = await page.getByLabel("Bundle A — complaint resolution time — Target").inputValue();

    await page.getByLabel("Bundle A — Rollout (weeks)").fill("11");
    await page.getByRole("button", { name: "Show bundle B's service levels, remedies and terms" }).click();
    await expect(page.getByLabel("Bundle A — Rollout (weeks)")).toHaveValue("11");
    await page.getByLabel("Bundle B — complaint resolution time — Target").fill("2");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(status(page, "Draft saved.")).toBeVisible();

    await page.goto(`${path}?clauses=B`);
    await expect(page.getByLabel("Bundle A — Rollout (weeks)")).toHaveValue("11");
    await expect(page.getByLabel("Bundle B — complaint resolution time — Target")).toHaveValue("2");
    await page.goto(path);
    await expect(page.getByLabel("Bundle A — complaint resolution time — Target")).toHaveValue(targetA);
    await page.goto(`${path}?clauses=C`);
    await expect(page.getByLabel("Bundle C — complaint resolution time — Target")).toHaveValue(targetC);
  });

  test("adding a blank contingent clause is a post that keeps what was typed", async ({ page }) => {
    await signInWithoutScript(page, "vendor2@demo.pareto");
    await page.goto("/opportunities");
    const href = await page.getByRole("row", { name: new RegExp(OPEN_RFP) }).getByRole("link").first().getAttribute("href");
    await page.goto(`${href}/bid`);
    const clauses = page.getByLabel(/^Bundle A — contingent clause \d+ — Metric$/);
    const before = await clauses.count();
    await page.getByLabel("Bundle A — Rollout (weeks)").fill("13");
    await page.getByLabel("Bundle A — complaint resolution time — Target").fill("2.5");
    await page.getByRole("button", { name: /^Add (a|another) contingent clause to bundle A$/ }).click();
    await expect(clauses).toHaveCount(before + 1);
    await expect(page.getByLabel("Bundle A — Rollout (weeks)")).toHaveValue("13");
    await expect(page.getByLabel("Bundle A — complaint resolution time — Target")).toHaveValue("2.5");
    await clauses.last().fill("crew attendance");
    await page.getByRole("button", { name: "Add another SLA to bundle A" }).click();
    await expect(clauses.last()).toHaveValue("crew attendance");
    await expect(page.getByLabel(/^Bundle A — extra SLA \d+ — Metric$/).last()).toHaveValue("");
  });
});

test("after the deadline the bid page is a read-only view of the version that counts", async ({ page }) => {
  await signIn(page, "vendor1@demo.pareto");
  await gotoHydrated(page, await bidPath(page, CLOSED_RFP));
  await expect(page.getByRole("heading", { level: 2, name: /Your bid: version \d+ counts/ })).toBeVisible();
  await expect(page.getByText("Bids are closed: the deadline has passed, so your bid can no longer be changed, submitted or withdrawn.")).toBeVisible();
  await expect(page.getByText(/What you can still do/)).toBeVisible();
  await expect(page.getByRole("table", { name: /Version \d+ as submitted/ })).toContainText("EUR");
  for (const name of ["Save draft", /^Submit/, "Withdraw bid", "Upload and import"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await page.screenshot({ path: "test-results/bid-closed.png", fullPage: true });
});

test.describe("at phone width", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  const noSidewaysScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  test("the bid grid shows one bundle at a time, numbers whole, a slim action bar, no sideways scroll", async ({ page }) => {
    await signIn(page, "vendor1@demo.pareto");
    await gotoHydrated(page, await bidPath(page, OPEN_RFP));
    await noSidewaysScroll(page);
    const feeA = page.getByLabel("Bundle A — Monthly fee (EUR)");
    const feeB = page.getByLabel("Bundle B — Monthly fee (EUR)");
    await expect(feeA).toBeVisible();
    await expect(feeB).toBeHidden();
    await page.getByText("B · Reliability-optimised").click();
    await expect(feeB).toBeVisible();
    await expect(feeA).toBeHidden();
    // The whole number is readable in its box.
    expect(await feeB.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth && el.clientWidth >= 120)).toBe(true);
    const bar = await page.locator(".bid-actions").boundingBox();
    expect(bar!.height).toBeLessThanOrEqual(844 * 0.12);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(14_000);
    await page.screenshot({ path: "test-results/bid-phone.png" });
  });

  test("the vendor's points table of a bundle fits the width, its notes wrapped", async ({ page }) => {
    // vendor2's BAFO bid on RIV-2026-020: price is relative and one criterion judged, so two cells hold notes.
    await signIn(page, "vendor2@demo.pareto");
    await gotoHydrated(page, await bidPath(page, "RIV-2026-020"));
    await page.locator("summary").filter({ hasText: "Your points on bundle A" }).click();
    const table = page.getByRole("table", { name: "Bundle A: your points on each criterion" });
    await expect(table).toBeVisible();
    await expect(table.getByText("relative: depends on other bids")).toBeVisible();
    await noSidewaysScroll(page);
    // Every cell, the "Your points" column and its notes included, sits inside the phone's width.
    for (const cell of await table.locator("th, td").all()) {
      const box = await cell.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
  });

  test("the buyer's RFP list fits the width", async ({ page }) => {
    await signIn(page, "buyer@demo.pareto");
    await gotoHydrated(page, "/rfps");
    await noSidewaysScroll(page);
  });

  test("the vendor's RFP list shows each deadline", async ({ page }) => {
    await signIn(page, "vendor1@demo.pareto");
    await gotoHydrated(page, "/opportunities");
    await noSidewaysScroll(page);
    // Without scrolling sideways: the date sits inside the phone's width.
    const deadline = page.getByRole("row", { name: new RegExp(OPEN_RFP) }).locator("time");
    await expect(deadline).toBeVisible();
    const box = await deadline.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  });
});
