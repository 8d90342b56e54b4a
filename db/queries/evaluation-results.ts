// The chair's side of the evaluation: every evaluator's scores of a round, the moderations
// (optimistic concurrency on `version`), score lock events and evaluation snapshots.
// Callers authorise (chair only) and hold the round's advisory lock when they write.
import { sql } from "kysely";
import { PREPARED } from "../client";
import type { Executor } from "./executor";

/** Every score of the round, drafts included, with the evaluator's name. Chair only. */
export async function listRoundScores(db: Executor, rfpId: string, round = 1) {
  const rows = await db
    .selectFrom("evaluator_scores as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.user_id", "u.name as evaluator_name", "s.vendor_organisation_id", "s.slot_id", "s.criterion_id", "s.score_halves", "s.justification", "s.submitted_at", "s.updated_at"])
    .where("s.rfp_id", "=", rfpId)
    .where("s.round", "=", round)
    .orderBy("s.criterion_id")
    .orderBy("s.vendor_organisation_id")
    .orderBy("s.slot_id")
    .orderBy("u.name")
    .orderBy("s.user_id")
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    evaluatorName: r.evaluator_name,
    vendorOrganisationId: r.vendor_organisation_id,
    slotId: r.slot_id,
    criterionId: r.criterion_id,
    scoreHalves: r.score_halves === null ? null : Number(r.score_halves),
    justification: r.justification,
    submittedAt: r.submitted_at,
  }));
}

export interface ModerationKey {
  rfpId: string;
  round: number;
  vendorOrganisationId: string;
  slotId: string;
  criterionId: string;
}

export async function listModerations(db: Executor, rfpId: string, round = 1) {
  const rows = await db
    .selectFrom("score_moderations as m")
    .innerJoin("users as u", "u.id", "m.moderated_by")
    .select(["m.vendor_organisation_id", "m.slot_id", "m.criterion_id", "m.value_halves", "m.reason", "m.version", "m.moderated_at", "u.name as moderated_by_name"])
    .where("m.rfp_id", "=", rfpId)
    .where("m.round", "=", round)
    .orderBy("m.criterion_id")
    .orderBy("m.vendor_organisation_id")
    .orderBy("m.slot_id")
    .execute();
  return rows.map((r) => ({
    vendorOrganisationId: r.vendor_organisation_id,
    slotId: r.slot_id,
    criterionId: r.criterion_id,
    valueHalves: Number(r.value_halves),
    reason: r.reason,
    version: Number(r.version),
    moderatedAt: r.moderated_at,
    moderatedByName: r.moderated_by_name,
  }));
}

export async function findModeration(db: Executor, key: ModerationKey) {
  const rows = await listModerations(db, key.rfpId, key.round);
  return rows.find((m) => m.vendorOrganisationId === key.vendorOrganisationId && m.slotId === key.slotId && m.criterionId === key.criterionId);
}

/**
 * Writes a moderation if it is still at `expectedVersion` (0 = none yet) and returns the new
 * version; undefined when someone else moderated the cell first (nothing is overwritten).
 */
export async function saveModerationAtVersion(
  db: Executor,
  key: ModerationKey,
  expectedVersion: number,
  values: { valueHalves: number; reason: string; moderatedBy: string },
): Promise<number | undefined> {
  if (expectedVersion === 0) {
    const row = await db
      .insertInto("score_moderations")
      .values({
        rfp_id: key.rfpId,
        round: key.round,
        vendor_organisation_id: key.vendorOrganisationId,
        slot_id: key.slotId,
        criterion_id: key.criterionId,
        value_halves: values.valueHalves,
        reason: values.reason,
        version: 1,
        moderated_by: values.moderatedBy,
      })
      .onConflict((oc) => oc.columns(["rfp_id", "round", "vendor_organisation_id", "slot_id", "criterion_id"]).doNothing())
      .returning("version")
      .executeTakeFirst();
    return row ? Number(row.version) : undefined;
  }
  const row = await db
    .updateTable("score_moderations")
    .set((eb) => ({
      value_halves: values.valueHalves,
      reason: values.reason,
      moderated_by: values.moderatedBy,
      moderated_at: sql<Date>`clock_timestamp()`,
      version: eb("version", "+", 1),
    }))
    .where("rfp_id", "=", key.rfpId)
    .where("round", "=", key.round)
    .where("vendor_organisation_id", "=", key.vendorOrganisationId)
    .where("slot_id", "=", key.slotId)
    .where("criterion_id", "=", key.criterionId)
    .where("version", "=", expectedVersion)
    .returning("version")
    .executeTakeFirst();
  return row ? Number(row.version) : undefined;
}

export async function insertScoreLockEvent(db: Executor, event: { rfpId: string; round: number; action: "lock" | "unlock"; reason: string | null; byUserId: string }) {
  return db
    .insertInto("score_lock_events")
    .values({ rfp_id: event.rfpId, round: event.round, action: event.action, reason: event.reason, by_user_id: event.byUserId })
    .returning(["id", "at"])
    .executeTakeFirstOrThrow();
}

export async function insertSnapshot(
  db: Executor,
  snapshot: { rfpId: string; round: number; inputJson: string; inputHash: string; engineVersion: string; resultJson: string; scoresLocked: boolean; createdBy: string },
) {
  return db
    .insertInto("evaluation_snapshots")
    .values({
      rfp_id: snapshot.rfpId,
      round: snapshot.round,
      input_json: snapshot.inputJson,
      input_hash: snapshot.inputHash,
      engine_version: snapshot.engineVersion,
      result_json: snapshot.resultJson,
      scores_locked: snapshot.scoresLocked,
      created_by: snapshot.createdBy,
    })
    .returning(["id", "created_at"])
    .executeTakeFirstOrThrow();
}

/** The snapshots of an RFP, newest first, without their (large) texts. */
export async function listSnapshots(db: Executor, rfpId: string) {
  return db
    .selectFrom("evaluation_snapshots as s")
    .leftJoin("users as u", "u.id", "s.created_by")
    .select(["s.id", "s.round", "s.input_hash", "s.engine_version", "s.scores_locked", "s.created_at", "u.name as created_by_name"])
    .where("s.rfp_id", "=", rfpId)
    .orderBy("s.created_at", "desc")
    .orderBy("s.id")
    .execute();
}

export async function findSnapshot(db: Executor, rfpId: string, snapshotId: string) {
  return db
    .selectFrom("evaluation_snapshots as s")
    .leftJoin("users as u", "u.id", "s.created_by")
    .select(["s.id", "s.round", "s.input_json", "s.input_hash", "s.engine_version", "s.result_json", "s.scores_locked", "s.created_at", "u.name as created_by_name"])
    .where("s.rfp_id", "=", rfpId)
    .where("s.id", "=", snapshotId)
    .executeTakeFirst();
}

/**
 * What the chair's consensus page reads besides the access, in one statement: the panel (as
 * listPanelMembers), the current conflict declarations of every evaluator (user and vendor),
 * the round's scores (as listRoundScores) and moderations (as listModerations), and, when
 * asked, the RFP's snapshots (as listSnapshots). Each list as JSON in its query's order.
 */
export async function readConsensusSources(db: Executor, rfpId: string, round: number, withSnapshots: boolean) {
  const { rows } = await sql<{ panel: unknown; conflicts: unknown; scores: unknown; moderations: unknown; snapshots: unknown }>`${sql.raw(PREPARED)}
    select
      (select coalesce(json_agg(json_build_object('userId', p.user_id, 'name', u.name, 'criterionIds', p.criterion_ids) order by u.name), '[]'::json)
         from rfp_panel_members p join users u on u.id = p.user_id where p.rfp_id = ${rfpId}) as panel,
      (select coalesce(json_agg(json_build_array(c.user_id, c.vendor_organisation_id)), '[]'::json)
         from (select distinct on (x.user_id, x.vendor_organisation_id) x.user_id, x.vendor_organisation_id, x.has_conflict
               from conflict_declarations x where x.rfp_id = ${rfpId}
               order by x.user_id, x.vendor_organisation_id, x.declared_at desc, x.id) c where c.has_conflict) as conflicts,
      (select coalesce(json_agg(json_build_object('userId', s.user_id, 'evaluatorName', u.name, 'vendorOrganisationId', s.vendor_organisation_id, 'slotId', s.slot_id,
                 'criterionId', s.criterion_id, 'scoreHalves', s.score_halves, 'justification', s.justification, 'submittedAt', s.submitted_at)
                 order by s.criterion_id, s.vendor_organisation_id, s.slot_id, u.name, s.user_id), '[]'::json)
         from evaluator_scores s join users u on u.id = s.user_id where s.rfp_id = ${rfpId} and s.round = ${round}) as scores,
      (select coalesce(json_agg(json_build_object('vendorOrganisationId', m.vendor_organisation_id, 'slotId', m.slot_id, 'criterionId', m.criterion_id, 'valueHalves', m.value_halves,
                 'reason', m.reason, 'version', m.version, 'moderatedAt', m.moderated_at, 'moderatedByName', u.name)
                 order by m.criterion_id, m.vendor_organisation_id, m.slot_id), '[]'::json)
         from score_moderations m join users u on u.id = m.moderated_by where m.rfp_id = ${rfpId} and m.round = ${round}) as moderations,
      ${withSnapshots
        ? sql`(select coalesce(json_agg(json_build_object('id', s.id, 'round', s.round, 'inputHash', s.input_hash, 'engineVersion', s.engine_version, 'scoresLocked', s.scores_locked,
                 'createdAt', s.created_at, 'createdByName', u.name) order by s.created_at desc, s.id), '[]'::json)
             from evaluation_snapshots s left join users u on u.id = s.created_by where s.rfp_id = ${rfpId})`
        : sql`null::json`} as snapshots`.execute(db);
  const row = rows[0]!;
  const list = <T>(value: unknown): T[] => (typeof value === "string" ? (JSON.parse(value) as T[]) : ((value ?? []) as T[]));
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    panel: list<{ userId: string; name: string; criterionIds: string[] | null }>(row.panel),
    conflicts: list<[string, string]>(row.conflicts).map(([userId, vendorOrganisationId]) => ({ userId, vendorOrganisationId })),
    scores: list<{ userId: string; evaluatorName: string; vendorOrganisationId: string; slotId: string; criterionId: string; scoreHalves: number | null; justification: string; submittedAt: string | null }>(
      row.scores,
    ).map((s) => ({ ...s, scoreHalves: s.scoreHalves === null ? null : Number(s.scoreHalves), submittedAt: date(s.submittedAt) })),
    moderations: list<{ vendorOrganisationId: string; slotId: string; criterionId: string; valueHalves: number; reason: string; version: number; moderatedAt: string; moderatedByName: string }>(
      row.moderations,
    ).map((m) => ({ ...m, valueHalves: Number(m.valueHalves), version: Number(m.version), moderatedAt: new Date(m.moderatedAt) })),
    snapshots:
      row.snapshots === null
        ? null
        : list<{ id: string; round: number; inputHash: string; engineVersion: string; scoresLocked: boolean; createdAt: string; createdByName: string | null }>(row.snapshots).map((s) => ({
            ...s,
            round: Number(s.round),
            createdAt: new Date(s.createdAt),
          })),
  };
}
