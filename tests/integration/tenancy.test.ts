// Tenancy (issue #10, items 3, 4 and 10), through the services on the real database: a second
// buyer organisation, "Other City", with its admin and buyer, and a platform operator. Every
// admin service called across organisations is refused; confidential figures never reach the
// audit trail; invitations are accepted only by the invited address or its organisation; the
// mailbox shows each person only their own mail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOrganisationByName, insertMembership, insertOrganisation, insertUser } from "../../db/queries/accounts";
import { createHash } from "node:crypto";
import { canonicalJson, verifyAuditChain } from "../../db/queries/audit";
import { createUserSchema } from "~/domain/accounts";
import { readableAuditData } from "~/domain/audit-view";
import { saveConfidentialSchema } from "~/domain/rfp/sections";
import { createBuyerSideUser } from "~/services/accounts.server";
import {
  createUserInOwnOrganisation,
  listAccountsForAdmin,
  listOrganisationsForOperator,
  organisationOverview,
  readAuditTrail,
} from "~/services/administration.server";
import { confirmOpening, getOpeningRegister } from "~/services/evaluation/opening.server";
import { readMailbox } from "~/services/notifications.server";
import { createPlatformOperator } from "~/services/operators.server";
import { hashPassword } from "~/services/passwords.server";
import { acceptInvitation, getRfpForBuyer, getRfpForVendor, inviteVendors, publishRfp, readInvitation, saveRfpConfidential, type RfpActor } from "~/services/rfps/index.server";
import { DEMO_PASSWORD, seedDemo } from "~/services/seed-demo.server";
import { auditNamesOf } from "../../db/queries/audit-view";
import { countingStatements, createTestDatabase, type TestDatabase } from "../support/database";
import { actor, domainError, invitationTokenIn, readyDraft } from "../support/rfp";

const RIVERTON = "City of Riverton — Public Works Department";
const RESERVATION = 731_246_589;
const BATNA_LABEL = "Keep the Zanzibar depot crews";
const NOTES = "Treasurer's ceiling: do not reveal the Quokka line";

let t: TestDatabase;
let rivertonAdmin: RfpActor, rivertonBuyer: RfpActor, otherAdmin: RfpActor, otherBuyer: RfpActor, operator: RfpActor;
let northfield: RfpActor, civic: RfpActor, northfieldColleague: RfpActor;
let rivertonId: string, otherCityId: string, civicId: string;
let rivertonRfpIds: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  rivertonId = (await findOrganisationByName(t.db, RIVERTON))!.id;
  civicId = (await findOrganisationByName(t.db, "Civic Crew Co-operative"))!.id;
  otherCityId = (await insertOrganisation(t.db, { name: "Other City", kind: "buyer" })).id;
  const cli = { userId: null, ip: "cli" };
  await createBuyerSideUser(t.db, createUserSchema.parse({ name: "Olga Admin", email: "admin@other.example", password: "other-admin-password", role: "admin", organisationId: otherCityId }), cli);
  await createBuyerSideUser(t.db, createUserSchema.parse({ name: "Oscar Buyer", email: "buyer@other.example", password: "other-buyer-password", role: "buyer", organisationId: otherCityId }), cli);
  await createPlatformOperator(t.db, { name: "Pat Operator", email: "operator@pareto.example", password: "operator-password" });
  // A second Northfield user, for the colleague rule of invitations.
  const northfieldOrg = (await findOrganisationByName(t.db, "Northfield Field Services Ltd"))!;
  const colleague = await insertUser(t.db, { email: "colleague@northfield.example", name: "Nora Colleague", password_hash: await hashPassword(DEMO_PASSWORD) });
  await insertMembership(t.db, { user_id: colleague.id, organisation_id: northfieldOrg.id, role: "vendor" });

  rivertonAdmin = await actor(t, "admin@demo.pareto");
  rivertonBuyer = await actor(t, "buyer@demo.pareto");
  otherAdmin = await actor(t, "admin@other.example");
  otherBuyer = await actor(t, "buyer@other.example");
  operator = await actor(t, "operator@pareto.example");
  northfield = await actor(t, "vendor1@demo.pareto");
  civic = await actor(t, "vendor2@demo.pareto");
  northfieldColleague = await actor(t, "colleague@northfield.example");
  rivertonRfpIds = (await t.db.selectFrom("rfps").select("id").where("buyer_organisation_id", "=", rivertonId).execute()).map((r) => r.id);
});
afterAll(async () => {
  await t?.close();
});

const newUser = (organisationId: string, email: string) => createUserSchema.parse({ name: "Mallory", email, password: "mallory-password", role: "buyer", organisationId });

describe(`admins act within their own organisation (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("lists only the admin's own organisation's users, and offers only that organisation", async () => {
    const other = await listAccountsForAdmin(t.db, otherAdmin);
    expect(other.users.map((u) => u.email).sort()).toEqual(["admin@other.example", "buyer@other.example"]);
    expect(other.organisations).toEqual([{ id: otherCityId, name: "Other City" }]);
    const riverton = await listAccountsForAdmin(t.db, rivertonAdmin);
    expect(riverton.users.map((u) => u.email)).toContain("buyer@demo.pareto");
    expect(riverton.users.map((u) => u.email)).not.toContain("admin@other.example");
    expect(riverton.users.every((u) => u.organisation_name === RIVERTON)).toBe(true);
  });

  it("refuses to create a user in another organisation (buyer or vendor) as not found, audits it, and creates nothing", async () => {
    const intoRiverton = await domainError(createUserInOwnOrganisation(t.db, newUser(rivertonId, "mallory@riverton.example"), otherAdmin));
    expect(intoRiverton.code).toBe("not_found");
    const intoCivic = await domainError(createUserInOwnOrganisation(t.db, newUser(civicId, "mallory@civic.example"), rivertonAdmin));
    expect(intoCivic.code).toBe("not_found");
    const users = await t.db.selectFrom("users").select("email").where("email", "in", ["mallory@riverton.example", "mallory@civic.example"]).execute();
    expect(users).toEqual([]);
    const refused = await t.db.selectFrom("audit_events").select(["actor_user_id", "entity_id"]).where("action", "=", "user.create-refused").orderBy("id").execute();
    expect(refused).toEqual([
      { actor_user_id: otherAdmin.id, entity_id: rivertonId },
      { actor_user_id: rivertonAdmin.id, entity_id: civicId },
    ]);
    // In its own organisation the same admin succeeds.
    await createUserInOwnOrganisation(t.db, newUser(otherCityId, "second@other.example"), otherAdmin);
    expect((await listAccountsForAdmin(t.db, otherAdmin)).users.map((u) => u.email)).toContain("second@other.example");
  });

  it("shows each admin only its organisation's audit events: its members' actions and what happened to its RFPs", async () => {
    const other = await readAuditTrail(t.db, otherAdmin, undefined, {}, { verify: true });
    expect(other.verification?.ok).toBe(true);
    // A plain page view does not read the whole chain.
    expect((await readAuditTrail(t.db, otherAdmin)).verification).toBeNull();
    expect(other.events.length).toBeGreaterThan(0);
    for (const e of other.events) {
      expect(rivertonRfpIds).not.toContain(e.entity_id);
      expect(e.actor_email ?? "").not.toMatch(/@demo\.pareto$/);
    }
    const riverton = await readAuditTrail(t.db, rivertonAdmin);
    expect(riverton.events.some((e) => e.entity_id !== null && rivertonRfpIds.includes(e.entity_id))).toBe(true);
    expect(riverton.events.some((e) => e.action === "user.created" && JSON.stringify(e.data).includes("second@other.example"))).toBe(false);
    // Each event's rows are the readable layout of its redacted data, worked out once and shared.
    for (const e of riverton.events) expect(e.view).toEqual(readableAuditData(e.data));
    const again = await readAuditTrail(t.db, rivertonAdmin);
    expect(again.events[0]!.view).toBe(riverton.events[0]!.view);
    // The dashboard's figures are the organisation's own: its users, and its newest audit event
    // (the newest of its trail, not Riverton's, although Riverton's events were written since).
    const overview = await organisationOverview(t.db, otherAdmin);
    expect(overview.overview).toMatchObject({ users: 3, latestAuditEvent: { action: other.events[0]!.action, occurredAt: other.events[0]!.occurred_at } });
    expect(overview.colleagues.map((c) => c.email)).not.toContain("buyer@demo.pareto");
    const rivertonOverview = await organisationOverview(t.db, rivertonAdmin);
    expect(rivertonOverview.overview?.latestAuditEvent).toEqual({ action: riverton.events[0]!.action, occurredAt: riverton.events[0]!.occurred_at });
    // People, openings to confirm, awards to approve and the newest event: one statement (issue 15).
    const counted = countingStatements(t.db);
    expect(await organisationOverview(counted.db, rivertonAdmin)).toEqual(rivertonOverview);
    expect(counted.statements()).toBe(1);
  });

  it("names the people and organisations the audit page shows by id, only those the admin's organisation deals with", async () => {
    const riverton = await readAuditTrail(t.db, rivertonAdmin, undefined, { action: "bid.submitted" });
    expect(riverton.events.length).toBeGreaterThan(0);
    // A bid's event names its vendor by id: the page shows the name (the record keeps the id).
    expect(riverton.names[civicId]).toBe("Civic Crew Co-operative");
    const panel = await readAuditTrail(t.db, rivertonAdmin, undefined, { action: "evaluation.panel-set" });
    expect(Object.values(panel.names)).toEqual(expect.arrayContaining(["Sam Lindqvist", "Noor Haddad"]));
    // Another organisation gets no names of Riverton's people or of vendors it has no RFP with.
    const strangers = await auditNamesOf(t.db, otherCityId, [civicId, rivertonId, rivertonBuyer.id, otherAdmin.id]);
    expect(Object.fromEntries(strangers)).toEqual({ [otherAdmin.id]: "Olga Admin" });
  });

  it("refuses every admin service to non-admins, vendors and the operator", async () => {
    for (const who of [otherBuyer, northfield, operator]) {
      expect((await domainError(listAccountsForAdmin(t.db, who))).code).toBe("forbidden");
      expect((await domainError(readAuditTrail(t.db, who))).code).toBe("forbidden");
      expect((await domainError(createUserInOwnOrganisation(t.db, newUser(who.organisation.id, `x-${who.email}`), who))).code).toBe("forbidden");
    }
  });

  it("answers 'not found' for another organisation's RFP, to its admin and its buyer", async () => {
    for (const rfpId of rivertonRfpIds) {
      for (const who of [otherAdmin, otherBuyer]) expect((await domainError(getRfpForBuyer(t.db, rfpId, who))).code).toBe("not_found");
      expect((await domainError(getOpeningRegister(t.db, rfpId, otherAdmin))).code).toMatch(/not_found|forbidden/);
      expect((await domainError(confirmOpening(t.db, rfpId, otherAdmin))).code).toMatch(/not_found|forbidden/);
    }
  });
});

describe("the platform operator", () => {
  it("lists every organisation with its counts, never an RFP's title or content", async () => {
    const organisations = await listOrganisationsForOperator(t.db, operator);
    expect(organisations.map((o) => o.name)).toEqual(expect.arrayContaining([RIVERTON, "Other City", "Civic Crew Co-operative", "Pareto platform"]));
    expect(organisations.find((o) => o.name === RIVERTON)!.rfps).toBe(rivertonRfpIds.length);
    expect(Object.keys(organisations[0]!).sort()).toEqual(["created_at", "id", "kind", "name", "rfps", "users"]);
  });

  it("is refused RFPs, and no one else may list organisations", async () => {
    expect((await domainError(getRfpForBuyer(t.db, rivertonRfpIds[0]!, operator))).code).toMatch(/not_found|forbidden/);
    for (const who of [rivertonAdmin, otherAdmin, rivertonBuyer, northfield]) expect((await domainError(listOrganisationsForOperator(t.db, who))).code).toBe("forbidden");
  });
});

describe("confidential figures in the audit trail", () => {
  it("stores a hash and the changed fields, never the reservation price, BATNA or notes", async () => {
    const draft = await readyDraft(t, rivertonBuyer, "field-services", "TEN-CONF");
    const batna = {
      label: BATNA_LABEL,
      values: { monthlyFee: 13_500_000, mobilisationFee: 0, termMonths: 36, rolloutWeeks: 0, responseHours: 12, localHiringPct: 100, scheduling: "fixed", staffingPlan: "current crews" },
      judgedScores: { reliability: 5 },
    };
    const input = saveConfidentialSchema.parse({ expectedVersion: draft.version, reservationPriceMinor: RESERVATION, notes: NOTES, batna });
    await saveRfpConfidential(t.db, draft.id, input, rivertonBuyer);
    const saved = await getRfpForBuyer(t.db, draft.id, rivertonBuyer);
    expect(saved.confidential).toMatchObject({ reservationPriceMinor: RESERVATION, notes: NOTES, batna: { label: BATNA_LABEL } });

    // In the order they were written (a table has no order of its own: unordered, PostgreSQL may return another RFP's save last).
    const rows = await t.db.selectFrom("audit_events").select(["action", "entity_id", "data"]).orderBy("id").execute();
    const everything = JSON.stringify(rows);
    for (const secret of [String(RESERVATION), BATNA_LABEL, NOTES]) expect(everything).not.toContain(secret);
    const row = rows.filter((r) => r.action === "rfp.confidential-saved" && r.entity_id === draft.id).at(-1)!;
    expect(row.data).toMatchObject({ section: "confidential", changed: ["reservationPriceMinor", "batna", "notes"], salted: true, afterSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The hash is salted with the RFP's own salt, kept beside the figures: whoever reads the trail
    // cannot find the position by hashing candidates, the buyer's side can still prove it.
    const { audit_salt: salt } = await t.db.selectFrom("rfp_confidential").select("audit_salt").where("rfp_id", "=", draft.id).executeTakeFirstOrThrow();
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    const position = canonicalJson({ reservationPriceMinor: RESERVATION, batna: saved.confidential!.batna, notes: NOTES });
    const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
    expect(row.data.afterSha256).toBe(sha256(`${salt}:${position}`));
    expect(row.data.afterSha256).not.toBe(sha256(position));
    expect(everything).not.toContain(salt);

    const page = JSON.stringify(await readAuditTrail(t.db, rivertonAdmin));
    for (const secret of [String(RESERVATION), BATNA_LABEL, NOTES]) expect(page).not.toContain(secret);
    expect(page).toContain("rfp.confidential-saved");
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("withholds the figures of rows written before hashing when an admin reads them", async () => {
    const { appendAuditEvent } = await import("../../db/queries/audit");
    await appendAuditEvent(t.db, {
      actorUserId: rivertonBuyer.id,
      action: "rfp.confidential-saved",
      entityType: "rfp",
      entityId: rivertonRfpIds[0]!,
      data: { section: "confidential", before: { reservationPriceMinor: null, batna: null, notes: "" }, after: { reservationPriceMinor: 55_443_322, batna: { label: "Legacy BATNA label" }, notes: "Legacy notes text" } },
    });
    const page = JSON.stringify(await readAuditTrail(t.db, rivertonAdmin));
    for (const secret of ["55443322", "Legacy BATNA label", "Legacy notes text"]) expect(page).not.toContain(secret);
  });
});

describe("invitations and the mailbox", () => {
  let rfpId: string;
  beforeAll(async () => {
    const draft = await readyDraft(t, rivertonBuyer, "field-services", "TEN-INV");
    await inviteVendors(t.db, draft.id, { emails: ["vendor1@demo.pareto", "newcomer@example.org"] }, rivertonBuyer);
    await publishRfp(t.db, draft.id, { expectedVersion: draft.version }, rivertonBuyer);
    rfpId = draft.id;
  });

  it("refuses another organisation's vendor who holds the link, and audits the refusal", async () => {
    const token = await invitationTokenIn(t, "vendor1@demo.pareto");
    expect((await domainError(readInvitation(t.db, token, civic))).code).toBe("forbidden");
    expect((await domainError(acceptInvitation(t.db, token, civic))).code).toBe("forbidden");
    expect((await domainError(getRfpForVendor(t.db, rfpId, civic))).code).toBe("not_found");
    const refused = await t.db.selectFrom("audit_events").select(["actor_user_id", "entity_id"]).where("action", "=", "rfp.invitation-refused").execute();
    expect(refused).toEqual([{ actor_user_id: civic.id, entity_id: rfpId }]);
  });

  it("lets a colleague of the invited address's account accept, and the invited account open it again", async () => {
    const token = await invitationTokenIn(t, "vendor1@demo.pareto");
    expect(await readInvitation(t.db, token, northfieldColleague)).toMatchObject({ rfpId, email: "vendor1@demo.pareto", accepted: false });
    await acceptInvitation(t.db, token, northfieldColleague);
    expect(await readInvitation(t.db, token, northfield)).toMatchObject({ accepted: true });
    await expect(acceptInvitation(t.db, token, northfield)).resolves.toEqual({ rfpId });
    expect((await getRfpForVendor(t.db, rfpId, northfield)).basics.reference).toBe("TEN-INV");
  });

  it("refuses an address with no account in the vendor's organisation (it must register with that address)", async () => {
    const token = await invitationTokenIn(t, "newcomer@example.org");
    expect((await domainError(acceptInvitation(t.db, token, civic))).code).toBe("forbidden");
  });

  it("shows each person only their own mail, admins included", async () => {
    const admin = await readMailbox(t.db, rivertonAdmin);
    expect(admin.messages.every((m) => m.to_email === "admin@demo.pareto")).toBe(true);
    const vendor = await readMailbox(t.db, civic);
    expect(vendor.messages.length).toBeGreaterThan(0);
    expect(vendor.messages.every((m) => m.to_email === "vendor2@demo.pareto")).toBe(true);
    expect(JSON.stringify(vendor)).not.toContain("newcomer@example.org");
  });
});
