// The concession log (issue #13, item 3): per vendor shortlisted in a BAFO round, the lines the
// domain builds (app/domain/bafo/concession-log.ts) from its bids round to round (read through
// the seal: only opened rounds), the asks sent to it, the previous round's snapshot (input
// re-scored for points, the vendor's revealed trade-offs for costs) and the buyer's notes.
// `readConcessionLogs` does no access check (the page service and the award pack check);
// `getConcessionLogPage` applies the results rules (decision 019); `annotateConcessionLine` is for
// buyers only and audited (the note's text stays out of the audit trail: it may be confidential).
import type { Kysely } from "kysely";
import { z } from "zod";
import { listAsks, listOpenedRounds } from "../../../db/queries/bafo";
import { findSnapshotInput, listConcessionAnnotations, listShortlistings, saveConcessionAnnotation } from "../../../db/queries/concessions";
import { findSnapshotHead } from "../../../db/queries/evaluation-snapshot-bundles";
import type { Executor } from "../../../db/queries/executor";
import { listMesoTradeOffs } from "../../../db/queries/meso-insight";
import { definitionOf, findRfp } from "../../../db/queries/rfps";
import { readOpenedBidContents } from "../../../db/queries/sealed-bids";
import type { Database } from "../../../db/schema";
import { buildConcessionLog, type AskedPackage, type ConcessionAsk, type ConcessionRound } from "../../domain/bafo/concession-log";
import type { VendorConcessionLog } from "../../domain/bafo/types";
import { DomainError } from "../../domain/errors";
import { parseRoundInput, type RoundInput } from "../../domain/evaluation";
import type { Bundle } from "../../domain/evaluation/schema";
import type { TradeOff } from "../../domain/evaluation/tradeoffs";
import { hasPermission } from "../../domain/permissions";
import { inAuditedTransaction, Refusal } from "../bids/access.server";
import { assertId, auditRfp } from "../rfps/access.server";
import type { EvaluationActor } from "../evaluation/access.server";
import { loadInsightAccess, type InsightViewer } from "./insight.server";
import { minorUnitsPerMajor } from "../../domain/bids/grid-form-numbers";

export const ANNOTATION_MAX = 2000;
export const NO_SUCH_LINE = "There is no such line in this vendor's concession log.";
export const ANNOTATE_FORBIDDEN = "Only the buyer may annotate the concession log.";

/** The package an ask was built from, as the BAFO round stores it (the engine's counter-package); anything else is a free ask. */
const storedPackageSchema = z.object({
  baseSlotId: z.string(),
  changes: z.array(z.object({ issueId: z.string(), value: z.union([z.number(), z.string()]) })).min(1),
  evaluatedPriceMinor: z.number().nullable().optional(),
});

function askedPackage(suggestion: unknown): AskedPackage | null {
  const raw = typeof suggestion === "string" ? (JSON.parse(suggestion) as unknown) : suggestion;
  const candidates = raw && typeof raw === "object" ? [raw, (raw as Record<string, unknown>).package, (raw as Record<string, unknown>).counterPackage] : [];
  for (const c of candidates) {
    const parsed = storedPackageSchema.safeParse(c);
    if (!parsed.success) continue;
    const values = Object.create(null) as Record<string, number | string>;
    for (const ch of parsed.data.changes) values[ch.issueId] = ch.value;
    return { baseSlotId: parsed.data.baseSlotId, values, evaluatedPriceMinor: parsed.data.evaluatedPriceMinor ?? null };
  }
  return null;
}

interface RoundData {
  opened: boolean;
  /** Counting, not withdrawn bundles by vendor (opened rounds only). */
  bids: Map<string, Bundle[]>;
  engine: { input: RoundInput; tradeOffs: Map<string, TradeOff[]> } | null;
}

async function loadRound(db: Executor, rfpId: string, round: number, opened: boolean, vendorIds: readonly string[]): Promise<RoundData> {
  const bids = new Map<string, Bundle[]>();
  if (!opened) return { opened, bids, engine: null };
  const read = await readOpenedBidContents(db, rfpId, round, vendorIds);
  if (!read.sealed) for (const b of read.bids) if (!b.withdrawn) bids.set(b.vendorOrganisationId, b.content.bundles);
  const head = await findSnapshotHead(db, rfpId, round, null);
  const text = head ? await findSnapshotInput(db, head.id) : undefined;
  const parsed = text === undefined ? null : parseRoundInput(JSON.parse(text));
  if (!head || !parsed?.ok) return { opened, bids, engine: null };
  return { opened, bids, engine: { input: parsed.data, tradeOffs: (await listMesoTradeOffs(db, head.id)) as Map<string, TradeOff[]> } };
}

/** Every shortlisted vendor's concession log, vendors by name (no access check: callers check). */
export async function readConcessionLogs(db: Executor, rfpId: string): Promise<VendorConcessionLog[]> {
  const rfp = await findRfp(db, rfpId);
  if (!rfp) return [];
  const shortlistings = await listShortlistings(db, rfpId);
  if (shortlistings.length === 0) return [];
  const definition = definitionOf(rfp);
  const vendorIds = [...new Set(shortlistings.map((s) => s.vendorOrganisationId))];
  const opened = new Set(await listOpenedRounds(db, rfpId));
  const lastRound = Math.max(...shortlistings.map((s) => s.round));
  const rounds = new Map<number, RoundData>();
  for (let round = 1; round <= lastRound; round++) rounds.set(round, await loadRound(db, rfpId, round, opened.has(round), vendorIds));
  const asks = await listAsks(db, rfpId);
  const annotations = await listConcessionAnnotations(db, rfpId);

  const names = new Map(shortlistings.map((s) => [s.vendorOrganisationId, s.vendorName]));
  const logs: VendorConcessionLog[] = [];
  for (const vendorId of [...vendorIds].sort((a, b) => names.get(a)!.localeCompare(names.get(b)!) || (a < b ? -1 : 1))) {
    const inputs: ConcessionRound[] = [];
    for (const { round } of shortlistings.filter((s) => s.vendorOrganisationId === vendorId)) {
      // The vendor's previous bid: the latest earlier opened round it bid in.
      let previous = round - 1;
      while (previous >= 1 && !rounds.get(previous)!.bids.has(vendorId)) previous--;
      if (previous < 1) continue;
      const before = rounds.get(previous)!;
      const current = rounds.get(round)!;
      inputs.push({
        round,
        before: before.bids.get(vendorId)!,
        after: current.opened ? (current.bids.get(vendorId) ?? null) : null,
        opened: current.opened,
        asks: asks
          .filter((a) => Number(a.round) === round && a.vendor_organisation_id === vendorId)
          .map((a): ConcessionAsk => ({ id: a.id, ifWe: a.if_we, couldYou: a.could_you, package: a.source === "suggestion" ? askedPackage(a.suggestion) : null })),
        engine: before.engine ? { input: before.engine.input, tradeOffs: before.engine.tradeOffs.get(vendorId) ?? [] } : null,
      });
    }
    const notes = new Map(annotations.filter((a) => a.vendor_organisation_id === vendorId).map((a) => [a.line_key, a.note]));
    const lines = buildConcessionLog(
      {
        vendorId,
        vendorName: names.get(vendorId)!,
        currency: definition.basics.currency,
        minorUnitsPerMajor: minorUnitsPerMajor(definition.basics.currency),
        issues: definition.termSheet,
        slots: definition.bundleSlots,
        evaluatedPriceTerms: definition.criteria.evaluation.evaluatedPrice.terms,
      },
      inputs,
      notes,
    );
    logs.push({ vendorOrganisationId: vendorId, vendorName: names.get(vendorId)!, lines });
  }
  return logs;
}

export interface ConcessionLogPage {
  rfpId: string;
  viewer: InsightViewer & { mayAnnotate: boolean };
  currency: string;
  minorUnitsPerMajor: number;
  logs: VendorConcessionLog[];
}

/** The concession log page: buyers (annotating) and panel evaluators (reading) without the vendors they declared a conflict with. */
export async function getConcessionLogPage(db: Kysely<Database>, rfpId: string, actor: EvaluationActor): Promise<ConcessionLogPage> {
  return db.transaction().execute(async (trx) => {
    const { access, viewer, hidden } = await loadInsightAccess(trx, rfpId, actor);
    const logs = (await readConcessionLogs(trx, rfpId)).filter((l) => !hidden.has(l.vendorOrganisationId));
    await auditRfp(trx, actor, "bafo.concession-log-read", rfpId, { vendors: logs.map((l) => l.vendorOrganisationId), hiddenVendors: hidden.size });
    const currency = access.definition.basics.currency;
    return { rfpId, viewer: { ...viewer, mayAnnotate: access.isChair && hasPermission(actor.roles, "manage:bafo:own") }, currency, minorUnitsPerMajor: minorUnitsPerMajor(currency), logs };
  });
}

export const annotateConcessionSchema = z.object({
  vendorOrganisationId: z.string().trim().min(1, "Choose a vendor."),
  lineKey: z.string().trim().min(1, "Choose a line.").max(300, NO_SUCH_LINE),
  note: z.string().trim().max(ANNOTATION_MAX, `A note has at most ${ANNOTATION_MAX.toLocaleString("en-GB")} characters.`),
});
export type AnnotateConcessionInput = z.output<typeof annotateConcessionSchema>;

/** The buyer's note on one line of a vendor's log (an empty note removes it). Audited without the note's text. */
export async function annotateConcessionLine(db: Kysely<Database>, rfpId: string, actor: EvaluationActor, input: AnnotateConcessionInput): Promise<void> {
  return inAuditedTransaction(db, async (trx) => {
    const { access } = await loadInsightAccess(trx, rfpId, actor);
    if (!access.isChair || !hasPermission(actor.roles, "manage:bafo:own")) {
      await auditRfp(trx, actor, "bafo.concession-annotation-refused", rfpId, { reason: "forbidden" });
      return new Refusal(new DomainError("forbidden", ANNOTATE_FORBIDDEN));
    }
    assertId(input.vendorOrganisationId, NO_SUCH_LINE);
    const log = (await readConcessionLogs(trx, rfpId)).find((l) => l.vendorOrganisationId === input.vendorOrganisationId);
    if (!log?.lines.some((l) => l.key === input.lineKey)) return new Refusal(new DomainError("not_found", NO_SUCH_LINE, { lineKey: [NO_SUCH_LINE] }));
    await saveConcessionAnnotation(trx, { rfpId, vendorOrganisationId: input.vendorOrganisationId, lineKey: input.lineKey, note: input.note, userId: actor.id });
    await auditRfp(trx, actor, "bafo.concession-annotated", rfpId, { vendorId: input.vendorOrganisationId, lineKey: input.lineKey, noteLength: input.note.length, removed: input.note === "" });
  });
}
