// Actors and shortcuts for the RFP service tests: demo accounts as the services see them,
// a ready-to-publish draft, and the invitation link a vendor would read in its email.
import { expect } from "vitest";
import { findAccount, findUserByEmail } from "../../db/queries/accounts";
import { listMailbox } from "../../db/queries/outbox";
import { DomainError } from "~/domain/errors";
import { saveBasicsSchema, saveTimelineSchema } from "~/domain/rfp/sections";
import type { RfpTemplateKey } from "~/domain/rfp/templates";
import { createRfp, getRfpForBuyer, saveRfpBasics, saveRfpTimeline, type RfpActor } from "~/services/rfps/index.server";
import type { TestDatabase } from "./database";

export async function actor(t: TestDatabase, email: string): Promise<RfpActor> {
  const user = await findUserByEmail(t.db, email);
  const account = user && (await findAccount(t.db, user.id));
  if (!account) throw new Error(`no account ${email}`);
  return { ...account, ip: "203.0.113.9" };
}

export async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

export const DAY = 24 * 60 * 60 * 1000;

/** A template draft with everything the buyer alone knows filled in (dates from now). */
export async function readyDraft(t: TestDatabase, buyer: RfpActor, template: RfpTemplateKey = "field-services", reference = `T-${Math.random().toString(36).slice(2, 8)}`) {
  const { id, version } = await createRfp(t.db, { template }, buyer);
  const view = await getRfpForBuyer(t.db, id, buyer);
  const saved = await saveRfpBasics(t.db, id, saveBasicsSchema.parse({ ...view.definition.basics, reference, expectedVersion: version }), buyer);
  const timeline = saveTimelineSchema.parse({ expectedVersion: saved.version, questionsCloseAt: new Date(Date.now() + 10 * DAY), bidsCloseAt: new Date(Date.now() + 20 * DAY), bidValidityDays: 90 });
  const { version: last } = await saveRfpTimeline(t.db, id, timeline, buyer);
  return { id, version: last };
}

/** The invitation token in the newest invitation email to `email`, as the vendor would click it. */
export async function invitationTokenIn(t: TestDatabase, email: string): Promise<string> {
  const [message] = (await listMailbox(t.db, { toEmail: email, limit: 50 })).filter((m) => m.kind === "rfp.invitation");
  const token = message?.body.match(/\/invitations\/([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no invitation email to ${email}`);
  return token;
}
