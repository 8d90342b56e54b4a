// What an admin and a dashboard read: accounts, organisations, the audit trail with its
// verification, and the counts beside them. Routes ask here rather than query the tables.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listOrganisations, listUsersWithRoles } from "../../db/queries/accounts";
import { listAuditEvents, verifyAuditChain } from "../../db/queries/audit";
import { adminOverview, colleaguesOf } from "../../db/queries/overview";
import { hasPermission } from "../domain/permissions";
import type { Account } from "./sign-in.server";

export const AUDIT_PAGE_SIZE = 50;

/** Every account with its role and organisation, and the buyer organisations a new one can join. */
export async function listAccountsForAdmin(db: Kysely<Database>) {
  const [users, organisations] = await Promise.all([listUsersWithRoles(db), listOrganisations(db, "buyer")]);
  return { users, organisations: organisations.map((o) => ({ id: o.id, name: o.name })) };
}

/** One page of the audit trail, newest first, with the verification of the whole chain. */
export async function readAuditTrail(db: Kysely<Database>, beforeId?: number) {
  const [events, verification] = await Promise.all([listAuditEvents(db, { limit: AUDIT_PAGE_SIZE, beforeId }), verifyAuditChain(db)]);
  return { events, verification, nextBefore: events.length === AUDIT_PAGE_SIZE ? events[events.length - 1]!.id : null };
}

/** The people of the account's organisation, and for admins the portal's counts. */
export async function organisationOverview(db: Kysely<Database>, account: Account) {
  const [colleagues, overview] = await Promise.all([
    colleaguesOf(db, account.organisation.id),
    hasPermission(account.roles, "manage:user:any") ? adminOverview(db) : Promise.resolve(null),
  ]);
  return { colleagues, overview };
}
