// Sign in and sign out: verify the password, limit failed attempts per account and per
// address (counted in the database), and rotate the session.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { findAccount, findUserByEmail } from "../../db/queries/accounts";
import { appendAuditEvent } from "../../db/queries/audit";
import { clearFailures, countRecentFailures, deleteSession, findLiveSession, insertSession, recordSignInAttempt } from "../../db/queries/sessions";
import type { SignInInput } from "../domain/accounts";
import { DomainError } from "../domain/errors";
import { verifyPassword } from "./passwords.server";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

/** The database keeps only a hash of the token, so a copied table cannot be replayed. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function signIn(db: Kysely<Database>, input: SignInInput, meta: RequestMeta, previousToken?: string | null) {
  const since = new Date(Date.now() - FAILURE_WINDOW_MS);
  const failures = await countRecentFailures(db, input.email, meta.ip, since);
  if (failures.byEmail >= MAX_FAILURES_PER_ACCOUNT || failures.byIp >= MAX_FAILURES_PER_ADDRESS) {
    await appendAuditEvent(db, { actorUserId: null, actorIp: meta.ip, action: "sign-in.blocked", entityType: "user", data: { email: input.email } });
    throw new DomainError("rate_limited", "Too many failed sign-ins. Wait 15 minutes, then try again.");
  }

  const user = await findUserByEmail(db, input.email);
  const valid = await verifyPassword(user?.password_hash, input.password);
  if (!user || !valid || user.disabled_at) {
    await db.transaction().execute(async (trx) => {
      await recordSignInAttempt(trx, { email: input.email, ip: meta.ip, succeeded: false });
      await appendAuditEvent(trx, { actorUserId: null, actorIp: meta.ip, action: "sign-in.failed", entityType: "user", entityId: user?.id ?? null, data: { email: input.email } });
    });
    throw new DomainError("unauthenticated", "Email or password is wrong.");
  }

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.transaction().execute(async (trx) => {
    // Rotation: whatever session the browser held before is ended, never upgraded.
    if (previousToken) await deleteSession(trx, sessionIdOf(previousToken));
    await insertSession(trx, { id: sessionIdOf(token), user_id: user.id, expires_at: expiresAt, ip: meta.ip, user_agent: meta.userAgent });
    await recordSignInAttempt(trx, { email: input.email, ip: meta.ip, succeeded: true });
    await clearFailures(trx, input.email);
    await appendAuditEvent(trx, { actorUserId: user.id, actorIp: meta.ip, action: "sign-in", entityType: "user", entityId: user.id });
  });
  return { token, expiresAt, userId: user.id };
}

export async function signOut(db: Kysely<Database>, token: string, meta: RequestMeta) {
  const id = sessionIdOf(token);
  await db.transaction().execute(async (trx) => {
    const session = await findLiveSession(trx, id);
    await deleteSession(trx, id);
    if (session) await appendAuditEvent(trx, { actorUserId: session.user_id, actorIp: meta.ip, action: "sign-out", entityType: "user", entityId: session.user_id });
  });
}

export type Account = NonNullable<Awaited<ReturnType<typeof findAccount>>>;

/** The account behind a session token, or undefined when the session is missing or expired. */
export async function accountForSession(db: Kysely<Database>, token: string): Promise<Account | undefined> {
  const session = await findLiveSession(db, sessionIdOf(token));
  if (!session) return undefined;
  return findAccount(db, session.user_id);
}
