// A BAFO round on the demo's RFP evaluated in round 1 (RIV-2026-018: Atlas, Civic Crew,
// Northfield): the buyer shortlists Civic Crew with a reason and a conditional ask built from
// the engine's suggestion and a deadline 45 s ahead; Civic Crew reads the ask and its own
// round-1 bundles and submits a sealed round-2 bid; Atlas is told it is not shortlisted and
// cannot bid; after the deadline two people open round 2, both evaluators score the changed
// bundle, the buyer runs the evaluation, and the results show round 2 with the movement.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { gotoHydrated, signIn } from "./fixtures";

const TITLE = "Grounds maintenance for sports fields and cemeteries (City of Riverton)";
const CIVIC = "Civic Crew Co-operative";
const CRITERION = "Service reliability plan";

const status = (page: Page, text: RegExp | string) => page.getByRole("status").filter({ hasText: text });

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, email);
  return page;
}

let rfpPath = "";
let deadline = 0;

test.describe.serial("a BAFO round from the ask to the results", () => {
  test("MESO insight's “Use this ask in a BAFO round” arrives in the form: the vendor shortlisted, that suggestion picked", async ({ page }) => {
    await signIn(page, "buyer@demo.pareto");
    await gotoHydrated(page, "/rfps");
    await page.getByRole("link", { name: TITLE }).click();
    await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "MESO insight" }).click();
    await page.getByRole("table", { name: "Vendors and what their bundles reveal" }).getByRole("link", { name: CIVIC }).click();
    await expect(page.getByRole("heading", { name: `${CIVIC}: what its bundles reveal` })).toBeVisible();
    const links = page.getByRole("link", { name: "Use this ask in a BAFO round" });
    expect(await links.count()).toBeGreaterThan(0);
    // The last of them, so that the engine's first suggestion (the form's own default) cannot pass for it.
    const link = links.last();
    const index = Number(new URL((await link.getAttribute("href"))!, page.url()).searchParams.get("suggestion"));
    const ask = (await link.locator("xpath=ancestor::article").locator("q").innerText()).trim();
    await link.click();
    await expect(page.getByRole("heading", { name: "Best and final offers (BAFO)" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: `${CIVIC} is shortlisted below with suggestion ${index + 1} from MESO insight` })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: `Shortlist ${CIVIC}` })).toBeChecked();
    const picked = page.getByRole("group", { name: `Ask to ${CIVIC}` }).locator(`input[value="suggestion:${index}"]`);
    await expect(picked).toBeChecked();
    await expect(picked.locator("xpath=..")).toContainText(ask.replace(/^[“"]|[”"]$/g, ""));
    // The other bidders are left for the buyer to choose.
    for (const box of await page.getByRole("checkbox", { name: /^Shortlist / }).all()) if ((await box.getAttribute("value")) !== new URL(page.url()).searchParams.get("vendor")) await expect(box).not.toBeChecked();
  });

  test("the buyer shortlists Civic Crew with a reason, an ask from the engine's suggestion and a new deadline", async ({ page }) => {
    await signIn(page, "buyer@demo.pareto");
    await gotoHydrated(page, "/rfps");
    await page.getByRole("link", { name: TITLE }).click();
    await expect(page).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
    rfpPath = new URL(page.url()).pathname;
    await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "BAFO round" }).click();
    await expect(page.getByRole("heading", { name: "Best and final offers (BAFO)" })).toBeVisible();
    await expect(page.locator("html[data-hydrated=true]")).toBeAttached();

    // Nothing filled in: refused by the fields, nothing started.
    await page.getByRole("checkbox", { name: `Shortlist ${CIVIC}` }).check();
    await page.getByRole("button", { name: "Start round 2 and notify the vendors" }).click();
    await expect(page.getByText("Say why this vendor is shortlisted.")).toBeVisible();
    await expect(page.getByText("Give the new deadline (date and time).")).toBeVisible();
    await expect(page.getByRole("checkbox", { name: `Shortlist ${CIVIC}` })).toBeChecked();

    await page.getByLabel(`Why shortlist ${CIVIC}`).fill("Best value in round 1; its bundles show a lower fee for a longer term.");
    const choice = page.getByRole("group", { name: `Ask to ${CIVIC}` });
    const suggestion = choice.getByRole("radio", { name: /^If we / }).and(page.locator(":not([disabled])")).first();
    if ((await suggestion.count()) > 0) {
      await suggestion.check();
    } else {
      await choice.getByRole("radio", { name: "My own words, below" }).check();
      await page.getByLabel(`If we … (${CIVIC})`).fill("take a 48-month term with seasonal scheduling");
      await page.getByLabel(`could you … (${CIVIC})`).fill("lower the monthly fee of your balanced bundle");
    }
    deadline = Date.now() + 45_000;
    await page.getByLabel("Round 2 deadline").fill(new Date(deadline).toISOString().slice(0, 19));
    await page.screenshot({ path: test.info().outputPath("bafo-form-1280.png"), fullPage: true });
    await page.getByRole("button", { name: "Start round 2 and notify the vendors" }).click();
    await expect(status(page, "The BAFO round is open.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Shortlist and asks of round 2" })).toContainText(CIVIC);
    await expect(page.getByText("BAFO round open").first()).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: test.info().outputPath("bafo-round-390.png"), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // On a phone each shortlisted vendor is a card whose ask fits the screen (no table to scroll).
    const shortlist = page.getByRole("table", { name: "Shortlist and asks of round 2" });
    expect(await shortlist.evaluate((table) => table.scrollWidth <= table.parentElement!.clientWidth)).toBe(true);
    await expect(shortlist.getByText(/could you/).first()).toBeVisible();
  });

  test("Civic Crew reads its ask and its round-1 bundles and submits a sealed round-2 bid; Atlas cannot bid", async ({ page, browser }) => {
    const rfpId = rfpPath.split("/").pop()!;
    await signIn(page, "vendor2@demo.pareto");
    await gotoHydrated(page, `/opportunities/${rfpId}`);
    const bafo = page.getByRole("region", { name: "Best and final offers: round 2" });
    await expect(bafo).toContainText("You are shortlisted for round 2");
    await expect(bafo.locator("blockquote")).toContainText(/^If we .+, could you .+\?$/);
    await expect(bafo.getByRole("table", { name: "Your bundles of round 1" })).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: test.info().outputPath("vendor-ask-390.png"), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });

    await bafo.getByRole("link", { name: /Submit a new bid/ }).click();
    await expect(page.getByRole("button", { name: "Confirm my round-1 bid unchanged" })).toBeVisible();
    await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
    // The grid starts from the round-1 bid: lower bundle C's fee and submit.
    const fee = page.getByLabel("Bundle C — Monthly fee (EUR)");
    const before = Number((await fee.inputValue()).replace(/[^0-9.]/g, ""));
    expect(before).toBeGreaterThan(10_000);
    await fee.fill(String(before - 2_500));
    await page.getByRole("button", { name: "Submit bid" }).click();
    await expect(page.getByRole("heading", { name: "Bid receipt — round 2, version 1" })).toBeVisible();

    const atlas = await signedIn(browser, "vendor3@demo.pareto");
    await gotoHydrated(atlas, `/opportunities/${rfpId}/bid`);
    await expect(atlas.getByText("Your bid is not on the shortlist, so you cannot bid in round 2.")).toBeVisible();
    await expect(atlas.getByRole("button", { name: "Submit bid" })).toHaveCount(0);
    const html = await atlas.content();
    expect(html).not.toContain(CIVIC);
    expect(html).not.toContain("could you");
    await atlas.close();
  });

  test("after the deadline two people open round 2; both evaluators score the changed bundle; the results show round 2 and the movement", async ({ page, browser }) => {
    test.setTimeout(180_000);
    await page.waitForTimeout(Math.max(0, deadline - Date.now() + 1_500));
    await signIn(page, "buyer@demo.pareto");
    await gotoHydrated(page, `${rfpPath}/opening`);
    await expect(page.getByRole("heading", { name: "Bid opening: round 2 (BAFO)" })).toBeVisible();
    await page.getByRole("button", { name: "Start the opening" }).click();
    await expect(status(page, "Opening started.")).toBeVisible();

    const evaluator = await signedIn(browser, "evaluator@demo.pareto");
    await gotoHydrated(evaluator, `${rfpPath}/opening`);
    await evaluator.getByRole("button", { name: "Confirm the opening" }).click();
    await expect(status(evaluator, "The bids are opened.")).toBeVisible();
    await expect(evaluator.getByRole("region", { name: "Opening register" }).getByRole("row", { name: new RegExp(CIVIC) })).toContainText("Counted");

    for (const scorer of [evaluator, await signedIn(browser, "evaluator2@demo.pareto")]) {
      await gotoHydrated(scorer, `${rfpPath}/scoring`);
      await scorer.getByRole("link", { name: `Score ${CIVIC}` }).click();
      await expect(scorer.getByRole("heading", { name: `Scoring: ${CIVIC}` })).toBeVisible();
      await expect(scorer.locator("html[data-hydrated=true]")).toBeAttached();
      // Bundles A and B are unchanged: their round-1 scores carried over. C changed: scored afresh.
      await expect(scorer.getByLabel(`Score for bundle A (Cost-optimised) on ${CRITERION}`)).not.toHaveValue("");
      await scorer.getByLabel(`Score for bundle C (Balanced) on ${CRITERION}`).fill("8");
      await scorer.getByLabel(`Justification for bundle C (Balanced) on ${CRITERION}`).fill("Round 2: the lower fee does not change the cover plan.");
      await scorer.getByRole("button", { name: `Submit scores for ${CRITERION}` }).click();
      await expect(scorer.getByText(/^Submitted \d/)).toBeVisible();
      await scorer.close();
    }

    await gotoHydrated(page, `${rfpPath}/consensus`);
    await page.getByRole("button", { name: "Run the evaluation" }).click();
    await expect(status(page, "Evaluation run and stored as a snapshot.")).toBeVisible();
    await gotoHydrated(page, `${rfpPath}/evaluation`);
    await expect(page.getByRole("heading", { name: "Results: round 2", level: 2 })).toBeVisible();
    const movement = page.getByRole("table", { name: "Best bundle per vendor in round 1 and round 2" });
    await expect(movement.getByRole("row", { name: new RegExp(CIVIC) })).toContainText(/points/);
    await expect(movement.getByRole("row", { name: /Atlas Maintenance Group/ })).toContainText("not in this round");
    await page.screenshot({ path: test.info().outputPath("results-round-2-1280.png"), fullPage: true });
    // On a phone each vendor's movement is a card that fits the screen, with its rounds labelled.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await movement.evaluate((table) => table.scrollWidth <= table.parentElement!.clientWidth)).toBe(true);
    await expect(movement.getByText("not in this round").first()).toBeVisible();
  });
});
