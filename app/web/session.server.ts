// The web edge of accounts: the session cookie (it holds only a signed, random token),
// and guards that throw a redirect to sign-in or a 403.
import { createCookie, redirect, type AppLoadContext, type Cookie } from "@remix-run/node";
import { hasPermission, type Permission } from "../domain/permissions";
import { runtime } from "../runtime.server";
import { SESSION_TTL_MS, accountForSession, type Account } from "../services/sign-in.server";
import { requestMeta } from "./request.server";

let cookie: Cookie | undefined;

export async function sessionCookie(): Promise<Cookie> {
  if (cookie) return cookie;
  const { config } = await runtime();
  cookie = createCookie("pareto_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: config.cookieSecure,
    path: "/",
    secrets: config.sessionSecrets,
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  return cookie;
}

/**
 * Cookie headers whose session cookie verified, with its token. Checking the signature (an
 * HMAC computed again, then the value decoded) cost about 0.05 ms of every signed-in request,
 * and its answer depends only on the header and the server's secrets. Only headers that
 * verified are kept (only this server signs them; a stream of forged cookies cannot fill it),
 * at most MAX_VERIFIED, the oldest dropped first. Whether the session is still live is asked of
 * the database on every request, as before.
 */
const verifiedHeaders = new Map<string, string>();
const MAX_VERIFIED = 10_000;

export async function readSessionToken(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  const known = verifiedHeaders.get(header);
  if (known !== undefined) return known;
  const value: unknown = await (await sessionCookie()).parse(header);
  if (typeof value !== "string" || value.length === 0) return null;
  if (verifiedHeaders.size >= MAX_VERIFIED) verifiedHeaders.delete(verifiedHeaders.keys().next().value!);
  verifiedHeaders.set(header, value);
  return value;
}

async function lookUpAccount(request: Request): Promise<Account | undefined> {
  const token = await readSessionToken(request);
  if (!token) return undefined;
  const { database } = await runtime();
  return accountForSession(database.db, token);
}

/**
 * One session lookup per request: the root loader, a layout's and the page's own loader all
 * ask who is signed in. Remix hands every loader of one request the same load context (but
 * each its own copy of the Request), so the answer is kept per context. Only for reads: an
 * action may change the account (sign in or out, roles), and the loaders that run after it
 * look again.
 */
const accountPerRequest = new WeakMap<AppLoadContext, Promise<Account | undefined>>();

export function getAccount(request: Request, context?: AppLoadContext): Promise<Account | undefined> {
  if (!context || (request.method !== "GET" && request.method !== "HEAD")) return lookUpAccount(request);
  let account = accountPerRequest.get(context);
  if (!account) {
    account = lookUpAccount(request);
    accountPerRequest.set(context, account);
  }
  return account;
}

export async function requireAccount(request: Request, context?: AppLoadContext): Promise<Account> {
  const account = await getAccount(request, context);
  if (!account) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
    throw redirect(`/sign-in?${params}`);
  }
  return account;
}

export async function requirePermission(request: Request, permission: Permission, context?: AppLoadContext): Promise<Account> {
  const account = await requireAccount(request, context);
  if (!hasPermission(account.roles, permission)) {
    throw new Response("You do not have access to this page.", { status: 403, statusText: "Forbidden" });
  }
  return account;
}

/** The signed-in account with the permission, and the address it acts from: what every use case takes as its actor. */
export async function requireActor(request: Request, context: AppLoadContext, permission: Permission): Promise<Account & { ip: string }> {
  const account = await requirePermission(request, permission, context);
  return { ...account, ip: requestMeta(request, context).ip };
}

export async function commitSessionToken(token: string): Promise<string> {
  return (await sessionCookie()).serialize(token);
}

export async function clearSessionCookie(): Promise<string> {
  return (await sessionCookie()).serialize("", { maxAge: 0, expires: new Date(0) });
}
