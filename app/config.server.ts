// Reads and validates process.env once, at start: a bad value stops the server with one
// clear line naming the variable, not a stack trace.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { DatabaseTarget } from "../db/client";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ message: "must be a whole number between 1 and 65535" })
    .int("must be a whole number between 1 and 65535")
    .min(1, "must be a whole number between 1 and 65535")
    .max(65535, "must be a whole number between 1 and 65535")
    .default(3000),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must be a PostgreSQL URL such as postgres://user:password@host:5432/pareto")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PARETO_DATA_DIR: z.string().trim().min(1, "must not be empty").default("./.data"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -hex 32)").optional(),
  COOKIE_SECURE: z.enum(["true", "false"], { message: 'must be "true" or "false"' }).optional(),
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\/\S+$/, "must be an SMTP URL such as smtp://user:password@mail.example.org:587 (smtps:// for TLS from the start)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  TRUST_PROXY: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^\d{1,2}$/, "must be the number of proxies in front of Pareto that add X-Forwarded-For: 0 (none, the default), 1, 2 …")
      .transform(Number)
      .default(0),
  ),
  PUBLIC_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, "must be the address people open Pareto at, such as https://pareto.example.org (no query or #)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'must be an address such as no-reply@example.org or "Pareto <no-reply@example.org>"')
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export const DEFAULT_MAIL_FROM = "Pareto <no-reply@pareto.local>";
/** Variables whose value may hold a password: a bad one is named, never echoed to the log. */
const SECRET_VARIABLES = new Set(["SMTP_URL"]);

export interface AppConfig {
  nodeEnv: "development" | "production" | "test";
  port: number;
  database: DatabaseTarget;
  /** True when the portal runs on embedded PGlite (the demo / single-machine mode). */
  embedded: boolean;
  dataDir: string;
  sessionSecrets: string[];
  cookieSecure: boolean;
  /**
   * How many reverse proxies in front of the server append to X-Forwarded-For. 0: the TCP
   * peer is the client and X-Forwarded-For is ignored (a client could write anything there).
   */
  trustProxy: number;
  /**
   * The address people open Pareto at, without a trailing slash: every link in a
   * notification starts with it. Defaults to http://localhost:PORT.
   */
  publicUrl: string;
  /** Outgoing mail; null without SMTP_URL, when notifications wait in the mailbox page. */
  smtp: { url: string; from: string } | null;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export async function loadConfig(env: Record<string, string | undefined> = process.env): Promise<AppConfig> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    const got = env[name] === undefined || SECRET_VARIABLES.has(name) ? "" : ` (got "${env[name]}")`;
    throw new ConfigError(`Configuration error: ${name} ${issue.message}${got}.`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.PARETO_DATA_DIR);
  const embedded = !e.DATABASE_URL;
  let secret = e.SESSION_SECRET;
  if (!secret) {
    if (!embedded && e.NODE_ENV === "production") {
      throw new ConfigError(
        "Configuration error: SESSION_SECRET is required in production with DATABASE_URL (at least 32 characters; try: openssl rand -hex 32).",
      );
    }
    secret = await readOrCreateSecret(dataDir);
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    database: embedded ? { kind: "pglite", dataDir: path.join(dataDir, "pglite") } : { kind: "postgres", url: e.DATABASE_URL! },
    embedded,
    dataDir,
    sessionSecrets: [secret],
    // The embedded demo is served over plain http://localhost; a deployment on a server
    // sits behind TLS. COOKIE_SECURE overrides either way.
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === "true" : e.NODE_ENV === "production" && !embedded,
    trustProxy: e.TRUST_PROXY,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM ?? DEFAULT_MAIL_FROM } : null,
  };
}

/** Embedded mode keeps a generated secret in the data folder so sessions survive restarts. */
async function readOrCreateSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "session-secret");
  try {
    const existing = (await readFile(file, "utf8")).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not there yet: create it below
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  await writeFile(file, secret + "\n", { mode: 0o600 });
  return secret;
}
