// Issue #10, items 2 and 9, through the services on the database under test (PGlite, or
// PostgreSQL with TEST_DATABASE_URL): a contract term of −1, −36 or 99999999999999999999
// months is refused on submission once the term sheet bounds it; a draft with more SLAs than
// any bid has is refused by the service whatever the caller; 30 February and year 0000 never
// reach the timeline.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleFieldServicesBid } from "~/domain/bids/sample";
import { MAX_SLAS_PER_BUNDLE } from "~/domain/evaluation/clauses";
import { saveConfidentialSchema, saveTermSheetSchema, saveTimelineSchema } from "~/domain/rfp/sections";
import { timelineFormSchema } from "~/domain/rfp/editor-forms";
import { saveBidDraft, submitBid, type BidActor } from "~/services/bids/index.server";
import { getRfpForBuyer, inviteVendors, publishRfp, saveRfpConfidential, saveRfpTermSheet, saveRfpTimeline, type RfpActor } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { vendorsFor } from "../support/bids";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError, readyDraft } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let rfpId: string;
let vendor: BidActor;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  const draft = await readyDraft(t, buyer, "field-services", `H-${randomUUID().slice(0, 6)}`);
  const view = await getRfpForBuyer(t.db, draft.id, buyer);
  // The contract term: 12 to 60 whole months.
  const issues = view.definition.termSheet.map((i) => (i.id === "termMonths" ? { ...i, min: 12, max: 60, integer: true } : i));
  const { version } = await saveRfpTermSheet(t.db, draft.id, saveTermSheetSchema.parse({ expectedVersion: draft.version, issues }), buyer);
  const confidential = await saveRfpConfidential(t.db, draft.id, saveConfidentialSchema.parse({ expectedVersion: version, reservationPriceMinor: 500_000_000 }), buyer);
  await inviteVendors(t.db, draft.id, { emails: [`invitee-${randomUUID().slice(0, 6)}@hardening.test`] }, buyer);
  await publishRfp(t.db, draft.id, { expectedVersion: confidential.version }, buyer);
  rfpId = draft.id;
  [vendor] = (await vendorsFor(t, rfpId, 1)) as [BidActor];
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe(`input hardening (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("keeps the term sheet's bounds and refuses a contract term outside them on submission", async () => {
    const view = await getRfpForBuyer(t.db, rfpId, buyer);
    expect(view.definition.termSheet.find((i) => i.id === "termMonths")).toMatchObject({ min: 12, max: 60, integer: true });
    let version = 0;
    for (const [term, message] of [
      [-1, /Contract term must be from 12 to 60 months/],
      [-36, /Contract term must be from 12 to 60 months/],
      [Number("99999999999999999999"), /Contract term must be a number between −10\^15 and 10\^15/],
      [24.5, /Contract term must be a whole number/],
    ] as const) {
      const bid = sampleFieldServicesBid();
      bid.bundles[0]!.values.termMonths = term;
      ({ version } = await saveBidDraft(t.db, rfpId, { expectedVersion: version, draft: bid }, vendor));
      const error = await domainError(submitBid(t.db, rfpId, { idempotencyKey: randomUUID() }, vendor));
      expect(error.code).toBe("invalid");
      expect([error.message, ...Object.values(error.fieldErrors).flat()].join(" ")).toMatch(message);
    }
    const ok = sampleFieldServicesBid();
    ({ version } = await saveBidDraft(t.db, rfpId, { expectedVersion: version, draft: ok }, vendor));
    const receipt = await submitBid(t.db, rfpId, { idempotencyKey: randomUUID() }, vendor);
    expect(receipt.versionNumber).toBe(1);
  });

  it("refuses a draft with more SLAs than any bid has, whoever calls the service, and stores nothing", async () => {
    const bid = sampleFieldServicesBid();
    const template = bid.bundles[0]!.clauses.slas[0]!;
    bid.bundles[0]!.clauses.slas = Array.from({ length: MAX_SLAS_PER_BUNDLE + 1 }, (_, n) => ({ ...template, id: `sla-${n}` }));
    const before = await t.db.selectFrom("bids").select("draft_version").where("rfp_id", "=", rfpId).where("vendor_organisation_id", "=", vendor.organisation.id).executeTakeFirstOrThrow();
    const error = await domainError(saveBidDraft(t.db, rfpId, { expectedVersion: before.draft_version, draft: bid }, vendor));
    expect(error.code).toBe("invalid");
    expect(error.message).toMatch(`A bundle has at most ${MAX_SLAS_PER_BUNDLE} SLAs`);
    const after = await t.db.selectFrom("bids").select("draft_version").where("rfp_id", "=", rfpId).where("vendor_organisation_id", "=", vendor.organisation.id).executeTakeFirstOrThrow();
    expect(after.draft_version).toBe(before.draft_version);
  });

  it("never stores 30 February as 2 March, nor year 0000", async () => {
    const view = await getRfpForBuyer(t.db, rfpId, buyer);
    for (const bidsCloseAt of ["2027-02-30T17:00", "0000-01-01T00:00"]) {
      expect(timelineFormSchema.safeParse({ expectedVersion: String(view.version), timeZone: "UTC", bidsCloseAt }).success).toBe(false);
      expect(saveTimelineSchema.safeParse({ expectedVersion: view.version, bidsCloseAt }).success).toBe(false);
    }
    // A real date still saves (a draft RFP: the published one takes addenda).
    const draft = await readyDraft(t, buyer, "field-services", `H-${randomUUID().slice(0, 6)}`);
    const saved = await saveRfpTimeline(t.db, draft.id, saveTimelineSchema.parse({ expectedVersion: draft.version, bidsCloseAt: "2027-02-28T17:00:00.000Z", questionsCloseAt: "2027-02-01T17:00:00.000Z", bidValidityDays: 90 }), buyer);
    expect(saved.version).toBeGreaterThan(draft.version);
    const stored = await t.db.selectFrom("rfps").select("bids_close_at").where("id", "=", draft.id).executeTakeFirstOrThrow();
    expect(new Date(stored.bids_close_at!).toISOString()).toBe("2027-02-28T17:00:00.000Z");
  });
});
