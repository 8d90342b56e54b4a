// The evaluation panel's writes and reads beyond access: the people who may sit on it, the
// panel itself, conflict declarations (appended, never changed), the RFPs a person evaluates.
import { sql } from "kysely";
import type { Executor } from "./executor";

/** Buyer-side people of the organisation who may sit on a panel (evaluators and buyers), one row per person. */
export async function listPanelCandidates(db: Executor, organisationId: string) {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .innerJoin("organisations as o", "o.id", "m.organisation_id")
    .select(["u.id", "u.name", "u.email", "m.role"])
    .where("m.organisation_id", "=", organisationId)
    .where("o.kind", "=", "buyer")
    .where("m.role", "in", ["evaluator", "buyer"])
    .where("u.disabled_at", "is", null)
    .orderBy("u.name")
    .orderBy("u.email")
    .execute();
  const people = new Map<string, { userId: string; name: string; email: string; roles: ("evaluator" | "buyer")[] }>();
  for (const r of rows) {
    const person = people.get(r.id) ?? { userId: r.id, name: r.name, email: r.email, roles: [] };
    person.roles.push(r.role as "evaluator" | "buyer");
    people.set(r.id, person);
  }
  return [...people.values()];
}

export async function upsertPanelMember(db: Executor, values: { rfpId: string; userId: string; criterionIds: string[] | null; addedBy: string }): Promise<void> {
  const criterionIds = values.criterionIds === null ? null : JSON.stringify(values.criterionIds);
  await db
    .insertInto("rfp_panel_members")
    .values({ rfp_id: values.rfpId, user_id: values.userId, criterion_ids: criterionIds, added_by: values.addedBy })
    .onConflict((oc) => oc.columns(["rfp_id", "user_id"]).doUpdateSet({ criterion_ids: criterionIds }))
    .execute();
}

export async function deletePanelMembers(db: Executor, rfpId: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.deleteFrom("rfp_panel_members").where("rfp_id", "=", rfpId).where("user_id", "in", userIds).execute();
}

/** Panel rows locked for the change (two buyers saving the panel at once serialise). */
export async function lockPanel(db: Executor, rfpId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`panel:${rfpId}`}))`.execute(db);
}

export async function insertDeclarations(
  db: Executor,
  rows: readonly { rfpId: string; userId: string; vendorOrganisationId: string; hasConflict: boolean; note: string; changeReason: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("conflict_declarations")
    .values(rows.map((r) => ({ rfp_id: r.rfpId, user_id: r.userId, vendor_organisation_id: r.vendorOrganisationId, has_conflict: r.hasConflict, note: r.note, change_reason: r.changeReason })))
    .execute();
}

/** The RFPs (of the organisation) on whose panel the user sits, with what decides their state. */
export async function listPanelRfpsOfUser(db: Executor, userId: string, organisationId: string) {
  return db
    .selectFrom("rfp_panel_members as p")
    .innerJoin("rfps as r", "r.id", "p.rfp_id")
    .leftJoin("bid_openings as o", (j) => j.onRef("o.rfp_id", "=", "r.id").on("o.round", "=", 1))
    .select(["r.id", "r.title", "r.reference", "r.published_at", "r.bids_close_at", "r.cancelled_at", "r.quality_before_price", "o.opened_at", "p.criterion_ids"])
    .select((eb) =>
      eb
        .selectFrom("score_lock_events as e")
        .select("e.action")
        .whereRef("e.rfp_id", "=", "r.id")
        .where("e.round", "=", 1)
        .orderBy("e.id", "desc")
        .limit(1)
        .as("lock_action"),
    )
    .where("p.user_id", "=", userId)
    .where("r.buyer_organisation_id", "=", organisationId)
    .orderBy("r.bids_close_at", "desc")
    .execute();
}
