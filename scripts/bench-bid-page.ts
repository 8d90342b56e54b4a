// The vendor's bid page (issue 15), medians:
//  (a) the service: getBidWorkspace for vendor1 on the demo RFP RIV-2026-024 and the engine's
//      feedback alone (bidFeedback on the same draft), in a scratch database seeded with the
//      demo data (PostgreSQL from TEST_DATABASE_URL or the local server; BENCH_DATABASE=pglite
//      for the embedded one);
//  (b) the page on the built server (fresh embedded database): HTML size, the hydration data's
//      size, and requests/s, p50, p99 of `/opportunities/<id>/bid` against the signed-out
//      landing page `/` on the same server (autocannon, BENCH_CONNECTIONS × BENCH_DURATION s).
//
//   npm run build && npm run bench:bid
// Settings: BENCH_CONNECTIONS=8 BENCH_DURATION=8 BENCH_CALLS=30 BENCH_PART=all|a|b.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { sql } from "kysely";
import { bidDraftSchema, bidFeedback } from "../app/domain/bids/content";
import { definitionOf } from "../db/queries/rfps";
import { getBidWorkspace } from "../app/services/bids/index.server";
import { DEMO_RFP_REFERENCES, demoActor, seedDemo } from "../app/services/seed-demo.server";
import { signInAs, startServer, stopServer } from "./bench-server";
import { scratchDatabase } from "./scratch-database";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CALLS = Number(process.env.BENCH_CALLS ?? 30);
const PART = process.env.BENCH_PART ?? "all";
const REFERENCE = DEMO_RFP_REFERENCES.streetFurniture;
const VENDOR = "vendor1@demo.pareto";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function timedMedian(calls: number, work: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function partService() {
  const scratch = await scratchDatabase();
  try {
    const db = scratch.handle.db;
    await seedDemo(db);
    const vendor = await demoActor(db, VENDOR);
    const rfp = await db.selectFrom("rfps").selectAll().where("reference", "=", REFERENCE).executeTakeFirstOrThrow();
    const workspace = await getBidWorkspace(db, rfp.id, vendor);
    const definition = definitionOf(rfp);
    const draft = bidDraftSchema.parse(workspace.draft.content);
    await sql`select 1`.execute(db);
    const service = await timedMedian(CALLS, () => getBidWorkspace(db, rfp.id, vendor));
    const feedback = await timedMedian(CALLS, () => bidFeedback(draft, definition));
    console.log(`(a) service on ${scratch.label}, median of ${CALLS}`);
    console.log(`    getBidWorkspace (vendor1, ${REFERENCE}): ${service.toFixed(2)} ms`);
    console.log(`    bidFeedback alone (the engine on the draft): ${feedback.toFixed(2)} ms`);
  } finally {
    await scratch.dispose();
  }
}

async function findBidPath(base: string, cookie: string): Promise<string> {
  const html = await (await fetch(`${base}/opportunities`, { headers: { cookie } })).text();
  for (const row of html.split("<tr")) {
    if (!row.includes(REFERENCE)) continue;
    const m = /href="(\/opportunities\/[0-9a-f-]{36})"/.exec(row);
    if (m) return `${m[1]}/bid`;
  }
  throw new Error(`${REFERENCE} is not listed on /opportunities`);
}

async function load(url: string, cookie?: string) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers: cookie ? { cookie } : {} });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function partServer() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pareto-bench-bid-"));
  const server = await startServer(dataDir);
  try {
    const cookie = await signInAs(server.base, VENDOR, "pareto-demo", "/opportunities");
    const bidPath = await findBidPath(server.base, cookie);
    const html = await (await fetch(`${server.base}${bidPath}`, { headers: { cookie } })).text();
    const context = /window\.__remixContext = (.*?);<\/script>/s.exec(html)?.[1] ?? "";
    const data = await (await fetch(`${server.base}${bidPath}?_data=${encodeURIComponent("routes/opportunities.$rfpId_.bid")}`, { headers: { cookie } })).text();
    console.log(`(b) the built server, ${CONNECTIONS} connections × ${DURATION} s`);
    console.log(`    HTML ${kb(Buffer.byteLength(html))}, of which hydration data ${kb(Buffer.byteLength(context))}; ?_data ${kb(Buffer.byteLength(data))}`);
    const landing = await load(`${server.base}/`);
    const bid = await load(`${server.base}${bidPath}`, cookie);
    const row = (name: string, r: typeof landing) => `    ${name.padEnd(28)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   ${((100 * r.rps) / landing.rps).toFixed(0).padStart(3)} %`;
    console.log(row("/ (signed out)", landing));
    console.log(row("/opportunities/:id/bid", bid));
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (PART === "all" || PART === "a") await partService();
if (PART === "all" || PART === "b") await partServer();
process.exit(0);
