// The audit trail: append-only rows in streams (decision 013). Each row is chained by a
// SHA-256 hash to the previous row of its stream, so a removed, edited, reordered or moved
// row breaks verification; the register of stream heads (`audit_streams`) anchors every
// stream's end, so a missing tail or a missing stream breaks it too.
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { PREPARED } from "../client";
import type { Executor } from "./executor";

export const GENESIS_HASH = "0".repeat(64);
/** The rows recorded before streams, one global chain hashed without stream fields. */
export const LEGACY_STREAM = "legacy";
/** Account, sign-in, organisation and system events. */
export const ACCOUNTS_STREAM = "accounts";

export interface AuditEntry {
  actorUserId: string | null;
  actorIp?: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

interface ChainedFields {
  occurred_at: Date;
  actor_user_id: string | null;
  actor_ip: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  data: unknown;
  /** Absent or "legacy": the hash of the single chain before streams (no stream fields). */
  stream?: string;
  stream_seq?: number;
}

/**
 * The stream an event is chained in: RFP, bid and evaluation events (audited with the RFP's
 * id) in the RFP's own stream, everything else in the accounts stream.
 */
export function auditStreamOf(entry: Pick<AuditEntry, "entityType" | "entityId">): string {
  if ((entry.entityType === "rfp" || entry.entityType === "bid") && entry.entityId) return `rfp:${entry.entityId}`;
  return ACCOUNTS_STREAM;
}

/** JSON with keys sorted at every level: jsonb reorders keys, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function chainHash(prevHash: string, row: ChainedFields): string {
  const fields: Record<string, unknown> = {
    occurred_at: row.occurred_at.toISOString(),
    actor_user_id: row.actor_user_id,
    actor_ip: row.actor_ip,
    action: row.action,
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    data: row.data,
  };
  // A streamed row's hash covers its stream and place, so it cannot be moved to another.
  if (row.stream !== undefined && row.stream !== LEGACY_STREAM) {
    fields.stream = row.stream;
    fields.stream_seq = row.stream_seq;
  }
  return createHash("sha256").update(prevHash).update("\n").update(canonicalJson(fields)).digest("hex");
}

/**
 * Appends one event to its stream; must run inside the caller's transaction so it commits
 * with the change. The stream's head row is its lock (held to the end of the transaction):
 * appenders on other streams do not wait. An existing stream is locked, appended to and
 * advanced in one statement, so the lock is taken as late as possible, by the statement that
 * uses it; a new stream is created by an upsert first. A transaction that appends to several
 * streams locks each in turn. Without a transaction (an audited read changes nothing to
 * commit with) that one statement is its own transaction; only a new stream takes one.
 */
export async function appendAuditEvent(db: Executor, entry: AuditEntry): Promise<void> {
  const stream = auditStreamOf(entry);
  const event = {
    actor_user_id: entry.actorUserId,
    actor_ip: entry.actorIp ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    data: JSON.parse(JSON.stringify(entry.data ?? {})) as unknown,
  };
  const dataJson = JSON.stringify(event.data);
  // The chained fields in canonical (sorted) order are these six, then occurred_at, stream and
  // stream_seq: the database fills in the time and the place under the stream's lock, and
  // hashes exactly what `chainHash` hashes (verification recomputes it that way).
  const [before, between] = chainedTextAround(event, stream);
  const { rows } = await sql<{ head_seq: number }>`${sql.raw(PREPARED)}
    with head as materialized (
      select stream, head_seq, head_hash from audit_streams where stream = ${stream} for update
    ), appended as (
      insert into audit_events (occurred_at, actor_user_id, actor_ip, action, entity_type, entity_id, data, stream, stream_seq, prev_hash, hash)
      select date_trunc('milliseconds', now()), ${event.actor_user_id}, ${event.actor_ip}, ${event.action}, ${event.entity_type}, ${event.entity_id}, ${dataJson}::jsonb,
             h.stream, h.head_seq + 1, h.head_hash,
             encode(sha256(convert_to(h.head_hash || chr(10) || ${before}::text
               || to_char(date_trunc('milliseconds', now()) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
               || ${between}::text || (h.head_seq + 1)::text || '}', 'UTF8')), 'hex')
      from head h
      returning stream, stream_seq, hash
    )
    update audit_streams s set head_seq = a.stream_seq, head_hash = a.hash from appended a where s.stream = a.stream
    returning s.head_seq`.execute(db);
  if (rows.length > 0) return;
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => appendAuditEvent(trx, entry));
    return;
  }

  // The stream's first event: create its head (or find it, if another transaction just did).
  const created = await sql<{ head_seq: number; head_hash: string; now: Date }>`
    insert into audit_streams as s (stream, head_seq, head_hash) values (${stream}, 0, ${GENESIS_HASH})
    on conflict (stream) do update set head_seq = s.head_seq
    returning s.head_seq, s.head_hash, date_trunc('milliseconds', now()) as now`.execute(db);
  const head = created.rows[0]!;
  const fields: ChainedFields = { occurred_at: head.now, ...event, stream, stream_seq: Number(head.head_seq) + 1 };
  const hash = chainHash(head.head_hash, fields);
  await db
    .with("appended", (w) =>
      w
        .insertInto("audit_events")
        .values({ ...fields, stream, stream_seq: fields.stream_seq!, data: dataJson, prev_hash: head.head_hash, hash })
        .returning(["stream", "stream_seq", "hash"]),
    )
    .updateTable("audit_streams")
    .from("appended")
    .set((eb) => ({ head_seq: eb.ref("appended.stream_seq"), head_hash: eb.ref("appended.hash") }))
    .whereRef("audit_streams.stream", "=", "appended.stream")
    .execute();
}

/**
 * The canonical JSON that `chainHash` hashes for a streamed event, as the text before its
 * time and the text between its time and its place in the stream: `before` + ISO time +
 * `between` + stream_seq + "}". The keys sort as action, actor_ip, actor_user_id, data,
 * entity_id, entity_type, occurred_at, stream, stream_seq.
 */
function chainedTextAround(event: Omit<ChainedFields, "occurred_at" | "stream" | "stream_seq">, stream: string): [string, string] {
  const head = canonicalJson(event);
  return [`${head.slice(0, -1)},"occurred_at":"`, `","stream":${JSON.stringify(stream)},"stream_seq":`];
}

export interface AuditBreak {
  stream: string;
  /** The event where the stream breaks; null when the stream's events are all missing. */
  id: number | null;
  /** Its place in the stream (or the place expected there). */
  seq: number | null;
  reason: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Events verified (before the break, if any). */
  checked: number;
  /** Streams verified (before the break, if any). */
  streams: number;
  /** The first place that does not chain, with why. */
  brokenAt?: AuditBreak;
}

/**
 * Walks every stream in order (one scan by stream and place) and checks each event against
 * the previous one of its stream, then each stream's last event against the register of
 * heads, and that every registered stream was found.
 */
export async function verifyAuditChain(db: Executor, batchSize = 1000): Promise<AuditVerification> {
  const heads = new Map((await db.selectFrom("audit_streams").selectAll().execute()).map((h) => [h.stream, h]));
  let checked = 0;
  let streams = 0;
  let current = null as { stream: string; seq: number; hash: string; id: number | null } | null;
  const seen = new Set<string>();
  const broken = (brokenAt: AuditBreak): AuditVerification => ({ ok: false, checked, streams, brokenAt });
  /** The end of a stream: its last event must be the registered head. */
  const closeStream = (): AuditVerification | null => {
    if (!current) return null;
    const head = heads.get(current.stream)!;
    if (Number(head.head_seq) !== current.seq || head.head_hash !== current.hash) {
      const missing = Number(head.head_seq) - current.seq;
      return broken({
        stream: current.stream,
        id: current.id,
        seq: current.seq,
        reason:
          missing > 0
            ? `the stream's last ${missing === 1 ? "event is" : `${missing} events are`} missing: the register of heads records event ${head.head_seq} of the stream, the trail ends at event ${current.seq}`
            : "it does not match the register of stream heads",
      });
    }
    streams += 1;
    return null;
  };
  let after: { stream: string; seq: number } | null = null;
  for (;;) {
    let query = db.selectFrom("audit_events").selectAll().orderBy("stream").orderBy("stream_seq").limit(batchSize);
    if (after) {
      const { stream, seq } = after;
      query = query.where((eb) => eb(eb.refTuple("stream", "stream_seq"), ">", eb.tuple(stream, seq)));
    }
    const rows = await query.execute();
    for (const row of rows) {
      const seq = Number(row.stream_seq);
      if (current?.stream !== row.stream) {
        const failure = closeStream();
        if (failure) return failure;
        if (!heads.has(row.stream)) return broken({ stream: row.stream, id: Number(row.id), seq, reason: "its stream is not in the register of stream heads" });
        seen.add(row.stream);
        current = { stream: row.stream, seq: 0, hash: GENESIS_HASH, id: null };
      }
      if (seq !== current.seq + 1) {
        const missing = seq - current.seq - 1;
        return broken({ stream: row.stream, id: Number(row.id), seq, reason: `${missing === 1 ? "the event" : `${missing} events`} before it in its stream ${missing === 1 ? "is" : "are"} missing` });
      }
      if (row.prev_hash !== current.hash) return broken({ stream: row.stream, id: Number(row.id), seq, reason: "its previous-hash does not match the row before it" });
      if (chainHash(current.hash, { ...row, stream_seq: seq }) !== row.hash) return broken({ stream: row.stream, id: Number(row.id), seq, reason: "its content does not match its hash" });
      current = { stream: row.stream, seq, hash: row.hash, id: Number(row.id) };
      checked += 1;
    }
    if (rows.length < batchSize) break;
    const last = rows[rows.length - 1]!;
    after = { stream: last.stream, seq: Number(last.stream_seq) };
  }
  const failure = closeStream();
  if (failure) return failure;
  for (const head of heads.values()) {
    if (!seen.has(head.stream) && Number(head.head_seq) > 0) {
      return broken({ stream: head.stream, id: null, seq: null, reason: `all ${head.head_seq} events of the stream are missing` });
    }
  }
  return { ok: true, checked, streams };
}

