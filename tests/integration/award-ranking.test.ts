// The ranking an award rests on, on the award page (decision 020, "The approver reads the
// ranking"), on both databases, on the demo's proposed award (RIV-2026-017): the administrator
// who approves reads the top of the run's ranking, the awarded bundle and the consensus's flagged
// spreads, with no link to results (which would answer 403); the buyer gets the link; a panel
// evaluator reads no summary, an evaluator off the panel and a vendor nothing. A consensus changed
// after the proposal is said on the page and refuses the approval; so does a newer run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveAward } from "~/services/awards/approve.server";
import { cancelAward } from "~/services/awards/cancel.server";
import { getAwardPage } from "~/services/awards/page.server";
import { proposeAward } from "~/services/awards/propose.server";
import { readAwardSummary } from "~/services/awards/read.server";
import { getResults } from "~/services/evaluation/results.server";
import { moderate } from "~/services/evaluation/consensus.server";
import { runEvaluation } from "~/services/evaluation/snapshots.server";
import { parseResultsQuery } from "~/domain/evaluation-results/results-query";
import type { RfpActor } from "~/services/rfps/index.server";
import { listRfpsForBuyer } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let admin: RfpActor;
let evaluator: RfpActor;
let outsider: RfpActor;
let vendor: RfpActor;
let rfpId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  admin = await actor(t, "admin@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  vendor = await actor(t, "vendor1@demo.pareto");
  // An evaluator of the city who is not on RIV-2026-017's panel.
  const org = await t.db.selectFrom("organisations").select("id").where("id", "=", buyer.organisation.id).executeTakeFirstOrThrow();
  const user = await t.db.insertInto("users").values({ email: "off-panel@award-ranking.test", name: "Otto Off-Panel", password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
  await t.db.insertInto("memberships").values({ user_id: user.id, organisation_id: org.id, role: "evaluator" }).execute();
  outsider = await actor(t, "off-panel@award-ranking.test");
  rfpId = (await listRfpsForBuyer(t.db, buyer)).find((r) => r.reference === "RIV-2026-017")!.id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** The run's ranked bundles, best first, straight from its projection. */
async function projection(snapshotId: string) {
  return t.db
    .selectFrom("evaluation_snapshot_bundles")
    .select(["vendor_id", "slot_id", "vendor_name", "slot_name", "rank", "total", "evaluated_price_minor"])
    .where("snapshot_id", "=", snapshotId)
    .where("rank", "is not", null)
    .orderBy("rank")
    .execute();
}

describe(`the ranking an award rests on (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("shows the administrator the top five of the run's ranking, the awarded bundle, the flagged spreads, and no link to results", async () => {
    const award = (await readAwardSummary(t.db, rfpId))!;
    expect(award.status).toBe("proposed");
    const page = await getAwardPage(t.db, rfpId, admin);
    const ranking = page.ranking!;
    expect(ranking).not.toBeNull();
    expect(ranking).toMatchObject({ round: 2, snapshotId: award.snapshotId, scoresLocked: false, deviation: null, resultsHref: null, consensusChanges: { count: 0, listed: [] } });
    const ranked = await projection(award.snapshotId);
    expect(ranked.length).toBeGreaterThan(5);
    // The top five by place, each with the run's own figures; the awarded one is the top-ranked one.
    expect(ranking.rows.map((r) => [r.rank, r.vendorName, r.slotName, r.total, r.evaluatedPriceMinor, r.gateFailures])).toEqual(
      ranked.slice(0, 5).map((r) => [r.rank, r.vendor_name, r.slot_name, Number(r.total), Number(r.evaluated_price_minor), []]),
    );
    expect(ranking.rows.filter((r) => r.awarded).map((r) => r.key)).toEqual([`${award.vendorOrganisationId}/${award.slotId}`]);
    expect(ranking.rows[0]).toMatchObject({ awarded: true, topRanked: true });
    expect(ranking).toMatchObject({ rankedCount: ranked.length, gatedCount: 0, vendorCount: 2 });
    // The demo's one flagged spread: Northfield's reliability-optimised bundle on the reliability plan, not moderated.
    expect(ranking.spreads).toMatchObject({ open: 1, moderated: 0, more: 0, method: "median", margin: 3 });
    expect(ranking.spreads.listed).toEqual([
      { criterionName: "Service reliability plan", vendorName: "Northfield Field Services Ltd", slotName: "Reliability-optimised", rank: 6, spread: 3.5, consensus: 4.25, moderation: null },
    ]);
    expect(page.approvalRefusal).toBeNull();
    expect(page.actions.canApprove).toBe(true);
  });

  it("links the buyer, who may open the results, to the results of the award's run; the link opens", async () => {
    const award = (await readAwardSummary(t.db, rfpId))!;
    const page = await getAwardPage(t.db, rfpId, buyer);
    expect(page.ranking?.resultsHref).toBe(`/rfps/${rfpId}/evaluation?round=2&snapshot=${award.snapshotId}`);
    const results = await getResults(t.db, rfpId, buyer, parseResultsQuery(new URL(`http://x${page.ranking!.resultsHref}`).searchParams));
    expect(results.kind === "results" && results.snapshot.id).toBe(award.snapshotId);
    // The administrator has no results: the page would answer 403, so the award page has no link.
    expect((await domainError(getResults(t.db, rfpId, admin, parseResultsQuery(new URLSearchParams())))).code).toBe("forbidden");
  });

  it("gives a panel evaluator the award without the summary, and an evaluator off the panel or a vendor nothing", async () => {
    const panel = await getAwardPage(t.db, rfpId, evaluator);
    expect(panel.award?.status).toBe("proposed");
    expect(panel.ranking).toBeNull();
    expect((await domainError(getAwardPage(t.db, rfpId, outsider))).code).toBe("forbidden");
    expect((await domainError(getAwardPage(t.db, rfpId, vendor))).code).toBe("not_found");
  });

  it("says when the consensus changed after the proposal, refuses the approval, and after a new run says it was run again", async () => {
    const award = (await readAwardSummary(t.db, rfpId))!;
    // The chair moderates the flagged spread after the proposal, without running the evaluation again.
    const cell = { vendorOrganisationId: (await projection(award.snapshotId)).find((r) => r.rank === 6)!.vendor_id, slotId: "reliability", criterionId: "reliability" };
    await moderate(t.db, rfpId, { ...cell, value: "6", reason: "Agreed in the panel meeting: the plan names standby crews.", expectedVersion: 0 }, buyer);

    const page = await getAwardPage(t.db, rfpId, admin);
    expect(page.actions.canApprove).toBe(false);
    expect(page.approvalRefusal).toContain("The consensus changed after the evaluation run this award rests on: 1 consensus score differs");
    expect(page.approvalRefusal).toContain("“Service reliability plan” for Northfield Field Services Ltd — Reliability-optimised: 4.25 in the run, 6 now");
    expect(page.ranking?.consensusChanges).toMatchObject({ count: 1, listed: [{ criterionName: "Service reliability plan", inRun: 4.25, now: 6 }] });
    // The flagged spread now reads moderated; the ranking shown is still the run's.
    expect(page.ranking?.spreads).toMatchObject({ open: 0, moderated: 1, listed: [{ moderation: { value: 6, byName: "Dana Okafor" } }] });
    // The proposer reads it too.
    expect((await getAwardPage(t.db, rfpId, buyer)).approvalRefusal).toBe(page.approvalRefusal);

    const refused = await domainError(approveAward(t.db, rfpId, admin));
    expect([refused.code, refused.message]).toEqual(["conflict", page.approvalRefusal]);
    const audited = await t.db.selectFrom("audit_events").select("data").where("action", "=", "award.approve-refused").where("entity_id", "=", rfpId).execute();
    expect(audited.map((a) => (a.data as { reason: string }).reason)).toContain("consensus-changed");
    expect((await readAwardSummary(t.db, rfpId))?.status).toBe("proposed");

    // The chair runs the evaluation again: the award no longer rests on the newest run.
    await runEvaluation(t.db, rfpId, buyer);
    const rerun = await getAwardPage(t.db, rfpId, admin);
    expect(rerun.approvalRefusal).toContain("The evaluation was run again after this award was proposed");
    expect(rerun.actions).toMatchObject({ canApprove: false, canCancel: true });
    expect(rerun.ranking?.snapshotId).toBe(award.snapshotId);
    expect((await domainError(approveAward(t.db, rfpId, admin))).message).toBe(rerun.approvalRefusal);
  });

  it("marks an award that departs from the ranking, below the top five, and then approves it", async () => {
    await cancelAward(t.db, rfpId, { reason: "Proposed on a run the consensus has moved away from." }, buyer);
    const newest = await getAwardPage(t.db, rfpId, buyer);
    const sixth = (await projection(newest.basis!.snapshotId)).find((r) => r.rank === 6)!;
    await proposeAward(
      t.db,
      rfpId,
      { bundle: `${sixth.vendor_id}/${sixth.slot_id}`, rationale: "Standby crews in winter.", deviationReason: "The top bundles leave two winter months without standby crews: a delivery risk." },
      buyer,
    );
    const page = await getAwardPage(t.db, rfpId, admin);
    const ranking = page.ranking!;
    expect(ranking.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ranking.rows[5]).toMatchObject({ awarded: true, topRanked: false, vendorName: sixth.vendor_name, slotName: sixth.slot_name });
    expect(ranking.deviation).toMatchObject({ awardedRank: 6, topName: `${ranking.rows[0]!.vendorName} — ${ranking.rows[0]!.slotName}` });
    expect(ranking.deviation!.pointsBehind).toBeCloseTo(ranking.rows[0]!.total - Number(sixth.total), 9);
    expect(page.approvalRefusal).toBeNull();
    await approveAward(t.db, rfpId, admin);
    // Approved, the summary stays (the record of what was signed); nothing to refuse any more.
    const approved = await getAwardPage(t.db, rfpId, admin);
    expect(approved.award?.status).toBe("standstill");
    expect(approved.ranking?.rows[5]?.awarded).toBe(true);
    expect(approved.approvalRefusal).toBeNull();
  }, 60_000);
});
