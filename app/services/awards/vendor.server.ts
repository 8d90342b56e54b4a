// What a vendor sees of the award on an RFP it can see (decision 020): the winner its award and
// the contract schedule of its awarded bundle; every other bidder a link to its debrief; nothing
// before the approval, and nothing of any other bidder. Not visible → not found, as everywhere.
import type { Kysely } from "kysely";
import { findLiveAward, isBidder } from "../../../db/queries/awards";
import type { Executor } from "../../../db/queries/executor";
import { findRfpVisibleToVendor } from "../../../db/queries/rfp-vendors";
import type { Database } from "../../../db/schema";
import { awardStatus } from "../../domain/award/rules";
import type { AwardStatus, ContractSchedule, Debrief } from "../../domain/award/types";
import { DomainError } from "../../domain/errors";
import { assertId, auditRfp, requireVendor, RFP_NOT_FOUND, type RfpActor } from "../rfps/access.server";
import { readContractSchedule, readDebrief } from "./read.server";

export const NO_DEBRIEF = "There is no debrief for you on this RFP. Debriefs are given to every bidder that was not selected, once the award decision is approved.";

export type VendorAwardView =
  | { kind: "winner"; status: AwardStatus; approvedAt: Date; standstillEndsAt: Date | null; concludedAt: Date | null; schedule: ContractSchedule }
  | { kind: "not-selected"; status: AwardStatus; approvedAt: Date; standstillEndsAt: Date | null; concludedAt: Date | null }
  | null;

async function visibleRfp(db: Executor, rfpId: string, vendor: RfpActor) {
  requireVendor(vendor);
  assertId(rfpId);
  const rfp = await findRfpVisibleToVendor(db, rfpId, vendor.organisation.id);
  if (!rfp) throw new DomainError("not_found", RFP_NOT_FOUND);
  return rfp;
}

/** The award as this vendor may see it on the RFP's page; null before an approved award or for a vendor that did not bid. */
export async function getVendorAward(db: Kysely<Database>, rfpId: string, vendor: RfpActor): Promise<VendorAwardView> {
  return db.transaction().execute(async (trx) => {
    await visibleRfp(trx, rfpId, vendor);
    const award = await findLiveAward(trx, rfpId);
    if (!award?.approved_at) return null;
    const own = vendor.organisation.id;
    const base = { status: awardStatus({ approvedAt: award.approved_at, concludedAt: award.concluded_at, cancelledAt: award.cancelled_at }), approvedAt: award.approved_at, standstillEndsAt: award.standstill_ends_at, concludedAt: award.concluded_at };
    if (award.vendor_organisation_id === own) {
      const schedule = await readContractSchedule(trx, rfpId);
      if (!schedule) return null;
      await auditRfp(trx, vendor, "award.contract-schedule-read", rfpId, { awardId: award.id, vendorOrganisationId: own });
      return { kind: "winner", ...base, schedule };
    }
    return (await isBidder(trx, rfpId, own)) ? { kind: "not-selected", ...base } : null;
  });
}

/** This vendor's own debrief (audited); not found unless the award is approved and the vendor bid and lost. */
export async function getVendorDebrief(db: Kysely<Database>, rfpId: string, vendor: RfpActor): Promise<Debrief> {
  return db.transaction().execute(async (trx) => {
    await visibleRfp(trx, rfpId, vendor);
    const debrief = await readDebrief(trx, rfpId, vendor.organisation.id);
    if (!debrief) throw new DomainError("not_found", NO_DEBRIEF);
    await auditRfp(trx, vendor, "award.debrief-read", rfpId, { vendorOrganisationId: vendor.organisation.id, snapshotId: debrief.snapshotId, round: debrief.round });
    return debrief;
  });
}
