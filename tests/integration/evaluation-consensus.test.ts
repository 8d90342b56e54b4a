// Consensus, moderation, the score lock and evaluation snapshots, on PGlite and PostgreSQL:
// the chair sees every score with mean/median and the spread flag; moderations need a reason
// and never overwrite each other; the lock waits for every panel score and blocks moderation;
// unlocking needs a reason; a stored snapshot is reproduced byte for byte by the CLI.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertConfidential } from "../../db/queries/rfps";
import { getConsensus, lockScores, moderate, unlockScores } from "~/services/evaluation/consensus.server";
import { getSnapshot, listSnapshots, runEvaluation } from "~/services/evaluation/snapshots.server";
import type { RfpActor } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { publishedRfp, saveSample, setDeadline, submit, vendorsFor } from "../support/bids";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;
let evaluator2: RfpActor;

const SLOTS = ["cost", "reliability", "balanced"] as const;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  const existing = await t.db.selectFrom("users").select("id").where("email", "=", "evaluator2@demo.pareto").executeTakeFirst();
  if (!existing) {
    const user = await t.db.insertInto("users").values({ email: "evaluator2@demo.pareto", name: "Zia Evaluator", password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
    await t.db.insertInto("memberships").values({ user_id: user.id, organisation_id: buyer.organisation.id, role: "evaluator" }).execute();
  }
  evaluator2 = await actor(t, "evaluator2@demo.pareto");
});
afterAll(async () => {
  await t?.close();
});

/** An opened field-services RFP (median consensus, spread margin 3) with two bidders and a two-person panel. */
async function openedRound(reference: string) {
  const rfpId = await publishedRfp(t, buyer, reference);
  await upsertConfidential(
    t.db,
    rfpId,
    {
      reservationPriceMinor: 400_000_000,
      batna: { label: "Keep the in-house crew", values: { monthlyFee: 9_000_000, mobilisationFee: 0, termMonths: 36, rolloutWeeks: 0, responseHours: 12, localHiringPct: 80, scheduling: "fixed", staffingPlan: "In-house" }, judgedScores: { reliability: 6 } },
      notes: "",
    },
    buyer.id,
  );
  const vendors = await vendorsFor(t, rfpId, 2, `Bidder ${reference}`);
  for (const [i, v] of vendors.entries()) {
    await saveSample(t, rfpId, v, 1 + i / 20);
    await submit(t, rfpId, v);
  }
  // The opening as the opening service records it (two keys, register), written directly.
  await setDeadline(t, rfpId, new Date(Date.now() - 60_000));
  await t.db.insertInto("bid_openings").values({ rfp_id: rfpId, opened_by: evaluator.id, started_by: buyer.id }).execute();
  await t.db
    .insertInto("bid_opening_register")
    .values(vendors.map((v) => ({ rfp_id: rfpId, vendor_organisation_id: v.organisation.id, vendor_name: v.organisation.name, status: "counted", version_number: 1 })))
    .execute();
  for (const e of [evaluator, evaluator2]) {
    await t.db.insertInto("rfp_panel_members").values({ rfp_id: rfpId, user_id: e.id, criterion_ids: null, added_by: buyer.id }).execute();
    for (const v of vendors) await t.db.insertInto("conflict_declarations").values({ rfp_id: rfpId, user_id: e.id, vendor_organisation_id: v.organisation.id, has_conflict: false }).execute();
  }
  return { rfpId, vendors: vendors.map((v) => v.organisation.id) };
}

async function score(rfpId: string, who: RfpActor, vendor: string, slotId: string, halves: number, submitted = true) {
  await t.db
    .insertInto("evaluator_scores")
    .values({ rfp_id: rfpId, user_id: who.id, vendor_organisation_id: vendor, slot_id: slotId, criterion_id: "reliability", score_halves: halves, justification: `${who.email} on ${slotId}`, submitted_at: submitted ? new Date() : null })
    .execute();
}

/** Both evaluators score everything; vendor 1 / cost has a flagged spread (2 vs 8.5). */
async function scoreAll(rfpId: string, vendors: string[]) {
  for (const [i, vendor] of vendors.entries()) {
    for (const slotId of SLOTS) {
      const flagged = i === 1 && slotId === "cost";
      await score(rfpId, evaluator, vendor, slotId, flagged ? 4 : 12 + i);
      await score(rfpId, evaluator2, vendor, slotId, flagged ? 17 : 15 + i);
    }
  }
}

describe(`consensus (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("shows each score, mean/median and the consensus by the RFP's method, and flags the spread", async () => {
    const { rfpId, vendors } = await openedRound("CONS-1");
    await scoreAll(rfpId, vendors);
    const view = await getConsensus(t.db, rfpId, buyer);
    expect(view.method).toBe("median");
    const cells = view.criteria[0]!.cells;
    const v0cost = cells.find((c) => c.vendorOrganisationId === vendors[0] && c.slotId === "cost")!;
    // 6 and 7.5: mean = median = 6.75, spread 1.5
    expect(v0cost).toMatchObject({ submittedCount: 2, mean: 6.75, median: 6.75, consensus: 6.75, spread: 1.5, spreadFlagged: false });
    expect(v0cost.scores.map((s) => s.justification).sort()).toEqual([`${evaluator.email} on cost`, `${evaluator2.email} on cost`].sort());
    expect(v0cost.scores.every((s) => s.submitted)).toBe(true);
    const flagged = cells.find((c) => c.vendorOrganisationId === vendors[1] && c.slotId === "cost")!;
    // 2 and 8.5: spread 6.5 > 3
    expect(flagged).toMatchObject({ median: 5.25, spread: 6.5, spreadFlagged: true, moderationRefusal: null });
    expect(view.lock.locked).toBe(false);
    expect(view.outstanding).toEqual([]);
  });

  it("an evaluator (not the chair) is forbidden; another organisation's RFP is not found", async () => {
    const { rfpId } = await openedRound("CONS-2");
    expect((await domainError(getConsensus(t.db, rfpId, evaluator))).code).toBe("forbidden");
    expect((await domainError(moderate(t.db, rfpId, {}, evaluator))).code).toBe("invalid");
    expect((await domainError(lockScores(t.db, rfpId, evaluator))).code).toBe("forbidden");
    expect((await domainError(runEvaluation(t.db, rfpId, evaluator))).code).toBe("forbidden");
    expect((await domainError(listSnapshots(t.db, rfpId, evaluator))).code).toBe("forbidden");
    const vendor = (await vendorsFor(t, rfpId, 1))[0]!;
    expect((await domainError(getConsensus(t.db, rfpId, vendor))).code).toBe("not_found");
  });

  it("moderation needs a reason, is allowed only on a flagged cell under the median, and the second of two chairs is refused", async () => {
    const { rfpId, vendors } = await openedRound("CONS-3");
    await scoreAll(rfpId, vendors);
    const flaggedCell = { vendorOrganisationId: vendors[1]!, slotId: "cost", criterionId: "reliability" };
    const noReason = await domainError(moderate(t.db, rfpId, { ...flaggedCell, value: "6", reason: " ", expectedVersion: 0 }, buyer));
    expect(noReason.code).toBe("invalid");
    expect(noReason.fieldErrors.reason).toEqual(["Give the reason for the moderated score: the panel and the award report read it."]);
    const badValue = await domainError(moderate(t.db, rfpId, { ...flaggedCell, value: "10.5", reason: "x", expectedVersion: 0 }, buyer));
    expect(Object.keys(badValue.fieldErrors)).toEqual(["value"]);

    const unflagged = await domainError(moderate(t.db, rfpId, { ...flaggedCell, vendorOrganisationId: vendors[0]!, value: "6", reason: "why not", expectedVersion: 0 }, buyer));
    expect(unflagged.code).toBe("conflict");
    expect(unflagged.message).toMatch(/method of this RFP is the median.*within the margin of 3/);

    // Two chairs opened the page when there was no moderation (version 0).
    const first = await moderate(t.db, rfpId, { ...flaggedCell, value: "6.5", reason: "Panel agreed the plan covers crews but not escalation", expectedVersion: 0 }, buyer);
    expect(first.version).toBe(1);
    const second = await domainError(moderate(t.db, rfpId, { ...flaggedCell, value: "3", reason: "I think it is weak", expectedVersion: 0 }, buyer));
    expect(second.code).toBe("conflict");
    expect(second.message).toMatch(/^Someone else moderated this score since you opened the page: Dana Okafor set 6\.5 at .+ \(“Panel agreed the plan covers crews but not escalation”\), nothing was overwritten\./);
    const view = await getConsensus(t.db, rfpId, buyer);
    const cell = view.criteria[0]!.cells.find((c) => c.vendorOrganisationId === vendors[1] && c.slotId === "cost")!;
    expect(cell).toMatchObject({ consensus: 6.5, moderation: { value: 6.5, version: 1, reason: "Panel agreed the plan covers crews but not escalation" } });
    // Editing from the version seen works.
    expect((await moderate(t.db, rfpId, { ...flaggedCell, value: "7", reason: "Revised after the references", expectedVersion: 1 }, buyer)).version).toBe(2);

    const audit = await t.db.selectFrom("audit_events").select(["action"]).where("entity_id", "=", rfpId).where("action", "like", "evaluation.%").execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["evaluation.score-moderated", "evaluation.moderation-refused"]));
  });

  it("two concurrent moderations from the same version: one wins, the other is told", async () => {
    const { rfpId, vendors } = await openedRound("CONS-4");
    await scoreAll(rfpId, vendors);
    const cell = { vendorOrganisationId: vendors[1]!, slotId: "cost", criterionId: "reliability", expectedVersion: 0 };
    const results = await Promise.allSettled([
      moderate(t.db, rfpId, { ...cell, value: "5", reason: "first chair" }, buyer),
      moderate(t.db, rfpId, { ...cell, value: "8", reason: "second chair" }, buyer),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(rejected.reason.message)).toContain("nothing was overwritten");
    const rows = await t.db.selectFrom("score_moderations").select(["value_halves", "version"]).where("rfp_id", "=", rfpId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.version).toBe(1);
  });

  it("lock waits for every panel score; locked scores cannot be moderated; unlocking needs a reason", async () => {
    const { rfpId, vendors } = await openedRound("CONS-5");
    await scoreAll(rfpId, vendors);
    await t.db.deleteFrom("evaluator_scores").where("rfp_id", "=", rfpId).where("user_id", "=", evaluator2.id).where("vendor_organisation_id", "=", vendors[0]!).where("slot_id", "=", "balanced").execute();
    await score(rfpId, evaluator2, vendors[0]!, "balanced", 14, false); // a draft
    const refused = await domainError(lockScores(t.db, rfpId, buyer));
    expect(refused.code).toBe("conflict");
    const name2 = (await t.db.selectFrom("users").select("name").where("id", "=", evaluator2.id).executeTakeFirstOrThrow()).name;
    expect(refused.message).toContain(`${name2} has not submitted “Service reliability plan” for`);
    expect(refused.message).toContain("(bundle Balanced).");
    expect(refused.fieldErrors.lock).toHaveLength(1);
    expect((await getConsensus(t.db, rfpId, buyer)).lock.locked).toBe(false);

    await t.db.updateTable("evaluator_scores").set({ submitted_at: new Date() }).where("rfp_id", "=", rfpId).where("user_id", "=", evaluator2.id).execute();
    await lockScores(t.db, rfpId, buyer);
    const locked = await getConsensus(t.db, rfpId, buyer);
    expect(locked.lock).toMatchObject({ locked: true, last: { action: "lock", byName: "Dana Okafor" } });
    const blocked = await domainError(moderate(t.db, rfpId, { vendorOrganisationId: vendors[1]!, slotId: "cost", criterionId: "reliability", value: "6", reason: "late", expectedVersion: 0 }, buyer));
    expect(blocked.code).toBe("conflict");
    expect(blocked.message).toMatch(/^The scores are locked/);
    expect((await domainError(lockScores(t.db, rfpId, buyer))).message).toBe("The scores are already locked.");

    const noReason = await domainError(unlockScores(t.db, rfpId, { reason: "  " }, buyer));
    expect(noReason.code).toBe("invalid");
    expect(noReason.fieldErrors.reason).toBeDefined();
    expect((await getConsensus(t.db, rfpId, buyer)).lock.locked).toBe(true);
    await unlockScores(t.db, rfpId, { reason: "A reference check changes the reliability picture" }, buyer);
    const unlocked = await getConsensus(t.db, rfpId, buyer);
    expect(unlocked.lock).toMatchObject({ locked: false, last: { action: "unlock", reason: "A reference check changes the reliability picture" } });
    const audit = await t.db.selectFrom("audit_events").select(["action", "data"]).where("entity_id", "=", rfpId).where("action", "=", "evaluation.scores-unlocked").execute();
    expect(audit).toHaveLength(1);
  });

  it("under the moderated method, a flagged cell must be moderated before the lock", async () => {
    const { rfpId, vendors } = await openedRound("CONS-6");
    const row = await t.db.selectFrom("rfps").select("criteria").where("id", "=", rfpId).executeTakeFirstOrThrow();
    const criteria = row.criteria as { evaluation: { consensus: string } };
    criteria.evaluation.consensus = "moderated";
    await t.db.updateTable("rfps").set({ criteria: JSON.stringify(criteria) }).where("id", "=", rfpId).execute();
    await scoreAll(rfpId, vendors);
    const refused = await domainError(lockScores(t.db, rfpId, buyer));
    expect(refused.fieldErrors.lock).toEqual([expect.stringMatching(/bundle Cost-optimised: the scores are 6\.5 points apart \(flagged\); set a moderated score with a reason\.$/)]);
    // Any cell may be moderated under this method, flagged or not.
    await moderate(t.db, rfpId, { vendorOrganisationId: vendors[0]!, slotId: "balanced", criterionId: "reliability", value: "7", reason: "panel view", expectedVersion: 0 }, buyer);
    await moderate(t.db, rfpId, { vendorOrganisationId: vendors[1]!, slotId: "cost", criterionId: "reliability", value: "5", reason: "panel view", expectedVersion: 0 }, buyer);
    await lockScores(t.db, rfpId, buyer);
    const { snapshotId } = await runEvaluation(t.db, rfpId, buyer);
    const snap = await getSnapshot(t.db, rfpId, snapshotId, buyer);
    expect(snap.scoresLocked).toBe(true);
    const result = JSON.parse(snap.resultJson) as { bundles: { vendorId: string; slotId: string; judged: { consensus: number; moderationReason: string | null }[] }[] };
    const judged = (v: string, s: string) => result.bundles.find((b) => b.vendorId === v && b.slotId === s)!.judged[0]!;
    expect(judged(vendors[1]!, "cost")).toMatchObject({ consensus: 5, moderationReason: "panel view" });
    expect(judged(vendors[0]!, "cost")).toMatchObject({ consensus: 6.75, moderationReason: null }); // the median until moderated
  });

  it("before the opening the consensus says so and nothing runs", async () => {
    const rfpId = await publishedRfp(t, buyer, "CONS-7");
    const view = await getConsensus(t.db, rfpId, buyer);
    expect(view.opened).toBe(false);
    expect(view.criteria[0]!.cells).toEqual([]);
    expect((await domainError(runEvaluation(t.db, rfpId, buyer))).code).toBe("conflict");
    expect((await domainError(lockScores(t.db, rfpId, buyer))).code).toBe("conflict");
  });
});

describe("evaluation snapshots", () => {
  it("refuses to run while a cell has no submitted score, or without the BATNA", async () => {
    const { rfpId, vendors } = await openedRound("SNAP-1");
    const missing = await domainError(runEvaluation(t.db, rfpId, buyer));
    expect(missing.code).toBe("conflict");
    expect(missing.message).toMatch(/^The evaluation cannot run yet: No submitted score yet for “Service reliability plan” of /);
    await scoreAll(rfpId, vendors);
    await upsertConfidential(t.db, rfpId, { reservationPriceMinor: 1, batna: null, notes: "" }, buyer.id);
    expect((await domainError(runEvaluation(t.db, rfpId, buyer))).message).toMatch(/Confidential tab/);
  });

  it("stores a draft-score snapshot that `npm run evaluate` reproduces byte for byte", async () => {
    const { rfpId, vendors } = await openedRound("SNAP-2");
    await scoreAll(rfpId, vendors);
    await moderate(t.db, rfpId, { vendorOrganisationId: vendors[1]!, slotId: "cost", criterionId: "reliability", value: "6.5", reason: "agreed", expectedVersion: 0 }, buyer);
    const run = await runEvaluation(t.db, rfpId, buyer);
    expect(run.scoresLocked).toBe(false);
    const list = await listSnapshots(t.db, rfpId, buyer);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: run.snapshotId, createdByName: "Dana Okafor", engineVersion: "pareto-engine 2.2", scoresLocked: false, inputHash: run.inputHash });
    const snap = await getSnapshot(t.db, rfpId, run.snapshotId, buyer);
    expect(createHash("sha256").update(snap.inputJson, "utf8").digest("hex")).toBe(snap.inputHash);
    const input = JSON.parse(snap.inputJson) as { rfpId: string; buyer: { reservationPriceMinor: number }; vendors: { id: string }[]; evaluatorScores: unknown[]; moderations: unknown[] };
    expect(input).toMatchObject({ rfpId, buyer: { reservationPriceMinor: 400_000_000 } });
    expect(input.vendors.map((v) => v.id).sort()).toEqual([...vendors].sort());
    expect(input.evaluatorScores).toHaveLength(12);
    expect(input.moderations).toHaveLength(1);
    // The same data again: the same input text and hash.
    const again = await runEvaluation(t.db, rfpId, buyer);
    expect(again.inputHash).toBe(run.inputHash);
    expect((await domainError(getSnapshot(t.db, rfpId, "not-a-uuid", buyer))).code).toBe("not_found");
    expect((await domainError(getSnapshot(t.db, rfpId, run.snapshotId, evaluator))).code).toBe("forbidden");

    const dir = mkdtempSync(join(tmpdir(), "pareto-snapshot-"));
    const file = join(dir, "input.json");
    writeFileSync(file, snap.inputJson, "utf8");
    const cli = spawnSync("npx", ["tsx", "scripts/evaluate.ts", file, "--json"], { encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    expect(cli.stderr).toBe("");
    expect(cli.status).toBe(0);
    expect(cli.stdout === snap.resultJson).toBe(true);
  });
});
