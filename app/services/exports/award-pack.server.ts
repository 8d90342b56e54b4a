// The award pack's data (issue #14): ONE stored evaluation snapshot — the live award's, else
// the RFP's newest — read with the opening register of its round, the panel and its conflict
// declarations, the concession logs of any BAFO round, and the award and losing bidders'
// debriefs where they exist. The stored input is hashed again: a snapshot whose input no
// longer matches its SHA-256 is refused, naming it.
//
// Who (decision 017): the buyer side's chair (moderate:scores:own) and panel evaluators who
// declared for every bidder WITHOUT any conflict (the pack covers every bidder) and, under
// quality before price, only once scores are locked. Before the opening: 403 with the reason.
// Vendors and other organisations: 404. Every download is audited (`award-pack.downloaded`).
import type { Kysely } from "kysely";
import { listDeclarationHistory, listPanelMembers } from "../../../db/queries/evaluation-access";
import { findOpeningRecord, listOpeningDecisions, listRegisterRows } from "../../../db/queries/bid-openings";
import { findSnapshot, listSnapshots } from "../../../db/queries/evaluation-results";
import { findOrganisationName, listBidderOrganisations } from "../../../db/queries/awards";
import type { Executor } from "../../../db/queries/executor";
import type { Database } from "../../../db/schema";
import { buildAwardPackData, type AwardPackData, type PackOpening } from "../../domain/award/pack";
import type { AwardSummary, Debrief } from "../../domain/award/types";
import { describePriceFormula, parseRoundInput, type RoundEvaluation } from "../../domain/evaluation";
import { formatMoney } from "../../domain/evaluation/format";
import { DomainError } from "../../domain/errors";
import { hasPermission } from "../../domain/permissions";
import { readAwardSummary, readDebrief } from "../awards/read.server";
import { readConcessionLogs } from "../bafo/concessions.server";
import { loadEvaluationAccess, DECLARE_FIRST, type EvaluationActor } from "../evaluation/access.server";
import { RESULTS_FORBIDDEN, RESULTS_PRICES_HIDDEN } from "../evaluation/results.server";
import { projectionTools } from "../evaluation/results-projection.server";
import { sha256Hex } from "../evaluation/snapshots.server";
import { assertId, auditRfp } from "../rfps/access.server";

export const PACK_NOT_OPENED =
  "There is no award pack before the bid opening: the pack shows the evaluation of the opened bids. After the deadline, two people of the buyer's organisation open the bids and the chair runs the evaluation.";
export const PACK_CONFLICTED =
  "You declared a conflict of interest with a bidder of this RFP. The award pack covers every bidder, so it is not available to you; the buyer chairing the evaluation can share what you may see.";
export const PACK_NO_SNAPSHOT = "The evaluation has not been run yet, so there is no award pack. The chair runs it on the Consensus tab.";

export function snapshotMismatch(snapshotId: string, stored: string, recomputed: string): string {
  return `Evaluation snapshot ${snapshotId} is refused: its stored input no longer matches the SHA-256 recorded when it was taken (recorded ${stored}, recomputed ${recomputed}). Run the evaluation again and export the new snapshot.`;
}


/**
 * The losing bidders' debriefs once the award is approved: every bidder of any round but the
 * winner, each through the portal's own read (`readDebrief`), so each compares the round the
 * vendor last bid in, exactly as the vendor reads it (decision 020). Null before the approval.
 */
async function losingDebriefs(db: Executor, rfpId: string, award: AwardSummary | null, bidders: readonly { id: string }[]): Promise<Debrief[] | null> {
  if (!award?.approvedAt) return null;
  const debriefs: Debrief[] = [];
  for (const b of bidders) {
    if (b.id === award.vendorOrganisationId) continue;
    const d = await readDebrief(db, rfpId, b.id);
    if (d) debriefs.push(d);
  }
  return debriefs;
}

/** The pack's files, for the audit trail and the download routes. */
export const PACK_FILES = ["workbook", "report", "ocds", "debrief", "zip"] as const;
export type PackFile = (typeof PACK_FILES)[number];

/**
 * Reads and checks everything of one RFP the pack needs, without access checks (the CLI and
 * `loadAwardPack` call it). `snapshotId` null: the live award's snapshot, else the newest.
 */
export async function assembleAwardPack(db: Executor, rfpId: string, snapshotId: string | null = null): Promise<AwardPackData> {
  assertId(rfpId, "There is no such RFP.");
  if (snapshotId !== null) assertId(snapshotId, "There is no such evaluation snapshot for this RFP.");
  const rfp = await db.selectFrom("rfps").selectAll().where("id", "=", rfpId).executeTakeFirst();
  if (!rfp) throw new DomainError("not_found", "There is no such RFP.");
  const liveAward: AwardSummary | null = await readAwardSummary(db, rfpId);
  const chosen = snapshotId ?? liveAward?.snapshotId ?? (await listSnapshots(db, rfpId))[0]?.id ?? null;
  if (!chosen) throw new DomainError("conflict", PACK_NO_SNAPSHOT);
  const row = await findSnapshot(db, rfpId, chosen);
  if (!row) throw new DomainError("not_found", "There is no such evaluation snapshot for this RFP.");
  const recomputed = sha256Hex(row.input_json);
  if (recomputed !== row.input_hash) throw new DomainError("conflict", snapshotMismatch(row.id, row.input_hash, recomputed), { snapshot: [row.id] });
  const parsed = parseRoundInput(JSON.parse(row.input_json));
  if (!parsed.ok) throw new DomainError("conflict", `Evaluation snapshot ${row.id} is refused: the engine no longer accepts its input (${parsed.problems[0]?.message ?? "invalid"}).`);
  const input = parsed.data;
  const evaluation = JSON.parse(row.result_json) as RoundEvaluation;
  const round = Number(row.round);
  // The award belongs to the snapshot it was decided on: another snapshot's pack names it only.
  const award = liveAward && liveAward.snapshotId === row.id ? liveAward : null;
  const tenderers = await listBidderOrganisations(db, rfpId);

  const opened = await findOpeningRecord(db, rfpId, round);
  let opening: PackOpening | null = null;
  if (opened) {
    const decisions = new Map((await listOpeningDecisions(db, rfpId, round)).map((d) => [d.vendor_organisation_id, d]));
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    opening = {
      round,
      openedAt: new Date(opened.opened_at).toISOString(),
      openedBy: opened.opened_by_name ?? "unknown",
      startedAt: iso(opened.started_at),
      startedBy: opened.started_by_name ?? "unknown",
      registerHash: opened.register_hash,
      rows: (await listRegisterRows(db, rfpId, round)).map((r) => {
        const d = decisions.get(r.vendor_organisation_id);
        return {
          vendorOrganisationId: r.vendor_organisation_id,
          vendorName: r.vendor_name,
          status: r.status,
          versionNumber: r.version_number === null ? null : Number(r.version_number),
          receivedAt: iso(r.received_at),
          storedHash: r.stored_hash,
          recomputedHash: r.recomputed_hash,
          withdrawnAt: iso(r.withdrawn_at),
          lateAttempts: Array.isArray(r.late_attempts) ? r.late_attempts.length : 0,
          decision: d ? `${d.decision} (${d.reason}), ${new Date(d.decided_at).toISOString()} by ${d.decided_by_name}` : null,
        };
      }),
    };
  }
  const criterionName = new Map(input.criteria.map((c) => [c.id, c.name]));
  const panel = (await listPanelMembers(db, rfpId)).map((p) => ({ id: p.user_id, name: p.name, criteria: p.criterion_ids ? p.criterion_ids.map((id) => criterionName.get(id) ?? id) : null }));
  const vendorName = new Map<string, string>([
    ...tenderers.map((t) => [t.id, t.name] as const),
    ...input.vendors.map((v) => [v.id, v.name] as const),
    ...(opening?.rows ?? []).map((r) => [r.vendorOrganisationId, r.vendorName] as const),
  ]);
  const declarations = (await listDeclarationHistory(db, rfpId)).map((d) => ({
    evaluatorName: d.user_name,
    vendorName: vendorName.get(d.vendor_organisation_id) ?? "a bidder no longer in the evaluation",
    hasConflict: d.has_conflict,
    note: d.note,
    changeReason: d.change_reason,
    declaredAt: new Date(d.declared_at).toISOString(),
  }));
  // Debriefs of every losing bidder of any round once the award is approved, in the award's pack.
  const debriefs = await losingDebriefs(db, rfpId, award, tenderers);
  const money = (m: number) => formatMoney(m, input.currency, input.minorUnitsPerMajor);
  const data = buildAwardPackData(
    {
      generatedAt: new Date(),
      rfp: {
        id: rfp.id,
        reference: rfp.reference,
        title: rfp.title,
        buyerName: await findOrganisationName(db, rfp.buyer_organisation_id),
        currency: input.currency,
        minorUnitsPerMajor: input.minorUnitsPerMajor,
        summary: rfp.summary,
        publishedAt: rfp.published_at ? new Date(rfp.published_at).toISOString() : null,
        bidsCloseAt: rfp.bids_close_at ? new Date(rfp.bids_close_at).toISOString() : null,
        slots: input.bundleSlots,
        issues: input.issues.map((i) => ({ id: i.id, name: i.name, kind: i.kind, unit: i.kind === "number" ? i.unit : null })),
        isPublic: rfp.is_public,
      },
      snapshot: { id: row.id, round, createdAt: new Date(row.created_at).toISOString(), createdByName: row.created_by_name, inputHash: row.input_hash, engineVersion: row.engine_version, scoresLocked: row.scores_locked },
      input,
      evaluation,
      priceFormulaDescription: describePriceFormula(input.settings.priceFormula, input.currency, input.minorUnitsPerMajor),
      tools: projectionTools(input),
      opening,
      panel,
      declarations,
      award,
      awardElsewhere: liveAward && !award ? liveAward : null,
      tenderers: tenderers.map((t) => ({ id: t.id, name: t.name })),
      concessionLogs: await readConcessionLogs(db, rfpId),
      debriefs,
    },
    money,
  );
  return data;
}

/** The access rules of the header; throws a DomainError (403 with the reason, 404). */
export async function assertMayExportPack(db: Executor, rfpId: string, actor: EvaluationActor): Promise<void> {
  const access = await loadEvaluationAccess(db, rfpId, actor);
  if (!hasPermission(actor.roles, "read:evaluation:own")) throw new DomainError("forbidden", RESULTS_FORBIDDEN);
  if (!access.opened) throw new DomainError("forbidden", PACK_NOT_OPENED);
  if (!access.isChair) {
    if (access.undeclaredVendorIds.length > 0) throw new DomainError("forbidden", DECLARE_FIRST);
    if (access.pricesHidden) throw new DomainError("forbidden", RESULTS_PRICES_HIDDEN);
  }
  if ([...access.declarations.values()].some((d) => d.hasConflict)) throw new DomainError("forbidden", PACK_CONFLICTED);
}

/** Whether the actor may download the pack (for showing the tab: no link that answers 403). */
export async function mayExportPack(db: Kysely<Database>, rfpId: string, actor: EvaluationActor): Promise<boolean> {
  try {
    await db.transaction().execute((trx) => assertMayExportPack(trx, rfpId, actor));
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/** The pack for this actor, checked and audited (one audit row per file downloaded). */
export async function loadAwardPack(db: Kysely<Database>, rfpId: string, actor: EvaluationActor, file: PackFile, snapshotId: string | null = null): Promise<AwardPackData> {
  return db.transaction().execute(async (trx) => {
    await assertMayExportPack(trx, rfpId, actor);
    const pack = await assembleAwardPack(trx, rfpId, snapshotId);
    await auditRfp(trx, actor, "award-pack.downloaded", rfpId, { file, snapshotId: pack.snapshot.id, inputHash: pack.snapshot.inputHash, award: pack.award?.id ?? null });
    return pack;
  });
}

export type PackOverview =
  | { kind: "unavailable"; reason: string }
  | {
      kind: "ready";
      snapshot: { id: string; round: number; createdAt: Date; inputHash: string; engineVersion: string; scoresLocked: boolean };
      /** The snapshot is the live award's (else the newest run). */
      awardSnapshot: boolean;
      award: { vendorName: string; slotName: string; status: AwardSummary["status"] } | null;
      /** Losing bidders of any round with a debrief (after the award's approval). */
      debriefs: { vendorId: string; vendorName: string }[];
    };

/**
 * What the Award pack tab shows: which snapshot the pack would be built from and its files, or
 * why there is no pack for this actor (200 with the reason, so the tab never answers 403).
 * Not audited: nothing of the pack is read; each download is.
 */
export async function getPackOverview(db: Kysely<Database>, rfpId: string, actor: EvaluationActor): Promise<PackOverview> {
  return db.transaction().execute(async (trx) => {
    try {
      await assertMayExportPack(trx, rfpId, actor);
    } catch (error) {
      if (error instanceof DomainError && error.code === "forbidden") return { kind: "unavailable", reason: error.message };
      throw error;
    }
    const award = await readAwardSummary(trx, rfpId);
    const snapshots = await listSnapshots(trx, rfpId);
    const chosen = (award && snapshots.find((s) => s.id === award.snapshotId)) ?? snapshots[0];
    if (!chosen) return { kind: "unavailable", reason: PACK_NO_SNAPSHOT };
    // The same debriefs the pack holds (every losing bidder of any round), read as the pack reads them.
    const debriefs = award?.snapshotId === chosen.id ? ((await losingDebriefs(trx, rfpId, award, await listBidderOrganisations(trx, rfpId))) ?? []).map((d) => ({ vendorId: d.vendorOrganisationId, vendorName: d.vendorName })) : [];
    return {
      kind: "ready",
      snapshot: { id: chosen.id, round: Number(chosen.round), createdAt: chosen.created_at, inputHash: chosen.input_hash, engineVersion: chosen.engine_version, scoresLocked: chosen.scores_locked },
      awardSnapshot: Boolean(award && award.snapshotId === chosen.id),
      award: award ? { vendorName: award.vendorName, slotName: award.slotName, status: award.status } : null,
      debriefs,
    };
  });
}
