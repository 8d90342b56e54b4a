// Submission benchmark (PostgreSQL, or PGlite with BENCH_DATABASE=pglite): latency (median, p99) of one full bid (3 bundles ×
// every issue × 6 SLAs with remedies) submitted through submitBid, and throughput of many
// vendors submitting at once: all on one RFP (they share its audit stream), and each on its
// own RFP (BENCH_MODE=same or different runs only one of the two; both by default). Runs in
// its own fresh database, dropped afterwards.
//   npm run bench:submit   (TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
// Throughput is measured two ways. "Rounds" (the goal's measure): all vendors submit at once,
// the next round starts when the last of them returned. "Closed loop" (BENCH_STEADY_SECONDS,
// 3): each vendor submits again as soon as its previous submission returned, so no one idles
// waiting for the slowest of a round; printed beside the rounds, for steady throughput.
// Figures that do not depend on the machine's load are printed too: statements sent per
// submission (transaction control included; PostgreSQL), and CPU time per submission of this
// process and of the database server's backends (read from /proc when the server is local).
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql, type Kysely } from "kysely";
import { openDatabase } from "../db/client";
import { verifyAuditChain } from "../db/queries/audit";
import type { Database } from "../db/schema";
import { ensureParticipant } from "../db/queries/rfp-vendors";
import { sampleFieldServicesBid } from "../app/domain/bids/sample";
import { saveConfidentialSchema, saveTimelineSchema } from "../app/domain/rfp/sections";
import { saveBidDraft, submitBid, type BidActor } from "../app/services/bids/index.server";
import { createRfp, inviteVendors, publishRfp, saveRfpConfidential, saveRfpTimeline, type RfpActor } from "../app/services/rfps/index.server";
import { scratchDatabase } from "./scratch-database";

const SEQUENTIAL = Number(process.env.BENCH_SUBMISSIONS ?? 200);
const CONCURRENT = Number(process.env.BENCH_CONCURRENCY ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 3);
const MODE = process.env.BENCH_MODE ?? "both";
if (!["same", "different", "both"].includes(MODE)) throw new Error("BENCH_MODE is same, different or both");

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** CPU seconds (user + system) of a local process, or null when /proc does not show it. */
function processCpuSeconds(pid: number): number | null {
  try {
    // Nanoseconds on a CPU, where the kernel keeps scheduler statistics.
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e9;
  } catch {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
    } catch {
      return null;
    }
  }
}

/**
 * CPU time spent on a stretch of work: this process, and the server backends of the benchmark's
 * database (PostgreSQL on this machine only; with PGlite the database runs in this process).
 */
async function cpuMeter(db: Kysely<Database>, local: boolean) {
  const backends = async () => (local ? (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db)).rows.map((r) => r.pid) : []);
  const serverCpu = (pids: Iterable<number>) => {
    let total = 0;
    for (const pid of pids) total += processCpuSeconds(pid) ?? 0;
    return total;
  };
  const startPids = await backends();
  const server0 = new Map(startPids.map((pid) => [pid, processCpuSeconds(pid) ?? 0]));
  const node0 = process.cpuUsage();
  return async (submissions: number) => {
    const node = process.cpuUsage(node0);
    const pids = new Set([...startPids, ...(await backends())]);
    let server = serverCpu(pids);
    for (const pid of pids) server -= server0.get(pid) ?? 0;
    const perSubmission = (seconds: number) => `${((seconds * 1000) / submissions).toFixed(2)} ms`;
    const nodeMs = perSubmission((node.user + node.system) / 1e6);
    return local && startPids.length > 0 ? `CPU per submission: this process ${nodeMs}, PostgreSQL backends ${perSubmission(server)}` : `CPU per submission: this process ${nodeMs}`;
  };
}

async function main() {
  const { handle, label, url, dispose } = await scratchDatabase();
  // The server's backends are readable in /proc only when it runs on this machine.
  const local = url !== null && ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname) && processCpuSeconds(process.pid) !== null;
  let statements: string[] | null = null;
  // A second pool on the same database whose statements are counted (PostgreSQL only).
  const counted = url ? await openDatabase({ kind: "postgres", url }, { onStatement: (text) => statements?.push(text) }) : null;
  try {
    const db = handle.db;
    const org = async (kind: "buyer" | "vendor", role: "buyer" | "vendor"): Promise<RfpActor> => {
      const tag = randomUUID().slice(0, 8);
      const o = await db.insertInto("organisations").values({ name: `${kind} ${tag}`, kind }).returning(["id", "name"]).executeTakeFirstOrThrow();
      const u = await db.insertInto("users").values({ email: `${tag}@bench.test`, name: tag, password_hash: "x" }).returning(["id", "email"]).executeTakeFirstOrThrow();
      await db.insertInto("memberships").values({ user_id: u.id, organisation_id: o.id, role }).execute();
      return { id: u.id, email: u.email, organisation: { id: o.id, name: o.name, kind }, roles: [role], ip: null };
    };
    const buyer = await org("buyer", "buyer");
    let rfps = 0;
    const publishedRfp = async (): Promise<string> => {
      const { id: rfpId, version } = await createRfp(db, { template: "field-services" }, buyer);
      // The template has no reference number; the benchmark sets it directly (no form to go through).
      await db.updateTable("rfps").set({ reference: `BENCH-${++rfps}` }).where("id", "=", rfpId).execute();
      let v = (await saveRfpTimeline(db, rfpId, saveTimelineSchema.parse({ expectedVersion: version, questionsCloseAt: new Date(Date.now() + 86_400_000), bidsCloseAt: new Date(Date.now() + 2 * 86_400_000), bidValidityDays: 90 }), buyer)).version;
      v = (await saveRfpConfidential(db, rfpId, saveConfidentialSchema.parse({ expectedVersion: v, reservationPriceMinor: 500_000_000 }), buyer)).version;
      await inviteVendors(db, rfpId, { emails: ["invitee@bench.test"] }, buyer);
      await publishRfp(db, rfpId, { expectedVersion: v }, buyer);
      return rfpId;
    };
    const rfpId = await publishedRfp();
    const vendor = async (onRfp = rfpId): Promise<BidActor> => {
      const a = await org("vendor", "vendor");
      await ensureParticipant(db, onRfp, a.organisation.id, "invitation");
      await saveBidDraft(db, onRfp, { expectedVersion: 0, draft: sampleFieldServicesBid(1 + Math.random() / 10) }, a);
      return a;
    };

    // Statements per submission: a vendor's first submission of its draft, then a revision.
    let statementCounts = "statements per submission: not counted (PGlite)";
    if (counted) {
      const first = await vendor();
      const count = async () => {
        statements = [];
        await submitBid(counted.db, rfpId, { idempotencyKey: randomUUID() }, first);
        const n = statements.length;
        statements = null;
        return n;
      };
      const firstCount = await count();
      statementCounts = `statements per submission (transaction control included): first submission of a draft ${firstCount}, a revision ${await count()}`;
    }

    // Latency: one vendor revising its bid again and again (each submission a new version).
    const solo = await vendor();
    for (let i = 0; i < 10; i++) await submitBid(db, rfpId, { idempotencyKey: randomUUID() }, solo); // warm-up
    const times: number[] = [];
    const sequentialCpu = await cpuMeter(db, local);
    for (let i = 0; i < SEQUENTIAL; i++) {
      const start = performance.now();
      await submitBid(db, rfpId, { idempotencyKey: randomUUID() }, solo);
      times.push(performance.now() - start);
    }
    const sequentialCpuLine = await sequentialCpu(SEQUENTIAL);
    times.sort((a, b) => a - b);

    // Throughput: CONCURRENT vendors submitting at the same moment, ROUNDS times; each
    // submission's own latency too (it includes waiting for the others' locks).
    const crowdRun = async (crowd: { rfpId: string; actor: BidActor }[]) => {
      for (const c of crowd) await submitBid(db, c.rfpId, { idempotencyKey: randomUUID() }, c.actor); // warm-up
      const latencies: number[] = [];
      let elapsed = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const start = performance.now();
        await Promise.all(
          crowd.map(async (c) => {
            const t0 = performance.now();
            await submitBid(db, c.rfpId, { idempotencyKey: randomUUID() }, c.actor);
            latencies.push(performance.now() - t0);
          }),
        );
        elapsed += performance.now() - start;
      }
      latencies.sort((a, b) => a - b);
      const rounds = { rate: latencies.length / (elapsed / 1000), perRound: elapsed / ROUNDS, median: pct(latencies, 50), p99: pct(latencies, 99) };

      // Closed loop: each vendor submits again as soon as its previous submission returned.
      const steady: number[] = [];
      const cpu = await cpuMeter(db, local);
      const start = performance.now();
      const until = start + STEADY_SECONDS * 1000;
      await Promise.all(
        crowd.map(async (c) => {
          while (performance.now() < until) {
            const t0 = performance.now();
            await submitBid(db, c.rfpId, { idempotencyKey: randomUUID() }, c.actor);
            steady.push(performance.now() - t0);
          }
        }),
      );
      const steadyElapsed = performance.now() - start;
      const cpuLine = await cpu(steady.length);
      steady.sort((a, b) => a - b);
      return { ...rounds, steady: { rate: steady.length / (steadyElapsed / 1000), count: steady.length, median: pct(steady, 50), p99: pct(steady, 99), cpuLine } };
    };
    const results: string[] = [];
    const describe = (what: string, r: Awaited<ReturnType<typeof crowdRun>>) =>
      `throughput, ${CONCURRENT} concurrent vendors ${what} × ${ROUNDS} rounds: ${r.rate.toFixed(0)} submissions/s (${r.perRound.toFixed(0)} ms per round of ${CONCURRENT}; each submission median ${r.median.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms)\n` +
      `  closed loop, ${STEADY_SECONDS} s: ${r.steady.rate.toFixed(0)} submissions/s (${r.steady.count} submissions; each median ${r.steady.median.toFixed(1)} ms, p99 ${r.steady.p99.toFixed(1)} ms); ${r.steady.cpuLine}`;
    if (MODE !== "different") {
      const crowd = await Promise.all(Array.from({ length: CONCURRENT }, async () => ({ rfpId, actor: await vendor() })));
      results.push(describe("on the same RFP", await crowdRun(crowd)));
    }
    if (MODE !== "same") {
      const crowd: { rfpId: string; actor: BidActor }[] = [];
      for (let i = 0; i < CONCURRENT; i++) {
        const own = await publishedRfp();
        crowd.push({ rfpId: own, actor: await vendor(own) });
      }
      results.push(describe("on different RFPs", await crowdRun(crowd)));
    }
    const bid = sampleFieldServicesBid();
    console.log(`bench:submit on ${label}`);
    console.log(`bid: ${bid.bundles.length} bundles × ${Object.keys(bid.bundles[0]!.values).length} issues × ${bid.bundles[0]!.clauses.slas.length} SLAs (${bid.bundles[0]!.clauses.slas.reduce((n, s) => n + s.remedies.length, 0)} remedies per bundle), ${JSON.stringify(bid).length} bytes`);
    console.log(statementCounts);
    console.log(`latency, ${SEQUENTIAL} sequential submissions: median ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms; ${sequentialCpuLine}`);
    for (const line of results) console.log(line);
    // Every submission above chained its audit row: the whole trail must still verify.
    const audit = await verifyAuditChain(db);
    console.log(`audit trail: ${audit.ok ? "verified" : "BROKEN"}, ${audit.checked} events in ${audit.streams} streams`);
    if (!audit.ok) throw new Error(`the audit trail does not verify: ${JSON.stringify(audit.brokenAt)}`);
  } finally {
    await counted?.close();
    await dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
