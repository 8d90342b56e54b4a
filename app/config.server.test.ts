import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.server";

const dataDir = () => mkdtemp(path.join(os.tmpdir(), "pareto-config-"));

describe("configuration", () => {
  it("defaults to port 3000 on the embedded database, with a secret generated and kept in the data folder", async () => {
    const dir = await dataDir();
    const config = await loadConfig({ PARETO_DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.embedded).toBe(true);
    expect(config.database).toEqual({ kind: "pglite", dataDir: path.join(dir, "pglite") });
    const kept = (await readFile(path.join(dir, "session-secret"), "utf8")).trim();
    expect(config.sessionSecrets).toEqual([kept]);
    expect((await loadConfig({ PARETO_DATA_DIR: dir })).sessionSecrets).toEqual([kept]);
  });

  it("uses pg with DATABASE_URL and Secure cookies in production", async () => {
    const config = await loadConfig({ NODE_ENV: "production", DATABASE_URL: "postgres://u:p@db:5432/pareto", SESSION_SECRET: "x".repeat(40) });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://u:p@db:5432/pareto" });
    expect(config.cookieSecure).toBe(true);
  });

  it("links notifications to PUBLIC_URL, or to the local address on PORT", async () => {
    const dir = await dataDir();
    expect((await loadConfig({ PARETO_DATA_DIR: dir })).publicUrl).toBe("http://localhost:3000");
    expect((await loadConfig({ PARETO_DATA_DIR: dir, PORT: "8080" })).publicUrl).toBe("http://localhost:8080");
    expect((await loadConfig({ PARETO_DATA_DIR: dir, PUBLIC_URL: "https://pareto.example.org/procurement/" })).publicUrl).toBe("https://pareto.example.org/procurement");
  });

  it("sends mail only with SMTP_URL, from MAIL_FROM or the default sender", async () => {
    const dir = await dataDir();
    expect((await loadConfig({ PARETO_DATA_DIR: dir, MAIL_FROM: "buyers@city.example" })).smtp).toBeNull();
    expect((await loadConfig({ PARETO_DATA_DIR: dir, SMTP_URL: "smtp://mail.city.example:587" })).smtp).toEqual({
      url: "smtp://mail.city.example:587",
      from: "Pareto <no-reply@pareto.local>",
    });
    const config = await loadConfig({ PARETO_DATA_DIR: dir, SMTP_URL: "smtps://u:p@mail.city.example", MAIL_FROM: "Riverton Procurement <rfp@city.example>" });
    expect(config.smtp).toEqual({ url: "smtps://u:p@mail.city.example", from: "Riverton Procurement <rfp@city.example>" });
  });

  it("trusts X-Forwarded-For only with TRUST_PROXY, counted in proxies", async () => {
    const dir = await dataDir();
    expect((await loadConfig({ PARETO_DATA_DIR: dir })).trustProxy).toBe(0);
    expect((await loadConfig({ PARETO_DATA_DIR: dir, TRUST_PROXY: "" })).trustProxy).toBe(0);
    expect((await loadConfig({ PARETO_DATA_DIR: dir, TRUST_PROXY: "1" })).trustProxy).toBe(1);
    expect((await loadConfig({ PARETO_DATA_DIR: dir, TRUST_PROXY: " 2 " })).trustProxy).toBe(2);
  });

  it("names a bad SMTP_URL without echoing it, since it may hold a password", async () => {
    const error = await loadConfig({ PARETO_DATA_DIR: await dataDir(), SMTP_URL: "https://u:hunter2@mail.example" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^Configuration error: SMTP_URL must be an SMTP URL such as smtp:\/\//);
    expect((error as Error).message).not.toContain("hunter2");
  });

  it.each([
    [{ MAIL_FROM: "Pareto no-reply" }, /^Configuration error: MAIL_FROM must be an address such as no-reply@example.org/],
    [{ SMTP_URL: "mail.example.org:25" }, /^Configuration error: SMTP_URL must be an SMTP URL/],
    [{ PORT: "eighty" }, 'Configuration error: PORT must be a whole number between 1 and 65535 (got "eighty").'],
    [{ PORT: "70000" }, 'Configuration error: PORT must be a whole number between 1 and 65535 (got "70000").'],
    [{ DATABASE_URL: "mysql://x" }, /^Configuration error: DATABASE_URL must be a PostgreSQL URL/],
    [{ TRUST_PROXY: "true" }, /^Configuration error: TRUST_PROXY must be the number of proxies in front of Pareto .* \(got "true"\)\.$/],
    [{ TRUST_PROXY: "-1" }, /^Configuration error: TRUST_PROXY must be the number of proxies/],
    [{ TRUST_PROXY: "1.5" }, /^Configuration error: TRUST_PROXY must be the number of proxies/],
    [{ TRUST_PROXY: "10.0.0.1" }, /^Configuration error: TRUST_PROXY must be the number of proxies/],
    [{ SESSION_SECRET: "short" }, /^Configuration error: SESSION_SECRET must be at least 32 characters/],
    [{ PUBLIC_URL: "pareto.example.org" }, /^Configuration error: PUBLIC_URL must be the address people open Pareto at/],
    [{ PUBLIC_URL: "https://pareto.example.org/?x=1" }, /^Configuration error: PUBLIC_URL must be the address/],
    [{ NODE_ENV: "production", DATABASE_URL: "postgres://db/pareto" }, /^Configuration error: SESSION_SECRET is required in production/],
  ])("stops with one clear line for %o", async (env, message) => {
    const error = await loadConfig({ PARETO_DATA_DIR: await dataDir(), ...env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });
});
