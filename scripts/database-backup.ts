// Backups of either database, for `npm run db:backup` / `npm run db:restore` and the tests.
// Embedded (PGlite): its own dump of the data directory, a .tar.gz, restored into a fresh
// data directory. PostgreSQL: pg_dump's custom format (-Fc), restored with pg_restore.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../db/client";

export class BackupError extends Error {
  override readonly name = "BackupError";
}

/** A database URL without its password, for messages. */
export function describeUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//");
}

export function defaultBackupFile(kind: "pglite" | "postgres", now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return kind === "pglite" ? `pareto-backup-${stamp}.tar.gz` : `pareto-backup-${stamp}.dump`;
}

// ---------------------------------------------------------------------------------------
// Embedded

/** Dumps the embedded database in dataDir (the server must be stopped) to file; returns its size. */
export async function backupPglite(dataDir: string, file: string): Promise<number> {
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) throw new BackupError(`There is no embedded database in ${dataDir}.`);
  const handle = await openDatabase({ kind: "pglite", dataDir });
  try {
    return await writeDump(await handle.dumpDataDir!(), file);
  } finally {
    await handle.close();
  }
}

export async function writeDump(dump: Blob, file: string): Promise<number> {
  const bytes = new Uint8Array(await dump.arrayBuffer());
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  // Written next to its place and renamed: a crash leaves no half backup under the name.
  const partial = `${file}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, file);
  return bytes.length;
}

/**
 * Restores a PGlite dump into dataDir, which must be missing or empty; with force, a
 * non-empty dataDir is moved aside (to `<dataDir>.before-restore-<time>`), never deleted.
 * Returns where the previous data went, if anywhere.
 */
export async function restorePglite(file: string, dataDir: string, options: { force?: boolean } = {}): Promise<{ movedAside: string | null }> {
  const dump = new Blob([new Uint8Array(await readFile(file))]);
  let movedAside: string | null = null;
  if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
    if (!options.force) throw new BackupError(`${dataDir} is not empty: refusing to restore over an existing database. Use --force to move it aside first.`);
    movedAside = `${dataDir}.before-restore-${defaultBackupFile("pglite").slice("pareto-backup-".length, -".tar.gz".length)}`;
    await rename(dataDir, movedAside);
  }
  await mkdir(dataDir, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = await PGlite.create({ dataDir, loadDataDir: dump });
  try {
    await pglite.query("select 1");
  } finally {
    await pglite.close();
  }
  return { movedAside };
}

// ---------------------------------------------------------------------------------------
// PostgreSQL

/** Fails with a clear message when a client program is not on PATH. */
export async function requireProgram(name: "pg_dump" | "pg_restore"): Promise<void> {
  try {
    await run(name, ["--version"]);
  } catch {
    throw new BackupError(`${name} was not found on PATH. Install the PostgreSQL client programs (Debian/Ubuntu: apt-get install postgresql-client; the major version must be at least the server's).`);
  }
}

function run(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new BackupError(`${program} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/** pg_dump -Fc of the database at url into file. */
export async function backupPostgres(url: string, file: string): Promise<void> {
  await requireProgram("pg_dump");
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, `--dbname=${url}`]);
  await rename(partial, file);
}

/** The tables in the database's public schema (a fresh database has none). */
async function tablesIn(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>("select count(*) as n from pg_tables where schemaname = 'public'");
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

/**
 * pg_restore of file into the database at url, in one transaction (all or nothing). The
 * database must be empty (createdb it first); with force, existing objects are dropped first.
 */
export async function restorePostgres(url: string, file: string, options: { force?: boolean } = {}): Promise<void> {
  await requireProgram("pg_restore");
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const tables = await tablesIn(url);
  if (tables > 0 && !options.force) throw new BackupError(`${describeUrl(url)} already has ${tables} tables: refusing to restore over an existing database. Restore into a new one (createdb), or use --force to drop its objects first.`);
  const args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${url}`];
  if (tables > 0) args.push("--clean", "--if-exists");
  await run("pg_restore", [...args, file]);
}
