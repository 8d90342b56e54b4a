// The process-wide runtime: configuration and the open database, set up once at start
// (migrate, seed the embedded demo) and closed on shutdown. Kept on globalThis so a
// rebuilt module in development reuses the same database instead of opening a second.
import { countUsers } from "../db/queries/accounts";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { loadConfig, type AppConfig } from "./config.server";
import { missingWorkerFiles, WORKER_FILES } from "./exports/workers.server";
import { createMailTransport, startDeliveryLoop, type DeliveryLoop } from "./services/notifications.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "./services/seed-demo.server";

export interface Runtime {
  config: AppConfig;
  database: DatabaseHandle;
  /** Sends the notification outbox; null without SMTP_URL, when the mailbox page shows it. */
  delivery: DeliveryLoop | null;
}

const holder = globalThis as typeof globalThis & { __paretoRuntime?: Promise<Runtime> };

export function runtime(): Promise<Runtime> {
  if (!holder.__paretoRuntime) throw new Error("The Pareto runtime was not started (server.js calls startup()).");
  return holder.__paretoRuntime;
}

/** `workerFiles`: the worker scripts that must be on disk (tests pass others). */
export async function startup(log: (line: string) => void = console.log, workerFiles: readonly URL[] = WORKER_FILES): Promise<Runtime> {
  if (holder.__paretoRuntime) return holder.__paretoRuntime;
  const starting = (async () => {
    // Checked first: without them the first upload or large award pack would fail, not the start.
    const missing = missingWorkerFiles(workerFiles);
    if (missing.length) {
      const files = missing.length === 1 ? `the worker script ${missing[0]} is missing` : `the worker scripts ${missing.join(", ")} are missing`;
      throw new StartupError(`Cannot start: ${files}. \`npm run build\` writes them beside build/index.js: deploy the whole build/ folder.`);
    }
    const config = await loadConfig();
    let database: DatabaseHandle;
    try {
      database = await openDatabase(config.database);
      if (!(await database.ping(5_000))) throw new Error("no answer");
    } catch (error) {
      const where = config.embedded ? `the embedded database in ${config.dataDir}` : "the PostgreSQL server in DATABASE_URL";
      throw new StartupError(`Cannot open ${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const applied = await migrateToLatest(database.db);
    if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);
    // Demo data only on a brand-new embedded database, never on a server that has users.
    if (config.embedded && (await countUsers(database.db)) === 0) {
      await seedDemo(database.db);
      log(`Seeded the demo data: ${DEMO_ACCOUNTS.length} demo accounts, password "${DEMO_PASSWORD}".`);
    }
    const delivery = config.smtp ? startDeliveryLoop(database.db, createMailTransport(config.smtp), { log, publicUrl: config.publicUrl }) : null;
    return { config, database, delivery };
  })();
  holder.__paretoRuntime = starting;
  // A failed start must not be cached: the next attempt starts afresh.
  starting.catch(() => {
    if (holder.__paretoRuntime === starting) holder.__paretoRuntime = undefined;
  });
  return starting;
}

export async function shutdown(): Promise<void> {
  const current = holder.__paretoRuntime;
  holder.__paretoRuntime = undefined;
  if (!current) return;
  const { database, delivery } = await current;
  // The round in flight finishes first, so no message is left half-recorded.
  await delivery?.stop().catch(() => undefined);
  await database.close().catch(() => undefined);
}

export class StartupError extends Error {
  override readonly name = "StartupError";
}
