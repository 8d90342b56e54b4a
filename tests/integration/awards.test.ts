// The award (issue #13) on both databases: proposal rules (gate, deviation), four eyes, the
// standstill by the database clock, cancellation with a reason, notices at approval, the
// winner's contract schedule and the losers' debriefs (never another loser's data), and the
// demo's award proposal (RIV-2026-017) and awarded RFP (RIV-2026-012).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMailbox } from "../../db/queries/outbox";
import { readRfpLifecycleFacts } from "../../db/queries/rfp-lifecycle";
import { sampleFieldServicesBid } from "~/domain/bids/sample";
import { formatInstant } from "~/domain/rfp/format";
import { deriveRfpState } from "~/domain/rfp/state";
import { approveAward } from "~/services/awards/approve.server";
import { cancelAward } from "~/services/awards/cancel.server";
import { concludeAward } from "~/services/awards/conclude.server";
import { getAwardPage } from "~/services/awards/page.server";
import { proposeAward } from "~/services/awards/propose.server";
import { readAwardSummary, readContractSchedule, readDebrief } from "~/services/awards/read.server";
import { setStandstillDays } from "~/services/awards/standstill.server";
import { getVendorAward, getVendorDebrief } from "~/services/awards/vendor.server";
import { saveBidDraft, type BidActor } from "~/services/bids/index.server";
import { evaluationClosedReason } from "~/domain/rfp/state";
import { getConsensus, lockScores, moderate, unlockScores } from "~/services/evaluation/consensus.server";
import { getScoringQueue, saveScores } from "~/services/evaluation/scoring.server";
import { seedDemoEvaluation } from "~/services/evaluation/seed-evaluation.server";
import { runEvaluation } from "~/services/evaluation/snapshots.server";
import type { RfpActor } from "~/services/rfps/index.server";
import { inviteVendors, listRfpsForBuyer, publishRfp, saveRfpConfidential } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { closeBidsNow } from "../../db/queries/demo";
import { submit, vendorsFor } from "../support/bids";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError, readyDraft } from "../support/rfp";
import { saveConfidentialSchema } from "~/domain/rfp/sections";

let t: TestDatabase;
let buyer: RfpActor;
let admin: RfpActor;
let evaluator: RfpActor;
let rfpId: string;
let vendors: BidActor[];
let ranked: { key: string; vendorId: string; vendorName: string; rank: number; total: number; evaluatedPriceMinor: number }[];

const actorOf = (email: string) => actor(t, email);
const CONFIDENTIAL = {
  reservationPriceMinor: 490_000_000,
  batna: { label: "Keep the in-house crews", values: { monthlyFee: 13_500_000, mobilisationFee: 0, termMonths: 36, rolloutWeeks: 0, responseHours: 12, localHiringPct: 100, scheduling: "fixed", staffingPlan: "current crews" }, judgedScores: { reliability: 5 } },
  notes: "",
};

/** An evaluated RFP of four test vendors; the fourth's reliability bundle fails the 16-week rollout gate. */
async function evaluatedRfp(): Promise<string> {
  const reference = `AW-${Math.random().toString(36).slice(2, 7)}`;
  const draft = await readyDraft(t, buyer, "field-services", reference);
  const { version } = await saveRfpConfidential(t.db, draft.id, saveConfidentialSchema.parse({ expectedVersion: draft.version, ...CONFIDENTIAL }), buyer);
  await inviteVendors(t.db, draft.id, { emails: [`invitee-${reference.toLowerCase()}@award.test`] }, buyer);
  await publishRfp(t.db, draft.id, { expectedVersion: version }, buyer);
  const id = draft.id;
  vendors = await vendorsFor(t, id, 4, "Awardee");
  for (const [i, v] of vendors.entries()) {
    const draft = sampleFieldServicesBid([1, 0.95, 1.1, 1.02][i]);
    if (i === 3) draft.bundles[1]!.values.rolloutWeeks = 30;
    await saveBidDraft(t.db, id, { expectedVersion: 0, draft }, v);
    await submit(t, id, v);
  }
  await closeBidsNow(t.db, id);
  await seedDemoEvaluation(t.db, id, actorOf);
  return id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  admin = await actor(t, "admin@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  rfpId = await evaluatedRfp();
  const page = await getAwardPage(t.db, rfpId, buyer);
  ranked = page.candidates.map((c) => ({ ...c, vendorId: c.key.split("/")[0]! }));
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const state = async (id: string) => {
  const { rows } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(t.db);
  return deriveRfpState(await readRfpLifecycleFacts(t.db, id), rows[0]!.now);
};

describe(`the award (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("refuses a bundle that failed a gate, with the gate's reason, and audits the refusal", async () => {
    const gatedKey = `${vendors[3]!.organisation.id}/reliability`;
    const error = await domainError(proposeAward(t.db, rfpId, { bundle: gatedKey, rationale: "Fast and local." }, buyer));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("failed a gate");
    expect(error.message).toMatch(/16 weeks/);
    const refused = await t.db.selectFrom("audit_events").select("data").where("action", "=", "award.propose-refused").where("entity_id", "=", rfpId).execute();
    expect(refused.map((r) => (r.data as { reason: string }).reason)).toContain("gate-failed");
    expect(await readAwardSummary(t.db, rfpId)).toBeNull();
  });

  it("needs a deviation reason naming a criterion or a risk for anything but the top bundle", async () => {
    expect(ranked.length).toBeGreaterThan(2);
    const second = ranked[1]!;
    const none = await domainError(proposeAward(t.db, rfpId, { bundle: second.key, rationale: "Good value." }, buyer));
    expect(none.fieldErrors.deviationReason?.[0]).toContain("top-ranked bundle");
    const vague = await domainError(proposeAward(t.db, rfpId, { bundle: second.key, rationale: "Good value.", deviationReason: "We like them better." }, buyer));
    expect(vague.fieldErrors.deviationReason?.[0]).toContain("must name a criterion");
    const ok = await proposeAward(t.db, rfpId, { bundle: second.key, rationale: "Good value.", deviationReason: "The leader's delivery capacity in winter is unproven." }, buyer);
    expect(ok.deviation).toBe(true);
    expect((await readAwardSummary(t.db, rfpId))?.deviationReason).toBe("The leader's delivery capacity in winter is unproven.");
    // One live award at a time; a cancellation of a proposal needs a reason.
    expect((await domainError(proposeAward(t.db, rfpId, { bundle: ranked[0]!.key, rationale: "x" }, buyer))).message).toContain("already has an award");
    expect((await domainError(cancelAward(t.db, rfpId, { reason: "  " }, buyer))).code).toBe("invalid");
    // The proposer withdrawing its own proposal: no bidder had been told (the page says "withdrawn").
    expect(await cancelAward(t.db, rfpId, { reason: "Proposed on the wrong bundle." }, buyer)).toMatchObject({ wasApproved: false, ownProposal: true });
    expect(await readAwardSummary(t.db, rfpId)).toBeNull();
  });

  it("lets the buyer set the standstill days before proposing, never after", async () => {
    expect((await domainError(setStandstillDays(t.db, rfpId, { standstillDays: "120" }, buyer))).fieldErrors.standstillDays?.[0]).toContain("90");
    // Blank is missing, not 0 days (the award could be concluded at once); "0x0A" is not 10 (decision 021).
    for (const [typed, message] of [["", "Give the standstill period in whole days, e.g. 10 (0 for none)"], ["0x0A", "Give the standstill period in whole days, e.g. 10"]]) {
      const refused = await domainError(setStandstillDays(t.db, rfpId, { standstillDays: typed }, buyer));
      expect([refused.code, refused.fieldErrors.standstillDays]).toEqual(["invalid", [message]]);
    }
    await setStandstillDays(t.db, rfpId, { standstillDays: "14" }, buyer);
    expect((await domainError(setStandstillDays(t.db, rfpId, { standstillDays: 3 }, evaluator))).code).toBe("forbidden");
  });

  it("refuses approving one's own proposal; a second person approves, the standstill starts and every bidder is notified", async () => {
    await proposeAward(t.db, rfpId, { bundle: ranked[0]!.key, rationale: "Ranks first and passes every gate." }, buyer);
    expect(await state(rfpId)).toBe("opened");
    // Nobody sees a debrief or a schedule before the approval.
    expect(await readDebrief(t.db, rfpId, vendors[0]!.organisation.id)).toBeNull();
    expect(await getVendorAward(t.db, rfpId, vendors[0]!)).toBeNull();
    const own = await domainError(approveAward(t.db, rfpId, buyer));
    expect(own.code).toBe("forbidden");
    expect(own.message).toContain("You proposed this award");
    expect((await domainError(approveAward(t.db, rfpId, evaluator))).code).toBe("forbidden");

    const approved = await approveAward(t.db, rfpId, admin);
    // 14 days, up to the next whole minute: the notices name the end to the minute, as deadlines.
    const standstill = approved.standstillEndsAt.getTime() - approved.approvedAt.getTime();
    expect(standstill).toBeGreaterThanOrEqual(14 * 24 * 3600 * 1000);
    expect(standstill).toBeLessThan(14 * 24 * 3600 * 1000 + 60_000);
    expect(approved.standstillEndsAt.getTime() % 60_000).toBe(0);
    const ends = formatInstant(approved.standstillEndsAt);
    expect(await state(rfpId)).toBe("awarded");
    const summary = (await readAwardSummary(t.db, rfpId))!;
    expect(summary).toMatchObject({ status: "standstill", vendorOrganisationId: ranked[0]!.vendorId, approvedBy: { id: admin.id }, proposedBy: { id: buyer.id }, standstillDays: 14 });
    for (const v of vendors) {
      const [notice] = (await listMailbox(t.db, { toEmail: v.email, limit: 20 })).filter((m) => m.rfp_id === rfpId && m.kind.startsWith("award.approved"));
      expect(notice?.kind).toBe(v.organisation.id === summary.vendorOrganisationId ? "award.approved-winner" : "award.approved-debrief");
      expect(notice?.body).toContain(`ends ${ends}`);
      expect(notice?.body).not.toMatch(/\d\d:\d\d:\d\d/);
    }
  });

  it("shows the winner its contract schedule and each loser its own debrief, with no other loser's data", async () => {
    const summary = (await readAwardSummary(t.db, rfpId))!;
    const winner = vendors.find((v) => v.organisation.id === summary.vendorOrganisationId)!;
    const losers = vendors.filter((v) => v !== winner);
    const view = await getVendorAward(t.db, rfpId, winner);
    expect(view?.kind).toBe("winner");
    if (view?.kind !== "winner") return;
    expect(view.schedule.slas.length).toBeGreaterThan(0);
    expect(view.schedule.slas.flatMap((s) => s.remedies).some((r) => r.kind === "Holdback" && r.facts.some((f) => f.label === "Released when" && f.value !== "not stated"))).toBe(true);
    // The awarded bundle's commercial terms, from the snapshot the award rests on, money in the RFP's currency.
    expect(view.schedule.commercialTerms.find((f) => f.label === "Monthly fee")?.value).toMatch(/^EUR \d{1,3}(,\d{3})*\.\d{2}$/);
    expect(view.schedule.commercialTerms.length).toBeGreaterThan(3);
    expect(await readContractSchedule(t.db, rfpId)).toEqual(view.schedule);
    expect((await domainError(getVendorDebrief(t.db, rfpId, winner))).code).toBe("not_found");

    const snapshotRows = await t.db.selectFrom("evaluation_snapshot_bundles").select(["vendor_id", "vendor_name", "evaluated_price_minor", "total"]).where("snapshot_id", "=", summary.snapshotId).execute();
    for (const loser of losers) {
      expect((await getVendorAward(t.db, rfpId, loser))?.kind).toBe("not-selected");
      const debrief = await getVendorDebrief(t.db, rfpId, loser);
      expect(debrief.vendorName).toBe(loser.organisation.name);
      expect(debrief.winner.vendorName).toBe(winner.organisation.name);
      expect(debrief.criteria.length).toBeGreaterThan(0);
      expect(debrief.advantages.length).toBeGreaterThan(0);
      expect(debrief.standstillEndsAt).toBe(summary.standstillEndsAt);
      // Canary: no other loser's name or figures anywhere in the debrief.
      const text = JSON.stringify(debrief);
      for (const other of snapshotRows.filter((r) => r.vendor_id !== loser.organisation.id && r.vendor_id !== winner.organisation.id)) {
        expect(text).not.toContain(other.vendor_name);
        expect(text).not.toContain(other.vendor_id);
        expect(text).not.toContain(String(other.evaluated_price_minor));
      }
      expect(text).not.toMatch(/reservation|batna/i);
    }
  });

  it("refuses concluding before the standstill ends (database clock), then concludes", async () => {
    const early = await domainError(concludeAward(t.db, rfpId, buyer));
    expect(early.code).toBe("conflict");
    const { standstillEndsAt } = (await readAwardSummary(t.db, rfpId))!;
    expect(early.message).toBe(`The standstill period runs until ${formatInstant(new Date(standstillEndsAt!))}: the award can be concluded only after it ends.`);
    await sql`update awards set standstill_ends_at = clock_timestamp() - interval '1 second', approved_at = clock_timestamp() - interval '15 days' where rfp_id = ${rfpId} and cancelled_at is null`.execute(t.db);
    await concludeAward(t.db, rfpId, buyer);
    expect(await state(rfpId)).toBe("concluded");
    expect((await readAwardSummary(t.db, rfpId))?.status).toBe("concluded");
    expect((await domainError(cancelAward(t.db, rfpId, { reason: "Too late" }, buyer))).code).toBe("conflict");
    const actions = await t.db.selectFrom("audit_events").select("action").where("entity_id", "=", rfpId).where("action", "like", "award.%").execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set(["award.propose-refused", "award.proposed", "award.cancel-refused", "award.cancelled", "award.standstill-refused", "award.standstill-days-set", "award.approve-refused", "award.approved", "award.contract-schedule-read", "award.debrief-read", "award.conclude-refused", "award.concluded"]),
    );
  });

  it("refuses approving a proposal once the evaluation was run again", async () => {
    const other = await evaluatedRfp();
    const page = await getAwardPage(t.db, other, buyer);
    await proposeAward(t.db, other, { bundle: page.candidates[0]!.key, rationale: "First." }, buyer);
    await runEvaluation(t.db, other, buyer);
    expect((await domainError(approveAward(t.db, other, admin))).message).toContain("run again");
  }, 60_000);

  it("cancels an award in standstill with a reason and tells every bidder", async () => {
    const demo = (await listRfpsForBuyer(t.db, buyer)).find((r) => r.reference === "RIV-2026-012")!;
    expect(demo.state).toBe("awarded");
    // As seeded: approved by the administrator, each of the three bidders notified, the losers' debriefs readable.
    const summary = (await readAwardSummary(t.db, demo.id))!;
    expect(summary).toMatchObject({ status: "standstill", proposedBy: { name: "Dana Okafor" }, approvedBy: { name: "Priya Raman" }, standstillDays: 10 });
    const seeded = (await listMailbox(t.db, { limit: 500 })).filter((m) => m.rfp_id === demo.id && m.kind.startsWith("award.approved"));
    expect(seeded.map((m) => m.kind).sort()).toEqual(["award.approved-debrief", "award.approved-debrief", "award.approved-winner"]);
    for (const n of [1, 2, 3]) {
      const vendor = await actor(t, `vendor${n}@demo.pareto`);
      const view = await getVendorAward(t.db, demo.id, vendor);
      expect(view?.kind).toBe(vendor.organisation.id === summary.vendorOrganisationId ? "winner" : "not-selected");
      if (view?.kind === "not-selected") expect((await getVendorDebrief(t.db, demo.id, vendor)).winner.vendorName).toBe(summary.vendorName);
      if (view?.kind === "winner") {
        // In contract terms: each SLA's target and how it is measured; the awarded fees and term; a renewal with its own fields.
        const terms = Object.fromEntries(view.schedule.commercialTerms.map((f) => [f.label, f.value]));
        expect(terms["Monthly fee"]).toMatch(/^EUR [\d,]+\.\d{2}$/);
        expect(terms["Mobilisation fee"]).toMatch(/^EUR [\d,]+\.\d{2}$/);
        expect(terms["Contract term"]).toMatch(/^\d+ months$/);
        for (const sla of view.schedule.slas) expect(sla.heading).toMatch(/^[A-Z].*: at (most|least) .+, measured per (calendar month|calendar quarter|day|week|year)$/);
        const renewal = view.schedule.otherClauses.find((c) => c.kind === "Renewal")!;
        expect(renewal.facts.map((f) => f.label)).not.toContain("Cap");
      }
    }
    // The approved award closes the evaluation it rests on: no unlock, lock, moderation, run or score, each refused with why.
    const closed = "The award of this RFP is approved, so its evaluation no longer changes. Cancelling the award during the standstill period reopens it.";
    expect((await getConsensus(t.db, demo.id, buyer)).closedReason).toBe(closed);
    // One at a time: started together, a refusal could settle before its turn to be awaited (an unhandled rejection).
    for (const refused of [
      () => unlockScores(t.db, demo.id, { reason: "Re-check one score." }, buyer),
      () => lockScores(t.db, demo.id, buyer),
      () => runEvaluation(t.db, demo.id, buyer),
      () => moderate(t.db, demo.id, { vendorOrganisationId: summary.vendorOrganisationId, slotId: summary.slotId, criterionId: "reliability", value: "7", reason: "Agreed in the panel meeting.", expectedVersion: 0 }, buyer),
    ]) {
      const error = await domainError(refused());
      expect([error.code, error.message]).toEqual(["conflict", closed]);
    }
    const queue = await getScoringQueue(t.db, demo.id, evaluator);
    expect(evaluationClosedReason(queue.rfp.state)).toBe(closed);
    const entry = { vendorOrganisationId: summary.vendorOrganisationId, slotId: summary.slotId, criterionId: "reliability", score: 9, justification: "A later thought." };
    expect((await domainError(saveScores(t.db, demo.id, evaluator, { entries: [entry], submit: false }))).message).toBe(`${closed} Nothing was saved.`);
    const before = (await listMailbox(t.db, { limit: 500 })).filter((m) => m.rfp_id === demo.id && m.kind === "award.cancelled").length;
    expect((await domainError(cancelAward(t.db, demo.id, { reason: "" }, admin))).message).toContain("Say why");
    expect(await cancelAward(t.db, demo.id, { reason: "A bidder's complaint was upheld." }, admin)).toMatchObject({ wasApproved: true });
    const after = (await listMailbox(t.db, { limit: 500 })).filter((m) => m.rfp_id === demo.id && m.kind === "award.cancelled");
    expect(after.length - before).toBe(3);
    expect(after[0]!.body).toContain("A bidder's complaint was upheld.");
    expect(await state(demo.id)).toBe("opened");
    // Cancelled, the evaluation is open again: the chair may unlock the scores to correct them.
    expect((await getConsensus(t.db, demo.id, buyer)).closedReason).toBeNull();
    await unlockScores(t.db, demo.id, { reason: "The upheld complaint concerns one score." }, buyer);
    expect((await getConsensus(t.db, demo.id, buyer)).lock.locked).toBe(false);
  });
});

describe("the demo's awards", () => {
  it("has the award on RIV-2026-017 proposed by Dana Okafor, awaiting approval, which she cannot give herself", async () => {
    const fieldServices = (await listRfpsForBuyer(t.db, buyer)).find((r) => r.reference === "RIV-2026-017")!;
    const summary = (await readAwardSummary(t.db, fieldServices.id))!;
    expect(summary).toMatchObject({ status: "proposed", proposedBy: { name: "Dana Okafor" }, deviationReason: null });
    const page = await getAwardPage(t.db, fieldServices.id, admin);
    expect(page.actions.canApprove).toBe(true);
    expect(page.top?.key).toBe(`${summary.vendorOrganisationId}/${summary.slotId}`);
    expect((await getAwardPage(t.db, fieldServices.id, buyer)).actions).toMatchObject({ canApprove: false, waitingForSecondPerson: true });
    const panel = await getAwardPage(t.db, fieldServices.id, evaluator);
    expect(panel.actions).toMatchObject({ canApprove: false, canCancel: false, canPropose: false });
    expect(panel.candidates).toEqual([]);
  });
});
