// Opens the database: `pg` against a PostgreSQL server, or embedded PGlite in a folder
// (or in memory for tests). Both drivers return the same JavaScript types:
// int8 (bigint, count(*)) → number, numeric → string, timestamptz → Date.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import pgUtils from "pg/lib/utils.js";
import { serialize } from "pg-protocol";
import type { BackendMessage } from "pg-protocol/dist/messages.js";
import { Parser } from "pg-protocol/dist/parser.js";
import type { PGlite as PGliteType } from "@electric-sql/pglite";
import type { Database } from "./schema";

export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string | null; loadDataDir?: Blob };

const INT8 = 20;
const NUMERIC = 1700;

/** The text-format value parser of a column type, for both drivers: pg's own, with int8 as a number and numeric as text. */
function typeParserOf(oid: number): (value: string) => unknown {
  if (oid === INT8) return Number;
  if (oid === NUMERIC) return (value: string) => value;
  return pg.types.getTypeParser(oid, "text");
}

/** Thrown when the database cannot be reached; the web layer answers 503 for it. */
export class DatabaseUnavailableError extends Error {
  override readonly name = "DatabaseUnavailableError";
  constructor(cause: unknown) {
    super(`The database is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Connection-class failures, as opposed to errors in a statement. */
export function isConnectivityError(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN"].includes(code)) return true;
    // 08: connection exception; 57P01–57P03: admin shutdown, crash shutdown, cannot connect now.
    if (code.startsWith("08") || ["57P01", "57P02", "57P03"].includes(code)) return true;
  }
  return /Connection terminated|Connection ended|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    error.message,
  );
}

/** Tracks whether the last attempt to reach the database failed, for the 503 answer. */
export class DatabaseHealth {
  #down = false;
  get isDown(): boolean {
    return this.#down;
  }
  markUp(): void {
    this.#down = false;
  }
  markDown(): void {
    this.#down = true;
  }
}

interface PoolClientLike {
  query(sql: string, parameters: readonly unknown[]): Promise<{ command: string; rowCount: number; rows: unknown[] }>;
  release(): void;
}

/**
 * Kysely's PostgresDialect over one PGlite instance. PGlite is a single session, so the
 * pool hands out one connection at a time (a promise chain as mutex): a transaction
 * holds it from `begin` to `commit`, and nothing interleaves.
 */
class PGlitePool {
  #tail: Promise<void> = Promise.resolve();
  /** The statements marked PREPARED that this PGlite session has parsed (its one session keeps them). */
  readonly #prepared = new Set<string>();
  constructor(private readonly pglite: PGliteType) {}

  async connect(): Promise<PoolClientLike> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => turn);
    await previous;
    let released = false;
    return {
      query: (text, parameters) => queryPGlite(this.pglite, this.#prepared, text, parameters),
      release: () => {
        if (!released) {
          released = true;
          release();
        }
      },
    };
  }

  async end(): Promise<void> {
    await this.#tail;
    await this.pglite.close();
  }
}

/**
 * One statement on PGlite as node-postgres sends it to a server: the parameters serialised by
 * pg (untyped text, the server infers their types), Parse, Bind, Describe, Execute and Sync in
 * one protocol message, one call into the WASM PostgreSQL, the reply read with pg's protocol
 * parser and its type parsers. PGlite's own `query` makes six calls (it describes the statement
 * first to type the parameters itself), which cost twice the time of a short statement, and
 * it parses values its own way: with this, both databases return the same JavaScript values.
 * A statement marked PREPARED is parsed and planned once per session, as on PostgreSQL (the
 * workspace and access statements' planning was most of a page's time on PGlite).
 */
async function queryPGlite(pglite: PGliteType, prepared: Set<string>, text: string, parameters: readonly unknown[]): Promise<{ command: string; rowCount: number; rows: unknown[] }> {
  const values = parameters.map((value) => pgUtils.prepareValue(value) as string | Buffer | null);
  const name = preparedName(text);
  const parse = name && prepared.has(name) ? [] : [serialize.parse({ text, name: name ?? "", types: [] })];
  const message = Buffer.concat([...parse, serialize.bind({ statement: name ?? "", values }), serialize.describe({ type: "P" }), serialize.execute(), serialize.sync()]);
  const reply = await pglite.execProtocolRaw(message);
  let names: string[] = [];
  let parsers: ((value: string) => unknown)[] = [];
  const rows: Record<string, unknown>[] = [];
  let command = "";
  let rowCount = 0;
  let failure: BackendMessage | null = null;
  new Parser().parse(Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength), (msg) => {
    if (msg.name === "rowDescription") {
      const { fields } = msg as BackendMessage & { fields: { name: string; dataTypeID: number }[] };
      names = fields.map((f) => f.name);
      parsers = fields.map((f) => typeParserOf(f.dataTypeID));
    } else if (msg.name === "dataRow") {
      const { fields } = msg as BackendMessage & { fields: (string | null)[] };
      const row: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const value = fields[i];
        row[names[i]!] = value === null || value === undefined ? null : parsers[i]!(value);
      }
      rows.push(row);
    } else if (msg.name === "commandComplete") {
      // As pg reads it: "SELECT 3", "UPDATE 2", "INSERT 0 1" (oid, then count).
      const match = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/.exec((msg as BackendMessage & { text: string }).text);
      if (match) {
        command = match[1]!;
        rowCount = Number(match[3] ?? match[2] ?? 0);
      }
    } else if (msg.name === "parseComplete") {
      if (name) prepared.add(name);
    } else if (msg.name === "error") {
      failure ??= msg;
    }
  });
  if (failure) throw failure;
  return { command, rowCount: command === "SELECT" && rowCount === 0 ? rows.length : rowCount, rows };
}

/**
 * Marks a statement to be prepared: the first call on a connection parses and plans it, later
 * calls only bind and execute it (planning was most of the server's time for a submission's
 * statements). For statements whose text never varies (no lists of variable length) on hot
 * paths: begin a raw statement with it, or give it to a select builder's `modifyFront`. PGlite, a
 * single session, keeps them the same way (queryPGlite).
 */
export const PREPARED = "/* prepared */";
/** Beyond this many marked texts (a marked statement whose text varies), the rest run unprepared. */
const MAX_PREPARED = 100;
const preparedNames = new Map<string, string>();

function preparedName(text: string): string | undefined {
  // The mark is at the start, or after a builder's first keyword: only the head is searched.
  if (!text.slice(0, 32).includes(PREPARED)) return undefined;
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED) preparedNames.set(text, (name = `prepared_${preparedNames.size + 1}`));
  return name;
}

/** A pg pool whose failures to connect mark the health, and whose successes clear it. */
function createPgPool(url: string, health: DatabaseHealth): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => (format === "binary" ? pg.types.getTypeParser(oid, "binary") : typeParserOf(oid))) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on("error", () => health.markDown());
  // Nor a checked-out one: between two queries of a transaction its connection can end, and
  // pg then emits "error" on the client itself, which has no listener while it is checked out
  // (the pool's listener covers idle clients only). The query in flight fails on its own.
  pool.on("connect", (client) => client.on("error", () => health.markDown()));
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as unknown as { connect: () => Promise<PoolClientLike> }).connect = async () => {
    let client: pg.PoolClient;
    try {
      client = await connect();
    } catch (error) {
      health.markDown();
      throw new DatabaseUnavailableError(error);
    }
    return {
      query: async (text, parameters) => {
        try {
          const name = preparedName(text);
          const result = name ? await client.query({ name, text, values: parameters as unknown[] }) : await client.query(text, parameters as unknown[]);
          health.markUp();
          return { command: result.command, rowCount: result.rowCount ?? 0, rows: result.rows };
        } catch (error) {
          if (isConnectivityError(error)) {
            health.markDown();
            throw new DatabaseUnavailableError(error);
          }
          throw error;
        }
      },
      release: () => client.release(),
    };
  };
  return pool;
}

/**
 * Runs initdb for a new embedded database in a short-lived child process: initdb grows
 * PGlite's WASM memory to ~600 MB, which a process never gives back, so the server would
 * idle at twice the memory it needs.
 */
async function initialiseDataDir(dataDir: string): Promise<void> {
  const code = 'const { PGlite } = await import("@electric-sql/pglite"); const db = await PGlite.create({ dataDir: process.argv[1] }); await db.close();';
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", code, dataDir], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (exitCode) =>
      exitCode === 0 ? resolve() : reject(new Error(`could not create the embedded database in ${dataDir}: ${stderr.trim().split("\n").pop() ?? exitCode}`)),
    );
  });
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  health: DatabaseHealth;
  target: DatabaseTarget;
  /** Answers whether the database responds within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Embedded only: the whole data directory as a tarball (test templates, backups). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Called with the text of every statement sent, transaction control included (benchmarks count them). */
  onStatement?: (sql: string) => void;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<DatabaseHandle> {
  const health = new DatabaseHealth();
  let pool: unknown;
  let dumpDataDir: (() => Promise<Blob>) | undefined;
  if (target.kind === "postgres") {
    pool = createPgPool(target.url, health);
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    const create = () =>
      PGlite.create({
        dataDir: target.dataDir ?? undefined,
        loadDataDir: target.loadDataDir,
        // PostgreSQL's default 128 MB of shared buffers costs ~600 MB of WASM memory; a
        // portal's working set fits in 16 MB.
        postgresqlconf: ["shared_buffers = 16MB"],
        // Statements go through queryPGlite (pg's parsers); these keep PGlite's own `query` (the backup script's ping) alike.
        parsers: { [INT8]: (value: string) => Number(value), [NUMERIC]: (value: string) => value },
      });
    if (target.dataDir) {
      await mkdir(target.dataDir, { recursive: true });
      if (!existsSync(path.join(target.dataDir, "PG_VERSION"))) await initialiseDataDir(target.dataDir);
    }
    const pglite = await create();
    pool = new PGlitePool(pglite);
    dumpDataDir = async () => (await pglite.dumpDataDir("gzip")) as Blob;
  }
  const onStatement = options.onStatement;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: pool as never }),
    // Kysely logs every statement of a connection, `begin` and `commit` included, failed ones as errors.
    ...(onStatement ? { log: (event: { query: { sql: string } }) => onStatement(event.query.sql) } : {}),
  });
  return {
    db,
    health,
    target,
    async ping(timeoutMs = 2_000) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          sql`select 1`.execute(db),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error("ping timed out")), timeoutMs);
          }),
        ]);
        health.markUp();
        return true;
      } catch {
        health.markDown();
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    dumpDataDir,
    close: () => db.destroy(),
  };
}
