// Every role sees its own pages in the waiting states, on the demo data: an evaluator who has not
// declared yet reads why and what to do on the results and MESO insight pages (not a refusal);
// the evaluator's dashboard line follows their own progress; the buyer's list says an opening
// waits for its second key and a proposed award in its badge; the vendor's list offers its
// debrief exactly where the debrief page has one.
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { countRfpActivity } from "../../db/queries/rfps";
import { parseResultsQuery } from "~/domain/evaluation-results/results-query";
import { nextStep } from "~/domain/rfp/next-step";
import { rfpBadge } from "~/domain/rfp/state";
import { getVendorDebrief } from "~/services/awards/vendor.server";
import { getInsightIndex, getVendorInsight } from "~/services/bafo/insight.server";
import { getConcessionLogPage } from "~/services/bafo/concessions.server";
import { declareConflicts } from "~/services/evaluation/conflicts.server";
import { confirmOpening, startOpening } from "~/services/evaluation/opening.server";
import { listPanelRfps } from "~/services/evaluation/panel.server";
import { DECLARE_FIRST_HERE, getBundleResult, getResults, mayReadResults, NO_SNAPSHOT_EVALUATOR, orWaiting, WaitingToView } from "~/services/evaluation/results.server";
import { listRfpsForBuyer, listRfpsForVendor, type RfpActor } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let sam: RfpActor;
let noor: RfpActor;
let admin: RfpActor;
const ids = new Map<string, string>();
const q = () => parseResultsQuery(new URLSearchParams());

async function waitingError(work: Promise<unknown>): Promise<WaitingToView> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WaitingToView);
  return error as WaitingToView;
}

const lineOf = async (who: RfpActor, reference: string) => (await listPanelRfps(t.db, who)).find((r) => r.reference === reference)!;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  sam = await actor(t, "evaluator@demo.pareto");
  noor = await actor(t, "evaluator2@demo.pareto");
  admin = await actor(t, "admin@demo.pareto");
  for (const r of await listRfpsForBuyer(t.db, buyer)) ids.set(r.reference, r.id);
}, 90_000);
afterAll(async () => {
  await t?.close();
});

describe(`waiting states (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("the buyer's list badges a proposed award as such, and the approved ones by their stage", async () => {
    const rfps = await listRfpsForBuyer(t.db, buyer);
    const badge = (reference: string) => {
      const r = rfps.find((x) => x.reference === reference)!;
      return rfpBadge(r.state, r.awardProposed).label;
    };
    expect(badge("RIV-2026-017")).toBe("Award proposed");
    expect(badge("RIV-2026-012")).toBe("Awarded (standstill)");
    expect(badge("RIV-2026-018")).toBe("Bids opened");
    expect(rfps.filter((r) => r.awardProposed).map((r) => r.reference)).toEqual(["RIV-2026-017"]);
    // The evaluator's dashboard reads the same badge.
    expect((await lineOf(noor, "RIV-2026-017")).awardProposed).toBe(true);
  });

  it("the evaluator's line follows their own progress: all submitted, or a BAFO round not yet opened", async () => {
    const fieldTechnicians = await lineOf(noor, "RIV-2026-017");
    expect(fieldTechnicians.line.text).toBe("all your scores submitted; an award is proposed and waits for approval");
    const snow = await lineOf(noor, "RIV-2026-020");
    expect(snow.line).toEqual({ text: "round 2 bids not yet opened; you score them once they are", needsAction: false, withDeadline: true });
    for (const r of await listPanelRfps(t.db, noor)) expect(r.line.text).not.toMatch(/declare and score/);
    expect((await lineOf(noor, "RIV-2026-019")).line.text).toBe("scoring starts after the opening");
  });

  it("while the opening waits for its second key, the starter is told to wait and the others to confirm", async () => {
    const rfpId = ids.get("RIV-2026-019")!;
    await startOpening(t.db, rfpId, buyer);
    const listed = (await listRfpsForBuyer(t.db, buyer)).find((r) => r.id === rfpId)!;
    expect(listed.next).toMatchObject({ tab: "opening", link: "Waiting for a second person to confirm the opening", started: { by: "Dana Okafor" } });
    const { progress } = await countRfpActivity(t.db, rfpId);
    expect(progress.openingStart).toMatchObject({ startedById: buyer.id, startedByName: "Dana Okafor" });
    expect(progress.openingStart!.at).toBeInstanceOf(Date);
    expect(nextStep({ state: "closed", round: 1, unansweredQuestions: 0, ...progress }, "evaluator", sam.id)).toMatchObject({ link: "Go to the bid opening", text: expect.stringMatching(/^Dana Okafor started the opening/) });
    await confirmOpening(t.db, rfpId, sam);
    expect((await countRfpActivity(t.db, rfpId)).progress.openingStart).toBeNull();
    expect((await listRfpsForBuyer(t.db, buyer)).find((r) => r.id === rfpId)!.next?.link).not.toMatch(/opening/);
  });

  it("an evaluator who has not declared reads why and what to do on the results and the MESO insight, not a refusal", async () => {
    const rfpId = ids.get("RIV-2026-019")!;
    expect((await lineOf(noor, "RIV-2026-019")).line).toEqual({ text: "declare conflicts of interest (3 bidders to declare for) before you see the bids", needsAction: true, withDeadline: false });
    const wait = { kind: "waiting", rfpId, reason: DECLARE_FIRST_HERE, action: { tab: "scoring", label: "Declare your conflicts of interest on the Scoring tab" } };
    expect(await orWaiting(getResults(t.db, rfpId, noor, q()))).toEqual(wait);
    expect(await orWaiting(getInsightIndex(t.db, rfpId, noor))).toEqual(wait);
    expect(await orWaiting(getConcessionLogPage(t.db, rfpId, noor))).toEqual(wait);
    // Pages deeper in stop at the same waiting state (their routes send the reader to the tab that says it).
    const bidder = (await listRfpsForVendor(t.db, await actor(t, "vendor1@demo.pareto"))).find((r) => r.id === rfpId)!;
    expect(bidder).toBeDefined();
    expect((await waitingError(getVendorInsight(t.db, rfpId, (await actor(t, "vendor1@demo.pareto")).organisation.id, noor))).wait).toEqual(wait);
    expect((await waitingError(getBundleResult(t.db, rfpId, (await actor(t, "vendor1@demo.pareto")).organisation.id, "cost", noor))).wait).toEqual(wait);
    // A waiting state is still "forbidden" to a caller that does not show it (the JSON API answers 403 with the reason).
    expect((await waitingError(getResults(t.db, rfpId, noor, q()))).code).toBe("forbidden");
    // The award page may link the results for her (the page answers 200); never for an administrator.
    expect(await mayReadResults(t.db, rfpId, noor, 1)).toBe(true);
    expect(await mayReadResults(t.db, rfpId, admin, 1)).toBe(false);
    // The chair never waits: the buyer reads the (still empty) results.
    expect((await getResults(t.db, rfpId, buyer, q())).kind).toBe("empty");
  });

  it("once declared, the evaluator's line counts the scores to submit and the results say the chair has not run the evaluation", async () => {
    const rfpId = ids.get("RIV-2026-019")!;
    const bidders = (await orWaiting(getInsightIndex(t.db, rfpId, buyer))) as { kind: string };
    expect(bidders.kind).toBe("empty");
    const vendors = await Promise.all(["vendor1@demo.pareto", "vendor2@demo.pareto", "vendor3@demo.pareto"].map((e) => actor(t, e)));
    await declareConflicts(t.db, rfpId, { declarations: vendors.map((v) => ({ vendorOrganisationId: v.organisation.id, hasConflict: false, note: "" })) }, noor);
    const line = (await lineOf(noor, "RIV-2026-019")).line;
    expect(line).toMatchObject({ needsAction: true });
    expect(line.text).toMatch(/^(\d+) of \1 scores to submit$/);
    const view = await getResults(t.db, rfpId, noor, q());
    expect(view.kind === "empty" && view.message).toBe(NO_SNAPSHOT_EVALUATOR);
  });

  it("a vendor's list offers its debrief exactly where the debrief page has one", async () => {
    let offered = 0;
    for (const email of ["vendor1@demo.pareto", "vendor2@demo.pareto", "vendor3@demo.pareto", "vendor4@demo.pareto", "vendor5@demo.pareto"]) {
      const vendor = await actor(t, email);
      for (const r of await listRfpsForVendor(t.db, vendor)) {
        const readable = await getVendorDebrief(t.db as Kysely<Database>, r.id, vendor).then(() => true, () => false);
        expect([email, r.reference, r.debriefAvailable]).toEqual([email, r.reference, readable]);
        if (r.debriefAvailable) offered++;
      }
    }
    // The demo's awarded RFP (RIV-2026-012) has losing bidders: the check above is not vacuous.
    expect(offered).toBeGreaterThan(0);
  });
});
