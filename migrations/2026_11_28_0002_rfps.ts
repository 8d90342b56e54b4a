// RFPs: the vendor-facing definition (one row per RFP, a jsonb column per editor section),
// the buyer's confidential position in its own table (vendor-facing queries never touch it),
// invitations and participating vendors, addenda with per-vendor acknowledgements, and Q&A.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rfps")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("buyer_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("template", "text")
    .addColumn("copied_from_rfp_id", "uuid", (c) => c.references("rfps.id").onDelete("set null"))
    .addColumn("title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("reference", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("scope", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("category", "text")
    .addColumn("currency", "text", (c) => c.notNull().defaultTo("EUR").check(sql`currency ~ '^[A-Z]{3}$'`))
    .addColumn("horizon_months", "integer", (c) => c.check(sql`horizon_months > 0`))
    .addColumn("questions_close_at", "timestamptz")
    .addColumn("bids_close_at", "timestamptz")
    .addColumn("bid_validity_days", "integer", (c) => c.check(sql`bid_validity_days > 0`))
    .addColumn("term_sheet", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("bundle_slots", "jsonb", (c) => c.notNull())
    // { criteria, gates, evaluation }: the engine's criteria and evaluation settings.
    .addColumn("criteria", "jsonb", (c) => c.notNull())
    .addColumn("sla_requirements", "jsonb", (c) => c.notNull())
    .addColumn("is_public", "boolean", (c) => c.notNull().defaultTo(false))
    // Optimistic concurrency: every save names the version it was based on.
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("published_at", "timestamptz")
    .addColumn("published_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("cancelled_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("cancellation_reason", "text")
    // State is derived from these timestamps; the checks keep the facts it reads coherent.
    .addCheckConstraint("rfps_published_has_deadline", sql`published_at is null or bids_close_at is not null`)
    .addCheckConstraint("rfps_cancelled_has_reason", sql`cancelled_at is null or length(trim(cancellation_reason)) > 0`)
    .execute();
  await db.schema.createIndex("rfps_buyer_idx").on("rfps").columns(["buyer_organisation_id", "created_at"]).execute();
  await sql`create index rfps_public_idx on rfps (published_at) where is_public and published_at is not null`.execute(db);

  await db.schema
    .createTable("rfp_confidential")
    .addColumn("rfp_id", "uuid", (c) => c.primaryKey().references("rfps.id").onDelete("cascade"))
    .addColumn("reservation_price_minor", "bigint", (c) => c.check(sql`reservation_price_minor >= 0`))
    .addColumn("batna", "jsonb")
    .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .execute();

  await db.schema
    .createTable("rfp_invitations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull().check(sql`email = lower(email)`))
    // sha256 of the token in the link: a copied table cannot be used to accept invitations.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("invited_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("invited_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    // Null while the RFP is a draft: the email goes out when it is published.
    .addColumn("sent_at", "timestamptz")
    .addColumn("accepted_at", "timestamptz")
    .addColumn("accepted_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.references("organisations.id"))
    .addUniqueConstraint("rfp_invitations_email_key", ["rfp_id", "email"])
    .execute();

  await db.schema
    .createTable("rfp_participants")
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id").onDelete("cascade"))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("joined_via", "text", (c) => c.notNull().check(sql`joined_via in ('invitation', 'public')`))
    .addColumn("joined_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("first_opened_at", "timestamptz")
    .addColumn("first_opened_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("intends_to_bid", "boolean")
    .addColumn("intent_declared_at", "timestamptz")
    .addColumn("intent_declared_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addPrimaryKeyConstraint("rfp_participants_pkey", ["rfp_id", "vendor_organisation_id"])
    .execute();
  await db.schema.createIndex("rfp_participants_vendor_idx").on("rfp_participants").column("vendor_organisation_id").execute();

  await db.schema
    .createTable("rfp_addenda")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('amendment', 'deadline_extension')`))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    // [{ section, text }]: the human-readable, field-level diff vendors read.
    .addColumn("changes", "jsonb", (c) => c.notNull())
    // Hook for bids (a later issue): a bid submitted before an addendum with this flag set
    // must be confirmed (or revised) by its vendor before it counts.
    .addColumn("bids_need_confirmation", "boolean", (c) => c.notNull())
    .addColumn("rfp_version", "integer", (c) => c.notNull())
    .addColumn("issued_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("issued_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addUniqueConstraint("rfp_addenda_number_key", ["rfp_id", "number"])
    .execute();

  await db.schema
    .createTable("rfp_addendum_acknowledgements")
    .addColumn("addendum_id", "uuid", (c) => c.notNull().references("rfp_addenda.id").onDelete("cascade"))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("acknowledged_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("acknowledged_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addPrimaryKeyConstraint("rfp_addendum_acknowledgements_pkey", ["addendum_id", "vendor_organisation_id"])
    .execute();

  await db.schema
    .createTable("rfp_questions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("rfp_id", "uuid", (c) => c.notNull().references("rfps.id").onDelete("cascade"))
    .addColumn("vendor_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("asked_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("asked_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("answer", "text")
    .addColumn("answer_visibility", "text", (c) => c.check(sql`answer_visibility in ('private', 'published')`))
    // The question as all vendors read it: the buyer may remove what identifies the asker.
    .addColumn("published_question", "text")
    .addColumn("answered_at", "timestamptz")
    .addColumn("answered_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addCheckConstraint("rfp_questions_answer_complete", sql`(answer is null) = (answer_visibility is null) and (answer is null) = (answered_at is null)`)
    .execute();
  await db.schema.createIndex("rfp_questions_rfp_idx").on("rfp_questions").columns(["rfp_id", "asked_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rfp_questions").execute();
  await db.schema.dropTable("rfp_addendum_acknowledgements").execute();
  await db.schema.dropTable("rfp_addenda").execute();
  await db.schema.dropTable("rfp_participants").execute();
  await db.schema.dropTable("rfp_invitations").execute();
  await db.schema.dropTable("rfp_confidential").execute();
  await db.schema.dropTable("rfps").execute();
}
