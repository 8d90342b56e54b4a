// Demo data from the playbook's field-services example: a city department buying field
// services, and three vendors. Every demo password is `pareto-demo`.
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { findAccount, findOrganisationByName, findUserByEmail, insertMembership, insertOrganisation, insertUser } from "../../db/queries/accounts";
import { findRfpByReference, findRfp } from "../../db/queries/rfps";
import { closeBidsNow } from "../../db/queries/demo";
import { appendAuditEvent } from "../../db/queries/audit";
import { saveConfidentialSchema, saveBasicsSchema, saveTimelineSchema } from "../domain/rfp/sections";
import { seedDemoBids } from "./bids/seed-bids.server";
import { seedDemoEvaluation, seedDemoPanel } from "./evaluation/seed-evaluation.server";
import { DEMO_BAFO_REFERENCES, seedDemoBafo } from "./bafo/seed-bafo.server";
import { DEMO_AWARD_REFERENCES, seedDemoAwards } from "./awards/seed-awards.server";
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
      { email: "evaluator2@demo.pareto", name: "Noor Haddad", role: "evaluator" as Role },
      { email: "admin@demo.pareto", name: "Priya Raman", role: "admin" as Role },
    ],
  },
  { name: "Northfield Field Services Ltd", kind: "vendor" as const, users: [{ email: "vendor1@demo.pareto", name: "Alex Moreau", role: "vendor" as Role }] },
  { name: "Civic Crew Co-operative", kind: "vendor" as const, users: [{ email: "vendor2@demo.pareto", name: "Jordan Baptiste", role: "vendor" as Role }] },
  { name: "Atlas Maintenance Group", kind: "vendor" as const, users: [{ email: "vendor3@demo.pareto", name: "Kim Tanaka", role: "vendor" as Role }] },
  { name: "Greenway Grounds Ltd", kind: "vendor" as const, users: [{ email: "vendor4@demo.pareto", name: "Ola Nordmann", role: "vendor" as Role }] },
  { name: "Metro Facility Partners", kind: "vendor" as const, users: [{ email: "vendor5@demo.pareto", name: "Rui Costa", role: "vendor" as Role }] },
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

/**
 * The demo's RFPs, one per stage of the lifecycle, deadlines relative to the moment of seeding:
 * - fieldServices: the playbook's example, closed with five bids, opened by two people, scored
 *   by two evaluators; one spread is flagged and waits for the chair's moderation.
 * - treeCare: closed with three bids, waiting for its two-key opening (panel already named).
 * - saas: open for bids (the SaaS example), invitations accepted, no bids yet.
 * - streetFurniture: open for bids, three submitted MESO bids (the vendor journey's RFP).
 * - consultancy: a draft the buyer is still writing (professional-services template).
 */
export const DEMO_RFP_REFERENCES = { fieldServices: "RIV-2026-017", treeCare: "RIV-2026-019", saas: "RIV-2026-021", streetFurniture: "RIV-2026-024", consultancy: "RIV-2026-026" } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function demoActor(db: Kysely<Database>, email: string): Promise<RfpActor> {
  const user = (await findUserByEmail(db, email))!;
  const account = (await findAccount(db, user.id))!;
  return { ...account, ip: null };
}

const FIELD_SERVICES_BATNA = {
  reservationPriceMinor: 490_000_000,
  batna: { label: "Keep the in-house crews (current cost)", values: { monthlyFee: 13_500_000, mobilisationFee: 0, termMonths: 36, rolloutWeeks: 0, responseHours: 12, localHiringPct: 100, scheduling: "fixed", staffingPlan: "current crews" }, judgedScores: { reliability: 5 } },
  notes: "Council budget line 4.2; in-house crews cost EUR 135,000 a month.",
};
const SAAS_BATNA = {
  reservationPriceMinor: 60_000_000,
  batna: { label: "Extend the current case system for a year", values: { annualFee: 14_000_000, implementationFee: 0, termMonths: 12, supportTier: "basic", rolloutWeeks: 0, paymentDays: 30 }, judgedScores: { fit: 4 } },
  notes: "",
};

const ON_311 = "Citizen complaints reach the vendor through the city's 311 system and are resolved and closed there.";
/**
 * Each field-services demo RFP's own summary and scope (the template's are about parks, verges
 * and street furniture, which RIV-2026-017 keeps): a snow-clearance RFP that read "maintenance of
 * parks, verges and street furniture" was the first thing a new user noticed.
 */
const DEMO_SCOPES = new Map<string, { summary: string; scope: string }>([
  [
    DEMO_BAFO_REFERENCES.evaluated,
    {
      summary: "We seek lower costs without loss of quality for the grounds of the city's sports fields and cemeteries.",
      scope: `Mowing, line marking and pitch renovation of the city's 14 sports fields.\n\nGrounds care of its four cemeteries: grass, hedges, paths and seasonal planting.\n\n${ON_311}`,
    },
  ],
  [
    DEMO_BAFO_REFERENCES.bafoOpen,
    {
      summary: "We seek dependable winter service at a predictable cost for the city's priority routes.",
      scope: `Gritting and ploughing of priority roads, cycle routes and footways from November to March.\n\nCall-outs, around the clock, when the forecast or the duty officer calls for them.\n\n${ON_311}`,
    },
  ],
  [
    DEMO_RFP_REFERENCES.treeCare,
    {
      summary: "We seek safe, well-kept street and park trees and a fast response after storms.",
      scope: `Inspection, pruning and felling of street and park trees on the city's rolling programme.\n\nStorm response: fallen trees and hanging limbs made safe around the clock.\n\n${ON_311}`,
    },
  ],
  [
    DEMO_AWARD_REFERENCES.awarded,
    {
      summary: "We seek safe playgrounds: regular inspection and quick repairs of the city's 60 play areas.",
      scope: `Weekly visual and quarterly operational inspections of the city's 60 playgrounds (EN 1176).\n\nRepairs of equipment and surfacing; hazards made safe around the clock.\n\n${ON_311}`,
    },
  ],
  [
    DEMO_RFP_REFERENCES.streetFurniture,
    {
      summary: "We seek quick, durable repairs of the city's street furniture and signs.",
      scope: `Repair and replacement of benches, bins, bollards, railings and street name and traffic signs.\n\nDamaged signs and hazards made safe around the clock.\n\n${ON_311}`,
    },
  ],
]);

interface DemoRfp {
  reference: string;
  template: "field-services" | "saas";
  title?: string;
  vendors: readonly string[];
  confidential: typeof FIELD_SERVICES_BATNA | typeof SAAS_BATNA;
  bidsCloseInDays: number;
}

/** A published RFP through the services (same audit trail and outbox as real use); skipped when its reference exists. */
async function publishedDemoRfp(db: Kysely<Database>, buyer: RfpActor, spec: DemoRfp): Promise<{ id: string; created: boolean }> {
  const existing = await findRfpByReference(db, buyer.organisation.id, spec.reference);
  if (existing) return { id: existing.id, created: false };
  const { id, version } = await createRfp(db, { template: spec.template, ...(spec.title ? { title: spec.title } : {}) }, buyer);
  const row = (await findRfp(db, id))!;
  const words = DEMO_SCOPES.get(spec.reference) ?? { summary: row.summary, scope: row.scope };
  let v = (await saveRfpBasics(db, id, saveBasicsSchema.parse({ expectedVersion: version, title: row.title, reference: spec.reference, summary: words.summary, scope: words.scope, category: row.category, currency: row.currency, horizonMonths: row.horizon_months }), buyer)).version;
  const now = Date.now();
  v = (await saveRfpTimeline(db, id, saveTimelineSchema.parse({ expectedVersion: v, questionsCloseAt: new Date(now + (spec.bidsCloseInDays - 10) * DAY_MS), bidsCloseAt: new Date(now + spec.bidsCloseInDays * DAY_MS), bidValidityDays: 120 }), buyer)).version;
  v = (await saveRfpConfidential(db, id, saveConfidentialSchema.parse({ expectedVersion: v, ...spec.confidential }), buyer)).version;
  await inviteVendors(db, id, { emails: [...spec.vendors] }, buyer);
  const { invitationsSent } = await publishRfp(db, id, { expectedVersion: v }, buyer);
  for (const invitation of invitationsSent) await acceptInvitation(db, invitation.token, await demoActor(db, invitation.email));
  return { id, created: true };
}

const FIRST_THREE = ["vendor1@demo.pareto", "vendor2@demo.pareto", "vendor3@demo.pareto"] as const;
const ALL_FIVE = [...FIRST_THREE, "vendor4@demo.pareto", "vendor5@demo.pareto"] as const;

async function seedDemoRfps(db: Kysely<Database>): Promise<void> {
  const buyer = await demoActor(db, "buyer@demo.pareto");
  const actorOf = (email: string) => demoActor(db, email);

  // Evaluated: five bids, closed, opened with two keys, scored by two evaluators.
  const fieldServices = await publishedDemoRfp(db, buyer, {
    reference: DEMO_RFP_REFERENCES.fieldServices,
    template: "field-services",
    title: "Field technicians for parks and street maintenance (City of Riverton)",
    vendors: ALL_FIVE,
    confidential: FIELD_SERVICES_BATNA,
    bidsCloseInDays: 30,
  });
  if (fieldServices.created) {
    await seedDemoBids(db, fieldServices.id, actorOf, ALL_FIVE);
    await closeBidsNow(db, fieldServices.id);
    await seedDemoEvaluation(db, fieldServices.id, actorOf);
  }
  // RIV-2026-017's completed BAFO round 2, and RIV-2026-018 evaluated in round 1 (app/services/bafo/seed-bafo.server.ts).
  await seedDemoBafo(db, fieldServices.id, (spec) => publishedDemoRfp(db, buyer, { ...spec, template: "field-services", confidential: FIELD_SERVICES_BATNA, bidsCloseInDays: 30 }), actorOf);
  // The award proposed on RIV-2026-017 (awaiting approval), and RIV-2026-012 awarded, in standstill (app/services/awards/seed-awards.server.ts).
  await seedDemoAwards(db, fieldServices.id, (spec) => publishedDemoRfp(db, buyer, { ...spec, template: "field-services", confidential: FIELD_SERVICES_BATNA, bidsCloseInDays: 30 }), actorOf);

  // Closed, waiting for its two-key opening; the panel is named before the deadline.
  const treeCare = await publishedDemoRfp(db, buyer, {
    reference: DEMO_RFP_REFERENCES.treeCare,
    template: "field-services",
    title: "Tree care and storm response crews (City of Riverton)",
    vendors: FIRST_THREE,
    confidential: FIELD_SERVICES_BATNA,
    bidsCloseInDays: 30,
  });
  if (treeCare.created) {
    await seedDemoBids(db, treeCare.id, actorOf, FIRST_THREE);
    await seedDemoPanel(db, treeCare.id, actorOf);
    await closeBidsNow(db, treeCare.id);
  }

  // Open for bids: the SaaS example, and a field-services RFP with three submitted bids.
  await publishedDemoRfp(db, buyer, { reference: DEMO_RFP_REFERENCES.saas, template: "saas", vendors: FIRST_THREE, confidential: SAAS_BATNA, bidsCloseInDays: 28 });
  const streetFurniture = await publishedDemoRfp(db, buyer, {
    reference: DEMO_RFP_REFERENCES.streetFurniture,
    template: "field-services",
    title: "Street furniture and signage repairs (City of Riverton)",
    vendors: FIRST_THREE,
    confidential: FIELD_SERVICES_BATNA,
    bidsCloseInDays: 30,
  });
  if (streetFurniture.created) await seedDemoBids(db, streetFurniture.id, actorOf, FIRST_THREE);

  // A draft the buyer is still writing.
  if (!(await findRfpByReference(db, buyer.organisation.id, DEMO_RFP_REFERENCES.consultancy))) {
    const { id, version } = await createRfp(db, { template: "professional-services" }, buyer);
    const row = (await findRfp(db, id))!;
    await saveRfpBasics(db, id, saveBasicsSchema.parse({ expectedVersion: version, title: row.title, reference: DEMO_RFP_REFERENCES.consultancy, summary: row.summary, scope: row.scope, category: row.category, currency: row.currency, horizonMonths: row.horizon_months }), buyer);
  }
}
