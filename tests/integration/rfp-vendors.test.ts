// Vendors and a published RFP: invitations, visibility, Q&A, addenda, deadline extension and
// cancellation, through the services, on the real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMailbox } from "../../db/queries/outbox";
import { answerQuestionSchema, cancelRfpSchema, extendDeadlineSchema, issueAddendumSchema } from "~/domain/rfp/actions";
import { saveConfidentialSchema, saveVisibilitySchema } from "~/domain/rfp/sections";
import {
  acceptInvitation,
  acknowledgeAddendum,
  answerQuestion,
  askQuestion,
  cancelRfp,
  declareIntentToBid,
  extendDeadline,
  getRfpForBuyer,
  getRfpForVendor,
  inviteVendors,
  issueAddendum,
  listRfpsForVendor,
  publishRfp,
  saveRfpConfidential,
  setRfpVisibility,
  type RfpActor,
} from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, DAY, domainError, invitationTokenIn, readyDraft } from "../support/rfp";

const RESERVATION = 987_654_321;
let t: TestDatabase;
let buyer: RfpActor, northfield: RfpActor, civic: RfpActor, atlas: RfpActor;
let rfpId: string;
let version: number;
const vendorResults: unknown[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  northfield = await actor(t, "vendor1@demo.pareto");
  civic = await actor(t, "vendor2@demo.pareto");
  atlas = await actor(t, "vendor3@demo.pareto");
  const draft = await readyDraft(t, buyer, "field-services", "VEN-1");
  ({ version } = await saveRfpConfidential(t.db, draft.id, saveConfidentialSchema.parse({ expectedVersion: draft.version, reservationPriceMinor: RESERVATION }), buyer));
  await inviteVendors(t.db, draft.id, { emails: ["vendor1@demo.pareto", "vendor2@demo.pareto"] }, buyer);
  ({ version } = await publishRfp(t.db, draft.id, { expectedVersion: version }, buyer));
  rfpId = draft.id;
});
afterAll(async () => {
  await t?.close();
});

/** Every vendor-facing result is kept, to prove none carries the reservation price. */
async function asVendor<T>(result: Promise<T>): Promise<T> {
  const value = await result;
  vendorResults.push(value);
  return value;
}

describe("invitations and visibility", () => {
  it("shows the RFP to an invited vendor account at once, before the emailed link is opened, and records the first view", async () => {
    const list = await asVendor(listRfpsForVendor(t.db, northfield));
    expect(list.find((r) => r.id === rfpId)).toMatchObject({ state: "open", invited: true, openedAt: null });

    const view = await asVendor(getRfpForVendor(t.db, rfpId, northfield));
    expect(view.basics.reference).toBe("VEN-1");
    expect(view.participation.invited).toBe(true);
    // Opening the RFP accepted the invitation for the organisation; its link still works.
    expect((await getRfpForBuyer(t.db, rfpId, buyer)).invitations.find((i) => i.email === "vendor1@demo.pareto")).toMatchObject({ vendorOrganisation: "Northfield Field Services Ltd" });
    expect(await acceptInvitation(t.db, await invitationTokenIn(t, "vendor1@demo.pareto"), northfield)).toEqual({ rfpId });
    await acceptInvitation(t.db, await invitationTokenIn(t, "vendor2@demo.pareto"), civic);
    expect(view.scoring.criteria.map((c) => `${c.name} ${c.weight}`)).toContain("Local hiring 10");
    expect(view.sla.holdback.releaseCondition).toBe("Complaint SLA met for 3 consecutive months");
    const buyerView = await getRfpForBuyer(t.db, rfpId, buyer);
    expect(buyerView.vendors.map((v) => [v.name, v.openedAt !== null])).toEqual([
      ["Civic Crew Co-operative", false],
      ["Northfield Field Services Ltd", true],
    ]);
  });

  it("refuses an invitation link that is not valid", async () => {
    expect((await domainError(acceptInvitation(t.db, "not-a-real-token", atlas))).message).toMatch(/invitation link is not valid/);
  });

  it("tells a vendor not invited to a non-public RFP that it does not exist, and never lists drafts", async () => {
    const error = await domainError(getRfpForVendor(t.db, rfpId, atlas));
    expect(error.code).toBe("not_found");
    const draft = await readyDraft(t, buyer, "saas", "DRAFT-V");
    expect((await domainError(getRfpForVendor(t.db, draft.id, northfield))).code).toBe("not_found");
    expect((await asVendor(listRfpsForVendor(t.db, atlas))).map((r) => r.id)).not.toContain(rfpId);
    expect((await listRfpsForVendor(t.db, northfield)).map((r) => r.id)).not.toContain(draft.id);
  });

  it("shows a public RFP to every vendor", async () => {
    const draft = await readyDraft(t, buyer, "saas", "PUBLIC-1");
    const { version: v } = await setRfpVisibility(t.db, draft.id, saveVisibilitySchema.parse({ expectedVersion: draft.version, isPublic: true }), buyer);
    await publishRfp(t.db, draft.id, { expectedVersion: v }, buyer);
    expect((await asVendor(listRfpsForVendor(t.db, atlas))).find((r) => r.id === draft.id)).toMatchObject({ isPublic: true, invited: false });
    expect((await asVendor(getRfpForVendor(t.db, draft.id, atlas))).participation.invited).toBe(false);
    expect((await getRfpForBuyer(t.db, draft.id, buyer)).vendors).toMatchObject([{ name: "Atlas Maintenance Group", joinedVia: "public" }]);
  });

  it("shows the buyer who intends to bid", async () => {
    await declareIntentToBid(t.db, rfpId, { intendsToBid: true }, northfield);
    await declareIntentToBid(t.db, rfpId, { intendsToBid: false }, civic);
    const vendors = (await getRfpForBuyer(t.db, rfpId, buyer)).vendors;
    expect(vendors.map((v) => [v.name, v.intendsToBid])).toEqual([
      ["Civic Crew Co-operative", false],
      ["Northfield Field Services Ltd", true],
    ]);
  });
});

describe("questions and answers", () => {
  it("keeps a private answer to the asker, and publishes an answer to all without naming the asker", async () => {
    const { questionId: privateQ } = await askQuestion(t.db, rfpId, { question: "Can Northfield reuse its depot at Mill Lane?" }, northfield);
    const { questionId: publicQ } = await askQuestion(t.db, rfpId, { question: "Northfield asks: is winter gritting in scope?" }, northfield);
    await answerQuestion(t.db, rfpId, privateQ, answerQuestionSchema.parse({ answer: "Yes, at your own cost.", visibility: "private" }), buyer);
    await answerQuestion(t.db, rfpId, publicQ, answerQuestionSchema.parse({ answer: "No, gritting is a separate contract.", visibility: "published", publishedQuestion: "Is winter gritting in scope?" }), buyer);

    const asker = await asVendor(getRfpForVendor(t.db, rfpId, northfield));
    expect(asker.questions.map((q) => [q.answer, q.askedByYou])).toEqual([
      ["Yes, at your own cost.", true],
      ["No, gritting is a separate contract.", true],
    ]);
    const other = await asVendor(getRfpForVendor(t.db, rfpId, civic));
    expect(other.questions).toEqual([expect.objectContaining({ question: "Is winter gritting in scope?", answer: "No, gritting is a separate contract.", askedByYou: false })]);
    expect(JSON.stringify(other)).not.toMatch(/Northfield|Mill Lane/);

    const civicMail = await listMailbox(t.db, { toEmail: "vendor2@demo.pareto", limit: 20 });
    const published = civicMail.find((m) => m.kind === "rfp.answer.published");
    expect(published?.body).toContain("Is winter gritting in scope?");
    expect(published?.body).not.toMatch(/Northfield/);
    expect(civicMail.some((m) => m.kind === "rfp.answer.private")).toBe(false);
    expect((await getRfpForBuyer(t.db, rfpId, buyer)).questions[0]!.askedBy).toBe("Northfield Field Services Ltd");
  });

  it("refuses questions after questions close, by the database clock", async () => {
    await t.db.updateTable("rfps").set({ questions_close_at: new Date(Date.now() - 1000) }).where("id", "=", rfpId).execute();
    const error = await domainError(askQuestion(t.db, rfpId, { question: "One more thing, please?" }, civic));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/^Questions closed on /);
    await t.db.updateTable("rfps").set({ questions_close_at: new Date(Date.now() + 5 * DAY) }).where("id", "=", rfpId).execute();
  });
});

describe("addenda", () => {
  it("issues an addendum with a readable diff, notifies vendors, and tracks each organisation's acknowledgement", async () => {
    const view = await getRfpForBuyer(t.db, rfpId, buyer);
    // The view's sections are shared and frozen: a changed section is the reader's own copy.
    const criteria = structuredClone(view.definition.criteria);
    criteria.criteria.find((c) => c.name === "Evaluated price")!.weight = 30;
    criteria.criteria.find((c) => c.name === "Local hiring")!.weight = 15;
    const input = issueAddendumSchema.parse({ expectedVersion: view.version, reason: "Council asked for more weight on local hiring", criteria });
    const addendum = await issueAddendum(t.db, rfpId, input, buyer);
    expect(addendum.changes.map((c) => c.text)).toEqual(["Criterion 'Evaluated price' weight 35 → 30", "Criterion 'Local hiring' weight 10 → 15"]);
    expect(addendum.number).toBe(1);

    const mail = await listMailbox(t.db, { toEmail: "vendor2@demo.pareto", limit: 20 });
    expect(mail.find((m) => m.kind === "rfp.addendum")?.body).toContain("- Criterion 'Local hiring' weight 10 → 15");

    let vendorView = await asVendor(getRfpForVendor(t.db, rfpId, civic));
    expect(vendorView.addenda).toMatchObject([{ number: 1, reason: "Council asked for more weight on local hiring", acknowledgedAt: null }]);
    expect((await listRfpsForVendor(t.db, civic)).find((r) => r.id === rfpId)?.unacknowledgedAddenda).toBe(1);
    await acknowledgeAddendum(t.db, rfpId, addendum.addendumId, civic);
    vendorView = await asVendor(getRfpForVendor(t.db, rfpId, civic));
    expect(vendorView.addenda[0]!.acknowledgedAt).toBeInstanceOf(Date);
    expect(vendorView.scoring.criteria.find((c) => c.name === "Local hiring")?.weight).toBe(15);

    const [tracked] = (await getRfpForBuyer(t.db, rfpId, buyer)).addenda;
    expect(tracked!.acknowledgedBy.map((a) => a.name)).toEqual(["Civic Crew Co-operative"]);
    expect(tracked!.awaitingAcknowledgement).toEqual(["Northfield Field Services Ltd"]);
    expect(tracked!.bidsNeedConfirmation).toBe(true);
    version = addendum.version;
  });

  it("refuses an addendum that would break the RFP, listing the problems", async () => {
    const view = await getRfpForBuyer(t.db, rfpId, buyer);
    const criteria = structuredClone(view.definition.criteria);
    criteria.criteria[0]!.weight = 10;
    const error = await domainError(issueAddendum(t.db, rfpId, issueAddendumSchema.parse({ expectedVersion: view.version, reason: "Lower price weight", criteria }), buyer));
    expect(error.code).toBe("invalid");
    expect(error.fieldErrors.criteria).toEqual(["Weights add up to 80; they must add up to exactly 100"]);
  });

  it("extends the deadline with a reason, but never to a time before now", async () => {
    const current = (await getRfpForBuyer(t.db, rfpId, buyer)).definition.timeline.bidsCloseAt!;
    const past = await domainError(extendDeadline(t.db, rfpId, extendDeadlineSchema.parse({ expectedVersion: version, bidsCloseAt: new Date(Date.now() - DAY), reason: "Oops" }), buyer));
    expect(past.fieldErrors.bidsCloseAt?.[0]).toMatch(/^The new deadline must be in the future/);
    const earlier = await domainError(extendDeadline(t.db, rfpId, extendDeadlineSchema.parse({ expectedVersion: version, bidsCloseAt: new Date(current.getTime() - DAY), reason: "Faster" }), buyer));
    expect(earlier.fieldErrors.bidsCloseAt?.[0]).toMatch(/^An extension moves the deadline later than/);

    const later = new Date(current.getTime() + 7 * DAY);
    const extension = await extendDeadline(t.db, rfpId, extendDeadlineSchema.parse({ expectedVersion: version, bidsCloseAt: later, reason: "Vendors asked for a site visit" }), buyer);
    expect(extension.changes).toEqual([{ section: "timeline", text: expect.stringMatching(/^Bids close .* UTC → .* UTC$/) }]);
    expect((await getRfpForBuyer(t.db, rfpId, buyer)).addenda[1]).toMatchObject({ kind: "deadline_extension", bidsNeedConfirmation: false });
    expect((await asVendor(getRfpForVendor(t.db, rfpId, northfield))).timeline.bidsCloseAt).toEqual(later);
    version = extension.version;
  });
});

describe("confidentiality", () => {
  it("never puts the reservation price in anything a vendor receives", () => {
    expect(vendorResults.length).toBeGreaterThan(8);
    for (const result of vendorResults) expect(JSON.stringify(result)).not.toContain(String(RESERVATION));
  });
});

describe("cancellation", () => {
  it("cancels with a reason and tells every vendor", async () => {
    expect(cancelRfpSchema.safeParse({ reason: " " }).error?.issues[0]?.message).toBe("Give the reason for the cancellation");
    const { notified } = await cancelRfp(t.db, rfpId, { reason: "The council merged the budget into a wider contract" }, buyer);
    expect(notified).toBe(2);
    const mail = await listMailbox(t.db, { toEmail: "vendor1@demo.pareto", limit: 50 });
    expect(mail.find((m) => m.kind === "rfp.cancelled")?.body).toContain("The council merged the budget into a wider contract");
    const view = await getRfpForVendor(t.db, rfpId, northfield);
    expect(view.state).toBe("cancelled");
    expect(view.cancellation?.reason).toBe("The council merged the budget into a wider contract");
    expect((await domainError(cancelRfp(t.db, rfpId, { reason: "again" }, buyer))).code).toBe("conflict");
  });
});

describe("audit trail", () => {
  it("records vendor and buyer actions on the RFP", async () => {
    const events = await t.db.selectFrom("audit_events").select("action").where("entity_id", "=", rfpId).execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["rfp.invitation-accepted", "rfp.opened", "rfp.intent-declared", "rfp.question-asked", "rfp.question-answered", "rfp.addendum-issued", "rfp.addendum-acknowledged", "rfp.deadline-extended", "rfp.cancelled"]),
    );
  });
});
