// The engine's RoundInput assembled from what the portal stores: the RFP definition, the
// buyer's confidential position, the admitted bids' counting content, the panel and its
// SUBMITTED scores (drafts never count), and the chair's moderations. Pure: the service reads,
// this decides. The same data always gives the same JSON text (and so the same hash): every
// list is sorted here and the object keys come out in the engine schema's own order, because
// the result is what `parseRoundInput` returned.
import type { z } from "zod";
import { bundleClausesSchema, clauseRequirementsSchema, type ClauseRequirements } from "../evaluation/clauses";
import { bundleSlotSchema, criterionSchema, evaluationSettingsSchema, gateSchema, issueSchema, parseRoundInput, type RoundInput, type RoundInputRaw } from "../evaluation/schema";
import type { BidContent } from "../bids/content";
import { minorUnitsPerMajor } from "../bids/grid-form-numbers";
import { DomainError } from "../errors";
import type { RfpDefinition } from "../rfp/sections";

export const CONFIDENTIAL_MISSING =
  "The evaluation needs your reservation price and your BATNA (scored on every judged criterion): fill them in on the Confidential tab of this RFP, then run it again.";

export interface RoundBidder {
  vendorOrganisationId: string;
  vendorName: string;
  content: BidContent;
}

export interface RoundEvaluator {
  id: string;
  name: string;
}

export interface RoundScore {
  userId: string;
  vendorOrganisationId: string;
  slotId: string;
  criterionId: string;
  /** 0..20 = 0–10 in halves; null while the evaluator has not scored. */
  scoreHalves: number | null;
  justification?: string;
  /** Only submitted scores count; a draft has none. */
  submittedAt: Date | string | null;
}

export interface RoundModeration {
  vendorOrganisationId: string;
  slotId: string;
  criterionId: string;
  valueHalves: number;
  reason: string;
}

export interface RoundInputSource {
  rfpId: string;
  definition: RfpDefinition;
  confidential: { reservationPriceMinor: number | null; batna: RoundInput["buyer"]["batna"] | null };
  bidders: readonly RoundBidder[];
  evaluators: readonly RoundEvaluator[];
  scores: readonly RoundScore[];
  moderations: readonly RoundModeration[];
}

export type RoundInputResult = { ok: true; input: RoundInput } | { ok: false; problems: string[] };

/** Code-point order: the same in every locale and every Node build. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The RFP's SLA section as the engine's clause requirements (its extra words dropped), as the bid feedback reads it. */
export function requirementsOf(definition: RfpDefinition): ClauseRequirements {
  const parsed = clauseRequirementsSchema.safeParse(definition.sla);
  return parsed.success ? parsed.data : clauseRequirementsSchema.parse({});
}

/**
 * A bundle's values in term-sheet order, then any other key in code-point order. Keyed by ids,
 * so a null-prototype object read with `Object.hasOwn`: an issue id such as "constructor",
 * "toString" or "__proto__" is a key like any other (a `{}` with `in` would skip or lose it).
 */
function orderedValues(values: Record<string, number | string | null>, issueOrder: readonly string[]): Record<string, number | string> {
  const out = Object.create(null) as Record<string, number | string>;
  const put = (key: string) => {
    const v = Object.hasOwn(values, key) ? values[key] : undefined;
    if (v !== null && v !== undefined && !Object.hasOwn(out, key)) out[key] = v;
  };
  for (const key of issueOrder) if (Object.hasOwn(values, key)) put(key);
  for (const key of Object.keys(values).sort(byCodePoint)) put(key);
  return out;
}

/**
 * Only the engine's own fields of a definition part (an RFP issue also carries `required`,
 * `description`, …; the round schema is strict and would refuse them). Parsed with the
 * engine's lenient building block, which drops the extras; a part that does not fit is passed
 * on as it is, for the round schema to report with its path.
 */
function engineFields<S extends z.ZodType>(schema: S, value: unknown): z.input<S> {
  const parsed = schema.safeParse(value);
  return (parsed.success ? parsed.data : value) as z.input<S>;
}

/**
 * Builds the round, or says what is still missing: a judged cell (criterion × bundle) without
 * any submitted score is listed rather than filled with an invented zero. Scores by anyone not
 * in `evaluators`, of unknown bidders, slots or criteria, and drafts are left out. A missing
 * reservation price or BATNA is a conflict the buyer fixes on the Confidential tab.
 */
export function buildRoundInput(source: RoundInputSource): RoundInputResult {
  const { definition, confidential } = source;
  if (confidential.reservationPriceMinor === null || confidential.batna === null) throw new DomainError("conflict", CONFIDENTIAL_MISSING);

  const slots = definition.bundleSlots;
  const slotIndex = new Map(slots.map((s, i) => [s.id, i]));
  const judged = definition.criteria.criteria.filter((c) => c.kind === "judged");
  const criterionIndex = new Map(judged.map((c, i) => [c.id, i]));
  const bidders = [...source.bidders].sort((a, b) => byCodePoint(a.vendorName, b.vendorName) || byCodePoint(a.vendorOrganisationId, b.vendorOrganisationId));
  const vendorIndex = new Map(bidders.map((b, i) => [b.vendorOrganisationId, i]));
  const evaluators = [...source.evaluators].sort((a, b) => byCodePoint(a.name, b.name) || byCodePoint(a.id, b.id));
  const evaluatorIndex = new Map(evaluators.map((e, i) => [e.id, i]));
  const issueOrder = definition.termSheet.map((i) => i.id);

  const cellOrder = (c: { criterionId: string; vendorOrganisationId: string; slotId: string }) =>
    [criterionIndex.get(c.criterionId)!, vendorIndex.get(c.vendorOrganisationId)!, slotIndex.get(c.slotId)!] as const;
  const compareCells = (a: readonly number[], b: readonly number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  const known = (c: { criterionId: string; vendorOrganisationId: string; slotId: string }) =>
    criterionIndex.has(c.criterionId) && vendorIndex.has(c.vendorOrganisationId) && slotIndex.has(c.slotId);

  const counted = source.scores
    .filter((s) => s.submittedAt !== null && s.scoreHalves !== null && evaluatorIndex.has(s.userId) && known(s))
    .map((s) => ({ s, order: [...cellOrder(s), evaluatorIndex.get(s.userId)!] }))
    .sort((a, b) => compareCells(a.order, b.order) || a.order[3]! - b.order[3]!)
    .map(({ s }) => s);
  const moderations = source.moderations
    .filter(known)
    .map((m) => ({ m, order: cellOrder(m) }))
    .sort((a, b) => compareCells(a.order, b.order))
    .map(({ m }) => m);

  // Every judged cell needs at least one submitted score; list the ones that have none.
  const scoredCells = new Set(counted.map((s) => `${s.criterionId}\u0000${s.vendorOrganisationId}\u0000${s.slotId}`));
  const missing: string[] = [];
  for (const c of judged) {
    for (const bidder of bidders) {
      const slotsWithout = slots.filter((slot) => !scoredCells.has(`${c.id}\u0000${bidder.vendorOrganisationId}\u0000${slot.id}`));
      if (slotsWithout.length > 0) {
        missing.push(`No submitted score yet for “${c.name}” of ${bidder.vendorName}, ${slotsWithout.length === 1 ? "bundle" : "bundles"} ${slotsWithout.map((s) => s.name).join(", ")}.`);
      }
    }
  }
  if (missing.length > 0) return { ok: false, problems: missing };

  const raw: RoundInputRaw = {
    rfpId: source.rfpId,
    title: definition.basics.title.trim() || "Untitled RFP",
    currency: definition.basics.currency,
    // The currency's own minor units (JPY 1, KWD 1000): the bids and the buyer's amounts are stored in them.
    minorUnitsPerMajor: minorUnitsPerMajor(definition.basics.currency),
    issues: definition.termSheet.map((i) => engineFields(issueSchema, i)),
    bundleSlots: slots.map((s) => engineFields(bundleSlotSchema, s)),
    criteria: definition.criteria.criteria.map((c) => engineFields(criterionSchema, c)),
    gates: definition.criteria.gates.map((g) => engineFields(gateSchema, g)),
    clauseRequirements: requirementsOf(definition),
    evaluators: evaluators.map((e) => ({ id: e.id, name: e.name })),
    vendors: bidders.map((b) => ({
      id: b.vendorOrganisationId,
      name: b.vendorName,
      bundles: [...b.content.bundles]
        .filter((bundle) => slotIndex.has(bundle.slotId))
        .sort((x, y) => slotIndex.get(x.slotId)! - slotIndex.get(y.slotId)!)
        .map((bundle) => ({ slotId: bundle.slotId, values: orderedValues(bundle.values, issueOrder), clauses: engineFields(bundleClausesSchema, bundle.clauses) })),
    })),
    evaluatorScores: counted.map((s) => ({
      evaluatorId: s.userId,
      criterionId: s.criterionId,
      vendorId: s.vendorOrganisationId,
      slotId: s.slotId,
      score: s.scoreHalves! / 2,
      comment: s.justification ?? "",
    })),
    moderations: moderations.map((m) => ({ criterionId: m.criterionId, vendorId: m.vendorOrganisationId, slotId: m.slotId, value: m.valueHalves / 2, reason: m.reason })),
    buyer: {
      reservationPriceMinor: confidential.reservationPriceMinor,
      batna: { label: confidential.batna.label, values: orderedValues(confidential.batna.values, issueOrder), judgedScores: orderedValues(confidential.batna.judgedScores, judged.map((c) => c.id)) as Record<string, number> },
    },
    settings: engineFields(evaluationSettingsSchema, definition.criteria.evaluation),
  };
  const parsed = parseRoundInput(raw);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => `${p.path}: ${p.message}`) };
  return { ok: true, input: parsed.data };
}

/** The text stored in a snapshot and handed to `npm run evaluate`. */
export function roundInputJson(input: RoundInput): string {
  return JSON.stringify(input, null, 2);
}
