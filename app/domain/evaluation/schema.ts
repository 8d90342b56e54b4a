/**
 * One RFP round as plain data: the single zod schema that the route, the API, the CLI and the
 * tests validate against. Structural rules live in the object schemas; every rule that needs
 * two fields at once (references, sums, completeness) lives in `checkRoundConsistency` so that
 * all problems are reported together, each with its path.
 */
import { z } from "zod";
import {
  bundleClausesSchema,
  clauseRequirementsSchema,
  directionSchema,
  observationSchema,
} from "./clauses";
import { compareDecimals, numberOfDecimal, sumDecimals } from "./exact";
import { checkRoundConsistency } from "./schema-rules";

export const WEIGHT_SUM = 100;

/**
 * The weights' total, added as the decimals typed: 33.3 + 33.3 + 33.4 is exactly 100 (floats
 * give 100.00000000000001), 99.9999999996 + 0.0000000001 is 99.9999999997 (a tolerance of 1e-9
 * took it for 100). The one rule for "the weights add up to 100", used by the round schema and
 * the RFP's criteria: `weightTotal(ws) === WEIGHT_SUM` exactly when the exact sum is 100 (a sum
 * within half a double's step of 100 but not 100 is given as the next double on its side).
 */
export function weightTotal(weights: readonly number[]): number {
  if (!weights.every(Number.isFinite)) return weights.reduce((a, b) => a + b, 0);
  const exact = sumDecimals(weights);
  const total = numberOfDecimal(exact);
  if (total !== WEIGHT_SUM) return total;
  const sign = compareDecimals(exact, { digits: BigInt(WEIGHT_SUM), scale: 0 });
  return sign === 0 ? total : total + sign * 2 ** -46; // 2^-46: the step between doubles at 64..128
}

const id = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_.:-]+$/, "ids use letters, digits and _ . : - only");
const name = z.string().trim().min(1).max(300);
const minor = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A record keyed by ids (a bundle's values, points per option): far more keys than any term sheet has. */
export const MAX_RECORD_KEYS = 500;

/**
 * A record keyed by ids, parsed into an object WITHOUT a prototype. `z.record` builds a plain
 * `{}`, which drops a key "__proto__" (its setter) and answers lookups of ids such as
 * "toString" or "constructor" from Object.prototype; ids are any string the id rule allows,
 * so the engine's records must hold exactly their own keys (issue 8). Keys are checked with
 * the id rule and values with `value`, each problem at its key's path, like `z.record`.
 */
export function idRecord<V extends z.ZodType>(value: V, maxKeys = MAX_RECORD_KEYS) {
  return z.custom<Record<string, z.input<V>>>().transform((input, ctx): Record<string, z.output<V>> => {
    const out = Object.create(null) as Record<string, z.output<V>>;
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      ctx.issues.push({ code: "invalid_type", expected: "record", input, message: "expected an object keyed by id" });
      return out;
    }
    // Counted before anything is parsed: a record of a million keys is refused at once.
    let keys = 0;
    for (const key in input) if (Object.hasOwn(input, key) && ++keys > maxKeys) {
      ctx.issues.push({ code: "custom", input: "…", message: `At most ${maxKeys.toLocaleString("en-GB")} entries` });
      return out;
    }
    for (const key of Object.keys(input)) {
      const k = id.safeParse(key);
      if (!k.success) ctx.issues.push({ code: "custom", input: key, path: [key], message: k.error.issues[0]?.message ?? "invalid id" });
      const v = value.safeParse((input as Record<string, unknown>)[key]);
      if (v.success) out[key] = v.data as z.output<V>;
      else {
        for (const issue of v.error.issues) ctx.issues.push({ code: "custom", input: (input as Record<string, unknown>)[key], path: [key, ...issue.path], message: issue.message });
        out[key] = (input as Record<string, unknown>)[key] as z.output<V>;
      }
    }
    return out;
  });
}

// ── Issues: the term sheet every bundle fills ───────────────────────────────────────────

export const issueSchema = z.discriminatedUnion("kind", [
  z.object({ id, name, kind: z.literal("money") }),
  z.object({ id, name, kind: z.literal("number"), unit: z.string().trim().min(1) }),
  /** Options are listed in the buyer's order (e.g. basic → standard → premium). */
  z.object({
    id,
    name,
    kind: z.literal("choice"),
    options: z.array(z.object({ id, label: name })).min(1).max(100, "A choice has at most 100 options"),
  }),
  z.object({ id, name, kind: z.literal("text") }),
]);
export type Issue = z.infer<typeof issueSchema>;
export type IssueValue = number | string;

export const bundleSlotSchema = z.object({ id, name });
export type BundleSlot = z.infer<typeof bundleSlotSchema>;

// ── Criteria ────────────────────────────────────────────────────────────────────────────

const weight = z.number().min(0).max(WEIGHT_SUM);

export const criterionSchema = z.discriminatedUnion("kind", [
  /** Scored on the evaluated price with `settings.priceFormula`. */
  z.object({ id, name, weight, kind: z.literal("price") }),
  /** Linear between `worst` (0) and `best` (1), clamped. Money or number issue. */
  z.object({
    id,
    name,
    weight,
    kind: z.literal("number"),
    issueId: id,
    direction: directionSchema,
    worst: z.number(),
    best: z.number(),
  }),
  /** Points per option; normalised by the highest points on offer. */
  z.object({
    id,
    name,
    weight,
    kind: z.literal("choice"),
    issueId: id,
    points: idRecord(z.number().min(0)),
  }),
  /** Evaluators score 0–10 against the rubric; consensus per `settings.consensus`. */
  z.object({ id, name, weight, kind: z.literal("judged"), rubric: z.string().trim().default("") }),
]);
export type Criterion = z.infer<typeof criterionSchema>;
export type CriterionKind = Criterion["kind"];

// ── Gates: pass/fail must-haves and red lines ───────────────────────────────────────────

export const GATE_OPERATORS = ["<=", "<", ">=", ">", "="] as const;

export const gateSchema = z.discriminatedUnion("kind", [
  z.object({
    id,
    name,
    kind: z.literal("number"),
    issueId: id,
    operator: z.enum(GATE_OPERATORS),
    value: z.number(),
  }),
  z.object({ id, name, kind: z.literal("choice"), issueId: id, allowed: z.array(id).min(1).max(100, "At most 100 allowed options") }),
  /** An SLA on this metric with a stated target must be in the bundle. */
  z.object({ id, name, kind: z.literal("sla-present"), metric: z.string().trim().min(1) }),
  /** A minimum normalised score (0..1) on a non-price criterion, e.g. technical ≥ 0.6. */
  z.object({
    id,
    name,
    kind: z.literal("criterion-min"),
    criterionId: id,
    minNormalised: z.number().min(0).max(1),
  }),
]);
export type Gate = z.infer<typeof gateSchema>;

// ── Bids ────────────────────────────────────────────────────────────────────────────────

/** Exact in binary floating point: the engine's ceiling (bids are held to ±10^15 by completeness.ts); text is at most 4,000 characters. */
const values = idRecord(z.union([z.number().min(-Number.MAX_SAFE_INTEGER, "A number must be at least −(2^53 − 1)").max(Number.MAX_SAFE_INTEGER, "A number must be at most 2^53 − 1"), z.string().max(4_000, "A text has at most 4,000 characters")]));

export const bundleSchema = z.object({ slotId: id, values, clauses: bundleClausesSchema });
export type Bundle = z.infer<typeof bundleSchema>;

export const vendorSchema = z.object({ id, name, bundles: z.array(bundleSchema).max(3, "A vendor offers at most three bundles") });
export type Vendor = z.infer<typeof vendorSchema>;

export const evaluatorScoreSchema = z.object({
  evaluatorId: id,
  criterionId: id,
  vendorId: id,
  slotId: id,
  score: z.number().min(0).max(10),
  comment: z.string().default(""),
});
export type EvaluatorScore = z.infer<typeof evaluatorScoreSchema>;

/** A moderated consensus must say why it departs from the arithmetic. */
export const moderationSchema = z.object({
  criterionId: id,
  vendorId: id,
  slotId: id,
  value: z.number().min(0).max(10),
  reason: z.string().trim().min(1, "a moderated score needs a written reason"),
});
export type Moderation = z.infer<typeof moderationSchema>;

/** The buyer's confidential position; never shown to vendors. */
export const buyerPositionSchema = z.object({
  reservationPriceMinor: minor,
  batna: z.object({
    label: name,
    values,
    /** 0–10 per judged criterion, as an evaluator would score the alternative. */
    judgedScores: idRecord(z.number().min(0).max(10)),
  }),
});
export type BuyerPosition = z.infer<typeof buyerPositionSchema>;

// ── Settings ────────────────────────────────────────────────────────────────────────────

export const priceFormulaSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("lowest-price-ratio") }),
  z.object({ kind: z.literal("proportional-penalty") }),
  z.object({ kind: z.literal("linear"), floorMinor: minor, ceilingMinor: minor }),
  z.object({ kind: z.literal("logarithmic"), floorMinor: minor.min(1), ceilingMinor: minor }),
]);
export type PriceFormula = z.infer<typeof priceFormulaSchema>;

export const TIE_BREAKS = ["lower-evaluated-price", "higher-heaviest-criterion"] as const;
export type TieBreak = (typeof TIE_BREAKS)[number];

export const evaluationSettingsSchema = z.object({
  /** Evaluated price = Σ coefficient × issue value, rounded to a minor unit. */
  evaluatedPrice: z.object({
    description: z.string().trim().default(""),
    terms: z.array(z.object({ issueId: id, coefficient: z.number().min(-1e15).max(1e15) })).min(1).max(100, "At most 100 price terms"),
  }),
  priceFormula: priceFormulaSchema,
  consensus: z.enum(["mean", "median", "moderated"]),
  /** Evaluators further apart than this (max − min, 0–10 scale) are flagged. */
  spreadMargin: z.number().min(0).max(10),
  /** Applied after the total; vendor id then slot id always closes the order. */
  tieBreak: z.array(z.enum(TIE_BREAKS)).max(10).default(["lower-evaluated-price", "higher-heaviest-criterion"]),
});
export type EvaluationSettings = z.infer<typeof evaluationSettingsSchema>;

export const simulationSchema = z.object({
  /** Where the period fee comes from when a run does not state one (a money issue). */
  periodFeeIssueId: id.optional(),
  runs: z.array(
    z.object({
      vendorId: id,
      slotId: id,
      periodFeeMinor: minor.optional(),
      observations: z.array(observationSchema).max(10_000, "At most 10,000 observations per run"),
    }),
  ).max(100_000, "At most 100,000 runs"),
});
export type SimulationInput = z.infer<typeof simulationSchema>;

const roundInputObject = z.object({
  rfpId: id,
  title: name,
  /** ISO 4217; money values are integer minor units of it. */
  currency: z.string().regex(/^[A-Z]{3}$/, "a 3-letter ISO 4217 code"),
  minorUnitsPerMajor: z.int().min(1).max(10_000).default(100),
  issues: z.array(issueSchema).min(1).max(200, "At most 200 issues"),
  bundleSlots: z.array(bundleSlotSchema).length(3, "an RFP has exactly 3 bundle slots"),
  criteria: z.array(criterionSchema).min(1).max(200, "At most 200 criteria"),
  gates: z.array(gateSchema).max(200, "At most 200 gates").default([]),
  clauseRequirements: clauseRequirementsSchema,
  evaluators: z.array(z.object({ id, name })).max(1_000, "At most 1,000 evaluators").default([]),
  vendors: z.array(vendorSchema).min(1).max(10_000, "At most 10,000 vendors"),
  evaluatorScores: z.array(evaluatorScoreSchema).max(2_000_000).default([]),
  moderations: z.array(moderationSchema).max(2_000_000).default([]),
  buyer: buyerPositionSchema,
  settings: evaluationSettingsSchema,
  simulation: simulationSchema.optional(),
});

export type RoundInput = z.infer<typeof roundInputObject>;
export type RoundInputRaw = z.input<typeof roundInputObject>;

/**
 * The same schema with every object, at every depth, strict: a misspelled key ("gatess") is a
 * problem at its path, never silently dropped with what it held. The building blocks above
 * stay lenient because the RFP forms extend them with their own fields.
 */
function deepStrict<T extends z.ZodType>(schema: T): T {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const clone = (patch: Record<string, unknown>): T => schema.clone({ ...def, ...patch } as unknown as T["_zod"]["def"]) as T;
  switch (def.type) {
    case "object": {
      const shape: Record<string, z.ZodType> = {};
      for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) shape[key] = deepStrict(value);
      return clone({ shape, catchall: z.never() });
    }
    case "array":
      return clone({ element: deepStrict(def.element as z.ZodType) });
    case "union":
      return clone({ options: (def.options as z.ZodType[]).map(deepStrict) });
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
      return clone({ innerType: deepStrict(def.innerType as z.ZodType) });
    case "pipe":
      return clone({ in: deepStrict(def.in as z.ZodType), out: deepStrict(def.out as z.ZodType) });
    default:
      return schema;
  }
}

export const roundInputSchema = deepStrict(roundInputObject).superRefine(checkRoundConsistency);

export type InputProblem = { path: string; message: string };
export type ParseResult = { ok: true; data: RoundInput } | { ok: false; problems: InputProblem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(root)" : path.map((p) => String(p)).join(".");
}

/**
 * Points every id an evaluator score or moderation repeats at the one string of its
 * definition (evaluator, criterion, vendor, slot). A large round holds hundreds of thousands
 * of scores with four ids each, and a source other than JSON.parse (a generator, a form
 * decoder) may hand over each occurrence as a string of its own: sharing them keeps the
 * validated round a third smaller while every value stays equal.
 */
function shareRepeatedIds(round: RoundInput): void {
  const canonical = new Map<string, string>();
  for (const defs of [round.evaluators, round.criteria, round.vendors, round.bundleSlots]) {
    for (const d of defs) if (!canonical.has(d.id)) canonical.set(d.id, d.id);
  }
  const share = (id: string): string => canonical.get(id) ?? id;
  for (const s of round.evaluatorScores) {
    s.evaluatorId = share(s.evaluatorId);
    s.criterionId = share(s.criterionId);
    s.vendorId = share(s.vendorId);
    s.slotId = share(s.slotId);
  }
  for (const m of round.moderations) {
    m.criterionId = share(m.criterionId);
    m.vendorId = share(m.vendorId);
    m.slotId = share(m.slotId);
  }
}

/** Never throws: anything that is not a valid round comes back as problems by path. */
export function parseRoundInput(input: unknown): ParseResult {
  const result = roundInputSchema.safeParse(input);
  if (result.success) {
    shareRepeatedIds(result.data);
    return { ok: true, data: result.data };
  }
  return {
    ok: false,
    problems: result.error.issues.flatMap((issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `unknown key "${key}" (not part of a round; check its spelling)` }))
        : [{ path: formatPath(issue.path), message: issue.message }],
    ),
  };
}
