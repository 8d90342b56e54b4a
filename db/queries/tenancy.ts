// Queries that answer "within which organisation": an admin's users, the organisations a
// platform operator manages (names and counts only), and whether an email is a member's.
import { sql } from "kysely";
import { PREPARED } from "../client";
import type { Executor } from "./executor";

/** The users of one organisation with their roles: what its admin manages. */
export async function listOrganisationUsers(db: Executor, organisationId: string) {
  return db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
    .select(["users.id", "users.email", "users.name", "users.created_at", "memberships.role", "organisations.name as organisation_name", "organisations.kind as organisation_kind"])
    .where("memberships.organisation_id", "=", organisationId)
    .orderBy("users.email")
    .orderBy("memberships.role")
    .modifyFront(sql.raw(PREPARED))
    .execute();
}

/**
 * Every organisation with how many users and RFPs it has: what a platform operator sees.
 * Never an RFP's title, definition, bids or confidential position.
 */
export async function listOrganisationsWithCounts(db: Executor) {
  const rows = await db
    .selectFrom("organisations")
    .select((eb) => [
      "organisations.id",
      "organisations.name",
      "organisations.kind",
      "organisations.created_at",
      eb.selectFrom("memberships").select(sql<number>`count(distinct user_id)::int`.as("n")).whereRef("memberships.organisation_id", "=", "organisations.id").as("users"),
      eb.selectFrom("rfps").select(sql<number>`count(*)::int`.as("n")).whereRef("rfps.buyer_organisation_id", "=", "organisations.id").as("rfps"),
    ])
    .orderBy("organisations.kind")
    .orderBy("organisations.name")
    .execute();
  return rows.map((r) => ({ ...r, users: Number(r.users ?? 0), rfps: Number(r.rfps ?? 0) }));
}

/** Whether the email is the login of a user of the organisation (invitations accepted by a colleague). */
export async function isEmailOfOrganisationMember(db: Executor, email: string, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .select("users.id")
    .where("users.email", "=", email.trim().toLowerCase())
    .where("memberships.organisation_id", "=", organisationId)
    .executeTakeFirst();
  return row !== undefined;
}

/** An invitation by its token hash, without a lock, with what its page says about the RFP. */
export async function findInvitationForPage(db: Executor, tokenHash: string) {
  return db
    .selectFrom("rfp_invitations")
    .innerJoin("rfps", "rfps.id", "rfp_invitations.rfp_id")
    .innerJoin("organisations", "organisations.id", "rfps.buyer_organisation_id")
    .select(["rfp_invitations.id", "rfp_invitations.rfp_id", "rfp_invitations.email", "rfp_invitations.accepted_at", "rfp_invitations.vendor_organisation_id", "rfps.title", "rfps.reference", "organisations.name as buyer_name"])
    .where("rfp_invitations.token_hash", "=", tokenHash)
    .executeTakeFirst();
}
