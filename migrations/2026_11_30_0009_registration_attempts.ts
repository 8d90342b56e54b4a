// Registration limit (issue #10, item 7): every vendor registration attempt that passed the
// form's own checks, by client address, so registering cannot be used without limit to find
// out which emails have accounts. Kept in the database like sign-in attempts, so several app
// servers share the count.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("registration_attempts")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("attempted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("registration_attempts_ip_idx").on("registration_attempts").columns(["ip", "attempted_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("registration_attempts").execute();
}
