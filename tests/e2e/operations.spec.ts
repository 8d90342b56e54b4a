// Operating the server: start-up errors and a PostgreSQL outage while it runs. Each test
// starts its own server process (node server.js) on the built app.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { expect, test } from "@playwright/test";
import pg from "pg";

const POSTGRES = process.env.E2E_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

function runServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ["server.js"], { env: { ...process.env, NODE_ENV: "production", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function stop(child: ChildProcess) {
  if (child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP proxy in front of PostgreSQL that the test can cut and restore. */
async function databaseProxy(port: number) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const up = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(5432, "127.0.0.1");
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", resolve);
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server!.close(() => resolve());
    });
  await up();
  return { up, down };
}

async function waitForHealth(baseUrl: string, status: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    last = await fetch(`${baseUrl}/healthz`).then((r) => r.status, () => 0);
    if (last === status) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`/healthz answered ${last}, not ${status}`);
}

test("a bad PORT stops the server with one clear line and exit code 1", async () => {
  const server = runServer({ PORT: "eighty", PARETO_DATA_DIR: `/tmp/pareto-ops-${randomBytes(4).toString("hex")}` });
  expect(await server.exited).toBe(1);
  expect(server.output().trim()).toBe('Configuration error: PORT must be a whole number between 1 and 65535 (got "eighty").');
});

test("an unreachable DATABASE_URL stops the server with one line naming it and exit code 1", async () => {
  const port = await freePort();
  const server = runServer({ PORT: String(await freePort()), DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/pareto`, SESSION_SECRET: "s".repeat(40) });
  expect(await server.exited).toBe(1);
  const lines = server.output().trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Cannot open the PostgreSQL server in DATABASE_URL: /);
});

test("while PostgreSQL is unreachable pages answer 503, and the server recovers by itself", async ({ browser }) => {
  test.setTimeout(90_000);
  const name = `pareto_e2e_ops_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const proxyPort = await freePort();
  const proxy = await databaseProxy(proxyPort);
  const appPort = await freePort();
  const baseUrl = `http://localhost:${appPort}`;
  const server = runServer({ PORT: String(appPort), DATABASE_URL: `postgres://postgres@127.0.0.1:${proxyPort}/${name}`, SESSION_SECRET: "s".repeat(40), COOKIE_SECURE: "false" });
  try {
    await waitForHealth(baseUrl, 200);
    const page = await browser.newPage();
    expect((await page.goto(`${baseUrl}/sign-in`))?.status()).toBe(200);

    await proxy.down();
    await waitForHealth(baseUrl, 503);
    const during = await page.goto(`${baseUrl}/sign-in`);
    expect(during?.status()).toBe(503);
    await expect(page.getByRole("heading", { name: "Pareto is temporarily unavailable" })).toBeVisible();
    expect(await (await fetch(`${baseUrl}/healthz`)).json()).toMatchObject({ status: "unavailable", database: "down" });

    await proxy.up();
    await waitForHealth(baseUrl, 200);
    expect((await page.goto(`${baseUrl}/sign-in`))?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    expect(server.child.exitCode).toBeNull();
    await page.close();
  } finally {
    await stop(server.child);
    await proxy.down().catch(() => undefined);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});

test("behind TRUST_PROXY=1 limits count the forwarded client, and a refused ?_data request logs one line without a stack", async () => {
  test.setTimeout(90_000);
  const appPort = await freePort();
  const baseUrl = `http://localhost:${appPort}`;
  const server = runServer({ PORT: String(appPort), PARETO_DATA_DIR: `/tmp/pareto-ops-${randomBytes(4).toString("hex")}`, DATABASE_URL: "", TRUST_PROXY: "1" });
  const signIn = (password: string, client: string, email = "vendor1@demo.pareto") =>
    fetch(`${baseUrl}/sign-in`, {
      method: "POST",
      body: new URLSearchParams({ email, password }),
      headers: { "X-Forwarded-For": `198.51.100.66, ${client}` },
      redirect: "manual",
    }).then((r) => r.status);
  try {
    await waitForHealth(baseUrl, 200, 60_000);

    const before = server.output().length;
    const bad = await fetch(`${baseUrl}/sign-in?_data=routes%2Fno-such-route&token=secret-in-query`);
    expect(bad.status).toBe(403);
    await expect.poll(() => server.output().slice(before)).toContain("refused 403 GET /sign-in");
    const logged = server.output().slice(before).trim().split("\n");
    expect(logged).toEqual([`refused 403 GET /sign-in: Route "routes/no-such-route" does not match URL "/sign-in"`]);
    expect(logged.join("\n")).not.toMatch(/^\s+at /m);
    expect(logged.join("\n")).not.toContain("secret-in-query");

    // One client (as the proxy reports it) reaches its limit; the proxy's other clients do not share it.
    for (let i = 0; i < 20; i++) expect(await signIn(`wrong-password-${i}`, "203.0.113.9", `nobody${i}@example.org`)).toBe(401);
    expect(await signIn("pareto-demo", "203.0.113.9")).toBe(429);
    expect(await signIn("pareto-demo", "203.0.113.10")).toBe(302);
    expect(server.output()).toContain("refused 429 POST /sign-in");
    expect(server.output()).not.toMatch(/^\s+at /m);
  } finally {
    await stop(server.child);
  }
});

test("without TRUST_PROXY a client cannot escape the address limit by writing its own X-Forwarded-For; behind TLS HSTS is sent", async () => {
  test.setTimeout(90_000);
  const appPort = await freePort();
  const baseUrl = `http://localhost:${appPort}`;
  // COOKIE_SECURE=true: served over TLS (as production with DATABASE_URL is by default).
  const server = runServer({ PORT: String(appPort), PARETO_DATA_DIR: `/tmp/pareto-ops-${randomBytes(4).toString("hex")}`, DATABASE_URL: "", COOKIE_SECURE: "true" });
  const signIn = (password: string, forwardedFor: string, email = "vendor1@demo.pareto") =>
    fetch(`${baseUrl}/sign-in`, { method: "POST", body: new URLSearchParams({ email, password }), headers: { "X-Forwarded-For": forwardedFor }, redirect: "manual" }).then((r) => r.status);
  try {
    await waitForHealth(baseUrl, 200, 60_000);
    const page = await fetch(`${baseUrl}/sign-in`);
    expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(page.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    for (let i = 0; i < 20; i++) expect(await signIn(`wrong-password-${i}`, `203.0.113.${i}`, `nobody${i}@example.org`)).toBe(401);
    expect(await signIn("pareto-demo", "203.0.113.200")).toBe(429);
  } finally {
    await stop(server.child);
  }
});
