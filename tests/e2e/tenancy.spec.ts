// Tenancy over HTTP on the seeded demo (issue #10): Riverton's admin cannot create a user in
// another organisation (Civic Crew, a vendor), sees only its organisation's users and audit
// events, and never the buyer's confidential figures. The full authorisation matrix, with a
// second buyer organisation, is tests/integration/tenancy.test.ts (services on both databases).
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./fixtures";

const RIVERTON = "City of Riverton — Public Works Department";
// The demo's confidential position (app/services/seed-demo.server.ts): never on an admin page.
const CONFIDENTIAL = ["490000000", "Council budget line", "Keep the in-house crews", "Extend the current case system"];

async function dataOf(page: Page, path: string, route: string) {
  const response = await page.request.get(`${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(route)}`);
  expect(response.status()).toBe(200);
  return { text: await response.text(), json: (await response.json()) as Record<string, unknown> };
}

test("Riverton's admin cannot create a user in another organisation, and sees only its own users and audit events", async ({ browser, baseURL }) => {
  // Civic Crew's organisation id, as one of its vendors' own dashboard data carries it.
  const vendor = await browser.newPage();
  await signIn(vendor, "vendor2@demo.pareto");
  const civic = (await dataOf(vendor, "/dashboard", "routes/dashboard")).json as { account: { organisation: { id: string; name: string } } };
  expect(civic.account.organisation.name).toBe("Civic Crew Co-operative");
  // A vendor is no admin at all.
  expect((await vendor.request.get("/admin/users")).status()).toBe(403);
  await vendor.close();

  const admin = await browser.newPage();
  await signIn(admin, "admin@demo.pareto");
  const email = `mallory-${Date.now().toString(36)}@civic.example`;
  const refused = await admin.request.post("/admin/users", {
    headers: { Origin: baseURL! },
    form: { name: "Mallory", email, password: "mallory-password", role: "buyer", organisationId: civic.account.organisation.id },
  });
  expect(refused.status()).toBe(404);

  const users = (await dataOf(admin, "/admin/users", "routes/admin.users")).json as { users: { email: string; organisation_name: string }[]; organisations: { name: string }[] };
  expect(users.organisations.map((o) => o.name)).toEqual([RIVERTON]);
  expect(users.users.length).toBeGreaterThan(0);
  for (const u of users.users) expect(u.organisation_name).toBe(RIVERTON);
  expect(users.users.map((u) => u.email)).not.toContain("vendor2@demo.pareto");
  expect(users.users.map((u) => u.email)).not.toContain(email);

  const audit = await dataOf(admin, "/admin/audit", "routes/admin.audit");
  const events = (audit.json as { events: { action: string; actor_email: string | null }[] }).events;
  expect(events.map((e) => e.action)).toContain("user.create-refused");
  // Vendors' own sign-ins are their organisation's business, not Riverton's.
  expect(events.filter((e) => e.action === "sign-in").map((e) => e.actor_email)).not.toContain("vendor2@demo.pareto");
  for (const secret of CONFIDENTIAL) expect(audit.text).not.toContain(secret);
  expect((await admin.goto("/admin/audit?before=99999999999999999999"))?.status()).toBe(400);

  // The dashboard names the newest event of the organisation's own trail (the audit page lists it first).
  const newest = ((await dataOf(admin, "/admin/audit", "routes/admin.audit")).json as { events: { action: string }[] }).events[0]!.action;
  await admin.goto("/dashboard");
  const administration = admin.getByRole("region", { name: "Administration" });
  await expect(administration).toContainText("the newest event of your audit trail");
  await expect(administration.locator("code")).toHaveText(newest);

  // The admin's mailbox is its own mail only.
  await admin.goto("/mailbox");
  for (const message of await admin.getByRole("main").getByRole("article").all()) await expect(message).toContainText("To admin@demo.pareto");
  await admin.close();
});

test("a vendor of another organisation gets no buyer page of Riverton's RFPs", async ({ page, browser }) => {
  await signIn(page, "buyer@demo.pareto");
  const rfps = (await dataOf(page, "/rfps", "routes/rfps._index")).text;
  const rfpId = /"id":"([0-9a-f-]{36})"/.exec(rfps)?.[1];
  expect(rfpId).toBeTruthy();
  // The vendor in its own browser context (its own cookie jar).
  const vendor = await browser.newPage();
  await signIn(vendor, "vendor2@demo.pareto");
  for (const path of [`/rfps/${rfpId}`, `/rfps/${rfpId}/confidential`, `/rfps/${rfpId}/vendors`]) {
    expect([403, 404]).toContain((await vendor.request.get(path)).status());
  }
  await vendor.close();
});
