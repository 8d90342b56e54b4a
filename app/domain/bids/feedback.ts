// What a vendor learns about its own bid before submitting it, from the RFP's published rules
// only: the engine's clause findings, the gates a bundle would fail, and the scores it can
// already know (automatic criteria; price only when the formula is absolute). A criterion or
// gate on an issue the bundle leaves blank is neither scored nor failed: the engine reads a
// blank number as 0 and a blank choice as the first option, which would show points for
// nothing (a blank rollout as "0 weeks": full points). Everything is
// computed by the engine itself on a one-vendor round, so the numbers are the ones the
// evaluation will give; nothing here reads other bids or the buyer's confidential position.
import { checkClauses, prepareRequirements } from "../evaluation/clause-check";
import { clauseRequirementsSchema, type ClauseFinding, type ClauseRequirements } from "../evaluation/clauses";
import { compileRound, type CompiledRound } from "../evaluation/compile";
import { compileGates, gateFailures, type GateFailure } from "../evaluation/gates";
import { isRelativeFormula, type PriceContext } from "../evaluation/price";
import type { Bundle, RoundInput } from "../evaluation/schema";
import { criterionPoints, normalisedScore } from "../evaluation/scoring";
import { issuesRead } from "../rfp/publish-check";
import type { RfpDefinition } from "../rfp/sections";
import type { BidLike } from "./completeness";
import { BUNDLE_LETTERS } from "./slots";
import { minorUnitsPerMajor } from "./grid-form-numbers";

export type CriterionFeedback =
  | { criterionId: string; name: string; weight: number; status: "scored"; normalised: number; points: number }
  | { criterionId: string; name: string; weight: number; status: "relative" | "judged" | "blank"; note: string };

export interface BundleFeedback {
  slotId: string;
  letter: string;
  slotName: string;
  clauseFindings: ClauseFinding[];
  failedGates: GateFailure[];
  /** Gates that cannot be decided from this bid alone (evaluator scores, other bids, a blank cell). */
  undecidedGates: { gateId: string; gateName: string; note: string }[];
  scores: CriterionFeedback[];
  /** Points already known, out of `knownWeight` of the 100. */
  knownPoints: number;
  knownWeight: number;
}

export interface BidFeedback {
  bundles: BundleFeedback[];
}

const RELATIVE_NOTE = "relative: depends on other bids";
const JUDGED_NOTE = "scored by the evaluators after opening";
const blankNote = (names: readonly string[], toSee: string) => `give ${names.map((n) => `“${n}”`).join(" and ")} a value to see ${toSee}`;

/** The RFP's SLA section as the engine's clause requirements (its extra words dropped). */
function requirementsOf(definition: RfpDefinition): ClauseRequirements {
  const parsed = clauseRequirementsSchema.safeParse(definition.sla);
  return parsed.success ? parsed.data : clauseRequirementsSchema.parse({});
}

/** A round with this bid as its only vendor; the engine compiles it like any other. */
function oneVendorRound(bid: BidLike, definition: RfpDefinition, requirements: ClauseRequirements): CompiledRound {
  const slotIds = new Set(definition.bundleSlots.map((s) => s.id));
  const seen = new Set<string>();
  const bundles: Bundle[] = [];
  for (const b of bid.bundles) {
    if (!slotIds.has(b.slotId) || seen.has(b.slotId)) continue;
    seen.add(b.slotId);
    const values = Object.fromEntries(Object.entries(b.values).filter((e): e is [string, number | string] => e[1] !== null));
    bundles.push({ slotId: b.slotId, values, clauses: b.clauses });
  }
  const round: RoundInput = {
    rfpId: "feedback",
    title: definition.basics.title || "RFP",
    currency: definition.basics.currency,
    minorUnitsPerMajor: minorUnitsPerMajor(definition.basics.currency),
    issues: definition.termSheet,
    bundleSlots: definition.bundleSlots,
    criteria: definition.criteria.criteria,
    gates: definition.criteria.gates,
    clauseRequirements: requirements,
    evaluators: [],
    vendors: [{ id: "bid", name: "bid", bundles }],
    evaluatorScores: [],
    moderations: [],
    // compileRound never reads the buyer's position; a vendor-side round must not carry one.
    buyer: { reservationPriceMinor: 0, batna: { label: "-", values: {}, judgedScores: {} } },
    settings: definition.criteria.evaluation,
  };
  return compileRound(round);
}

export function bidFeedback(bid: BidLike, definition: RfpDefinition): BidFeedback {
  const requirements = requirementsOf(definition);
  const prepared = prepareRequirements(requirements);
  const round = oneVendorRound(bid, definition, requirements);
  const book = compileGates(round);
  const formula = definition.criteria.evaluation.priceFormula;
  const relativePrice = isRelativeFormula(formula);
  const criteriaById = new Map(round.criteria.map((c) => [c.id, c]));
  const issueNames = new Map(definition.termSheet.map((i) => [i.id, i.name]));
  const priceIssueIds = definition.criteria.evaluation.evaluatedPrice.terms.map((t) => t.issueId);

  const undecided = definition.criteria.gates.flatMap((gate) => {
    if (gate.kind !== "criterion-min") return [];
    const c = criteriaById.get(gate.criterionId);
    if (c?.kind === "judged") return [{ gateId: gate.id, gateName: gate.name, note: JUDGED_NOTE }];
    if (c?.kind === "price" && relativePrice) return [{ gateId: gate.id, gateName: gate.name, note: RELATIVE_NOTE }];
    return [];
  });
  const undecidedIds = new Set(undecided.map((g) => g.gateId));

  const bundles: BundleFeedback[] = [];
  definition.bundleSlots.forEach((slot, s) => {
    const b = s; // one vendor: bundle index = slot index
    const bundle = round.bundles[b];
    if (!bundle) return;
    const price: PriceContext = { formula, lowestPrice: round.evaluatedPrice[b]! };
    const raw = (c: number) => round.raw[c * round.nBundles + b]!;
    // The issues this bundle leaves blank, by name, among those a criterion or gate reads.
    const given = bundle.values;
    const blankAmong = (ids: readonly string[]) => ids.filter((id) => !Object.hasOwn(given, id)).map((id) => issueNames.get(id) ?? id);
    const blankOf = (item: { kind: string; issueId?: string }) => blankAmong(issuesRead(item, priceIssueIds));
    const blankGates = definition.criteria.gates.flatMap((gate) => {
      if (undecidedIds.has(gate.id)) return [];
      // A criterion-minimum gate reads what its criterion reads.
      const reader = gate.kind === "criterion-min" ? criteriaById.get(gate.criterionId)?.source : gate;
      const names = reader ? blankOf(reader) : [];
      return names.length ? [{ gateId: gate.id, gateName: gate.name, note: blankNote(names, "whether it passes") }] : [];
    });
    const blankGateIds = new Set(blankGates.map((g) => g.gateId));
    const failures = gateFailures(book, (i) => round.issueValues[i * round.nBundles + b]!, raw, bundle.clauses, price) ?? [];
    const scores = round.criteria.map((c): CriterionFeedback => {
      const head = { criterionId: c.id, name: c.source.name, weight: c.weight };
      if (c.kind === "judged") return { ...head, status: "judged", note: JUDGED_NOTE };
      if (c.kind === "price" && relativePrice) return { ...head, status: "relative", note: RELATIVE_NOTE };
      const blank = blankOf(c.source);
      if (blank.length) return { ...head, status: "blank", note: blankNote(blank, "these points") };
      const normalised = normalisedScore(c, raw(c.index), price);
      return { ...head, status: "scored", normalised, points: criterionPoints(c.weight, round.weightSum, normalised) };
    });
    const known = scores.filter((x): x is Extract<CriterionFeedback, { status: "scored" }> => x.status === "scored");
    bundles.push({
      slotId: slot.id,
      letter: BUNDLE_LETTERS[s] ?? String(s + 1),
      slotName: slot.name,
      clauseFindings: checkClauses(bundle.clauses, prepared),
      failedGates: failures.filter((f) => !undecidedIds.has(f.gateId) && !blankGateIds.has(f.gateId)),
      undecidedGates: [...undecided, ...blankGates],
      scores,
      knownPoints: known.reduce((sum, x) => sum + x.points, 0),
      knownWeight: round.weightSum > 0 ? (100 * known.reduce((sum, x) => sum + x.weight, 0)) / round.weightSum : 0,
    });
  });
  return { bundles };
}
