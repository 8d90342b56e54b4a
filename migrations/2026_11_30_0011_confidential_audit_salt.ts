// A salt per confidential position (stop 20): the audit trail commits to the buyer's position
// by a SHA-256 that people who may not read the position (admins, evaluators) can read. A bare
// hash of a position holding only a reservation price could be reversed by trying every price;
// hashed with a random salt kept beside the figures (read only by the owning buyers), it cannot.
// Existing positions get their own salt now; rows already in the audit trail keep their hashes.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // gen_random_uuid() is volatile: each existing row gets its own value (244 random bits from two).
  await db.schema
    .alterTable("rfp_confidential")
    .addColumn("audit_salt", "text", (c) => c.notNull().defaultTo(sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("rfp_confidential").dropColumn("audit_salt").execute();
}
