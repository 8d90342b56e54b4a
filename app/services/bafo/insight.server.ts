// The MESO insight pages (issue #13, item 1): what each vendor's three bundles revealed, read
// from the newest snapshot of the latest opened round. Buyer side only, with the results
// pages' access rules (decision 019): the chair (a buyer) sees every vendor and the
// confidential verdicts; a panel evaluator must have declared for every bidder, sees no vendor
// they declared a conflict with (not found), and no reservation price or BATNA; before declaring,
// or under two envelopes before the lock, they read why and what to do (WaitingToView, which the pages show with 200).
// Vendors and other organisations: not found (the route already refuses roles without
// read:evaluation:own). Every read is audited without values.
import type { Kysely } from "kysely";
import { findSnapshotHead, listBundles } from "../../../db/queries/evaluation-snapshot-bundles";
import type { Executor } from "../../../db/queries/executor";
import { findVendorMeso, listMesoSummaries } from "../../../db/queries/meso-insight";
import type { Database } from "../../../db/schema";
import { describeInsight, type InsightWords } from "../../domain/bafo/insight-words";
import { DomainError } from "../../domain/errors";
import type { VendorMesoInsight } from "../../domain/evaluation/meso-insight";
import { hasPermission } from "../../domain/permissions";
import type { RfpState } from "../../domain/rfp/state";
import { auditRfp } from "../rfps/access.server";
import type { EvaluationAccess, EvaluationActor } from "../evaluation/access.server";
import { loadViewing } from "../evaluation/results.server";

export const INSIGHT_VENDOR_NOT_FOUND = "There is no such vendor in this evaluation, or you may not see it.";
export const NO_INSIGHT_SNAPSHOT_CHAIR = "This round has not been evaluated yet. Run the evaluation on the Consensus tab; the MESO insight of each vendor appears here.";
export const NO_INSIGHT_SNAPSHOT_EVALUATOR = "The chair has not run the evaluation of this round yet. The MESO insight appears here once it has.";

export interface InsightViewer {
  isChair: boolean;
  seesConfidential: boolean;
  /** Vendors left out of this view (the viewer's conflicts); names are not revealed. */
  hiddenVendorCount: number;
  /** The buyer may start a BAFO round now, so each suggestion links to the BAFO page. */
  mayStartBafo: boolean;
}

export interface InsightSnapshot {
  id: string;
  round: number;
  createdAt: Date;
  scoresLocked: boolean;
}

export interface InsightVendorSummary {
  id: string;
  name: string;
  dominated: number;
  tradeOffs: number;
  suggestions: number;
  bestGain: number | null;
}

export type InsightIndex =
  | { kind: "empty"; rfpId: string; round: number; viewer: InsightViewer; message: string }
  | { kind: "insight"; rfpId: string; round: number; viewer: InsightViewer; snapshot: InsightSnapshot; vendors: InsightVendorSummary[] };

export interface VendorInsightView {
  rfpId: string;
  round: number;
  viewer: InsightViewer;
  snapshot: InsightSnapshot;
  vendor: { id: string; name: string };
  currency: string;
  minorUnitsPerMajor: number;
  bundles: { slotId: string; slotName: string; rank: number | null; total: number; evaluatedPriceMinor: number; passesGates: boolean }[];
  words: InsightWords;
}

export interface InsightAccess {
  access: EvaluationAccess;
  viewer: InsightViewer;
  hidden: Set<string>;
}

/** States in which the latest round's bids are opened and no award is approved: a BAFO round may start. */
const BAFO_MAY_START: readonly RfpState[] = ["opened"];

export async function loadInsightAccess(db: Executor, rfpId: string, actor: EvaluationActor): Promise<InsightAccess> {
  // The results pages' rules, on the latest opened round (loadEvaluationAccess's default).
  const { access, hidden, viewer } = await loadViewing(db, rfpId, actor);
  const mayStartBafo = access.isChair && hasPermission(actor.roles, "manage:bafo:own") && BAFO_MAY_START.includes(access.state);
  return { access, hidden: new Set(hidden), viewer: { ...viewer, mayStartBafo } };
}

function snapshotOf(head: { id: string; round: number | string; created_at: Date; scores_locked: boolean }): InsightSnapshot {
  return { id: head.id, round: Number(head.round), createdAt: head.created_at, scoresLocked: head.scores_locked };
}

/** The vendors of the latest opened round's newest snapshot with what their insight holds. */
export async function getInsightIndex(db: Kysely<Database>, rfpId: string, actor: EvaluationActor): Promise<InsightIndex> {
  return db.transaction().execute(async (trx) => {
    const { access, viewer, hidden } = await loadInsightAccess(trx, rfpId, actor);
    const head = await findSnapshotHead(trx, rfpId, access.round, null);
    if (!head) {
      await auditRfp(trx, actor, "evaluation.insight-read", rfpId, { round: access.round, snapshotId: null });
      return { kind: "empty", rfpId, round: access.round, viewer, message: access.isChair ? NO_INSIGHT_SNAPSHOT_CHAIR : NO_INSIGHT_SNAPSHOT_EVALUATOR };
    }
    const names = new Map(access.bidders.map((b) => [b.vendorOrganisationId, b.vendorName]));
    const vendors: InsightVendorSummary[] = [];
    for (const m of await listMesoSummaries(trx, head.id)) {
      if (hidden.has(m.vendor_id)) continue;
      vendors.push({ id: m.vendor_id, name: names.get(m.vendor_id) ?? m.vendor_id, dominated: m.dominated, tradeOffs: m.trade_offs, suggestions: m.suggestions, bestGain: m.best_gain });
    }
    vendors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    await auditRfp(trx, actor, "evaluation.insight-read", rfpId, { round: access.round, snapshotId: head.id, hiddenVendors: hidden.size });
    return { kind: "insight", rfpId, round: access.round, viewer, snapshot: snapshotOf(head), vendors };
  });
}

/** One vendor's MESO insight in words. A vendor the viewer declared a conflict with, or not in the snapshot, is not found. */
export async function getVendorInsight(db: Kysely<Database>, rfpId: string, vendorId: string, actor: EvaluationActor): Promise<VendorInsightView> {
  return db.transaction().execute(async (trx) => {
    const { access, viewer, hidden } = await loadInsightAccess(trx, rfpId, actor);
    if (hidden.has(vendorId) || !/^[0-9a-f-]{36}$/i.test(vendorId)) throw new DomainError("not_found", INSIGHT_VENDOR_NOT_FOUND);
    const vendor = access.bidders.find((b) => b.vendorOrganisationId === vendorId);
    if (!vendor) throw new DomainError("not_found", INSIGHT_VENDOR_NOT_FOUND);
    const head = await findSnapshotHead(trx, rfpId, access.round, null);
    if (!head) throw new DomainError("not_found", access.isChair ? NO_INSIGHT_SNAPSHOT_CHAIR : NO_INSIGHT_SNAPSHOT_EVALUATOR);
    const found = await findVendorMeso(trx, head.id, vendorId);
    if (!found) throw new DomainError("not_found", INSIGHT_VENDOR_NOT_FOUND);
    const { definition } = access;
    const visibleVendorNames = new Map(access.bidders.filter((b) => !hidden.has(b.vendorOrganisationId)).map((b) => [b.vendorOrganisationId, b.vendorName]));
    const words = describeInsight(found.insight as VendorMesoInsight, {
      vendorName: vendor.vendorName,
      currency: found.currency,
      minorUnitsPerMajor: found.minorUnitsPerMajor,
      issues: definition.termSheet,
      slots: definition.bundleSlots,
      evaluatedPriceTerms: definition.criteria.evaluation.evaluatedPrice.terms,
      visibleVendorNames,
      seesConfidential: viewer.seesConfidential,
      slas: definition.sla.slas,
    });
    const rows = await listBundles(trx, head.id, { hiddenVendorIds: [...hidden], vendorId }, { sort: { by: "bundle" }, descending: false, limit: 10, offset: 0, withConfidential: false });
    const bundles = rows.map((r) => ({ slotId: r.slot_id, slotName: r.slot_name, rank: r.rank === null ? null : Number(r.rank), total: Number(r.total), evaluatedPriceMinor: Number(r.evaluated_price_minor), passesGates: r.passes_gates }));
    await auditRfp(trx, actor, "evaluation.insight-read", rfpId, { round: access.round, snapshotId: head.id, vendorId });
    return { rfpId, round: access.round, viewer, snapshot: snapshotOf(head), vendor: { id: vendor.vendorOrganisationId, name: vendor.vendorName }, currency: found.currency, minorUnitsPerMajor: found.minorUnitsPerMajor, bundles, words };
  });
}
