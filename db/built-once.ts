// Statements built and compiled once, bound to their values on every call.
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Compilable, type CompiledQuery } from "kysely";
import type { Executor } from "./queries/executor";
import type { Database } from "./schema";

/** Where a value goes in a statement built once: a parameter filled in at each call. */
class Slot {
  constructor(readonly key: string) {}
}

/** Builds and compiles only; never connects (Kysely's own recipe for building apart from running). */
const builder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export interface BuiltStatement<Values, Row> {
  /** The statement's text, as compiled once (tests compare it with the builder's). */
  readonly sql: string;
  /** Its rows for these values, on the database or the caller's transaction. */
  rows(db: Executor, values: Values): Promise<Row[]>;
}

/**
 * A statement that Kysely builds and compiles once instead of on every call. Building one of
 * the portal's larger selects (the session's account, an RFP with its lifecycle facts) cost
 * 0.05–0.3 ms of every request that ran it: Kysely makes and freezes a tree of nodes for every
 * column and condition, then walks it to write the text. The text of these statements never
 * depends on their values, so it is written once and each call only binds its values.
 *
 * `build` receives stand-ins for its values and may use them only as values (compared,
 * inserted, passed to `sql`): a stand-in cannot decide the statement's shape (`$if`, a list
 * for `in`, arithmetic), and a value the statement never binds is refused when it is built.
 * Values computed at call time (the clock) must be passed in, not made inside `build`. A
 * plugin of the database it runs on sees its result, not its building (the portal uses none).
 */
export function builtOnce<Values extends Record<string, unknown>, Row>(build: (db: Kysely<Database>, values: Values) => Compilable<Row>): BuiltStatement<Values, Row> {
  let compiled: CompiledQuery<Row> | undefined;
  const compile = (): CompiledQuery<Row> => {
    const used = new Set<string>();
    const standIns = new Proxy({} as Values, {
      get: (_, key) => {
        if (typeof key !== "string") return undefined;
        used.add(key);
        return new Slot(key);
      },
    });
    const query = build(builder, standIns).compile();
    const bound = new Set(query.parameters.filter((p): p is Slot => p instanceof Slot).map((p) => p.key));
    const unbound = [...used].filter((key) => !bound.has(key));
    if (unbound.length > 0) throw new Error(`builtOnce: ${unbound.join(", ")} used other than as a value in: ${query.sql}`);
    return query;
  };
  return {
    get sql() {
      return (compiled ??= compile()).sql;
    },
    async rows(db, values) {
      const query = (compiled ??= compile());
      const parameters = query.parameters.map((p) => {
        if (!(p instanceof Slot)) return p;
        const value = values[p.key];
        if (value === undefined) throw new Error(`builtOnce: no value for ${p.key}`);
        return value;
      });
      return (await db.executeQuery<Row>({ ...query, parameters })).rows;
    },
  };
}
