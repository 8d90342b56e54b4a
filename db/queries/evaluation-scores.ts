// Evaluator scores: one row per (evaluator, vendor, bundle slot, judged criterion) and round,
// the score in integer halves. Drafts are upserted; a submission stamps `submitted_at` once.
import { sql } from "kysely";
import { PREPARED } from "../client";
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
  // Every vendor's (the scoring queue's read) is one text, prepared; a list of vendors varies it.
  if (vendorOrganisationIds) query = query.where("s.vendor_organisation_id", "in", vendorOrganisationIds);
  else query = query.modifyFront(sql.raw(PREPARED));
  return (await query.orderBy("s.vendor_organisation_id").orderBy("s.criterion_id").orderBy("s.slot_id").execute()).map(toRow);
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

/**
 * A score sheet's scores in one statement: the evaluator's own scores of one vendor (as
 * listOwnScores) and the other evaluators' submitted scores of it (as listOthersSubmittedScores)
 * for those of `criterionIds` whose every slot of `slotIds` the evaluator has submitted
 * (independence: never before).
 */
export async function readVendorScores(db: Executor, rfpId: string, round: number, userId: string, vendorOrganisationId: string, criterionIds: readonly string[], slotIds: readonly string[]) {
  const row = (name: string) => sql`json_build_object('userId', ${sql.ref(`${name}.user_id`)}, 'vendorOrganisationId', ${sql.ref(`${name}.vendor_organisation_id`)}, 'slotId', ${sql.ref(`${name}.slot_id`)},
    'criterionId', ${sql.ref(`${name}.criterion_id`)}, 'scoreHalves', ${sql.ref(`${name}.score_halves`)}, 'justification', ${sql.ref(`${name}.justification`)},
    'updatedAt', ${sql.ref(`${name}.updated_at`)}, 'submittedAt', ${sql.ref(`${name}.submitted_at`)})`;
  const others =
    criterionIds.length === 0 || slotIds.length === 0
      ? sql`'[]'::json`
      : sql`(select coalesce(json_agg(${row("s")}::jsonb || jsonb_build_object('userName', u.name) order by u.name, s.user_id, s.slot_id), '[]'::json)
          from evaluator_scores s join users u on u.id = s.user_id
          where s.rfp_id = ${rfpId} and s.round = ${round} and s.vendor_organisation_id = ${vendorOrganisationId} and s.user_id <> ${userId} and s.submitted_at is not null
            and s.criterion_id in (${sql.join([...criterionIds])})
            and (select count(distinct o.slot_id) from evaluator_scores o
                 where o.rfp_id = s.rfp_id and o.round = s.round and o.user_id = ${userId} and o.vendor_organisation_id = s.vendor_organisation_id
                   and o.criterion_id = s.criterion_id and o.submitted_at is not null and o.slot_id in (${sql.join([...slotIds])})) = ${slotIds.length})`;
  // For the consensus beside the others' scores: the panel's seats, who declared a conflict with
  // this vendor, and the chair's moderations of its cells (as readConsensusSources, for one vendor).
  const { rows } = await sql<{ own: unknown; others: unknown; panel: unknown; conflicts: unknown; moderations: unknown }>`
    select (select coalesce(json_agg(${row("s")} order by s.criterion_id, s.slot_id), '[]'::json)
              from evaluator_scores s where s.rfp_id = ${rfpId} and s.round = ${round} and s.user_id = ${userId} and s.vendor_organisation_id = ${vendorOrganisationId}) as own,
           ${others} as others,
           (select coalesce(json_agg(json_build_object('userId', p.user_id, 'name', u.name, 'criterionIds', p.criterion_ids) order by u.name), '[]'::json)
              from rfp_panel_members p join users u on u.id = p.user_id where p.rfp_id = ${rfpId}) as panel,
           (select coalesce(json_agg(c.user_id), '[]'::json)
              from (select distinct on (x.user_id) x.user_id, x.has_conflict from conflict_declarations x
                    where x.rfp_id = ${rfpId} and x.vendor_organisation_id = ${vendorOrganisationId} order by x.user_id, x.declared_at desc, x.id) c where c.has_conflict) as conflicts,
           (select coalesce(json_agg(json_build_object('vendorOrganisationId', m.vendor_organisation_id, 'slotId', m.slot_id, 'criterionId', m.criterion_id, 'valueHalves', m.value_halves,
                     'reason', m.reason, 'version', m.version, 'moderatedAt', m.moderated_at, 'moderatedByName', u.name) order by m.criterion_id, m.slot_id), '[]'::json)
              from score_moderations m join users u on u.id = m.moderated_by where m.rfp_id = ${rfpId} and m.round = ${round} and m.vendor_organisation_id = ${vendorOrganisationId}) as moderations`.execute(db);
  type Json = Omit<ScoreRow, "updatedAt" | "submittedAt"> & { updatedAt: string; submittedAt: string | null };
  const list = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value) as Json[];
  const toScore = (r: Json): ScoreRow => ({ ...r, scoreHalves: r.scoreHalves === null ? null : Number(r.scoreHalves), updatedAt: new Date(r.updatedAt), submittedAt: r.submittedAt === null ? null : new Date(r.submittedAt) });
  const json = <T>(value: unknown): T[] => (typeof value === "string" ? (JSON.parse(value) as T[]) : ((value ?? []) as T[]));
  return {
    own: list(rows[0]!.own).map(toScore),
    others: (list(rows[0]!.others) as (Json & { userName: string })[]).map((r) => ({ ...toScore(r), userName: r.userName })),
    panel: json<{ userId: string; name: string; criterionIds: string[] | null }>(rows[0]!.panel),
    conflictedUserIds: json<string>(rows[0]!.conflicts),
    moderations: json<{ vendorOrganisationId: string; slotId: string; criterionId: string; valueHalves: number; reason: string; version: number; moderatedAt: string; moderatedByName: string }>(rows[0]!.moderations).map((m) => ({
      ...m,
      valueHalves: Number(m.valueHalves),
      version: Number(m.version),
      moderatedAt: new Date(m.moderatedAt),
    })),
  };
}
