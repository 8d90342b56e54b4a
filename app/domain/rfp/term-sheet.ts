// The term sheet: the issues every bundle must fill. An RFP issue is the engine's issue plus
// what only the buyer's form needs (required, description), so the issues the buyer defines
// are exactly the ones the engine scores.
import { z } from "zod";
import { issueSchema } from "../evaluation/schema";
import { assignIds, idSchema } from "./ids";

const [moneyIssue, numberIssue, choiceIssue, textIssue] = issueSchema.options;

const issueName = z
  .string({ message: "Name the issue" })
  .trim()
  .min(1, "Name the issue")
  .max(120, "An issue name has at most 120 characters");

const rfpExtras = {
  id: idSchema.optional(),
  name: issueName,
  /** A bundle that leaves a required issue blank is incomplete. */
  required: z.boolean().default(true),
  description: z.string().trim().max(2_000, "A description has at most 2,000 characters").default(""),
  /** The tradeables-library entry this issue came from, if any. */
  tradeable: z.string().max(60).nullable().default(null),
};

const choiceOption = z.object({
  id: idSchema.optional(),
  label: z.string({ message: "Label the option" }).trim().min(1, "Label the option").max(120, "An option label has at most 120 characters"),
});

/** No number of a real contract comes near ±10^15. */
export const MAX_ABS_ISSUE_NUMBER = 1e15;
const bound = (what: string) =>
  z
    .number({ message: `Give the ${what} as a number` })
    .min(-MAX_ABS_ISSUE_NUMBER, `The ${what} must be at least −10^15`)
    .max(MAX_ABS_ISSUE_NUMBER, `The ${what} must be at most 10^15`)
    .nullable()
    .optional();

/** A number issue's bounds (issue #10, item 9): a contract term of −36 months is refused in the grid, the workbook and on submission. */
const numberBounds = {
  min: bound("lowest value"),
  max: bound("highest value"),
  /** Whole numbers only (months, days). */
  integer: z.boolean().optional(),
};

const numberIssueSchema = numberIssue
  .extend({ ...rfpExtras, ...numberBounds, unit: z.string({ message: "Give the unit, e.g. months" }).trim().min(1, "Give the unit, e.g. months").max(40) })
  .refine((i) => i.min == null || i.max == null || i.min <= i.max, { path: ["max"], message: "The highest value must not be below the lowest" });

export const rfpIssueSchema = z.discriminatedUnion("kind", [
  moneyIssue.extend(rfpExtras),
  numberIssueSchema,
  // A draft may hold a choice before its options are typed; publishing requires at least one.
  choiceIssue.extend({
    ...rfpExtras,
    options: z.array(choiceOption).max(20, "A choice has at most 20 options").transform((options) => assignIds(options, (o) => o.label, "option")),
  }),
  textIssue.extend(rfpExtras),
]);
export type RfpIssueInput = z.input<typeof rfpIssueSchema>;
type ParsedIssue = z.output<typeof rfpIssueSchema>;
export type RfpIssue = ParsedIssue & { id: string };
export type RfpIssueKind = RfpIssue["kind"];
/** An issue before it has an id, kind by kind (a plain Omit would merge the kinds). */
export type RfpIssueTemplate = RfpIssue extends infer I ? (I extends unknown ? Omit<I, "id" | "tradeable"> & { tradeable?: string | null } : never) : never;

export const ISSUE_KIND_LABELS: Record<RfpIssueKind, string> = {
  money: "Money",
  number: "Number with a unit",
  choice: "Ordered choice",
  text: "Text",
};

/** The term-sheet section as saved from its form. */
export const termSheetSchema = z.object({
  issues: z
    .array(rfpIssueSchema)
    .max(60, "A term sheet has at most 60 issues")
    .transform((issues): RfpIssue[] => assignIds(issues, (i) => i.name, "issue")),
});
export type TermSheetInput = z.input<typeof termSheetSchema>;
export type TermSheet = z.output<typeof termSheetSchema>;

/** Why a value breaks a number issue's bounds, or null when it fits ("between 1 and 120 months"). */
export function numberBoundsProblem(issue: { name: string; unit: string; min?: number | null; max?: number | null; integer?: boolean }, value: number): string | null {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS_ISSUE_NUMBER) return `${issue.name} must be a number between −10^15 and 10^15`;
  if (issue.integer && !Number.isInteger(value)) return `${issue.name} must be a whole number (${issue.unit})`;
  const min = issue.min ?? null;
  const max = issue.max ?? null;
  if ((min !== null && value < min) || (max !== null && value > max)) {
    const range = min !== null && max !== null ? `from ${min} to ${max}` : min !== null ? `at least ${min}` : `at most ${max}`;
    return `${issue.name} must be ${range} ${issue.unit}`.trim();
  }
  return null;
}
