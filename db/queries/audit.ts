// The audit trail: append-only rows, each chained to the one before it by a SHA-256 hash,
// so a removed, edited or reordered row breaks verification.
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Executor } from "./executor";

export const GENESIS_HASH = "0".repeat(64);
/** One advisory lock serialises appenders, so each row sees its true predecessor. */
const AUDIT_LOCK_KEY = 7_204_114;

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
  const body = canonicalJson({
    occurred_at: row.occurred_at.toISOString(),
    actor_user_id: row.actor_user_id,
    actor_ip: row.actor_ip,
    action: row.action,
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    data: row.data,
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

/** Appends one event; must run inside the caller's transaction so it commits with the change. */
export async function appendAuditEvent(db: Executor, entry: AuditEntry): Promise<void> {
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => appendAuditEvent(trx, entry));
    return;
  }
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(db);
  const last = await db.selectFrom("audit_events").select("hash").orderBy("id", "desc").limit(1).executeTakeFirst();
  const { rows } = await sql<{ now: Date }>`select date_trunc('milliseconds', now()) as now`.execute(db);
  const fields: ChainedFields = {
    occurred_at: rows[0]!.now,
    actor_user_id: entry.actorUserId,
    actor_ip: entry.actorIp ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    data: JSON.parse(JSON.stringify(entry.data ?? {})),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await db
    .insertInto("audit_events")
    .values({ ...fields, data: JSON.stringify(fields.data), prev_hash: prevHash, hash: chainHash(prevHash, fields) })
    .execute();
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The first row that does not chain, with why. */
  brokenAt?: { id: number; reason: string };
}

export async function verifyAuditChain(db: Executor, batchSize = 1000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom("audit_events").selectAll().where("id", ">", afterId).orderBy("id").limit(batchSize).execute();
    for (const row of rows) {
      if (row.prev_hash !== prevHash) return { ok: false, checked, brokenAt: { id: row.id, reason: "its previous-hash does not match the row before it" } };
      const expected = chainHash(prevHash, row);
      if (expected !== row.hash) return { ok: false, checked, brokenAt: { id: row.id, reason: "its content does not match its hash" } };
      prevHash = row.hash;
      checked += 1;
    }
    if (rows.length < batchSize) return { ok: true, checked };
    afterId = rows[rows.length - 1]!.id;
  }
}

export async function listAuditEvents(db: Executor, options: { limit: number; beforeId?: number }) {
  let query = db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select([
      "audit_events.id",
      "audit_events.occurred_at",
      "audit_events.action",
      "audit_events.entity_type",
      "audit_events.entity_id",
      "audit_events.actor_ip",
      "audit_events.data",
      "audit_events.hash",
      "users.email as actor_email",
    ])
    .orderBy("audit_events.id", "desc")
    .limit(options.limit);
  if (options.beforeId) query = query.where("audit_events.id", "<", options.beforeId);
  return query.execute();
}
