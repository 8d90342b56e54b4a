// What the evaluation workspace needs to decide who may see what: the opening, the admitted
// bidders (from the opening register), panel membership, conflict declarations, score locks.
// No bid content here: that is read only through sealed-bids.ts.
import { sql } from "kysely";
import { PREPARED } from "../client";
import type { Executor } from "./executor";
import { FACT_COLUMNS, FACT_JOINS, type LifecycleRow } from "./rfp-lifecycle";

export async function findOpening(db: Executor, rfpId: string, round = 1) {
  return db.selectFrom("bid_openings").selectAll().where("rfp_id", "=", rfpId).where("round", "=", round).executeTakeFirst();
}

/**
 * The bidders whose bids are evaluated: counted in the opening register, or held out for a
 * hash mismatch and then admitted by the buyer's recorded decision. Withdrawn and excluded
 * bids never reach an evaluator. Ordered by name, so every page lists them alike.
 */
export async function listAdmittedBidders(db: Executor, rfpId: string, round = 1): Promise<{ vendorOrganisationId: string; vendorName: string; versionNumber: number }[]> {
  const rows = await db
    .selectFrom("bid_opening_register as r")
    .leftJoin("bid_opening_decisions as d", (j) => j.onRef("d.rfp_id", "=", "r.rfp_id").onRef("d.round", "=", "r.round").onRef("d.vendor_organisation_id", "=", "r.vendor_organisation_id"))
    .select(["r.vendor_organisation_id", "r.vendor_name", "r.version_number"])
    .where("r.rfp_id", "=", rfpId)
    .where("r.round", "=", round)
    .where((eb) => eb.or([eb("r.status", "=", "counted"), eb.and([eb("r.status", "=", "hash-mismatch"), eb("d.decision", "=", "admit")])]))
    .orderBy("r.vendor_name")
    .orderBy("r.vendor_organisation_id")
    .execute();
  return rows.map((r) => ({ vendorOrganisationId: r.vendor_organisation_id, vendorName: r.vendor_name, versionNumber: r.version_number ?? 0 }));
}

export async function findPanelMember(db: Executor, rfpId: string, userId: string) {
  return db.selectFrom("rfp_panel_members").select(["user_id", "criterion_ids", "added_at"]).where("rfp_id", "=", rfpId).where("user_id", "=", userId).executeTakeFirst();
}

export async function listPanelMembers(db: Executor, rfpId: string) {
  return db
    .selectFrom("rfp_panel_members as p")
    .innerJoin("users as u", "u.id", "p.user_id")
    .select(["p.user_id", "p.criterion_ids", "p.added_at", "u.name", "u.email"])
    .where("p.rfp_id", "=", rfpId)
    .orderBy("u.name")
    .execute();
}

/** The newest declaration per (evaluator, vendor) of the RFP; `userId` narrows to one evaluator. */
export async function listCurrentDeclarations(db: Executor, rfpId: string, userId?: string) {
  let query = db
    .selectFrom("conflict_declarations")
    .select(["user_id", "vendor_organisation_id", "has_conflict", "note", "change_reason", "declared_at"])
    .distinctOn(["user_id", "vendor_organisation_id"])
    .where("rfp_id", "=", rfpId);
  if (userId) query = query.where("user_id", "=", userId);
  return query.orderBy("user_id").orderBy("vendor_organisation_id").orderBy("declared_at", "desc").orderBy("id").execute();
}

/** Every declaration ever made for the RFP, oldest first (the history the chair reads). */
export async function listDeclarationHistory(db: Executor, rfpId: string) {
  return db
    .selectFrom("conflict_declarations as c")
    .innerJoin("users as u", "u.id", "c.user_id")
    .select(["c.user_id", "u.name as user_name", "c.vendor_organisation_id", "c.has_conflict", "c.note", "c.change_reason", "c.declared_at"])
    .where("c.rfp_id", "=", rfpId)
    .orderBy("c.declared_at")
    .execute();
}

/** The newest lock event decides: locked after a 'lock', open after an 'unlock' or none. */
export async function findScoreLock(db: Executor, rfpId: string, round = 1) {
  const row = await db
    .selectFrom("score_lock_events as e")
    .innerJoin("users as u", "u.id", "e.by_user_id")
    .select(["e.action", "e.reason", "e.at", "u.name as by_name"])
    .where("e.rfp_id", "=", rfpId)
    .where("e.round", "=", round)
    .orderBy("e.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return { locked: row?.action === "lock", last: row ?? null };
}

/** Serialises lock changes and score writes of one RFP round (a transaction-scoped advisory lock). */
export async function lockEvaluationRound(db: Executor, rfpId: string, round = 1): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`evaluation:${rfpId}:${round}`}))`.execute(db);
}

/** What `readEvaluationAccessRow` adds beside the RFP's own columns (prefixed, so none collides with them). */
export interface EvaluationAccessExtras {
  x_now: Date;
  /** The round evaluated: the one asked for, else the newest opened one, else 1. */
  x_round: number | string;
  /** Every confirmed opening of the RFP, oldest round first (opened_at as JSON text). */
  x_openings: { round: number | string; opened_at: string }[];
  x_on_panel: boolean;
  x_panel_criterion_ids: string[] | null;
  /** The newest lock event of the round (null columns: none). */
  x_lock_action: "lock" | "unlock" | null;
  x_lock_reason: string | null;
  x_lock_at: Date | null;
  x_lock_by_name: string | null;
  /** listAdmittedBidders of the round, as JSON, in its order. */
  x_bidders: { id: string; name: string; version: number | null }[];
  /** The user's newest declaration per vendor (listCurrentDeclarations narrowed to the user), as JSON. */
  x_declarations: { vendor: string; conflict: boolean; note: string; reason: string | null; at: string }[];
}

/**
 * Everything loadEvaluationAccess decides on, in one statement: the RFP row (any
 * organisation's: the caller checks), the database clock, the openings, the user's panel seat,
 * the round's newest lock event, its admitted bidders (as listAdmittedBidders), the user's
 * current declarations (as listCurrentDeclarations) and the clock facts of
 * rfp-lifecycle.ts (its FACT_COLUMNS and FACT_JOINS). Undefined when there is no such RFP.
 */
export async function readEvaluationAccessRow(db: Executor, rfpId: string, userId: string, wantedRound: number | null): Promise<(Record<string, unknown> & EvaluationAccessExtras & Omit<LifecycleRow, "id" | "published_at" | "bids_close_at" | "cancelled_at">) | undefined> {
  const { rows } = await sql<Record<string, unknown> & EvaluationAccessExtras & Omit<LifecycleRow, "id" | "published_at" | "bids_close_at" | "cancelled_at">>`${sql.raw(PREPARED)}
    select r.*, now() as x_now, k.round as x_round,
      (select coalesce(json_agg(json_build_object('round', o.round, 'opened_at', o.opened_at) order by o.round), '[]'::json)
         from bid_openings o where o.rfp_id = r.id) as x_openings,
      (pm.user_id is not null) as x_on_panel, pm.criterion_ids as x_panel_criterion_ids,
      lk.action as x_lock_action, lk.reason as x_lock_reason, lk.at as x_lock_at, lk.by_name as x_lock_by_name,
      (select coalesce(json_agg(json_build_object('id', b.vendor_organisation_id, 'name', b.vendor_name, 'version', b.version_number) order by b.vendor_name, b.vendor_organisation_id), '[]'::json)
         from bid_opening_register b
         left join bid_opening_decisions d on d.rfp_id = b.rfp_id and d.round = b.round and d.vendor_organisation_id = b.vendor_organisation_id
         where b.rfp_id = r.id and b.round = k.round and (b.status = 'counted' or (b.status = 'hash-mismatch' and d.decision = 'admit'))) as x_bidders,
      (select coalesce(json_agg(json_build_object('vendor', c.vendor_organisation_id, 'conflict', c.has_conflict, 'note', c.note, 'reason', c.change_reason, 'at', c.declared_at) order by c.vendor_organisation_id), '[]'::json)
         from (select distinct on (x.vendor_organisation_id) x.vendor_organisation_id, x.has_conflict, x.note, x.change_reason, x.declared_at
               from conflict_declarations x where x.rfp_id = r.id and x.user_id = ${userId}
               order by x.vendor_organisation_id, x.declared_at desc, x.id) c) as x_declarations,
      ${FACT_COLUMNS}
    from rfps r
    ${FACT_JOINS}
    cross join lateral (
      select coalesce(${wantedRound}::int, (select max(o.round) from bid_openings o where o.rfp_id = r.id), 1) as round
    ) k
    left join rfp_panel_members pm on pm.rfp_id = r.id and pm.user_id = ${userId}
    left join lateral (
      select e.action, e.reason, e.at, u.name as by_name from score_lock_events e join users u on u.id = e.by_user_id
      where e.rfp_id = r.id and e.round = k.round order by e.id desc limit 1
    ) lk on true
    where r.id = ${rfpId}::uuid`.execute(db);
  return rows[0];
}
