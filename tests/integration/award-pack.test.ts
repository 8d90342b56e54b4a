// The award pack on the seeded demo (both databases): built from one stored snapshot whose
// figures it repeats exactly; who may export it (403 before the opening with the reason, 404
// for vendors, 403 for a conflicted evaluator); every download audited; a snapshot whose
// stored input no longer matches its hash refused by name; after an approved award, the
// award and each losing bidder's debrief in the pack, and a vendor's own debrief only.
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAwardWorkbook, SHEETS } from "~/exports/award-workbook.server";
import { streamPackZip } from "~/exports/award-pack-files.server";
import { buildOcdsReleasePackage, ocdsJson } from "~/exports/ocds-release.server";
import type { RoundEvaluation } from "~/domain/evaluation";
import { approveAward } from "~/services/awards/approve.server";
import { proposeAward } from "~/services/awards/propose.server";
import { readDebrief } from "~/services/awards/read.server";
import { getVendorDebrief } from "~/services/awards/vendor.server";
import { assembleAwardPack, getPackOverview, loadAwardPack, PACK_CONFLICTED, PACK_NOT_OPENED } from "~/services/exports/award-pack.server";
import { getSnapshot, listSnapshots, runEvaluation } from "~/services/evaluation/snapshots.server";
import type { RfpActor } from "~/services/rfps/index.server";
import { listRfpsForBuyer } from "~/services/rfps/index.server";
import { seedDemo } from "~/services/seed-demo.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { ocdsPackageValidator } from "../support/ocds";
import { actor, domainError } from "../support/rfp";

let t: TestDatabase;
let buyer: RfpActor;
let evaluator: RfpActor;
let admin: RfpActor;
let rfpId: string;
const idOf = async (reference: string) => (await listRfpsForBuyer(t.db, buyer)).find((r) => r.reference === reference)!.id;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  buyer = await actor(t, "buyer@demo.pareto");
  evaluator = await actor(t, "evaluator@demo.pareto");
  admin = await actor(t, "admin@demo.pareto");
  rfpId = await idOf("RIV-2026-018");
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const packAudits = async () =>
  (await sql<{ action: string; data: unknown }>`select action, data from audit_events where entity_id = ${rfpId} and action = 'award-pack.downloaded'`.execute(t.db)).rows;

describe(`award pack (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("repeats the newest snapshot's ranking exactly, names it, and audits the download", async () => {
    const [latest] = await listSnapshots(t.db, rfpId, buyer);
    const engine = JSON.parse((await getSnapshot(t.db, rfpId, latest!.id, buyer)).resultJson) as RoundEvaluation;
    const before = (await packAudits()).length;
    const pack = await loadAwardPack(t.db, rfpId, buyer, "workbook");
    expect(pack.snapshot.id).toBe(latest!.id);
    expect(pack.snapshot.inputHash).toBe(latest!.inputHash);
    const ranked = pack.bundles.filter((b) => b.rank !== null);
    expect(ranked.map((b) => [b.vendorId, b.slotId, b.rank, b.total])).toEqual(engine.ranking.map((r) => [r.vendorId, r.slotId, r.rank, r.total]));
    expect(pack.opening?.rows.length).toBeGreaterThan(0);
    expect(pack.declarations.length).toBeGreaterThan(0);
    const audits = await packAudits();
    expect(audits.length).toBe(before + 1);
    expect(JSON.stringify(audits.at(-1)!.data)).toContain(latest!.inputHash);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await buildAwardWorkbook(pack)) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet(SHEETS.ranking)!;
    engine.ranking.forEach((r, i) => expect((sheet.getRow(2 + i).getCell(6).value as ExcelJS.CellFormulaValue).result).toBe(r.total));
    const validate = ocdsPackageValidator();
    expect(validate(buildOcdsReleasePackage(pack))).toBe(true);
    // No confidential figure anywhere in the pack's data.
    expect(JSON.stringify(pack)).not.toMatch(/reservationPrice|batna/i);
  });

  it("lets a panel evaluator without a conflict export it, and refuses vendors, the opening's absence and a conflicted evaluator", async () => {
    expect((await loadAwardPack(t.db, rfpId, evaluator, "report")).snapshot.inputHash).toMatch(/^[0-9a-f]{64}$/);
    const vendor = await actor(t, "vendor1@demo.pareto");
    expect((await domainError(loadAwardPack(t.db, rfpId, vendor, "zip"))).code).toBe("not_found");
    const waiting = await idOf("RIV-2026-019");
    const refused = await domainError(loadAwardPack(t.db, waiting, buyer, "zip"));
    expect([refused.code, refused.message]).toEqual(["forbidden", PACK_NOT_OPENED]);
    expect(await getPackOverview(t.db, waiting, buyer)).toEqual({ kind: "unavailable", reason: PACK_NOT_OPENED });

    const evaluator2 = await actor(t, "evaluator2@demo.pareto");
    const bidder = (await assembleAwardPack(t.db, rfpId)).bundles[0]!.vendorId;
    await sql`insert into conflict_declarations (rfp_id, user_id, vendor_organisation_id, has_conflict, note, change_reason) values (${rfpId}, ${evaluator2.id}, ${bidder}, true, 'former employer', 'remembered late')`.execute(t.db);
    const conflicted = await domainError(loadAwardPack(t.db, rfpId, evaluator2, "zip"));
    expect([conflicted.code, conflicted.message]).toEqual(["forbidden", PACK_CONFLICTED]);
  });

  it("after an approved award, carries the award and every losing bidder's debrief; a vendor reads only its own", async () => {
    // The late conflict declaration above changed which scores count: the chair runs the evaluation
    // again before the award (an approval on a run the consensus has moved from is refused, decision 020).
    await runEvaluation(t.db, rfpId, buyer);
    const top = (await assembleAwardPack(t.db, rfpId)).bundles[0]!;
    await proposeAward(t.db, rfpId, { bundle: `${top.vendorId}/${top.slotId}`, rationale: "Highest total of the round." }, buyer);
    await approveAward(t.db, rfpId, admin);
    const pack = await loadAwardPack(t.db, rfpId, buyer, "zip");
    expect(pack.award).toMatchObject({ vendorOrganisationId: top.vendorId, slotId: top.slotId, status: "standstill", snapshotId: pack.snapshot.id });
    const losers = new Set(pack.bundles.map((b) => b.vendorId).filter((v) => v !== top.vendorId));
    expect(new Set(pack.debriefs!.map((d) => d.vendorOrganisationId))).toEqual(losers);
    for (const d of pack.debriefs!) expect(JSON.stringify(d)).not.toContain(pack.bundles.find((b) => b.vendorId !== d.vendorOrganisationId && b.vendorId !== top.vendorId)?.vendorName ?? "\u0000");

    const chunks: Buffer[] = [];
    for await (const c of streamPackZip(pack)) chunks.push(c as Buffer);
    const zip = await JSZip.loadAsync(Buffer.concat(chunks));
    expect(Object.keys(zip.files).filter((n) => n.startsWith("debriefs/") && n.endsWith(".pdf")).length).toBe(losers.size);
    const release = (buildOcdsReleasePackage(pack) as { releases: { awards: { suppliers: { id: string }[] }[] }[] }).releases[0]!;
    expect(release.awards[0]!.suppliers[0]!.id).toBe(top.vendorId);

    const overview = await getPackOverview(t.db, rfpId, buyer);
    expect(overview.kind === "ready" && overview.debriefs.length).toBe(losers.size);
    // A losing vendor's own debrief; the winner has none.
    const loserOrg = [...losers][0]!;
    const loserUser = (await sql<{ email: string }>`select u.email from users u join memberships m on m.user_id = u.id where m.organisation_id = ${loserOrg} limit 1`.execute(t.db)).rows[0]!.email;
    const own = await getVendorDebrief(t.db, rfpId, await actor(t, loserUser));
    expect(own.vendorOrganisationId).toBe(loserOrg);
    const winnerUser = (await sql<{ email: string }>`select u.email from users u join memberships m on m.user_id = u.id where m.organisation_id = ${top.vendorId} limit 1`.execute(t.db)).rows[0]!.email;
    expect((await domainError(getVendorDebrief(t.db, rfpId, await actor(t, winnerUser)))).code).toBe("not_found");
  });

  it("on the RFP through a BAFO round, is built from the round-2 snapshot and carries the concession log", async () => {
    const bafo = await idOf("RIV-2026-017");
    const pack = await assembleAwardPack(t.db, bafo);
    expect(pack.snapshot.round).toBe(2);
    expect(pack.opening?.round).toBe(2);
    const lines = (pack.concessionLogs ?? []).flatMap((l) => l.lines);
    expect(lines.length).toBeGreaterThan(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await buildAwardWorkbook(pack)) as unknown as ExcelJS.Buffer);
    expect(workbook.getWorksheet(SHEETS.concessions)!.getRow(2).getCell(3).value).toBe(lines[0]!.item);
  });

  // The auditor's findings on the demo: RIV-2026-017 went through a BAFO round 2 with two of five
  // bidders shortlisted (award proposed on round 2); RIV-2026-012 is awarded, in standstill.
  interface Release {
    id: string;
    date: string;
    tag: string[];
    parties: { roles: string[] }[];
    tender: { numberOfTenderers: number; procurementMethod: string };
    bids: { statistics: { measure: string; value: number }[]; details?: { id: string; status: string; value: { amount: number } }[] };
    awards?: { status: string; value?: unknown; relatedBids?: string[] }[];
  }
  const releaseOf = (pack: Parameters<typeof buildOcdsReleasePackage>[0]) => (buildOcdsReleasePackage(pack) as unknown as { releases: Release[] }).releases[0]!;
  const stat = (r: Release, measure: string) => r.bids.statistics.find((x) => x.measure === measure)?.value;
  const emailOf = async (org: string) => (await sql<{ email: string }>`select u.email from users u join memberships m on m.user_id = u.id where m.organisation_id = ${org} order by u.email limit 1`.execute(t.db)).rows[0]!.email;

  it("after a BAFO round, counts every tenderer of any round, keeps the proposed award pending and withheld, and repeats its bytes", async () => {
    const bafo = await idOf("RIV-2026-017");
    const bidders = (await sql<{ id: string }>`select distinct vendor_organisation_id as id from bid_opening_register where rfp_id = ${bafo} and status in ('counted', 'hash-mismatch')`.execute(t.db)).rows;
    expect(bidders.length).toBe(5);
    const pack = await loadAwardPack(t.db, bafo, buyer, "ocds");
    expect(new Set(pack.bundles.map((b) => b.vendorId)).size).toBe(2);
    const release = releaseOf(pack);
    expect(ocdsPackageValidator()(buildOcdsReleasePackage(pack))).toBe(true);
    expect(release.tender.numberOfTenderers).toBe(5);
    expect(stat(release, "bidders")).toBe(5);
    expect(release.parties.filter((p) => p.roles.includes("tenderer")).length).toBe(5);
    expect(release.tender.procurementMethod).toBe("limited");
    // The proposed award: pending, and nothing of the withheld bids (no value, no bid reference).
    expect(release.tag).toEqual(["award"]);
    expect(release.bids.details).toBeUndefined();
    expect(release.awards![0]).toMatchObject({ status: "pending" });
    expect(release.awards![0]!.relatedBids).toBeUndefined();
    expect(release.awards![0]!.value).toBeUndefined();
    expect(release.date).toBe(pack.award!.proposedAt);
    // Two downloads of the unchanged release: the same bytes.
    const again = await loadAwardPack(t.db, bafo, buyer, "ocds");
    expect(again.generatedAt).not.toBe(pack.generatedAt);
    expect(ocdsJson(again)).toBe(ocdsJson(pack));

    // Approved: every losing bidder's debrief in the pack, each the one the vendor reads in the portal.
    await approveAward(t.db, bafo, admin);
    const approved = await loadAwardPack(t.db, bafo, buyer, "zip");
    const after = releaseOf(approved);
    expect(after.id).not.toBe(release.id);
    expect(after.date).toBe(approved.award!.approvedAt);
    expect(after.awards![0]!.status).toBe("pending");
    expect(after.bids.details!.map((b) => b.id)).toContain(after.awards![0]!.relatedBids![0]);
    const losers = bidders.map((b) => b.id).filter((id) => id !== approved.award!.vendorOrganisationId);
    expect(new Set(approved.debriefs!.map((d) => d.vendorOrganisationId))).toEqual(new Set(losers));
    const notShortlisted = approved.debriefs!.filter((d) => !approved.bundles.some((b) => b.vendorId === d.vendorOrganisationId));
    expect(notShortlisted.length).toBe(3);
    expect(notShortlisted.every((d) => d.round === 1)).toBe(true);
    for (const d of approved.debriefs!) {
      expect(d).toEqual(await readDebrief(t.db, bafo, d.vendorOrganisationId));
      expect(d).toEqual(await getVendorDebrief(t.db, bafo, await actor(t, await emailOf(d.vendorOrganisationId))));
    }
    const chunks: Buffer[] = [];
    for await (const c of streamPackZip(approved)) chunks.push(c as Buffer);
    const zip = await JSZip.loadAsync(Buffer.concat(chunks));
    expect(Object.keys(zip.files).filter((n) => n.startsWith("debriefs/") && n.endsWith(".pdf")).length).toBe(4);
    const overview = await getPackOverview(t.db, bafo, buyer);
    expect(overview.kind === "ready" && new Set(overview.debriefs.map((d) => d.vendorId))).toEqual(new Set(losers));
  });

  it("exports a snapshot that is not the award's without the award, naming the award's snapshot", async () => {
    const bafo = await idOf("RIV-2026-017");
    const round1 = (await listSnapshots(t.db, bafo, buyer)).find((s) => s.round === 1)!;
    const pack = await assembleAwardPack(t.db, bafo, round1.id);
    expect(pack.snapshot.round).toBe(1);
    expect(pack.award).toBeNull();
    expect(pack.debriefs).toBeNull();
    expect(pack.awardElsewhere).toMatchObject({ round: 2 });
    expect(pack.awardElsewhere!.snapshotId).not.toBe(round1.id);
    const release = releaseOf(pack);
    expect(release.tag).toEqual(["tender"]);
    expect(release.awards).toBeUndefined();
    expect(release.tender.numberOfTenderers).toBe(5);
  });

  it("on the awarded RFP, publishes the award as pending and the highest valid bid among its bids", async () => {
    const awarded = await idOf("RIV-2026-012");
    const pack = await loadAwardPack(t.db, awarded, buyer, "ocds");
    expect(pack.award?.status).toBe("standstill");
    const release = releaseOf(pack);
    expect(release.awards![0]!.status).toBe("pending");
    const valid = release.bids.details!.filter((b) => b.status === "valid").map((b) => b.value.amount);
    expect(valid.length).toBeGreaterThan(pack.tenderers.length);
    expect(stat(release, "highestValidBidValue")).toBe(Math.max(...valid));
    expect(stat(release, "lowestValidBidValue")).toBe(Math.min(...valid));
    expect(ocdsJson(await loadAwardPack(t.db, awarded, buyer, "ocds"))).toBe(ocdsJson(pack));
    expect(ocdsPackageValidator()(buildOcdsReleasePackage(pack))).toBe(true);
  });

  it("refuses a snapshot whose stored input no longer matches its hash, naming it", async () => {
    const [latest] = await listSnapshots(t.db, rfpId, buyer);
    // Snapshots are immutable by trigger; tampering below the application (a restore, a DBA) is what this simulates.
    await sql`alter table evaluation_snapshots disable trigger user`.execute(t.db);
    await sql`update evaluation_snapshots set input_json = input_json || ' ' where id = ${latest!.id}`.execute(t.db);
    await sql`alter table evaluation_snapshots enable trigger user`.execute(t.db);
    const refused = await domainError(loadAwardPack(t.db, rfpId, buyer, "workbook"));
    expect(refused.code).toBe("conflict");
    expect(refused.message).toContain(latest!.id);
    expect(refused.message).toContain(latest!.inputHash);
  });
});
