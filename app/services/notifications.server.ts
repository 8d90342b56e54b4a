// Sends the notification outbox through SMTP. Delivery is at least once: a message is
// marked sent only after the mail server took it, so a crash between the two sends it again.
import type { Kysely } from "kysely";
import nodemailer, { type Transporter } from "nodemailer";
import { claimDueNotifications, listMailbox, markNotificationFailed, markNotificationSent } from "../../db/queries/outbox";
import type { Database } from "../../db/schema";
import type { AppConfig } from "../config.server";
import { MAILBOX_PAGE_SIZE, retryDelaySeconds, withAbsoluteLinks } from "../domain/notifications";
import type { Account } from "./sign-in.server";

export type MailTransport = Pick<Transporter, "sendMail">;

/**
 * One send may take at most this long (the SMTP timeouts below add up to it), so a lease of
 * batch size × this never runs out while its deliverer is still working through the batch.
 */
const SEND_BUDGET_SECONDS = 120;
const MAX_ERROR_LENGTH = 500;

/** `from` becomes every message's sender; SMTP_URL's own query options win over ours. */
export function createMailTransport(smtp: NonNullable<AppConfig["smtp"]>): Transporter {
  return nodemailer.createTransport(
    { url: smtp.url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 },
    { from: smtp.from },
  );
}

/**
 * Only the embedded demo shows a mailbox in the portal. A server deployment sends mail through
 * SMTP_URL; messages carry invitation links and must reach only their recipients' inboxes.
 */
export function isMailboxAvailable(config: Pick<AppConfig, "embedded">): boolean {
  return config.embedded;
}

/** Each person reads only the mail addressed to them, whatever their role. */
export async function readMailbox(db: Kysely<Database>, account: Pick<Account, "email">) {
  const messages = await listMailbox(db, { toEmail: account.email, limit: MAILBOX_PAGE_SIZE });
  return { recipient: account.email, messages };
}

export interface DeliveryReport {
  sent: number;
  /** Failed this time, due again later. */
  retrying: number;
  /** Failed for the last time: left as `failed` for someone to look at. */
  gaveUp: number;
}

export async function deliverDueNotifications(
  db: Kysely<Database>,
  transport: MailTransport,
  { batchSize = 10, publicUrl }: { batchSize?: number; publicUrl: string },
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, gaveUp: 0 };
  const messages = await claimDueNotifications(db, { limit: batchSize, leaseSeconds: batchSize * SEND_BUDGET_SECONDS });
  for (const message of messages) {
    try {
      await transport.sendMail({
        to: message.to_email,
        subject: message.subject,
        text: withAbsoluteLinks(message.body, publicUrl),
        headers: { "X-Pareto-Notification": `${message.kind} ${message.id}` },
      });
    } catch (error) {
      const retryInSeconds = retryDelaySeconds(message.attempts);
      const text = error instanceof Error ? error.message : String(error);
      await markNotificationFailed(db, message.id, { error: text.slice(0, MAX_ERROR_LENGTH), retryInSeconds });
      if (retryInSeconds === null) report.gaveUp += 1;
      else report.retrying += 1;
      continue;
    }
    await markNotificationSent(db, message.id);
    report.sent += 1;
  }
  return report;
}

export interface DeliveryLoop {
  /** Waits for the round in progress, then closes the transport. */
  stop(): Promise<void>;
}

/**
 * Delivers every `intervalMs`, one round at a time; a full batch goes again at once. The
 * timer is unref'd so it never keeps a finishing process alive.
 */
export function startDeliveryLoop(
  db: Kysely<Database>,
  transport: Transporter,
  { intervalMs = 5_000, batchSize = 10, log = console.log, publicUrl }: { intervalMs?: number; batchSize?: number; log?: (line: string) => void; publicUrl: string },
): DeliveryLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();
  // An outage would otherwise log the same line every few seconds.
  let lastProblem = "";

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(runRound, delayMs);
    timer.unref();
  };
  const runRound = () => {
    round = deliverDueNotifications(db, transport, { batchSize, publicUrl }).then(
      (report) => {
        lastProblem = "";
        if (report.gaveUp) log(`Gave up on ${report.gaveUp} notification(s) after repeated failures; see notification_outbox.last_error.`);
        schedule(report.sent + report.retrying + report.gaveUp === batchSize ? 0 : intervalMs);
      },
      (error: unknown) => {
        const problem = `Notification delivery failed: ${error instanceof Error ? error.message : String(error)}`;
        if (problem !== lastProblem) log(problem);
        lastProblem = problem;
        schedule(intervalMs);
      },
    );
  };

  schedule(intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
      transport.close();
    },
  };
}
