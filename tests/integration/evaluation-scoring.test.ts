// The panel, conflict declarations and independent scoring (issue #11, items 2, 3 and 5):
// who may see and score what, scores 0–10 in halves with a justification, nothing saved when
// any entry is wrong, independence, submitted and locked scores, quality before price, and a
// canary in a bid that a conflicted evaluator never receives. Runs on PGlite and PostgreSQL.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "kysely";
import { sampleFieldServicesBid } from "~/domain/bids/sample";
import { saveBidDraft, type BidActor } from "~/services/bids/index.server";
import { declareConflicts } from "~/services/evaluation/conflicts.server";
import { getPanel, listPanelRfps, setPanel } from "~/services/evaluation/panel.server";
import { PRICES_HIDDEN_NOTE } from "~/domain/evaluation-workspace/scoring";
import { getOwnScores, getScoringQueue, getVendorScoring, saveScores, type ScoreEntry } from "~/services/evaluation/scoring.server";
import type { RfpActor } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { publishedRfp, submit, vendorsFor } from "../support/bids";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { lockScoresBySql, openBidsBySql } from "../support/evaluation";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;
let evaluator2: RfpActor;
let outsider: RfpActor; // an evaluator of the organisation, not on the panel
let rfpId: string;
let vendors: BidActor[];
const CANARY = `CANARY-${randomUUID()}`;
const SLOTS = ["cost", "reliability", "balanced"] as const;

async function person(email: string, name: string, role: "evaluator" | "buyer"): Promise<RfpActor> {
  const org = await t.db.selectFrom("organisations").select("id").where("name", "=", buyer.organisation.name).executeTakeFirstOrThrow();
  const user = await t.db.insertInto("users").values({ email, name, password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
  await t.db.insertInto("memberships").values({ user_id: user.id, organisation_id: org.id, role }).execute();
  return actor(t, email);
}

const entry = (vendor: BidActor, slotId: string, criterionId: string, score: number | null, justification = "Clear plan with named crews."): ScoreEntry => ({ vendorOrganisationId: vendor.organisation.id, slotId, criterionId, score, justification });
const allBundles = (vendor: BidActor, criterionId: string, score: number, justification = "Clear plan with named crews.") => SLOTS.map((s) => entry(vendor, s, criterionId, score, justification));
const scoreCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from evaluator_scores where rfp_id = ${rfpId}`.execute(t.db)).rows[0]!.n);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  evaluator2 = await person("evaluator2@scoring.test", "Eve Second", "evaluator");
  outsider = await person("evaluator3@scoring.test", "Otto Outside", "evaluator");
  rfpId = await publishedRfp(t, buyer, "SCORE-1");
  // A second judged criterion, so assignments per criterion mean something.
  const row = await t.db.selectFrom("rfps").select("criteria").where("id", "=", rfpId).executeTakeFirstOrThrow();
  const criteria = row.criteria as { criteria: { id: string; weight: number; kind: string }[] };
  criteria.criteria = criteria.criteria.map((c) => (c.id === "local" ? { ...c, weight: c.weight - 5 } : c));
  criteria.criteria.push({ id: "transition", name: "Transition plan", weight: 5, kind: "judged", rubric: "Handover of routes and data; 10 = complete and tested." } as never);
  await t.db.updateTable("rfps").set({ criteria: JSON.stringify(criteria) }).where("id", "=", rfpId).execute();
  vendors = await vendorsFor(t, rfpId, 3, "Bidder");
  for (const [i, v] of vendors.entries()) {
    const draft = sampleFieldServicesBid(1 + i / 100);
    // The canary sits in the bid of the vendor the first evaluator declares a conflict with.
    if (i === 2) draft.bundles[0]!.values.staffingPlan = `${CANARY} crews`;
    await saveBidDraft(t.db, rfpId, { expectedVersion: 0, draft }, v);
    await submit(t, rfpId, v);
  }
});
afterAll(async () => {
  await t?.close();
});

describe(`evaluation panel and scoring (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("names the panel: buyer-side evaluators and buyers of the organisation only, judged criteria only", async () => {
    const [vendor] = vendors;
    const vendorRefused = await domainError(setPanel(t.db, rfpId, { members: [{ userId: vendor!.id, criterionIds: null }] }, buyer));
    expect(vendorRefused.code).toBe("invalid");
    expect(vendorRefused.fieldErrors[`member.${vendor!.id}`]![0]).toMatch(/Only evaluators and buyers of/);
    const unknown = await domainError(setPanel(t.db, rfpId, { members: [{ userId: evaluator.id, criterionIds: ["price"] }] }, buyer));
    expect(unknown.fieldErrors[`criteria.${evaluator.id}`]![0]).toMatch(/not a judged criterion/);
    expect((await domainError(setPanel(t.db, rfpId, { members: [] }, evaluator))).code).toBe("forbidden");

    await setPanel(t.db, rfpId, { members: [{ userId: evaluator.id, criterionIds: null }, { userId: evaluator2.id, criterionIds: ["reliability"] }] }, buyer);
    const panel = await getPanel(t.db, rfpId, buyer);
    expect(panel.judgedCriteria.map((c) => c.id)).toEqual(["reliability", "transition"]);
    expect(panel.members.map((m) => [m.name, m.criterionIds])).toEqual([["Eve Second", ["reliability"]], ["Sam Lindqvist", null]]);
    expect(panel.candidates.map((c) => c.email)).toEqual(expect.arrayContaining(["buyer@demo.pareto", "evaluator@demo.pareto", "evaluator3@scoring.test"]));
    expect(panel.candidates.map((c) => c.email)).not.toContain("admin@demo.pareto");
    expect(panel.bidders).toEqual([]);
    const audit = await t.db.selectFrom("audit_events").select("data").where("action", "=", "evaluation.panel-set").where("entity_id", "=", rfpId).execute();
    expect(audit).toHaveLength(1);
  });

  it("before the opening: nothing of bids, declarations refused", async () => {
    const queue = await getScoringQueue(t.db, rfpId, evaluator);
    expect(queue.opened).toBe(false);
    expect(queue.bidders).toEqual([]);
    const refused = await domainError(declareConflicts(t.db, rfpId, { declarations: [{ vendorOrganisationId: vendors[0]!.organisation.id, hasConflict: false, note: "" }] }, evaluator));
    expect(refused.code).toBe("conflict");
    expect((await domainError(saveScores(t.db, rfpId, evaluator, { entries: [entry(vendors[0]!, "cost", "reliability", 5)], submit: false }))).code).toBe("conflict");
  });

  it("an evaluator not on the panel is forbidden everything", async () => {
    await openBidsBySql(t, rfpId, buyer.id);
    const calls = [
      () => getScoringQueue(t.db, rfpId, outsider),
      () => getVendorScoring(t.db, rfpId, vendors[0]!.organisation.id, outsider),
      () => saveScores(t.db, rfpId, outsider, { entries: [], submit: false }),
      () => getOwnScores(t.db, rfpId, outsider),
      () => declareConflicts(t.db, rfpId, { declarations: [{ vendorOrganisationId: vendors[0]!.organisation.id, hasConflict: false, note: "" }] }, outsider),
    ];
    for (const call of calls) {
      const error = await domainError(call());
      expect(error.code).toBe("forbidden");
      expect(error.message).toMatch(/not on the evaluation panel/);
    }
    // The chair off the panel does not score either.
    expect((await domainError(getScoringQueue(t.db, rfpId, buyer))).code).toBe("forbidden");
  });

  it("declare first: no bid before every bidder has a declaration; conflicts need a note, changes a reason", async () => {
    const [a, b, c] = vendors;
    const undeclared = await domainError(getVendorScoring(t.db, rfpId, a!.organisation.id, evaluator));
    expect(undeclared.code).toBe("forbidden");
    expect(undeclared.message).toMatch(/^Declare/);
    expect((await domainError(saveScores(t.db, rfpId, evaluator, { entries: [entry(a!, "cost", "reliability", 5)], submit: false }))).code).toBe("forbidden");
    const queue = await getScoringQueue(t.db, rfpId, evaluator);
    expect(queue.mustDeclare).toBe(true);
    expect(queue.bidders.map((x) => x.status)).toEqual(["undeclared", "undeclared", "undeclared"]);

    const noNote = await domainError(
      declareConflicts(t.db, rfpId, { declarations: [{ vendorOrganisationId: a!.organisation.id, hasConflict: false, note: "" }, { vendorOrganisationId: c!.organisation.id, hasConflict: true, note: "  " }] }, evaluator),
    );
    expect(noNote.code).toBe("invalid");
    expect(noNote.fieldErrors[`note.${c!.organisation.id}`]![0]).toMatch(/needs a note/);
    expect(noNote.fieldErrors[`conflict.${b!.organisation.id}`]![0]).toMatch(/every bidder needs a declaration/);

    const all = [
      { vendorOrganisationId: a!.organisation.id, hasConflict: false, note: "" },
      { vendorOrganisationId: b!.organisation.id, hasConflict: false, note: "" },
      { vendorOrganisationId: c!.organisation.id, hasConflict: true, note: "My brother-in-law runs its depot." },
    ];
    expect(await declareConflicts(t.db, rfpId, { declarations: all }, evaluator)).toEqual({ recorded: 3, unchanged: 0 });
    expect(await declareConflicts(t.db, rfpId, { declarations: all }, evaluator)).toEqual({ recorded: 0, unchanged: 3 });
    const noReason = await domainError(declareConflicts(t.db, rfpId, { declarations: [{ vendorOrganisationId: b!.organisation.id, hasConflict: true, note: "Former employer." }] }, evaluator));
    expect(noReason.fieldErrors[`changeReason.${b!.organisation.id}`]![0]).toMatch(/reason/);

    const panel = await getPanel(t.db, rfpId, buyer);
    expect(panel.conflicted).toEqual([expect.objectContaining({ userId: evaluator.id, vendorOrganisationId: c!.organisation.id, note: "My brother-in-law runs its depot." })]);
    expect(panel.declarations.filter((d) => d.userId === evaluator2.id).every((d) => d.current === null)).toBe(true);
  });

  it("a conflicted vendor is not found, and its canary never reaches the conflicted evaluator", async () => {
    const [a, b, c] = vendors;
    expect((await domainError(getVendorScoring(t.db, rfpId, c!.organisation.id, evaluator))).code).toBe("not_found");
    expect((await domainError(saveScores(t.db, rfpId, evaluator, { entries: [entry(c!, "cost", "reliability", 5)], submit: false }))).code).toBe("not_found");
    expect((await domainError(getVendorScoring(t.db, rfpId, randomUUID(), evaluator))).code).toBe("not_found");
    expect((await domainError(getVendorScoring(t.db, rfpId, "not-a-uuid", evaluator))).code).toBe("not_found");

    const results = [
      await getScoringQueue(t.db, rfpId, evaluator),
      await getVendorScoring(t.db, rfpId, a!.organisation.id, evaluator),
      await getVendorScoring(t.db, rfpId, b!.organisation.id, evaluator),
      await saveScores(t.db, rfpId, evaluator, { entries: [entry(a!, "cost", "reliability", 6)], submit: false }),
      await getOwnScores(t.db, rfpId, evaluator),
      await listPanelRfps(t.db, evaluator),
      await getScoringQueue(t.db, rfpId, evaluator),
    ];
    expect(JSON.stringify(results)).not.toContain(CANARY);
    const queue = results.at(-1) as Awaited<ReturnType<typeof getScoringQueue>>;
    expect(queue.bidders.find((x) => x.vendorOrganisationId === c!.organisation.id)).toMatchObject({ status: "conflict", progress: null });
    expect(queue.bidders.find((x) => x.vendorOrganisationId === a!.organisation.id)).toMatchObject({ status: "to-score", progress: { total: 6, drafted: 1, submitted: 0 } });
    // The chair's view of the same content does hold it (the canary is real).
    const chairScoring = await getPanel(t.db, rfpId, buyer);
    expect(chairScoring.bidders).toHaveLength(3);
  });

  it("refuses bad scores by field and saves nothing", async () => {
    const [a] = vendors;
    const before = await scoreCount();
    const bad = await domainError(
      saveScores(t.db, rfpId, evaluator, {
        entries: [entry(a!, "cost", "reliability", 11), entry(a!, "reliability", "reliability", -1), entry(a!, "balanced", "reliability", 7.3), entry(a!, "cost", "transition", 8), entry(a!, "premium", "reliability", 5), entry(a!, "cost", "price", 5)],
        submit: false,
      }),
    );
    expect(bad.code).toBe("invalid");
    const id = a!.organisation.id;
    expect(bad.fieldErrors[`score.${id}.cost.reliability`]).toEqual(["Give a score from 0 to 10."]);
    expect(bad.fieldErrors[`score.${id}.reliability.reliability`]).toEqual(["Give a score from 0 to 10."]);
    expect(bad.fieldErrors[`score.${id}.balanced.reliability`]).toEqual(["Scores go in steps of 0.5 (e.g. 7 or 7.5)."]);
    expect(bad.fieldErrors[`score.${id}.premium.reliability`]![0]).toMatch(/no bundle/);
    expect(bad.fieldErrors[`score.${id}.cost.price`]![0]).toMatch(/no judged criterion/);
    expect(bad.fieldErrors[`score.${id}.cost.transition`]).toBeUndefined();
    expect(await scoreCount()).toBe(before);

    // Missing justification on submit: every gap by its field, nothing saved or submitted.
    const missing = await domainError(saveScores(t.db, rfpId, evaluator, { entries: [entry(a!, "cost", "reliability", 7), entry(a!, "reliability", "reliability", 8, " "), entry(a!, "balanced", "reliability", null)], submit: true }));
    expect(missing.code).toBe("invalid");
    expect(missing.fieldErrors[`justification.${id}.reliability.reliability`]![0]).toMatch(/justification/);
    expect(missing.fieldErrors[`score.${id}.balanced.reliability`]![0]).toMatch(/Give a score for bundle C/);
    expect(await scoreCount()).toBe(before);

    // The scoring page's submit: scores as typed, one criterion submitted and another's draft in
    // the same save. Every problem is named at once, by field, and nothing is saved, not even the
    // other criterion's valid draft.
    const typed = (slotId: string, score: string, justification: string, criterionId = "reliability"): ScoreEntry => ({ vendorOrganisationId: id, slotId, criterionId, score, justification });
    const all = await domainError(
      saveScores(t.db, rfpId, evaluator, {
        entries: [typed("cost", "12", "Strong crews."), typed("reliability", "8", ""), typed("balanced", "seven", "Weekend cover."), typed("cost", "6,5", "A dated plan.", "transition")],
        submit: { criterionIds: ["reliability"] },
      }),
    );
    expect(all.code).toBe("invalid");
    expect(all.message).toBe("Nothing was saved: see the messages by each score.");
    expect(all.fieldErrors).toEqual({
      [`score.${id}.cost.reliability`]: ["Give a score from 0 to 10."],
      [`justification.${id}.reliability.reliability`]: ["Write a justification for bundle B (Reliability-optimised) before you submit: it is required."],
      [`score.${id}.balanced.reliability`]: ["Give the score as a number from 0 to 10, e.g. 7.5."],
    });
    expect(await scoreCount()).toBe(before);
    // A justification far beyond the limit is still a message by its field, not a refusal of the whole form.
    const long = await domainError(saveScores(t.db, rfpId, evaluator, { entries: [typed("cost", "12", "x".repeat(20_000))], submit: false }));
    expect(long.fieldErrors).toEqual({ [`score.${id}.cost.reliability`]: ["Give a score from 0 to 10."], [`justification.${id}.cost.reliability`]: ["A justification has at most 4,000 characters."] });
    expect(await scoreCount()).toBe(before);

    // A criterion the evaluator is not assigned: 403 by field, nothing saved.
    await declareConflicts(t.db, rfpId, { declarations: vendors.map((v) => ({ vendorOrganisationId: v.organisation.id, hasConflict: false, note: "" })) }, evaluator2);
    const unassigned = await domainError(saveScores(t.db, rfpId, evaluator2, { entries: [entry(a!, "cost", "transition", 5)], submit: false }));
    expect(unassigned.code).toBe("forbidden");
    expect(unassigned.fieldErrors[`score.${id}.cost.transition`]![0]).toMatch(/not assigned to score “Transition plan”/);
    expect(await scoreCount()).toBe(before);
  });

  it("independence: another evaluator's scores appear only after submitting one's own; submitted scores stay", async () => {
    const [a] = vendors;
    const drafted = await saveScores(t.db, rfpId, evaluator, { entries: [entry(a!, "cost", "reliability", 7.5), entry(a!, "reliability", "reliability", 8)], submit: false });
    expect(drafted).toEqual({ saved: 2, submitted: [] });
    // As the scoring page submits one criterion: scores as typed, the other criterion a draft of the same save.
    const typed = (slotId: string, score: string, criterionId: string): ScoreEntry => ({ vendorOrganisationId: a!.organisation.id, slotId, criterionId, score, justification: "Clear plan with named crews." });
    expect(await saveScores(t.db, rfpId, evaluator, { entries: [typed("balanced", "6,5", "reliability"), typed("cost", "5.5", "transition")], submit: { criterionIds: ["reliability"] } })).toEqual({
      saved: 2,
      submitted: [{ vendorOrganisationId: a!.organisation.id, criterionId: "reliability" }],
    });
    const transition = (await getVendorScoring(t.db, rfpId, a!.organisation.id, evaluator)).criteria.find((c) => c.id === "transition")!;
    expect([transition.submitted, transition.own[0]!.score, transition.own[0]!.submittedAt]).toEqual([false, 5.5, null]);

    await saveScores(t.db, rfpId, evaluator2, { entries: allBundles(a!, "reliability", 4, "Thin cover at weekends."), submit: false });
    const before = await getVendorScoring(t.db, rfpId, a!.organisation.id, evaluator2);
    const reliability = before.criteria.find((c) => c.id === "reliability")!;
    expect(reliability.submitted).toBe(false);
    expect(reliability.others).toBeNull();
    expect(JSON.stringify(before)).not.toContain("Clear plan with named crews.");
    expect(before.criteria.map((c) => c.id)).toEqual(["reliability"]);

    await saveScores(t.db, rfpId, evaluator2, { entries: allBundles(a!, "reliability", 4, "Thin cover at weekends."), submit: true });
    const after = await getVendorScoring(t.db, rfpId, a!.organisation.id, evaluator2);
    const others = after.criteria.find((c) => c.id === "reliability")!.others!;
    // In bundle order, not by the slots' ids.
    expect(others.map((o) => [o.userName, o.slotId, o.score])).toEqual([["Sam Lindqvist", "cost", 7.5], ["Sam Lindqvist", "reliability", 8], ["Sam Lindqvist", "balanced", 6.5]]);
    // Beside them, the consensus so far and its spread, flagged beyond the RFP's margin (as on the chair's page).
    const margin = after.consensusRule.spreadMargin;
    expect(after.criteria.find((c) => c.id === "reliability")!.consensus).toEqual([
      { slotId: "cost", consensus: 5.75, spread: 3.5, spreadFlagged: 3.5 > margin, submittedCount: 2, moderation: null },
      { slotId: "reliability", consensus: 6, spread: 4, spreadFlagged: 4 > margin, submittedCount: 2, moderation: null },
      { slotId: "balanced", consensus: 5.25, spread: 2.5, spreadFlagged: 2.5 > margin, submittedCount: 2, moderation: null },
    ]);
    expect(before.criteria.find((c) => c.id === "reliability")!.consensus).toBeNull();
    const firstSees = await getVendorScoring(t.db, rfpId, a!.organisation.id, evaluator);
    expect(firstSees.criteria.find((c) => c.id === "reliability")!.others!.every((o) => o.userName === "Eve Second")).toBe(true);
    expect(firstSees.criteria.find((c) => c.id === "transition")!.others).toBeNull();

    const changed = await domainError(saveScores(t.db, rfpId, evaluator, { entries: [entry(a!, "cost", "reliability", 9)], submit: false }));
    expect(changed.code).toBe("conflict");
    expect(changed.message).toBe("You submitted your scores for “Service reliability plan”; the chair can moderate the consensus.");
    // Re-sending what was submitted (an Excel sheet does) changes nothing and is fine.
    expect(await saveScores(t.db, rfpId, evaluator, { entries: [entry(a!, "cost", "reliability", 7.5)], submit: false })).toEqual({ saved: 0, submitted: [] });

    const own = await getOwnScores(t.db, rfpId, evaluator);
    expect(own.slots.map((s) => s.letter)).toEqual(["A", "B", "C"]);
    expect(own.criteria.map((c) => c.id)).toEqual(["reliability", "transition"]);
    expect(own.bidders.map((b) => b.id)).not.toContain(vendors[2]!.organisation.id);
    expect(own.scores.filter((s) => s.submittedAt !== null)).toHaveLength(3);

    const removal = await domainError(setPanel(t.db, rfpId, { members: [{ userId: evaluator2.id, criterionIds: ["reliability"] }] }, buyer));
    expect(removal.code).toBe("conflict");
    expect(removal.message).toMatch(/Sam Lindqvist has submitted scores/);
  });

  it("quality before price: money hidden from evaluators until the lock, never from the chair; locked scores refuse changes", async () => {
    const [a, b] = vendors;
    await t.db.updateTable("rfps").set({ quality_before_price: true }).where("id", "=", rfpId).execute();
    // The chair joins the panel (a buyer may score too) and declares.
    await setPanel(t.db, rfpId, { members: [{ userId: evaluator.id, criterionIds: null }, { userId: evaluator2.id, criterionIds: ["reliability"] }, { userId: buyer.id, criterionIds: null }] }, buyer);
    await declareConflicts(t.db, rfpId, { declarations: vendors.map((v) => ({ vendorOrganisationId: v.organisation.id, hasConflict: false, note: "" })) }, buyer);

    const hidden = await getVendorScoring(t.db, rfpId, b!.organisation.id, evaluator);
    expect(hidden.pricesHidden).toBe(true);
    expect(hidden.pricesNote).toBe(PRICES_HIDDEN_NOTE);
    expect(hidden.hiddenIssueIds).toEqual(["monthlyFee", "mobilisationFee"]);
    for (const bundle of hidden.bundles) expect(Object.keys(bundle.values)).not.toContain("monthlyFee");
    const fee = String(Math.round(8_200_000 * 1.01));
    expect(JSON.stringify(hidden)).not.toContain(fee);

    const chair = await getVendorScoring(t.db, rfpId, b!.organisation.id, buyer);
    expect(chair.pricesHidden).toBe(false);
    expect(chair.bundles[0]!.values.monthlyFee).toBe(Number(fee));

    await lockScoresBySql(t, rfpId, buyer.id);
    const shown = await getVendorScoring(t.db, rfpId, b!.organisation.id, evaluator);
    expect(shown.pricesHidden).toBe(false);
    expect(shown.bundles[0]!.values.monthlyFee).toBe(Number(fee));
    const locked = await domainError(saveScores(t.db, rfpId, evaluator, { entries: [entry(a!, "cost", "transition", 5)], submit: false }));
    expect(locked.code).toBe("conflict");
    expect(locked.message).toMatch(/locked/);

    // Locked scores were counted with the declarations made: a change is refused (409, by the
    // bidder), nothing is recorded, an unchanged re-declaration still records nothing.
    const declarationRows = async () => Number((await sql<{ n: number }>`select count(*)::int as n from conflict_declarations where rfp_id = ${rfpId}`.execute(t.db)).rows[0]!.n);
    const before = await declarationRows();
    const late = await domainError(
      declareConflicts(t.db, rfpId, { declarations: [{ vendorOrganisationId: a!.organisation.id, hasConflict: true, note: "Found out today: my cousin bid for it.", changeReason: "Learnt after scoring." }] }, evaluator),
    );
    expect(late.code).toBe("conflict");
    expect(late.message).toMatch(/^Your declarations were not saved: The chair has locked the scores/);
    expect(late.fieldErrors[`conflict.${a!.organisation.id}`]![0]).toMatch(/unlocking the scores reopens your declarations/);
    expect(await declareConflicts(t.db, rfpId, { declarations: [{ vendorOrganisationId: a!.organisation.id, hasConflict: false, note: "" }] }, evaluator)).toEqual({ recorded: 0, unchanged: 1 });
    expect(await declarationRows()).toBe(before);
  });

  it("takes no declaration and no panel change once the award is approved (the demo's awarded RFP)", async () => {
    const awarded = await t.db.selectFrom("rfps").select("id").where("reference", "=", "RIV-2026-012").executeTakeFirstOrThrow();
    const queue = await getScoringQueue(t.db, awarded.id, evaluator);
    const first = queue.bidders[0]!;
    const refused = await domainError(
      declareConflicts(t.db, awarded.id, { declarations: [{ vendorOrganisationId: first.vendorOrganisationId, hasConflict: !first.declaration?.hasConflict, note: "Late.", changeReason: "Late disclosure." }] }, evaluator),
    );
    expect(refused.code).toBe("conflict");
    expect(refused.message).toMatch(/award of this RFP is approved.*Your declarations were not saved\.$/);
    // Its panel is part of the record too: nobody is added or taken off.
    const before = await getPanel(t.db, awarded.id, buyer);
    expect(before.rfp.closedReason).toMatch(/award of this RFP is approved/);
    const panelRefused = await domainError(setPanel(t.db, awarded.id, { members: [{ userId: evaluator.id, criterionIds: null }] }, buyer));
    expect(panelRefused.code).toBe("conflict");
    expect(panelRefused.message).toMatch(/award of this RFP is approved.*The panel was not saved\.$/);
    expect((await getPanel(t.db, awarded.id, buyer)).members).toEqual(before.members);
  });

  it("reads a scoring sheet without a transaction, and audits the bid read with one row", async () => {
    const [a] = vendors;
    const auditRows = async () => (await t.db.selectFrom("audit_events").select("data").where("action", "=", "bid.contents-read").where("entity_id", "=", rfpId).execute()).length;
    const before = await auditRows();
    const transactions = vi.spyOn(t.db, "transaction");
    try {
      const sheet = await getVendorScoring(t.db, rfpId, a!.organisation.id, evaluator);
      expect(sheet.vendor.vendorOrganisationId).toBe(a!.organisation.id);
      expect(transactions).not.toHaveBeenCalled();
    } finally {
      transactions.mockRestore();
    }
    expect(await auditRows()).toBe(before + 1);
  });

  it("lists the RFPs an evaluator sits on for the dashboard", async () => {
    const rfps = await listPanelRfps(t.db, evaluator);
    expect(rfps.find((r) => r.id === rfpId)).toMatchObject({ state: "opened", scoresLocked: true, scoringPath: `/rfps/${rfpId}/scoring` });
    expect((await listPanelRfps(t.db, outsider)).map((r) => r.id)).not.toContain(rfpId);
  });
});
