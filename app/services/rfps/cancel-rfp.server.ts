// Cancelling an RFP, with a reason; vendors of a published RFP are told why.
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database } from "../../../db/schema";
import { databaseNow } from "../../../db/queries/rfps";
import { readRfpLifecycleFacts } from "../../../db/queries/rfp-lifecycle";
import { vendorRecipients } from "../../../db/queries/rfp-vendors";
import type { CancelRfpInput } from "../../domain/rfp/actions";
import { assertRfpState, deriveRfpState } from "../../domain/rfp/state";
import { auditRfp, loadBuyerRfp, opportunityPath, rfpLabel, type RfpActor } from "./access.server";
import { notifyEach } from "./notify.server";

export async function cancelRfp(db: Kysely<Database>, rfpId: string, input: CancelRfpInput, actor: RfpActor): Promise<{ cancelledAt: Date; notified: number }> {
  return db.transaction().execute(async (trx) => {
    const row = await loadBuyerRfp(trx, rfpId, actor, "cancel:rfp:own", { lock: true });
    const now = await databaseNow(trx);
    const facts = await readRfpLifecycleFacts(trx, rfpId);
    const before = deriveRfpState(facts, now);
    assertRfpState(facts, now, ["draft", "open", "closed"], "cancel it");
    await trx
      .updateTable("rfps")
      .set((eb) => ({ cancelled_at: now, cancelled_by: actor.id, cancellation_reason: input.reason, version: eb("version", "+", 1), updated_at: sql<Date>`now()` }))
      .where("id", "=", rfpId)
      .execute();
    // A draft was never seen by vendors: there is no one to tell.
    const recipients = before === "draft" ? [] : await vendorRecipients(trx, rfpId);
    const notified = await notifyEach(trx, rfpId, recipients, {
      kind: "rfp.cancelled",
      subject: `Cancelled: ${rfpLabel(row)}`,
      body: `${actor.organisation.name} has cancelled "${rfpLabel(row)}".\n\nReason: ${input.reason}\n\nNo bids will be evaluated for it.\n\nThe RFP: ${opportunityPath(rfpId)}\n`,
    });
    await auditRfp(trx, actor, "rfp.cancelled", rfpId, { reason: input.reason, before: { state: before }, after: { state: "cancelled", cancelledAt: now.toISOString() }, notified });
    return { cancelledAt: now, notified };
  });
}
