// A fresh, migrated database for a benchmark, dropped afterwards: a scratch database on the
// PostgreSQL server (TEST_DATABASE_URL, or the local server), or an in-memory PGlite with
// BENCH_DATABASE=pglite.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { migrateToLatest } from "../db/migrate";

export const BENCH_SERVER = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function adminQuery(query: string) {
  const client = new pg.Client({ connectionString: BENCH_SERVER });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  handle: DatabaseHandle;
  /** Where it runs, for the benchmark's first line (no credentials). */
  label: string;
  /** Its connection string on PostgreSQL (for a server started on it); null for PGlite in memory. */
  url: string | null;
  /** Closes and drops it. */
  dispose: () => Promise<void>;
}

export async function scratchDatabase(): Promise<ScratchDatabase> {
  if (process.env.BENCH_DATABASE === "pglite") {
    const handle = await openDatabase({ kind: "pglite", dataDir: null });
    await migrateToLatest(handle.db);
    return { handle, label: "PGlite (in memory)", url: null, dispose: () => handle.close() };
  }
  const name = `pareto_bench_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(BENCH_SERVER);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString() });
  await migrateToLatest(handle.db);
  return {
    handle,
    url: url.toString(),
    label: `PostgreSQL (${BENCH_SERVER.replace(/\/\/[^@]*@/, "//")})`,
    dispose: async () => {
      await handle.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
