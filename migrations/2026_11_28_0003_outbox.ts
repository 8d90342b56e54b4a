// The notification outbox: a message is a row written in the same transaction as the change
// it announces, so it is sent exactly when that change commits, and never when it rolls back.
// rfp_id has no foreign key: the rfps table arrives in its own migration, and a message
// outlives whatever it was about.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notification_outbox")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("rfp_id", "uuid")
    .addColumn("to_email", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("queued").check(sql`status in ('queued', 'sent', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("sent_at", "timestamptz")
    // When a queued message is next due; null once it is sent or given up.
    .addColumn("next_attempt_at", "timestamptz", (c) => c.defaultTo(sql`now()`))
    .execute();
  // Deliverers only ever look at queued rows by due time.
  await sql`create index notification_outbox_due_idx on notification_outbox (next_attempt_at, id) where status = 'queued'`.execute(db);
  await sql`create index notification_outbox_recipient_idx on notification_outbox (to_email, id desc)`.execute(db);
  await sql`create index notification_outbox_rfp_idx on notification_outbox (rfp_id) where rfp_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notification_outbox").execute();
}
