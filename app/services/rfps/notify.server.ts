// Vendor notices about an RFP, queued in the caller's transaction so they go out exactly
// when the change commits.
import { enqueueNotification } from "../../../db/queries/outbox";
import type { Executor } from "../../../db/queries/executor";

export interface Notice {
  kind: string;
  subject: string;
  body: string;
}

/** One message per address; returns how many were queued. */
export async function notifyEach(db: Executor, rfpId: string, emails: readonly string[], notice: Notice): Promise<number> {
  for (const toEmail of emails) await enqueueNotification(db, { ...notice, toEmail, rfpId });
  return emails.length;
}
