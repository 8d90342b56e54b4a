// Hostile-input benchmark (issue #10, items 1 and 2: the figures of the closing note). Against
// the built server, as a vendor:
//  (a) three parallel uploads of a 1.5 GB zip bomb (a 1.5 MB .xlsx) to the bid upload, and
//      three of a bomb whose headers lie about its size (only inflating it tells);
//  (b) bid saves with 5,000 / 20,000 / 200,000 extra SLA rows;
// for each: HTTP status, time, the start of the message, and meanwhile the latency of
// `/healthz` (polled every 50 ms: max and p99) and the server's peak RSS (VmHWM of
// /proc/<pid>/status). The server is started on a fresh embedded database unless BENCH_URL
// names a running one (then BENCH_PID gives its process id for the RSS figure, if known).
//
//   npm run build && npm run bench:hostile
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { zipBomb } from "../tests/support/zip-bomb";

const VENDOR = process.env.BENCH_VENDOR ?? "vendor3@demo.pareto";
const PASSWORD = "pareto-demo";

async function freePort(): Promise<number> {
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

interface Server {
  base: string;
  pid: number | null;
  child: ChildProcess | null;
  output: string[];
}

async function startServer(dataDir: string): Promise<Server> {
  if (!existsSync("build/index.js") || !existsSync("server.js")) throw new Error("No build here: run `npm run build` first (the benchmark serves ./build with ./server.js).");
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), PARETO_DATA_DIR: dataDir, DATABASE_URL: "" },
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

async function stopServer(server: Server): Promise<void> {
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

/** Peak resident memory of the server process so far (VmHWM), in MB; null when unknown. */
function peakRssMb(pid: number | null): number | null {
  if (!pid) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
function rssMb(pid: number | null): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function signIn(base: string): Promise<string> {
  const body = new URLSearchParams({ email: VENDOR, password: PASSWORD, redirectTo: "/opportunities" });
  const res = await fetch(`${base}/sign-in`, { method: "POST", body, redirect: "manual", headers: { origin: base, "content-type": "application/x-www-form-urlencoded" } });
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!).filter(Boolean);
  if (res.status !== 302 || cookies.length === 0) throw new Error(`sign-in as ${VENDOR} failed: HTTP ${res.status}`);
  return cookies.join("; ");
}

async function findOpportunity(base: string, cookie: string): Promise<string> {
  const res = await fetch(`${base}/opportunities`, { headers: { cookie } });
  const m = /href="\/opportunities\/([0-9a-f-]{36})"/.exec(await res.text());
  if (!m) throw new Error(`no opportunity listed for ${VENDOR} (HTTP ${res.status})`);
  return m[1]!;
}

/** Polls /healthz every 50 ms until stopped; each latency in ms (a failed poll counts as its time). */
function watchHealth(base: string) {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const start = performance.now();
      try {
        const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(30_000) });
        await res.arrayBuffer();
        if (!res.ok) failures += 1;
      } catch {
        failures += 1;
      }
      latencies.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return async () => {
    running = false;
    await loop;
    const sorted = [...latencies].sort((a, b) => a - b);
    return { polls: latencies.length, failures, max: sorted.at(-1) ?? NaN, p99: sorted[Math.floor(sorted.length * 0.99)] ?? NaN, median: sorted[sorted.length >> 1] ?? NaN };
  };
}

interface Outcome {
  status: number | string;
  ms: number;
  message: string;
}

async function post(url: string, cookie: string, origin: string, body: FormData | URLSearchParams): Promise<Outcome> {
  const start = performance.now();
  try {
    const res = await fetch(url, { method: "POST", body, redirect: "manual", headers: { cookie, origin } });
    const text = await res.text();
    let message = text;
    try {
      const parsed = JSON.parse(text) as { problems?: { message: string }[]; formErrors?: string[] };
      message = parsed.problems?.[0]?.message ?? parsed.formErrors?.[0] ?? text;
    } catch {
      // a page or plain text
    }
    return { status: res.status, ms: performance.now() - start, message: message.replace(/\s+/g, " ").slice(0, 90) };
  } catch (error) {
    return { status: `error: ${(error as Error).message}`, ms: performance.now() - start, message: "" };
  }
}

async function scenario(name: string, server: Server, attack: () => Promise<Outcome[]>) {
  const rssBefore = rssMb(server.pid);
  const stop = watchHealth(server.base);
  const start = performance.now();
  const outcomes = await attack();
  const total = performance.now() - start;
  const health = await stop();
  const alive = await fetch(`${server.base}/healthz`).then((r) => r.status, () => "down");
  console.log(`\n${name}`);
  for (const o of outcomes) console.log(`  → ${o.status} in ${o.ms.toFixed(0)} ms: ${o.message}`);
  console.log(`  all done in ${total.toFixed(0)} ms; /healthz meanwhile: median ${health.median.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms, max ${health.max.toFixed(1)} ms over ${health.polls} polls, ${health.failures} failed; afterwards ${alive}`);
  const peak = peakRssMb(server.pid);
  if (peak !== null) console.log(`  server RSS before ${rssBefore?.toFixed(0)} MB, peak so far (VmHWM) ${peak.toFixed(0)} MB`);
}

async function main() {
  const dataDir = process.env.BENCH_URL ? null : mkdtempSync(path.join(tmpdir(), "pareto-bench-hostile-"));
  const server: Server = process.env.BENCH_URL ? { base: process.env.BENCH_URL.replace(/\/$/, ""), pid: process.env.BENCH_PID ? Number(process.env.BENCH_PID) : null, child: null, output: [] } : await startServer(dataDir!);
  try {
    const cookie = await signIn(server.base);
    const rfpId = await findOpportunity(server.base, cookie);
    console.log(`Server ${server.base}${server.pid ? ` (pid ${server.pid})` : ""}; vendor ${VENDOR}, RFP ${rfpId}; peak RSS at start ${peakRssMb(server.pid)?.toFixed(0) ?? "?"} MB`);

    const upload = (bytes: Uint8Array) => {
      const form = new FormData();
      form.set("workbook", new Blob([new Uint8Array(bytes)], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }), "bid.xlsx");
      return post(`${server.base}/opportunities/${rfpId}/bid/upload?_data=${encodeURIComponent("routes/opportunities.$rfpId_.bid_.upload")}`, cookie, server.base, form);
    };
    const bomb = zipBomb({ unpackedMb: 1536 });
    await scenario(`(a) zip bomb ×3 in parallel: ${(bomb.byteLength / 1024 / 1024).toFixed(2)} MB .xlsx declaring 1.5 GB`, server, () => Promise.all([1, 2, 3].map(() => upload(bomb))));
    const liar = zipBomb({ unpackedMb: 1536, lie: true });
    await scenario(`(a') lying zip bomb ×3 in parallel: ${(liar.byteLength / 1024 / 1024).toFixed(2)} MB .xlsx inflating to 1.5 GB, declaring 100 KB`, server, () => Promise.all([1, 2, 3].map(() => upload(liar))));

    for (const rows of [5_000, 20_000, 200_000]) {
      const body = new URLSearchParams({ intent: "save", expectedVersion: "1", idempotencyKey: "" });
      for (let r = 0; r < rows; r++) body.append(`bundles.0.slas.${r + 10}.metric`, `extra ${r}`);
      const size = body.toString().length;
      await scenario(`(b) bid save with ${rows.toLocaleString("en-GB")} extra SLA rows (${(size / 1024).toFixed(0)} KB post)`, server, async () => [await post(`${server.base}/opportunities/${rfpId}/bid?_data=${encodeURIComponent("routes/opportunities.$rfpId_.bid")}`, cookie, server.base, body)]);
    }
    const page = performance.now();
    const bidPage = await fetch(`${server.base}/opportunities/${rfpId}/bid`, { headers: { cookie } });
    const html = await bidPage.text();
    console.log(`\nThe bid page afterwards: ${bidPage.status}, ${(html.length / 1024).toFixed(0)} KB in ${(performance.now() - page).toFixed(0)} ms`);
  } finally {
    if (server.child) await stopServer(server);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
