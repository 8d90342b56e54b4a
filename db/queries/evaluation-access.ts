// What the evaluation workspace needs to decide who may see what: the opening, the admitted
// bidders (from the opening register), panel membership, conflict declarations, score locks.
// No bid content here: that is read only through sealed-bids.ts.
import { sql } from "kysely";
import type { Executor } from "./executor";

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
