// Who is acting on an RFP, and the guards every RFP use case runs inside its transaction.
// An RFP of another buyer organisation, or one a vendor may not see, is "not found": the
// answer must not reveal that it exists.
import { createHash, randomBytes } from "node:crypto";
import { findRfp, findRfpForUpdate, type RfpRow } from "../../../db/queries/rfps";
import { appendAuditEvent } from "../../../db/queries/audit";
import type { Executor } from "../../../db/queries/executor";
import { DomainError } from "../../domain/errors";
import { hasPermission, type Permission, type Role } from "../../domain/permissions";

/** The signed-in account (as `accountForSession` returns it) and the request's address. */
export interface RfpActor {
  id: string;
  email: string;
  organisation: { id: string; name: string; kind: "buyer" | "vendor" };
  roles: readonly Role[];
  ip?: string | null;
}

export const RFP_NOT_FOUND = "There is no such RFP, or you do not have access to it.";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from a URL that is not a uuid is simply not found (and never reaches SQL). */
export function assertId(id: string, message = RFP_NOT_FOUND): void {
  if (!UUID.test(id)) throw new DomainError("not_found", message);
}

/** Loads an RFP of the actor's own buyer organisation, checking the permission. */
export async function loadBuyerRfp(db: Executor, rfpId: string, actor: RfpActor, permission: Permission, options: { lock?: boolean } = {}): Promise<RfpRow> {
  assertId(rfpId);
  if (actor.organisation.kind !== "buyer") throw new DomainError("not_found", RFP_NOT_FOUND);
  return checkBuyerRfp(options.lock ? await findRfpForUpdate(db, rfpId) : await findRfp(db, rfpId), actor, permission);
}

/** loadBuyerRfp's checks on a row read otherwise (with more in the same statement): the actor's organisation's, with the permission. */
export function checkBuyerRfp<R extends Pick<RfpRow, "buyer_organisation_id">>(row: R | undefined, actor: RfpActor, permission: Permission): R {
  if (actor.organisation.kind !== "buyer" || !row || row.buyer_organisation_id !== actor.organisation.id) throw new DomainError("not_found", RFP_NOT_FOUND);
  if (!hasPermission(actor.roles, permission)) throw new DomainError("forbidden", "Your role does not allow this on RFPs.");
  return row;
}

export function requireBuyer(actor: RfpActor, permission: Permission): void {
  if (actor.organisation.kind !== "buyer" || !hasPermission(actor.roles, permission)) throw new DomainError("forbidden", "Your role does not allow this on RFPs.");
}

export function requireVendor(actor: RfpActor, permission: Permission = "read:rfp:invited"): void {
  if (actor.organisation.kind !== "vendor" || !hasPermission(actor.roles, permission)) throw new DomainError("forbidden", "Only vendor accounts can do this.");
}

export const STALE_SAVE =
  "Someone else saved this RFP since you opened it. Nothing was overwritten: reload to see their changes, then make yours again.";

export function assertVersion(row: Pick<RfpRow, "version">, expectedVersion: number): void {
  if (row.version !== expectedVersion) throw new DomainError("conflict", STALE_SAVE);
}

export async function auditRfp(db: Executor, actor: RfpActor, action: string, rfpId: string, data: Record<string, unknown>): Promise<void> {
  await appendAuditEvent(db, { actorUserId: actor.id, actorIp: actor.ip ?? null, action, entityType: "rfp", entityId: rfpId, data });
}

/** Invitation links carry the token; the database keeps only its hash. */
export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: invitationTokenHash(token) };
}
export function invitationTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
/** Where an invitation link points; the mailer puts the site's address in front. */
export function invitationPath(token: string): string {
  return `/invitations/${token}`;
}

/** The vendor's page of an RFP, as notices link to it (the mailer makes it absolute). */
export function opportunityPath(rfpId: string, anchor?: string): string {
  return `/opportunities/${rfpId}${anchor ? `#${anchor}` : ""}`;
}

export function rfpLabel(row: Pick<RfpRow, "title" | "reference">): string {
  return row.reference ? `${row.title} (${row.reference})` : row.title;
}
