// The notification outbox. Messages are written inside the caller's transaction and sent
// later by whichever app server claims them first: claiming takes a time-limited lease in
// one statement (`for update skip locked`), so servers sharing the table never send the
// same message twice, and a server that dies mid-send only delays the message until the
// lease runs out.
import { sql, type Selectable } from "kysely";
import type { NotificationOutboxTable } from "../schema";
import type { Executor } from "./executor";

export type OutboxMessage = Selectable<NotificationOutboxTable>;

export interface NewNotification {
  toEmail: string;
  subject: string;
  body: string;
  /** What the message is about, e.g. "rfp.invitation": for the mailbox and for reports. */
  kind: string;
  rfpId?: string | null;
}

/** Queues one message; it commits or rolls back with the caller's transaction. */
export async function enqueueNotification(db: Executor, n: NewNotification): Promise<void> {
  await db
    .insertInto("notification_outbox")
    .values({
      // Lower-cased like users.email, so a recipient's mailbox matches by equality.
      to_email: n.toEmail.trim().toLowerCase(),
      subject: n.subject,
      body: n.body,
      kind: n.kind,
      rfp_id: n.rfpId ?? null,
    })
    .execute();
}

/**
 * Takes up to `limit` due messages, oldest first, and leases them for `leaseSeconds`
 * (their next attempt moves past the lease, and the attempt is counted up front, so a
 * message that crashes its sender still runs out of attempts).
 */
export async function claimDueNotifications(db: Executor, options: { limit: number; leaseSeconds: number }): Promise<OutboxMessage[]> {
  return db
    .updateTable("notification_outbox")
    .set((eb) => ({
      attempts: eb("attempts", "+", 1),
      next_attempt_at: sql<Date>`now() + make_interval(secs => ${options.leaseSeconds})`,
    }))
    .where("id", "in", (eb) =>
      eb
        .selectFrom("notification_outbox")
        .select("id")
        .where("status", "=", "queued")
        .where("next_attempt_at", "<=", sql<Date>`now()`)
        .orderBy("next_attempt_at")
        .orderBy("id")
        .limit(options.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute()
    .then((rows) => rows.sort((a, b) => a.id - b.id));
}

export async function markNotificationSent(db: Executor, id: number): Promise<void> {
  await db
    .updateTable("notification_outbox")
    .set({ status: "sent", sent_at: sql<Date>`now()`, next_attempt_at: null, last_error: null })
    .where("id", "=", id)
    .execute();
}

/**
 * Records a failed attempt: the message is due again after `retryInSeconds`, or, with
 * null, given up for good. A message another server already sent stays sent.
 */
export async function markNotificationFailed(db: Executor, id: number, failure: { error: string; retryInSeconds: number | null }): Promise<void> {
  const retry = failure.retryInSeconds;
  await db
    .updateTable("notification_outbox")
    .set({
      status: retry === null ? "failed" : "queued",
      last_error: failure.error,
      next_attempt_at: retry === null ? null : sql<Date>`now() + make_interval(secs => ${retry})`,
    })
    .where("id", "=", id)
    .where("status", "=", "queued")
    .execute();
}

/** Newest first; `toEmail` narrows it to one recipient's mailbox. */
export async function listMailbox(db: Executor, options: { toEmail?: string; limit: number }) {
  let query = db
    .selectFrom("notification_outbox")
    .select(["id", "created_at", "kind", "rfp_id", "to_email", "subject", "body", "status", "attempts", "last_error", "sent_at"])
    .orderBy("id", "desc")
    .limit(options.limit);
  if (options.toEmail !== undefined) query = query.where("to_email", "=", options.toEmail.trim().toLowerCase());
  return query.execute();
}
