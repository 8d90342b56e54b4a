// The vendor's pages read in a few statements (issue 15): the RFP page, the bid workspace and
// a receipt, each on the demo's open RFP as vendor1. Statements are counted at Kysely's
// compiler (every query and raw statement; transaction begin/commit are not compiled), so a
// read that creeps back to one query per list shows here. The views themselves are the ones
// the other tests check; these check their cost, and that the audited reads are still audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_RFP_REFERENCES, seedDemo } from "~/services/seed-demo.server";
import { getBidWorkspace, getReceiptView } from "~/services/bids/index.server";
import { getRfpForVendor, listRfpsForVendor, type RfpActor } from "~/services/rfps/index.server";
import { countingStatements, createTestDatabase, type TestDatabase } from "../support/database";
import { actor } from "../support/rfp";

let t: TestDatabase;
let vendor: RfpActor;
let rfpId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  vendor = await actor(t, "vendor1@demo.pareto");
  rfpId = (await t.db.selectFrom("rfps").select("id").where("reference", "=", DEMO_RFP_REFERENCES.streetFurniture).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t?.close();
});

const counting = () => countingStatements(t.db);

const auditRows = async (action: string) =>
  Number((await t.db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", action).where("entity_id", "=", rfpId).executeTakeFirstOrThrow()).n);

describe("the vendor's pages", () => {
  it("list the vendor's RFPs in one statement (with the clock and their lifecycle facts)", async () => {
    const { db, statements } = counting();
    const list = await listRfpsForVendor(db, vendor);
    expect(list.find((r) => r.id === rfpId)).toMatchObject({ state: "open", reference: DEMO_RFP_REFERENCES.streetFurniture });
    expect(statements()).toBe(1);
  });

  it("read an RFP the vendor has opened before in one statement, with its addenda, questions and own envelope", async () => {
    await getRfpForVendor(t.db, rfpId, vendor); // the first view may join and record the opening
    const { db, statements } = counting();
    const view = await getRfpForVendor(db, rfpId, vendor);
    expect(view).toMatchObject({ state: "open", round: 1, awardApproved: false, bid: { state: "submitted", lastVersion: { number: 1 } } });
    expect(view.participation.openedAt).toBeInstanceOf(Date);
    expect(view.bid.lastVersion?.receivedAt).toBeInstanceOf(Date);
    expect(statements()).toBe(1);
  });

  it("read the bid workspace in a few statements, still audited once per view", async () => {
    const before = await auditRows("bid.workspace-read");
    const { db, statements } = counting();
    const workspace = await getBidWorkspace(db, rfpId, vendor);
    expect(workspace).toMatchObject({ state: "submitted", round: 1, editable: true, needsConfirmation: false });
    expect(workspace.versions.map((v) => v.versionNumber)).toEqual([1]);
    expect(workspace.draft.version).toBeGreaterThan(0);
    // The RFP with its lifecycle facts, the envelope with its draft, and the audit row (one or two statements).
    expect(statements()).toBeLessThanOrEqual(4);
    expect(await auditRows("bid.workspace-read")).toBe(before + 1);
  });

  it("read a receipt with the term sheet it is shown in, audited, without reading the whole workspace", async () => {
    const before = { receipt: await auditRows("bid.receipt-read"), workspace: await auditRows("bid.workspace-read") };
    const { db, statements } = counting();
    const { receipt, termSheet, currency } = await getReceiptView(db, rfpId, 1, vendor);
    expect(receipt).toMatchObject({ versionNumber: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(termSheet.length).toBeGreaterThan(0);
    expect(currency).toBe("EUR");
    // The RFP with its lifecycle facts, the version with its content, and the audit row (one or two statements).
    expect(statements()).toBeLessThanOrEqual(4);
    expect(await auditRows("bid.receipt-read")).toBe(before.receipt + 1);
    expect(await auditRows("bid.workspace-read")).toBe(before.workspace);
  });
});
