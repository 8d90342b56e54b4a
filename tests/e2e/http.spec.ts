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

test("a session cookie with a signature the server did not make is no session, before and after the real one was used", async ({ playwright, baseURL }) => {
  const browserless = await playwright.request.newContext({ baseURL });
  try {
    const signIn = await browserless.post("/sign-in", { form: { email: "evaluator@demo.pareto", password: "pareto-demo" }, headers: { Origin: baseURL! }, maxRedirects: 0 });
    expect(signIn.status()).toBe(302);
    const value = decodeURIComponent(/^pareto_session=([^;]+)/.exec(signIn.headers()["set-cookie"] ?? "")![1]!);
    const dot = value.lastIndexOf(".");
    const signature = value.slice(dot + 1);
    const forged = `${value.slice(0, dot + 1)}${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    const dashboard = (cookieValue: string) => browserless.get("/dashboard", { headers: { cookie: `pareto_session=${encodeURIComponent(cookieValue)}` }, maxRedirects: 0 });
    expect((await dashboard(forged)).status()).toBe(302);
    const genuine = await dashboard(value);
    expect(genuine.status()).toBe(200);
    expect(await genuine.text()).toContain("Sign out");
    // Known now: the genuine header twice, and the forged one still refused.
    expect((await dashboard(value)).status()).toBe(200);
    const again = await dashboard(forged);
    expect(again.status()).toBe(302);
    expect(again.headers()["location"]).toMatch(/^\/sign-in\?redirectTo=/);
  } finally {
    await browserless.dispose();
  }
});

/** The nonce of the response's Content-Security-Policy, after checking the policy's other parts. */
function cspNonce(csp: string | undefined): string {
  expect(csp).toBeTruthy();
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toContain("unsafe-eval");
  const scriptSrc = /script-src ([^;]*)/.exec(csp!)?.[1] ?? "";
  expect(scriptSrc).not.toContain("unsafe-inline");
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
  expect(nonce, "a nonce in script-src").toBeTruthy();
  return nonce!;
}

function expectScriptsCarry(html: string, nonce: string) {
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
}

function expectSecurityHeaders(headers: Record<string, string>) {
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // The embedded demo is served over plain http://localhost: no HSTS there (production on a server sends it).
  expect(headers["strict-transport-security"]).toBeUndefined();
}

test("a signed-out page sends the security headers, a fresh CSP nonce on every inline script, and no-store", async ({ request }) => {
  const first = await request.get("/sign-in");
  expect(first.status()).toBe(200);
  const headers = first.headers();
  expectSecurityHeaders(headers);
  expect(headers["cache-control"]).toBe("no-store");
  const nonce = cspNonce(headers["content-security-policy"]);
  expectScriptsCarry(await first.text(), nonce);
  const second = await request.get("/sign-in");
  expect(cspNonce(second.headers()["content-security-policy"])).not.toBe(nonce);
  // Built assets stay cacheable.
  const asset = /<script\b[^>]*src="(\/build\/[^"]+)"/.exec(await second.text())?.[1] ?? /href="(\/build\/[^"]+)"/.exec(await second.text())?.[1];
  expect(asset).toBeTruthy();
  expect((await request.get(asset!)).headers()["cache-control"]).toContain("immutable");
});

test("a page comes compressed in the encoding the client prefers, and as it is to a client that takes none", async ({ request }) => {
  const plain = await request.get("/sign-in", { headers: { "accept-encoding": "identity" } });
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  expect(plain.headers()["vary"]).toMatch(/accept-encoding/i);
  const html = await plain.text();
  expect(html).toMatch(/^<!DOCTYPE html>/);
  expect(Number(plain.headers()["content-length"])).toBe(Buffer.byteLength(html));
  for (const [accept, expected] of [["gzip, deflate, br", "br"], ["gzip", "gzip"]] as const) {
    const page = await request.get("/sign-in", { headers: { "accept-encoding": accept } });
    expect(page.headers()["content-encoding"], accept).toBe(expected);
    // Decoded, the same page (its nonce aside).
    expect((await page.text()).replace(/nonce="[^"]*"/g, "")).toBe(html.replace(/nonce="[^"]*"/g, ""));
  }
});

test("a data request (a client-side navigation) comes compressed as its page does, the same JSON in every encoding", async ({ request, baseURL }) => {
  const signIn = await request.post("/sign-in", { form: { email: "buyer@demo.pareto", password: "pareto-demo" }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(signIn.status()).toBe(302);
  const address = "/dashboard?_data=routes%2Fdashboard";
  const plain = await request.get(address, { headers: { "accept-encoding": "identity" } });
  expect(plain.status()).toBe(200);
  expect(plain.headers()["content-type"]).toMatch(/^application\/json/);
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  expect(plain.headers()["vary"]).toMatch(/accept-encoding/i);
  const json = await plain.text();
  expect(Buffer.byteLength(json)).toBeGreaterThan(1024);
  expect(Number(plain.headers()["content-length"])).toBe(Buffer.byteLength(json));
  for (const [accept, expected] of [["gzip, deflate, br", "br"], ["gzip", "gzip"]] as const) {
    const data = await request.get(address, { headers: { "accept-encoding": accept } });
    expect(data.headers()["content-encoding"], accept).toBe(expected);
    expect(data.headers()["cache-control"]).toBe("private, no-store");
    expect(JSON.parse(await data.text())).toEqual(JSON.parse(json));
  }
});

test("every response's nonce is 16 fresh bytes, across more responses than the server draws random bytes for at once", async ({ request }) => {
  const nonces = new Set<string>();
  for (let i = 0; i < 300; i++) {
    const response = await request.get("/healthz");
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1] ?? "";
    expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    nonces.add(nonce);
  }
  expect(nonces.size).toBe(300);
});

test("a signed-in page and its data requests are no-store and carry the nonce", async ({ request, baseURL }) => {
  const signIn = await request.post("/sign-in", { form: { email: "buyer@demo.pareto", password: "pareto-demo" }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(signIn.status()).toBe(302);
  expect(signIn.headers()["cache-control"]).toContain("no-store");
  const page = await request.get("/dashboard");
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain("Sign out");
  expectSecurityHeaders(page.headers());
  expect(page.headers()["cache-control"]).toBe("private, no-store");
  expectScriptsCarry(await page.text(), cspNonce(page.headers()["content-security-policy"]));
  const data = await request.get("/dashboard?_data=root");
  expect(data.status()).toBe(200);
  expect(data.headers()["cache-control"]).toBe("private, no-store");
});

test("pages hydrate under the Content-Security-Policy without a violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/sign-in");
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  await page.getByLabel("Email").fill("vendor1@demo.pareto");
  await page.getByLabel("Password").fill("pareto-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  expect(violations).toEqual([]);
});

test("methods the portal does not take answer 405 on pages and downloads alike, without running a download's loader", async ({ request, baseURL }) => {
  const signIn = await request.post("/sign-in", { form: { email: "buyer@demo.pareto", password: "pareto-demo" }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(signIn.status()).toBe(302);
  // An award report the buyer may download (an RFP of the demo that is past its opening).
  let report = "";
  for (const id of new Set((await (await request.get("/rfps")).text()).match(/(?<=\/rfps\/)[0-9a-f-]{36}/g) ?? [])) {
    const download = await request.get(`/rfps/${id}/pack/award-report.pdf`);
    if (download.status() === 200 && download.headers()["content-type"] === "application/pdf") {
      report = `/rfps/${id}/pack/award-report.pdf`;
      break;
    }
  }
  expect(report, "an award report to download").not.toBe("");
  for (const path of [report, "/rfps", "/sign-in", "/healthz", "/sign-out"]) {
    for (const method of ["OPTIONS", "PUT", "PATCH", "DELETE", "TRACE"]) {
      const response = await request.fetch(path, { method, headers: { Origin: baseURL! }, maxRedirects: 0 });
      expect(response.status(), `${method} ${path}`).toBe(405);
      expect(response.headers()["allow"], `${method} ${path}`).toBe("GET, HEAD, POST");
      expect(response.headers()["content-type"], `${method} ${path}`).toMatch(/^text\/plain/);
      expect(await response.text(), `${method} ${path}`).toBe(`Refused: Pareto's pages and downloads answer only GET, HEAD, POST, not ${method}.`);
    }
  }
  // GET and HEAD still download the report.
  const head = await request.head(report);
  expect(head.status()).toBe(200);
  expect(head.headers()["content-type"]).toBe("application/pdf");
  expect((await request.get(report)).headers()["content-type"]).toBe("application/pdf");
});
