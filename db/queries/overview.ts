// Counts for the dashboards.
import type { Executor } from "./executor";

export async function adminOverview(db: Executor) {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("organisations").select(eb.fn.countAll<number>().as("n")).where("kind", "=", "buyer").as("buyer_organisations"),
      eb.selectFrom("organisations").select(eb.fn.countAll<number>().as("n")).where("kind", "=", "vendor").as("vendor_organisations"),
      eb.selectFrom("users").select(eb.fn.countAll<number>().as("n")).as("users"),
      eb.selectFrom("audit_events").select(eb.fn.countAll<number>().as("n")).as("audit_events"),
    ])
    .executeTakeFirstOrThrow();
  return {
    buyerOrganisations: Number(row.buyer_organisations ?? 0),
    vendorOrganisations: Number(row.vendor_organisations ?? 0),
    users: Number(row.users ?? 0),
    auditEvents: Number(row.audit_events ?? 0),
  };
}

export async function colleaguesOf(db: Executor, organisationId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.name", "users.email", "memberships.role"])
    .where("memberships.organisation_id", "=", organisationId)
    .orderBy("memberships.role")
    .orderBy("users.name")
    .execute();
}
