// The reads every page makes (issue 15): the signed-in account in one trip, and the RFP
// workspace's layout read, which leaves the lists to the tabs that show them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertSession } from "../../db/queries/sessions";
import { DEMO_RFP_REFERENCES, seedDemo } from "~/services/seed-demo.server";
import { issueAddendumSchema } from "~/domain/rfp/actions";
import { definitionOf, definitionOfLazily } from "../../db/queries/rfps";
import { askQuestion, getRfpActivity, getRfpAddenda, getRfpConfidential, getRfpForBuyer, getRfpVendors, getRfpWorkspace, issueAddendum, listRfpsForBuyer, readRfpWorkspace, type RfpActor } from "~/services/rfps/index.server";
import { currentRound } from "~/services/bafo/rounds.server";
import { isOnPanel } from "~/services/evaluation/access.server";
import { accountForSession, sessionIdOf } from "~/services/sign-in.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError, readyDraft } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;
let vendor: RfpActor;
let evaluatedId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  vendor = await actor(t, "vendor1@demo.pareto");
  evaluatedId = (await t.db.selectFrom("rfps").select("id").where("reference", "=", DEMO_RFP_REFERENCES.fieldServices).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t?.close();
});

describe("the signed-in account", () => {
  it("is read with its organisation and roles from a live session, and not from an expired one or a disabled user's", async () => {
    const live = "live-token-for-the-page-reads-test";
    const expired = "expired-token-for-the-page-reads-test";
    await insertSession(t.db, { id: sessionIdOf(live), user_id: buyer.id, expires_at: new Date(Date.now() + 60_000), ip: null, user_agent: null });
    await insertSession(t.db, { id: sessionIdOf(expired), user_id: buyer.id, expires_at: new Date(Date.now() - 1_000), ip: null, user_agent: null });
    const account = await accountForSession(t.db, live);
    expect(account).toEqual({ id: buyer.id, email: buyer.email, name: expect.any(String), organisation: buyer.organisation, roles: buyer.roles });
    expect(await accountForSession(t.db, expired)).toBeUndefined();
    expect(await accountForSession(t.db, "no-such-token")).toBeUndefined();

    const colleague = "colleague-token-for-the-page-reads-test";
    await insertSession(t.db, { id: sessionIdOf(colleague), user_id: evaluator.id, expires_at: new Date(Date.now() + 60_000), ip: null, user_agent: null });
    await t.db.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", evaluator.id).execute();
    try {
      expect(await accountForSession(t.db, colleague)).toBeUndefined();
    } finally {
      await t.db.updateTable("users").set({ disabled_at: null }).where("id", "=", evaluator.id).execute();
    }
    expect((await accountForSession(t.db, colleague))?.roles).toEqual(evaluator.roles);
  });
});

describe("the RFP workspace's reads", () => {
  it("gives the layout the same RFP as the full view, without the lists and the confidential position", async () => {
    for (const reader of [buyer, evaluator]) {
      const full = await getRfpForBuyer(t.db, evaluatedId, reader);
      const workspace = await getRfpWorkspace(t.db, evaluatedId, reader);
      const { confidential, invitations, vendors, questions, addenda, ...header } = full;
      expect(workspace).toEqual(header);
      expect(Object.keys(workspace)).not.toEqual(expect.arrayContaining(["confidential", "invitations", "vendors", "questions", "addenda"]));
      expect([confidential === null, invitations.length, vendors.length]).toEqual([!reader.roles.includes("buyer"), 5, 5]);
      expect(questions).toBeDefined();
      expect(addenda).toBeDefined();
    }
  });

  it("reads the layout's RFP, panel seat and round in one statement, as the separate reads give them", async () => {
    const bafoId = (await t.db.selectFrom("bafo_rounds").select("rfp_id").executeTakeFirst())?.rfp_id;
    for (const id of [evaluatedId, ...(bafoId ? [bafoId] : [])]) {
      for (const reader of [buyer, evaluator]) {
        const read = await readRfpWorkspace(t.db, id, reader);
        expect(read.onPanel).toBe(await isOnPanel(t.db, id, reader.id));
        expect(read.currentRound).toBe(await currentRound(t.db, id));
        const row = await t.db.selectFrom("rfps").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
        expect(JSON.parse(JSON.stringify(read.view.definition))).toEqual(JSON.parse(JSON.stringify(definitionOf(row))));
        expect(read.view.state).toBe((await getRfpForBuyer(t.db, id, reader)).state);
      }
    }
    expect((await domainError(readRfpWorkspace(t.db, evaluatedId, vendor))).code).toBe("not_found");
    expect((await domainError(readRfpWorkspace(t.db, "not-a-uuid", buyer))).code).toBe("not_found");
  });

  it("lists the organisation's RFPs with each one's state, as each RFP's own read gives it", async () => {
    for (const summary of await listRfpsForBuyer(t.db, buyer)) expect(summary.state).toBe((await getRfpWorkspace(t.db, summary.id, buyer)).state);
  });

  it("validates a section once per stored text: shared and frozen, a change by hand read afresh, a broken section still refused", async () => {
    const { id } = await readyDraft(t, buyer);
    const row = async () => t.db.selectFrom("rfps").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const first = definitionOfLazily(await row());
    const again = definitionOfLazily(await row());
    expect(again.termSheet).toBe(first.termSheet);
    expect(again.criteria.criteria).toBe(first.criteria.criteria);
    expect(Object.isFrozen(first.termSheet[0])).toBe(true);
    expect(() => (first.termSheet as unknown[]).push(first.termSheet[0])).toThrow(TypeError);
    // A use case that builds a changed definition gets its own, unfrozen copy.
    const own = definitionOf(await row());
    expect(own.termSheet).not.toBe(first.termSheet);
    expect(own.termSheet).toEqual(first.termSheet);
    expect(Object.isFrozen(own.termSheet[0])).toBe(false);

    const renamed = first.termSheet.map((issue, i) => (i === 0 ? { ...issue, name: "Renamed by hand" } : issue));
    await t.db.updateTable("rfps").set({ term_sheet: JSON.stringify(renamed) }).where("id", "=", id).execute();
    expect((await getRfpForBuyer(t.db, id, buyer)).definition.termSheet[0]!.name).toBe("Renamed by hand");

    await t.db.updateTable("rfps").set({ term_sheet: JSON.stringify([{ id: "x", name: 12 }]) }).where("id", "=", id).execute();
    const broken = await row();
    expect(() => definitionOfLazily(broken).termSheet).toThrow();
    expect(() => definitionOfLazily(broken).termSheet).toThrow();
  });

  it("marks a draft's problems for the tabs, as the full view does", async () => {
    const { id } = await readyDraft(t, buyer);
    const workspace = await getRfpWorkspace(t.db, id, buyer);
    expect(workspace.state).toBe("draft");
    expect(workspace.publishProblems).toEqual((await getRfpForBuyer(t.db, id, buyer)).publishProblems);
    expect(workspace.publishProblems.map((p) => p.section)).toContain("vendors");
  });

  it("counts the overview's invitations and questions, all and unanswered", async () => {
    const open = (await t.db.selectFrom("rfps").select("id").where("reference", "=", DEMO_RFP_REFERENCES.streetFurniture).executeTakeFirstOrThrow()).id;
    await askQuestion(t.db, open, { question: "May crews start at 6 am in residential streets?" }, vendor);
    const full = await getRfpForBuyer(t.db, open, buyer);
    const activity = await getRfpActivity(t.db, open, buyer);
    expect(activity).toEqual({
      invitations: full.invitations.length,
      questions: full.questions.length,
      unansweredQuestions: full.questions.filter((q) => !q.answer).length,
      // Open for bids: nothing evaluated, no award.
      progress: { scoresLocked: false, runs: 0, award: null, openingStart: null },
    });
    expect(activity.questions).toBeGreaterThanOrEqual(1);
    expect(activity.unansweredQuestions).toBeGreaterThanOrEqual(1);
  });

  it("tells the overview where the evaluation and the award stand, in the same statement", async () => {
    const idOf = async (reference: string) => (await t.db.selectFrom("rfps").select("id").where("reference", "=", reference).executeTakeFirstOrThrow()).id;
    // RIV-2026-017: round 2 evaluated on draft scores, an award to Civic Crew proposed and not yet approved.
    expect((await getRfpActivity(t.db, evaluatedId, buyer)).progress).toEqual({ scoresLocked: false, runs: 1, award: { status: "proposed", vendorName: "Civic Crew Co-operative", standstillEndsAt: null }, openingStart: null });
    // RIV-2026-012: awarded on locked scores, in its standstill period.
    const awarded = (await getRfpActivity(t.db, await idOf("RIV-2026-012"), buyer)).progress;
    expect(awarded).toMatchObject({ scoresLocked: true, award: { status: "standstill", vendorName: "Civic Crew Co-operative" } });
    expect(new Date(awarded.award!.standstillEndsAt!).getTime()).toBeGreaterThan(Date.now());
    // The list (dashboard, /rfps) reads the same in its one statement, for every RFP.
    const listed = new Map((await listRfpsForBuyer(t.db, buyer)).map((r) => [r.reference, r.next]));
    expect(listed.get("RIV-2026-017")).toMatchObject({ tab: "award", link: "Review the proposed award" });
    expect(listed.get("RIV-2026-012")).toEqual({ tab: "award", link: "See the award" });
    expect(listed.get(DEMO_RFP_REFERENCES.treeCare)).toMatchObject({ tab: "opening" });
    expect(listed.get("RIV-2026-018")).toMatchObject({ tab: "evaluation" });
    expect(listed.get(DEMO_RFP_REFERENCES.consultancy)).toBeNull();
  });

  it("gives the vendors and addenda tabs the same lists as the full view", async () => {
    const open = (await t.db.selectFrom("rfps").select("id").where("reference", "=", DEMO_RFP_REFERENCES.streetFurniture).executeTakeFirstOrThrow()).id;
    await issueAddendum(t.db, open, issueAddendumSchema.parse({ expectedVersion: (await getRfpWorkspace(t.db, open, buyer)).version, reason: "Crews may start at 7 am", basics: { ...(await getRfpWorkspace(t.db, open, buyer)).definition.basics, summary: "Repairs of benches, bins and signs; crews may start at 7 am." } }), buyer);
    for (const reader of [buyer, evaluator]) {
      const full = await getRfpForBuyer(t.db, open, reader);
      expect(await getRfpVendors(t.db, open, reader)).toEqual({ invitations: full.invitations, vendors: full.vendors });
      expect(await getRfpAddenda(t.db, open, reader)).toEqual(full.addenda);
    }
    const addenda = await getRfpAddenda(t.db, open, buyer);
    expect(addenda.at(-1)?.reason).toBe("Crews may start at 7 am");
    expect(addenda.at(-1)?.awaitingAcknowledgement).toHaveLength(3);
    expect((await getRfpVendors(t.db, open, buyer)).vendors.filter((v) => v.bid?.state === "submitted")).toHaveLength(3);
    expect((await getRfpVendors(t.db, open, evaluator)).vendors.every((v) => v.bid === null)).toBe(true);
    expect((await domainError(getRfpVendors(t.db, open, vendor))).code).toBe("not_found");
    expect((await domainError(getRfpAddenda(t.db, open, vendor))).code).toBe("not_found");
  });

  it("shows the confidential position to buyers only, and none of it to other organisations", async () => {
    expect((await getRfpConfidential(t.db, evaluatedId, buyer))?.reservationPriceMinor).toBe(490_000_000);
    expect(await getRfpConfidential(t.db, evaluatedId, evaluator)).toBeNull();
    expect((await domainError(getRfpConfidential(t.db, evaluatedId, vendor))).code).toBe("not_found");
    expect((await domainError(getRfpWorkspace(t.db, evaluatedId, vendor))).code).toBe("not_found");
    expect((await domainError(getRfpActivity(t.db, evaluatedId, vendor))).code).toBe("not_found");
  });
});
