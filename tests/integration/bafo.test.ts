// BAFO rounds (issue 13): refusals that change nothing (a deadline in the past, an ask without
// both parts, a vendor that did not bid), the notices, the shortlist's bar on round-2 bids,
// round-2 sealing with two keys, "confirm unchanged" carrying the round-1 hash, carry-over of
// unchanged bundles' scores, the states and the results' movement.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBafoRoundNow, closeBidsNow } from "../../db/queries/demo";
import { upsertConfidential } from "../../db/queries/rfps";
import { readOpenedBidContents } from "../../db/queries/sealed-bids";
import { bafoField, parseBafoRoundForm, type CreateBafoRoundInput } from "~/domain/bafo/round";
import { bidContentSchema } from "~/domain/bids/content";
import { parseResultsQuery } from "~/domain/evaluation-results/results-query";
import { confirmBidUnchanged } from "~/services/bafo/confirm-unchanged.server";
import { createBafoRound, getBafoPage } from "~/services/bafo/round.server";
import { currentRound, latestOpenedRound } from "~/services/bafo/rounds.server";
import { getVendorBafo } from "~/services/bafo/vendor.server";
import { getBidWorkspace, listSubmissionsForBuyer, saveBidDraft, submitBid, type BidActor } from "~/services/bids/index.server";
import { confirmOpening, getOpeningRegister, startOpening } from "~/services/evaluation/opening.server";
import { getResults } from "~/services/evaluation/results.server";
import { saveScores } from "~/services/evaluation/scoring.server";
import { seedDemoEvaluation } from "~/services/evaluation/seed-evaluation.server";
import { runEvaluation } from "~/services/evaluation/snapshots.server";
import { getRfpForBuyer, getRfpForVendor, listRfpsForBuyer, listRfpsForVendor, type RfpActor } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { publishedRfp, saveSample, submit, vendorsFor } from "../support/bids";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;
let rfpId: string;
let vendors: BidActor[];
let bystander: BidActor;
const actorOf = (email: string) => actor(t, email);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  // Round 1: three vendors bid, a fourth joins without bidding; closed, opened, scored, evaluated.
  rfpId = await publishedRfp(t, buyer, "BAFO-1");
  await upsertConfidential(
    t.db,
    rfpId,
    {
      reservationPriceMinor: 500_000_000,
      batna: { label: "Keep the in-house crew", values: { monthlyFee: 9_000_000, mobilisationFee: 0, termMonths: 36, rolloutWeeks: 0, responseHours: 12, localHiringPct: 80, scheduling: "fixed", staffingPlan: "In-house" }, judgedScores: { reliability: 6 } },
      notes: "",
    },
    buyer.id,
  );
  vendors = await vendorsFor(t, rfpId, 3, "Bidder");
  bystander = (await vendorsFor(t, rfpId, 1, "Bystander"))[0]!;
  for (const [i, v] of vendors.entries()) {
    await saveSample(t, rfpId, v, [1, 0.95, 1.1][i]);
    await submit(t, rfpId, v);
  }
  await closeBidsNow(t.db, rfpId);
  await seedDemoEvaluation(t.db, rfpId, actorOf);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const [A, B, C] = [0, 1, 2];
const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000);
const ask = { ifWe: "take a 48-month term", couldYou: "lower the monthly fee by 4%" };
const roundRows = async () => Number((await sql<{ n: number }>`select count(*)::int as n from bafo_rounds where rfp_id = ${rfpId}`.execute(t.db)).rows[0]!.n);
const refusals = async () => (await t.db.selectFrom("audit_events").select("data").where("entity_id", "=", rfpId).where("action", "=", "bafo.round-refused").execute()).map((r) => (r.data as { reason: string }).reason);

function input(shortlist: CreateBafoRoundInput["shortlist"], bidsCloseAt = inAnHour()): CreateBafoRoundInput {
  return { bidsCloseAt, note: "", shortlist };
}

describe("starting a BAFO round: refusals change nothing", () => {
  it("refuses a deadline in the past by the database clock", async () => {
    const error = await domainError(createBafoRound(t.db, rfpId, input([{ vendorOrganisationId: vendors[A]!.organisation.id, reason: "Cheapest", suggestionIndex: null, ask }], new Date(Date.now() - 60_000)), buyer));
    expect(error.code).toBe("invalid");
    expect(error.message).toMatch(/^The BAFO deadline must be in the future: .+ is not after the database clock now, .+\.$/);
    expect(error.fieldErrors.bidsCloseAt).toHaveLength(1);
    expect(await roundRows()).toBe(0);
    expect(await refusals()).toContain("deadline-in-past");
  });

  it("refuses an ask without both parts (the form parser, and the database's own check)", async () => {
    const vendorId = vendors[A]!.organisation.id;
    const form = new Map<string, string[]>([
      ["bidsCloseAt", ["2099-01-01T12:00"]],
      ["shortlist", [vendorId]],
      [bafoField("reason", vendorId), ["Cheapest bid"]],
      [bafoField("ask", vendorId), ["free"]],
      [bafoField("ifWe", vendorId), ["take a 48-month term"]],
      [bafoField("couldYou", vendorId), ["   "]],
    ]);
    const parsed = parseBafoRoundForm({ get: (n) => form.get(n)?.[0] ?? null, getAll: (n) => form.get(n) ?? [] }, (s) => new Date(`${s}:00Z`), new Map());
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.fieldErrors[bafoField("couldYou", vendorId)]).toEqual(["Write what you ask in return: the \u201ccould you \u2026\u201d part of the ask."]);
    // A caller that skips the parser meets the table's check: nothing is written.
    await expect(createBafoRound(t.db, rfpId, input([{ vendorOrganisationId: vendorId, reason: "Cheapest", suggestionIndex: null, ask: { ifWe: "take 48 months", couldYou: " " } }]), buyer)).rejects.toThrow();
    expect(await roundRows()).toBe(0);
  });

  it("refuses to shortlist a vendor that did not bid in round 1", async () => {
    const error = await domainError(createBafoRound(t.db, rfpId, input([{ vendorOrganisationId: bystander.organisation.id, reason: "Friendly", suggestionIndex: null, ask }]), buyer));
    expect(error.code).toBe("invalid");
    expect(error.message).toBe("Only bidders of round 1 whose bids were admitted at its opening can be shortlisted.");
    expect(await roundRows()).toBe(0);
    expect(await refusals()).toContain("not-a-bidder");
  });

  it("refuses vendors and evaluators: only buyers run BAFO rounds", async () => {
    expect((await domainError(createBafoRound(t.db, rfpId, input([{ vendorOrganisationId: vendors[A]!.organisation.id, reason: "x", suggestionIndex: null, ask }]), evaluator))).code).toBe("forbidden");
    expect((await domainError(getBafoPage(t.db, rfpId, vendors[A]!))).code).toMatch(/forbidden|not_found/);
  });
});

describe("a BAFO round, end to end", () => {
  let civicAsk: { ifWe: string; couldYou: string };

  it("starts round 2: the shortlist, the asks (one from the engine's suggestion), the notices and the audit", async () => {
    const page = await getBafoPage(t.db, rfpId, buyer);
    expect(page.blocked).toBeNull();
    expect(page.candidates.map((c) => c.vendorOrganisationId).sort()).toEqual(vendors.map((v) => v.organisation.id).sort());
    const withSuggestion = page.candidates.find((c) => c.vendorOrganisationId === vendors[A]!.organisation.id)!;
    const suggestion = withSuggestion.suggestions.find((s) => s.parts);
    civicAsk = suggestion?.parts ?? ask;
    const created = await createBafoRound(
      t.db,
      rfpId,
      input([
        { vendorOrganisationId: vendors[A]!.organisation.id, reason: "Best value in round 1", suggestionIndex: suggestion ? suggestion.index : null, ask: civicAsk },
        { vendorOrganisationId: vendors[B]!.organisation.id, reason: "Cheapest in round 1", suggestionIndex: null, ask: { ifWe: "pay within 30 days", couldYou: "add a 5% service credit on response time" } },
      ]),
      buyer,
    );
    expect(created).toMatchObject({ round: 2, shortlisted: 2 });
    expect(await currentRound(t.db, rfpId)).toBe(2);
    const stored = await t.db.selectFrom("bafo_asks").select(["vendor_organisation_id", "source", "suggestion"]).where("rfp_id", "=", rfpId).execute();
    expect(stored.find((a) => a.vendor_organisation_id === vendors[A]!.organisation.id)!.source).toBe(suggestion ? "suggestion" : "free");

    const mail = await t.db.selectFrom("notification_outbox").select(["to_email", "kind", "body"]).where("rfp_id", "=", rfpId).where("kind", "like", "bafo.%").execute();
    const to = (v: BidActor) => mail.filter((m) => m.to_email === v.email);
    expect(to(vendors[A]!).map((m) => m.kind)).toEqual(["bafo.shortlisted"]);
    expect(to(vendors[A]!)[0]!.body).toContain(`could you ${civicAsk.couldYou.replace(/[?.!\s]+$/, "")}?`);
    expect(to(vendors[A]!)[0]!.body).not.toContain("pay within 30 days");
    expect(to(vendors[C]!).map((m) => m.kind)).toEqual(["bafo.not-shortlisted"]);
    for (const other of [vendors[A]!, vendors[B]!]) expect(to(vendors[C]!)[0]!.body).not.toContain(other.organisation.name);
    expect(to(vendors[C]!)[0]!.body).not.toContain("could you");
    expect(to(bystander)).toEqual([]);
    const audit = await t.db.selectFrom("audit_events").select("data").where("entity_id", "=", rfpId).where("action", "=", "bafo.round-created").executeTakeFirstOrThrow();
    expect((audit.data as { shortlist: unknown[] }).shortlist).toHaveLength(2);
  });

  it("shows the state bafo-open everywhere the RFP appears", async () => {
    expect((await getRfpForBuyer(t.db, rfpId, buyer)).state).toBe("bafo-open");
    expect((await listRfpsForBuyer(t.db, buyer)).find((r) => r.id === rfpId)!.state).toBe("bafo-open");
    expect((await getRfpForVendor(t.db, rfpId, vendors[C]!)).state).toBe("bafo-open");
    expect((await listRfpsForVendor(t.db, vendors[A]!)).find((r) => r.id === rfpId)!.state).toBe("bafo-open");
  });

  it("a vendor not shortlisted cannot save or submit in round 2, and is told so without anyone else's data", async () => {
    const c = vendors[C]!;
    const view = await getVendorBafo(t.db, rfpId, c);
    expect(view).toMatchObject({ round: 2, shortlisted: false, asks: [], previous: null });
    const saveRefused = await domainError(saveSample(t, rfpId, c, 0.8));
    expect(saveRefused.code).toBe("forbidden");
    expect(saveRefused.message).toBe("You are not on the shortlist of BAFO round 2 of this RFP, so you cannot bid in it. Your bid of round 1 stays as it was opened.");
    expect((await domainError(submit(t, rfpId, c))).code).toBe("forbidden");
    expect((await domainError(confirmBidUnchanged(t.db, rfpId, { idempotencyKey: randomUUID() }, c))).code).toBe("forbidden");
    const envelopes = await t.db.selectFrom("bids").select("round").where("rfp_id", "=", rfpId).where("vendor_organisation_id", "=", c.organisation.id).execute();
    expect(envelopes.map((e) => e.round)).toEqual([1]);
    const refused = await t.db.selectFrom("audit_events").select("data").where("entity_id", "=", rfpId).where("action", "=", "bid.submission-refused").execute();
    expect(refused.some((r) => (r.data as { reason: string }).reason === "not-shortlisted")).toBe(true);
  });

  it("a shortlisted vendor sees its ask and its own round-1 bundles, starts from them, and submits a sealed round-2 bid", async () => {
    const a = vendors[A]!;
    const view = (await getVendorBafo(t.db, rfpId, a))!;
    expect(view).toMatchObject({ round: 2, shortlisted: true, canConfirmUnchanged: true, current: { state: "draft", lastVersion: null, draftSavedAt: null } });
    expect(view.asks.map((x) => [x.ifWe, x.couldYou])).toEqual([[civicAsk.ifWe, civicAsk.couldYou]]);
    expect(view.previous!.round).toBe(1);
    expect(JSON.stringify(view)).not.toContain(vendors[B]!.organisation.name);

    const workspace = await getBidWorkspace(t.db, rfpId, a);
    expect(workspace).toMatchObject({ round: 2, editable: true, versions: [], deadlinePassed: false });
    const draft = bidContentSchema.parse(workspace.draft.content);
    draft.bundles[2]!.values.monthlyFee = Number(draft.bundles[2]!.values.monthlyFee) - 250_000;
    await saveBidDraft(t.db, rfpId, { expectedVersion: workspace.draft.version, draft }, a);
    const receipt = await submitBid(t.db, rfpId, { idempotencyKey: randomUUID() }, a);
    expect(receipt.versionNumber).toBe(1);
    // The round-1 envelope is untouched: its one version still counts for round 1.
    const envelopes = await t.db.selectFrom("bids").innerJoin("bid_versions as v", "v.bid_id", "bids.id").select(["bids.round", "v.version_number"]).where("bids.rfp_id", "=", rfpId).where("bids.vendor_organisation_id", "=", a.organisation.id).orderBy("bids.round").execute();
    expect(envelopes.map((e) => [e.round, e.version_number])).toEqual([[1, 1], [2, 1]]);
    // Its RFP page reads where its round-2 bid stands.
    expect((await getVendorBafo(t.db, rfpId, a))!.current).toMatchObject({ state: "submitted", lastVersion: { number: 1, receivedAt: receipt.receivedAt } });
  });

  it("another confirms its round-1 bid unchanged: a round-2 version with the round-1 content hash", async () => {
    const b = vendors[B]!;
    const receipt = await confirmBidUnchanged(t.db, rfpId, { idempotencyKey: "same-key" }, b);
    const again = await confirmBidUnchanged(t.db, rfpId, { idempotencyKey: "same-key" }, b);
    expect(again.versionNumber).toBe(receipt.versionNumber);
    const rows = await t.db.selectFrom("bids").innerJoin("bid_versions as v", "v.bid_id", "bids.id").select(["bids.round", "v.content_hash", "v.carried_from_round"]).where("bids.rfp_id", "=", rfpId).where("bids.vendor_organisation_id", "=", b.organisation.id).orderBy("bids.round").execute();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ round: 2, carried_from_round: 1, content_hash: rows[0]!.content_hash });
    expect(receipt.contentHash).toBe(rows[0]!.content_hash);
    expect((await getVendorBafo(t.db, rfpId, b))!.confirmedUnchanged).toBe(true);
    // The buyer's submissions list shows round 2's shortlisted envelopes: that they bid, never what.
    const list = await listSubmissionsForBuyer(t.db, rfpId, buyer);
    expect(list.map((r) => [r.vendorOrganisationId, r.submitted, r.versionCount]).sort()).toEqual([[vendors[A]!.organisation.id, true, 1], [vendors[B]!.organisation.id, true, 1]].sort());
  });

  it("round 2 stays sealed before its deadline and with one key; opens with two; bafo-closed in between", async () => {
    expect((await readOpenedBidContents(t.db, rfpId, 2)).sealed).toBe(true);
    expect((await domainError(startOpening(t.db, rfpId, buyer))).message).toMatch(/^Bids can be opened after/);
    await closeBafoRoundNow(t.db, rfpId, 2);
    expect((await getRfpForBuyer(t.db, rfpId, buyer)).state).toBe("bafo-closed");
    // Late: the deadline applies to round-2 submissions too.
    expect((await domainError(submit(t, rfpId, vendors[A]!))).message).toMatch(/^The deadline passed at /);
    await startOpening(t.db, rfpId, buyer);
    expect((await readOpenedBidContents(t.db, rfpId, 2)).sealed).toBe(true);
    await confirmOpening(t.db, rfpId, evaluator);
    expect(await latestOpenedRound(t.db, rfpId)).toBe(2);
    expect((await getRfpForBuyer(t.db, rfpId, buyer)).state).toBe("opened");
    const register = await getOpeningRegister(t.db, rfpId, buyer);
    expect(register.round).toBe(2);
    expect(register.register.map((r) => [r.vendorOrganisationId, r.status, r.storedHash === r.recomputedHash]).sort()).toEqual(
      [[vendors[A]!.organisation.id, "counted", true], [vendors[B]!.organisation.id, "counted", true]].sort(),
    );
  });

  it("carries over the scores of unchanged bundles; the changed bundle starts unscored", async () => {
    const rows = await t.db.selectFrom("evaluator_scores").select(["vendor_organisation_id", "slot_id", "submitted_at"]).where("rfp_id", "=", rfpId).where("round", "=", 2).execute();
    const carried = new Set(rows.map((r) => `${r.vendor_organisation_id}/${r.slot_id}`));
    const slots = ["cost", "reliability", "balanced"];
    const aSlots = slots.filter((s) => carried.has(`${vendors[A]!.organisation.id}/${s}`));
    const bSlots = slots.filter((s) => carried.has(`${vendors[B]!.organisation.id}/${s}`));
    expect(bSlots).toEqual(slots);
    expect(aSlots).toHaveLength(2);
    expect(rows.every((r) => r.submitted_at !== null)).toBe(true);
    // Round 1's scores are untouched.
    const round1 = await t.db.selectFrom("evaluator_scores").select((eb) => eb.fn.countAll<number>().as("n")).where("rfp_id", "=", rfpId).where("round", "=", 1).executeTakeFirstOrThrow();
    expect(Number(round1.n)).toBeGreaterThan(rows.length);
    // Running the evaluation needs the changed bundle scored.
    expect((await domainError(runEvaluation(t.db, rfpId, buyer))).message).toMatch(/^The evaluation cannot run yet: No submitted score yet/);
  });

  it("after the changed bundle is scored, the results show round 2 with each vendor's movement, and round 1 on request", async () => {
    const scored = await t.db.selectFrom("evaluator_scores").select(["slot_id"]).where("rfp_id", "=", rfpId).where("round", "=", 2).where("vendor_organisation_id", "=", vendors[A]!.organisation.id).execute();
    const slot = ["cost", "reliability", "balanced"].find((s) => !scored.some((m) => m.slot_id === s))!;
    expect(slot).toBe("balanced");
    for (const email of ["evaluator@demo.pareto", "evaluator2@demo.pareto"]) {
      await saveScores(t.db, rfpId, await actor(t, email), { entries: [{ vendorOrganisationId: vendors[A]!.organisation.id, slotId: slot, criterionId: "reliability", score: 8, justification: "Round 2 bundle re-read." }], submit: true });
    }
    await runEvaluation(t.db, rfpId, buyer);
    const results = await getResults(t.db, rfpId, buyer, parseResultsQuery(new URLSearchParams()));
    if (results.kind !== "results") throw new Error("no results");
    expect(results.round).toBe(2);
    expect(results.rounds).toEqual([1, 2]);
    expect(results.movement!.fromRound).toBe(1);
    const byVendor = new Map(results.movement!.vendors.map((m) => [m.vendorId, m]));
    expect(byVendor.get(vendors[C]!.organisation.id)).toMatchObject({ after: null, changeHundredths: null, shared: null });
    expect(byVendor.get(vendors[A]!.organisation.id)!.after).not.toBeNull();
    expect(byVendor.get(vendors[B]!.organisation.id)!.changeHundredths).not.toBeNull();
    const round1 = await getResults(t.db, rfpId, buyer, parseResultsQuery(new URLSearchParams("round=1")));
    if (round1.kind !== "results") throw new Error("no results");
    expect(round1.round).toBe(1);
    expect(round1.movement).toBeNull();
    expect((await domainError(getResults(t.db, rfpId, buyer, parseResultsQuery(new URLSearchParams("round=3"))))).code).toBe("not_found");
  });
});
