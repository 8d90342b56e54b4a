// A vendor's bid from draft to receipt: versions, the deadline, idempotency, two tabs,
// withdrawal and confirmation after an addendum, through the services, on the real database.
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { canonicalBidJson, bidContentSchema } from "~/domain/bids/content";
import { sampleFieldServicesBid } from "~/domain/bids/sample";
import { issueAddendumSchema } from "~/domain/rfp/actions";
import { confirmBidUnchanged } from "~/services/bafo/confirm-unchanged.server";
import { confirmBid, getBidWorkspace, getReceipt, listSubmissionsForBuyer, saveBidDraft, submitBid, withdrawBid, type BidActor } from "~/services/bids/index.server";
import { getRfpForBuyer, getRfpForVendor, issueAddendum, type RfpActor } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { deadlineIn, publishedRfp, saveSample, setDeadline, submit, vendorsFor } from "../support/bids";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor, DAY, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
});
afterAll(async () => {
  await t?.close();
});

async function freshRfp(n = 1): Promise<{ rfpId: string; vendors: BidActor[] }> {
  const rfpId = await publishedRfp(t, buyer, `B-${randomUUID().slice(0, 6)}`);
  return { rfpId, vendors: await vendorsFor(t, rfpId, n) };
}

async function auditActions(rfpId: string): Promise<string[]> {
  const rows = await t.db.selectFrom("audit_events").select("action").where("entity_type", "=", "bid").where("entity_id", "=", rfpId).orderBy("id").execute();
  return rows.map((r) => r.action);
}

describe("drafts and versions", () => {
  it("a stale save names the colleague who saved; a version or retry key the database cannot hold is refused in words", async () => {
    const { rfpId, vendors: [v] } = await freshRfp();
    const user = await t.db.insertInto("users").values({ email: `colleague-${randomUUID().slice(0, 8)}@bench.test`, name: "Noor Colleague", password_hash: "x" }).returning(["id", "email"]).executeTakeFirstOrThrow();
    await t.db.insertInto("memberships").values({ user_id: user.id, organisation_id: v!.organisation.id, role: "vendor" }).execute();
    await saveBidDraft(t.db, rfpId, { expectedVersion: 0, draft: { bundles: [] } }, { ...v!, id: user.id, email: user.email });
    const stale = await domainError(saveBidDraft(t.db, rfpId, { expectedVersion: 0, draft: { bundles: [] } }, v!));
    expect(stale.code).toBe("conflict");
    expect(stale.message).toMatch(/\(version 1, saved .* UTC by Noor Colleague\); nothing was saved\.$/);

    for (const expectedVersion of [1e21, Number.NaN, Infinity, 1.5, 99_999_999_999, -1]) {
      expect((await domainError(saveBidDraft(t.db, rfpId, { expectedVersion, draft: { bundles: [] } }, v!))).code, String(expectedVersion)).toBe("invalid");
    }
    for (const idempotencyKey of ["", "short", "k".repeat(201)]) {
      expect((await domainError(submitBid(t.db, rfpId, { idempotencyKey }, v!))).message).toMatch(/^The submission key is (missing|too long); reload the page$/);
      expect((await domainError(confirmBidUnchanged(t.db, rfpId, { idempotencyKey }, v!))).code).toBe("invalid");
    }
    expect((await getBidWorkspace(t.db, rfpId, v!)).draft.version).toBe(1);
  });

  it("saves drafts optimistically, submits v1, revises to v2 and keeps the history", async () => {
    const { rfpId, vendors: [v] } = await freshRfp();
    const first = await saveBidDraft(t.db, rfpId, { expectedVersion: 0, draft: { bundles: [{ slotId: "cost", values: { monthlyFee: 100, termMonths: null }, clauses: sampleFieldServicesBid().bundles[0]!.clauses }] } }, v!);
    expect(first.version).toBe(1);
    const stale = await domainError(saveBidDraft(t.db, rfpId, { expectedVersion: 0, draft: { bundles: [] } }, v!));
    expect(stale.code).toBe("conflict");
    // It says which version stands, when and by whom (decision 015).
    expect(stale.message).toMatch(/^Your draft was changed elsewhere \(version 1, saved \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC by you, in another tab or window\); nothing was saved\.$/);

    const incomplete = await domainError(submit(t, rfpId, v!));
    expect(incomplete.code).toBe("invalid");
    expect(incomplete.fieldErrors["bundles.0.values.termMonths"]).toEqual(["Bundle A: give the Contract term (months)"]);

    await saveSample(t, rfpId, v!, 1, 1);
    const r1 = await submit(t, rfpId, v!);
    expect(r1.versionNumber).toBe(1);
    expect(r1.contentHash).toBe(createHash("sha256").update(canonicalBidJson(bidContentSchema.parse(sampleFieldServicesBid()))).digest("hex"));
    expect(r1.bundles.map((b) => `${b.letter} ${b.slaCount} ${b.remedyCount}`)).toEqual(["A 6 7", "B 6 7", "C 6 7"]);

    await saveSample(t, rfpId, v!, 0.95, 2);
    const r2 = await submit(t, rfpId, v!);
    expect(r2.versionNumber).toBe(2);
    expect(r2.contentHash).not.toBe(r1.contentHash);
    expect(r2.receivedAt.getTime()).toBeGreaterThanOrEqual(r1.receivedAt.getTime());

    const workspace = await getBidWorkspace(t.db, rfpId, v!);
    expect(workspace.state).toBe("submitted");
    expect(workspace.versions.map((x) => x.versionNumber)).toEqual([1, 2]);
    expect(workspace.problems).toEqual([]);
    expect((await getReceipt(t.db, rfpId, 1, v!)).contentHash).toBe(r1.contentHash);
    expect((await domainError(getReceipt(t.db, rfpId, 3, v!))).code).toBe("not_found");
    expect(await auditActions(rfpId)).toEqual(expect.arrayContaining(["bid.draft-saved", "bid.draft-save-refused", "bid.submission-refused", "bid.submitted", "bid.workspace-read", "bid.receipt-read"]));
  });

  it("refuses a submission after the deadline by the database clock, keeps the draft and audits the attempt", async () => {
    const { rfpId, vendors: [v] } = await freshRfp();
    await saveSample(t, rfpId, v!);
    await setDeadline(t, rfpId, new Date(Date.now() - 60_000));
    const late = await domainError(submit(t, rfpId, v!));
    expect(late.code).toBe("conflict");
    expect(late.message).toMatch(/^The deadline passed at .+ \(your submission reached us at .+\)\. Your draft is kept\.$/);
    const workspace = await getBidWorkspace(t.db, rfpId, v!);
    expect(workspace.versions).toEqual([]);
    expect(workspace.draft.version).toBe(1);
    expect(workspace.draft.content.bundles[0]!.values.monthlyFee).toBe(8_200_000);
    expect(await auditActions(rfpId)).toContain("bid.submission-refused");
  });

  it("an immutable version cannot be edited in the database", async () => {
    const { rfpId, vendors: [v] } = await freshRfp();
    await saveSample(t, rfpId, v!);
    await submit(t, rfpId, v!);
    await expect(sql`update bid_versions set content_hash = repeat('0', 64)`.execute(t.db)).rejects.toThrow(/immutable/);
  });
});

describe("idempotency and two tabs", () => {
  it("the same key twice gives one version and the same receipt", async () => {
    const { rfpId, vendors: [v] } = await freshRfp();
    await saveSample(t, rfpId, v!);
    const key = randomUUID();
    const [a, b] = await Promise.all([submit(t, rfpId, v!, key), submit(t, rfpId, v!, key)]);
    const c = await submit(t, rfpId, v!, key);
    expect(new Set([a.versionNumber, b.versionNumber, c.versionNumber])).toEqual(new Set([1]));
    expect(c.contentHash).toBe(a.contentHash);
    expect(c.receivedAt.getTime()).toBe(a.receivedAt.getTime());
    expect((await getBidWorkspace(t.db, rfpId, v!)).versions).toHaveLength(1);
  });

  it("concurrent submissions from two tabs give consecutive versions, each complete", async () => {
    const { rfpId, vendors: [v] } = await freshRfp();
    await saveSample(t, rfpId, v!);
    const receipts = await Promise.all(Array.from({ length: 6 }, () => submit(t, rfpId, v!)));
    expect(receipts.map((r) => r.versionNumber).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const { rows } = await sql<{ versions: number; contents: number }>`
      select (select count(*) from bid_versions v join bids b on b.id = v.bid_id where b.rfp_id = ${rfpId})::int as versions,
             (select count(*) from bid_version_contents c join bid_versions v on v.id = c.bid_version_id join bids b on b.id = v.bid_id where b.rfp_id = ${rfpId})::int as contents`.execute(t.db);
    expect(rows[0]).toEqual({ versions: 6, contents: 6 });
  });

  it("a submission based on a draft another tab has since changed is refused", async () => {
    const { rfpId, vendors: [v] } = await freshRfp();
    await saveSample(t, rfpId, v!);
    await saveSample(t, rfpId, v!, 1.1, 1);
    const error = await domainError(submitBid(t.db, rfpId, { idempotencyKey: randomUUID(), expectedDraftVersion: 1 }, v!));
    expect(error.code).toBe("conflict");
  });
});

describe("withdrawal and addenda", () => {
  it("withdraws before the deadline, resubmits, and refuses a withdrawal after it", async () => {
    const { rfpId, vendors: [v] } = await freshRfp();
    expect((await domainError(withdrawBid(t.db, rfpId, v!))).code).toBe("conflict");
    await saveSample(t, rfpId, v!);
    await submit(t, rfpId, v!);
    expect(await withdrawBid(t.db, rfpId, v!)).toMatchObject({ withdrawnVersion: 1 });
    expect((await getBidWorkspace(t.db, rfpId, v!)).state).toBe("withdrawn");
    expect((await submit(t, rfpId, v!)).versionNumber).toBe(2);
    expect((await getBidWorkspace(t.db, rfpId, v!)).state).toBe("submitted");
    await setDeadline(t, rfpId, new Date(Date.now() - 1_000));
    expect((await domainError(withdrawBid(t.db, rfpId, v!))).message).toMatch(/your withdrawal reached us at/);
  });

  it("an addendum after submission needs confirmation; confirming clears it", async () => {
    const { rfpId, vendors: [v, w] } = await freshRfp(2);
    await saveSample(t, rfpId, v!);
    await submit(t, rfpId, v!);
    await saveSample(t, rfpId, w!);
    const view = await getRfpForBuyer(t.db, rfpId, buyer);
    const criteria = structuredClone(view.definition.criteria);
    criteria.criteria.find((c) => c.id === "local")!.weight += 5;
    criteria.criteria.find((c) => c.id === "price")!.weight -= 5;
    await issueAddendum(t.db, rfpId, issueAddendumSchema.parse({ expectedVersion: view.version, reason: "More weight on local hiring", criteria }), buyer);
    const before = await getBidWorkspace(t.db, rfpId, v!);
    expect(before.needsConfirmation).toBe(true);
    expect(before.pendingAddenda.map((a) => a.number)).toEqual([1]);
    // A vendor that submits after the addendum has nothing to confirm.
    await submit(t, rfpId, w!);
    expect((await getBidWorkspace(t.db, rfpId, w!)).needsConfirmation).toBe(false);
    expect(await confirmBid(t.db, rfpId, v!)).toEqual({ versionNumber: 1, confirmedAddenda: [1] });
    expect((await getBidWorkspace(t.db, rfpId, v!)).needsConfirmation).toBe(false);
    expect((await confirmBid(t.db, rfpId, v!)).confirmedAddenda).toEqual([]);
  });

  it("the bid page's feedback follows the saved draft and the RFP's addenda, though it is computed once per draft and definition", async () => {
    const { rfpId, vendors: [v] } = await freshRfp();
    await saveSample(t, rfpId, v!);
    const local = (w: Awaited<ReturnType<typeof getBidWorkspace>>) => w.feedback.bundles[0]!.scores.find((s) => s.criterionId === "local")!;
    const first = await getBidWorkspace(t.db, rfpId, v!);
    const again = await getBidWorkspace(t.db, rfpId, v!);
    expect(again.feedback).toEqual(first.feedback);
    expect(again.draft.content).toEqual(first.draft.content);
    const before = local(first);
    expect(before.status).toBe("scored");
    const localWords = async () => JSON.stringify((await getRfpForVendor(t.db, rfpId, v!)).scoring.criteria).match(/Local hiring \(weight (\d+) of 100\)/)?.[1];
    expect(await localWords()).toBe(String(before.weight));

    // An addendum moves weight: the same saved draft now scores under the new weights.
    const view = await getRfpForBuyer(t.db, rfpId, buyer);
    const criteria = structuredClone(view.definition.criteria);
    criteria.criteria.find((c) => c.id === "local")!.weight += 5;
    criteria.criteria.find((c) => c.id === "price")!.weight -= 5;
    await issueAddendum(t.db, rfpId, issueAddendumSchema.parse({ expectedVersion: view.version, reason: "More weight on local hiring", criteria }), buyer);
    const reweighted = local(await getBidWorkspace(t.db, rfpId, v!));
    expect(reweighted.weight).toBe(before.weight + 5);
    // The RFP's scoring in words, kept per definition too, says the new weight.
    expect(await localWords()).toBe(String(before.weight + 5));

    // A new draft with more local hiring in bundle A: its own feedback, not the last one's.
    const draft = sampleFieldServicesBid();
    draft.bundles[0]!.values.localHiringPct = 90;
    await saveBidDraft(t.db, rfpId, { expectedVersion: 1, draft }, v!);
    const saved = await getBidWorkspace(t.db, rfpId, v!);
    expect(saved.draft.content.bundles[0]!.values.localHiringPct).toBe(90);
    const more = local(saved);
    expect(more.status === "scored" && reweighted.status === "scored" && more.points > reweighted.points).toBe(true);
  });

  it("a deadline a moment ahead still takes the bid; a moment later it does not", async () => {
    const { rfpId, vendors: [v] } = await freshRfp();
    await saveSample(t, rfpId, v!);
    const deadline = await deadlineIn(t, rfpId, 2_000);
    const receipt = await submit(t, rfpId, v!);
    expect(receipt.receivedAt.getTime()).toBeLessThan(deadline.getTime());
    await setDeadline(t, rfpId, new Date(Date.now() + DAY));
  });
});

describe("demo seed", () => {
  it("the three demo vendors have submitted complete bids to the open field-services RFP; seeding again adds nothing", async () => {
    await seedDemo(t.db);
    const rfp = await t.db.selectFrom("rfps").select("id").where("reference", "=", "RIV-2026-024").executeTakeFirstOrThrow();
    const list = await listSubmissionsForBuyer(t.db, rfp.id, buyer);
    expect(list.map((s) => [s.vendorName, s.submitted, s.versionCount])).toEqual([
      ["Atlas Maintenance Group", true, 1],
      ["Civic Crew Co-operative", true, 1],
      ["Northfield Field Services Ltd", true, 1],
    ]);
    const civic = await getBidWorkspace(t.db, rfp.id, await actor(t, "vendor2@demo.pareto"));
    expect(civic.draft.content.bundles[0]!.values).toMatchObject({ termMonths: 48, scheduling: "seasonal" });
    expect(civic.feedback.bundles.flatMap((b) => b.clauseFindings.filter((f) => f.severity === "error"))).toEqual([]);
  });
});
