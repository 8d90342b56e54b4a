// RFP rows and the buyer's confidential position. Vendor-facing reads live in
// rfp-vendors.ts and never join rfp_confidential; the functions here are buyer-side.
import { sql, type Selectable, type Updateable } from "kysely";
import { z } from "zod";
import { criteriaSectionSchema } from "../../app/domain/rfp/criteria";
import { basicsSchema, rfpBundleSlotSchema, type RfpConfidential, type RfpDefinition } from "../../app/domain/rfp/sections";
import { slaSectionSchema } from "../../app/domain/rfp/sla";
import { termSheetSchema } from "../../app/domain/rfp/term-sheet";
import { confidentialSchema } from "../../app/domain/rfp/sections";
import type { RfpTable } from "../schema";
import { PREPARED } from "../client";
import { deepFreeze, KeptByText } from "../kept-by-text";
import type { RfpProgress } from "../../app/domain/rfp/next-step";
import type { Executor } from "./executor";
import { FACT_COLUMNS, FACT_JOINS, PROGRESS_COLUMNS, progressOf, type LifecycleRow, type ProgressRow } from "./rfp-lifecycle";

export type RfpRow = Selectable<RfpTable>;

/** The database clock: deadlines are compared with it, inside the caller's transaction. */
export async function databaseNow(db: Executor): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
  return rows[0]!.now;
}

const bundleSlotsSchema = z.array(rfpBundleSlotSchema);

type DefinitionColumns = Pick<RfpRow, "title" | "reference" | "summary" | "scope" | "category" | "currency" | "horizon_months" | "questions_close_at" | "bids_close_at" | "bid_validity_days" | "term_sheet" | "bundle_slots" | "criteria" | "sla_requirements" | "is_public" | "quality_before_price">;

/**
 * Sections already validated, by their stored JSON (db/kept-by-text.ts): the values are frozen, as
 * every reader shares them. About 8 MB of stored text at most.
 */
const validatedSections = new KeptByText<unknown>(500, 4_000_000);

function validatedOnce<T>(section: string, stored: unknown, validate: (stored: unknown) => T): T {
  return validatedSections.get(`${section}\u0000${JSON.stringify(stored) ?? "undefined"}`, () => deepFreeze(validate(stored))) as T;
}

/**
 * Each validated section of a row's definition, parsed when called: with `shared`, the frozen
 * value every reader of the same stored text shares (for reads); without, a fresh value of the
 * caller's own (for use cases that build a changed definition from it).
 */
function sectionReaders(row: DefinitionColumns, shared: boolean) {
  const once = <T>(section: string, stored: unknown, validate: (stored: unknown) => T): (() => T) => (shared ? () => validatedOnce(section, stored, validate) : () => validate(stored));
  const criteria = once("criteria", row.criteria, (stored) => criteriaSectionSchema.parse(stored));
  return {
    basics: once(
      "basics",
      { title: row.title, reference: row.reference, summary: row.summary, scope: row.scope, category: row.category, currency: row.currency, horizonMonths: row.horizon_months },
      (stored) => basicsSchema.parse(stored),
    ),
    termSheet: once("termSheet", row.term_sheet, (stored) => termSheetSchema.parse({ issues: stored }).issues),
    bundleSlots: once("bundleSlots", row.bundle_slots, (stored) => bundleSlotsSchema.parse(stored)),
    // The two-envelope setting has its own column (the evaluation reads it there).
    criteria: () => ({ ...criteria(), qualityBeforePrice: row.quality_before_price }),
    sla: once("sla", row.sla_requirements, (stored) => slaSectionSchema.parse(stored)),
  };
}

/** A row's vendor-facing definition, validated: a hand-edited row fails loudly here. */
export function definitionOf(row: DefinitionColumns): RfpDefinition {
  const read = sectionReaders(row, false);
  return {
    basics: read.basics(),
    timeline: { questionsCloseAt: row.questions_close_at, bidsCloseAt: row.bids_close_at, bidValidityDays: row.bid_validity_days },
    termSheet: read.termSheet(),
    bundleSlots: read.bundleSlots(),
    criteria: read.criteria(),
    sla: read.sla(),
    isPublic: row.is_public,
  };
}

/**
 * definitionOf for reading, each section validated when it is first read (then kept): a page that
 * shows one section of the RFP does not parse the others, and a section whose stored text was
 * validated before is not validated again. The same values, frozen (every reader shares them),
 * and the same loud failure on a hand-edited row, at the first read of the broken section.
 */
export function definitionOfLazily(row: DefinitionColumns): RfpDefinition {
  const read = sectionReaders(row, true);
  const once = <T>(parse: () => T) => {
    let value: { parsed: T } | undefined;
    return () => (value ??= { parsed: parse() }).parsed;
  };
  const [basics, termSheet, bundleSlots, criteria, sla] = [once(read.basics), once(read.termSheet), once(read.bundleSlots), once(read.criteria), once(read.sla)] as const;
  return {
    get basics() {
      return basics();
    },
    timeline: { questionsCloseAt: row.questions_close_at, bidsCloseAt: row.bids_close_at, bidValidityDays: row.bid_validity_days },
    get termSheet() {
      return termSheet();
    },
    get bundleSlots() {
      return bundleSlots();
    },
    get criteria() {
      return criteria();
    },
    get sla() {
      return sla();
    },
    isPublic: row.is_public,
  };
}

/**
 * What a pure function derives from a definition's sections (not its timeline or visibility),
 * kept with the sections it was derived from: for a definition read with `definitionOfLazily`
 * those are the values shared per stored text, so the same values mean the same RFP, and a
 * save, an addendum or an edit by hand gives new ones (and a new derivation). A definition of
 * the caller's own (`definitionOf`) has sections of its own and is derived afresh. Values are
 * frozen, as every reader shares them; entries go with their sections (a WeakMap).
 */
export class PerDefinition<T> {
  readonly #kept = new WeakMap<object, { on: readonly unknown[]; value: T }>();

  get(definition: RfpDefinition, derive: (definition: RfpDefinition) => T): T {
    const { criteria } = definition;
    const on = [definition.basics, definition.termSheet, definition.bundleSlots, criteria.criteria, criteria.gates, criteria.evaluation, criteria.qualityBeforePrice, definition.sla];
    const kept = this.#kept.get(definition.termSheet);
    if (kept && kept.on.every((section, i) => section === on[i])) return kept.value;
    const value = deepFreeze(derive(definition));
    this.#kept.set(definition.termSheet, { on, value });
    return value;
  }
}

/** The columns that hold a definition, for inserts and updates. */
export function columnsOf(def: RfpDefinition) {
  return {
    title: def.basics.title,
    reference: def.basics.reference,
    summary: def.basics.summary,
    scope: def.basics.scope,
    category: def.basics.category,
    currency: def.basics.currency,
    horizon_months: def.basics.horizonMonths,
    questions_close_at: def.timeline.questionsCloseAt,
    bids_close_at: def.timeline.bidsCloseAt,
    bid_validity_days: def.timeline.bidValidityDays,
    term_sheet: JSON.stringify(def.termSheet),
    bundle_slots: JSON.stringify(def.bundleSlots),
    criteria: JSON.stringify({ criteria: def.criteria.criteria, gates: def.criteria.gates, evaluation: def.criteria.evaluation }),
    quality_before_price: def.criteria.qualityBeforePrice,
    sla_requirements: JSON.stringify(def.sla),
    is_public: def.isPublic,
  };
}

export async function insertRfp(
  db: Executor,
  values: { buyerOrganisationId: string; createdBy: string; template: string | null; copiedFromRfpId: string | null; definition: RfpDefinition },
): Promise<RfpRow> {
  return db
    .insertInto("rfps")
    .values({
      buyer_organisation_id: values.buyerOrganisationId,
      created_by: values.createdBy,
      template: values.template,
      copied_from_rfp_id: values.copiedFromRfpId,
      ...columnsOf(values.definition),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findRfp(db: Executor, id: string): Promise<RfpRow | undefined> {
  return db.selectFrom("rfps").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Locks the row for the rest of the transaction: publish, addenda and cancel serialise on it. */
export async function findRfpForUpdate(db: Executor, id: string): Promise<RfpRow | undefined> {
  return db.selectFrom("rfps").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/**
 * Writes only if the row is still at `expectedVersion`, and moves it to the next version in
 * the same statement, so two saves based on one version cannot both succeed.
 */
export async function updateRfpAtVersion(db: Executor, id: string, expectedVersion: number, values: Updateable<RfpTable>): Promise<RfpRow | undefined> {
  return db
    .updateTable("rfps")
    .set((eb) => ({ ...values, version: eb("version", "+", 1), updated_at: sql<Date>`now()` }))
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export async function listRfpsOfOrganisation(db: Executor, organisationId: string) {
  return db
    .selectFrom("rfps")
    .select(["id", "title", "reference", "category", "currency", "bids_close_at", "questions_close_at", "published_at", "cancelled_at", "is_public", "version", "created_at", "updated_at"])
    .select((eb) => [
      eb.selectFrom("rfp_invitations").select(eb.fn.countAll<number>().as("n")).whereRef("rfp_invitations.rfp_id", "=", "rfps.id").as("invitation_count"),
      eb.selectFrom("rfp_questions").select(eb.fn.countAll<number>().as("n")).whereRef("rfp_questions.rfp_id", "=", "rfps.id").where("answer", "is", null).as("unanswered_questions"),
    ])
    .where("buyer_organisation_id", "=", organisationId)
    .orderBy("created_at", "desc")
    .execute();
}

/**
 * The overview's figures in one statement (prepared): invitations, questions (all and unanswered),
 * and where the newest round's evaluation and the live award stand (PROGRESS_COLUMNS).
 */
export async function countRfpActivity(db: Executor, rfpId: string): Promise<{ invitations: number; questions: number; unansweredQuestions: number; progress: RfpProgress }> {
  const { rows } = await sql<ProgressRow & Pick<LifecycleRow, "award_approved_at" | "award_concluded_at"> & { invitations: number | string; questions: number | string; unanswered: number | string }>`${sql.raw(PREPARED)}
    select (select count(*) from rfp_invitations i where i.rfp_id = r.id) as invitations,
           (select count(*) from rfp_questions q where q.rfp_id = r.id) as questions,
           (select count(*) from rfp_questions q where q.rfp_id = r.id and q.answer is null) as unanswered,
           ${FACT_COLUMNS}, ${PROGRESS_COLUMNS}
    from rfps r
    ${FACT_JOINS}
    where r.id = ${rfpId}::uuid`.execute(db);
  const row = rows[0]!;
  return { invitations: Number(row.invitations ?? 0), questions: Number(row.questions ?? 0), unansweredQuestions: Number(row.unanswered ?? 0), progress: progressOf(row) };
}

export async function findRfpByReference(db: Executor, organisationId: string, reference: string) {
  return db.selectFrom("rfps").select(["id", "version"]).where("buyer_organisation_id", "=", organisationId).where("reference", "=", reference).executeTakeFirst();
}

// ── Confidential position ──────────────────────────────────────────────────────────────

export async function findConfidential(db: Executor, rfpId: string): Promise<RfpConfidential> {
  const row = await db.selectFrom("rfp_confidential").select(["reservation_price_minor", "batna", "notes"]).where("rfp_id", "=", rfpId).modifyFront(sql.raw(PREPARED)).executeTakeFirst();
  return confidentialSchema.parse({ reservationPriceMinor: row?.reservation_price_minor ?? null, batna: row?.batna ?? null, notes: row?.notes ?? "" });
}

/** Writes the position; returns the RFP's audit salt (made with the row, never changed). */
export async function upsertConfidential(db: Executor, rfpId: string, values: RfpConfidential, updatedBy: string): Promise<{ auditSalt: string }> {
  const columns = {
    reservation_price_minor: values.reservationPriceMinor,
    batna: values.batna === null ? null : JSON.stringify(values.batna),
    notes: values.notes,
    updated_by: updatedBy,
  };
  const row = await db
    .insertInto("rfp_confidential")
    .values({ rfp_id: rfpId, ...columns })
    .onConflict((oc) => oc.column("rfp_id").doUpdateSet({ ...columns, updated_at: sql<Date>`now()` }))
    .returning("audit_salt")
    .executeTakeFirstOrThrow();
  return { auditSalt: row.audit_salt };
}
