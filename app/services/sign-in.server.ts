// Sign in and sign out: verify the password, limit failed attempts per account and per
// address (counted in the database), and rotate the session. Also the limit on vendor
// registrations per address.
//
// The two sign-in limits, and why spraying cannot lock out accounts nobody targeted:
// - per address: an address with MAX_FAILURES_PER_ADDRESS failures in the window is refused,
//   whatever account and password it sends (even a right one);
// - per account: an account with MAX_FAILURES_PER_ACCOUNT failures against *that account*
//   in the window is locked, from every address; this bounds guessing by a botnet too.
// A refused attempt is not recorded as a failure, so an address that goes on spraying after
// its limit adds nothing to any account's count. Someone who sprays many accounts with a few
// guesses each is stopped by the address limit before any account reaches its lock, and a
// right password from another address still signs in. Only an account that was itself tried
// MAX_FAILURES_PER_ACCOUNT times is locked (for the window; a success restarts its count, but
// leaves the failures where they are, so they still count against the addresses they came from).
// The "address" is the client's, not a proxy's: see TRUST_PROXY (app/web/request.server.ts).
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { findAccount, findAccountBySession, findUserByEmail } from "../../db/queries/accounts";
import { appendAuditEvent } from "../../db/queries/audit";
import {
  countRecentFailures,
  countRecentRegistrations,
  deleteSession,
  findLiveSession,
  insertSession,
  recordRegistrationAttempt,
  recordSignInAttempt,
} from "../../db/queries/sessions";
import type { SignInInput } from "../domain/accounts";
import { DomainError } from "../domain/errors";
import { verifyPassword } from "./passwords.server";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const REGISTRATION_WINDOW_MS = 60 * 60 * 1000;
/** Enough for an office behind one address to register a few organisations in an hour. */
export const MAX_REGISTRATIONS_PER_ADDRESS = 10;

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

/**
 * What the per-address limits count: an IPv4 address as it is, an IPv6 address by its /64
 * network (one subscriber usually holds a whole /64, so counting single IPv6 addresses would
 * give an attacker 2^64 fresh ones).
 */
export function addressBucket(ip: string): string {
  const address = ip.trim().toLowerCase().split("%")[0]!;
  if (!address.includes(":")) return address;
  const [head = "", tail] = address.split("::", 2) as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  if (right.some((g) => g.includes(".")) || left.some((g) => g.includes("."))) return address;
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return address;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** The database keeps only a hash of the token, so a copied table cannot be replayed. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function signIn(db: Kysely<Database>, input: SignInInput, meta: RequestMeta, previousToken?: string | null) {
  const since = new Date(Date.now() - FAILURE_WINDOW_MS);
  const bucket = addressBucket(meta.ip);
  const failures = await countRecentFailures(db, input.email, bucket, since);
  if (failures.byEmail >= MAX_FAILURES_PER_ACCOUNT || failures.byIp >= MAX_FAILURES_PER_ADDRESS) {
    await appendAuditEvent(db, { actorUserId: null, actorIp: meta.ip, action: "sign-in.blocked", entityType: "user", data: { email: input.email } });
    throw new DomainError("rate_limited", "Too many failed sign-ins. Wait 15 minutes, then try again.");
  }

  const user = await findUserByEmail(db, input.email);
  const valid = await verifyPassword(user?.password_hash, input.password);
  if (!user || !valid || user.disabled_at) {
    await db.transaction().execute(async (trx) => {
      await recordSignInAttempt(trx, { email: input.email, ip: bucket, succeeded: false });
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
    await recordSignInAttempt(trx, { email: input.email, ip: bucket, succeeded: true });
    await appendAuditEvent(trx, { actorUserId: user.id, actorIp: meta.ip, action: "sign-in", entityType: "user", entityId: user.id });
  });
  return { token, expiresAt, userId: user.id };
}

/**
 * Counts a vendor registration attempt from the address, or refuses it once the address has
 * made MAX_REGISTRATIONS_PER_ADDRESS in the window. Called before anything looks at the
 * email, with one message for everyone, so the limit itself says nothing about accounts.
 */
export async function admitRegistration(db: Kysely<Database>, meta: { ip: string }) {
  const since = new Date(Date.now() - REGISTRATION_WINDOW_MS);
  const bucket = addressBucket(meta.ip);
  if ((await countRecentRegistrations(db, bucket, since)) >= MAX_REGISTRATIONS_PER_ADDRESS) {
    throw new DomainError("rate_limited", "Too many registrations from your network. Wait an hour, then try again.");
  }
  await recordRegistrationAttempt(db, bucket);
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
  return findAccountBySession(db, sessionIdOf(token));
}
