// The vendor's side of an RFP, end to end on the seeded demo: RIV-2026-024 is published and
// vendor1..3 accepted their invitations. The tests run in order: vendor1's question is
// answered by the buyer and then read by vendor2.
import { expect, test, type Page } from "@playwright/test";
import { gotoHydrated, pageErrors, signIn, signInWithoutScript } from "./fixtures";

const REFERENCE = "RIV-2026-024";
const TITLE = "Street furniture and signage repairs (City of Riverton)";
// The buyer's confidential position in app/services/seed-demo.server.ts: reservation price
// 490_000_000 minor units (EUR 4,900,000.00), its BATNA and notes. None may reach a vendor.
const CONFIDENTIAL = ["4,900,000", "4900000", "490000000", "490,000,000", "4.900.000", "Council budget line", "in-house crews", "13500000", "135,000"];

// Unique per run, so a re-run against a kept database still finds its own question.
const RUN = Date.now().toString(36);
const QUESTION = `Northfield here (${RUN}): may seasonal crews be shared between districts in winter?`;
const PUBLISHED_QUESTION = `May seasonal crews be shared between districts in winter? (${RUN})`;
const ANSWER = `Yes, as long as every district keeps its emergency response SLA (${RUN}).`;

let rfpPath = "";

const section = (page: Page, name: string) => page.getByRole("region", { name });

async function openDemoRfp(page: Page) {
  await gotoHydrated(page, "/opportunities");
  await page.getByRole("row", { name: new RegExp(REFERENCE) }).getByRole("link", { name: TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
}

test.describe.serial("a vendor reads, declares and asks; the buyer answers", () => {
  test("vendor1 finds the RFP, reads criteria and SLAs, sees its bid stand for its intent and asks a question", async ({ page }) => {
    await signIn(page, "vendor1@demo.pareto");
    // The dashboard lists it too, with a way to all of them.
    await expect(page.getByRole("region", { name: "Invitations and open RFPs" }).getByRole("link", { name: TITLE })).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "RFPs" }).click();
    await expect(page).toHaveURL(/\/opportunities$/);
    const row = page.getByRole("row", { name: new RegExp(REFERENCE) });
    await expect(row).toContainText("City of Riverton — Public Works Department");
    await expect(row).toContainText("Open for bids");

    await openDemoRfp(page);
    rfpPath = new URL(page.url()).pathname;
    expect(rfpPath).toMatch(/^\/opportunities\/[0-9a-f-]{36}$/);

    // Criteria with their weights and plain-English methods; the relative price formula is flagged.
    const criteria = section(page, "Criteria and how they are scored");
    await expect(criteria.getByRole("row", { name: /Evaluated price/ })).toContainText("35");
    await expect(criteria.getByRole("row", { name: /Evaluated price/ })).toContainText("Relative");
    await expect(criteria.getByRole("row", { name: /Emergency response time/ })).toContainText("15");
    await expect(criteria.getByRole("row", { name: /Total/ })).toContainText("100");
    await expect(criteria.getByText("Citizen complaint SLA: a bundle without an SLA on complaint resolution time")).toBeVisible();

    // SLA requirements and the required remedies.
    const sla = section(page, "SLA requirements and remedies");
    await expect(sla.getByRole("row", { name: /complaint resolution time/ })).toContainText("At most 5 days");
    await expect(sla.getByRole("row", { name: /complaint resolution time/ })).toContainText("city 311 CRM");
    await expect(sla.getByText(/Holdback of at least 5 % of fees, released when: Complaint SLA met for 3 consecutive months/)).toBeVisible();

    // The three bundle slots and the term sheet.
    await expect(section(page, "The three bundles you bid").getByRole("heading", { level: 3 })).toHaveText(["Cost-optimised", "Reliability-optimised", "Balanced"]);
    await expect(section(page, "Term sheet").getByRole("row", { name: /Emergency response/ })).toContainText("A number, in hours");

    // Intent to bid: vendor1 has a submitted bid on the demo RFP, which says it intends to bid;
    // no yes/no buttons that would contradict the bid.
    await expect(page.locator("#intent")).toContainText("You submitted a bid, so the buyer sees that you intend to bid");
    await expect(page.getByRole("button", { name: "Yes, we intend to bid" })).toHaveCount(0);

    // A too-short question is refused by the field, keeping what was typed.
    const questions = section(page, "Questions and answers");
    await questions.getByLabel("Your question").fill("Hm?");
    await questions.getByRole("button", { name: "Send question" }).click();
    await expect(questions.getByText("Write your question")).toBeVisible();
    await expect(questions.getByLabel("Your question")).toHaveValue("Hm?");

    await questions.getByLabel("Your question").fill(QUESTION);
    await questions.getByRole("button", { name: "Send question" }).click();
    await expect(page.getByRole("status")).toContainText("Your question was sent to the buyer.");
    const mine = questions.getByRole("listitem").filter({ hasText: QUESTION });
    await expect(mine).toContainText("Waiting for an answer");
    await expect(questions.getByLabel("Your question")).toHaveValue("");
    await page.screenshot({ path: "test-results/vendor-rfp.png", fullPage: true });
  });

  test("the server refuses a blank question with 400 (no JavaScript involved)", async ({ page }) => {
    await signIn(page, "vendor1@demo.pareto");
    const response = await page.request.post(rfpPath, { form: { intent: "ask", question: "" }, headers: { Origin: new URL(page.url()).origin }, maxRedirects: 0 });
    expect(response.status()).toBe(400);
  });

  test("the buyer sees who asked and publishes the answer with the question rephrased", async ({ page }) => {
    await signIn(page, "buyer@demo.pareto");
    const rfpId = rfpPath.split("/").pop()!;
    await gotoHydrated(page, `/rfps/${rfpId}/questions`);
    const card = page.getByRole("article").filter({ hasText: QUESTION });
    await expect(card.getByRole("heading", { level: 3 })).toContainText("Northfield Field Services Ltd");

    // Without a visibility, the answer is refused by the field and the typed answer kept.
    await card.getByLabel("Answer").fill(ANSWER);
    await card.getByRole("button", { name: "Send answer" }).click();
    await expect(card.getByText("Choose whether only the asker or every vendor reads the answer")).toBeVisible();
    await expect(card.getByLabel("Answer")).toHaveValue(ANSWER);

    await card.getByLabel("Every vendor, without naming who asked").check();
    await card.getByLabel("Question as every vendor will read it (optional)").fill(PUBLISHED_QUESTION);
    await card.getByRole("button", { name: "Send answer" }).click();
    await expect(page.getByRole("status")).toHaveText("Answer sent. The vendors it is for were notified.");
    const answered = page.getByRole("region", { name: /Answered/ }).getByRole("article").filter({ hasText: QUESTION });
    await expect(answered).toContainText("Published to every vendor");
    await expect(answered).toContainText(ANSWER);
    await page.screenshot({ path: "test-results/buyer-questions.png", fullPage: true });
  });

  test("vendor2 reads the published answer without learning who asked", async ({ page }) => {
    await signIn(page, "vendor2@demo.pareto");
    await gotoHydrated(page, rfpPath);
    const questions = section(page, "Questions and answers");
    const published = questions.getByRole("listitem").filter({ hasText: PUBLISHED_QUESTION });
    await expect(published).toContainText(ANSWER);
    await expect(published).not.toContainText("you asked this");
    const html = await (await page.request.get(rfpPath)).text();
    for (const secret of ["Northfield", "Alex Moreau", "vendor1@demo.pareto", QUESTION]) expect(html, secret).not.toContain(secret);
  });

  test("vendor1 sees its question answered and published", async ({ page }) => {
    await signIn(page, "vendor1@demo.pareto");
    await gotoHydrated(page, rfpPath);
    const published = section(page, "Questions and answers").getByRole("listitem").filter({ hasText: ANSWER });
    await expect(published).toContainText("you asked this");
  });
});

test("the buyer's reservation price, BATNA and notes reach no vendor page", async ({ page }) => {
  await signIn(page, "vendor1@demo.pareto");
  await openDemoRfp(page);
  const rfp = new URL(page.url()).pathname;
  for (const path of ["/opportunities", rfp, "/dashboard", `${rfp}?_data=routes%2Fopportunities.%24rfpId`]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    const body = await response.text();
    expect(body.length, path).toBeGreaterThan(100);
    for (const secret of CONFIDENTIAL) expect(body, `${secret} in ${path}`).not.toContain(secret);
  }
});

test("a vendor that was not invited cannot open the invited-only RFP", async ({ page }) => {
  await signIn(page, "vendor1@demo.pareto");
  await openDemoRfp(page);
  const rfp = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Sign out" }).click();
  // Wait for the sign-out to land, or /register would still see the session.
  await expect(page.getByRole("heading", { name: /Buy better/ })).toBeVisible();

  await gotoHydrated(page, "/register");
  const email = `uninvited-${RUN}@example.org`;
  await page.getByLabel("Organisation name").fill(`Uninvited Works ${RUN}`);
  await page.getByLabel("Your name").fill("Uma Outsider");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("outsider-password");
  await page.getByLabel("Repeat the password").fill("outsider-password");
  await page.getByRole("button", { name: "Create vendor account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await gotoHydrated(page, "/opportunities");
  // Other tests may have published public RFPs; the invited-only demo RFP is never listed.
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: TITLE })).toHaveCount(0);

  const response = await page.goto(rfp);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("There is no such RFP, or you do not have access to it.")).toBeVisible();
  await expect(page.locator("body")).not.toContainText(TITLE);
});

test.describe("invitation links", () => {
  test("signed out: the page explains the invitation and signing in comes back to it", async ({ page }) => {
    await gotoHydrated(page, "/invitations/not-a-real-token");
    await expect(page.getByRole("heading", { level: 1, name: "You are invited to bid" })).toBeVisible();
    const main = page.getByRole("main");
    await expect(main.getByRole("link", { name: "Register" })).toHaveAttribute("href", "/register?redirectTo=%2Finvitations%2Fnot-a-real-token");
    await main.getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Finvitations%2Fnot-a-real-token$/);
    // The sign-in page's register link keeps the way back too.
    await expect(main.getByRole("link", { name: "Register your organisation" })).toHaveAttribute("href", "/register?redirectTo=%2Finvitations%2Fnot-a-real-token");
    await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
    await page.getByLabel("Email").fill("vendor1@demo.pareto");
    await page.getByLabel("Password").fill("pareto-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/invitations\/not-a-real-token$/);
    await expect(page.getByText("This invitation link is not valid. Ask the buyer to send the invitation again.")).toBeVisible();
    expect((await page.request.get("/invitations/not-a-real-token", { maxRedirects: 0 })).status()).toBe(404);
  });

  test("a vendor's real link (from its mailbox) opens the RFP; a buyer-side account gets 403", async ({ page }) => {
    await signIn(page, "vendor3@demo.pareto");
    await gotoHydrated(page, "/mailbox");
    const invitation = page.getByRole("article").filter({ hasText: `Invitation to bid: ${TITLE}` }).first();
    const link = (await invitation.textContent())?.match(/\/invitations\/[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeTruthy();
    // Following the link changes nothing: the page names the RFP and offers a button (a POST).
    // Already accepted by the seed for this organisation: the button just opens the RFP.
    await gotoHydrated(page, link!);
    await expect(page.getByRole("heading", { level: 1, name: "You are invited to bid" })).toBeVisible();
    await expect(page.getByRole("main")).toContainText(TITLE);
    await page.getByRole("button", { name: "Open the RFP" }).click();
    await expect(page).toHaveURL(/\/opportunities\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("heading", { name: /Buy better/ })).toBeVisible();

    await signIn(page, "buyer@demo.pareto");
    const response = await page.goto(link!);
    expect(response?.status()).toBe(403);
    await expect(page.getByText(/This invitation is for a vendor organisation, and you are signed in as buyer@demo\.pareto/)).toBeVisible();
    await page.goto("/dashboard");
    await page.getByRole("button", { name: "Sign out" }).click();
    // Wait for the sign-out to land, or /sign-in would still see the buyer's session.
    await expect(page.getByRole("heading", { name: /Buy better/ })).toBeVisible();

    // Another vendor organisation holding vendor3's (accepted) link may neither read nor accept it.
    await signIn(page, "vendor1@demo.pareto");
    expect((await page.goto(link!))?.status()).toBe(409);
    await expect(page.getByText(/already accepted by another organisation/)).toBeVisible();
    expect((await page.request.post(link!, { headers: { Origin: new URL(page.url()).origin }, maxRedirects: 0 })).status()).toBe(409);
  });
});

test("in the demo's open BAFO round, a shortlisted vendor's lists give round 2's deadline and ask for its bid; a vendor left off is told so", async ({ page }) => {
  const BAFO_TITLE = "Snow and ice clearance crews (City of Riverton)";
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "vendor2@demo.pareto");
  const panel = page.getByRole("region", { name: "Invitations and open RFPs" });
  const item = panel.getByRole("listitem").filter({ has: page.getByRole("link", { name: BAFO_TITLE }) });
  await expect(item).toContainText("BAFO round open · round 2 closes");
  await expect(item).toContainText("Shortlisted for round 2: no round-2 bid yet");
  await gotoHydrated(page, "/opportunities");
  const row = page.getByRole("row", { name: new RegExp(BAFO_TITLE.replace(/[()]/g, "\\$&")) });
  await expect(row).toContainText("Round 2 (BAFO)");
  await expect(row).toContainText("Shortlisted for round 2: no round-2 bid yet");
  await page.screenshot({ path: test.info().outputPath("bafo-list-390.png"), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await row.getByRole("link", { name: BAFO_TITLE }).click();
  await expect(page.getByText("You are shortlisted for round 2")).toBeVisible();
  // The timeline gives round 2's deadline after round 1's.
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline).toContainText("Round 1 bids close");
  await expect(timeline).toContainText("Round 2 (BAFO) closes");

  await page.context().clearCookies();
  await signIn(page, "vendor3@demo.pareto");
  await gotoHydrated(page, "/opportunities");
  await expect(page.getByRole("row", { name: new RegExp(BAFO_TITLE.replace(/[()]/g, "\\$&")) })).toContainText("Bid submitted (version 1) · not shortlisted for round 2");
  // A vendor left off round 2 is given no round-2 deadline.
  await page.getByRole("link", { name: BAFO_TITLE }).click();
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText("Bids close (deadline)");
  await expect(page.getByRole("region", { name: "Timeline" })).not.toContainText("Round 2 (BAFO)");

  // The buyer's list and workspace header give round 2's deadline, not round 1's.
  await page.context().clearCookies();
  await signIn(page, "buyer@demo.pareto");
  await gotoHydrated(page, "/rfps");
  const buyerRow = page.getByRole("row", { name: new RegExp(BAFO_TITLE.replace(/[()]/g, "\\$&")) });
  await expect(buyerRow).toContainText("Round 2 (BAFO)");
  await buyerRow.getByRole("link", { name: BAFO_TITLE }).click();
  await expect(page.locator(".rfp-header")).toContainText("BAFO round open RIV-2026-020 · round 2 closes");
});

test("once an RFP has a BAFO round, the RFP page names the round of each bid line, and round 1's receipt link opens round 1's receipt, not round 2's", async ({ page }) => {
  // RIV-2026-020 is in its open BAFO round; Northfield (vendor1) is shortlisted and has submitted
  // round 1's version 1 only. Version numbers start again in round 2, so "version 1" alone is ambiguous.
  const BAFO_TITLE = "Snow and ice clearance crews (City of Riverton)";
  const errors = pageErrors(page);
  await signIn(page, "vendor1@demo.pareto");
  await gotoHydrated(page, "/opportunities");
  await page.getByRole("row", { name: new RegExp(BAFO_TITLE.replace(/[()]/g, "\\$&")) }).getByRole("link", { name: BAFO_TITLE }).click();
  const bid = page.getByRole("region", { name: "Your bid" });
  await expect(bid).toContainText("Round 2: Submit a new bid, or confirm your earlier one unchanged, before the round closes.");
  await expect(bid).toContainText("Round 1: Submitted Version 1, received");
  await expect(bid.getByRole("link", { name: "Prepare your round-2 bid" })).toHaveAttribute("href", /\/bid$/);
  await bid.getByRole("link", { name: "Round-1 receipt of version 1" }).click();
  await expect(page).toHaveURL(/\/bid\/receipt\/1\?round=1$/);
  await expect(page.getByRole("heading", { name: "Bid receipt — round 1, version 1" })).toBeVisible();
  await expect(page.locator(".facts")).toContainText("Round1 (the first bids)");
  const receiptPath = new URL(page.url()).pathname;
  expect(errors).toEqual([]);

  // Round 2 has no version 1 of Northfield's yet: refused with the round named, not another round's receipt.
  const none = await page.goto(`${receiptPath}?round=2`);
  expect(none?.status()).toBe(404);
  await expect(page.getByText("You have no submitted version 1 in round 2.")).toBeVisible();
  const bad = await page.goto(`${receiptPath}?round=two`);
  expect(bad?.status()).toBe(400);
  await expect(page.getByText("The round in this address must be a round number, such as ?round=1.")).toBeVisible();
});

test("a shortlisted vendor's RFP page shows its bid of the BAFO round above its round-1 bid, each with its own receipt", async ({ page }) => {
  // RIV-2026-017 went through round 2: Northfield (vendor1) confirmed its round-1 bid unchanged.
  const TITLE = "Field technicians for parks and street maintenance (City of Riverton)";
  const errors = pageErrors(page);
  await signIn(page, "vendor1@demo.pareto");
  await gotoHydrated(page, "/opportunities");
  await page.getByRole("row", { name: new RegExp(TITLE.replace(/[()]/g, "\\$&")) }).getByRole("link", { name: TITLE }).click();
  const bid = page.getByRole("region", { name: "Your bid" });
  await expect(bid).toContainText("Round 2: Submitted Version 1 (your round-1 bid, confirmed unchanged), received");
  await expect(bid).toContainText("Round 1: Submitted Version 1, received");
  await expect(bid.getByRole("link", { name: "Round-1 receipt of version 1" })).toHaveAttribute("href", /\?round=1$/);
  await bid.getByRole("link", { name: "Round-2 receipt of version 1" }).click();
  await expect(page).toHaveURL(/\/bid\/receipt\/1\?round=2$/);
  await expect(page.getByRole("heading", { name: "Bid receipt — round 2, version 1" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a buyer is not offered the vendor pages", async ({ page }) => {
  await signIn(page, "buyer@demo.pareto");
  const response = await page.goto("/opportunities");
  expect(response?.status()).toBe(403);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("vendor3 asks a question with a plain form post", async ({ page }) => {
    await signInWithoutScript(page, "vendor3@demo.pareto");
    await page.goto("/opportunities");
    await page.getByRole("link", { name: TITLE }).click();
    const question = `Is the 311 CRM export available daily? (${RUN})`;
    await page.getByLabel("Your question").fill(question);
    await page.getByRole("button", { name: "Send question" }).click();
    await expect(page.getByRole("status")).toContainText("Your question was sent to the buyer.");
    await expect(section(page, "Questions and answers").getByRole("listitem").filter({ hasText: question })).toContainText("Waiting for an answer");
  });
});

test("the RFP's sections, sent as kept markup, hydrate without a React error on the vendor's page and the buyer's preview", async ({ page, browser }) => {
  const errors = pageErrors(page);
  await signIn(page, "vendor1@demo.pareto");
  await openDemoRfp(page);
  // A document request, then hydration over the server's markup.
  await gotoHydrated(page, page.url());
  await expect(section(page, "Term sheet").getByRole("table")).toBeVisible();
  await expect(section(page, "Criteria and how they are scored").getByRole("table")).toBeVisible();
  await expect(section(page, "SLA requirements and remedies")).toContainText(/remed/i);
  expect(errors).toEqual([]);

  const buyer = await browser.newPage();
  const buyerErrors = pageErrors(buyer);
  await signIn(buyer, "buyer@demo.pareto");
  await gotoHydrated(buyer, "/rfps");
  await buyer.getByRole("link", { name: TITLE }).click();
  await buyer.getByRole("navigation", { name: "RFP sections" }).getByRole("link", { name: "Vendor preview" }).click();
  await expect(buyer.getByRole("heading", { name: "Term sheet" })).toBeVisible();
  await gotoHydrated(buyer, buyer.url());
  await expect(buyer.getByRole("heading", { name: "Criteria and how they are scored" })).toBeVisible();
  expect(buyerErrors).toEqual([]);
  await buyer.close();
});
