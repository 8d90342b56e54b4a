/**
 * Safeguard clauses of a bundle (SLAs, remedies, contingent clauses, contract terms) and the
 * RFP's requirements for them, as data.
 *
 * The schemas are deliberately LENIENT about vagueness and STRICT about types: a vendor may
 * leave a metric blank or a target unset (the clause check exists to find exactly that), so
 * those fields are nullable and default to null; but a value that is present must be
 * well-formed (finite numbers, percentages within 0–100, non-negative amounts and counts).
 */
import { z } from "zod";

export const DIRECTIONS = ["higher_is_better", "lower_is_better"] as const;
export const directionSchema = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof directionSchema>;

/** Ordered shortest → longest: a longer window averages away bad periods, so it is weaker. */
export const MEASUREMENT_WINDOWS = ["day", "week", "month", "quarter", "year"] as const;
export const measurementWindowSchema = z.enum(MEASUREMENT_WINDOWS);
export type MeasurementWindow = z.infer<typeof measurementWindowSchema>;

/** "lt" reads "triggers when METRIC < THRESHOLD". */
export const COMPARISONS = ["lt", "lte", "gt", "gte"] as const;
export const comparisonSchema = z.enum(COMPARISONS);
export type Comparison = z.infer<typeof comparisonSchema>;

// z.number() already rejects NaN and ±Infinity in zod 4; the helpers name the intent.
/** No figure of a real contract comes near ±10^15; beyond it float arithmetic loses cents. */
export const MAX_ABS_NUMBER = 1e15;
const finite = z.number().min(-MAX_ABS_NUMBER, "A number must be at least −10^15").max(MAX_ABS_NUMBER, "A number must be at most 10^15");
const percent = z.number().min(0).max(100);
const nonNegative = z.number().min(0).max(MAX_ABS_NUMBER, "A number must be at most 10^15");
const positive = z.number().positive().max(MAX_ABS_NUMBER, "A number must be at most 10^15");
const count = z.int().min(1).max(100_000);

// Collection caps (issue #10, item 2): far above any real bid, low enough that no request
// can hold the server for long. The grid, the workbook and the API all end in these schemas.
export const MAX_SLAS_PER_BUNDLE = 60;
export const MAX_REMEDIES_PER_SLA = 8;
export const MAX_CONTINGENT_CLAUSES = 40;
export const MAX_CREDIT_BANDS = 20;
export const MAX_CLAUSE_PERIODS = 240;
export const MAX_CLAUSE_TEXT = 4_000;
const clauseId = z.string().min(1).max(120, "An id has at most 120 characters");
/** A vendor may leave any of these out; the clause check reports it. */
const vagueText = z.string().trim().max(MAX_CLAUSE_TEXT, `A text has at most ${MAX_CLAUSE_TEXT.toLocaleString("en-GB")} characters`).nullable().default(null);
const vague = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

// ── Remedies ────────────────────────────────────────────────────────────────────────────

/** How large a service credit is, as % of the fee of the period in breach. */
export const creditAmountSchema = z.discriminatedUnion("type", [
  /** The same % whatever the size of the breach. */
  z.object({ type: z.literal("fixed"), percent: vague(percent) }),
  /** `percentPerStep` for each `step` (or part thereof) of shortfall: "5 % per 0.1 pt below". */
  z.object({ type: z.literal("per_step"), percentPerStep: vague(percent), step: vague(positive) }),
  /** Bands: the highest band whose `minShortfall` is reached applies. */
  z.object({
    type: z.literal("bands"),
    bands: z.array(z.object({ minShortfall: nonNegative, percent })).min(1).max(MAX_CREDIT_BANDS, `A tiered credit has at most ${MAX_CREDIT_BANDS} bands`),
  }),
]);
export type CreditAmount = z.infer<typeof creditAmountSchema>;

export const serviceCreditSchema = z.object({
  kind: z.literal("service_credit"),
  id: clauseId,
  /** true = applied to the next invoice without a claim; false/null = the buyer must claim. */
  automatic: z.boolean().nullable().default(null),
  amount: vague(creditAmountSchema),
  /** Cap per period, % of that period's fee. */
  capPercentOfPeriodFee: vague(percent),
});
export type ServiceCredit = z.infer<typeof serviceCreditSchema>;

export const holdbackSchema = z.object({
  kind: z.literal("holdback"),
  id: clauseId,
  /** % of every period's fee withheld until release. */
  percentOfFees: vague(percent),
  releaseCondition: vagueText,
  /** The release date expressed as the period after which the holdback is released. */
  releaseAfterPeriod: vague(count),
});
export type Holdback = z.infer<typeof holdbackSchema>;

export const terminationRightSchema = z.object({
  kind: z.literal("termination_right"),
  id: clauseId,
  /** Breached periods that give the buyer the right to terminate; null = trigger not stated. */
  breachesToTrigger: vague(count),
  consecutive: z.boolean().default(false),
  description: vagueText,
});
export type TerminationRight = z.infer<typeof terminationRightSchema>;

export const transitionAssistanceSchema = z.object({
  kind: z.literal("transition_assistance"),
  id: clauseId,
  months: vague(nonNegative),
  scope: vagueText,
});
export type TransitionAssistance = z.infer<typeof transitionAssistanceSchema>;

export const remedySchema = z.discriminatedUnion("kind", [
  serviceCreditSchema,
  holdbackSchema,
  terminationRightSchema,
  transitionAssistanceSchema,
]);
export type Remedy = z.infer<typeof remedySchema>;
export type RemedyKind = Remedy["kind"];

// ── SLAs and contingent clauses ─────────────────────────────────────────────────────────

export const slaSchema = z.object({
  id: clauseId,
  metric: vagueText,
  unit: vagueText,
  direction: vague(directionSchema),
  target: vague(finite),
  window: vague(measurementWindowSchema),
  verificationSource: vagueText,
  remedies: z.array(remedySchema).max(MAX_REMEDIES_PER_SLA, `An SLA has at most ${MAX_REMEDIES_PER_SLA} remedies`).default([]),
});
export type Sla = z.infer<typeof slaSchema>;

/** "If METRIC crosses THRESHOLD in WINDOW then REMEDY". */
export const contingentClauseSchema = z.object({
  id: clauseId,
  metric: vagueText,
  unit: vagueText,
  comparison: vague(comparisonSchema),
  threshold: vague(finite),
  window: vague(measurementWindowSchema),
  /** Only these periods (e.g. the pilot's month 2); null = every period. */
  periods: vague(z.array(count).min(1).max(MAX_CLAUSE_PERIODS, `List at most ${MAX_CLAUSE_PERIODS} periods`)),
  verificationSource: vagueText,
  remedy: vague(remedySchema),
});
export type ContingentClause = z.infer<typeof contingentClauseSchema>;

export const contractTermsSchema = z.object({
  autoRenewal: z.boolean().default(false),
  renewalNoticeDays: vague(z.int().min(0)),
  /** A general right to terminate (for cause or convenience), besides SLA-linked ones. */
  terminationRight: z.boolean().default(false),
  transitionAssistance: vague(
    z.object({ months: vague(nonNegative), scope: vagueText }),
  ),
  /** Overall cap on all service credits, % of the fees of the periods elapsed so far. */
  creditCapPercentOfTotalFees: vague(percent),
});
export type ContractTerms = z.infer<typeof contractTermsSchema>;

export const bundleClausesSchema = z.object({
  slas: z.array(slaSchema).max(MAX_SLAS_PER_BUNDLE, `A bundle has at most ${MAX_SLAS_PER_BUNDLE} SLAs`).default([]),
  contingentClauses: z.array(contingentClauseSchema).max(MAX_CONTINGENT_CLAUSES, `A bundle has at most ${MAX_CONTINGENT_CLAUSES} contingent clauses`).default([]),
  contractTerms: contractTermsSchema.default({
    autoRenewal: false,
    renewalNoticeDays: null,
    terminationRight: false,
    transitionAssistance: null,
    creditCapPercentOfTotalFees: null,
  }),
});
export type BundleClauses = z.infer<typeof bundleClausesSchema>;
/** What a form or API may send: every defaulted field may be omitted. */
export type BundleClausesInput = z.input<typeof bundleClausesSchema>;

// ── RFP requirements ────────────────────────────────────────────────────────────────────

export const slaRequirementSchema = z.object({
  metric: z.string().trim().min(1),
  unit: vagueText,
  direction: directionSchema,
  minimumTarget: finite,
  window: measurementWindowSchema,
  verificationSource: vagueText,
});
export type SlaRequirement = z.infer<typeof slaRequirementSchema>;

export const clauseRequirementsSchema = z.object({
  slas: z.array(slaRequirementSchema).max(MAX_SLAS_PER_BUNDLE, `At most ${MAX_SLAS_PER_BUNDLE} required SLAs`).default([]),
  serviceCredit: z
    .object({
      /** Every required SLA must carry a service credit. */
      required: z.boolean().default(false),
      /** Minimum credit % (fixed %, % per step, or lowest band). */
      minimumPercent: vague(percent),
      /** The cap, where the vendor states one, must be at least this. */
      minimumCapPercent: vague(percent),
    })
    .default({ required: false, minimumPercent: null, minimumCapPercent: null }),
  holdback: z.object({ required: z.boolean().default(false) }).default({ required: false }),
  terminationRightRequired: z.boolean().default(false),
  transitionAssistanceRequired: z.boolean().default(false),
});
export type ClauseRequirements = z.infer<typeof clauseRequirementsSchema>;
export type ClauseRequirementsInput = z.input<typeof clauseRequirementsSchema>;

// ── Observations and findings ───────────────────────────────────────────────────────────

export const observationSchema = z.object({
  metric: z.string().trim().min(1),
  /** 1-based index of the measurement period (the clause's window, e.g. month 1, 2, …). */
  period: count,
  value: finite,
});
export type Observation = z.infer<typeof observationSchema>;

/** Severity policy: see the table in clause-check.ts. */
export const CLAUSE_FINDING_CODES = [
  "NO_METRIC",
  "NO_THRESHOLD",
  "NO_COMPARISON",
  "NO_WINDOW",
  "NO_VERIFICATION_SOURCE",
  "REMEDY_NOT_AUTOMATIC",
  "REMEDY_WITHOUT_AMOUNT",
  "CREDIT_WITHOUT_CAP",
  "CREDIT_BELOW_MINIMUM",
  "CREDIT_CAP_BELOW_MINIMUM",
  "HOLDBACK_WITHOUT_RELEASE",
  "AUTO_RENEWAL_WITHOUT_NOTICE",
  "NO_TERMINATION_RIGHT",
  "NO_TRANSITION_ASSISTANCE",
  "REQUIRED_SLA_MISSING",
  "REQUIRED_REMEDY_MISSING",
  "TARGET_BELOW_MINIMUM",
  "WINDOW_LONGER_THAN_REQUIRED",
  "UNIT_MISMATCH",
  "NO_REMEDY",
  // Emitted only by the remedy simulator:
  "RELEASE_NOT_MEASURABLE",
  "NO_OBSERVATIONS",
] as const;
export type ClauseFindingCode = (typeof CLAUSE_FINDING_CODES)[number];

export type ClauseSeverity = "error" | "warning";

export type ClauseFinding = {
  code: ClauseFindingCode;
  severity: ClauseSeverity;
  /** The SLA, remedy or contingent clause concerned; null for bundle-level findings. */
  clauseId: string | null;
  message: string;
  suggestion: string;
};

const WHITESPACE_RUNS = /\s+/g;

/**
 * Already in normal form: printable ASCII without capitals, single spaces between words only.
 * Most metrics are, and a round normalises every SLA's metric several times, so this cheap
 * scan spares the trim/replace/lower-case copies (anything else, e.g. non-ASCII, takes the
 * full path).
 */
function isNormalMetric(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (i === 0 || i === s.length - 1 || s.charCodeAt(i - 1) === 32) return false;
    } else if (c < 33 || c > 126 || (c >= 65 && c <= 90)) return false;
  }
  return true;
}

/** Metric names are matched loosely ("Uptime", " uptime ") but never fuzzily. */
export function normaliseMetric(metric: string | null | undefined): string {
  if (metric == null) return "";
  return isNormalMetric(metric) ? metric : metric.trim().replace(WHITESPACE_RUNS, " ").toLowerCase();
}
