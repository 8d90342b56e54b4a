// Sessions and sign-in attempts: all state lives in the database, so any number of app
// servers can share it.
import type { Executor } from "./executor";

export async function insertSession(
  db: Executor,
  values: { id: string; user_id: string; expires_at: Date; ip: string | null; user_agent: string | null },
) {
  await db.insertInto("sessions").values(values).execute();
}

export async function findLiveSession(db: Executor, id: string) {
  return db
    .selectFrom("sessions")
    .select(["id", "user_id", "expires_at"])
    .where("id", "=", id)
    .where("expires_at", ">", new Date())
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, id: string) {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

export async function deleteExpiredSessions(db: Executor) {
  const result = await db.deleteFrom("sessions").where("expires_at", "<=", new Date()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function recordSignInAttempt(db: Executor, values: { email: string; ip: string; succeeded: boolean }) {
  await db.insertInto("sign_in_attempts").values(values).execute();
}

/** Failed attempts since `since` for the account and for the address, counted in one trip. */
export async function countRecentFailures(db: Executor, email: string, ip: string, since: Date) {
  const row = await db
    .selectFrom("sign_in_attempts")
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere("email", "=", email).as("by_email"),
      eb.fn.countAll<number>().filterWhere("ip", "=", ip).as("by_ip"),
    ])
    .where("succeeded", "=", false)
    .where("attempted_at", ">", since)
    .where((eb) => eb.or([eb("email", "=", email), eb("ip", "=", ip)]))
    .executeTakeFirstOrThrow();
  return { byEmail: row.by_email, byIp: row.by_ip };
}

/** A successful sign-in clears the account's failure count. */
export async function clearFailures(db: Executor, email: string) {
  await db.deleteFrom("sign_in_attempts").where("email", "=", email).where("succeeded", "=", false).execute();
}
