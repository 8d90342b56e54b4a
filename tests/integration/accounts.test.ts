// Accounts and sessions through the services, on the real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOrganisationByName, listUsersWithRoles } from "../../db/queries/accounts";
import { verifyAuditChain } from "../../db/queries/audit";
import { createUserSchema, signInSchema, vendorRegistrationSchema } from "~/domain/accounts";
import { DomainError } from "~/domain/errors";
import { createBuyerSideUser, registerVendor } from "~/services/accounts.server";
import { DEMO_PASSWORD, seedDemo } from "~/services/seed-demo.server";
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  MAX_REGISTRATIONS_PER_ADDRESS,
  accountForSession,
  signIn,
  signOut,
} from "~/services/sign-in.server";
import { createTestDatabase, type TestDatabase } from "../support/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => {
  await t?.close();
});

const meta = { ip: "203.0.113.7", userAgent: "vitest" };
const signInAs = (email: string, password = DEMO_PASSWORD, ip = meta.ip) => signIn(t.db, signInSchema.parse({ email, password }), { ...meta, ip });

async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("demo seed", () => {
  it("creates the city department's three users and three vendors, and a second run adds nothing", async () => {
    const users = await listUsersWithRoles(t.db);
    expect(users.map((u) => `${u.email}:${u.role}`)).toEqual(
      expect.arrayContaining(["buyer@demo.pareto:buyer", "evaluator@demo.pareto:evaluator", "admin@demo.pareto:admin", "vendor1@demo.pareto:vendor", "vendor2@demo.pareto:vendor", "vendor3@demo.pareto:vendor"]),
    );
    expect(await seedDemo(t.db)).toEqual({ createdUsers: 0 });
  });
});

describe("sign in", () => {
  it("starts a session for the right password, with the account's organisation and roles", async () => {
    const { token } = await signInAs("Buyer@Demo.Pareto");
    const account = await accountForSession(t.db, token);
    expect(account?.email).toBe("buyer@demo.pareto");
    expect(account?.roles).toEqual(["buyer"]);
    expect(account?.organisation.kind).toBe("buyer");
  });

  it("says only 'email or password is wrong' for a wrong password and for an unknown email", async () => {
    const wrong = await domainError(signInAs("evaluator@demo.pareto", "not-the-password", "198.51.100.1"));
    const unknown = await domainError(signInAs("nobody@demo.pareto", "whatever-password", "198.51.100.1"));
    expect(wrong.code).toBe("unauthenticated");
    expect(wrong.message).toBe("Email or password is wrong.");
    expect(unknown.message).toBe(wrong.message);
  });

  it("locks an account after repeated failures, even for the right password, counting in the database", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      await domainError(signInAs("vendor3@demo.pareto", `wrong-${i}-password`, `192.0.2.${i}`));
    }
    const locked = await domainError(signInAs("vendor3@demo.pareto", DEMO_PASSWORD, "192.0.2.99"));
    expect(locked.code).toBe("rate_limited");
    expect(locked.message).toMatch(/Too many failed sign-ins/);
    const attempts = await t.db.selectFrom("sign_in_attempts").select((eb) => eb.fn.countAll<number>().as("n")).where("email", "=", "vendor3@demo.pareto").executeTakeFirstOrThrow();
    expect(attempts.n).toBe(MAX_FAILURES_PER_ACCOUNT);
  });

  it("limits failures per address across accounts", async () => {
    const ip = "198.51.100.200";
    for (let i = 0; i < 20; i++) await domainError(signInAs(`guess${i}@example.org`, "password-guess", ip));
    expect((await domainError(signInAs("buyer@demo.pareto", DEMO_PASSWORD, ip))).code).toBe("rate_limited");
    // The same account from another address is unaffected.
    await expect(signInAs("buyer@demo.pareto", DEMO_PASSWORD, "198.51.100.201")).resolves.toHaveProperty("token");
  });

  it("stops a sprayer at its address limit without locking the accounts it sprayed, or any other", async () => {
    const sprayer = "198.51.100.50";
    const failuresOf = async (email: string) =>
      (
        await t.db
          .selectFrom("sign_in_attempts")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("email", "=", email)
          .where("succeeded", "=", false)
          .executeTakeFirstOrThrow()
      ).n;
    // One guess at a real account, then guesses at many others, up to the address limit.
    expect((await domainError(signInAs("vendor4@demo.pareto", "spray-password-1", sprayer))).code).toBe("unauthenticated");
    for (let i = 1; i < MAX_FAILURES_PER_ADDRESS; i++) {
      expect((await domainError(signInAs(`spray${i}@example.org`, "spray-password-1", sprayer))).code).toBe("unauthenticated");
    }
    // Past its limit the address is refused, even with a right password, and its further
    // guesses at vendor4 are refused without counting against vendor4.
    expect((await domainError(signInAs("vendor5@demo.pareto", DEMO_PASSWORD, sprayer))).code).toBe("rate_limited");
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT * 2; i++) {
      expect((await domainError(signInAs("vendor4@demo.pareto", `spray-password-${i}`, sprayer))).code).toBe("rate_limited");
    }
    expect(Number(await failuresOf("vendor4@demo.pareto"))).toBe(1);
    // From another address: the sprayed account and one nobody tried both sign in.
    await expect(signInAs("vendor4@demo.pareto", DEMO_PASSWORD, "198.51.100.51")).resolves.toHaveProperty("token");
    await expect(signInAs("evaluator2@demo.pareto", DEMO_PASSWORD, "198.51.100.52")).resolves.toHaveProperty("token");
    // A success restarts the account's count (the sprayer's guess no longer counts towards
    // vendor4's lock) but not the sprayer's: its address stays refused.
    for (let i = 1; i < MAX_FAILURES_PER_ACCOUNT; i++) await domainError(signInAs("vendor4@demo.pareto", `typo-${i}-password`, "198.51.100.53"));
    await expect(signInAs("vendor4@demo.pareto", DEMO_PASSWORD, "198.51.100.54")).resolves.toHaveProperty("token");
    expect((await domainError(signInAs("vendor5@demo.pareto", DEMO_PASSWORD, sprayer))).code).toBe("rate_limited");
  });

  it("counts an IPv6 client by its /64, so rotating addresses within it does not escape the limit", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) await domainError(signInAs(`v6-guess${i}@example.org`, "password-guess", `2001:db8:77:1::${(i + 1).toString(16)}`));
    expect((await domainError(signInAs("vendor1@demo.pareto", DEMO_PASSWORD, "2001:db8:77:1:ffff::9"))).code).toBe("rate_limited");
    await expect(signInAs("vendor1@demo.pareto", DEMO_PASSWORD, "2001:db8:77:2::1")).resolves.toHaveProperty("token");
  });

  it("rotates the session at sign-in and ends it at sign-out", async () => {
    const first = await signInAs("admin@demo.pareto");
    const second = await signIn(t.db, signInSchema.parse({ email: "admin@demo.pareto", password: DEMO_PASSWORD }), meta, first.token);
    expect(second.token).not.toBe(first.token);
    expect(await accountForSession(t.db, first.token)).toBeUndefined();
    expect(await accountForSession(t.db, second.token)).toBeDefined();
    await signOut(t.db, second.token, meta);
    expect(await accountForSession(t.db, second.token)).toBeUndefined();
  });

  it("ignores an expired session", async () => {
    const { token } = await signInAs("vendor2@demo.pareto");
    await t.db.updateTable("sessions").set({ expires_at: new Date(Date.now() - 1000) }).execute();
    expect(await accountForSession(t.db, token)).toBeUndefined();
  });
});

describe("vendor registration", () => {
  const input = { organisationName: "Riverside Grounds Ltd", name: "Ola Berg", email: "ola@riverside.example", password: "a-long-password", confirmPassword: "a-long-password" };

  it("creates the organisation and the vendor, who can then sign in", async () => {
    const { organisation } = await registerVendor(t.db, vendorRegistrationSchema.parse(input), meta);
    expect(organisation.kind).toBe("vendor");
    const { token } = await signInAs("ola@riverside.example", "a-long-password");
    expect((await accountForSession(t.db, token))?.roles).toEqual(["vendor"]);
  });

  it("refuses a duplicate email with a message by the field, and stores nothing", async () => {
    const error = await domainError(registerVendor(t.db, vendorRegistrationSchema.parse({ ...input, organisationName: "Another Org" }), meta));
    expect(error.code).toBe("conflict");
    expect(error.fieldErrors.email?.[0]).toMatch(/already exists/);
    expect(await findOrganisationByName(t.db, "Another Org")).toBeUndefined();
  });

  it("limits registrations per address, with one message that says nothing about which emails exist", async () => {
    const ip = "198.51.100.80";
    const attempt = (n: number, email = `vendor-${n}@limit.example`, address = ip) =>
      registerVendor(t.db, vendorRegistrationSchema.parse({ ...input, organisationName: `Limit Test ${n} Ltd`, email }), { ip: address });
    await attempt(0);
    // Answers that do reveal an existing email ("already exists") count towards the limit too.
    for (let n = 1; n < MAX_REGISTRATIONS_PER_ADDRESS; n++) {
      expect((await domainError(attempt(n, "buyer@demo.pareto"))).code).toBe("conflict");
    }
    const existing = await domainError(attempt(100, "buyer@demo.pareto"));
    const fresh = await domainError(attempt(101, "fresh@limit.example"));
    expect(existing.code).toBe("rate_limited");
    expect(existing.message).toMatch(/^Too many registrations from your network/);
    expect({ ...fresh, message: fresh.message }).toEqual({ ...existing, message: existing.message });
    expect(await findOrganisationByName(t.db, "Limit Test 101 Ltd")).toBeUndefined();
    // Another address is not affected.
    const { organisation } = await attempt(102, "other@limit.example", "198.51.100.81");
    expect(organisation.name).toBe("Limit Test 102 Ltd");
  });

  it("lists every problem of an invalid form by field", () => {
    const result = vendorRegistrationSchema.safeParse({ organisationName: "", name: "", email: "not-an-email", password: "short", confirmPassword: "other" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("."))).toEqual(["organisationName", "name", "email", "password", "confirmPassword"]);
  });
});

describe("buyer-side users", () => {
  it("lets an admin create an evaluator in the buyer organisation", async () => {
    const city = (await findOrganisationByName(t.db, "City of Riverton — Public Works Department"))!;
    const input = createUserSchema.parse({ name: "Eve Panel", email: "eve@city.example", password: "evaluator-password", role: "evaluator", organisationId: city.id });
    await createBuyerSideUser(t.db, input, { userId: null, ip: null });
    const { token } = await signInAs("eve@city.example", "evaluator-password");
    expect((await accountForSession(t.db, token))?.roles).toEqual(["evaluator"]);
  });

  it("refuses to put a buyer-side role in a vendor organisation", async () => {
    const vendor = (await findOrganisationByName(t.db, "Atlas Maintenance Group"))!;
    const input = createUserSchema.parse({ name: "Mallory", email: "mallory@atlas.example", password: "mallory-password", role: "buyer", organisationId: vendor.id });
    const error = await domainError(createBuyerSideUser(t.db, input, { userId: null, ip: null }));
    expect(error.fieldErrors.organisationId?.[0]).toMatch(/buyer organisation/);
  });
});

describe("audit trail", () => {
  it("has recorded sign-ins, failures and registrations in a verifiable chain", async () => {
    const actions = await t.db.selectFrom("audit_events").select("action").distinct().execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["sign-in", "sign-in.failed", "sign-in.blocked", "vendor.registered", "user.created", "sign-out"]));
    const verification = await verifyAuditChain(t.db);
    expect(verification.ok).toBe(true);
    expect(verification.checked).toBeGreaterThan(10);
  });
});
