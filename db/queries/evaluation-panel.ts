// The evaluation panel's writes and reads beyond access: the people who may sit on it, the
// panel itself, conflict declarations (appended, never changed), the RFPs a person evaluates.
import { sql } from "kysely";
import { PREPARED } from "../client";
import type { Executor } from "./executor";
import { AWARD_PROPOSED_COLUMN, FACT_COLUMNS, FACT_JOINS, factsOf, type LifecycleRow } from "./rfp-lifecycle";
import { dateOf } from "./json-rows";

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
  return candidatesOf(rows);
}

type CandidateRow = { id: string; name: string; email: string; role: string };

/** One candidate per person, with their roles, in the rows' order. */
function candidatesOf(rows: readonly CandidateRow[]) {
  const people = new Map<string, { userId: string; name: string; email: string; roles: ("evaluator" | "buyer")[] }>();
  for (const r of rows) {
    const person = people.get(r.id) ?? { userId: r.id, name: r.name, email: r.email, roles: [] };
    person.roles.push(r.role as "evaluator" | "buyer");
    people.set(r.id, person);
  }
  return [...people.values()];
}

/**
 * The panel page's reads beside the RFP in one statement: whether round 1 is opened
 * (evaluation-access.ts's findOpening), the organisation's candidates (listPanelCandidates),
 * the panel (listPanelMembers), its members' submitted scores per criterion
 * (evaluation-scores.ts's listSubmittedScoreCounts), and once opened the admitted bidders of
 * round 1 (listAdmittedBidders) and every declaration made (listDeclarationHistory), each list
 * as JSON in the order of the read it stands for.
 */
export async function readPanelPage(db: Executor, rfpId: string, organisationId: string) {
  const { rows } = await sql<{
    x_opened: boolean;
    x_candidates: CandidateRow[];
    x_members: { user_id: string; criterion_ids: string[] | null; name: string; email: string }[];
    x_counts: { user_id: string; criterion_id: string; n: number }[];
    x_bidders: { id: string; name: string }[];
    x_history: { user_id: string; user_name: string; vendor_organisation_id: string; has_conflict: boolean; note: string; change_reason: string | null; declared_at: string }[];
  }>`${sql.raw(PREPARED)}
    select exists (select 1 from bid_openings o where o.rfp_id = ${rfpId}::uuid and o.round = 1) as x_opened,
      (select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email, 'role', m.role) order by u.name, u.email), '[]'::json)
         from memberships m join users u on u.id = m.user_id join organisations o on o.id = m.organisation_id
         where m.organisation_id = ${organisationId}::uuid and o.kind = 'buyer' and m.role in ('evaluator', 'buyer') and u.disabled_at is null) as x_candidates,
      (select coalesce(json_agg(json_build_object('user_id', p.user_id, 'criterion_ids', p.criterion_ids, 'name', u.name, 'email', u.email) order by u.name, p.user_id), '[]'::json)
         from rfp_panel_members p join users u on u.id = p.user_id
         where p.rfp_id = ${rfpId}::uuid) as x_members,
      (select coalesce(json_agg(json_build_object('user_id', c.user_id, 'criterion_id', c.criterion_id, 'n', c.n)), '[]'::json)
         from (select s.user_id, s.criterion_id, count(*)::int as n from evaluator_scores s
               where s.rfp_id = ${rfpId}::uuid and s.submitted_at is not null
                 and s.user_id in (select p.user_id from rfp_panel_members p where p.rfp_id = ${rfpId}::uuid)
               group by s.user_id, s.criterion_id) c) as x_counts,
      (select coalesce(json_agg(json_build_object('id', b.vendor_organisation_id, 'name', b.vendor_name) order by b.vendor_name, b.vendor_organisation_id), '[]'::json)
         from bid_opening_register b
         left join bid_opening_decisions d on d.rfp_id = b.rfp_id and d.round = b.round and d.vendor_organisation_id = b.vendor_organisation_id
         where b.rfp_id = ${rfpId}::uuid and b.round = 1 and (b.status = 'counted' or (b.status = 'hash-mismatch' and d.decision = 'admit'))) as x_bidders,
      (select coalesce(json_agg(json_build_object('user_id', c.user_id, 'user_name', u.name, 'vendor_organisation_id', c.vendor_organisation_id, 'has_conflict', c.has_conflict,
                 'note', c.note, 'change_reason', c.change_reason, 'declared_at', c.declared_at) order by c.declared_at), '[]'::json)
         from conflict_declarations c join users u on u.id = c.user_id
         where c.rfp_id = ${rfpId}::uuid) as x_history`.execute(db);
  const row = rows[0]!;
  const opened = Boolean(row.x_opened);
  return {
    opened,
    candidates: candidatesOf(row.x_candidates),
    members: row.x_members,
    scoreCounts: row.x_counts.map((c) => ({ userId: c.user_id, criterionId: c.criterion_id, count: Number(c.n) })),
    bidders: opened ? row.x_bidders.map((b) => ({ vendorOrganisationId: b.id, vendorName: b.name })) : [],
    history: opened ? row.x_history.map((h) => ({ ...h, declared_at: dateOf(h.declared_at) })) : [],
  };
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

/**
 * The RFPs of the organisation on whose panel the user sits (latest deadline first), with their
 * clock facts, the database clock and the user's own progress on the newest opened round: its
 * number, whether its scores are locked, the admitted bidders not yet declared for, those
 * declared without a conflict, the judged criteria assigned, the bundle slots and the scores
 * submitted (of assigned criteria and slots, for bidders declared without a conflict): the
 * evaluator's dashboard in one statement (decision 014).
 */
export async function listPanelRfpsOfUser(db: Executor, userId: string, organisationId: string) {
  const { rows } = await sql<
    Pick<LifecycleRow, "id" | "published_at" | "bids_close_at" | "cancelled_at"> &
      Omit<LifecycleRow, "id" | "published_at" | "bids_close_at" | "cancelled_at"> & {
        title: string;
        reference: string;
        lock_action: string | null;
        x_now: Date;
        x_opened_round: number | null;
        x_undeclared: number | string;
        x_clear: number | string;
        x_criteria: number | string;
        x_slots: number | string;
        x_submitted: number | string;
      }
  >`${sql.raw(PREPARED)}
    select r.id, r.title, r.reference, r.published_at, r.bids_close_at, r.cancelled_at, now() as x_now, ${FACT_COLUMNS}, ${AWARD_PROPOSED_COLUMN},
           k.round as x_opened_round,
           (select e.action from score_lock_events e where e.rfp_id = r.id and e.round = coalesce(k.round, 1) order by e.id desc limit 1) as lock_action,
           coalesce(pb.undeclared, 0) as x_undeclared, coalesce(pb.clear, 0) as x_clear,
           (select count(*) from jsonb_array_elements(r.criteria -> 'criteria') c
              where c ->> 'kind' = 'judged' and (p.criterion_ids is null or p.criterion_ids ? (c ->> 'id'))) as x_criteria,
           jsonb_array_length(r.bundle_slots) as x_slots,
           (select count(*) from evaluator_scores s
              where s.rfp_id = r.id and s.round = k.round and s.user_id = p.user_id and s.submitted_at is not null
                and s.vendor_organisation_id = any(pb.clear_ids)
                and (p.criterion_ids is null or p.criterion_ids ? s.criterion_id)
                and exists (select 1 from jsonb_array_elements(r.criteria -> 'criteria') c where c ->> 'id' = s.criterion_id and c ->> 'kind' = 'judged')
                and exists (select 1 from jsonb_array_elements(r.bundle_slots) sl where sl ->> 'id' = s.slot_id)) as x_submitted
    from rfp_panel_members p
    join rfps r on r.id = p.rfp_id
    ${FACT_JOINS}
    left join lateral (select max(o.round) as round from bid_openings o where o.rfp_id = r.id) k on true
    left join lateral (
      select count(*) filter (where dc.has_conflict is null) as undeclared,
             count(*) filter (where dc.has_conflict = false) as clear,
             coalesce(array_agg(b.vendor_organisation_id) filter (where dc.has_conflict = false), '{}') as clear_ids
      from bid_opening_register b
      left join bid_opening_decisions d on d.rfp_id = b.rfp_id and d.round = b.round and d.vendor_organisation_id = b.vendor_organisation_id
      left join lateral (
        select x.has_conflict from conflict_declarations x
        where x.rfp_id = r.id and x.user_id = p.user_id and x.vendor_organisation_id = b.vendor_organisation_id
        order by x.declared_at desc, x.id limit 1
      ) dc on true
      where b.rfp_id = r.id and b.round = k.round and (b.status = 'counted' or (b.status = 'hash-mismatch' and d.decision = 'admit'))
    ) pb on true
    where p.user_id = ${userId}::uuid and r.buyer_organisation_id = ${organisationId}::uuid
    order by r.bids_close_at desc`.execute(db);
  return rows.map((r) => ({ ...r, facts: factsOf(r) }));
}
