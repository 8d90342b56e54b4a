import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema";

/** Every query takes the database or the caller's transaction first. */
export type Executor = Kysely<Database> | Transaction<Database>;
