// Results pages (issue #12) on the demo data: the ranking read from the snapshot's projection
// equals the engine's, sorting/filtering/paging, bad query values never fail, and who sees what
// (confidential figures, conflicts, the opening, quality before price).
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { getConsensus } from "~/services/evaluation/consensus.server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RoundEvaluation } from "~/domain/evaluation";
import { parseResultsQuery } from "~/domain/evaluation-results/results-query";
import { getBundleResult, getResults, RESULTS_NOT_OPENED, RESULTS_PRICES_HIDDEN, type ResultsView } from "~/services/evaluation/results.server";
import { getSnapshot, listSnapshots, runEvaluation } from "~/services/evaluation/snapshots.server";
import { loadEvaluationAccess } from "~/services/evaluation/access.server";
import { deriveRfpState } from "~/domain/rfp/state";
import { findLatestOpenedRound, listOpenedRounds } from "../../db/queries/bafo";
import { findOpening, findScoreLock, listAdmittedBidders, listCurrentDeclarations } from "../../db/queries/evaluation-access";
import { readRfpLifecycleFacts } from "../../db/queries/rfp-lifecycle";
import { findRfp } from "../../db/queries/rfps";
import type { RfpActor } from "~/services/rfps/index.server";
import { listRfpsForBuyer } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { lockScoresBySql } from "../support/evaluation";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;
let evaluator2: RfpActor;
let rfpId: string;
let engine: RoundEvaluation;

const q = (query = "") => parseResultsQuery(new URLSearchParams(query));
const results = async (who: RfpActor, query = "") => {
  const view = await getResults(t.db, rfpId, who, q(query));
  if (view.kind !== "results") throw new Error(`expected results, got: ${view.message}`);
  return view;
};
const keys = (rows: { vendorId: string; slotId: string }[]) => rows.map((r) => `${r.vendorId}/${r.slotId}`);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  evaluator2 = await actor(t, "evaluator2@demo.pareto");
  rfpId = (await listRfpsForBuyer(t.db, buyer)).find((r) => r.reference === "RIV-2026-018")!.id;
  const [latest] = await listSnapshots(t.db, rfpId, buyer);
  engine = JSON.parse((await getSnapshot(t.db, rfpId, latest!.id, buyer)).resultJson) as RoundEvaluation;
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe(`results (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("ranks the bundles exactly as the engine did, names the snapshot and lists gated-out bundles apart", async () => {
    const view = await results(buyer);
    const [latest] = await listSnapshots(t.db, rfpId, buyer);
    expect(view.snapshot.id).toBe(latest!.id);
    expect(view.snapshot.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(view.snapshot.engineVersion).toBe(latest!.engineVersion);
    expect(keys(view.ranked!.rows)).toEqual(keys(engine.ranking));
    expect(view.ranked!.rows.map((r) => r.rank)).toEqual(engine.ranking.map((r) => r.rank));
    expect(view.ranked!.rows.map((r) => r.total)).toEqual(engine.ranking.map((r) => r.total));
    expect(keys(view.gated!.rows).sort()).toEqual(keys(engine.gateFailures).sort());
    expect(view.summary.tieBreakDescription).toBe(engine.tieBreakDescription);
    // Each vendor's best bundle is marked, once per vendor.
    expect(keys(view.ranked!.rows.filter((r) => r.bestOfVendor)).sort()).toEqual(keys(engine.bestPerVendor).sort());
    // Points per criterion add up to the total.
    for (const r of view.ranked!.rows) expect(r.points.reduce((a, b) => a + b, 0)).toBeCloseTo(r.total, 6);
    // The buyer sees the confidential comparisons.
    expect(view.confidential?.reservationPriceMinor).toBe(490_000_000);
    expect(view.ranked!.rows.every((r) => typeof r.exceedsReservation === "boolean" && typeof r.beatsBatna === "boolean")).toBe(true);
    // Frontier: at least one ranked bundle, none among the gated-out.
    expect(view.chart.points.some((p) => p.onFrontier)).toBe(true);
    expect(view.chart.points.filter((p) => !p.passesGates).every((p) => !p.onFrontier)).toBe(true);
  });

  it("sorts by any column and by each criterion's points, both ways, and filters", async () => {
    const byPrice = await results(buyer, "sort=price");
    const prices = byPrice.ranked!.rows.map((r) => r.evaluatedPriceMinor);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const byPriceDesc = await results(buyer, "sort=price&dir=desc");
    expect(byPriceDesc.ranked!.rows.map((r) => r.evaluatedPriceMinor)).toEqual([...prices].sort((a, b) => b - a));
    const byVendor = await results(buyer, "sort=vendor");
    const names = byVendor.ranked!.rows.map((r) => r.vendorName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const criterion = byVendor.criteria[0]!;
    const byPoints = await results(buyer, `sort=c:${criterion.id}`);
    const pts = byPoints.ranked!.rows.map((r) => r.points[0]!);
    expect(pts).toEqual([...pts].sort((a, b) => b - a));
    expect(byPoints.query.sort).toBe(`c:${criterion.id}`);

    const vendorId = engine.ranking[0]!.vendorId;
    const oneVendor = await results(buyer, `vendor=${vendorId}`);
    expect([...oneVendor.ranked!.rows, ...oneVendor.gated!.rows].every((r) => r.vendorId === vendorId)).toBe(true);
    const best = await results(buyer, "best=1");
    expect(best.ranked!.rows.every((r) => r.bestOfVendor)).toBe(true);
    expect(best.ranked!.total).toBe(engine.bestPerVendor.length);
    expect(best.gated).toBeNull();
    const failing = await results(buyer, "gates=fail");
    expect(failing.ranked).toBeNull();
    expect(failing.gated!.total).toBe(engine.gateFailures.length);
  });

  it("ignores unknown or malicious query values instead of failing", async () => {
    for (const query of ["sort=bogus", "sort=c:nope", "sort=rank;drop table rfps", "sort=c:x')--", "page=-1", "page=abc", "page=99999", "gpage=1e9", "dir=sideways", "gates=maybe", "best=2", "vendor=' or 1=1 --", "vendor=00000000-0000-0000-0000-000000000000", "snapshot=not-a-uuid", "page=1&page=2"]) {
      const view = await results(buyer, query);
      expect(view.ranked!.rows.length, query).toBeGreaterThan(0);
      expect(view.ranked!.page, query).toBeGreaterThanOrEqual(1);
    }
    const bogus = await results(buyer, "sort=bogus");
    expect(bogus.query.sort).toBe("rank");
    expect(keys(bogus.ranked!.rows)).toEqual(keys(engine.ranking));
    expect((await domainError(getResults(t.db, rfpId, buyer, q("snapshot=00000000-0000-4000-8000-000000000000")))).code).toBe("not_found");
  });

  it("pages 50 bundles at a time", async () => {
    const view = await results(buyer, "page=3");
    expect(view.ranked!.page).toBe(view.ranked!.pageCount);
    expect(view.ranked!.rows.length).toBeLessThanOrEqual(50);
  });

  it("never gives an evaluator the reservation price, the BATNA or the comparisons with them", async () => {
    const view = await results(evaluator);
    expect(view.viewer.seesConfidential).toBe(false);
    expect(view.confidential).toBeNull();
    expect(keys(view.ranked!.rows)).toEqual(keys(engine.ranking));
    expect(view.ranked!.rows.every((r) => !("exceedsReservation" in r) && !("beatsBatna" in r))).toBe(true);
    const bundle = await getBundleResult(t.db, rfpId, engine.ranking[0]!.vendorId, engine.ranking[0]!.slotId, evaluator);
    for (const text of [JSON.stringify(view), JSON.stringify(bundle)]) {
      expect(text).not.toContain("490000000");
      expect(text).not.toContain("4,900,000");
      expect(text).not.toContain(engine.batna.label);
      expect(text).not.toContain("reservation");
      expect(text).not.toContain("batna");
    }
  });

  it("explains a bundle: arithmetic per criterion, the evaluators' scores, gates and clause findings", async () => {
    const top = engine.ranking[0]!;
    const view = await getBundleResult(t.db, rfpId, top.vendorId, top.slotId, buyer);
    expect(view.row.rank).toBe(1);
    expect(view.detail.lines.length).toBe(view.criteria.length);
    expect(view.detail.lines.every((l) => l.arithmetic.includes("points"))).toBe(true);
    const judged = view.detail.judged[0]!;
    expect(judged.scores.length).toBe(2);
    expect(judged.scores.map((s) => s.evaluatorName).sort()).toEqual(["Noor Haddad", "Sam Lindqvist"]);
    const engineBundle = engine.bundles.find((b) => b.vendorId === top.vendorId && b.slotId === top.slotId)!;
    expect(view.detail.clauseFindings).toEqual(engineBundle.clauseFindings);
    expect((await domainError(getBundleResult(t.db, rfpId, top.vendorId, "no-such-slot", buyer))).code).toBe("not_found");
    expect((await domainError(getBundleResult(t.db, rfpId, "x'; drop table rfps; --", top.slotId, buyer))).code).toBe("not_found");
  });

  it("leaves a conflicted vendor out of an evaluator's view, keeps the engine's ranks and answers its bundle page 404", async () => {
    const conflicted = engine.ranking[1]!.vendorId;
    await t.db
      .insertInto("conflict_declarations")
      .values({ rfp_id: rfpId, user_id: evaluator2.id, vendor_organisation_id: conflicted, has_conflict: true, note: "My brother works there", change_reason: "I just learned it" })
      .execute();
    const view = await results(evaluator2);
    const all: { vendorId: string }[] = [...view.ranked!.rows, ...view.gated!.rows, ...view.top, ...view.chart.points];
    expect(all.some((r) => r.vendorId === conflicted)).toBe(false);
    expect(view.vendors.some((v) => v.id === conflicted)).toBe(false);
    expect(JSON.stringify(view)).not.toContain(conflicted);
    expect(view.viewer.hiddenVendorCount).toBe(1);
    const expected = engine.ranking.filter((r) => r.vendorId !== conflicted);
    expect(view.ranked!.rows.map((r) => r.rank)).toEqual(expected.map((r) => r.rank));
    const slot = engine.ranking[1]!.slotId;
    expect((await domainError(getBundleResult(t.db, rfpId, conflicted, slot, evaluator2))).code).toBe("not_found");
    // Asking for the vendor by the filter shows nothing of it.
    const filtered = await results(evaluator2, `vendor=${conflicted}`);
    expect(filtered.query.vendor).toBeNull();
    expect(filtered.ranked!.rows.some((r) => r.vendorId === conflicted)).toBe(false);
    // Its scores of other vendors' bundles are also left out where the evaluator declared late: nothing else changes for the buyer.
    const buyerView = await getBundleResult(t.db, rfpId, conflicted, slot, buyer);
    expect(buyerView.detail.judged[0]!.scores.map((s) => s.evaluatorName)).toEqual(["Sam Lindqvist"]);
  });

  it("writes the projection with every new snapshot, and keeps it immutable", async () => {
    const run = await runEvaluation(t.db, rfpId, buyer);
    const view = await results(buyer);
    expect(view.snapshot.id).toBe(run.snapshotId);
    const rows = await t.db.selectFrom("evaluation_snapshot_bundles").select("vendor_id").where("snapshot_id", "=", run.snapshotId).execute();
    expect(rows.length).toBe(engine.bundles.length);
    await expect(sql`update evaluation_snapshot_bundles set total = 100 where snapshot_id = ${run.snapshotId}`.execute(t.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from evaluation_snapshot_results where snapshot_id = ${run.snapshotId}`.execute(t.db)).rejects.toThrow(/immutable/);
    // An older snapshot can still be shown by its id.
    const older = (await listSnapshots(t.db, rfpId, buyer)).find((s) => s.id !== run.snapshotId)!;
    expect((await results(buyer, `snapshot=${older.id}`)).snapshot.id).toBe(older.id);
  });

  it("answers 409 with the reason before the opening (a state, not a permission)", async () => {
    const waiting = (await listRfpsForBuyer(t.db, buyer)).find((r) => r.reference === "RIV-2026-019")!;
    for (const who of [buyer, evaluator]) {
      const error = await domainError(getResults(t.db, waiting.id, who, q()));
      expect(error.code).toBe("conflict");
      expect(error.message).toBe(RESULTS_NOT_OPENED);
    }
  });

  it("keeps vendors and administrators out", async () => {
    const vendor = await actor(t, "vendor1@demo.pareto");
    expect((await domainError(getResults(t.db, rfpId, vendor, q()))).code).toBe("not_found");
    const admin = await actor(t, "admin@demo.pareto");
    expect((await domainError(getResults(t.db, rfpId, admin, q()))).code).toBe("forbidden");
  });

  it("under quality before price, shows evaluators prices and ranks only after the lock", async () => {
    await sql`update rfps set quality_before_price = true where id = ${rfpId}`.execute(t.db);
    const error = await domainError(getResults(t.db, rfpId, evaluator, q()));
    expect(error.code).toBe("forbidden");
    expect(error.message).toBe(RESULTS_PRICES_HIDDEN);
    expect((await domainError(getBundleResult(t.db, rfpId, engine.ranking[0]!.vendorId, engine.ranking[0]!.slotId, evaluator))).code).toBe("forbidden");
    expect((await results(buyer)).ranked!.rows.length).toBeGreaterThan(0);
    await lockScoresBySql(t, rfpId, buyer.id);
    const view: ResultsView = await getResults(t.db, rfpId, evaluator, q());
    expect(view.kind).toBe("results");
  });

  it("says the evaluation has not been run yet when there is no snapshot", async () => {
    await sql`update rfps set quality_before_price = false where id = ${rfpId}`.execute(t.db);
    const fresh = (await listRfpsForBuyer(t.db, buyer)).find((r) => r.reference === "RIV-2026-019")!;
    // Record the opening by SQL so the RFP is opened without any run.
    const { openBidsBySql } = await import("../support/evaluation");
    await openBidsBySql(t, fresh.id, buyer.id);
    const view = await getResults(t.db, fresh.id, buyer, q());
    expect(view.kind).toBe("empty");
    if (view.kind === "empty") expect(view.message).toMatch(/Run the evaluation on the Consensus tab/);
  });

  it("reads the access in one statement that agrees with the separate reads (state, rounds, lock, bidders, declarations)", async () => {
    for (const r of await listRfpsForBuyer(t.db, buyer)) {
      const access = await loadEvaluationAccess(t.db, r.id, buyer);
      const round = (await findLatestOpenedRound(t.db, r.id)) ?? 1;
      const opening = await findOpening(t.db, r.id, round);
      const lock = await findScoreLock(t.db, r.id, round);
      expect(access.rfp).toEqual(await findRfp(t.db, r.id));
      expect(access.state).toBe(deriveRfpState(await readRfpLifecycleFacts(t.db, r.id), access.now));
      expect([access.round, access.openedRounds, access.opened, access.openedAt]).toEqual([round, await listOpenedRounds(t.db, r.id), Boolean(opening), opening?.opened_at ?? null]);
      expect([access.locked, access.lastLockEvent?.action ?? null, access.lastLockEvent?.byName ?? null]).toEqual([lock.locked, lock.last?.action ?? null, lock.last?.by_name ?? null]);
      expect(access.bidders).toEqual(opening ? await listAdmittedBidders(t.db, r.id, round) : []);
    }
    const access = await loadEvaluationAccess(t.db, rfpId, evaluator);
    const declared = await listCurrentDeclarations(t.db, rfpId, evaluator.id);
    expect([...access.declarations.entries()]).toEqual(declared.map((d) => [d.vendor_organisation_id, { hasConflict: d.has_conflict, note: d.note, declaredAt: d.declared_at, changeReason: d.change_reason }]));
    expect(access.panel).not.toBeNull();
  });

  it("reads a results page in a few statements: the access, the snapshot, its rows and the audit row", async () => {
    const counted = await countStatements((db) => getResults(db, rfpId, buyer, q()));
    // access, head, rows, audit (2): begin and commit are not counted.
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThanOrEqual(5);
    const [first] = (await results(buyer)).ranked!.rows;
    expect(await countStatements((db) => getBundleResult(db, rfpId, first!.vendorId, first!.slotId, buyer))).toBeLessThanOrEqual(4);
    expect(await countStatements((db) => getConsensus(db, rfpId, buyer))).toBeLessThanOrEqual(2);
  });

  it("reads a snapshot's rows for the same question once (they never change); a new snapshot, another viewer's question, is read afresh", async () => {
    await runEvaluation(t.db, rfpId, buyer);
    const query = "sort=price&dir=desc";
    const first = await countStatements((db) => getResults(db, rfpId, buyer, q(query)));
    const firstView = await results(buyer, query);
    expect(await countStatements((db) => getResults(db, rfpId, buyer, q(query)))).toBe(first - 1);
    expect(await results(buyer, query)).toEqual(firstView);
    // The evaluator's question (no confidential figures) is its own: read from the database.
    expect(await countStatements((db) => getResults(db, rfpId, evaluator, q(query)))).toBe(first);
    expect((await results(evaluator, query)).ranked!.rows.map((r) => r.vendorId)).toEqual(firstView.ranked!.rows.map((r) => r.vendorId));
    // A new run is a new snapshot: its rows are read, and shown.
    const run = await runEvaluation(t.db, rfpId, buyer);
    expect(await countStatements((db) => getResults(db, rfpId, buyer, q(query)))).toBe(first);
    expect((await results(buyer, query)).snapshot.id).toBe(run.snapshotId);
  });

  it("reads the ranking and a bundle without a transaction, and audits each view with one row", async () => {
    const [first] = (await results(buyer)).ranked!.rows;
    const auditRows = async () => Number((await t.db.selectFrom("audit_events").select((eb) => eb.fn.countAll().as("n")).where("action", "=", "evaluation.results-read").where("entity_id", "=", rfpId).executeTakeFirstOrThrow()).n);
    const before = await auditRows();
    const transactions = vi.spyOn(t.db, "transaction");
    try {
      const view = await getBundleResult(t.db, rfpId, first!.vendorId, first!.slotId, buyer);
      expect(view.row.vendorId).toBe(first!.vendorId);
      await results(buyer);
      expect(transactions).not.toHaveBeenCalled();
    } finally {
      transactions.mockRestore();
    }
    expect(await auditRows()).toBe(before + 2);
  });
});

/**
 * The statements run during `run` (begin and commit, which the driver sends itself, are not
 * counted): every Kysely executor of the test database is a DefaultQueryExecutor, including a
 * transaction's, so its executeQuery is wrapped for the time of the run.
 */
async function countStatements(run: (db: Kysely<Database>) => Promise<unknown>): Promise<number> {
  let n = 0;
  const proto = Object.getPrototypeOf(t.db.getExecutor()) as { executeQuery: (...args: unknown[]) => Promise<unknown> };
  const own = Object.prototype.hasOwnProperty.call(proto, "executeQuery");
  const original = proto.executeQuery;
  proto.executeQuery = function (this: unknown, ...args: unknown[]) {
    n += 1;
    return original.apply(this, args);
  };
  try {
    await run(t.db);
  } finally {
    if (own) proto.executeQuery = original;
    else delete (proto as Partial<typeof proto>).executeQuery;
  }
  return n;
}
