// npm run db:backup [-- FILE]: a backup of the configured database. Embedded: PGlite's dump
// of its data directory (.tar.gz; stop the server first). PostgreSQL: pg_dump -Fc.
import { ConfigError, loadConfig } from "../app/config.server";
import { backupPglite, backupPostgres, BackupError, defaultBackupFile, describeUrl } from "./database-backup";

try {
  const config = await loadConfig();
  const target = config.database;
  const file = process.argv[2] ?? defaultBackupFile(target.kind);
  if (target.kind === "pglite") {
    const bytes = await backupPglite(target.dataDir!, file).catch((error: unknown) => {
      if (error instanceof BackupError) throw error;
      throw new BackupError(`Cannot read the embedded database in ${target.dataDir} (is the server running? stop it first): ${error instanceof Error ? error.message : String(error)}`);
    });
    console.log(`Backed up the embedded database in ${target.dataDir} to ${file} (${(bytes / 1e6).toFixed(1)} MB).`);
  } else {
    await backupPostgres(target.url, file);
    console.log(`Backed up ${describeUrl(target.url)} to ${file} (pg_dump custom format).`);
  }
} catch (error) {
  if (error instanceof BackupError || error instanceof ConfigError) {
    console.error(error.message);
    process.exitCode = 1;
  } else throw error;
}
