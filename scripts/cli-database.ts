// Opens the configured database for a command-line script, with the same configuration
// rules as the server, and prints configuration errors as one line.
import { openDatabase, type DatabaseHandle } from "../db/client";
import { ConfigError, loadConfig, type AppConfig } from "../app/config.server";

export async function withDatabase<T>(work: (handle: DatabaseHandle, config: AppConfig) => Promise<T>): Promise<T> {
  let config: AppConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase(config.database);
    if (!(await handle.ping(5_000))) throw new Error("no answer");
  } catch (error) {
    const where = config.embedded ? `the embedded database in ${config.dataDir} (is the server running? stop it first)` : "the PostgreSQL server in DATABASE_URL";
    console.error(`Cannot open ${where}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  try {
    return await work(handle, config);
  } finally {
    await handle.close();
  }
}
