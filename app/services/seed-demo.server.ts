// Demo data from the playbook's field-services example: a city department buying field
// services, and three vendors. Every demo password is `pareto-demo`.
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { findAccount, findOrganisationByName, findUserByEmail, insertMembership, insertOrganisation, insertUser } from "../../db/queries/accounts";
import { findRfpByReference, findRfp } from "../../db/queries/rfps";
import { appendAuditEvent } from "../../db/queries/audit";
import { saveConfidentialSchema, saveBasicsSchema, saveTimelineSchema } from "../domain/rfp/sections";
import { seedDemoBids } from "./bids/seed-bids.server";
import { hashPassword } from "./passwords.server";
import { acceptInvitation, createRfp, inviteVendors, publishRfp, saveRfpBasics, saveRfpConfidential, saveRfpTimeline, type RfpActor } from "./rfps/index.server";

export const DEMO_PASSWORD = "pareto-demo";

export const DEMO_ORGANISATIONS = [
  {
    name: "City of Riverton — Public Works Department",
    kind: "buyer" as const,
    users: [
      { email: "buyer@demo.pareto", name: "Dana Okafor", role: "buyer" as Role },
      { email: "evaluator@demo.pareto", name: "Sam Lindqvist", role: "evaluator" as Role },
      { email: "admin@demo.pareto", name: "Priya Raman", role: "admin" as Role },
    ],
  },
  { name: "Northfield Field Services Ltd", kind: "vendor" as const, users: [{ email: "vendor1@demo.pareto", name: "Alex Moreau", role: "vendor" as Role }] },
  { name: "Civic Crew Co-operative", kind: "vendor" as const, users: [{ email: "vendor2@demo.pareto", name: "Jordan Baptiste", role: "vendor" as Role }] },
  { name: "Atlas Maintenance Group", kind: "vendor" as const, users: [{ email: "vendor3@demo.pareto", name: "Kim Tanaka", role: "vendor" as Role }] },
];

export const DEMO_ACCOUNTS = DEMO_ORGANISATIONS.flatMap((o) => o.users.map((u) => ({ email: u.email, role: u.role })));

/** Creates whatever of the demo data is missing; running it twice changes nothing. */
export async function seedDemo(db: Kysely<Database>): Promise<{ createdUsers: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const result = await db.transaction().execute(async (trx) => {
    let createdUsers = 0;
    for (const org of DEMO_ORGANISATIONS) {
      const organisation = (await findOrganisationByName(trx, org.name)) ?? (await insertOrganisation(trx, { name: org.name, kind: org.kind }));
      for (const person of org.users) {
        if (await findUserByEmail(trx, person.email)) continue;
        const user = await insertUser(trx, { email: person.email, name: person.name, password_hash: passwordHash });
        await insertMembership(trx, { user_id: user.id, organisation_id: organisation.id, role: person.role });
        createdUsers += 1;
      }
    }
    if (createdUsers > 0) {
      await appendAuditEvent(trx, { actorUserId: null, action: "demo.seeded", entityType: "system", data: { createdUsers } });
    }
    return { createdUsers };
  });
  await seedDemoRfps(db);
  return result;
}

export const DEMO_RFP_REFERENCES = { fieldServices: "RIV-2026-017", saas: "RIV-2026-021" } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

async function demoActor(db: Kysely<Database>, email: string): Promise<RfpActor> {
  const user = (await findUserByEmail(db, email))!;
  const account = (await findAccount(db, user.id))!;
  return { ...account, ip: null };
}

/**
 * The playbook's field-services RFP, published to the three demo vendors (who have accepted),
 * each with a submitted MESO bid, and a SaaS draft. Through the services, so the demo has the same audit trail and outbox
 * as real use; skipped when an RFP with the reference is already there.
 */
async function seedDemoRfps(db: Kysely<Database>): Promise<void> {
  const buyer = await demoActor(db, "buyer@demo.pareto");
  if (!(await findRfpByReference(db, buyer.organisation.id, DEMO_RFP_REFERENCES.fieldServices))) {
    const { id, version } = await createRfp(db, { template: "field-services", title: "Field technicians for parks and street maintenance (City of Riverton)" }, buyer);
    const row = (await findRfp(db, id))!;
    let v = (await saveRfpBasics(db, id, saveBasicsSchema.parse({ expectedVersion: version, title: row.title, reference: DEMO_RFP_REFERENCES.fieldServices, summary: row.summary, scope: row.scope, category: row.category, currency: row.currency, horizonMonths: row.horizon_months }), buyer)).version;
    const now = Date.now();
    v = (await saveRfpTimeline(db, id, saveTimelineSchema.parse({ expectedVersion: v, questionsCloseAt: new Date(now + 20 * DAY_MS), bidsCloseAt: new Date(now + 30 * DAY_MS), bidValidityDays: 120 }), buyer)).version;
    v = (
      await saveRfpConfidential(
        db,
        id,
        saveConfidentialSchema.parse({
          expectedVersion: v,
          reservationPriceMinor: 490_000_000,
          batna: { label: "Keep the in-house crews (current cost)", values: { monthlyFee: 13_500_000, mobilisationFee: 0, termMonths: 36, rolloutWeeks: 0, responseHours: 12, localHiringPct: 100, scheduling: "fixed", staffingPlan: "current crews" }, judgedScores: { reliability: 5 } },
          notes: "Council budget line 4.2; in-house crews cost EUR 135,000 a month.",
        }),
        buyer,
      )
    ).version;
    const vendorEmails = DEMO_ORGANISATIONS.filter((o) => o.kind === "vendor").flatMap((o) => o.users.map((u) => u.email));
    await inviteVendors(db, id, { emails: vendorEmails }, buyer);
    const { invitationsSent } = await publishRfp(db, id, { expectedVersion: v }, buyer);
    for (const invitation of invitationsSent) await acceptInvitation(db, invitation.token, await demoActor(db, invitation.email));
  }
  const fieldServices = await findRfpByReference(db, buyer.organisation.id, DEMO_RFP_REFERENCES.fieldServices);
  if (fieldServices) await seedDemoBids(db, fieldServices.id, (email) => demoActor(db, email));
  if (!(await findRfpByReference(db, buyer.organisation.id, DEMO_RFP_REFERENCES.saas))) {
    const { id, version } = await createRfp(db, { template: "saas" }, buyer);
    const row = (await findRfp(db, id))!;
    await saveRfpBasics(db, id, saveBasicsSchema.parse({ expectedVersion: version, title: row.title, reference: DEMO_RFP_REFERENCES.saas, summary: row.summary, scope: row.scope, category: row.category, currency: row.currency, horizonMonths: row.horizon_months }), buyer);
  }
}
