// The dashboard's organisation part, in one statement: its people, and what waits for this
// person (openings to confirm, awards to approve, the audit trail's newest event for an admin).
import { sql } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import { builtOnce } from "../built-once";
import { PREPARED } from "../client";
import { latestAuditEvent } from "./audit-view";
import { awardsAwaitingApproval } from "./awards";
import { pendingOpenings } from "./bid-openings";
import type { Executor } from "./executor";
import { dateOf } from "./json-rows";

export type OrganisationDashboardValues = {
  organisationId: string;
  userId: string;
  /** Read the organisation's awards waiting for approval and its newest audit event (an administrator's). */
  isAdmin: boolean;
  /** Read the started openings that someone else started (whoever may confirm an opening). */
  mayConfirm: boolean;
};

/**
 * Four reads of the dashboard in one statement (each was a statement of its own, and every one
 * a signed-in person's dashboard pays): the parts a person's role does not read are switched off
 * by a value, so the statement's text never varies and it is built and prepared once.
 */
export async function readOrganisationDashboard(db: Executor, values: OrganisationDashboardValues) {
  const [row] = await organisationDashboard.rows(db, values);
  if (!row) throw new Error("The dashboard's statement returned no row");
  return {
    colleagues: row.colleagues,
    pendingOpenings: row.pending_openings.map((o) => ({ ...o, on_panel: Boolean(o.on_panel), started_at: dateOf(o.started_at) })),
    awaitingApproval: row.awaiting_approval.map((a) => ({ ...a, proposed_at: dateOf(a.proposed_at) })),
    latestAuditEvent: row.latest_audit_event ? { occurredAt: dateOf(row.latest_audit_event.occurred_at), action: row.latest_audit_event.action } : undefined,
  };
}

const organisationDashboard = builtOnce((db, v: OrganisationDashboardValues) =>
  db
    .selectNoFrom([
      jsonArrayFrom(
        db
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .select(["users.name", "users.email", "memberships.role"])
          .where("memberships.organisation_id", "=", v.organisationId)
          .orderBy("memberships.role")
          .orderBy("users.name"),
      ).as("colleagues"),
      jsonArrayFrom(pendingOpenings(db, v.organisationId, v.userId).where(sql<boolean>`${v.mayConfirm}::boolean`)).as("pending_openings"),
      jsonArrayFrom(awardsAwaitingApproval(db, v.organisationId).where(sql<boolean>`${v.isAdmin}::boolean`)).as("awaiting_approval"),
      jsonObjectFrom(latestAuditEvent(db, v.organisationId).where(sql<boolean>`${v.isAdmin}::boolean`)).as("latest_audit_event"),
    ])
    .modifyFront(sql.raw(PREPARED)),
);
