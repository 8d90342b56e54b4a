// Platform operators: they manage organisations and read nothing of any organisation's work.
// Only the CLI creates one (npm run user:create -- --role operator …); no page can grant it.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { findOrganisationByName, findUserByEmail, insertMembership, insertOrganisation, insertUser } from "../../db/queries/accounts";
import { appendAuditEvent } from "../../db/queries/audit";
import type { CreateUserInput } from "../domain/accounts";
import { DomainError } from "../domain/errors";
import { hashPassword } from "./passwords.server";

export const OPERATOR_ORGANISATION = "Pareto platform";

/** The operator's membership lives in a buyer-kind organisation of its own (created when missing), never a vendor's. */
export async function createPlatformOperator(db: Kysely<Database>, input: Omit<CreateUserInput, "role" | "organisationId">, organisationName = OPERATOR_ORGANISATION) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, input.email)) throw new DomainError("conflict", "An account with this email already exists.");
    const organisation = (await findOrganisationByName(trx, organisationName)) ?? (await insertOrganisation(trx, { name: organisationName, kind: "buyer" }));
    if (organisation.kind !== "buyer") throw new DomainError("invalid", "A platform operator cannot belong to a vendor organisation.");
    const user = await insertUser(trx, { email: input.email, name: input.name, password_hash: passwordHash });
    await insertMembership(trx, { user_id: user.id, organisation_id: organisation.id, role: "operator" });
    await appendAuditEvent(trx, { actorUserId: null, actorIp: "cli", action: "operator.created", entityType: "user", entityId: user.id, data: { email: user.email, organisation: organisation.name } });
    return { user, organisation };
  });
}
