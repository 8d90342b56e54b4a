// Evaluation workspace benchmark, through the services people use:
//  - the two-key opening of an RFP with many bids (the confirm re-hashes every counting
//    version and writes the opening register), median over several RFPs;
//  - the scoring page of one vendor's three bundles for a panel evaluator (server time of
//    getVendorScoring, the page loader's work), median over many views;
//  - storing an evaluation snapshot (runEvaluation), and reproducing it with the CLI
//    (`npm run evaluate -- input.json --json`, a fresh process each time).
// Runs in its own fresh database: PostgreSQL (TEST_DATABASE_URL or the local server), or an
// in-memory PGlite with BENCH_DATABASE=pglite.
//   npm run bench:evaluation   [BENCH_BIDS=200 BENCH_OPENINGS=3 BENCH_VIEWS=50 BENCH_SNAPSHOTS=5 BENCH_CLI=3]
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { closeBidsNow } from "../db/queries/demo";
import { listAdmittedBidders } from "../db/queries/evaluation-access";
import { ensureParticipant } from "../db/queries/rfp-vendors";
import type { Database } from "../db/schema";
import { sampleFieldServicesBid } from "../app/domain/bids/sample";
import { saveConfidentialSchema, saveTimelineSchema } from "../app/domain/rfp/sections";
import { saveBidDraft, submitBid, type BidActor } from "../app/services/bids/index.server";
import { declareConflicts } from "../app/services/evaluation/conflicts.server";
import { confirmOpening, startOpening } from "../app/services/evaluation/opening.server";
import { setPanel } from "../app/services/evaluation/panel.server";
import { getVendorScoring, saveScores } from "../app/services/evaluation/scoring.server";
import { getSnapshot, runEvaluation } from "../app/services/evaluation/snapshots.server";
import { createRfp, inviteVendors, publishRfp, saveRfpConfidential, saveRfpTimeline, type RfpActor } from "../app/services/rfps/index.server";
import { scratchDatabase } from "./scratch-database";

const BIDS = Number(process.env.BENCH_BIDS ?? 200);
const OPENINGS = Number(process.env.BENCH_OPENINGS ?? 3);
const VIEWS = Number(process.env.BENCH_VIEWS ?? 50);
const SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 5);
const CLI_RUNS = Number(process.env.BENCH_CLI ?? 3);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

async function account(db: Kysely<Database>, organisation: { id: string; name: string; kind: "buyer" | "vendor" }, role: "buyer" | "evaluator" | "vendor"): Promise<RfpActor> {
  const tag = randomUUID().slice(0, 8);
  const u = await db.insertInto("users").values({ email: `${role}-${tag}@bench.test`, name: `${role} ${tag}`, password_hash: "x" }).returning(["id", "email"]).executeTakeFirstOrThrow();
  await db.insertInto("memberships").values({ user_id: u.id, organisation_id: organisation.id, role }).execute();
  return { id: u.id, email: u.email, organisation, roles: [role], ip: null };
}

async function organisation(db: Kysely<Database>, kind: "buyer" | "vendor") {
  return db.insertInto("organisations").values({ name: `${kind} ${randomUUID().slice(0, 8)}`, kind }).returning(["id", "name", "kind"]).executeTakeFirstOrThrow();
}

/** A published field-services RFP with `n` submitted MESO bids, its deadline now passed. */
async function closedRfpWithBids(db: Kysely<Database>, buyer: RfpActor, n: number, reference: string): Promise<string> {
  const { id, version } = await createRfp(db, { template: "field-services" }, buyer);
  await db.updateTable("rfps").set({ reference }).where("id", "=", id).execute();
  let v = (await saveRfpTimeline(db, id, saveTimelineSchema.parse({ expectedVersion: version, questionsCloseAt: new Date(Date.now() + 86_400_000), bidsCloseAt: new Date(Date.now() + 2 * 86_400_000), bidValidityDays: 90 }), buyer)).version;
  v = (
    await saveRfpConfidential(
      db,
      id,
      saveConfidentialSchema.parse({ expectedVersion: v, reservationPriceMinor: 500_000_000, batna: { label: "In-house crews", values: { monthlyFee: 13_500_000, mobilisationFee: 0, termMonths: 36, rolloutWeeks: 0, responseHours: 12, localHiringPct: 100, scheduling: "fixed", staffingPlan: "current crews" }, judgedScores: { reliability: 5 } } }),
      buyer,
    )
  ).version;
  await inviteVendors(db, id, { emails: [`invitee-${reference.toLowerCase()}@bench.test`] }, buyer);
  await publishRfp(db, id, { expectedVersion: v }, buyer);
  for (let i = 0; i < n; i++) {
    const vendor: BidActor = await account(db, await organisation(db, "vendor"), "vendor");
    await ensureParticipant(db, id, vendor.organisation.id, "invitation");
    await saveBidDraft(db, id, { expectedVersion: 0, draft: sampleFieldServicesBid(0.9 + (i % 37) / 100) }, vendor);
    await submitBid(db, id, { idempotencyKey: randomUUID() }, vendor);
  }
  await closeBidsNow(db, id);
  return id;
}

async function main() {
  const { handle, label, dispose } = await scratchDatabase();
  const scratch = mkdtempSync(path.join(tmpdir(), "pareto-bench-"));
  try {
    const db = handle.db;
    const buyerOrg = await organisation(db, "buyer");
    const buyer = await account(db, buyerOrg, "buyer");
    const evaluator = await account(db, buyerOrg, "evaluator");
    console.log(`bench:evaluation on ${label}; ${BIDS} bids per RFP (3 bundles × 8 issues × 6 SLAs each)`);

    // 1. Opening: confirm (re-hash + register) of BIDS bids, OPENINGS times.
    const openings: number[] = [];
    let rfpId = "";
    for (let r = 0; r < OPENINGS; r++) {
      rfpId = await closedRfpWithBids(db, buyer, BIDS, `BENCH-${r + 1}`);
      await startOpening(db, rfpId, buyer);
      const [confirmed, took] = await timed(() => confirmOpening(db, rfpId, evaluator));
      if (confirmed.counts.counted !== BIDS) throw new Error(`expected ${BIDS} counted bids, got ${confirmed.counts.counted}`);
      openings.push(took);
    }
    console.log(`opening of ${BIDS} bids (register with re-hashing), ${OPENINGS} RFPs: median ${ms(median(openings))} (min ${ms(Math.min(...openings))}, max ${ms(Math.max(...openings))})`);

    // 2. Scoring page: the evaluator on the panel, no conflicts, views one vendor's MESO.
    await setPanel(db, rfpId, { members: [{ userId: evaluator.id, criterionIds: null }] }, buyer);
    const bidders = await listAdmittedBidders(db, rfpId);
    await declareConflicts(db, rfpId, { declarations: bidders.map((b) => ({ vendorOrganisationId: b.vendorOrganisationId, hasConflict: false, note: "" })) }, evaluator);
    const one = bidders[Math.floor(bidders.length / 2)]!;
    for (let i = 0; i < 5; i++) await getVendorScoring(db, rfpId, one.vendorOrganisationId, evaluator); // warm-up
    const views: number[] = [];
    for (let i = 0; i < VIEWS; i++) views.push((await timed(() => getVendorScoring(db, rfpId, one.vendorOrganisationId, evaluator)))[1]);
    console.log(`scoring page of one vendor's three bundles (server time of getVendorScoring), ${VIEWS} views: median ${ms(median(views))}`);

    // 3. Snapshot: every judged cell scored and submitted, then runEvaluation SNAPSHOTS times.
    const slots = ["cost", "reliability", "balanced"];
    const entries = bidders.flatMap((b, i) => slots.map((slotId, s) => ({ vendorOrganisationId: b.vendorOrganisationId, slotId, criterionId: "reliability", score: ((i + s) % 21) / 2, justification: "Benchmark score." })));
    await saveScores(db, rfpId, evaluator, { entries, submit: true });
    const stores: number[] = [];
    let snapshotId = "";
    for (let i = 0; i < SNAPSHOTS; i++) {
      const [run, took] = await timed(() => runEvaluation(db, rfpId, buyer));
      snapshotId = run.snapshotId;
      stores.push(took);
    }
    console.log(`snapshot store (assemble input + engine + store) for ${BIDS} vendors × 3 bundles, ${SNAPSHOTS} runs: median ${ms(median(stores))}`);

    // 4. Reproduce with the CLI, byte for byte.
    const snapshot = await getSnapshot(db, rfpId, snapshotId, buyer);
    const file = path.join(scratch, "input.json");
    writeFileSync(file, snapshot.inputJson);
    const cli: number[] = [];
    for (let i = 0; i < CLI_RUNS; i++) {
      const start = performance.now();
      const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/evaluate.ts", file, "--json"], { encoding: "utf8", maxBuffer: 1 << 30 });
      cli.push(performance.now() - start);
      if (out !== snapshot.resultJson) throw new Error("the CLI did not reproduce the stored result byte for byte");
    }
    console.log(`reproduce by CLI (new process, tsx, ${(snapshot.inputJson.length / 1024).toFixed(0)} KB input), ${CLI_RUNS} runs: median ${ms(median(cli))}; output identical to the stored result`);
  } finally {
    await dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
