// The RFP's sections as forms: one zod schema per section, shared by the route (conform),
// the API and the tests. A draft may be incomplete, so most fields may be blank; the
// publish check (publish-check.ts) says what is still missing, section by section.
import { z } from "zod";
import { isIsoCurrency, typedNumber } from "../bids/grid-form-numbers";
import { bundleSlotSchema, buyerPositionSchema } from "../evaluation/schema";
import { criteriaSectionShape, DEFAULT_EVALUATION, withCriteriaIds, type CriteriaSection } from "./criteria";
import { idSchema } from "./ids";
import { EMPTY_SLA_SECTION, slaSectionSchema, type SlaSection } from "./sla";
import { termSheetSchema, type RfpIssue } from "./term-sheet";

/** Where a problem is fixed: one tab or page of the RFP editor each. */
export const RFP_SECTIONS = ["basics", "timeline", "term-sheet", "bundle-slots", "criteria", "sla", "confidential", "vendors"] as const;
export type RfpSection = (typeof RFP_SECTIONS)[number];
export const RFP_SECTION_LABELS: Record<RfpSection, string> = {
  basics: "Scope and basics",
  timeline: "Timeline",
  "term-sheet": "Term sheet",
  "bundle-slots": "Bundle slots",
  criteria: "Criteria and weights",
  sla: "SLA requirements",
  confidential: "Confidential settings",
  vendors: "Vendors",
};

export const RFP_CATEGORIES = ["saas", "field-services", "professional-services", "goods", "works", "other"] as const;
export type RfpCategory = (typeof RFP_CATEGORIES)[number];
export const RFP_CATEGORY_LABELS: Record<RfpCategory, string> = {
  saas: "SaaS subscription",
  "field-services": "Field services",
  "professional-services": "Professional services",
  goods: "Goods",
  works: "Works",
  other: "Other",
};

/** Blank form fields arrive as "" or are left out; both mean "not set yet". */
const blankToNull = (value: unknown) => (value === "" || value === undefined ? null : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToNull, schema.nullable());

/** A number typed strictly ("0x18" or "1e3" are refused, decision 021), or sent as a number; `rules` add the range. */
const typed = (message: string, rules: (n: z.ZodNumber) => z.ZodNumber) => typedNumber(message).pipe(rules(z.number({ error: message })));

const text = (max: number, what: string) => z.string().trim().max(max, `${what} has at most ${max.toLocaleString("en-GB")} characters`).default("");

export const basicsSchema = z.object({
  title: text(200, "A title"),
  reference: text(60, "A reference number"),
  /** Plain text; blank lines separate paragraphs. */
  summary: text(2_000, "The summary"),
  scope: text(40_000, "The scope"),
  category: optional(z.enum(RFP_CATEGORIES, { message: "Choose a category from the list" })).default(null),
  /** An ISO 4217 code: it sets the minor units of every amount and goes into the OCDS release as it is. */
  currency: z
    .string({ message: "Give the currency as a 3-letter code, e.g. EUR" })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, { error: "Give the currency as a 3-letter code, e.g. EUR", abort: true })
    .refine(isIsoCurrency, { error: (issue) => `“${String(issue.input)}” is not an ISO 4217 currency code (such as EUR, USD, GBP)` })
    .default("EUR"),
  horizonMonths: optional(typed("Give the evaluation horizon in whole months", (n) => n.int("Give the evaluation horizon in whole months").min(1, "The evaluation horizon is at least 1 month").max(240, "The evaluation horizon is at most 240 months"))).default(null),
});
export type RfpBasics = z.output<typeof basicsSchema>;

/** Deadlines of a procurement portal lie in this century; year 0000 or 20260 is a typing slip. */
export const EARLIEST_YEAR = 2000;
export const LATEST_YEAR = 2100;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date-time strictly: an ISO / datetime-local string whose parts exist (no 30 February, no
 * 25:00: `new Date` would quietly roll them over), or a valid Date; years 2000–2100 only.
 * The reason in words when it is not.
 */
export function strictInstant(value: unknown, what: string): Date | { problem: string } {
  const give = { problem: `Give ${what} as a date and time` };
  let date: Date;
  if (value instanceof Date) date = value;
  else if (typeof value === "number") date = new Date(value);
  else if (typeof value === "string") {
    const match = ISO_INSTANT.exec(value.trim());
    if (!match) return give;
    const [y, mo, d, h, mi, s] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
    if (mo! < 1 || mo! > 12 || d! < 1 || d! > new Date(Date.UTC(y!, mo!, 0)).getUTCDate()) return { problem: `${capitalise(what)}: ${value.trim().slice(0, 10)} is not a date of the calendar` };
    if (h! > 23 || mi! > 59 || s! > 59) return { problem: `${capitalise(what)}: ${value.trim().slice(11, 19)} is not a time of day` };
    date = new Date(value.trim());
  } else return give;
  if (Number.isNaN(date.getTime())) return give;
  const year = date.getUTCFullYear();
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return { problem: `${capitalise(what)} must be between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}` };
  return date;
}
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const instant = (what: string) =>
  optional(
    z.unknown().transform((value, ctx) => {
      const parsed = strictInstant(value, what);
      if (parsed instanceof Date) return parsed;
      ctx.addIssue({ code: "custom", message: parsed.problem });
      return z.NEVER;
    }),
  ).default(null);

export const timelineSchema = z.object({
  questionsCloseAt: instant("when questions close"),
  /** The deadline for bids. */
  bidsCloseAt: instant("when bids close"),
  bidValidityDays: optional(typed("Give the bid validity in whole days", (n) => n.int("Give the bid validity in whole days").min(1, "Bids stay valid at least 1 day").max(730, "Bid validity is at most 730 days"))).default(null),
});
export type RfpTimeline = z.output<typeof timelineSchema>;

export const rfpBundleSlotSchema = bundleSlotSchema.extend({
  id: idSchema,
  name: z.string({ message: "Name the bundle slot" }).trim().min(1, "Name the bundle slot").max(80, "A bundle slot name has at most 80 characters"),
  description: text(1_000, "A description"),
});
export type RfpBundleSlot = z.output<typeof rfpBundleSlotSchema>;

export const bundleSlotsSchema = z.object({
  slots: z.array(rfpBundleSlotSchema).length(3, "An RFP has exactly three bundle slots"),
});

export const DEFAULT_BUNDLE_SLOTS: RfpBundleSlot[] = [
  { id: "cost", name: "Cost-optimised", description: "The lowest evaluated price you can offer, with the terms that make it possible." },
  { id: "reliability", name: "Reliability-optimised", description: "The strongest service levels and remedies you can offer, at the price they need." },
  { id: "balanced", name: "Balanced", description: "The bundle you would recommend: your best trade-off between cost and reliability." },
];

export const visibilitySchema = z.object({ isPublic: z.boolean().default(false) });

/** The buyer's confidential position: never shown to vendors, stored in its own table. */
export const confidentialSchema = z.object({
  reservationPriceMinor: optional(z.coerce.number({ message: "Give the reservation price in whole minor units (cents)" }).int("Give the reservation price in whole minor units (cents)").min(0, "The reservation price is at least 0").max(Number.MAX_SAFE_INTEGER)).default(null),
  /** A reference bundle: what the buyer does if no bid beats it. */
  batna: buyerPositionSchema.shape.batna.nullable().default(null),
  notes: text(4_000, "The notes"),
});
export type RfpConfidential = z.output<typeof confidentialSchema>;

/** Every vendor-facing part of the RFP, as the publish check, the diff and the preview see it. */
export interface RfpDefinition {
  basics: RfpBasics;
  timeline: RfpTimeline;
  termSheet: RfpIssue[];
  bundleSlots: RfpBundleSlot[];
  criteria: CriteriaSection;
  sla: SlaSection;
  isPublic: boolean;
}

export function blankDefinition(): RfpDefinition {
  return {
    basics: basicsSchema.parse({}),
    timeline: timelineSchema.parse({}),
    termSheet: [],
    bundleSlots: structuredClone(DEFAULT_BUNDLE_SLOTS),
    criteria: { criteria: [], gates: [], evaluation: structuredClone(DEFAULT_EVALUATION), qualityBeforePrice: false },
    sla: structuredClone(EMPTY_SLA_SECTION),
    isPublic: false,
  };
}

// ── Forms: every save carries the version it was based on (optimistic concurrency) ─────

const expectedVersion = z.coerce
  .number({ message: "The form is missing the version it was based on; reload the page" })
  .int()
  .min(1, "The form is missing the version it was based on; reload the page");
const versioned = <S extends z.ZodRawShape>(shape: S) => z.object({ expectedVersion, ...shape });

export const saveBasicsSchema = versioned(basicsSchema.shape);
export const saveTimelineSchema = versioned(timelineSchema.shape);
export const saveTermSheetSchema = versioned({ issues: termSheetSchema.shape.issues });
export const saveBundleSlotsSchema = versioned(bundleSlotsSchema.shape);
export const saveCriteriaSchema = versioned(criteriaSectionShape).transform(({ expectedVersion, ...section }) => ({ expectedVersion, ...withCriteriaIds(section) }));
export const saveSlaSchema = versioned(slaSectionSchema.shape);
export const saveVisibilitySchema = versioned(visibilitySchema.shape);
export const saveConfidentialSchema = versioned(confidentialSchema.shape);
export const publishSchema = versioned({});

export type SaveBasicsInput = z.output<typeof saveBasicsSchema>;
export type SaveTimelineInput = z.output<typeof saveTimelineSchema>;
export type SaveTermSheetInput = z.output<typeof saveTermSheetSchema>;
export type SaveBundleSlotsInput = z.output<typeof saveBundleSlotsSchema>;
export type SaveCriteriaInput = z.output<typeof saveCriteriaSchema>;
export type SaveSlaInput = z.output<typeof saveSlaSchema>;
export type SaveVisibilityInput = z.output<typeof saveVisibilitySchema>;
export type SaveConfidentialInput = z.output<typeof saveConfidentialSchema>;
export type PublishInput = z.output<typeof publishSchema>;
