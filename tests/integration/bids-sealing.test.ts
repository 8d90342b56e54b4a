// Sealed bids: before opening the buyer sees that vendors submitted, never what; the content
// reader refuses (and the refusal is audited); no module but sealed-bids.ts names the
// content tables. Then a burst of 50 vendors across a deadline a moment ahead.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { randomUUID } from "node:crypto";
import { readContentsForOpening, readOpenedBidContents, submittedContentOf } from "../../db/queries/sealed-bids";
import { bidContentSchema } from "~/domain/bids/content";
import { sampleFieldServicesBid } from "~/domain/bids/sample";
import { getBidWorkspace, listSubmissionsForBuyer, openSealedBids, saveBidDraft, withdrawBid } from "~/services/bids/index.server";
import { confirmOpening, getOpeningRegister, startOpening } from "~/services/evaluation/opening.server";
import { createBafoRound } from "~/services/bafo/round.server";
import { closeBafoRoundNow } from "../../db/queries/demo";
import type { RfpActor } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { deadlineIn, publishedRfp, saveSample, submit, vendorsFor } from "../support/bids";
import { countingStatements, createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
});
afterAll(async () => {
  await t?.close();
});

describe("the seal", () => {
  it("lists submissions without content, and refuses to read content until deadline and opening", async () => {
    const rfpId = await publishedRfp(t, buyer, "SEAL-1");
    const [a, b, c] = await vendorsFor(t, rfpId, 3);
    await saveSample(t, rfpId, a!, 1.013);
    await submit(t, rfpId, a!);
    await saveSample(t, rfpId, b!, 0.977);
    await submit(t, rfpId, b!);
    await submit(t, rfpId, b!);
    await withdrawBid(t.db, rfpId, b!);
    await saveSample(t, rfpId, c!, 1.2); // a draft only

    const list = await listSubmissionsForBuyer(t.db, rfpId, buyer);
    const byName = new Map(list.map((s) => [s.vendorOrganisationId, s]));
    expect(byName.get(a!.organisation.id)).toMatchObject({ submitted: true, versionCount: 1, withdrawn: false, needsConfirmation: false });
    expect(byName.get(b!.organisation.id)).toMatchObject({ submitted: false, versionCount: 2, withdrawn: true });
    expect(byName.get(c!.organisation.id)).toMatchObject({ submitted: false, versionCount: 0, lastReceivedAt: null });
    expect(Object.keys(list[0]!).sort()).toEqual(["lastReceivedAt", "needsConfirmation", "submitted", "vendorName", "vendorOrganisationId", "versionCount", "withdrawn"]);
    // The board in one statement, then its audit row (one statement, two for a new audit stream).
    const counted = countingStatements(t.db);
    expect(await listSubmissionsForBuyer(counted.db, rfpId, buyer)).toEqual(list);
    expect(counted.statements()).toBeLessThanOrEqual(3);
    const text = JSON.stringify(list);
    for (const secret of [String(Math.round(8_200_000 * 1.013)), String(Math.round(7_600_000 * 0.977)), "city 311 CRM", "Two crews per district", "complaint resolution time"]) {
      expect(text).not.toContain(secret);
    }

    const sealed = await domainError(openSealedBids(t.db, rfpId, buyer));
    expect(sealed.code).toBe("forbidden");
    expect(sealed.message).toMatch(/^Bids are sealed until .+ and the bid opening\.$/);

    // Deadline passed but no opening recorded: still sealed.
    await t.db.updateTable("rfps").set({ bids_close_at: new Date(Date.now() - 1_000) }).where("id", "=", rfpId).execute();
    expect((await domainError(openSealedBids(t.db, rfpId, buyer))).message).toBe("Bids are sealed until the bid opening is recorded.");
    // A vendor cannot reach the buyer-side reader at all.
    expect((await domainError(openSealedBids(t.db, rfpId, a!))).code).toBe("not_found");

    await t.db.insertInto("bid_openings").values({ rfp_id: rfpId, opened_by: buyer.id }).execute();
    const opened = await openSealedBids(t.db, rfpId, buyer);
    expect(opened.map((o) => [o.vendorOrganisationId === b!.organisation.id, o.versionNumber, o.withdrawn]).sort()).toEqual([[false, 1, false], [true, 2, true]]);
    // Each content is what the vendor submitted, validated once per stored text and shared by
    // every reader, frozen: no reader can change what the next one reads.
    const ofA = opened.find((o) => o.vendorOrganisationId === a!.organisation.id)!;
    expect(ofA.content).toEqual(bidContentSchema.parse(sampleFieldServicesBid(1.013)));
    expect((await openSealedBids(t.db, rfpId, buyer)).find((o) => o.vendorOrganisationId === a!.organisation.id)!.content).toBe(ofA.content);
    expect(() => Object.assign(ofA.content.bundles[0]!.values, { monthlyFee: 1 })).toThrow(TypeError);
    // The seal and the contents in one statement; limited to some vendors, only theirs.
    const once = countingStatements(t.db);
    const limited = await readOpenedBidContents(once.db, rfpId, 1, [a!.organisation.id]);
    expect(limited.sealed ? [] : limited.bids.map((o) => o.vendorOrganisationId)).toEqual([a!.organisation.id]);
    expect(await readOpenedBidContents(once.db, rfpId, 1, [])).toEqual({ sealed: false, bids: [] });
    expect(once.statements()).toBe(2);
    // A stored content that does not validate is refused on every read, never kept.
    expect(() => submittedContentOf(JSON.stringify({ bundles: [{ slotId: 12 }] }))).toThrow();
    expect(() => submittedContentOf(JSON.stringify({ bundles: [{ slotId: 12 }] }))).toThrow();

    const audit = await t.db.selectFrom("audit_events").select("action").where("entity_id", "=", rfpId).where("entity_type", "=", "bid").execute();
    expect(audit.filter((r) => r.action === "bid.read-refused")).toHaveLength(2);
    expect(audit.map((r) => r.action)).toContain("bid.submissions-listed");
    expect(audit.map((r) => r.action)).toContain("bid.contents-read");
  });

  it("no query or service but db/queries/sealed-bids.ts names a bid content table", async () => {
    const root = path.resolve(__dirname, "../..");
    const offenders: string[] = [];
    async function scan(dir: string): Promise<void> {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) await scan(file);
        else if (/\.tsx?$/.test(entry.name) && path.relative(root, file) !== path.join("db", "queries", "sealed-bids.ts")) {
          const text = await readFile(file, "utf8");
          if (/bid_(draft|version)_contents/.test(text)) offenders.push(path.relative(root, file));
        }
      }
    }
    await scan(path.join(root, "db", "queries"));
    await scan(path.join(root, "app", "services"));
    await scan(path.join(root, "app", "routes"));
    expect(offenders).toEqual([]);
  });
});

describe("the two keys", () => {
  it("a canary planted in a bid is unreadable after the deadline with only the first key turned, and readable after the confirmation", async () => {
    const rfpId = await publishedRfp(t, buyer, "SEAL-KEYS");
    const [vendor] = await vendorsFor(t, rfpId, 1, "Canary");
    const canary = `CANARY-${randomUUID()}`;
    const draft = sampleFieldServicesBid();
    draft.bundles[0]!.values.staffingPlan = canary;
    await saveBidDraft(t.db, rfpId, { expectedVersion: 0, draft }, vendor!);
    await submit(t, rfpId, vendor!);

    // Before the deadline no key turns and nothing reads.
    expect((await domainError(startOpening(t.db, rfpId, buyer))).code).toBe("conflict");
    expect((await domainError(openSealedBids(t.db, rfpId, buyer))).code).toBe("forbidden");
    expect((await readContentsForOpening(t.db, rfpId, evaluator.id)).sealed).toBe(true);

    // After the deadline, first key only: still sealed for everyone, by every reader.
    await sql`update rfps set bids_close_at = clock_timestamp() - interval '1 second' where id = ${rfpId}`.execute(t.db);
    await startOpening(t.db, rfpId, buyer);
    expect((await domainError(openSealedBids(t.db, rfpId, buyer))).message).toBe("Bids are sealed until the bid opening is recorded.");
    expect((await readOpenedBidContents(t.db, rfpId)).sealed).toBe(true);
    // The opening's own reader refuses the person who started it, and anyone outside the organisation.
    expect((await readContentsForOpening(t.db, rfpId, buyer.id)).sealed).toBe(true);
    expect((await readContentsForOpening(t.db, rfpId, vendor!.id)).sealed).toBe(true);
    expect(JSON.stringify(await getOpeningRegister(t.db, rfpId, buyer))).not.toContain(canary);

    // The second key, by someone else: now readable, and the register itself carries no content.
    await confirmOpening(t.db, rfpId, evaluator);
    expect(JSON.stringify(await openSealedBids(t.db, rfpId, buyer))).toContain(canary);
    expect(JSON.stringify(await getOpeningRegister(t.db, rfpId, buyer))).not.toContain(canary);
    // The opening's reader served its one purpose: once the opening is recorded it reads nothing.
    expect((await readContentsForOpening(t.db, rfpId, evaluator.id)).sealed).toBe(true);
  });
});

describe("a BAFO round is sealed like round 1", () => {
  it("a canary in a round-2 bid is unreadable before the round's deadline and with one key, readable after the second key", async () => {
    const rfpId = await publishedRfp(t, buyer, "SEAL-BAFO");
    const [vendor, other] = await vendorsFor(t, rfpId, 2, "Canary BAFO");
    for (const v of [vendor!, other!]) {
      await saveSample(t, rfpId, v);
      await submit(t, rfpId, v);
    }
    // Round 1 opened with two keys and evaluated (a BAFO round follows an evaluated round).
    await sql`update rfps set bids_close_at = clock_timestamp() - interval '1 second' where id = ${rfpId}`.execute(t.db);
    await startOpening(t.db, rfpId, buyer);
    await confirmOpening(t.db, rfpId, evaluator);
    await t.db.insertInto("evaluation_snapshots").values({ rfp_id: rfpId, round: 1, input_json: "{}", input_hash: "0".repeat(64), engine_version: "test", result_json: "{}", scores_locked: false }).execute();
    await createBafoRound(t.db, rfpId, { bidsCloseAt: new Date(Date.now() + 3_600_000), note: "", shortlist: [{ vendorOrganisationId: vendor!.organisation.id, reason: "Best", suggestionIndex: null, ask: { ifWe: "take 48 months", couldYou: "lower the fee" } }] }, buyer);

    const canary = `CANARY-R2-${randomUUID()}`;
    const workspace = await getBidWorkspace(t.db, rfpId, vendor!);
    const draft = sampleFieldServicesBid();
    draft.bundles[0]!.values.staffingPlan = canary;
    await saveBidDraft(t.db, rfpId, { expectedVersion: workspace.draft.version, draft }, vendor!);
    await submit(t, rfpId, vendor!);

    // Before round 2's deadline: no key turns and no reader reads round 2 (round 1 stays readable).
    expect((await domainError(startOpening(t.db, rfpId, buyer))).code).toBe("conflict");
    expect((await readOpenedBidContents(t.db, rfpId, 2)).sealed).toBe(true);
    expect((await readContentsForOpening(t.db, rfpId, evaluator.id, 2)).sealed).toBe(true);
    expect(JSON.stringify(await readOpenedBidContents(t.db, rfpId, 1))).not.toContain(canary);

    // After the deadline, first key only: still sealed; the starter cannot read it as the second key.
    await closeBafoRoundNow(t.db, rfpId, 2);
    await startOpening(t.db, rfpId, buyer);
    expect((await readOpenedBidContents(t.db, rfpId, 2)).sealed).toBe(true);
    expect((await readContentsForOpening(t.db, rfpId, buyer.id, 2)).sealed).toBe(true);
    expect((await readContentsForOpening(t.db, rfpId, vendor!.id, 2)).sealed).toBe(true);
    expect(JSON.stringify(await getOpeningRegister(t.db, rfpId, buyer))).not.toContain(canary);

    await confirmOpening(t.db, rfpId, evaluator);
    expect(JSON.stringify(await readOpenedBidContents(t.db, rfpId, 2))).toContain(canary);
    expect(JSON.stringify(await getOpeningRegister(t.db, rfpId, buyer))).not.toContain(canary);
    expect((await readContentsForOpening(t.db, rfpId, evaluator.id, 2)).sealed).toBe(true);
  });
});

describe("a burst across the deadline", () => {
  it("50 vendors submit at once with the deadline a moment ahead: each is fully accepted before it, or refused", async () => {
    const rfpId = await publishedRfp(t, buyer, "BURST-1");
    const vendors = await vendorsFor(t, rfpId, 50, "Burst");
    for (const v of vendors) await saveSample(t, rfpId, v);
    const deadline = await deadlineIn(t, rfpId, t.driver === "pglite" ? 400 : 250);
    const results = await Promise.allSettled(vendors.map((v) => submit(t, rfpId, v)));
    const accepted = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
    for (const error of refused) expect(error.message).toMatch(/^The deadline passed at /);
    for (const receipt of accepted) expect(receipt.receivedAt.getTime()).toBeLessThan(deadline.getTime());
    expect(accepted.length + refused.length).toBe(50);

    const { rows } = await sql<{ versions: number; contents: number; late: number; refusals: number }>`
      select (select count(*) from bid_versions v join bids b on b.id = v.bid_id where b.rfp_id = ${rfpId})::int as versions,
             (select count(*) from bid_version_contents c join bid_versions v on v.id = c.bid_version_id join bids b on b.id = v.bid_id where b.rfp_id = ${rfpId})::int as contents,
             (select count(*) from bid_versions v join bids b on b.id = v.bid_id join rfps r on r.id = b.rfp_id where b.rfp_id = ${rfpId} and v.received_at >= r.bids_close_at)::int as late,
             (select count(*) from audit_events where entity_id = ${rfpId} and action = 'bid.submission-refused')::int as refusals`.execute(t.db);
    expect(rows[0]).toEqual({ versions: accepted.length, contents: accepted.length, late: 0, refusals: refused.length });
    const list = await listSubmissionsForBuyer(t.db, rfpId, buyer);
    expect(list.filter((s) => s.submitted)).toHaveLength(accepted.length);
    console.info(`[${t.driver}] burst: ${accepted.length} accepted, ${refused.length} refused`);
  });
});
