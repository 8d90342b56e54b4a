// From "bids closed" to "scores locked", end to end on the seeded demo RFP that waits for its
// opening (RIV-2026-019: three bids, panel of Sam Lindqvist and Noor Haddad): the buyer starts
// the opening (the evaluator is told on the dashboard and by mail), withdraws it (a confirmation
// of the withdrawn start is refused) and starts it again, an evaluator confirms it, the
// evaluators declare conflicts and score on their own, nobody sees another's scores before
// submitting theirs, a conflicted vendor's pages are 404 for that evaluator, and the buyer
// moderates the flagged spread and locks the scores.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { gotoHydrated, signIn } from "./fixtures";
import { walkLinks } from "./link-walk";

const TITLE = "Tree care and storm response crews (City of Riverton)";
const CRITERION = "Service reliability plan";
const BUNDLES = ["A (Cost-optimised)", "B (Reliability-optimised)", "C (Balanced)"] as const;
const VENDORS = { atlas: "Atlas Maintenance Group", civic: "Civic Crew Co-operative", northfield: "Northfield Field Services Ltd" } as const;

let rfpPath = "";

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, email);
  return page;
}

const status = (page: Page, text: RegExp | string) => page.getByRole("status").filter({ hasText: text });

async function declare(page: Page, conflicts: Partial<Record<keyof typeof VENDORS, string>>) {
  await gotoHydrated(page, `${rfpPath}/scoring`);
  for (const [key, vendor] of Object.entries(VENDORS) as [keyof typeof VENDORS, string][]) {
    const note = conflicts[key];
    if (note) {
      await page.getByRole("radio", { name: `Conflict of interest with ${vendor}` }).check();
      await page.getByLabel(`Note on ${vendor}`).fill(note);
    } else {
      await page.getByRole("radio", { name: `No conflict with ${vendor}` }).check();
    }
  }
  await page.getByRole("button", { name: "Save declarations" }).click();
  await expect(status(page, "Declarations saved.")).toBeVisible();
}

async function score(page: Page, vendor: string, scores: readonly [number, number, number]) {
  await gotoHydrated(page, `${rfpPath}/scoring`);
  await page.getByRole("link", { name: `Score ${vendor}` }).click();
  await expect(page.getByRole("heading", { name: `Scoring: ${vendor}` })).toBeVisible();
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  for (const [i, bundle] of BUNDLES.entries()) {
    await page.getByLabel(`Score for bundle ${bundle} on ${CRITERION}`).fill(String(scores[i]));
    await page.getByLabel(`Justification for bundle ${bundle} on ${CRITERION}`).fill(`Bundle ${bundle}: crew cover and escalation judged against the rubric.`);
  }
}

/**
 * Bundle A's score out of range and bundle B's justification blank, then "Submit": both messages
 * at once, each beside its field, and every value as typed; nothing submitted.
 */
async function refusedSubmit(page: Page, fillAll = false) {
  const field = (what: "Score" | "Justification", i: number) => page.getByLabel(`${what} for bundle ${BUNDLES[i]} on ${CRITERION}`);
  const justification = (i: number) => `Bundle ${BUNDLES[i]}: crew cover and escalation judged against the rubric.`;
  if (fillAll) {
    for (const i of [1, 2]) await field("Score", i).fill(String(7 + i / 2));
    for (const i of [0, 2]) await field("Justification", i).fill(justification(i));
  }
  await field("Score", 0).fill("12");
  await field("Justification", 1).fill("");
  await page.getByRole("button", { name: `Submit scores for ${CRITERION}` }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was saved: see the messages by each score." })).toBeVisible();
  await expect(field("Score", 0)).toHaveAccessibleDescription("Give a score from 0 to 10.");
  await expect(field("Justification", 1)).toHaveAccessibleDescription("Write a justification for bundle B (Reliability-optimised) before you submit: it is required.");
  await expect(field("Score", 0)).toHaveValue("12");
  await expect(field("Justification", 0)).toHaveValue(justification(0));
  await expect(field("Score", 2)).toHaveValue(fillAll ? "8" : "7.5");
  await expect(field("Justification", 2)).toHaveValue(justification(2));
  await expect(page.getByText(/^Submitted \d/)).toHaveCount(0);
}

async function submitScores(page: Page) {
  await page.getByRole("button", { name: `Submit scores for ${CRITERION}` }).click();
  await expect(page.getByText(/^Submitted \d/)).toBeVisible();
}

test.describe.serial("bid opening, conflicts, independent scoring and consensus", () => {
  test("a buyer starts the opening; a second person confirms it and the register lists every bidder", async ({ page, browser }) => {
    await signIn(page, "buyer@demo.pareto");
    await gotoHydrated(page, "/rfps");
    await page.getByRole("link", { name: TITLE }).click();
    await expect(page).toHaveURL(/\/rfps\/[0-9a-f-]{36}$/);
    rfpPath = new URL(page.url()).pathname;
    await page.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Bid opening" }).click();
    await expect(page.getByRole("heading", { name: "Bid opening" })).toBeVisible();
    await page.getByRole("button", { name: "Start the opening" }).click();
    await expect(status(page, "Opening started.")).toBeVisible();
    await expect(page.getByText("waiting for a second person")).toBeVisible();
    // The starter is not offered the second key.
    await expect(page.getByRole("button", { name: "Confirm the opening" })).toHaveCount(0);

    // The second key is told: a line on the dashboard and a notice in the mailbox, both to the opening page.
    const evaluator = await signedIn(browser, "evaluator@demo.pareto");
    const waiting = evaluator.getByRole("region", { name: "A bid opening waits for a second person" });
    await expect(waiting.getByRole("listitem").filter({ hasText: "RIV-2026-019" })).toContainText("started by Dana Okafor");
    await gotoHydrated(evaluator, "/mailbox");
    const notice = evaluator.getByRole("main").getByRole("article").filter({ hasText: `Bid opening awaits your confirmation: ${TITLE}` }).first();
    await expect(notice).toContainText("Dana Okafor started the opening of the bids of");
    await expect(notice.getByRole("link", { name: new RegExp(`${rfpPath}/opening$`) })).toBeVisible();
    await gotoHydrated(evaluator, `${rfpPath}/opening`);
    await expect(evaluator.getByRole("button", { name: "Confirm the opening" })).toBeVisible();
    // Only the starter and an administrator may withdraw: no such form for the evaluator.
    await expect(evaluator.getByRole("button", { name: "Withdraw the opening" })).toHaveCount(0);

    // The starter withdraws it (a reason is required; what was typed stays), and may start it again.
    const tooLong = `Started too early. ${"x".repeat(500)}`;
    await page.getByLabel("Reason for withdrawing").fill(tooLong);
    await page.getByRole("button", { name: "Withdraw the opening" }).click();
    await expect(page.getByLabel("Reason for withdrawing")).toHaveAccessibleDescription("Keep the reason under 500 characters");
    await expect(page.getByLabel("Reason for withdrawing")).toHaveValue(tooLong);
    await page.getByLabel("Reason for withdrawing").fill("Started too early: Sam is at the depot until noon.");
    await page.getByRole("button", { name: "Withdraw the opening" }).click();
    await expect(status(page, "Opening withdrawn.")).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: "Reason: Started too early: Sam is at the depot until noon." })).toBeVisible();
    await expect(page.getByRole("button", { name: "Withdraw the opening" })).toHaveCount(0);

    // The evaluator's page still shows the old start: confirming it is refused, with who withdrew it and why.
    await evaluator.getByRole("button", { name: "Confirm the opening" }).click();
    await expect(evaluator.getByRole("alert")).toContainText("was withdrawn by Dana Okafor");
    await expect(evaluator.getByRole("alert")).toContainText("so there is nothing to confirm");
    await expect(evaluator.getByRole("region", { name: "Opening register" })).toHaveCount(0);

    await page.getByRole("button", { name: "Start the opening" }).click();
    await expect(status(page, "Opening started.")).toBeVisible();
    // The starter's dashboard no longer asks her to start it: she waits for the second key.
    await gotoHydrated(page, "/dashboard");
    const listed = page.getByRole("region", { name: "Your RFPs" }).getByRole("listitem").filter({ hasText: TITLE });
    await expect(listed.getByRole("link", { name: "Waiting for a second person to confirm the opening" })).toBeVisible();
    await expect(listed).toContainText("(started by Dana Okafor on");
    await expect(listed.getByRole("link", { name: "Start the bid opening" })).toHaveCount(0);
    // Nobody can read a bid yet: the consensus page says the bids are not opened.
    await gotoHydrated(page, `${rfpPath}/consensus`);
    await expect(page.getByText("have not been opened yet")).toBeVisible();

    await gotoHydrated(evaluator, `${rfpPath}/opening`);
    await evaluator.getByRole("button", { name: "Confirm the opening" }).click();
    await expect(status(evaluator, "The bids are opened.")).toBeVisible();
    const register = evaluator.getByRole("region", { name: "Opening register" });
    for (const vendor of Object.values(VENDORS)) await expect(register.getByRole("row", { name: new RegExp(vendor) })).toContainText("Counted");
    await expect(register).toContainText(/[0-9a-f]{64}/);
    // With the page's script, a Print button and no word about working without it; without the script, the reverse.
    await expect(evaluator.getByRole("button", { name: "Print the register" })).toBeVisible();
    await expect(evaluator.getByText("Use your browser's Print command")).toBeHidden();
    const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await evaluator.context().storageState() });
    await evaluator.close();
    const plain = await noScript.newPage();
    await plain.goto(`${rfpPath}/opening`);
    await expect(plain.getByText("Use your browser's Print command")).toBeVisible();
    await expect(plain.getByRole("button", { name: "Print the register" })).toBeHidden();
    await noScript.close();

    await page.reload();
    await expect(page.getByText("Bids opened").first()).toBeVisible();
    // After the deadline the sections are read-only views that say why, not forms the server refuses.
    await gotoHydrated(page, `${rfpPath}/basics`);
    await expect(page.getByText("The deadline for bids has passed, so the RFP can no longer change")).toBeVisible();
    await expect(page.getByRole("button", { name: /Save scope and basics/ })).toHaveCount(0);
    // The values as text, not as disabled fields.
    await expect(page.getByRole("textbox")).toHaveCount(0);
    await expect(page.getByRole("definition").first()).toHaveText(TITLE);
  });

  test("Noor declares no conflicts and scores every bidder; the spread on Northfield's bundle A is wide", async ({ browser }) => {
    const noor = await signedIn(browser, "evaluator2@demo.pareto");
    // Before declaring, the queue shows no bid.
    await gotoHydrated(noor, `${rfpPath}/scoring`);
    await expect(noor.getByRole("link", { name: /^Score / })).toHaveCount(0);
    // Not declared yet is a step to take, not a refusal: the Results and MESO insight tabs answer
    // 200 with what to do and a link to it, and every link of the RFP she is shown answers.
    for (const [tab, heading] of [["evaluation", "Results"], ["insight", "MESO insight"]] as const) {
      const response = await gotoHydrated(noor, `${rfpPath}/${tab}`);
      expect(response?.status()).toBe(200);
      await expect(noor.getByRole("heading", { name: heading, exact: true })).toBeVisible();
      await expect(noor.getByText("Declare for every bidder whether you have a conflict of interest before you see any bid.")).toBeVisible();
      await expect(noor.getByText(/Error 403|do not have access/)).toHaveCount(0);
    }
    await noor.getByRole("link", { name: "Declare your conflicts of interest on the Scoring tab" }).click();
    await expect(noor.getByRole("heading", { name: "Declare conflicts of interest" })).toBeVisible();
    const walked = await walkLinks(noor, { start: rfpPath, within: rfpPath, limit: 30 });
    expect(walked.paths).toEqual(expect.arrayContaining([`${rfpPath}/evaluation`, `${rfpPath}/insight`, `${rfpPath}/pack`]));
    expect(walked.problems).toEqual([]);
    await declare(noor, {});
    await score(noor, VENDORS.northfield, [8.5, 7, 7.5]);
    // A score out of range and a missing justification in one submit: both named at once (with
    // the page's script, and without it, where the server's reply alone keeps what was typed).
    await refusedSubmit(noor);
    const plain = await (await browser.newContext({ javaScriptEnabled: false, storageState: await noor.context().storageState() })).newPage();
    await plain.goto(noor.url());
    await refusedSubmit(plain, true);
    await plain.context().close();
    const scoreA = noor.getByLabel(`Score for bundle ${BUNDLES[0]} on ${CRITERION}`);
    const justificationB = noor.getByLabel(`Justification for bundle ${BUNDLES[1]} on ${CRITERION}`);
    await scoreA.fill("8.5");
    await justificationB.fill(`Bundle ${BUNDLES[1]}: crew cover and escalation judged against the rubric.`);
    // Nobody else has submitted: no other evaluator's name is on the page after submitting either.
    await submitScores(noor);
    await expect(noor.getByText(`No other evaluator has submitted scores for ${CRITERION} yet.`)).toBeVisible();
    await score(noor, VENDORS.civic, [6, 7, 6.5]);
    await submitScores(noor);
    await score(noor, VENDORS.atlas, [5, 6, 5.5]);
    await submitScores(noor);
    // The queue counts what is submitted; a finished vendor has no "0 drafted" beside it.
    await gotoHydrated(noor, `${rfpPath}/scoring`);
    const northfield = noor.getByRole("row", { name: new RegExp(VENDORS.northfield) });
    await expect(northfield).toContainText("Submitted");
    await expect(northfield).toContainText("3 of 3 submitted");
    await expect(northfield).not.toContainText("drafted");
    await noor.close();
  });

  test("Sam declares a conflict with Atlas, scores the others and sees Noor's scores only after submitting his own", async ({ browser }) => {
    const sam = await signedIn(browser, "evaluator@demo.pareto");
    await declare(sam, { atlas: "My brother-in-law is a director of Atlas Maintenance Group." });
    await expect(sam.getByRole("row", { name: new RegExp(VENDORS.atlas) })).toContainText("Conflict declared");
    await expect(sam.getByRole("link", { name: `Score ${VENDORS.atlas}` })).toHaveCount(0);
    await expect(sam.getByRole("row", { name: new RegExp(VENDORS.northfield) })).toContainText("Not started");
    await expect(sam.getByRole("row", { name: new RegExp(VENDORS.northfield) })).toContainText("0 of 3 submitted");

    await score(sam, VENDORS.northfield, [4, 7.5, 7]);
    // Independence: Noor has submitted, but Sam sees nothing of it before submitting his own.
    await expect(sam.getByRole("main")).not.toContainText("Noor Haddad");
    await expect(sam.getByText(`Other evaluators’ scores for ${CRITERION} appear once you submit yours.`)).toBeVisible();
    await submitScores(sam);
    const others = sam.getByRole("table", { name: `Other evaluators’ scores for ${CRITERION}` });
    await expect(others).toContainText("Noor Haddad");
    await expect(others).toContainText("8.5");
    // Noor's three bundles in bundle order, A first.
    await expect(others.locator("tbody tr").first()).toContainText("Bundle A");
    // The consensus and spread so far, as the chair sees them: bundle A's 8.5 and 4 are 4.5 apart, beyond the margin of 3.
    const consensus = sam.getByRole("table", { name: `Consensus so far for ${CRITERION}` });
    await expect(consensus.getByRole("row", { name: /Bundle A/ })).toContainText("6.25");
    await expect(consensus.getByRole("row", { name: /Bundle A/ })).toContainText("Spread flagged");
    await expect(consensus.getByRole("row", { name: /Bundle B/ })).toContainText("7.25");
    await expect(consensus.getByRole("row", { name: /Bundle B/ })).not.toContainText("Spread flagged");

    await score(sam, VENDORS.civic, [6.5, 7, 6]);
    await submitScores(sam);
    await sam.close();
  });

  test("the conflicted vendor's pages answer 404 to Sam", async ({ browser }) => {
    const noor = await signedIn(browser, "evaluator2@demo.pareto");
    await gotoHydrated(noor, `${rfpPath}/scoring`);
    const atlasHref = await noor.getByRole("link", { name: `Score ${VENDORS.atlas}` }).getAttribute("href");
    await noor.close();
    const atlasPath = new URL(atlasHref!, "http://x").pathname;
    expect(atlasPath).toMatch(/\/scoring\/[0-9a-f-]{36}$/);

    const sam = await signedIn(browser, "evaluator@demo.pareto");
    const response = await sam.goto(atlasPath);
    expect(response?.status()).toBe(404);
    await expect(sam.locator("body")).not.toContainText("Monthly fee");
    // The data request of the same page is refused the same way.
    const data = await sam.request.get(`${atlasPath}?_data=routes%2Frfps.%24rfpId.scoring.%24vendorId`);
    expect(data.status()).toBe(404);
    await sam.close();
  });

  test("the buyer moderates the flagged spread and locks the scores", async ({ page }) => {
    await signIn(page, "buyer@demo.pareto");
    await gotoHydrated(page, `${rfpPath}/consensus`);
    await expect(page.getByText("1 flagged spread to moderate")).toBeVisible();
    await expect(page.getByText("Every panel evaluator has submitted every score they owe.")).toBeVisible();
    const form = page.getByRole("form", { name: `Moderate ${CRITERION}, ${VENDORS.northfield}, Cost-optimised` });
    // A moderated score without a reason is refused by the field, and the score typed is kept.
    await form.getByLabel("Moderated score", { exact: true }).fill("6.5");
    await form.getByRole("button", { name: "Save moderated score" }).click();
    await expect(form.getByText("Give the reason for the moderated score: the panel and the award report read it.")).toBeVisible();
    await expect(form.getByLabel("Moderated score", { exact: true })).toHaveValue("6.5");
    await form.getByLabel("Reason for the moderated score").fill("Discussed at the panel: standby crews exist but winter cover is thin.");
    await form.getByRole("button", { name: "Save moderated score" }).click();
    await expect(page.getByRole("status")).toBeVisible();
    await expect(page.getByText("Discussed at the panel: standby crews exist but winter cover is thin.").first()).toBeVisible();
    // Moderated, the flag no longer waits for anyone.
    await expect(page.getByText("1 flagged spread moderated")).toBeVisible();
    await expect(page.getByText(/flagged spreads? to moderate/)).toHaveCount(0);

    await page.getByRole("button", { name: "Lock scores" }).click();
    await expect(page.getByRole("button", { name: "Unlock scores" })).toBeVisible();
    await page.getByRole("button", { name: "Run the evaluation" }).click();
    await expect(page.getByRole("link", { name: /Input JSON/ }).first()).toBeVisible();
  });
});
