// The demo shows the evaluation at once: a new embedded database has the playbook's
// field-services RFP opened with five bids, scored by two evaluators, then through a BAFO
// round (two shortlisted, opened, scored with carry-over, one spread flagged and waiting for
// the chair); a second RFP evaluated in round 1 only; a third in an open BAFO round; another
// RFP waits for its opening; RIV-2026-012 is awarded on locked scores.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAdmittedBidders } from "../../db/queries/evaluation-access";
import { getBafoPage } from "~/services/bafo/round.server";
import { getConsensus } from "~/services/evaluation/consensus.server";
import { readAwardSummary } from "~/services/awards/read.server";
import { getOpeningRegister } from "~/services/evaluation/opening.server";
import { getPanel } from "~/services/evaluation/panel.server";
import { listSnapshots } from "~/services/evaluation/snapshots.server";
import { getScoringQueue } from "~/services/evaluation/scoring.server";
import type { RfpActor } from "~/services/rfps/index.server";
import { listRfpsForBuyer, listRfpsForVendor } from "~/services/rfps/index.server";
import { formatInstant } from "~/domain/rfp/format";
import { seedDemo } from "~/services/seed-demo.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor } from "../support/rfp";

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

const idOf = async (reference: string) => (await listRfpsForBuyer(t.db, buyer)).find((r) => r.reference === reference)!;

describe("demo evaluation", () => {
  it("has the field-services RFP through a BAFO round: five bids opened in round 1, the two shortlisted opened in round 2", async () => {
    const rfp = await idOf("RIV-2026-017");
    expect(rfp.state).toBe("opened");
    const register = await getOpeningRegister(t.db, rfp.id, buyer);
    expect(register.round).toBe(2);
    expect(register.register.map((r) => [r.vendorName, r.status])).toEqual([
      ["Civic Crew Co-operative", "counted"],
      ["Northfield Field Services Ltd", "counted"],
    ]);
    const round1 = await listAdmittedBidders(t.db, rfp.id, 1);
    expect(round1.map((b) => b.vendorName)).toEqual(["Atlas Maintenance Group", "Civic Crew Co-operative", "Greenway Grounds Ltd", "Metro Facility Partners", "Northfield Field Services Ltd"]);
  });

  it("has round 2 scored (unchanged bundles carried over), Northfield's carried spread still flagged, and a run per round", async () => {
    const rfp = await idOf("RIV-2026-017");
    const consensus = await getConsensus(t.db, rfp.id, buyer);
    const cells = consensus.criteria.flatMap((c) => c.cells);
    expect(cells).toHaveLength(6);
    expect(cells.every((c) => c.submittedCount === 2)).toBe(true);
    const flagged = cells.filter((c) => c.spreadFlagged);
    expect(flagged.map((c) => [c.vendorName, c.slotName, c.spread])).toEqual([["Northfield Field Services Ltd", "Reliability-optimised", 3.5]]);
    expect(flagged[0]!.moderation).toBeNull();
    expect(consensus.lock.locked).toBe(false);
    expect((await listSnapshots(t.db, rfp.id, buyer)).map((s) => s.round).sort()).toEqual([1, 2]);
    const evaluator2 = await actor(t, "evaluator2@demo.pareto");
    const queue = await getScoringQueue(t.db, rfp.id, evaluator2);
    expect(queue.bidders.length).toBe(2);
  });

  it("has RIV-2026-018 evaluated in round 1 only: three bids opened, scored by both evaluators, one run", async () => {
    const rfp = await idOf("RIV-2026-018");
    expect(rfp.state).toBe("opened");
    const consensus = await getConsensus(t.db, rfp.id, buyer);
    const cells = consensus.criteria.flatMap((c) => c.cells);
    expect(cells).toHaveLength(9);
    expect(cells.every((c) => c.submittedCount === 2)).toBe(true);
    expect((await listSnapshots(t.db, rfp.id, buyer)).map((s) => s.round)).toEqual([1]);
  });

  it("has RIV-2026-020 in an open BAFO round: shortlisted vendors' lists show round 2's deadline, the others are told they are not on it", async () => {
    const rfp = await idOf("RIV-2026-020");
    expect(rfp.state).toBe("bafo-open");
    // The buyer's list gives the running round's deadline too, and its BAFO page says why no further round can start yet.
    expect(rfp.deadline.round).toBe(2);
    expect(rfp.deadline.at!.getTime()).toBeGreaterThan(rfp.bidsCloseAt!.getTime());
    expect((await getBafoPage(t.db, rfp.id, buyer)).blocked).toBe("Round 2 is open for bids: another round can start once its deadline has passed and its bids are opened.");
    const listed = async (email: string, reference: string) => (await listRfpsForVendor(t.db, await actor(t, email))).find((r) => r.reference === reference)!;
    const civic = await listed("vendor2@demo.pareto", "RIV-2026-020");
    expect(civic.response).toMatchObject({ canBid: true, round: 2, deadlinePassed: false, text: "Shortlisted for round 2: no round-2 bid yet", needsAction: true });
    // About a week after the seeding, not round 1's deadline (the moment of seeding).
    expect(civic.response.deadline!.getTime() - Date.now()).toBeGreaterThan(6 * 24 * 3600_000);
    expect(civic.response.deadline!.getTime()).toBeGreaterThan(civic.bidsCloseAt!.getTime());
    const atlas = await listed("vendor3@demo.pareto", "RIV-2026-020");
    expect(atlas.response).toMatchObject({ canBid: false, round: 1, deadline: atlas.bidsCloseAt, deadlinePassed: true, text: "Bid submitted (version 1) · not shortlisted for round 2" });
    // RIV-2026-017's completed round: Northfield confirmed its round-1 bid, Civic Crew changed its own.
    expect((await listed("vendor1@demo.pareto", "RIV-2026-017")).response.text).toBe("Round 2: round-1 bid confirmed unchanged");
    expect((await listed("vendor2@demo.pareto", "RIV-2026-017")).response).toMatchObject({ canBid: false, text: "Round 2: bid submitted (version 1)" });
  });

  it("has a closed RFP waiting for its two-key opening, with its panel named", async () => {
    const rfp = await idOf("RIV-2026-019");
    expect(rfp.state).toBe("closed");
    const panel = await getPanel(t.db, rfp.id, buyer);
    expect(panel.members.map((m) => m.name).sort()).toEqual(["Noor Haddad", "Sam Lindqvist"]);
    const register = await getOpeningRegister(t.db, rfp.id, buyer);
    expect(register.register).toEqual([]);
    expect(register.stage).not.toBe("opened");
  });

  it("has RIV-2026-012 awarded on locked scores: a draft run, the chair's lock, and the locked run the award names", async () => {
    const rfp = await idOf("RIV-2026-012");
    expect(rfp.state).toBe("awarded");
    const consensus = await getConsensus(t.db, rfp.id, buyer);
    expect(consensus.lock.locked).toBe(true);
    expect(consensus.lock.last).toMatchObject({ action: "lock", byName: "Dana Okafor" });
    const snapshots = await listSnapshots(t.db, rfp.id, buyer);
    expect(snapshots.map((s) => s.scoresLocked).sort()).toEqual([false, true]);
    const locked = snapshots.find((s) => s.scoresLocked)!;
    expect((await readAwardSummary(t.db, rfp.id))!.snapshotId).toBe(locked.id);
    const evaluator = await actor(t, "evaluator@demo.pareto");
    expect((await getScoringQueue(t.db, rfp.id, evaluator)).locked).toBe(true);
  });

  it("has a mailbox that agrees with its RFPs: each invitation and BAFO notice names the deadline the RFP shows", async () => {
    const rfps = await t.db.selectFrom("rfps").select(["id", "reference", "bids_close_at"]).where("published_at", "is not", null).execute();
    const rounds = await t.db.selectFrom("bafo_rounds").select(["rfp_id", "bids_close_at"]).execute();
    const notices = await t.db.selectFrom("notification_outbox").select(["rfp_id", "kind", "body"]).where("kind", "in", ["rfp.invitation", "bafo.shortlisted"]).execute();
    let closed = 0;
    for (const rfp of rfps) {
      const invitations = notices.filter((n) => n.rfp_id === rfp.id && n.kind === "rfp.invitation");
      for (const n of invitations) expect(n.body, rfp.reference).toContain(`Bids close on ${formatInstant(rfp.bids_close_at!)}.`);
      if (rfp.bids_close_at!.getTime() < Date.now() && invitations.length > 0) closed++;
      for (const round of rounds.filter((r) => r.rfp_id === rfp.id)) {
        for (const n of notices.filter((x) => x.rfp_id === rfp.id && x.kind === "bafo.shortlisted")) expect(n.body, rfp.reference).toContain(`Before ${formatInstant(round.bids_close_at)},`);
      }
    }
    // The closed demo RFPs (evaluated, awarded, in a BAFO round, waiting for the opening) are among them.
    expect(closed).toBeGreaterThanOrEqual(5);
  });

  it("changes nothing when seeded again", async () => {
    const before = await t.db.selectFrom("evaluator_scores").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const demoRfps = (await listRfpsForBuyer(t.db, buyer)).filter((r) => r.reference.startsWith("RIV-2026")).length;
    await seedDemo(t.db);
    const after = await t.db.selectFrom("evaluator_scores").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await listRfpsForBuyer(t.db, buyer)).filter((r) => r.reference.startsWith("RIV-2026")).length).toBe(demoRfps);
    expect(demoRfps).toBeGreaterThanOrEqual(6);
  });
});
