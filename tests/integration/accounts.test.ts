// Accounts and sessions through the services, on the real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOrganisationByName, listUsersWithRoles } from "../../db/queries/accounts";
import { verifyAuditChain } from "../../db/queries/audit";
import { createUserSchema, signInSchema, vendorRegistrationSchema } from "~/domain/accounts";
import { DomainError } from "~/domain/errors";
import { createBuyerSideUser, registerVendor } from "~/services/accounts.server";
import { DEMO_PASSWORD, seedDemo } from "~/services/seed-demo.server";
import { MAX_FAILURES_PER_ACCOUNT, accountForSession, signIn, signOut } from "~/services/sign-in.server";
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
