// The audit trail chained per stream (decision 013): each event belongs to a stream (one per
// RFP for its RFP, bid and evaluation events; "accounts" for everything else) and chains to the
// previous event of its stream, so appenders on different RFPs no longer wait for each other.
// The events recorded before this migration become the "legacy" stream, in id order, with
// their hashes untouched. `audit_streams` is the register of every stream's head: the
// appender's lock (its row) and the anchor that lets verification notice a missing tail or a
// missing stream. Like the events, the register only moves forward.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_events add column stream text, add column stream_seq bigint`.execute(db);
  // The one sanctioned edit of the append-only trail: labelling the existing rows.
  await sql`alter table audit_events disable trigger audit_events_no_change`.execute(db);
  await sql`
    update audit_events a set stream = 'legacy', stream_seq = n.seq
    from (select id, row_number() over (order by id) as seq from audit_events) n
    where a.id = n.id`.execute(db);
  await sql`alter table audit_events enable trigger audit_events_no_change`.execute(db);
  await sql`alter table audit_events alter column stream set not null, alter column stream_seq set not null`.execute(db);
  await sql`alter table audit_events add constraint audit_events_stream_seq_positive check (stream_seq > 0)`.execute(db);
  await sql`create unique index audit_events_stream_seq_key on audit_events (stream, stream_seq)`.execute(db);

  await db.schema
    .createTable("audit_streams")
    .addColumn("stream", "text", (c) => c.primaryKey())
    .addColumn("head_seq", "bigint", (c) => c.notNull())
    .addColumn("head_hash", "text", (c) => c.notNull())
    .execute();
  await sql`
    insert into audit_streams (stream, head_seq, head_hash)
    select 'legacy', stream_seq, hash from audit_events where stream = 'legacy' order by stream_seq desc limit 1`.execute(db);

  // A head starts empty, moves forward one event at a time onto an event that exists, and is
  // never deleted: rewinding it to hide the newest events needs the trigger switched off.
  await sql`
    create function audit_streams_forward_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'audit_streams is append-only';
      end if;
      if tg_op = 'INSERT' then
        if new.head_seq <> 0 or new.head_hash <> repeat('0', 64) then
          raise exception 'an audit stream starts empty';
        end if;
        return new;
      end if;
      if new.stream = old.stream and new.head_seq = old.head_seq and new.head_hash = old.head_hash then
        return new;
      end if;
      if new.stream <> old.stream or new.head_seq <> old.head_seq + 1
         or not exists (select 1 from audit_events e where e.stream = new.stream and e.stream_seq = new.head_seq and e.hash = new.head_hash) then
        raise exception 'an audit stream head only moves forward, one recorded event at a time';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger audit_streams_forward_only before insert or update or delete on audit_streams
    for each row execute function audit_streams_forward_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_streams").execute();
  await sql`drop function if exists audit_streams_forward_only()`.execute(db);
  await sql`drop index if exists audit_events_stream_seq_key`.execute(db);
  await sql`alter table audit_events drop constraint if exists audit_events_stream_seq_positive`.execute(db);
  await sql`alter table audit_events drop column stream, drop column stream_seq`.execute(db);
}
