// The audit trail is append-only, chained per stream (decision 013), and any edit, removal or
// rewinding breaks verification, which names the stream and the row.
import { randomUUID } from "node:crypto";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, chainHash, GENESIS_HASH, verifyAuditChain, type AuditEntry } from "../../db/queries/audit";
import { migrations } from "../../migrations/index";
import { createTestDatabase, type TestDatabase } from "../support/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const rfpEvent = (rfpId: string, i: number): AuditEntry => ({ actorUserId: null, action: "test.rfp-event", entityType: "bid", entityId: rfpId, data: { i } });

async function withTriggerOff<T>(work: () => Promise<T>): Promise<T> {
  await sql`alter table audit_events disable trigger audit_events_no_change`.execute(t.db);
  try {
    return await work();
  } finally {
    await sql`alter table audit_events enable trigger audit_events_no_change`.execute(t.db);
  }
}

describe("audit chain", () => {
  // First, while the trail is empty: it migrates the database back to before streams.
  it("keeps the rows recorded before streams verifiable as the legacy stream", async () => {
    const names = Object.keys(migrations).sort();
    const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo(names[names.indexOf("2026_11_30_0008_audit_streams") - 1]!);
    expect(down.error).toBeUndefined();
    // Three rows as the single global chain wrote them.
    let prev = GENESIS_HASH;
    for (let i = 0; i < 3; i++) {
      const row = { occurred_at: new Date(Date.UTC(2026, 10, 1, 9, i)), actor_user_id: null, actor_ip: "203.0.113.9", action: "legacy.event", entity_type: "rfp", entity_id: randomUUID(), data: { i } };
      const hash = chainHash(prev, row);
      await sql`insert into audit_events (occurred_at, actor_user_id, actor_ip, action, entity_type, entity_id, data, prev_hash, hash)
                values (${row.occurred_at}, null, ${row.actor_ip}, ${row.action}, ${row.entity_type}, ${row.entity_id}, ${JSON.stringify(row.data)}, ${prev}, ${hash})`.execute(t.db);
      prev = hash;
    }
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    const rows = await t.db.selectFrom("audit_events").select(["stream", "stream_seq"]).orderBy("id").execute();
    expect(rows).toEqual([1, 2, 3].map((n) => ({ stream: "legacy", stream_seq: n })));
    expect(await t.db.selectFrom("audit_streams").selectAll().execute()).toEqual([{ stream: "legacy", head_seq: 3, head_hash: prev }]);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 3, streams: 1 });
    // New events go to their own streams; the legacy stream stays as it was.
    await appendAuditEvent(t.db, { actorUserId: null, action: "test.appended", entityType: "system" });
    await appendAuditEvent(t.db, rfpEvent(randomUUID(), 0));
    expect(await verifyAuditChain(t.db, 2)).toEqual({ ok: true, checked: 5, streams: 3 });
  });

  it("chains concurrent appends without forks, each stream on its own", async () => {
    const rfps = [randomUUID(), randomUUID(), randomUUID()];
    await Promise.all([
      ...Array.from({ length: 12 }, (_, i) =>
        appendAuditEvent(t.db, { actorUserId: null, action: "test.appended", entityType: "test", entityId: String(i), data: { i, nested: { b: 2, a: [1, "x"] } } }),
      ),
      ...rfps.flatMap((rfpId) => Array.from({ length: 8 }, (_, i) => appendAuditEvent(t.db, rfpEvent(rfpId, i)))),
    ]);
    const accounts = await t.db.selectFrom("audit_events").select(["prev_hash", "hash", "stream_seq"]).where("stream", "=", "accounts").orderBy("stream_seq").execute();
    expect(accounts.map((r) => r.stream_seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(new Set(accounts.map((r) => r.prev_hash)).size).toBe(13);
    for (const rfpId of rfps) {
      const rows = await t.db.selectFrom("audit_events").select(["stream_seq", "entity_id"]).where("stream", "=", `rfp:${rfpId}`).orderBy("stream_seq").execute();
      expect(rows.map((r) => r.stream_seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(rows.every((r) => r.entity_id === rfpId)).toBe(true);
    }
    expect(await verifyAuditChain(t.db, 5)).toEqual({ ok: true, checked: 5 + 12 + 24, streams: 3 + 3 });
  });

  // Only a multi-session server can show writers not waiting for each other: PGlite is one
  // session (every transaction queues), so this runs in the PostgreSQL pass of the suite.
  const concurrent = process.env.TEST_DATABASE_URL ? it : null;
  concurrent?.("does not make writers on different RFPs wait for each other (PostgreSQL)", async () => {
    const [x, y] = [randomUUID(), randomUUID()];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const inside = new Promise<void>((resolve) => (appended = resolve));
    const holder = t.db.transaction().execute(async (trx) => {
      await appendAuditEvent(trx, rfpEvent(x, 1));
      appended();
      await held;
    });
    await inside;
    try {
      // Another RFP's stream: done while the first transaction still holds its stream.
      const other = appendAuditEvent(t.db, rfpEvent(y, 1)).then(() => "done");
      expect(await Promise.race([other, new Promise((resolve) => setTimeout(() => resolve("blocked"), 3_000))])).toBe("done");
      // The same RFP's stream: waits for it.
      let sameDone = false;
      const same = appendAuditEvent(t.db, rfpEvent(x, 2)).then(() => (sameDone = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sameDone).toBe(false);
      release();
      await holder;
      await same;
      expect(sameDone).toBe(true);
    } finally {
      release();
      await holder;
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("refuses updates and deletes, of events and of stream heads", async () => {
    await expect(sql`update audit_events set action = 'forged'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_streams set head_seq = head_seq - 1`.execute(t.db)).rejects.toThrow(/only moves forward/);
    await expect(sql`update audit_streams set head_seq = head_seq + 1`.execute(t.db)).rejects.toThrow(/only moves forward/);
    await expect(sql`delete from audit_streams`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`insert into audit_streams values ('forged', 5, ${"f".repeat(64)})`.execute(t.db)).rejects.toThrow(/starts empty/);
  });

  it("names the stream and the row of an edit when someone bypasses the trigger", async () => {
    const rfpId = randomUUID();
    for (let i = 0; i < 6; i++) await appendAuditEvent(t.db, rfpEvent(rfpId, i));
    const stream = `rfp:${rfpId}`;
    const target = await t.db.selectFrom("audit_events").select(["id", "data"]).where("stream", "=", stream).where("stream_seq", "=", 4).executeTakeFirstOrThrow();
    await withTriggerOff(() => sql`update audit_events set data = '{"i": 999}'::jsonb where id = ${target.id}`.execute(t.db));
    try {
      const verification = await verifyAuditChain(t.db, 7);
      expect(verification.ok).toBe(false);
      expect(verification.brokenAt).toEqual({ stream, id: target.id, seq: 4, reason: "its content does not match its hash" });
    } finally {
      await withTriggerOff(() => sql`update audit_events set data = ${JSON.stringify(target.data)}::jsonb where id = ${target.id}`.execute(t.db));
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("notices a removed event, a removed tail and a row moved to another stream", async () => {
    const rfpId = randomUUID();
    for (let i = 0; i < 4; i++) await appendAuditEvent(t.db, rfpEvent(rfpId, i));
    const stream = `rfp:${rfpId}`;
    const rows = await t.db.selectFrom("audit_events").selectAll().where("stream", "=", stream).orderBy("stream_seq").execute();
    const restore = (row: (typeof rows)[number]) =>
      t.db
        .insertInto("audit_events")
        .values({ ...row, data: JSON.stringify(row.data) } as never)
        .execute();
    const brokenAfter = async (tamper: () => Promise<unknown>, undo: () => Promise<unknown>) => {
      await withTriggerOff(tamper);
      try {
        return (await verifyAuditChain(t.db)).brokenAt;
      } finally {
        await withTriggerOff(undo);
      }
    };

    expect(await brokenAfter(() => t.db.deleteFrom("audit_events").where("id", "=", rows[1]!.id).execute(), () => restore(rows[1]!))).toEqual({
      stream,
      id: rows[2]!.id,
      seq: 3,
      reason: "the event before it in its stream is missing",
    });
    expect(await brokenAfter(() => t.db.deleteFrom("audit_events").where("id", "=", rows[3]!.id).execute(), () => restore(rows[3]!))).toEqual({
      stream,
      id: rows[2]!.id,
      seq: 3,
      reason: "the stream's last event is missing: the register of heads records event 4 of the stream, the trail ends at event 3",
    });
    expect(await brokenAfter(() => t.db.deleteFrom("audit_events").where("stream", "=", stream).execute(), async () => { for (const row of rows) await restore(row); })).toEqual({
      stream,
      id: null,
      seq: null,
      reason: "all 4 events of the stream are missing",
    });
    // Moved to the end of another stream (with a forged head): its hash names its own stream.
    const other = `rfp:${randomUUID()}`;
    await appendAuditEvent(t.db, rfpEvent(other.slice(4), 0));
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    const moved = await brokenAfter(
      () => sql`update audit_events set stream = ${other}, stream_seq = 2, prev_hash = (select hash from audit_events where stream = ${other} and stream_seq = 1) where id = ${rows[3]!.id}`.execute(t.db),
      () => sql`update audit_events set stream = ${stream}, stream_seq = 4, prev_hash = ${rows[3]!.prev_hash} where id = ${rows[3]!.id}`.execute(t.db),
    );
    expect([stream, other]).toContain(moved?.stream);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
