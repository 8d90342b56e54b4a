// npm run db:restore -- FILE [--force]: restores a backup made by db:backup into the
// configured database, which must be new and empty (--force: embedded, move the data folder
// aside; PostgreSQL, drop the existing objects first). Stop the server first.
import { ConfigError, loadConfig } from "../app/config.server";
import { BackupError, describeUrl, restorePglite, restorePostgres } from "./database-backup";

const args = process.argv.slice(2);
const force = args.includes("--force");
const files = args.filter((a) => a !== "--force");
try {
  if (files.length !== 1) throw new BackupError("Usage: npm run db:restore -- FILE [--force]");
  const file = files[0]!;
  const config = await loadConfig();
  const target = config.database;
  if (target.kind === "pglite") {
    const { movedAside } = await restorePglite(file, target.dataDir!, { force });
    if (movedAside) console.log(`The previous embedded database was moved to ${movedAside}.`);
    console.log(`Restored ${file} into ${target.dataDir}. Start the server: it applies any newer migrations.`);
  } else {
    await restorePostgres(target.url, file, { force });
    console.log(`Restored ${file} into ${describeUrl(target.url)}. Start the server: it applies any newer migrations.`);
  }
} catch (error) {
  if (error instanceof BackupError || error instanceof ConfigError) {
    console.error(error.message);
    process.exitCode = 1;
  } else throw error;
}
