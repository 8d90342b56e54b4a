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

/**
 * Failed attempts since `since`: for the account, only those after its last successful
 * sign-in (a success resets the account's count); for the address, all of them (another
 * account's success must not reset a sprayer's count). One trip.
 */
export async function countRecentFailures(db: Executor, email: string, ip: string, since: Date) {
  const row = await db
    .selectFrom("sign_in_attempts")
    .select((eb) => [
      eb.fn
        .countAll<number>()
        .filterWhere((f) =>
          f.and([
            f("email", "=", email),
            f(
              "attempted_at",
              ">",
              f.fn.coalesce(
                f.selectFrom("sign_in_attempts as ok").select((o) => o.fn.max("ok.attempted_at").as("at")).where("ok.email", "=", email).where("ok.succeeded", "=", true),
                f.val(since),
              ),
            ),
          ]),
        )
        .as("by_email"),
      eb.fn.countAll<number>().filterWhere("ip", "=", ip).as("by_ip"),
    ])
    .where("succeeded", "=", false)
    .where("attempted_at", ">", since)
    .where((eb) => eb.or([eb("email", "=", email), eb("ip", "=", ip)]))
    .executeTakeFirstOrThrow();
  return { byEmail: Number(row.by_email), byIp: Number(row.by_ip) };
}

/** Vendor registration attempts from an address since `since` (every attempt counts, refused or not). */
export async function countRecentRegistrations(db: Executor, ip: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("registration_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("ip", "=", ip)
    .where("attempted_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordRegistrationAttempt(db: Executor, ip: string) {
  await db.insertInto("registration_attempts").values({ ip }).execute();
}
