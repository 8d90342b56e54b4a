// The audit trail is append-only and any edit breaks its hash chain.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, verifyAuditChain } from "../../db/queries/audit";
import { createTestDatabase, type TestDatabase } from "../support/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("audit chain", () => {
  it("chains concurrent appends without forks", async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        appendAuditEvent(t.db, { actorUserId: null, action: "test.appended", entityType: "test", entityId: String(i), data: { i, nested: { b: 2, a: [1, "x"] } } }),
      ),
    );
    const rows = await t.db.selectFrom("audit_events").select(["prev_hash", "hash"]).orderBy("id").execute();
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(12);
    expect(await verifyAuditChain(t.db, 5)).toEqual({ ok: true, checked: 12 });
  });

  it("refuses updates and deletes", async () => {
    await expect(sql`update audit_events set action = 'forged'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it("names the first edited row when someone bypasses the trigger", async () => {
    await sql`alter table audit_events disable trigger audit_events_no_change`.execute(t.db);
    const target = await t.db.selectFrom("audit_events").select("id").orderBy("id").offset(4).limit(1).executeTakeFirstOrThrow();
    await sql`update audit_events set data = '{"i": 999}'::jsonb where id = ${target.id}`.execute(t.db);
    await sql`alter table audit_events enable trigger audit_events_no_change`.execute(t.db);
    const verification = await verifyAuditChain(t.db);
    expect(verification.ok).toBe(false);
    expect(verification.brokenAt).toEqual({ id: target.id, reason: "its content does not match its hash" });
    expect(verification.checked).toBe(4);
  });
});
