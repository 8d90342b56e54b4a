// The standstill period (days) of an RFP, set by a buyer or administrator before an award is
// proposed: the approval counts it from its own time, so it is fixed from the proposal on.
import type { Kysely } from "kysely";
import { findLiveAward, setStandstillDays as writeStandstillDays } from "../../../db/queries/awards";
import type { Database } from "../../../db/schema";
import { standstillDaysSchema } from "../../domain/award/rules";
import { DomainError } from "../../domain/errors";
import { inAuditedTransaction, Refusal } from "../bids/access.server";
import { auditRfp, type RfpActor } from "../rfps/access.server";
import { AWARD_STATE_MESSAGES, lockAwardRfp, refuseAward } from "./access.server";

export async function setStandstillDays(db: Kysely<Database>, rfpId: string, input: { standstillDays: unknown }, actor: RfpActor): Promise<{ standstillDays: number }> {
  return inAuditedTransaction(db, async (trx) => {
    const rfp = await lockAwardRfp(trx, rfpId, actor, "standstill");
    if (rfp instanceof Refusal) return rfp;
    const parsed = standstillDaysSchema.safeParse(input);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join(" ");
      return refuseAward(trx, actor, "standstill", rfpId, "invalid", new DomainError("invalid", message, { standstillDays: [message] }));
    }
    if (rfp.cancelled_at) return refuseAward(trx, actor, "standstill", rfpId, "cancelled", new DomainError("conflict", AWARD_STATE_MESSAGES.cancelled));
    if (await findLiveAward(trx, rfpId)) return refuseAward(trx, actor, "standstill", rfpId, "award-live", new DomainError("conflict", AWARD_STATE_MESSAGES.standstillFixed));
    const days = parsed.data.standstillDays;
    await writeStandstillDays(trx, rfpId, days);
    await auditRfp(trx, actor, "award.standstill-days-set", rfpId, { from: rfp.standstill_days, to: days });
    return { standstillDays: days };
  });
}
