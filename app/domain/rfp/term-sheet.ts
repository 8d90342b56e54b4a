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

export const rfpIssueSchema = z.discriminatedUnion("kind", [
  moneyIssue.extend(rfpExtras),
  numberIssue.extend({ ...rfpExtras, unit: z.string({ message: "Give the unit, e.g. months" }).trim().min(1, "Give the unit, e.g. months").max(40) }),
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
