// What an admin, an operator and a dashboard read, scoped by tenancy: an organisation's admin
// manages the users and reads the audit trail of its own organisation only; the platform
// operator lists organisations (names and counts, never RFP contents). Routes ask here
// rather than query the tables; every function takes the actor and checks it.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { deepFreeze, KeptByText } from "../../db/kept-by-text";
import { findOrganisation } from "../../db/queries/accounts";
import { appendAuditEvent, verifyAuditChain } from "../../db/queries/audit";
import { auditNamesOf, listOrganisationAuditEvents } from "../../db/queries/audit-view";
import { readOrganisationDashboard } from "../../db/queries/overview";
import { listRfpsOfOrganisation } from "../../db/queries/rfps";
import { listOrganisationUsers, listOrganisationsWithCounts } from "../../db/queries/tenancy";
import type { CreateUserInput } from "../domain/accounts";
import { redactAuditData } from "../domain/audit-redaction";
import { idsInAuditView, isAuditId, readableAuditData, type AuditDataView, type AuditFilters } from "../domain/audit-view";
import { DomainError } from "../domain/errors";
import { hasPermission, type Permission, type Role } from "../domain/permissions";
import { createBuyerSideUser } from "./accounts.server";
import { openingsToConfirmOf } from "./evaluation/opening.server";
import type { Account } from "./sign-in.server";

export const AUDIT_PAGE_SIZE = 50;

/** The signed-in account and the address it acts from. */
export interface TenantActor {
  id: string;
  email: string;
  organisation: Account["organisation"];
  roles: readonly Role[];
  ip?: string | null;
}

const NOT_YOURS = "There is no such organisation among those you manage.";

/** An organisation admin acts for a buyer organisation, with the permission; anyone else is refused. */
function requireOrganisationAdmin(actor: TenantActor, permission: Permission): void {
  if (actor.organisation.kind !== "buyer" || !hasPermission(actor.roles, permission)) throw new DomainError("forbidden", "Only an organisation's administrators may do this.");
}

/** The users of the admin's own organisation, and that organisation as the only one a new account can join. */
export async function listAccountsForAdmin(db: Kysely<Database>, admin: TenantActor) {
  requireOrganisationAdmin(admin, "manage:user:own");
  const users = await listOrganisationUsers(db, admin.organisation.id);
  return { users, organisations: [{ id: admin.organisation.id, name: admin.organisation.name }] };
}

/**
 * Creates a buyer, evaluator or admin in the admin's own organisation. Another organisation's
 * id is answered "not found" (its existence unrevealed), and the refusal is audited.
 */
export async function createUserInOwnOrganisation(db: Kysely<Database>, input: CreateUserInput, admin: TenantActor) {
  requireOrganisationAdmin(admin, "manage:user:own");
  if (input.organisationId !== admin.organisation.id) {
    const target = await findOrganisation(db, input.organisationId);
    await appendAuditEvent(db, {
      actorUserId: admin.id,
      actorIp: admin.ip ?? null,
      action: "user.create-refused",
      entityType: "organisation",
      entityId: target ? target.id : null,
      data: { email: input.email, role: input.role, organisationId: input.organisationId, reason: "another organisation" },
    });
    throw new DomainError("not_found", NOT_YOURS, { organisationId: [NOT_YOURS] });
  }
  return createBuyerSideUser(db, input, { userId: admin.id, ip: admin.ip ?? null });
}

/**
 * An event's data as an admin reads it: confidential fields withheld, then laid out as changes
 * and facts. It depends only on the action and the data as stored, and events never change, so
 * each is worked out once per stored text (db/kept-by-text.ts) and shared, frozen: a trail page
 * redacted and laid out all 50 of its events on every view. About 16 MB of text at most.
 */
const readableEvents = new KeptByText<{ data: unknown; view: AuditDataView }>(5_000, 8_000_000);

function readableEvent(action: string, text: string): { data: unknown; view: AuditDataView } {
  return readableEvents.get(`${action}\u0000${text}`, () => {
    const data = redactAuditData(action, JSON.parse(text));
    return deepFreeze({ data, view: readableAuditData(data) });
  });
}

/**
 * One page of the organisation's audit trail, newest first, confidential fields withheld; with
 * `verify`, also the verification of the whole chain (a yes or no and where it breaks, no
 * content). Verifying reads every event, so it runs when asked for, not on every page view.
 */
export async function readAuditTrail(db: Kysely<Database>, admin: TenantActor, beforeId?: number, filters: AuditFilters = {}, options: { verify?: boolean } = {}) {
  requireOrganisationAdmin(admin, "read:audit:own");
  const [rows, verification, rfps] = await Promise.all([
    listOrganisationAuditEvents(db, { organisationId: admin.organisation.id, limit: AUDIT_PAGE_SIZE, beforeId, actorEmail: filters.actor, action: filters.action, rfpId: filters.rfp }),
    options.verify ? verifyAuditChain(db) : Promise.resolve(null),
    listRfpsOfOrganisation(db, admin.organisation.id),
  ]);
  const events = rows.map(({ data_text, ...e }) => ({ ...e, id: Number(e.id), ...readableEvent(e.action, data_text) }));
  // The names of the people and organisations the page's events name by id (their subjects too).
  const subjects = events.filter((e) => (e.entity_type === "user" || e.entity_type === "organisation") && e.entity_id !== null && isAuditId(e.entity_id)).map((e) => e.entity_id!);
  const ids = new Set([...events.flatMap((e) => idsInAuditView(e.view)), ...subjects]);
  const names = await auditNamesOf(db, admin.organisation.id, [...ids]);
  return {
    events,
    /** Id → name, for the ids on this page the organisation may read the names of. */
    names: Object.fromEntries(names),
    verification,
    nextBefore: events.length === AUDIT_PAGE_SIZE ? events[events.length - 1]!.id : null,
    /** The organisation's RFPs, for the RFP filter (titles only). */
    rfps: rfps.map((r) => ({ id: r.id, title: r.title || "Untitled RFP", reference: r.reference })),
  };
}

/**
 * The people of the account's organisation, and for its admins its number of users (the people
 * listed, each once however many roles they hold) and its newest audit event.
 */
export async function organisationOverview(db: Kysely<Database>, account: TenantActor) {
  const isAdmin = account.organisation.kind === "buyer" && hasPermission(account.roles, "manage:user:own");
  const mayConfirm = account.organisation.kind === "buyer" && hasPermission(account.roles, "confirm:opening:own");
  const read = await readOrganisationDashboard(db, { organisationId: account.organisation.id, userId: account.id, isAdmin, mayConfirm });
  const colleagues = read.colleagues;
  // The administrator is the award's second pair of eyes (decision 020): the proposals it may approve (not its own).
  const awaitingApproval = read.awaitingApproval
    .filter((a) => a.proposed_by !== account.id)
    .map((a) => ({ rfpId: a.rfp_id, reference: a.reference, title: a.title, vendorName: a.vendor_name, proposedByName: a.proposed_by_name, proposedAt: a.proposed_at }));
  return {
    colleagues,
    overview: isAdmin ? { users: new Set(colleagues.map((c) => c.email)).size, latestAuditEvent: read.latestAuditEvent ?? null, awaitingApproval } : null,
    openingsToConfirm: openingsToConfirmOf(account, read.pendingOpenings),
  };
}

/** Every organisation with its number of users and RFPs: the platform operator's page. */
export async function listOrganisationsForOperator(db: Kysely<Database>, operator: TenantActor) {
  if (!hasPermission(operator.roles, "manage:organisation:any")) throw new DomainError("forbidden", "Only a platform operator may list organisations.");
  return listOrganisationsWithCounts(db);
}
