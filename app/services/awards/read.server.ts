// The award as plain data for the award page, the vendor pages, the notices and the award pack
// (issue #14). These readers do NO access checks: every caller checks who may see what first.
// Everything comes from the award's evaluation snapshot (its projection), never recomputed.
import type { AwardRow } from "../../../db/queries/awards";
import { findLiveAward, findNewestSnapshotWithVendor, findOrganisationName, findSnapshotBundleTerms, listVendorSnapshotBundles } from "../../../db/queries/awards";
import { findSnapshotBundle, findSnapshotSummary } from "../../../db/queries/evaluation-snapshot-bundles";
import type { Executor } from "../../../db/queries/executor";
import { findRfp } from "../../../db/queries/rfps";
import { buildContractSchedule } from "../../domain/award/contract-schedule";
import { buildDebrief, type DebriefBundleRow } from "../../domain/award/debrief";
import { awardStatus } from "../../domain/award/rules";
import type { AwardSummary, ContractSchedule, Debrief } from "../../domain/award/types";
import type { GateFailure } from "../../domain/evaluation/gates";
import { issueSchema, type IssueValue } from "../../domain/evaluation/schema";
import type { BundleDetail, ResultsSummary } from "../../domain/evaluation-results/projection";

const json = <T>(value: unknown): T => (typeof value === "string" ? (JSON.parse(value) as T) : (value as T));
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? "unknown" } : null);

/** The snapshot's summary (criteria, currency); never its confidential part. */
export async function snapshotSummary(db: Executor, snapshotId: string): Promise<ResultsSummary> {
  const row = await findSnapshotSummary(db, snapshotId, false);
  if (!row) throw new Error(`snapshot ${snapshotId} has no results projection`);
  return json<ResultsSummary>(row.summary);
}

/** One bundle row of a snapshot as the debrief reads it. */
async function snapshotBundle(db: Executor, snapshotId: string, vendorId: string, slotId: string) {
  const row = await findSnapshotBundle(db, snapshotId, vendorId, slotId, false);
  if (!row) return null;
  return {
    vendorName: row.vendor_name,
    slotName: row.slot_name,
    total: Number(row.total),
    evaluatedPriceMinor: Number(row.evaluated_price_minor),
    points: json<number[]>(row.points),
    detail: json<BundleDetail>(row.detail),
    row,
  };
}

export function awardSummaryOf(award: AwardRow, extra: { slotName: string; total: number; evaluatedPriceMinor: number; currency: string; standstillDays: number }): AwardSummary {
  return {
    id: award.id,
    rfpId: award.rfp_id,
    round: Number(award.round),
    snapshotId: award.snapshot_id,
    snapshotInputHash: award.snapshot_input_hash,
    vendorOrganisationId: award.vendor_organisation_id,
    vendorName: award.vendor_name,
    slotId: award.slot_id,
    slotName: extra.slotName,
    total: extra.total,
    evaluatedPriceMinor: extra.evaluatedPriceMinor,
    currency: extra.currency,
    rationale: award.rationale,
    deviationReason: award.deviation_reason,
    status: awardStatus({ approvedAt: award.approved_at, concludedAt: award.concluded_at, cancelledAt: award.cancelled_at }),
    proposedBy: { id: award.proposed_by, name: award.proposed_by_name },
    proposedAt: award.proposed_at.toISOString(),
    approvedBy: person(award.approved_by, award.approved_by_name),
    approvedAt: iso(award.approved_at),
    standstillDays: extra.standstillDays,
    standstillEndsAt: iso(award.standstill_ends_at),
    concludedBy: person(award.concluded_by, award.concluded_by_name),
    concludedAt: iso(award.concluded_at),
    cancelledBy: person(award.cancelled_by, award.cancelled_by_name),
    cancelledAt: iso(award.cancelled_at),
    cancelReason: award.cancel_reason,
  };
}

/** A stored award (live or cancelled) with its bundle's figures from its snapshot. */
export async function summariseAward(db: Executor, award: AwardRow): Promise<AwardSummary> {
  const rfp = await findRfp(db, award.rfp_id);
  const summary = await snapshotSummary(db, award.snapshot_id);
  const bundle = await snapshotBundle(db, award.snapshot_id, award.vendor_organisation_id, award.slot_id);
  return awardSummaryOf(award, {
    slotName: bundle?.slotName ?? award.slot_id,
    total: bundle?.total ?? 0,
    evaluatedPriceMinor: bundle?.evaluatedPriceMinor ?? 0,
    currency: summary.currency,
    standstillDays: rfp?.standstill_days ?? 0,
  });
}

/** The RFP's live (not cancelled) award, whatever its status; null when none. */
export async function readAwardSummary(db: Executor, rfpId: string): Promise<AwardSummary | null> {
  const award = await findLiveAward(db, rfpId);
  return award ? summariseAward(db, award) : null;
}

/**
 * A losing bidder's debrief: null unless the live award is approved (standstill or concluded),
 * the vendor bid, and it is not the winner. Reads only the vendor's own rows and the winning
 * bundle's row of the snapshot it is compared in (the award's, or the last round it took part in).
 */
export async function readDebrief(db: Executor, rfpId: string, vendorOrganisationId: string): Promise<Debrief | null> {
  const award = await findLiveAward(db, rfpId);
  if (!award || !award.approved_at) return null;
  if (award.vendor_organisation_id === vendorOrganisationId) return null;
  const snapshot = await findNewestSnapshotWithVendor(db, rfpId, vendorOrganisationId);
  if (!snapshot) return null;
  const summary = await snapshotSummary(db, snapshot.id);
  const winner = await snapshotBundle(db, snapshot.id, award.vendor_organisation_id, award.slot_id);
  if (!winner) return null;
  const rows = await listVendorSnapshotBundles(db, snapshot.id, vendorOrganisationId);
  const own: DebriefBundleRow[] = rows.map((b) => ({
    slotId: b.slot_id,
    slotName: b.slot_name,
    slotPosition: Number(b.slot_position),
    rank: b.rank === null ? null : Number(b.rank),
    total: Number(b.total),
    evaluatedPriceMinor: Number(b.evaluated_price_minor),
    passesGates: b.passes_gates,
    bestOfVendor: b.best_of_vendor,
    gateFailures: json<GateFailure[]>(b.gate_failures),
    points: json<number[]>(b.points),
    clauseFindings: json<BundleDetail>(b.detail).clauseFindings,
  }));
  if (own.length === 0) return null;
  const rfp = await findRfp(db, rfpId);
  if (!rfp) return null;
  return buildDebrief({
    rfp: { id: rfp.id, reference: rfp.reference, title: rfp.title, buyerName: await findOrganisationName(db, rfp.buyer_organisation_id), currency: summary.currency, minorUnitsPerMajor: summary.minorUnitsPerMajor },
    vendor: { id: vendorOrganisationId, name: rows[0]!.vendor_name },
    round: Number(snapshot.round),
    snapshot: { id: snapshot.id, inputHash: snapshot.input_hash },
    criteria: summary.criteria,
    own,
    winner: { vendorName: winner.vendorName, slotName: winner.slotName, total: winner.total, evaluatedPriceMinor: winner.evaluatedPriceMinor, points: winner.points },
    award: { rationale: award.rationale, deviationReason: award.deviation_reason },
    standstillEndsAt: award.standstill_ends_at,
    approvedAt: award.approved_at,
  });
}

/**
 * The live award's bundle as a contract schedule (any status): its commercial terms from the
 * snapshot's input, its SLAs and remedies from the snapshot's projection; null when none.
 */
export async function readContractSchedule(db: Executor, rfpId: string): Promise<ContractSchedule | null> {
  const award = await findLiveAward(db, rfpId);
  if (!award) return null;
  const bundle = await snapshotBundle(db, award.snapshot_id, award.vendor_organisation_id, award.slot_id);
  if (!bundle) return null;
  const summary = await snapshotSummary(db, award.snapshot_id);
  const terms = await findSnapshotBundleTerms(db, award.snapshot_id, award.vendor_organisation_id, award.slot_id);
  // The input passed the engine's schema when the snapshot was stored; parsed again so a bad row fails here, not in the page.
  const issues = terms ? issueSchema.array().parse(terms.issues) : [];
  return buildContractSchedule({
    rfpId,
    vendorName: award.vendor_name,
    slotName: bundle.slotName,
    currency: summary.currency,
    minorUnitsPerMajor: summary.minorUnitsPerMajor,
    issues,
    values: (terms?.values ?? {}) as Record<string, IssueValue>,
    clauses: bundle.detail.clauses,
  });
}
