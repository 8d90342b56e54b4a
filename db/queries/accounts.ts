// Organisations, users and memberships.
import { sql } from "kysely";
import type { OrganisationKind, Role } from "../schema";
import { builtOnce } from "../built-once";
import { PREPARED } from "../client";
import type { Executor } from "./executor";

export async function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

/** A user's name, or null when there is no such user. */
export async function findUserName(db: Executor, userId: string): Promise<string | null> {
  const row = await db.selectFrom("users").select("name").where("id", "=", userId).executeTakeFirst();
  return row?.name ?? null;
}

export async function insertOrganisation(db: Executor, values: { name: string; kind: OrganisationKind }) {
  return db.insertInto("organisations").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findOrganisationByName(db: Executor, name: string) {
  return db
    .selectFrom("organisations")
    .selectAll()
    .where(sql<string>`lower(name)`, "=", name.toLowerCase())
    .executeTakeFirst();
}

export async function findOrganisation(db: Executor, id: string) {
  return db.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listOrganisations(db: Executor, kind?: OrganisationKind) {
  let query = db.selectFrom("organisations").selectAll().orderBy("kind").orderBy("name");
  if (kind) query = query.where("kind", "=", kind);
  return query.execute();
}

export async function insertUser(db: Executor, values: { email: string; name: string; password_hash: string }) {
  return db.insertInto("users").values(values).returning(["id", "email", "name", "created_at"]).executeTakeFirstOrThrow();
}

export async function insertMembership(db: Executor, values: { user_id: string; organisation_id: string; role: Role }) {
  await db.insertInto("memberships").values(values).execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return row.n;
}

/** The signed-in person as the app sees them: identity, organisation and roles. */
export async function findAccount(db: Executor, userId: string) {
  return accountOf(await accountRows(db).where("users.id", "=", userId).execute());
}

/** The account behind a live (unexpired) session, in one trip: the check every signed-in request makes. */
export async function findAccountBySession(db: Executor, sessionId: string) {
  return accountOf(await accountBySession.rows(db, { sessionId, now: new Date() }));
}

const accountBySession = builtOnce((db, values: { sessionId: string; now: Date }) =>
  accountRows(db)
    .modifyFront(sql.raw(PREPARED))
    .innerJoin("sessions", "sessions.user_id", "users.id")
    .where("sessions.id", "=", values.sessionId)
    .where("sessions.expires_at", ">", values.now),
);

function accountRows(db: Executor) {
  return db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.disabled_at",
      "memberships.role",
      "organisations.id as organisation_id",
      "organisations.name as organisation_name",
      "organisations.kind as organisation_kind",
    ])
    .orderBy("memberships.role");
}

function accountOf(rows: Awaited<ReturnType<ReturnType<typeof accountRows>["execute"]>>) {
  const first = rows[0];
  if (!first || first.disabled_at) return undefined;
  return {
    id: first.id,
    email: first.email,
    name: first.name,
    organisation: { id: first.organisation_id, name: first.organisation_name, kind: first.organisation_kind },
    roles: [...new Set(rows.map((r) => r.role))],
  };
}

export async function listUsersWithRoles(db: Executor) {
  return db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .innerJoin("organisations", "organisations.id", "memberships.organisation_id")
    .select(["users.id", "users.email", "users.name", "users.created_at", "memberships.role", "organisations.name as organisation_name", "organisations.kind as organisation_kind"])
    .orderBy("organisations.kind")
    .orderBy("organisations.name")
    .orderBy("users.email")
    .execute();
}
