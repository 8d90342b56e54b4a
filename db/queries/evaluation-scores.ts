// Evaluator scores: one row per (evaluator, vendor, bundle slot, judged criterion) and round,
// the score in integer halves. Drafts are upserted; a submission stamps `submitted_at` once.
import { sql } from "kysely";
import type { Executor } from "./executor";

export interface ScoreRow {
  userId: string;
  vendorOrganisationId: string;
  slotId: string;
  criterionId: string;
  scoreHalves: number | null;
  justification: string;
  updatedAt: Date;
  submittedAt: Date | null;
}

const COLUMNS = ["s.user_id", "s.vendor_organisation_id", "s.slot_id", "s.criterion_id", "s.score_halves", "s.justification", "s.updated_at", "s.submitted_at"] as const;

function toRow(r: { user_id: string; vendor_organisation_id: string; slot_id: string; criterion_id: string; score_halves: number | null; justification: string; updated_at: Date; submitted_at: Date | null }): ScoreRow {
  return {
    userId: r.user_id,
    vendorOrganisationId: r.vendor_organisation_id,
    slotId: r.slot_id,
    criterionId: r.criterion_id,
    scoreHalves: r.score_halves === null ? null : Number(r.score_halves),
    justification: r.justification,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
  };
}

/** One evaluator's own scores of the round (optionally of some vendors only). */
export async function listOwnScores(db: Executor, rfpId: string, round: number, userId: string, vendorOrganisationIds?: readonly string[]): Promise<ScoreRow[]> {
  if (vendorOrganisationIds && vendorOrganisationIds.length === 0) return [];
  let query = db.selectFrom("evaluator_scores as s").select(COLUMNS).where("s.rfp_id", "=", rfpId).where("s.round", "=", round).where("s.user_id", "=", userId);
  if (vendorOrganisationIds) query = query.where("s.vendor_organisation_id", "in", vendorOrganisationIds);
  return (await query.orderBy("s.vendor_organisation_id").orderBy("s.criterion_id").orderBy("s.slot_id").execute()).map(toRow);
}

/** Other evaluators' SUBMITTED scores of one vendor for the given criteria, with their names. */
export async function listOthersSubmittedScores(db: Executor, rfpId: string, round: number, userId: string, vendorOrganisationId: string, criterionIds: readonly string[]) {
  if (criterionIds.length === 0) return [];
  const rows = await db
    .selectFrom("evaluator_scores as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(COLUMNS)
    .select("u.name as user_name")
    .where("s.rfp_id", "=", rfpId)
    .where("s.round", "=", round)
    .where("s.vendor_organisation_id", "=", vendorOrganisationId)
    .where("s.criterion_id", "in", criterionIds)
    .where("s.user_id", "<>", userId)
    .where("s.submitted_at", "is not", null)
    .orderBy("u.name")
    .orderBy("s.user_id")
    .orderBy("s.slot_id")
    .execute();
  return rows.map((r) => ({ ...toRow(r), userName: r.user_name }));
}

/** Writes drafts: insert or overwrite the typed score and justification (never a submitted row: the caller checks). */
export async function upsertDraftScores(
  db: Executor,
  rfpId: string,
  round: number,
  userId: string,
  rows: readonly { vendorOrganisationId: string; slotId: string; criterionId: string; scoreHalves: number | null; justification: string }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto("evaluator_scores")
    .values(
      rows.map((r) => ({
        rfp_id: rfpId,
        round,
        user_id: userId,
        vendor_organisation_id: r.vendorOrganisationId,
        slot_id: r.slotId,
        criterion_id: r.criterionId,
        score_halves: r.scoreHalves,
        justification: r.justification,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(["rfp_id", "round", "user_id", "vendor_organisation_id", "slot_id", "criterion_id"])
        .doUpdateSet({ score_halves: (eb) => eb.ref("excluded.score_halves"), justification: (eb) => eb.ref("excluded.justification"), updated_at: sql<Date>`clock_timestamp()` })
        // Belt and braces: a submitted score is never overwritten.
        .where("evaluator_scores.submitted_at", "is", null),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Stamps the submission of every bundle of the given (vendor, criterion) pairs. */
export async function submitScores(db: Executor, rfpId: string, round: number, userId: string, pairs: readonly { vendorOrganisationId: string; criterionId: string }[], slotIds: readonly string[]): Promise<number> {
  if (pairs.length === 0) return 0;
  const result = await db
    .updateTable("evaluator_scores")
    .set({ submitted_at: sql<Date>`clock_timestamp()` })
    .where("rfp_id", "=", rfpId)
    .where("round", "=", round)
    .where("user_id", "=", userId)
    .where("slot_id", "in", slotIds)
    .where("submitted_at", "is", null)
    .where((eb) => eb.or(pairs.map((p) => eb.and([eb("vendor_organisation_id", "=", p.vendorOrganisationId), eb("criterion_id", "=", p.criterionId)]))))
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

/** How many submitted scores each of these people has in the RFP (any round), by criterion. */
export async function listSubmittedScoreCounts(db: Executor, rfpId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom("evaluator_scores")
    .select(["user_id", "criterion_id"])
    .select(sql<number>`count(*)::int`.as("n"))
    .where("rfp_id", "=", rfpId)
    .where("user_id", "in", userIds)
    .where("submitted_at", "is not", null)
    .groupBy(["user_id", "criterion_id"])
    .execute();
  return rows.map((r) => ({ userId: r.user_id, criterionId: r.criterion_id, count: Number(r.n) }));
}
