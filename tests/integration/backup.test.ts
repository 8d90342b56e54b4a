// Backups (npm run db:backup / db:restore): a backup restored into a fresh database holds every
// bid version with its hash, and its audit trail still verifies. PGlite's dump in-process;
// pg_dump / pg_restore into a scratch database when TEST_DATABASE_URL is set.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { verifyAuditChain } from "../../db/queries/audit";
import { backupPostgres, BackupError, restorePglite, restorePostgres, writeDump } from "../../scripts/database-backup";
import { seedDemo } from "~/services/seed-demo.server";
import { publishedRfp, saveSample, submit, vendorsFor } from "../support/bids";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actor } from "../support/rfp";

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), "pareto-backup-"));
  await seedDemo(t.db);
  // A few more versions on a fresh RFP: two vendors, one of them revising.
  const buyer = await actor(t, "buyer@demo.pareto");
  const rfpId = await publishedRfp(t, buyer, `BK-${randomBytes(3).toString("hex")}`);
  const [a, b] = await vendorsFor(t, rfpId, 2);
  await saveSample(t, rfpId, a!);
  await saveSample(t, rfpId, b!, 1.05);
  await submit(t, rfpId, a!);
  await submit(t, rfpId, b!);
  await submit(t, rfpId, a!);
});
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function facts(handle: Pick<DatabaseHandle, "db">) {
  const versions = await handle.db.selectFrom("bid_versions").select(["id", "bid_id", "version_number", "content_hash", "received_at"]).orderBy("id").execute();
  const contents = await handle.db
    .selectFrom("bid_version_contents")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return {
    versions,
    contents: Number(contents.n),
    audit: await verifyAuditChain(handle.db),
  };
}

describe("backup and restore", () => {
  it("has something to back up", async () => {
    const before = await facts(t);
    expect(before.versions.length).toBeGreaterThanOrEqual(3);
    expect(before.audit.ok).toBe(true);
  });

  // The database under test decides the format: PGlite's own dump, or pg_dump / pg_restore.
  it("restores a backup into a fresh database with every bid version, its hash and a verifying audit trail", async () => {
    if (t.driver === "pglite") await pgliteRoundTrip();
    else await postgresRoundTrip();
  });
});

async function pgliteRoundTrip() {
  const before = await facts(t);
  const file = path.join(dir, "backup.tar.gz");
  expect(await writeDump(await t.dumpDataDir!(), file)).toBeGreaterThan(0);
  const dataDir = path.join(dir, "restored");
  await restorePglite(file, dataDir);
  const restored = await openDatabase({ kind: "pglite", dataDir });
  try {
    expect(await facts(restored)).toEqual(before);
  } finally {
    await restored.close();
  }
  await expect(restorePglite(file, dataDir)).rejects.toThrow(BackupError);
  await expect(restorePglite(file, dataDir)).rejects.toThrow(/not empty/);
}

async function postgresRoundTrip() {
  const before = await facts(t);
  const source = (t.target as { url: string }).url;
  const file = path.join(dir, "backup.dump");
  await backupPostgres(source, file);
  const name = `pareto_restore_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL,
  });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  try {
    await restorePostgres(url.toString(), file);
    const restored = await openDatabase({
      kind: "postgres",
      url: url.toString(),
    });
    try {
      expect(await facts(restored)).toEqual(before);
    } finally {
      await restored.close();
    }
    await expect(restorePostgres(url.toString(), file)).rejects.toThrow(/refusing to restore over an existing database/);
    await restorePostgres(url.toString(), file, { force: true });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
