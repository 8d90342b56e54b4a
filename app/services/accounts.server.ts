// Creating accounts: vendors register themselves with their organisation; buyer-side
// users (buyer, evaluator, admin) are created by an admin or the CLI.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { findOrganisation, findOrganisationByName, findUserByEmail, insertMembership, insertOrganisation, insertUser } from "../../db/queries/accounts";
import { appendAuditEvent } from "../../db/queries/audit";
import type { CreateUserInput, VendorRegistrationInput } from "../domain/accounts";
import { DomainError } from "../domain/errors";
import { hashPassword } from "./passwords.server";
import { admitRegistration } from "./sign-in.server";

const EMAIL_TAKEN = "An account with this email already exists. Sign in instead, or use another email.";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

export async function registerVendor(db: Kysely<Database>, input: VendorRegistrationInput, meta: { ip: string }) {
  // Per-address limit first: "already exists" must not answer an unlimited enumeration.
  await admitRegistration(db, meta);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      if (await findUserByEmail(trx, input.email)) throw new DomainError("conflict", EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
      if (await findOrganisationByName(trx, input.organisationName)) {
        const message = "An organisation with this name is already registered. Ask a colleague there to invite you, or check the spelling.";
        throw new DomainError("conflict", message, { organisationName: [message] });
      }
      const organisation = await insertOrganisation(trx, { name: input.organisationName, kind: "vendor" });
      const user = await insertUser(trx, { email: input.email, name: input.name, password_hash: passwordHash });
      await insertMembership(trx, { user_id: user.id, organisation_id: organisation.id, role: "vendor" });
      await appendAuditEvent(trx, {
        actorUserId: user.id,
        actorIp: meta.ip,
        action: "vendor.registered",
        entityType: "organisation",
        entityId: organisation.id,
        data: { organisation: organisation.name, email: user.email },
      });
      return { user, organisation };
    });
  } catch (error) {
    // Two registrations racing for one email: the unique index decides, the user gets the same message.
    if (isUniqueViolation(error)) throw new DomainError("conflict", EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
    throw error;
  }
}

export async function createBuyerSideUser(db: Kysely<Database>, input: CreateUserInput, actor: { userId: string | null; ip: string | null }) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const organisation = await findOrganisation(trx, input.organisationId);
      if (!organisation) throw new DomainError("invalid", "Choose an existing organisation.", { organisationId: ["Choose an existing organisation."] });
      if (organisation.kind !== "buyer") {
        const message = "Buyer, evaluator and admin accounts belong to a buyer organisation; vendors register themselves.";
        throw new DomainError("invalid", message, { organisationId: [message] });
      }
      if (await findUserByEmail(trx, input.email)) throw new DomainError("conflict", EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
      const user = await insertUser(trx, { email: input.email, name: input.name, password_hash: passwordHash });
      await insertMembership(trx, { user_id: user.id, organisation_id: organisation.id, role: input.role });
      await appendAuditEvent(trx, {
        actorUserId: actor.userId,
        actorIp: actor.ip,
        action: "user.created",
        entityType: "user",
        entityId: user.id,
        data: { email: user.email, role: input.role, organisation: organisation.name },
      });
      return { user, organisation };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
    throw error;
  }
}
