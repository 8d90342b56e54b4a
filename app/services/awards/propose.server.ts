// Proposing the award (issue #13): a buyer or administrator of the RFP's organisation names a
// vendor and bundle of the newest evaluation snapshot of the latest opened round, with a written
// rationale. A bundle that failed a gate is refused with the gate's reason; any bundle but the
// top-ranked one needs a deviation reason naming a criterion or a risk (app/domain/award/rules.ts).
// One transaction on the locked RFP: at most one live award, audited, the approvers notified.
import type { Kysely } from "kysely";
import { findLiveAward, insertAward, listAwardPeople } from "../../../db/queries/awards";
import { findSnapshotBundle, listBundles } from "../../../db/queries/evaluation-snapshot-bundles";
import type { Database } from "../../../db/schema";
import { bundleName, checkProposal, proposeAwardSchema, splitBundleKey, type ProposeAwardInput, type ProposedBundle } from "../../domain/award/rules";
import { DomainError, invalidInput } from "../../domain/errors";
import type { GateFailure } from "../../domain/evaluation/gates";
import { inAuditedTransaction, Refusal } from "../bids/access.server";
import { notifyEach } from "../rfps/notify.server";
import { auditRfp, rfpLabel, type RfpActor } from "../rfps/access.server";
import { AWARD_STATE_MESSAGES, awardNoticeSubject, awardRound, lockAwardRfp, refuseAward } from "./access.server";
import { snapshotSummary } from "./read.server";

const json = <T>(value: unknown): T => (typeof value === "string" ? (JSON.parse(value) as T) : (value as T));

function proposedBundleOf(row: { vendor_id: string; slot_id: string; vendor_name: string; slot_name: string; rank: number | null; passes_gates: boolean; gate_failures: unknown }): ProposedBundle {
  return {
    vendorId: row.vendor_id,
    slotId: row.slot_id,
    vendorName: row.vendor_name,
    slotName: row.slot_name,
    rank: row.rank === null ? null : Number(row.rank),
    passesGates: row.passes_gates,
    gateFailures: json<GateFailure[]>(row.gate_failures),
  };
}

/** The top-ranked bundle that passes the gates in a snapshot (rank 1), or null. */
export async function findTopBundle(db: Parameters<typeof listBundles>[0], snapshotId: string): Promise<(ProposedBundle & { total: number }) | null> {
  const [top] = await listBundles(db, snapshotId, { hiddenVendorIds: [], passesGates: true }, { sort: { by: "rank" }, descending: false, limit: 1, offset: 0, withConfidential: false });
  return top ? { ...proposedBundleOf(top), total: Number(top.total) } : null;
}

export async function proposeAward(db: Kysely<Database>, rfpId: string, input: ProposeAwardInput, actor: RfpActor): Promise<{ awardId: string; deviation: boolean }> {
  return inAuditedTransaction(db, async (trx) => {
    const rfp = await lockAwardRfp(trx, rfpId, actor, "propose");
    if (rfp instanceof Refusal) return rfp;
    const parsed = proposeAwardSchema.safeParse(input);
    if (!parsed.success) {
      return refuseAward(trx, actor, "propose", rfpId, "invalid", invalidInput(parsed.error.issues));
    }
    let round;
    try {
      round = await awardRound(trx, rfp);
    } catch (error) {
      if (error instanceof DomainError) return refuseAward(trx, actor, "propose", rfpId, "state", error);
      throw error;
    }
    if (await findLiveAward(trx, rfpId)) return refuseAward(trx, actor, "propose", rfpId, "already-live", new DomainError("conflict", AWARD_STATE_MESSAGES.alreadyLive));
    const { vendorId, slotId } = splitBundleKey(parsed.data.bundle);
    const row = await findSnapshotBundle(trx, round.snapshot.id, vendorId, slotId, false);
    const bundle = row ? proposedBundleOf(row) : null;
    const top = await findTopBundle(trx, round.snapshot.id);
    const criterionNames = (await snapshotSummary(trx, round.snapshot.id)).criteria.map((c) => c.name);
    let deviationReason: string | null;
    try {
      ({ deviationReason } = checkProposal({ bundle, top, deviationReason: parsed.data.deviationReason, criterionNames }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const reason = bundle && !bundle.passesGates ? "gate-failed" : bundle ? "deviation" : "no-such-bundle";
      return refuseAward(trx, actor, "propose", rfpId, reason, error, { vendorId, slotId, snapshotId: round.snapshot.id });
    }
    const award = await insertAward(trx, { rfpId, round: round.round, snapshotId: round.snapshot.id, vendorOrganisationId: vendorId, slotId, rationale: parsed.data.rationale, deviationReason, proposedBy: actor.id });
    const name = bundleName(bundle!);
    await auditRfp(trx, actor, "award.proposed", rfpId, {
      awardId: award.id,
      round: round.round,
      snapshotId: round.snapshot.id,
      inputHash: round.snapshot.input_hash,
      vendorId,
      slotId,
      bundle: name,
      rank: bundle!.rank,
      deviation: deviationReason !== null,
    });
    // The people who may approve (buyers and administrators other than the proposer) are told.
    const approvers = (await listAwardPeople(trx, rfp.buyer_organisation_id)).filter((p) => p.id !== actor.id).map((p) => p.email);
    await notifyEach(trx, rfpId, approvers, {
      kind: "award.proposed",
      subject: awardNoticeSubject(rfp, "Award proposed, awaiting your approval"),
      body: `${rfpLabel(rfp)}: an award to ${name} was proposed and needs the approval of a second person (four eyes).\n\nRationale: ${parsed.data.rationale}${deviationReason ? `\n\nDeviation from the ranking: ${deviationReason}` : ""}\n\nReview it on the RFP's Award tab: /rfps/${rfpId}/award`,
    });
    return { awardId: award.id, deviation: deviationReason !== null };
  });
}
