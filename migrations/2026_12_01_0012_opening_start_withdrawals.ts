// A started bid opening can be withdrawn before it is confirmed (decision 007): the first key
// turned by mistake (wrong moment, the second key holder away) must not wait forever. Starts stay
// immutable; each round may now hold several start attempts (1, 2, …), each withdrawn by its own
// immutable row, so the record shows every start and every withdrawal. At most one attempt per
// round is pending, and an opened round's start cannot be withdrawn: the service checks both
// under the RFP lock with clear messages, and these triggers hold them for any other writer.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Existing starts become attempt 1 (adding a column fires no row trigger).
  await db.schema.alterTable("bid_opening_starts").addColumn("attempt", "integer", (c) => c.notNull().defaultTo(1).check(sql`attempt >= 1`)).execute();
  await db.schema.alterTable("bid_opening_starts").dropConstraint("bid_opening_starts_pkey").execute();
  await db.schema.alterTable("bid_opening_starts").addPrimaryKeyConstraint("bid_opening_starts_pkey", ["rfp_id", "round", "attempt"]).execute();

  await db.schema
    .createTable("bid_opening_start_withdrawals")
    .addColumn("rfp_id", "uuid", (c) => c.notNull())
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("withdrawn_at", "timestamptz", (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("withdrawn_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    .addPrimaryKeyConstraint("bid_opening_start_withdrawals_pkey", ["rfp_id", "round", "attempt"])
    .addForeignKeyConstraint("bid_opening_start_withdrawals_start_fkey", ["rfp_id", "round", "attempt"], "bid_opening_starts", ["rfp_id", "round", "attempt"])
    .execute();
  await sql`create trigger bid_opening_start_withdrawals_immutable before update or delete on bid_opening_start_withdrawals
            for each row execute function evaluation_records_forbid_change()`.execute(db);

  await sql`
    create function bid_opening_starts_one_pending() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from bid_opening_starts s
                 where s.rfp_id = new.rfp_id and s.round = new.round
                   and not exists (select 1 from bid_opening_start_withdrawals w where w.rfp_id = s.rfp_id and w.round = s.round and w.attempt = s.attempt)) then
        raise exception 'the opening of round % is already started and not withdrawn', new.round;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger bid_opening_starts_one_pending before insert on bid_opening_starts for each row execute function bid_opening_starts_one_pending()`.execute(db);

  await sql`
    create function bid_opening_start_withdrawals_not_opened() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from bid_openings o where o.rfp_id = new.rfp_id and o.round = new.round) then
        raise exception 'the bids of round % are opened: the start can no longer be withdrawn', new.round;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger bid_opening_start_withdrawals_not_opened before insert on bid_opening_start_withdrawals
            for each row execute function bid_opening_start_withdrawals_not_opened()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists bid_opening_starts_one_pending on bid_opening_starts`.execute(db);
  await sql`drop function if exists bid_opening_starts_one_pending()`.execute(db);
  await db.schema.dropTable("bid_opening_start_withdrawals").ifExists().execute();
  await sql`drop function if exists bid_opening_start_withdrawals_not_opened()`.execute(db);
  // Only the first attempt of each round fits the old key; later attempts go with the withdrawals.
  await sql`alter table bid_opening_starts disable trigger bid_opening_starts_immutable`.execute(db);
  await sql`delete from bid_opening_starts where attempt > 1`.execute(db);
  await sql`alter table bid_opening_starts enable trigger bid_opening_starts_immutable`.execute(db);
  await db.schema.alterTable("bid_opening_starts").dropConstraint("bid_opening_starts_pkey").execute();
  await db.schema.alterTable("bid_opening_starts").addPrimaryKeyConstraint("bid_opening_starts_pkey", ["rfp_id", "round"]).execute();
  await db.schema.alterTable("bid_opening_starts").dropColumn("attempt").execute();
}
