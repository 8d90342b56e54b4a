// Results benchmark (issue 12's figures), medians:
//  (a) the demo RFP's results page on the built server: requests/s, p50, p99 and HTML size of
//      `/rfps/<RIV-2026-017>/evaluation` against `/healthz` on the same server (autocannon,
//      8 connections × 8 s each), as a ratio (goal ≥ 50 %). The server runs on a fresh
//      embedded database (PARETO_DATA_DIR in a temporary folder, a free PORT) and is stopped
//      with SIGTERM at the end.
//  (b) a generated RFP of 500 vendors × 3 bundles × 40 criteria × 7 evaluators (6 SLAs per
//      bundle) stored as a snapshot of the demo RFP: server time of the results service's first
//      page (getResults, median of 20; goal ≤ 300 ms), a fresh evaluation of the same input
//      (evaluateRound, median of 5), writing the snapshot's projection once, and the HTML size
//      and server time of the first page through the built server (goal ≤ 300 KB).
//      The service is timed in a scratch database (scripts/scratch-database.ts: PostgreSQL from
//      TEST_DATABASE_URL or the local server, or PGlite with BENCH_DATABASE=pglite) seeded with
//      the demo data; the page through the server on the embedded database of part (a).
// The generated snapshot is inserted directly (input_json, input_hash, engine_version,
// result_json as runEvaluation stores them): 500 real bids through the services take long.
//
//   npm run build && npm run bench:results
// It runs the build in its own working directory (./build, ./server.js): run `npm run build`
// first. Settings: BENCH_CONNECTIONS=8 BENCH_DURATION=8 BENCH_CALLS=20 BENCH_EVALUATIONS=5
// BENCH_PAGE_CALLS=10 BENCH_PART=all|a|b.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { openDatabase } from "../db/client";
import { insertSnapshot } from "../db/queries/evaluation-results";
import type { Database } from "../db/schema";
import { ENGINE_VERSION, evaluateRound, parseRoundInput, type RoundInput } from "../app/domain/evaluation";
import { parseResultsQuery } from "../app/domain/evaluation-results/results-query";
import { roundInputJson } from "../app/domain/evaluation-workspace/round-input";
import { writeSnapshotProjection } from "../app/services/evaluation/results-projection.server";
import { getResults } from "../app/services/evaluation/results.server";
import { resultJsonFor, sha256Hex } from "../app/services/evaluation/snapshots.server";
import { DEMO_RFP_REFERENCES, demoActor, seedDemo } from "../app/services/seed-demo.server";
import { buildRound } from "./generated-round";
import { fetchPage, loadTest, signInAs, startServer, stopServer, type Server } from "./bench-server";
import { scratchDatabase } from "./scratch-database";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const EVALUATIONS = Number(process.env.BENCH_EVALUATIONS ?? 5);
const PAGE_CALLS = Number(process.env.BENCH_PAGE_CALLS ?? 10);
const PART = process.env.BENCH_PART ?? "all";
const REFERENCE = DEMO_RFP_REFERENCES.fieldServices;
const BUYER = "buyer@demo.pareto";
const PASSWORD = "pareto-demo";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

// ── The server ──────────────────────────────────────────────────────────────────────────

async function signIn(base: string): Promise<string> {
  return signInAs(base, BUYER, PASSWORD, "/rfps");
}

async function findRfpId(base: string, cookie: string): Promise<string> {
  const res = await fetch(`${base}/rfps`, { headers: { cookie } });
  const html = await res.text();
  // Each row: <a href="/rfps/<id>">title</a><div …>RIV-2026-017</div>
  for (const row of html.split("<tr")) {
    if (!row.includes(REFERENCE)) continue;
    const m = /href="\/rfps\/([^"/?#]+)"/.exec(row);
    if (m) return m[1]!;
  }
  throw new Error(`${REFERENCE} is not listed on /rfps (HTTP ${res.status})`);
}

const page = (base: string, urlPath: string, cookie: string) => fetchPage(base, urlPath, cookie);
const load = (url: string, cookie: string | null) => loadTest(url, { connections: CONNECTIONS, duration: DURATION, headers: cookie ? { cookie } : {} });

interface Generated {
  input: RoundInput;
  inputJson: string;
  inputHash: string;
  resultJson: string;
}

function generate(rfpId: string): Generated {
  const parsed = parseRoundInput(buildRound(rfpId));
  if (!parsed.ok) throw new Error(`generated round rejected: ${parsed.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  const inputJson = roundInputJson(parsed.data);
  return { input: parsed.data, inputJson, inputHash: sha256Hex(inputJson), resultJson: resultJsonFor(inputJson) };
}

/** Stores the generated round as the demo RFP's newest snapshot, with its projection; returns the projection's write time. */
async function storeGenerated(db: Kysely<Database>, g: Generated): Promise<{ rfpId: string; projectionMs: number }> {
  const rfp = await db.selectFrom("rfps").select("id").where("reference", "=", REFERENCE).executeTakeFirstOrThrow();
  const latest = await db.selectFrom("evaluation_snapshots").select("round").where("rfp_id", "=", rfp.id).orderBy("created_at", "desc").executeTakeFirst();
  const buyer = await demoActor(db, BUYER);
  const input = g.input.rfpId === rfp.id ? g : generate(rfp.id);
  const row = await insertSnapshot(db, {
    rfpId: rfp.id,
    round: Number(latest?.round ?? 1),
    inputJson: input.inputJson,
    inputHash: input.inputHash,
    engineVersion: ENGINE_VERSION,
    resultJson: input.resultJson,
    scoresLocked: true,
    createdBy: buyer.id,
  });
  const [, projectionMs] = await timed(() => writeSnapshotProjection(db, row.id, input.input, JSON.parse(input.resultJson)));
  return { rfpId: rfp.id, projectionMs };
}

// ── Main ────────────────────────────────────────────────────────────────────────────────

async function main() {
  const lines: [string, string, string][] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), "pareto-bench-results-"));
  let server: Server | null = null;
  let cookie = "";
  let demoRfpId = "";
  try {
    // (a) The demo RFP's results page against /healthz.
    server = await startServer(dataDir);
    cookie = await signIn(server.base);
    demoRfpId = await findRfpId(server.base, cookie);
    const resultsPath = `/rfps/${demoRfpId}/evaluation`;
    if (PART === "all" || PART === "a") {
      const first = await page(server.base, resultsPath, cookie);
      const health = await load(`${server.base}/healthz`, null);
      const results = await load(`${server.base}${resultsPath}`, cookie);
      // A reference: another signed-in page on the same database (session check, audit-free list).
      const list = await load(`${server.base}/rfps`, cookie);
      const ratio = results.rps / health.rps;
      lines.push(["(a) /healthz", `${health.rps.toFixed(0)} req/s, p50 ${health.p50} ms, p99 ${health.p99} ms`, health.statuses]);
      lines.push([`(a) demo results page ${resultsPath}`, `${results.rps.toFixed(0)} req/s, p50 ${results.p50} ms, p99 ${results.p99} ms; HTML ${kb(first.bytes)} (HTTP ${first.status})`, results.statuses]);
      lines.push(["(a) reference: /rfps (signed in)", `${list.rps.toFixed(0)} req/s, p50 ${list.p50} ms, p99 ${list.p99} ms`, list.statuses]);
      lines.push(["(a) results / healthz", `${(100 * ratio).toFixed(0)} %`, `goal ≥ 50 %: ${ratio >= 0.5 ? "met" : "NOT met"}`]);
    }
    await stopServer(server);
    server = null;

    if (PART === "all" || PART === "b") {
      // (b1) The results service on a scratch database with the demo data and the generated snapshot.
      const scratch = await scratchDatabase();
      try {
        const db = scratch.handle.db;
        const [, seedMs] = await timed(() => seedDemo(db));
        const rfp = await db.selectFrom("rfps").select("id").where("reference", "=", REFERENCE).executeTakeFirstOrThrow();
        const [g, generateMs] = await timed(() => generate(rfp.id));
        const evaluations: number[] = [];
        for (let i = 0; i < EVALUATIONS; i++) evaluations.push((await timed(() => evaluateRound(g.input)))[1]);
        const { projectionMs } = await storeGenerated(db, g);
        const buyer = await demoActor(db, BUYER);
        const query = parseResultsQuery(new URLSearchParams());
        const view = await getResults(db, rfp.id, buyer, query);
        if (view.kind !== "results") throw new Error(`getResults answered ${view.kind}`);
        const times: number[] = [];
        for (let i = 0; i < CALLS; i++) times.push((await timed(() => getResults(db, rfp.id, buyer, query)))[1]);
        const t = median(times);
        lines.push([`(b) scratch database`, scratch.label, `demo seeded in ${ms(seedMs)}; round generated + validated + evaluated once in ${ms(generateMs)}`]);
        lines.push([`(b) getResults first page, median of ${CALLS}`, ms(t), `${view.ranked?.rows.length ?? 0} rows of ${view.ranked?.total ?? 0} ranked; goal ≤ 300 ms: ${t <= 300 ? "met" : "NOT met"}`]);
        lines.push([`(b) fresh evaluateRound, median of ${EVALUATIONS}`, ms(median(evaluations)), `${g.input.vendors.length} vendors × 3 bundles × ${g.input.criteria.length} criteria × ${g.input.evaluators.length} evaluators`]);
        lines.push(["(b) projection write (once per snapshot)", ms(projectionMs), `input ${kb(g.inputJson.length)}, result ${kb(g.resultJson.length)}`]);
      } finally {
        await scratch.dispose();
      }

      // (b2) The first page through the server: the generated snapshot stored in part (a)'s embedded database.
      const embedded = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") });
      try {
        const rfp = await embedded.db.selectFrom("rfps").select("id").where("reference", "=", REFERENCE).executeTakeFirstOrThrow();
        await storeGenerated(embedded.db, generate(rfp.id));
      } finally {
        await embedded.close();
      }
      server = await startServer(dataDir);
      const pages: { status: number; bytes: number; ms: number }[] = [];
      await page(server.base, `/rfps/${demoRfpId}/evaluation`, cookie); // warm-up
      for (let i = 0; i < PAGE_CALLS; i++) pages.push(await page(server.base, `/rfps/${demoRfpId}/evaluation`, cookie));
      const bytes = median(pages.map((p) => p.bytes));
      lines.push([
        `(b) results page through the server, median of ${PAGE_CALLS}`,
        `${ms(median(pages.map((p) => p.ms)))}, HTML ${kb(bytes)}`,
        `HTTP ${[...new Set(pages.map((p) => p.status))].join("/")}; goal ≤ 300 KB: ${bytes <= 300 * 1024 ? "met" : "NOT met"}`,
      ]);
      await stopServer(server);
      server = null;
    }
  } finally {
    if (server) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const w0 = Math.max(...lines.map((l) => l[0].length));
  const w1 = Math.max(...lines.map((l) => l[1].length));
  console.log(`bench:results — ${CONNECTIONS} connections × ${DURATION} s per autocannon run; medians`);
  for (const [a, b, c] of lines) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
