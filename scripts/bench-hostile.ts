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
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { zipBomb } from "../tests/support/zip-bomb";
import { signInAs, startServer, stopServer, type Server } from "./bench-server";

const VENDOR = process.env.BENCH_VENDOR ?? "vendor3@demo.pareto";
const PASSWORD = "pareto-demo";

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
  return signInAs(base, VENDOR, PASSWORD, "/opportunities");
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
