// The same migrations and the same answers on PGlite and on PostgreSQL.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtOnce } from "../../db/built-once";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../migrations/index";
import { createTestDatabase, type TestDatabase } from "../support/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("database", () => {
  it("has every core table after migrating, and migrating again applies nothing", async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(t.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(["audit_events", "memberships", "organisations", "sessions", "sign_in_attempts", "users"]),
    );
    expect(await migrateToLatest(t.db)).toEqual([]);
  });

  it("returns bigint and count(*) as numbers and numeric as strings on both drivers", async () => {
    const { rows } = await sql<{ big: unknown; n: unknown; amount: unknown }>`
      select 9007199254740991::bigint as big, (select count(*) from users) as n, 12.50::numeric as amount`.execute(t.db);
    expect(rows[0]).toEqual({ big: 9007199254740991, n: 0, amount: "12.50" });
  });

  it("reports affected rows for updates and deletes", async () => {
    await t.db.insertInto("organisations").values([{ name: "Rows A", kind: "buyer" }, { name: "Rows B", kind: "buyer" }]).execute();
    const updated = await t.db.updateTable("organisations").set({ kind: "vendor" }).where("name", "like", "Rows %").executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(2n);
    const deleted = await t.db.deleteFrom("organisations").where("name", "=", "Rows A").executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(1n);
  });

  it("rolls back everything in a failed transaction", async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.insertInto("organisations").values({ name: "Half written", kind: "buyer" }).execute();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const found = await t.db.selectFrom("organisations").select("id").where("name", "=", "Half written").execute();
    expect(found).toEqual([]);
  });

  it("keeps concurrent transactions apart", async () => {
    // On PGlite the pool hands out one session at a time; on pg these are real parallel sessions.
    const names = Array.from({ length: 8 }, (_, i) => `Concurrent ${i}`);
    await Promise.all(
      names.map((name, i) =>
        t.db.transaction().execute(async (trx) => {
          await trx.insertInto("organisations").values({ name, kind: "vendor" }).execute();
          if (i % 2 === 1) throw new Error("rolled back");
        }).catch(() => undefined),
      ),
    );
    const rows = await t.db.selectFrom("organisations").select("name").where("name", "like", "Concurrent %").orderBy("name").execute();
    expect(rows.map((r) => r.name)).toEqual(["Concurrent 0", "Concurrent 2", "Concurrent 4", "Concurrent 6"]);
  });

  it("applies each migration once when two servers start at the same moment", async () => {
    // Only a server can have two processes; on PGlite this is one session and still must hold.
    if (t.driver === "postgres") {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      const name = `pareto_race_${process.pid}_${Date.now()}`;
      await sql.raw(`create database ${name}`).execute(t.db);
      url.pathname = `/${name}`;
      const [a, b] = await Promise.all([openDatabase({ kind: "postgres", url: url.toString() }), openDatabase({ kind: "postgres", url: url.toString() })]);
      try {
        const [first, second] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
        expect([...first, ...second].sort()).toEqual(Object.keys(migrations).sort());
      } finally {
        await a.close();
        await b.close();
        await sql.raw(`drop database ${name} with (force)`).execute(t.db);
      }
    } else {
      const [first, second] = await Promise.all([migrateToLatest(t.db), migrateToLatest(t.db)]);
      expect([...first, ...second]).toEqual([]);
    }
  });

  it("answers a ping and notes the database as up", async () => {
    expect(await t.ping()).toBe(true);
    expect(t.health.isDown).toBe(false);
  });

  describe("a statement built once (builtOnce)", () => {
    const byKindAndName = builtOnce((db, v: { kind: "buyer" | "vendor"; prefix: string }) =>
      db.selectFrom("organisations").select(["name", "kind"]).where("kind", "=", v.kind).where("name", "like", sql<string>`${v.prefix} || '%'`).where("name", "!=", "Once excluded").orderBy("name"),
    );

    it("sends the text the builder writes, and binds each call's own values", async () => {
      await t.db.insertInto("organisations").values([{ name: "Once A", kind: "buyer" }, { name: "Once B", kind: "vendor" }, { name: "Once excluded", kind: "buyer" }, { name: "Twice C", kind: "buyer" }]).execute();
      const built = t.db.selectFrom("organisations").select(["name", "kind"]).where("kind", "=", "buyer").where("name", "like", sql<string>`${"Once"} || '%'`).where("name", "!=", "Once excluded").orderBy("name").compile();
      expect(byKindAndName.sql).toBe(built.sql);
      expect(await byKindAndName.rows(t.db, { kind: "buyer", prefix: "Once" })).toEqual([{ name: "Once A", kind: "buyer" }]);
      expect(await byKindAndName.rows(t.db, { kind: "vendor", prefix: "Once" })).toEqual([{ name: "Once B", kind: "vendor" }]);
      expect(await byKindAndName.rows(t.db, { kind: "buyer", prefix: "Twice" })).toEqual([{ name: "Twice C", kind: "buyer" }]);
      // In the caller's transaction: it sees what the transaction wrote.
      await t.db.transaction().execute(async (trx) => {
        await trx.insertInto("organisations").values({ name: "Twice D", kind: "buyer" }).execute();
        expect((await byKindAndName.rows(trx, { kind: "buyer", prefix: "Twice" })).map((r) => r.name)).toEqual(["Twice C", "Twice D"]);
      });
    });

    it("refuses a value that would shape the statement, and a call without one of its values", async () => {
      const shaped = builtOnce((db, v: { onlyBuyers: boolean; name: string }) => db.selectFrom("organisations").select("name").where("name", "=", v.name).$if(v.onlyBuyers, (q) => q.where("kind", "=", "buyer")));
      await expect(shaped.rows(t.db, { onlyBuyers: false, name: "Once A" })).rejects.toThrow(/onlyBuyers used other than as a value/);
      await expect(byKindAndName.rows(t.db, { kind: "buyer" } as never)).rejects.toThrow("builtOnce: no value for prefix");
    });
  });
});
