// Demo data from the playbook's field-services example: a city department buying field
// services, and three vendors. Every demo password is `pareto-demo`.
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { findOrganisationByName, findUserByEmail, insertMembership, insertOrganisation, insertUser } from "../../db/queries/accounts";
import { appendAuditEvent } from "../../db/queries/audit";
import { hashPassword } from "./passwords.server";

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
  return db.transaction().execute(async (trx) => {
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
}
