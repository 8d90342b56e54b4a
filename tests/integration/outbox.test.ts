// The notification outbox against a real SMTP server: messages commit with their
// transaction, are sent once even by competing deliverers, and back off when refused.
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { claimDueNotifications, enqueueNotification, listMailbox } from "../../db/queries/outbox";
import { DEFAULT_MAIL_FROM } from "~/config.server";
import { MAX_DELIVERY_ATTEMPTS } from "~/domain/notifications";
import { createMailTransport, deliverDueNotifications, readMailbox, startDeliveryLoop } from "~/services/notifications.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startTestSmtpServer, type TestSmtpServer } from "../support/smtp";

let t: TestDatabase;
let smtp: TestSmtpServer;
let transport: ReturnType<typeof createMailTransport>;

beforeAll(async () => {
  [t, smtp] = await Promise.all([createTestDatabase(), startTestSmtpServer()]);
  transport = createMailTransport({ url: smtp.url, from: DEFAULT_MAIL_FROM });
});
afterAll(async () => {
  transport?.close();
  await smtp?.close();
  await t?.close();
});
beforeEach(async () => {
  await t.db.deleteFrom("notification_outbox").execute();
  smtp.received.length = 0;
});

const PUBLIC_URL = "https://pareto.riverton.example";
const invitation = (toEmail: string, subject = "Invitation: Riverton field services") => ({
  toEmail,
  subject,
  body: "You are invited to bid.\n\n  Deadline: 15 January\n  Bundles: A, B, C\n\nOpen the invitation: /invitations/tok-en_1\n",
  kind: "rfp.invitation",
});

const outbox = () => t.db.selectFrom("notification_outbox").selectAll().orderBy("id").execute();

/** Seconds from the database's now to the row's next attempt. */
async function secondsUntilNextAttempt(id: number): Promise<number | null> {
  const { rows } = await sql<{ s: number | null }>`
    select extract(epoch from next_attempt_at - now())::float8 as s from notification_outbox where id = ${id}`.execute(t.db);
  return rows[0]!.s;
}

describe("notification outbox", () => {
  it("queues inside the caller's transaction: a rollback leaves nothing, a commit leaves the message", async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await enqueueNotification(trx, invitation("vendor1@demo.pareto"));
        throw new Error("the RFP could not be published");
      }),
    ).rejects.toThrow("could not be published");
    expect(await outbox()).toEqual([]);

    await t.db.transaction().execute((trx) => enqueueNotification(trx, { ...invitation(" Vendor1@Demo.Pareto "), rfpId: "7c1f3a52-1a8e-4d4e-9d1a-2f5b8c0e6a11" }));
    expect(await outbox()).toMatchObject([
      { to_email: "vendor1@demo.pareto", kind: "rfp.invitation", rfp_id: "7c1f3a52-1a8e-4d4e-9d1a-2f5b8c0e6a11", status: "queued", attempts: 0, sent_at: null },
    ]);
  });

  it("sends a due message over SMTP and records it as sent", async () => {
    await enqueueNotification(t.db, invitation("vendor2@demo.pareto"));
    expect(await deliverDueNotifications(t.db, transport, { publicUrl: PUBLIC_URL })).toEqual({ sent: 1, retrying: 0, gaveUp: 0 });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail).toMatchObject({ from: "no-reply@pareto.local", to: ["vendor2@demo.pareto"] });
    expect(mail.raw).toMatch(/^From: Pareto <no-reply@pareto\.local>$/m);
    expect(mail.raw).toMatch(/^Subject: Invitation: Riverton field services$/m);
    expect(mail.raw).toContain("  Deadline: 15 January");
    // The outbox keeps the site path; the mail carries the absolute link of PUBLIC_URL.
    expect(mail.raw).toContain("Open the invitation: https://pareto.riverton.example/invitations/tok-en_1");
    const [row] = await outbox();
    expect(row).toMatchObject({ status: "sent", attempts: 1, last_error: null, next_attempt_at: null });
    expect(row!.sent_at).toBeInstanceOf(Date);
    expect(await deliverDueNotifications(t.db, transport, { publicUrl: PUBLIC_URL })).toEqual({ sent: 0, retrying: 0, gaveUp: 0 });
  });

  it("backs off after a refusal, doubling the wait, and gives up after the last attempt", async () => {
    await enqueueNotification(t.db, invitation("nobody@bounce.example"));
    await enqueueNotification(t.db, invitation("vendor3@demo.pareto"));
    // One refused recipient does not hold up the rest of the batch.
    expect(await deliverDueNotifications(t.db, transport, { publicUrl: PUBLIC_URL })).toEqual({ sent: 1, retrying: 1, gaveUp: 0 });
    const [refused] = await outbox();
    expect(refused).toMatchObject({ status: "queued", attempts: 1 });
    expect(refused!.last_error).toMatch(/Mailbox unavailable/);
    expect(await secondsUntilNextAttempt(refused!.id)).toBeCloseTo(60, -1);
    // Not due yet: nothing is claimed.
    expect(await deliverDueNotifications(t.db, transport, { publicUrl: PUBLIC_URL })).toEqual({ sent: 0, retrying: 0, gaveUp: 0 });

    for (const expectedWait of [120, 240, 480]) {
      await t.db.updateTable("notification_outbox").set({ next_attempt_at: sql<Date>`now()` }).where("id", "=", refused!.id).execute();
      expect(await deliverDueNotifications(t.db, transport, { publicUrl: PUBLIC_URL })).toEqual({ sent: 0, retrying: 1, gaveUp: 0 });
      expect(await secondsUntilNextAttempt(refused!.id)).toBeCloseTo(expectedWait, -1);
    }
    await t.db.updateTable("notification_outbox").set({ next_attempt_at: sql<Date>`now()` }).where("id", "=", refused!.id).execute();
    expect(await deliverDueNotifications(t.db, transport, { publicUrl: PUBLIC_URL })).toEqual({ sent: 0, retrying: 0, gaveUp: 1 });
    expect((await outbox())[0]).toMatchObject({ status: "failed", attempts: MAX_DELIVERY_ATTEMPTS, next_attempt_at: null, sent_at: null });
    expect(smtp.received.map((m) => m.to)).toEqual([["vendor3@demo.pareto"]]);
  });

  it("sends each message exactly once with two deliverers working the outbox at the same time", async () => {
    const recipients = Array.from({ length: 24 }, (_, i) => `vendor${i}@field.example`);
    await t.db.transaction().execute(async (trx) => {
      for (const to of recipients) await enqueueNotification(trx, invitation(to, `Invitation for ${to}`));
    });
    const otherServer = createMailTransport({ url: smtp.url, from: DEFAULT_MAIL_FROM });
    const drain = async (deliver: typeof transport) => {
      let sent = 0;
      for (;;) {
        const report = await deliverDueNotifications(t.db, deliver, { batchSize: 4, publicUrl: PUBLIC_URL });
        if (report.sent + report.retrying + report.gaveUp === 0) return sent;
        sent += report.sent;
      }
    };
    const counts = await Promise.all([drain(transport), drain(otherServer)]);
    otherServer.close();

    expect(counts[0] + counts[1]).toBe(24);
    expect(smtp.received.flatMap((m) => m.to).sort()).toEqual([...recipients].sort());
    expect((await outbox()).every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });

  it("keeps delivering in the background until stopped", async () => {
    const lines: string[] = [];
    const loop = startDeliveryLoop(t.db, createMailTransport({ url: smtp.url, from: DEFAULT_MAIL_FROM }), { intervalMs: 50, log: (line) => lines.push(line), publicUrl: PUBLIC_URL });
    await enqueueNotification(t.db, invitation("vendor1@demo.pareto"));
    await expect.poll(() => smtp.received.length, { timeout: 5_000 }).toBe(1);
    await loop.stop();
    await enqueueNotification(t.db, invitation("vendor2@demo.pareto"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.received).toHaveLength(1);
    expect(lines).toEqual([]);
  });

  // Row locks need a second session, which only a server has: PGlite is one session, where
  // an open transaction simply holds every other caller. So this test exists on PostgreSQL.
  const onServer = process.env.TEST_DATABASE_URL ? it : () => undefined;
  onServer("skips messages another deliverer holds locked instead of waiting for them", async () => {
    await enqueueNotification(t.db, invitation("vendor1@demo.pareto"));
    await enqueueNotification(t.db, invitation("vendor2@demo.pareto"));
    const [first, second] = await outbox();
    await t.db.transaction().execute(async (trx) => {
      await trx.selectFrom("notification_outbox").select("id").where("id", "=", first!.id).forUpdate().execute();
      const claimed = await claimDueNotifications(t.db, { limit: 10, leaseSeconds: 60 });
      expect(claimed.map((m) => m.id)).toEqual([second!.id]);
    });
  });

  it("lists the mailbox newest first, each person only their own mail (admins included)", async () => {
    await enqueueNotification(t.db, invitation("vendor1@demo.pareto", "First"));
    await enqueueNotification(t.db, invitation("vendor2@demo.pareto", "Second"));
    await enqueueNotification(t.db, invitation("vendor1@demo.pareto", "Third"));
    expect((await listMailbox(t.db, { limit: 10 })).map((m) => m.subject)).toEqual(["Third", "Second", "First"]);

    // Tenancy: an admin no longer reads anyone else's mail (invitation links among it).
    const admin = await readMailbox(t.db, { email: "admin@demo.pareto" });
    expect(admin.messages).toEqual([]);

    const vendor = await readMailbox(t.db, { email: "vendor1@demo.pareto" });
    expect(vendor).toMatchObject({ recipient: "vendor1@demo.pareto" });
    expect(vendor.messages.map((m) => m.subject)).toEqual(["Third", "First"]);
  });
});
