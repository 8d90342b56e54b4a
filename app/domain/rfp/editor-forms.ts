// The RFP editor's forms. Each form edits one row or one setting of a section; the route
// applies it to the section (pure functions below) and saves the whole section through the
// section's own schema, so a form can stay flat and work without JavaScript.
import { z } from "zod";
import { currencyDecimals, majorToMinor, minorToMajor, readAmount, readNumber, typedAmount, typedNumber } from "../bids/grid-form-numbers";
import { DIRECTIONS, MEASUREMENT_WINDOWS } from "../evaluation/clauses";
import { parseScoreText } from "../evaluation-workspace/scoring";
import type { RfpEvaluation, rfpCriterionSchema } from "./criteria";
import { EARLIEST_YEAR, LATEST_YEAR, type RfpDefinition } from "./sections";
import type { RfpSlaRequirement, SlaSection } from "./sla";
import type { RfpIssue, RfpIssueInput } from "./term-sheet";

// ── Shared field types ──────────────────────────────────────────────────────────────────

const blank = (v: unknown) => (v === "" || v === undefined || v === null ? undefined : v);
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
/** Numbers are read strictly (decision 021): "0x32", "5e1" or "12,5" are refused, not guessed. */
const requiredNumber = (message: string) => typedNumber(message).pipe(z.number({ error: message }));
const optionalNumber = (message: string) => typedNumber(message).pipe(z.number().optional());
const version = z.coerce.number({ message: "Reload the page: the form lost its version" }).int().min(1, "Reload the page: the form lost its version");
/** Once an RFP is published every change is an addendum, which needs a reason. */
const addendumReason = z.preprocess(blank, z.string().trim().min(3, "Give the reason for this addendum (vendors read it)").max(2_000).optional());

export const DIRECTION_LABELS: Record<(typeof DIRECTIONS)[number], string> = {
  higher_is_better: "Higher is better",
  lower_is_better: "Lower is better",
};
export const WINDOW_LABELS: Record<(typeof MEASUREMENT_WINDOWS)[number], string> = {
  day: "Per day",
  week: "Per week",
  month: "Per calendar month",
  quarter: "Per quarter",
  year: "Per year",
};

// ── Time: a wall-clock time typed in the reader's zone → an instant ────────────────────

/** Offset of `timeZone` from UTC at `instant`, in minutes (east positive). */
function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** "2026-12-20T17:00" in "Europe/Berlin" → the instant; null when the text is not a date-time. */
export function wallTimeToInstant(local: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const guess = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  // 30 February or 24:61 would roll over into another day: refused, not guessed (issue #10, item 9).
  const parts = new Date(guess);
  if (y! < 1000 || parts.getUTCFullYear() !== y || parts.getUTCMonth() !== mo! - 1 || parts.getUTCDate() !== d || parts.getUTCHours() !== h || parts.getUTCMinutes() !== mi) return null;
  // Two passes settle the offset also on the day a zone changes its clocks.
  let instant = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  instant = guess - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** The value of a datetime-local input for an instant, in the given zone. */
export function instantToWallTime(instant: Date | string | null, timeZone: string): string {
  if (!instant) return "";
  const date = new Date(instant);
  const shifted = new Date(date.getTime() + zoneOffsetMinutes(date, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

const wallTimeText = (what: string, message = `Give ${what} as a date and a time`) =>
  z.string({ message }).superRefine((v, ctx) => {
    const year = Number(v.slice(0, 4));
    // One message per field: the first rule broken.
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) ctx.addIssue({ code: "custom", message });
    else if (wallTimeToInstant(v, "UTC") === null) ctx.addIssue({ code: "custom", message: `Give ${what} as a date that exists, e.g. 2026-12-20 17:00 (not 30 February)` });
    else if (year < EARLIEST_YEAR || year > LATEST_YEAR) ctx.addIssue({ code: "custom", message: `Give ${what} between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}` });
  });
const wallTime = (what: string) => z.preprocess(blank, wallTimeText(what).optional());

export const timelineFormSchema = z
  .object({
    expectedVersion: version,
    reason: addendumReason,
    timeZone: z.string().trim().default("UTC"),
    questionsCloseAt: wallTime("when questions close"),
    bidsCloseAt: wallTime("when bids close"),
    bidValidityDays: optionalNumber("Give the bid validity in whole days"),
  })
  .superRefine((v, ctx) => {
    if (!isTimeZone(v.timeZone)) ctx.addIssue({ code: "custom", path: ["timeZone"], message: `Unknown time zone "${v.timeZone}"` });
  })
  .transform(({ timeZone, questionsCloseAt, bidsCloseAt, ...rest }) => {
    const zone = isTimeZone(timeZone) ? timeZone : "UTC";
    return {
      ...rest,
      questionsCloseAt: questionsCloseAt ? wallTimeToInstant(questionsCloseAt, zone) : null,
      bidsCloseAt: bidsCloseAt ? wallTimeToInstant(bidsCloseAt, zone) : null,
      bidValidityDays: rest.bidValidityDays ?? null,
    };
  });

const MINUTE = 60_000;
/**
 * The timeline form shows times to the minute, so a time sent back unchanged arrives
 * without its seconds. Such a time is the stored one: keep it to the millisecond, so saving
 * another field never moves a deadline (and an addendum lists only what really changed).
 */
export function keepUnchangedTimes<T extends { questionsCloseAt: Date | null; bidsCloseAt: Date | null }>(
  stored: { questionsCloseAt: Date | string | null; bidsCloseAt: Date | string | null },
  submitted: T,
): T {
  const keep = (before: Date | string | null, after: Date | null): Date | null => {
    if (before === null || after === null) return after;
    const was = new Date(before);
    return Math.floor(was.getTime() / MINUTE) === Math.floor(after.getTime() / MINUTE) ? was : after;
  };
  return { ...submitted, questionsCloseAt: keep(stored.questionsCloseAt, submitted.questionsCloseAt), bidsCloseAt: keep(stored.bidsCloseAt, submitted.bidsCloseAt) };
}

export const extendDeadlineFormSchema = z
  .object({
    expectedVersion: version,
    timeZone: z.string().trim().default("UTC"),
    bidsCloseAt: wallTimeText("the new deadline"),
    reason: z.string({ message: "Give the reason for the extension" }).trim().min(3, "Give the reason for the extension").max(2_000),
  })
  .transform(({ timeZone, bidsCloseAt, ...rest }) => ({ ...rest, bidsCloseAt: wallTimeToInstant(bidsCloseAt, isTimeZone(timeZone) ? timeZone : "UTC")! }));

// ── Term sheet rows ─────────────────────────────────────────────────────────────────────

export const issueRowSchema = z
  .object({
    expectedVersion: version,
    reason: addendumReason,
    /** Set when editing an existing issue; blank adds a new one. */
    issueId: z.preprocess(blank, z.string().optional()),
    name: z.string({ message: "Name the issue" }).trim().min(1, "Name the issue").max(120, "An issue name has at most 120 characters"),
    kind: z.enum(["money", "number", "choice", "text"], { message: "Choose the kind of value" }),
    unit: z.preprocess(blank, z.string().trim().max(40, "A unit has at most 40 characters").optional()),
    /** One option per line, lowest to highest. */
    options: z.preprocess(blank, z.string().max(4_000).optional()),
    required: checkbox,
    description: z.preprocess(blank, z.string().trim().max(2_000, "A description has at most 2,000 characters").optional()),
    /** Number issues: the lowest and highest value a bid may give, and whether it must be whole. */
    min: optionalNumber("Give the lowest value as a number, e.g. 12").pipe(z.number().min(-1e15, "At least −10^15").max(1e15, "At most 10^15").optional()),
    max: optionalNumber("Give the highest value as a number, e.g. 60").pipe(z.number().min(-1e15, "At least −10^15").max(1e15, "At most 10^15").optional()),
    integer: checkbox,
  })
  .superRefine((v, ctx) => {
    if (v.kind === "number" && !v.unit) ctx.addIssue({ code: "custom", path: ["unit"], message: "Give the unit, e.g. months" });
    if (v.kind === "number" && v.min !== undefined && v.max !== undefined && v.min > v.max) ctx.addIssue({ code: "custom", path: ["max"], message: "The highest value must not be below the lowest" });
    if (v.kind === "choice" && optionLines(v.options).length === 0) ctx.addIssue({ code: "custom", path: ["options"], message: "A choice needs at least one option (one per line)" });
  });
export type IssueRow = z.output<typeof issueRowSchema>;

function optionLines(text: string | undefined): string[] {
  return (text ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

/** The section's issues with the row added (no issueId) or replacing the one it edits. */
export function applyIssueRow(issues: readonly RfpIssue[], row: IssueRow): RfpIssueInput[] {
  const existing = row.issueId ? issues.find((i) => i.id === row.issueId) : undefined;
  const common = { id: existing?.id, name: row.name, required: row.required, description: row.description ?? "", tradeable: existing?.tradeable ?? null };
  let issue: RfpIssueInput;
  if (row.kind === "number") issue = { ...common, kind: "number", unit: row.unit ?? "", min: row.min ?? null, max: row.max ?? null, integer: row.integer };
  else if (row.kind === "choice") {
    const previous = existing?.kind === "choice" ? existing.options : [];
    // Options keep their ids when their label stays, so criteria points still point at them.
    issue = { ...common, kind: "choice", options: optionLines(row.options).map((label) => ({ id: previous.find((o) => o.label === label)?.id, label })) };
  } else issue = { ...common, kind: row.kind };
  return existing ? issues.map((i) => (i.id === existing.id ? issue : i)) : [...issues, issue];
}

export const removeRowSchema = z.object({ expectedVersion: version, reason: addendumReason, rowId: z.string().min(1) });

export const tradeablesFormSchema = z.object({
  expectedVersion: version,
  reason: addendumReason,
  keys: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()).min(1, "Tick at least one entry of the library")),
});

// ── Criteria ────────────────────────────────────────────────────────────────────────────

/** Weights of every criterion at once: `weight.<criterionId>` fields. */
export function weightsFormSchema(criterionIds: readonly string[]) {
  const weights = Object.fromEntries(
    criterionIds.map((id) => [id, requiredNumber("Give the weight as a number from 0 to 100").pipe(z.number().min(0, "A weight is at least 0").max(100, "A weight is at most 100"))]),
  );
  return z.object({ expectedVersion: version, reason: addendumReason, weight: z.object(weights) });
}

export const criterionRowSchema = z
  .object({
    expectedVersion: version,
    reason: addendumReason,
    name: z.string({ message: "Name the criterion" }).trim().min(1, "Name the criterion").max(120),
    kind: z.enum(["price", "number", "choice", "judged"], { message: "Choose how the criterion is scored" }),
    weight: requiredNumber("Give the weight as a number from 0 to 100").pipe(z.number().min(0, "A weight is at least 0").max(100, "A weight is at most 100")),
    issueId: z.preprocess(blank, z.string().optional()),
    direction: z.preprocess(blank, z.enum(DIRECTIONS).optional()),
    worst: optionalNumber("Give the value that scores 0 as a number"),
    best: optionalNumber("Give the value that scores full points as a number"),
    rubric: z.preprocess(blank, z.string().trim().max(4_000).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "number" || v.kind === "choice") {
      if (!v.issueId) ctx.addIssue({ code: "custom", path: ["issueId"], message: "Choose the issue this criterion scores" });
    }
    if (v.kind === "number") {
      if (!v.direction) ctx.addIssue({ code: "custom", path: ["direction"], message: "Say whether higher or lower values are better" });
      if (v.worst === undefined) ctx.addIssue({ code: "custom", path: ["worst"], message: "Give the value that scores 0" });
      if (v.best === undefined) ctx.addIssue({ code: "custom", path: ["best"], message: "Give the value that scores full points" });
    }
  });
export type CriterionRow = z.output<typeof criterionRowSchema>;

/**
 * A value a buyer types against an issue (a number criterion's bounds, a gate's limit) as the
 * engine reads it: for a money issue, an amount in the RFP's currency turned into minor units
 * (bids store money in minor units, so "30000" for a mobilisation fee means EUR 30,000.00, not
 * EUR 300.00); any other issue's value as typed.
 */
export function issueLimitOf(issue: RfpIssue | undefined, value: number, currency: string): { ok: true; value: number } | { ok: false; message: string } {
  if (issue?.kind !== "money") return { ok: true, value };
  const decimals = currencyDecimals(currency);
  const minor = value >= 0 ? majorToMinor(String(value), decimals) : null;
  if (minor !== null) return { ok: true, value: minor };
  return { ok: false, message: `${issue.name} is an amount: give it in ${currency}${decimals > 0 ? `, with at most ${decimals} decimals` : " as a whole number"}` };
}

/** A new criterion from its row; a choice criterion starts with points rising in option order. */
export function criterionFromRow(row: CriterionRow, issues: readonly RfpIssue[]): z.input<typeof rfpCriterionSchema> {
  const base = { name: row.name, weight: row.weight };
  switch (row.kind) {
    case "price":
      return { ...base, kind: "price" };
    case "judged":
      return { ...base, kind: "judged", rubric: row.rubric ?? "" };
    case "number":
      return { ...base, kind: "number", issueId: row.issueId!, direction: row.direction!, worst: row.worst!, best: row.best! };
    case "choice": {
      const issue = issues.find((i) => i.id === row.issueId);
      const options = issue?.kind === "choice" ? issue.options : [];
      return { ...base, kind: "choice", issueId: row.issueId!, points: Object.fromEntries(options.map((o, i) => [o.id, i])) };
    }
  }
}

export const PRICE_FORMULA_LABELS = {
  "lowest-price-ratio": "Lowest-price ratio (S × Pmin / P)",
  "proportional-penalty": "Proportional penalty (S × (1 − (P − Pmin) / Pmin))",
  linear: "Linear between a floor and a ceiling price",
  logarithmic: "Logarithmic between a floor and a ceiling price",
} as const;

/**
 * The price and scoring settings. The floor and ceiling are amounts in the RFP's currency,
 * read as the vendor grid reads a price and returned in minor units (JPY 1, EUR 100, KWD 1000).
 */
export const evaluationFormSchema = (currency: string) =>
  z
    .object({
      expectedVersion: version,
      reason: addendumReason,
      priceFormula: z.enum(["lowest-price-ratio", "proportional-penalty", "linear", "logarithmic"], { message: "Choose a price formula" }),
      floor: typedAmount(currency),
      ceiling: typedAmount(currency),
      consensus: z.enum(["mean", "median", "moderated"], { message: "Choose how evaluators' scores combine" }),
      spreadMargin: requiredNumber("Give the spread margin as points from 0 to 10").pipe(z.number().min(0, "At least 0 points").max(10, "At most 10 points")),
      evaluatedPriceDescription: z.preprocess(blank, z.string().trim().max(500).optional()),
      /** `evaluatedPrice.<issueId>` = coefficient (blank = not part of the evaluated price). */
      evaluatedPrice: z.record(z.string(), optionalNumber("Give the coefficient as a number, e.g. 36")).default({}),
    })
    .superRefine((v, ctx) => {
      if (v.priceFormula === "linear" || v.priceFormula === "logarithmic") {
        if (v.floor === undefined) ctx.addIssue({ code: "custom", path: ["floor"], message: "Give the floor price (full points at or below it)" });
        if (v.ceiling === undefined) ctx.addIssue({ code: "custom", path: ["ceiling"], message: "Give the ceiling price (no points at or above it)" });
        if (v.floor !== undefined && v.ceiling !== undefined && v.ceiling <= v.floor) ctx.addIssue({ code: "custom", path: ["ceiling"], message: "The ceiling price must be above the floor price" });
        if (v.priceFormula === "logarithmic" && v.floor === 0) ctx.addIssue({ code: "custom", path: ["floor"], message: "A logarithmic formula needs a floor above 0" });
      }
    });

export type EvaluationForm = z.output<ReturnType<typeof evaluationFormSchema>>;

/** The price and scoring settings as the criteria section stores them (the form's amounts are minor units already). */
export function evaluationFromForm(current: RfpEvaluation, form: EvaluationForm): RfpEvaluation {
  const priceFormula =
    form.priceFormula === "linear" || form.priceFormula === "logarithmic"
      ? { kind: form.priceFormula, floorMinor: form.floor ?? 0, ceilingMinor: form.ceiling ?? 0 }
      : { kind: form.priceFormula };
  // A blank or zero coefficient leaves the issue out of the evaluated price.
  const terms = Object.entries(form.evaluatedPrice)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number" && entry[1] !== 0)
    .map(([issueId, coefficient]) => ({ issueId, coefficient }));
  return { ...current, priceFormula, consensus: form.consensus, spreadMargin: form.spreadMargin, evaluatedPrice: { description: form.evaluatedPriceDescription ?? "", terms } };
}

/** Quality before price (two envelopes): one checkbox, set while the RFP is a draft. */
export const qualityBeforePriceFormSchema = z.object({
  expectedVersion: version,
  reason: addendumReason,
  qualityBeforePrice: checkbox,
});

export const QUALITY_BEFORE_PRICE_LABEL = "Score quality before seeing prices";
export const QUALITY_BEFORE_PRICE_HINT =
  "Two envelopes: evaluators first score the criteria they judge (quality) without seeing any price. " +
  "Money values and the evaluated price stay hidden from them until those scores are locked; then prices are opened and scored. " +
  "Vendors are told. It is fixed when you publish: no addendum can change it.";

// ── SLA requirements ────────────────────────────────────────────────────────────────────

export const slaRowSchema = z
  .object({
    expectedVersion: version,
    reason: addendumReason,
    metric: z.string({ message: "Name the metric" }).trim().min(1, "Name the metric, e.g. complaint resolution time").max(120),
    unit: z.string({ message: "Give the unit, e.g. % or hours" }).trim().min(1, "Give the unit, e.g. % or hours").max(40),
    direction: z.enum(DIRECTIONS, { message: "Say whether higher or lower values are better" }),
    minimumTarget: requiredNumber("Give the minimum target as a number"),
    window: z.enum(MEASUREMENT_WINDOWS, { message: "Choose the measurement window" }),
    verificationSource: z.string({ message: "Say who measures it" }).trim().min(1, "Say who measures it, e.g. the city's complaint system").max(200),
    description: z.preprocess(blank, z.string().trim().max(1_000).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.unit === "%" && (v.minimumTarget < 0 || v.minimumTarget > 100)) {
      ctx.addIssue({ code: "custom", path: ["minimumTarget"], message: "A percentage target lies between 0 and 100" });
    }
    if (v.direction === "lower_is_better" && v.minimumTarget < 0) {
      ctx.addIssue({ code: "custom", path: ["minimumTarget"], message: "For a lower-is-better metric the target is the most you accept; it cannot be below 0" });
    }
  });

export function slaFromRow(row: z.output<typeof slaRowSchema>): RfpSlaRequirement {
  return { metric: row.metric, unit: row.unit, direction: row.direction, minimumTarget: row.minimumTarget, window: row.window, verificationSource: row.verificationSource, description: row.description ?? "" };
}

export const remediesFormSchema = z.object({
  expectedVersion: version,
  reason: addendumReason,
  serviceCreditRequired: checkbox,
  serviceCreditMinimumPercent: optionalNumber("Give the minimum credit as a percentage").pipe(z.number().min(0, "At least 0 %").max(100, "At most 100 %").optional()),
  serviceCreditMinimumCapPercent: optionalNumber("Give the minimum cap as a percentage").pipe(z.number().min(0, "At least 0 %").max(100, "At most 100 %").optional()),
  holdbackRequired: checkbox,
  holdbackMinimumPercent: optionalNumber("Give the holdback as a percentage").pipe(z.number().min(0, "At least 0 %").max(100, "At most 100 %").optional()),
  holdbackReleaseCondition: z.preprocess(blank, z.string().trim().max(500).optional()),
  terminationRightRequired: checkbox,
  transitionAssistanceRequired: checkbox,
});

export function applyRemedies(sla: SlaSection, form: z.output<typeof remediesFormSchema>): SlaSection {
  return {
    ...sla,
    serviceCredit: { required: form.serviceCreditRequired, minimumPercent: form.serviceCreditMinimumPercent ?? null, minimumCapPercent: form.serviceCreditMinimumCapPercent ?? null },
    holdback: { required: form.holdbackRequired, minimumPercent: form.holdbackMinimumPercent ?? null, releaseCondition: form.holdbackReleaseCondition ?? null },
    terminationRightRequired: form.terminationRightRequired,
    transitionAssistanceRequired: form.transitionAssistanceRequired,
  };
}

// ── Money typed in major units ──────────────────────────────────────────────────────────

/** "1,250,000.50" → 125000050 minor units in EUR (1250000 in JPY); null when it is not an amount (see `readAmount` for why). */
export function parseAmountToMinor(text: string, currency: string): number | null {
  const read = readAmount(text, currency);
  return read.ok ? read.minor : null;
}

/** One formatter per number of decimals (`toLocaleString` with options builds one each time). */
const amountFormats = new Map<number, Intl.NumberFormat>();

/** 490000000 in EUR → "EUR 4,900,000.00"; in JPY 490000000 → "JPY 490,000,000". */
export function formatMinor(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return "";
  const decimals = currencyDecimals(currency);
  let format = amountFormats.get(decimals);
  if (!format) amountFormats.set(decimals, (format = new Intl.NumberFormat("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  // Exact: the digits are split, not divided (a float would round amounts above 2^53 / 100).
  const [whole, fraction] = minorToMajor(minor, decimals).split(".");
  const grouped = format.format(BigInt(whole!)).replace(/\.0*$/, "");
  return `${currency} ${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** An amount in the RFP's currency as the forms show it for editing: "4900000.00" (EUR), "4900000" (JPY). */
export function minorToAmountText(minor: number | null | undefined, currency: string): string {
  return minor === null || minor === undefined ? "" : minorToMajor(minor, currencyDecimals(currency));
}

export const confidentialFormSchema = z.object({
  expectedVersion: version,
  /** Read in the RFP's currency by `confidentialFromForm`. */
  reservationPrice: z.preprocess(blank, z.string().max(300).optional()),
  notes: z.preprocess(blank, z.string().trim().max(4_000).optional()),
  batnaLabel: z.preprocess(blank, z.string().trim().max(300).optional()),
  /** `batna.<issueId>`: the reference bundle's value per issue. */
  batna: z.record(z.string(), z.preprocess(blank, z.string().max(300).optional())).default({}),
});

export interface ConfidentialPosition {
  reservationPriceMinor: number | null;
  notes: string;
  batna: { label: string; values: Record<string, number | string>; judgedScores: Record<string, number> } | null;
}

/**
 * The confidential form's text fields as the buyer's position: each BATNA value becomes the
 * kind its issue asks for, each judged score a number from 0 to 10; problems by field.
 */
export function confidentialFromForm(
  definition: Pick<RfpDefinition, "termSheet" | "criteria"> & { basics: Pick<RfpDefinition["basics"], "currency"> },
  form: z.output<typeof confidentialFormSchema>,
): { ok: true; position: ConfidentialPosition } | { ok: false; fieldErrors: Record<string, string[]> } {
  // Keyed by ids: null-prototype objects and own-key reads, so an id such as "constructor" or
  // "__proto__" behaves like any other (a `{}` read would find Object.prototype's members).
  const batnaField = (key: string) => (Object.hasOwn(form.batna, key) ? form.batna[key] : undefined);
  const values = Object.create(null) as Record<string, number | string>;
  const fieldErrors: Record<string, string[]> = {};
  const currency = definition.basics.currency;
  let reservationPriceMinor: number | null = null;
  if (form.reservationPrice?.trim()) {
    const read = readAmount(form.reservationPrice, currency);
    if (read.ok) reservationPriceMinor = read.minor;
    else fieldErrors["reservationPrice"] = [read.message];
  }
  for (const issue of definition.termSheet) {
    const text = batnaField(issue.id)?.trim();
    if (!text) continue;
    if (issue.kind === "money") {
      const read = readAmount(text, currency);
      if (read.ok) values[issue.id] = read.minor;
      else fieldErrors[`batna.${issue.id}`] = [read.message];
    } else if (issue.kind === "number") {
      const read = readNumber(text, { what: `${issue.name} as a number (${issue.unit})` });
      if (read.ok && read.value !== null) values[issue.id] = read.value;
      else if (!read.ok) fieldErrors[`batna.${issue.id}`] = [read.message];
    } else values[issue.id] = text;
  }
  const judgedScores = Object.create(null) as Record<string, number>;
  for (const criterion of definition.criteria.criteria.filter((c) => c.kind === "judged")) {
    const text = batnaField(`score-${criterion.id}`)?.trim();
    if (!text) continue;
    // Read as an evaluator's score is (0–10 in steps of 0.5), so the BATNA competes on the same scale.
    const read = parseScoreText(text);
    if (!read.ok) fieldErrors[`batna.score-${criterion.id}`] = [read.message];
    else if (read.score !== null) judgedScores[criterion.id] = read.score;
  }
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  const hasBatna = Boolean(form.batnaLabel) || Object.keys(values).length > 0;
  return {
    ok: true,
    position: {
      reservationPriceMinor,
      notes: form.notes ?? "",
      batna: hasBatna ? { label: form.batnaLabel ?? "Current arrangement", values, judgedScores } : null,
    },
  };
}
