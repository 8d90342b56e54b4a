// Each test file gets its own migrated database: an in-memory PGlite by default, or a
// fresh database on the PostgreSQL server in TEST_DATABASE_URL, so files run in parallel.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { inject } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface TestDatabase extends DatabaseHandle {
  /** "postgres" or "pglite": the driver under test, for test names. */
  driver: string;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // Loading the migrated template skips initdb and the migrations: ~1 s instead of ~3 s.
    const templateFile = inject("pgliteTemplate");
    const template = templateFile ? new Blob([new Uint8Array(await readFile(templateFile))]) : undefined;
    const handle = await openDatabase({ kind: "pglite", dataDir: null, loadDataDir: template });
    await migrateToLatest(handle.db);
    return { ...handle, driver: "pglite" };
  }
  const name = `pareto_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString() });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    driver: "postgres",
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * A handle on the same database that counts the statements run through it (the statement
 * budgets of issue 15). Counted as their results come back: a statement built once
 * (db/built-once.ts) is not built through this handle, but its result passes here.
 */
export function countingStatements(db: Kysely<Database>): { db: Kysely<Database>; statements: () => number } {
  let n = 0;
  const counted = db.withPlugin({
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      n += 1;
      return args.result;
    },
  });
  return { db: counted, statements: () => n };
}
