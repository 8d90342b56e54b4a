// What the server answers over plain HTTP: status codes a client relies on.
import { expect, test } from "@playwright/test";

test("/healthz answers JSON with the database status", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: "up" });
});

test("an unknown page is a 404 page without a stack trace", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("invalid sign-in fields answer 400 with messages and no cookie", async ({ request, baseURL }) => {
  const response = await request.post("/sign-in", { form: { email: "not-an-email", password: "" }, headers: { Origin: baseURL! } });
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("Enter an email address like name@example.org");
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

test("a wrong password answers 401 and never echoes the password back", async ({ request, baseURL }) => {
  const response = await request.post("/sign-in", { form: { email: "vendor2@demo.pareto", password: "secret-typed-wrongly" }, headers: { Origin: baseURL! } });
  expect(response.status()).toBe(401);
  const body = await response.text();
  expect(body).toContain("Email or password is wrong.");
  expect(body).toContain("vendor2@demo.pareto");
  expect(body).not.toContain("secret-typed-wrongly");
});

test("a form posted from another origin is refused", async ({ request }) => {
  const response = await request.post("/sign-in", { form: { email: "buyer@demo.pareto", password: "pareto-demo" }, headers: { Origin: "http://evil.example" } });
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain("posted from another site");
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

test("the session cookie is httpOnly and SameSite=Lax and holds only a token", async ({ request, baseURL }) => {
  const response = await request.post("/sign-in", { form: { email: "evaluator@demo.pareto", password: "pareto-demo" }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(response.status()).toBe(302);
  const cookie = response.headers()["set-cookie"] ?? "";
  expect(cookie).toMatch(/^pareto_session=/);
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  expect(cookie).not.toContain("evaluator");
});
