// Reading the audit trail for an organisation's admin: only the events that belong to that
// organisation (the chain mechanics stay in audit.ts). An event belongs to an organisation
// when its actor is a member, or its subject is one of the organisation's RFPs (or their
// bids, audited with the RFP's id), one of its users, or the organisation itself.
import { sql, type RawBuilder } from "kysely";
import type { Executor } from "./executor";

function belongsToOrganisation(organisationId: string): RawBuilder<boolean> {
  return sql<boolean>`(
    audit_events.actor_user_id in (select m.user_id from memberships m where m.organisation_id = ${organisationId})
    or (audit_events.entity_type in ('rfp', 'bid')
        and audit_events.entity_id in (select r.id::text from rfps r where r.buyer_organisation_id = ${organisationId}))
    or (audit_events.entity_type = 'user'
        and audit_events.entity_id in (select m.user_id::text from memberships m where m.organisation_id = ${organisationId}))
    or (audit_events.entity_type = 'organisation' and audit_events.entity_id = ${organisationId})
  )`;
}

export interface AuditViewOptions {
  organisationId: string;
  limit: number;
  beforeId?: number;
  /** Filters: the actor's email, an action (a trailing "." matches every action under it), one RFP. */
  actorEmail?: string;
  action?: string;
  rfpId?: string;
}

/** One page of the organisation's events, newest first. */
export async function listOrganisationAuditEvents(db: Executor, options: AuditViewOptions) {
  let query = db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select([
      "audit_events.id",
      "audit_events.occurred_at",
      "audit_events.action",
      "audit_events.entity_type",
      "audit_events.entity_id",
      "audit_events.actor_ip",
      // As stored: the reader works out what it shows once per text (events never change).
      sql<string>`audit_events.data::text`.as("data_text"),
      "audit_events.hash",
      "users.email as actor_email",
    ])
    .where(belongsToOrganisation(options.organisationId))
    .orderBy("audit_events.id", "desc")
    .limit(options.limit);
  if (options.beforeId !== undefined) query = query.where("audit_events.id", "<", options.beforeId);
  if (options.actorEmail !== undefined) query = query.where("users.email", "=", options.actorEmail);
  if (options.action !== undefined) {
    const action = options.action;
    query = action.endsWith(".") ? query.where("audit_events.action", "like", `${action.replace(/[%_\\]/g, "\\$&")}%`) : query.where("audit_events.action", "=", action);
  }
  if (options.rfpId !== undefined) query = query.where("audit_events.entity_type", "in", ["rfp", "bid"]).where("audit_events.entity_id", "=", options.rfpId);
  return query.execute();
}

/**
 * The organisation's newest audit event (its time and action), for the admin's dashboard: read
 * from the newest event back until the first of the organisation's, not a count over the whole
 * trail (which grows with every audited read and made the dashboard slower with every view of a bid).
 */
/** The organisation's newest audit event, read in the dashboard's one statement (overview.ts). */
export function latestAuditEvent(db: Executor, organisationId: string) {
  return db.selectFrom("audit_events").select(["audit_events.occurred_at", "audit_events.action"]).where(belongsToOrganisation(organisationId)).orderBy("audit_events.id", "desc").limit(1);
}

/**
 * The names behind ids an audit page shows, as far as the organisation may read them: itself and
 * the vendors taking part in its RFPs (organisations), and its own people (users). Other ids stay
 * ids. The events hold ids; names are looked up when the page is read, so a renamed vendor shows
 * its name of today (the record itself is unchanged).
 */
export async function auditNamesOf(db: Executor, organisationId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const [organisations, users] = await Promise.all([
    db
      .selectFrom("organisations")
      .select(["id", "name"])
      .where("id", "in", ids)
      .where((eb) =>
        eb.or([
          eb("id", "=", organisationId),
          eb("id", "in", eb.selectFrom("rfp_participants").innerJoin("rfps", "rfps.id", "rfp_participants.rfp_id").select("rfp_participants.vendor_organisation_id").where("rfps.buyer_organisation_id", "=", organisationId)),
          eb("id", "in", eb.selectFrom("bids").innerJoin("rfps", "rfps.id", "bids.rfp_id").select("bids.vendor_organisation_id").where("rfps.buyer_organisation_id", "=", organisationId)),
        ]),
      )
      .execute(),
    db
      .selectFrom("users")
      .select(["id", "name"])
      .where("id", "in", ids)
      .where("id", "in", (eb) => eb.selectFrom("memberships").select("user_id").where("organisation_id", "=", organisationId))
      .execute(),
  ]);
  for (const row of [...organisations, ...users]) names.set(row.id, row.name);
  return names;
}
