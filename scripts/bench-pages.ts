// Page benchmark (issue 15): every page of the portal as each demo role, on the built server,
// with autocannon at a fixed concurrency for a fixed duration per page: requests/s, p50, p99,
// HTML size, and each page's throughput as a ratio to the signed-out landing page measured in
// the same run (the landing page is measured again before every 6 pages and at the end; each
// page is compared with the mean of the runs just before and after it, so a machine whose
// speed drifts during the run does not flatter or punish the pages in between). Beside it, the
// server's own CPU time per response (from /proc, all its threads: with the embedded database
// that includes the queries) and the same ratio by that cost, which stays steady when other
// work shares the machine. The goals are judged both ways.
// Goals: every page ≥ 50 % of the landing page, the bid grid and the results ranking ≥ 25 %.
//
// The server runs on a fresh database, seeded with the demo data, and is stopped at the end:
// the embedded one (default), or a scratch PostgreSQL database with BENCH_DATABASE=postgres
// (TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test; dropped afterwards).
// Requests carry a browser's Accept-Encoding (gzip, deflate, br), so compression is counted.
//
//   npm run build && npm run bench:pages
// Before each measured run the page gets BENCH_WARMUP responses (default 3,000) that are not
// counted: V8 optimises a page's code over its first thousands of calls, a server in service
// runs warm, and the landing page, measured again and again, would otherwise be the only warm
// page in the table.
// Settings: BENCH_CONNECTIONS=8 BENCH_DURATION=5 (seconds per page) BENCH_WARMUP=3000 BENCH_PAGES=<regex on
// the page label, e.g. "rfps|bid"> BENCH_DATABASE=embedded|postgres BENCH_PROFILE=<folder>
// (the server runs with --cpu-prof and writes its profile there when stopped).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_RFP_REFERENCES, seedDemo } from "../app/services/seed-demo.server";
import { fetchPage, loadTest, processCpuMs, signInAs, startServer, stopServer, warmUp, type Load, type Server } from "./bench-server";
import { scratchDatabase, type ScratchDatabase } from "./scratch-database";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3000);
const FILTER = process.env.BENCH_PAGES ? new RegExp(process.env.BENCH_PAGES) : null;
const DATABASE = process.env.BENCH_DATABASE ?? "embedded";
const PROFILE = process.env.BENCH_PROFILE ?? null;
/** The landing page is measured again before every this many pages (the machine's speed drifts). */
const LANDING_EVERY = 6;
if (!["embedded", "postgres"].includes(DATABASE)) throw new Error("BENCH_DATABASE is embedded or postgres");
const PASSWORD = "pareto-demo";
const ACCOUNTS = { buyer: "buyer@demo.pareto", evaluator: "evaluator@demo.pareto", admin: "admin@demo.pareto", vendor: "vendor1@demo.pareto" } as const;
type Role = keyof typeof ACCOUNTS;
/** A browser's header: compressing the answer is part of its cost. */
const ACCEPT_ENCODING = "gzip, deflate, br";

/** The two pages with a lower goal (issue 15): a quarter of the landing page instead of half. */
type Goal = "half" | "quarter" | "none";

interface PageSpec {
  label: string;
  role: Role | null;
  path: string;
  goal: Goal;
}

interface Measured extends PageSpec {
  load: Load;
  bytes: number;
  /** The server's CPU time per response during the run (user + system, all its threads); null off Linux. */
  cpuMs: number | null;
  /** The landing-page run measured just before this page (and the next one just after its group). */
  landingBefore?: number;
}

// ── Finding the demo's pages ──────────────────────────────────────────────────────────────

/** The buyer's RFP ids by reference, read from /rfps (each row links /rfps/<id> and shows the reference). */
async function rfpIdsByReference(base: string, cookie: string): Promise<Map<string, string>> {
  const { html, status } = await fetchPage(base, "/rfps", cookie);
  const ids = new Map<string, string>();
  for (const row of html.split("<tr")) {
    const id = /href="\/rfps\/([^"/?#]+)"/.exec(row)?.[1];
    const reference = /RIV-\d{4}-\d{3}/.exec(row)?.[0];
    if (id && reference) ids.set(reference, id);
  }
  if (ids.size === 0) throw new Error(`no RFP found on /rfps (HTTP ${status})`);
  return ids;
}

/** The first link on a page whose address matches `pattern` (a regex source, without quotes). */
async function firstLink(base: string, cookie: string, pagePath: string, pattern: string): Promise<string> {
  const { html, status } = await fetchPage(base, pagePath, cookie);
  const m = new RegExp(`href="(${pattern})"`).exec(html);
  if (!m) throw new Error(`no link matching ${pattern} on ${pagePath} (HTTP ${status})`);
  return m[1]!.replace(/&amp;/g, "&");
}

async function demoPages(base: string, cookies: Record<Role, string>, mailbox: boolean): Promise<PageSpec[]> {
  const ids = await rfpIdsByReference(base, cookies.buyer);
  const idOf = (reference: string) => {
    const id = ids.get(reference);
    if (!id) throw new Error(`${reference} is not listed on /rfps`);
    return id;
  };
  const evaluated = idOf(DEMO_RFP_REFERENCES.fieldServices);
  const awaitingOpening = idOf(DEMO_RFP_REFERENCES.treeCare);
  const openForBids = idOf(DEMO_RFP_REFERENCES.streetFurniture);
  const bundle = await firstLink(base, cookies.buyer, `/rfps/${evaluated}/evaluation`, `/rfps/${evaluated}/evaluation/[^"/?#]+/[^"/?#]+`);
  const scoringSheet = await firstLink(base, cookies.evaluator, `/rfps/${evaluated}/scoring`, `/rfps/${evaluated}/scoring/[^"/?#.]+`);
  const receipt = await firstLink(base, cookies.vendor, `/opportunities/${openForBids}/bid`, `/opportunities/${openForBids}/bid/receipt/[^"/?#]+`);

  const page = (label: string, role: Role | null, pagePath: string, goal: Goal = "half"): PageSpec => ({ label, role, path: pagePath, goal });
  /** A tab of the RFP workspace on the evaluated demo RFP. */
  const tab = (to: string) => page(to ? `/rfps/:id/${to}` : "/rfps/:id (overview)", "buyer", `/rfps/${evaluated}${to ? `/${to}` : ""}`);
  return [
    page("/healthz (reference)", null, "/healthz", "none"),
    page("/dashboard", "buyer", "/dashboard"),
    page("/dashboard", "evaluator", "/dashboard"),
    page("/dashboard", "admin", "/dashboard"),
    page("/dashboard", "vendor", "/dashboard"),
    page("/opportunities", "vendor", "/opportunities"),
    page("/opportunities?_data (data only)", "vendor", "/opportunities?_data=routes%2Fopportunities._index"),
    page("/opportunities/:id (open)", "vendor", `/opportunities/${openForBids}`),
    page("/opportunities/:id/bid (bid grid)", "vendor", `/opportunities/${openForBids}/bid`, "quarter"),
    page("/opportunities/:id/bid/receipt/:v", "vendor", receipt),
    page("/rfps", "buyer", "/rfps"),
    tab(""),
    tab("basics"),
    tab("timeline"),
    tab("term-sheet"),
    tab("slots"),
    tab("criteria"),
    tab("sla"),
    tab("confidential"),
    tab("vendors"),
    tab("preview"),
    tab("questions"),
    tab("addenda"),
    tab("submissions"),
    tab("opening"),
    tab("panel"),
    tab("consensus"),
    page("/rfps/:id/evaluation (results ranking)", "buyer", `/rfps/${evaluated}/evaluation`, "quarter"),
    page("/rfps/:id/evaluation/:vendor/:slot (bundle)", "buyer", bundle),
    page("/rfps/:id/opening (awaiting opening)", "buyer", `/rfps/${awaitingOpening}/opening`),
    page("/rfps/:id/scoring", "evaluator", `/rfps/${evaluated}/scoring`),
    page("/rfps/:id/scoring/:vendor", "evaluator", scoringSheet),
    page("/rfps/:id/evaluation (results ranking)", "evaluator", `/rfps/${evaluated}/evaluation`, "quarter"),
    page("/admin/users", "admin", "/admin/users"),
    page("/admin/audit", "admin", "/admin/audit"),
    ...(mailbox ? [page("/mailbox", "buyer", "/mailbox")] : []),
  ];
}

// ── Measuring ─────────────────────────────────────────────────────────────────────────────

async function measure(server: Server, spec: PageSpec, cookie: string | null): Promise<Measured> {
  // Fetched once first: its size, a check that it answers 200, and a warm-up.
  const first = await fetchPage(server.base, spec.path, cookie);
  if (first.status !== 200) throw new Error(`${spec.label} as ${spec.role ?? "signed out"} answered HTTP ${first.status} (${spec.path})`);
  const headers = { "accept-encoding": ACCEPT_ENCODING, ...(cookie ? { cookie } : {}) };
  await warmUp(`${server.base}${spec.path}`, { connections: CONNECTIONS, requests: WARMUP, headers });
  const cpuBefore = processCpuMs(server.pid);
  const load = await loadTest(`${server.base}${spec.path}`, {
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
  });
  const cpuAfter = processCpuMs(server.pid);
  const cpuMs = cpuBefore !== null && cpuAfter !== null && load.requests > 0 ? (cpuAfter - cpuBefore) / load.requests : null;
  return { ...spec, load, bytes: first.bytes, cpuMs };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function verdict(goal: Goal, ratio: number | null): string {
  if (goal === "none" || ratio === null) return "";
  return ratio >= (goal === "half" ? 0.5 : 0.25) ? "met" : "NOT met";
}

const percent = (ratio: number | null) => (ratio === null ? "" : `${(100 * ratio).toFixed(0)} %`);

function printTable(landing: Measured[], pages: Measured[]): void {
  // Throughput: each page against the landing page measured just before and just after its group.
  const baselineOf = (m: Measured) => (m.landingBefore === undefined ? median(landing.map((l) => l.load.rps)) : (landing[m.landingBefore]!.load.rps + landing[m.landingBefore + 1]!.load.rps) / 2);
  const ratioOf = (m: Measured) => m.load.rps / baselineOf(m);
  // Cost: the landing page's server CPU time per response against the page's (steady on a busy machine).
  const landingCpu = landing.every((l) => l.cpuMs !== null) ? median(landing.map((l) => l.cpuMs!)) : null;
  const cpuRatioOf = (m: Measured) => (landingCpu === null || m.cpuMs === null || m.cpuMs === 0 ? null : landingCpu / m.cpuMs);
  const header = ["page", "as", "req/s", "p50", "p99", "HTML", "CPU/req", "vs landing (req/s)", "vs landing (CPU)", "goal (req/s · CPU)", "responses"];
  const numeric = new Set([2, 3, 4, 5, 6, 7, 8]);
  const rows: string[][] = [header];
  const row = (m: Measured, label = m.label) => {
    const goal = m.goal === "none" ? "" : `≥ ${m.goal === "half" ? 50 : 25} %: ${verdict(m.goal, ratioOf(m))} · ${verdict(m.goal, cpuRatioOf(m)) || "n/a"}`;
    rows.push([
      label,
      m.role ?? "signed out",
      m.load.rps.toFixed(0),
      `${m.load.p50} ms`,
      `${m.load.p99} ms`,
      `${(m.bytes / 1024).toFixed(1)} KB`,
      m.cpuMs === null ? "" : `${m.cpuMs.toFixed(2)} ms`,
      percent(ratioOf(m)),
      percent(cpuRatioOf(m)),
      goal,
      m.load.allOk ? "" : m.load.statuses,
    ]);
  };
  for (const [i, m] of pages.entries()) {
    if (m.landingBefore !== undefined && (i === 0 || pages[i - 1]!.landingBefore !== m.landingBefore)) row(landing[m.landingBefore]!, `/ (landing, run ${m.landingBefore + 1})`);
    row(m);
  }
  row(landing[landing.length - 1]!, `/ (landing, run ${landing.length})`);
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(" | ")} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w, c) => (numeric.has(c) ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`);
  for (const r of rows.slice(1)) console.log(line(r));
  const goals = pages.filter((m) => m.goal !== "none");
  const missed = (ratio: (m: Measured) => number | null) => goals.filter((m) => verdict(m.goal, ratio(m)) === "NOT met");
  const list = (ms: Measured[]) => (ms.length ? ` (not: ${ms.map((m) => `${m.label} as ${m.role}`).join("; ")})` : "");
  console.log(`\nlanding page: median ${median(landing.map((l) => l.load.rps)).toFixed(0)} req/s over ${landing.length} runs${landingCpu === null ? "" : `, ${landingCpu.toFixed(2)} ms of server CPU per response`}`);
  console.log(`goals by requests/s (each page against the landing runs just before and after it): met by ${goals.length - missed(ratioOf).length} of ${goals.length}${list(missed(ratioOf))}`);
  if (landingCpu !== null) console.log(`goals by server CPU per response: met by ${goals.length - missed(cpuRatioOf).length} of ${goals.length}${list(missed(cpuRatioOf))}`);
}

// ── Main ──────────────────────────────────────────────────────────────────────────────────

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pareto-bench-pages-"));
  let scratch: ScratchDatabase | null = null;
  let server: Server | null = null;
  try {
    let where = "embedded database (PGlite)";
    let databaseUrl: string | undefined;
    if (DATABASE === "postgres") {
      scratch = await scratchDatabase();
      await seedDemo(scratch.handle.db);
      databaseUrl = scratch.url ?? undefined;
      where = scratch.label;
    }
    if (PROFILE && !databaseUrl) {
      // The embedded database is seeded on the server's first start: keep that out of the profile.
      await stopServer(await startServer(dataDir));
    }
    server = await startServer(dataDir, { ...(databaseUrl ? { databaseUrl } : {}), ...(PROFILE ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${PROFILE}`] } : {}) });
    const cookies = {} as Record<Role, string>;
    for (const role of Object.keys(ACCOUNTS) as Role[]) cookies[role] = await signInAs(server.base, ACCOUNTS[role], PASSWORD, "/dashboard");
    const mailbox = (await fetchPage(server.base, "/mailbox", cookies.buyer)).status === 200;
    const pages = (await demoPages(server.base, cookies, mailbox)).filter((p) => !FILTER || FILTER.test(p.label));
    const landingSpec: PageSpec = { label: "/ (landing)", role: null, path: "/", goal: "none" };

    console.log(`bench:pages — ${where}; ${CONNECTIONS} connections × ${DURATION} s per page after ${WARMUP} responses of warm-up; ${pages.length} pages; the landing page before every ${LANDING_EVERY} pages and at the end`);
    const landing: Measured[] = [];
    const measured: Measured[] = [];
    for (const [i, spec] of pages.entries()) {
      if (i % LANDING_EVERY === 0) landing.push(await measure(server, landingSpec, null));
      measured.push({ ...(await measure(server, spec, spec.role ? cookies[spec.role] : null)), landingBefore: landing.length - 1 });
      process.stderr.write(".");
    }
    landing.push(await measure(server, landingSpec, null));
    process.stderr.write("\n");
    printTable(landing, measured);
  } finally {
    if (server) await stopServer(server);
    if (scratch) await scratch.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
