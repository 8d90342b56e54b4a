// Buyers drafting and publishing RFPs, through the services, on the real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../db/queries/audit";
import { saveBasicsSchema, saveConfidentialSchema, saveCriteriaSchema, saveTermSheetSchema, saveTimelineSchema } from "~/domain/rfp/sections";
import { RfpNotReadyError } from "~/domain/rfp/publish-check";
import { issueAddendumSchema, QUALITY_BEFORE_PRICE_FIXED } from "~/domain/rfp/actions";
import {
  acceptInvitation,
  copyRfp,
  createRfp,
  getRfpForBuyer,
  getRfpForVendor,
  inviteVendors,
  issueAddendum,
  listRfpsForBuyer,
  publishRfp,
  saveRfpBasics,
  saveRfpConfidential,
  saveRfpCriteria,
  saveRfpTermSheet,
  saveRfpTimeline,
  type RfpActor,
} from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, DAY, domainError, invitationTokenIn, readyDraft } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;
let vendor: RfpActor;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  vendor = await actor(t, "vendor1@demo.pareto");
});
afterAll(async () => {
  await t?.close();
});

describe("drafting", () => {
  it("starts from each template with its term sheet, three bundle slots and criteria summing to 100", async () => {
    const expectations = {
      saas: ["Annual subscription", "Support tier"],
      "field-services": ["Monthly fee", "Local hiring"],
      "professional-services": ["Fixed price", "Team seniority"],
    } as const;
    for (const [template, issues] of Object.entries(expectations)) {
      const { id } = await createRfp(t.db, { template: template as keyof typeof expectations }, buyer);
      const view = await getRfpForBuyer(t.db, id, buyer);
      expect(view.state).toBe("draft");
      expect(view.definition.termSheet.map((i) => i.name)).toEqual(expect.arrayContaining([...issues]));
      expect(view.definition.bundleSlots.map((s) => s.name)).toEqual(["Cost-optimised", "Reliability-optimised", "Balanced"]);
      expect(view.definition.criteria.criteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
      expect(new Set(view.publishProblems.map((p) => p.section))).toEqual(new Set(["basics", "timeline", "vendors"]));
    }
  });

  it("starts blank with only the default bundle slots", async () => {
    const { id } = await createRfp(t.db, { template: "blank" }, buyer);
    const view = await getRfpForBuyer(t.db, id, buyer);
    expect(view.definition.termSheet).toEqual([]);
    expect(view.publishProblems.map((p) => p.message)).toContain("Add at least one issue to the term sheet");
  });

  it("copies an RFP with its sections and confidential position, but a new reference and no dates", async () => {
    const source = await readyDraft(t, buyer, "saas", "SRC-1");
    await saveRfpConfidential(t.db, source.id, saveConfidentialSchema.parse({ expectedVersion: source.version, reservationPriceMinor: 36_000_000 }), buyer);
    const { id } = await copyRfp(t.db, source.id, buyer);
    const copy = await getRfpForBuyer(t.db, id, buyer);
    expect(copy.definition.basics.title).toBe("Copy of Case-management software as a service");
    expect(copy.definition.basics.reference).toBe("");
    expect(copy.definition.timeline.bidsCloseAt).toBeNull();
    expect(copy.definition.termSheet).toEqual((await getRfpForBuyer(t.db, source.id, buyer)).definition.termSheet);
    expect(copy.confidential?.reservationPriceMinor).toBe(36_000_000);
    expect(copy.copiedFromRfpId).toBe(source.id);
  });

  it("refuses a stale save and keeps the other person's change", async () => {
    const { id, version } = await createRfp(t.db, { template: "saas" }, buyer);
    const view = await getRfpForBuyer(t.db, id, buyer);
    await saveRfpBasics(t.db, id, saveBasicsSchema.parse({ ...view.definition.basics, title: "Mine", expectedVersion: version }), buyer);
    const error = await domainError(saveRfpBasics(t.db, id, saveBasicsSchema.parse({ ...view.definition.basics, title: "Theirs", expectedVersion: version }), buyer));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/^Someone else saved this RFP since you opened it/);
    expect((await getRfpForBuyer(t.db, id, buyer)).definition.basics.title).toBe("Mine");
  });

  it("gives ids to new issues and criteria so criteria can point at issues", async () => {
    const { id, version } = await createRfp(t.db, { template: "blank" }, buyer);
    const { version: v2 } = await saveRfpTermSheet(t.db, id, saveTermSheetSchema.parse({ expectedVersion: version, issues: [{ kind: "money", name: "Monthly fee" }, { kind: "choice", name: "Support tier", options: [{ label: "Basic" }, { label: "Premium" }] }] }), buyer);
    const issues = (await getRfpForBuyer(t.db, id, buyer)).definition.termSheet;
    expect(issues.map((i) => i.id)).toEqual(["monthly-fee", "support-tier"]);
    const criteria = saveCriteriaSchema.parse({
      expectedVersion: v2,
      criteria: [{ kind: "price", name: "Price", weight: 60 }, { kind: "choice", name: "Support", weight: 30, issueId: "support-tier", points: { basic: 0, premium: 10 } }],
      evaluation: { evaluatedPrice: { terms: [{ issueId: "monthly-fee", coefficient: 36 }] }, priceFormula: { kind: "lowest-price-ratio" }, consensus: "mean", spreadMargin: 3 },
    });
    await saveRfpCriteria(t.db, id, criteria, buyer);
    const view = await getRfpForBuyer(t.db, id, buyer);
    expect(view.publishProblems.filter((p) => p.section === "criteria").map((p) => p.message)).toEqual(["Weights add up to 90; they must add up to exactly 100"]);
    expect(view.vendorPreview.criteria[1]!.description).toBe("Support (weight 30 of 100): Support tier: points per option (Basic 0, Premium 10); score = S × points / 10.");
  });
});

describe("publishing", () => {
  it("refuses with every problem at once, then publishes once they are fixed", async () => {
    const { id, version } = await readyDraft(t, buyer, "field-services", "PUB-1");
    const view = await getRfpForBuyer(t.db, id, buyer);
    // The view's sections are shared and frozen: a changed section is the reader's own copy.
    const criteria = structuredClone(view.definition.criteria);
    criteria.criteria[0]!.weight = 25;
    let { version: v } = await saveRfpCriteria(t.db, id, saveCriteriaSchema.parse({ expectedVersion: version, ...criteria }), buyer);
    ({ version: v } = await saveRfpBasics(t.db, id, saveBasicsSchema.parse({ ...view.definition.basics, title: "", expectedVersion: v }), buyer));

    const refused = await domainError(publishRfp(t.db, id, { expectedVersion: v }, buyer));
    expect(refused).toBeInstanceOf(RfpNotReadyError);
    expect(refused.message).toBe("This RFP cannot be published yet: 3 problems to fix.");
    expect((refused as RfpNotReadyError).problems.map((p) => [p.section, p.message])).toEqual([
      ["basics", "Give the RFP a title"],
      ["criteria", "Weights add up to 90; they must add up to exactly 100"],
      ["vendors", "Invite at least one vendor, or make the RFP public"],
    ]);
    expect((await getRfpForBuyer(t.db, id, buyer)).state).toBe("draft");

    criteria.criteria[0]!.weight = 35;
    ({ version: v } = await saveRfpCriteria(t.db, id, saveCriteriaSchema.parse({ expectedVersion: v, ...criteria }), buyer));
    ({ version: v } = await saveRfpBasics(t.db, id, saveBasicsSchema.parse({ ...view.definition.basics, title: "Parks maintenance", expectedVersion: v }), buyer));
    await inviteVendors(t.db, id, { emails: ["vendor1@demo.pareto"] }, buyer);
    const published = await publishRfp(t.db, id, { expectedVersion: v }, buyer);
    expect(published.invitationsSent.map((i) => i.email)).toEqual(["vendor1@demo.pareto"]);
    const after = await getRfpForBuyer(t.db, id, buyer);
    expect(after.state).toBe("open");
    expect(after.invitations[0]!.sentAt).not.toBeNull();
  });

  it("refuses while an issue that a criterion scores is optional: a blank could not be scored", async () => {
    const { id, version } = await readyDraft(t, buyer, "saas", "OPT-1");
    const view = await getRfpForBuyer(t.db, id, buyer);
    const issues = view.definition.termSheet.map((i) => (i.id === "rolloutWeeks" ? { ...i, required: false } : i));
    const { version: v } = await saveRfpTermSheet(t.db, id, saveTermSheetSchema.parse({ expectedVersion: version, issues }), buyer);
    await inviteVendors(t.db, id, { emails: ["vendor2@demo.pareto"] }, buyer);
    const error = (await domainError(publishRfp(t.db, id, { expectedVersion: v }, buyer))) as RfpNotReadyError;
    expect(error.problems.map((p) => [p.section, p.message])).toEqual([
      ["term-sheet", "'Rollout' is optional, but the criterion 'Time to go live' and the gate 'Live within 16 weeks' read it: make it required, so that no bundle can leave it blank (a blank cannot be scored or checked)"],
    ]);
    expect((await getRfpForBuyer(t.db, id, buyer)).state).toBe("draft");
  });

  it("refuses a deadline in the past by the database clock", async () => {
    const { id, version } = await readyDraft(t, buyer, "saas", "PAST-1");
    const past = saveTimelineSchema.parse({ expectedVersion: version, questionsCloseAt: new Date(Date.now() - 2 * DAY), bidsCloseAt: new Date(Date.now() - DAY), bidValidityDays: 90 });
    const { version: v } = await saveRfpTimeline(t.db, id, past, buyer);
    await inviteVendors(t.db, id, { emails: ["vendor2@demo.pareto"] }, buyer);
    const error = (await domainError(publishRfp(t.db, id, { expectedVersion: v }, buyer))) as RfpNotReadyError;
    expect(error.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^Bids close on .* which is in the past; choose a later deadline$/), expect.stringMatching(/^Questions close on .*in the past/)]);
  });

  it("does not let drafts be edited after publication, only through addenda", async () => {
    const { id, version } = await readyDraft(t, buyer, "saas", "LOCK-1");
    await inviteVendors(t.db, id, { emails: ["vendor2@demo.pareto"] }, buyer);
    const { version: v } = await publishRfp(t.db, id, { expectedVersion: version }, buyer);
    const view = await getRfpForBuyer(t.db, id, buyer);
    const error = await domainError(saveRfpBasics(t.db, id, saveBasicsSchema.parse({ ...view.definition.basics, title: "Silent edit", expectedVersion: v }), buyer));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/after publication every change is an addendum/);
  });
});

describe("who sees what on the buyer side", () => {
  it("shows evaluators the RFP without the confidential position, and other organisations nothing", async () => {
    const { id, version } = await readyDraft(t, buyer, "saas", "CONF-1");
    await saveRfpConfidential(t.db, id, saveConfidentialSchema.parse({ expectedVersion: version, reservationPriceMinor: 42_424_242 }), buyer);
    expect((await getRfpForBuyer(t.db, id, buyer)).confidential?.reservationPriceMinor).toBe(42_424_242);
    const asEvaluator = await getRfpForBuyer(t.db, id, evaluator);
    expect(asEvaluator.confidential).toBeNull();
    expect(JSON.stringify(asEvaluator)).not.toContain("42424242");
    expect((await domainError(getRfpForBuyer(t.db, id, vendor))).code).toBe("not_found");
    expect((await domainError(saveRfpConfidential(t.db, id, saveConfidentialSchema.parse({ expectedVersion: version + 1, reservationPriceMinor: 1 }), evaluator))).code).toBe("forbidden");
  });

  it("lists the organisation's RFPs with their derived state", async () => {
    const list = await listRfpsForBuyer(t.db, buyer);
    expect(list.find((r) => r.reference === "PUB-1")?.state).toBe("open");
    expect(list.find((r) => r.reference === "RIV-2026-021")?.state).toBe("open");
    expect(list.find((r) => r.reference === "RIV-2026-019")?.state).toBe("closed");
    expect(list.find((r) => r.reference === "RIV-2026-017")?.state).toBe("opened");
    expect(list.find((r) => r.reference === "RIV-2026-026")?.state).toBe("draft");
  });
});

describe("demo seed", () => {
  it("has one RFP per stage (evaluated, awaiting opening, two open for bids) with deadlines relative to seeding, once", async () => {
    const rfps = await listRfpsForBuyer(t.db, buyer);
    const fieldServices = rfps.find((r) => r.reference === "RIV-2026-017")!;
    expect(fieldServices.state).toBe("opened");
    const view = await getRfpForBuyer(t.db, fieldServices.id, buyer);
    expect(view.vendors.map((v) => v.name)).toEqual(["Atlas Maintenance Group", "Civic Crew Co-operative", "Greenway Grounds Ltd", "Metro Facility Partners", "Northfield Field Services Ltd"]);
    expect(view.definition.criteria.criteria.map((c) => c.name)).toEqual(expect.arrayContaining(["Service reliability plan", "Evaluated price", "Local hiring"]));
    expect(view.definition.sla.slas.map((s) => s.metric)).toContain("citizen complaints");
    expect(view.confidential?.reservationPriceMinor).toBe(490_000_000);
    const open = rfps.filter((r) => r.reference === "RIV-2026-021" || r.reference === "RIV-2026-024");
    expect(open.map((r) => r.state)).toEqual(["open", "open"]);
    // Deadlines are relative to the moment of seeding: about four weeks ahead.
    for (const r of open) expect(r.bidsCloseAt!.getTime() - Date.now()).toBeGreaterThan(20 * DAY);
    const before = rfps.length;
    await seedDemo(t.db);
    expect((await listRfpsForBuyer(t.db, buyer)).length).toBe(before);
  });
});

describe("audit trail", () => {
  it("records each action with its before and after, in a verifiable chain", async () => {
    const events = await t.db.selectFrom("audit_events").select(["action", "data"]).where("entity_type", "=", "rfp").execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["rfp.created", "rfp.copied", "rfp.section-saved", "rfp.confidential-saved", "rfp.vendors-invited", "rfp.published"]));
    const titleSave = events.find((e) => e.action === "rfp.section-saved" && (e.data.after as { title?: string }).title === "Mine");
    expect(titleSave?.data).toMatchObject({ section: "basics", before: { title: "Case-management software as a service" }, after: { title: "Mine" } });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

describe("quality before price (two envelopes)", () => {
  it("is saved on a draft in its own column, carried by a copy, and left as it is by saves that omit it", async () => {
    const { id, version } = await readyDraft(t, buyer, "field-services", "QBP-DRAFT");
    const view = await getRfpForBuyer(t.db, id, buyer);
    expect(view.definition.criteria.qualityBeforePrice).toBe(false);
    let { version: v } = await saveRfpCriteria(t.db, id, saveCriteriaSchema.parse({ expectedVersion: version, ...view.definition.criteria, qualityBeforePrice: true }), buyer);
    const row = await t.db.selectFrom("rfps").select(["quality_before_price", "criteria"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.quality_before_price).toBe(true);
    expect(row.criteria).not.toHaveProperty("qualityBeforePrice");
    const saved = await getRfpForBuyer(t.db, id, buyer);
    expect(saved.definition.criteria.qualityBeforePrice).toBe(true);
    expect(saved.vendorPreview.qualityBeforePrice).toMatch(/^Two envelopes: the evaluators score quality before they see any price\./);

    // A criteria save that says nothing about it (another form, an API client) keeps it.
    const { qualityBeforePrice: _omitted, ...rest } = saved.definition.criteria;
    ({ version: v } = await saveRfpCriteria(t.db, id, saveCriteriaSchema.parse({ expectedVersion: v, ...rest }), buyer));
    expect((await getRfpForBuyer(t.db, id, buyer)).definition.criteria.qualityBeforePrice).toBe(true);

    const copy = await copyRfp(t.db, id, buyer);
    expect((await getRfpForBuyer(t.db, copy.id, buyer)).definition.criteria.qualityBeforePrice).toBe(true);
    expect(v).toBeGreaterThan(version);
  });

  it("is shown to vendors and cannot be changed by an addendum", async () => {
    const { id, version } = await readyDraft(t, buyer, "field-services", "QBP-OPEN");
    const draft = await getRfpForBuyer(t.db, id, buyer);
    let { version: v } = await saveRfpCriteria(t.db, id, saveCriteriaSchema.parse({ expectedVersion: version, ...draft.definition.criteria, qualityBeforePrice: true }), buyer);
    await inviteVendors(t.db, id, { emails: ["vendor1@demo.pareto"] }, buyer);
    ({ version: v } = await publishRfp(t.db, id, { expectedVersion: v }, buyer));
    await acceptInvitation(t.db, await invitationTokenIn(t, "vendor1@demo.pareto"), vendor);

    const seen = await getRfpForVendor(t.db, id, vendor);
    expect(seen.criteria.qualityBeforePrice).toBe(true);
    expect(seen.scoring.qualityBeforePrice).toMatch(/^Two envelopes: the evaluators score quality before they see any price\./);

    const view = await getRfpForBuyer(t.db, id, buyer);
    const turnOff = issueAddendumSchema.parse({ expectedVersion: v, reason: "Prices and quality together after all", criteria: { ...view.definition.criteria, qualityBeforePrice: false } });
    const refused = await domainError(issueAddendum(t.db, id, turnOff, buyer));
    expect(refused.code).toBe("invalid");
    expect(refused.message).toBe(QUALITY_BEFORE_PRICE_FIXED);
    expect(refused.fieldErrors).toEqual({ qualityBeforePrice: [QUALITY_BEFORE_PRICE_FIXED] });
    const after = await getRfpForBuyer(t.db, id, buyer);
    expect(after.version).toBe(v);
    expect(after.definition.criteria.qualityBeforePrice).toBe(true);
    expect((await t.db.selectFrom("rfp_addenda").select("id").where("rfp_id", "=", id).execute()).length).toBe(0);

    // Other criteria changes still go through as addenda and keep the setting.
    const criteria = structuredClone(view.definition.criteria);
    criteria.criteria[0]!.weight -= 5;
    criteria.criteria[1]!.weight += 5;
    const { qualityBeforePrice: _omitted, ...withoutSetting } = criteria;
    const issued = await issueAddendum(t.db, id, issueAddendumSchema.parse({ expectedVersion: v, reason: "Rebalance the weights", criteria: withoutSetting }), buyer);
    expect(issued.changes.map((c) => c.text).join("\n")).not.toMatch(/Quality before price/);
    expect((await getRfpForVendor(t.db, id, vendor)).criteria.qualityBeforePrice).toBe(true);
  });
});
