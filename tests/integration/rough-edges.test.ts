// Issue 9's rough edges that are rules, not screens: an invited vendor sees the RFP at once;
// a submitted bid states the intent to bid and shows on both sides; a timeline save keeps
// what the buyer did not change. Through the services, on the real database.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveConfidentialSchema } from "~/domain/rfp/sections";
import { withdrawBid } from "~/services/bids/index.server";
import { declareIntentToBid, deleteDraftRfp, getRfpForBuyer, getRfpForVendor, inviteVendors, listRfpsForVendor, publishRfp, saveRfpConfidential, type RfpActor } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { publishedRfp, saveSample, submit, vendorsFor } from "../support/bids";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError, readyDraft } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor, evaluator: RfpActor, civic: RfpActor, atlas: RfpActor;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  civic = await actor(t, "vendor2@demo.pareto");
  atlas = await actor(t, "vendor3@demo.pareto");
});
afterAll(async () => {
  await t?.close();
});

describe("an invited vendor finds the RFP at once", () => {
  it("lists and opens an RFP invited by an account's address before the link is followed; others still do not see it", async () => {
    const draft = await readyDraft(t, buyer, "field-services", `INV-${randomUUID().slice(0, 6)}`);
    const { version } = await saveRfpConfidential(t.db, draft.id, saveConfidentialSchema.parse({ expectedVersion: draft.version }), buyer);
    await inviteVendors(t.db, draft.id, { emails: ["vendor2@demo.pareto"] }, buyer);
    // A draft's invitation is not sent yet: nothing to see.
    expect((await listRfpsForVendor(t.db, civic)).some((r) => r.id === draft.id)).toBe(false);
    await publishRfp(t.db, draft.id, { expectedVersion: version }, buyer);

    expect((await listRfpsForVendor(t.db, civic)).find((r) => r.id === draft.id)).toMatchObject({ invited: true, state: "open" });
    const view = await getRfpForVendor(t.db, draft.id, civic);
    expect(view.participation).toMatchObject({ invited: true });
    const buyerView = await getRfpForBuyer(t.db, draft.id, buyer);
    expect(buyerView.invitations).toMatchObject([{ email: "vendor2@demo.pareto", vendorOrganisation: "Civic Crew Co-operative" }]);
    expect(buyerView.vendors).toMatchObject([{ name: "Civic Crew Co-operative", joinedVia: "invitation" }]);
    expect((await domainError(getRfpForVendor(t.db, draft.id, atlas))).code).toBe("not_found");
  });
});

describe("a submitted bid", () => {
  it("states the intent to bid and shows as draft, submitted version N or withdrawn, to the vendor and to the buyer (not to an evaluator)", async () => {
    const rfpId = await publishedRfp(t, buyer, `BID-${randomUUID().slice(0, 6)}`);
    const [v] = await vendorsFor(t, rfpId, 1);
    await declareIntentToBid(t.db, rfpId, { intendsToBid: false }, v!);
    expect((await getRfpForVendor(t.db, rfpId, v!)).bid).toEqual({ state: "draft", lastVersion: null, draftSavedAt: null });

    await saveSample(t, rfpId, v!);
    expect((await getRfpForVendor(t.db, rfpId, v!)).bid).toMatchObject({ state: "draft", lastVersion: null, draftSavedAt: expect.any(Date) });
    await submit(t, rfpId, v!);
    await saveSample(t, rfpId, v!, 0.9, 1);
    const receipt = await submit(t, rfpId, v!);

    const vendorView = await getRfpForVendor(t.db, rfpId, v!);
    expect(vendorView.participation.intendsToBid).toBe(true);
    expect(vendorView.bid).toMatchObject({ state: "submitted", lastVersion: { number: 2, receivedAt: receipt.receivedAt } });
    const row = (await getRfpForBuyer(t.db, rfpId, buyer)).vendors.find((x) => x.organisationId === v!.organisation.id);
    expect(row).toMatchObject({ intendsToBid: true, bid: { state: "submitted", lastVersion: 2, lastReceivedAt: receipt.receivedAt } });
    // Evaluators may read the RFP but not the submissions list: no envelope facts for them.
    expect((await getRfpForBuyer(t.db, rfpId, evaluator)).vendors.every((x) => x.bid === null)).toBe(true);

    await withdrawBid(t.db, rfpId, v!);
    expect((await getRfpForVendor(t.db, rfpId, v!)).bid).toMatchObject({ state: "withdrawn", lastVersion: { number: 2 } });
    expect((await getRfpForBuyer(t.db, rfpId, buyer)).vendors.find((x) => x.organisationId === v!.organisation.id)?.bid).toMatchObject({ state: "withdrawn", lastVersion: 2 });
  });
});

describe("deleting a draft", () => {
  it("deletes a never-published draft with its invitations, audited; refuses a published RFP and an evaluator", async () => {
    const draft = await readyDraft(t, buyer, "field-services", `DEL-${randomUUID().slice(0, 6)}`);
    await inviteVendors(t.db, draft.id, { emails: ["vendor3@demo.pareto"] }, buyer);
    expect((await domainError(deleteDraftRfp(t.db, draft.id, evaluator))).code).toBe("forbidden");
    await deleteDraftRfp(t.db, draft.id, buyer);
    expect((await domainError(getRfpForBuyer(t.db, draft.id, buyer))).code).toBe("not_found");
    expect(await t.db.selectFrom("rfp_invitations").select("id").where("rfp_id", "=", draft.id).execute()).toEqual([]);
    const audit = await t.db.selectFrom("audit_events").select("action").where("entity_id", "=", draft.id).orderBy("id", "desc").executeTakeFirst();
    expect(audit?.action).toBe("rfp.draft-deleted");

    const published = await publishedRfp(t, buyer, `DEL-${randomUUID().slice(0, 6)}`);
    expect((await domainError(deleteDraftRfp(t.db, published, buyer))).code).toBe("conflict");
    expect((await getRfpForBuyer(t.db, published, buyer)).state).toBe("open");
  });
});
