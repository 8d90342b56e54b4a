// The built server for the page benchmarks (bench:pages, bench:results, bench:hostile): a free
// port, the server started on a fresh database, stopped with SIGTERM; signing in as a demo
// user; one page fetched, and autocannon's load against one address.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import autocannon from "autocannon";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  base: string;
  pid: number | null;
  child: ChildProcess | null;
  output: string[];
}

/**
 * Starts ./server.js on the embedded database in `dataDir` (seeded with the demo on first
 * start), or on the PostgreSQL database `databaseUrl` (migrated, not seeded: seed it first).
 * `nodeArgs` go before server.js (e.g. --cpu-prof).
 */
export async function startServer(dataDir: string, options: { databaseUrl?: string; nodeArgs?: string[] } = {}): Promise<Server> {
  if (!existsSync("build/index.js") || !existsSync("server.js")) throw new Error("No build here: run `npm run build` first (the benchmark serves ./build with ./server.js).");
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "server.js"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), PARETO_DATA_DIR: dataDir, DATABASE_URL: options.databaseUrl ?? "", ...(options.databaseUrl ? { SESSION_SECRET: randomBytes(32).toString("hex"), COOKIE_SECURE: "false" } : {}) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output.join("")}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, pid: child.pid ?? null, child, output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGTERM");
  throw new Error(`the server did not answer /healthz within 180 s:\n${output.join("")}`);
}

export async function stopServer(server: Server): Promise<void> {
  const child = server.child;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000));
  if ((await Promise.race([exited, timeout])) === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}

/** Signs in through the form as a demo user; returns the session cookie. */
export async function signInAs(base: string, email: string, password: string, redirectTo: string): Promise<string> {
  const body = new URLSearchParams({ email, password, redirectTo });
  const res = await fetch(`${base}/sign-in`, { method: "POST", body, redirect: "manual", headers: { origin: base, "content-type": "application/x-www-form-urlencoded" } });
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!).filter(Boolean);
  if (res.status !== 302 || cookies.length === 0) throw new Error(`sign-in as ${email} failed: HTTP ${res.status}`);
  return cookies.join("; ");
}

/** One page fetched once, uncompressed: status, HTML size and time. */
export async function fetchPage(base: string, urlPath: string, cookie: string | null): Promise<{ status: number; bytes: number; ms: number; html: string }> {
  const start = performance.now();
  const res = await fetch(`${base}${urlPath}`, { headers: { ...(cookie ? { cookie } : {}), "accept-encoding": "identity" }, redirect: "manual" });
  const html = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(html), ms: performance.now() - start, html };
}

/**
 * CPU time (user + system, all threads) a process has used so far, in ms, from /proc (Linux);
 * null elsewhere. On a machine shared with other work, the server's CPU time per request is a
 * steadier figure than requests per second.
 */
export function processCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces), from field 3 on: utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** Linux's USER_HZ: /proc counts CPU time in 1/100 s on every common platform. */
const CLOCK_TICKS = 100;

export interface Load {
  /** Responses received during the run. */
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Responses per status code, e.g. "200×4031", with errors and timeouts. */
  statuses: string;
  /** Every response answered 2xx, without errors or timeouts. */
  allOk: boolean;
}

/**
 * Load not measured, before a measured run: `requests` responses of one address at the given
 * concurrency. A page's code is compiled and optimised by V8 over its first thousands of
 * calls (a workspace tab costs 5.6 ms of CPU in its first 4 s under load, 3.3 ms once warm),
 * and a server in service runs warm: without this, pages measured once would be compared cold
 * with a landing page warmed by its repeated runs.
 */
export async function warmUp(url: string, options: { connections: number; requests: number; headers?: Record<string, string> }): Promise<void> {
  if (options.requests <= 0) return;
  await autocannon({ url, connections: options.connections, amount: options.requests, headers: options.headers ?? {} });
}

/** autocannon against one address: fixed connections and duration; extra headers (a cookie, accept-encoding) on every request. */
export async function loadTest(url: string, options: { connections: number; duration: number; headers?: Record<string, string> }): Promise<Load> {
  const result = await autocannon({ url, connections: options.connections, duration: options.duration, headers: options.headers ?? {} });
  // autocannon 9 counts responses per status code; older typings do not know the field.
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats;
  const statuses = stats
    ? Object.entries(stats).map(([code, s]) => `${code}×${s.count}`).join(" ")
    : `2xx×${result["2xx"]} non-2xx×${result.non2xx}`;
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses: `${statuses}${result.errors ? ` errors×${result.errors}` : ""}${result.timeouts ? ` timeouts×${result.timeouts}` : ""}`,
    allOk: result.non2xx === 0 && result.errors === 0 && result.timeouts === 0,
  };
}
