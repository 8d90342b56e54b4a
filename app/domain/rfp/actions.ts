// Schemas of the RFP's actions other than section saves: create, invite, publish-time
// changes (addenda, deadline extensions), Q&A, intent to bid and cancellation.
import { z } from "zod";
import { criteriaSectionShape, withCriteriaIds } from "./criteria";
import { basicsSchema, bundleSlotsSchema, timelineSchema, visibilitySchema, type RfpDefinition } from "./sections";
import { slaSectionSchema } from "./sla";
import { RFP_TEMPLATE_KEYS } from "./templates";
import { termSheetSchema } from "./term-sheet";

const expectedVersion = z.coerce.number().int().min(1, "The form is missing the version it was based on; reload the page");
const reason = (what: string) =>
  z.string({ message: `Give the reason for the ${what}` }).trim().min(3, `Give the reason for the ${what}`).max(2_000, "A reason has at most 2,000 characters");

export const createRfpSchema = z.object({
  template: z.enum(RFP_TEMPLATE_KEYS, { message: "Choose a template, or start blank" }).default("blank"),
  title: z.string().trim().max(200, "A title has at most 200 characters").optional(),
});
export type CreateRfpInput = z.output<typeof createRfpSchema>;
/** The "Start an RFP" form: a person starting a draft names it (no silent "Untitled RFP"). */
export const createRfpFormSchema = createRfpSchema.extend({
  title: z.string({ message: "Give the RFP a title (you can change it later)" }).trim().min(1, "Give the RFP a title (you can change it later)").max(200, "A title has at most 200 characters"),
});

const isEmail = (v: string) => z.email().safeParse(v).success;
/**
 * A text area of addresses separated by commas, semicolons, spaces or new lines, or a list.
 * One bad address refuses the whole list with a message naming every bad one (on the
 * field, so the form shows it beside what was typed): nobody is half-invited.
 */
export const inviteVendorsSchema = z.object({
  emails: z.preprocess(
    (v) => (typeof v === "string" ? v.split(/[\s,;]+/).filter(Boolean) : v),
    z
      .array(z.string().trim().toLowerCase(), { message: "Enter at least one email address" })
      .min(1, "Enter at least one email address")
      .max(50, "Invite at most 50 addresses at a time")
      .superRefine((emails, ctx) => {
        const bad = emails.filter((e) => !isEmail(e));
        if (bad.length === 0) return;
        const list = bad.map((e) => `“${e}”`).join(", ");
        ctx.addIssue({
          code: "custom",
          message: `${bad.length === 1 ? `${list} is not an email address` : `These are not email addresses: ${list}`}. Nobody was invited: correct ${bad.length === 1 ? "it" : "them"} (addresses look like name@example.org) and press Invite again.`,
        });
      }),
  ),
});
export type InviteVendorsInput = z.output<typeof inviteVendorsSchema>;

/**
 * An addendum: the sections it changes (whole sections, as their forms send them), and why.
 * Sections left out stay as they are.
 */
export const issueAddendumSchema = z.object({
  expectedVersion,
  reason: reason("addendum"),
  basics: basicsSchema.optional(),
  timeline: timelineSchema.optional(),
  termSheet: termSheetSchema.optional(),
  bundleSlots: bundleSlotsSchema.optional(),
  criteria: z.object(criteriaSectionShape).transform(withCriteriaIds).optional(),
  sla: slaSectionSchema.optional(),
  visibility: visibilitySchema.optional(),
});
export type IssueAddendumInput = z.output<typeof issueAddendumSchema>;

export const QUALITY_BEFORE_PRICE_FIXED = "Quality before price is fixed at publication; it cannot be changed by an addendum.";

/**
 * What no addendum may change: vendors priced their bids knowing how they would be evaluated,
 * so the procedure itself (two envelopes or one) stays as published. Messages by form field;
 * empty when the addendum may go ahead.
 */
export function changesFixedAtPublication(before: RfpDefinition, after: RfpDefinition): Record<string, string[]> {
  const refused: Record<string, string[]> = {};
  if (before.criteria.qualityBeforePrice !== after.criteria.qualityBeforePrice) refused.qualityBeforePrice = [QUALITY_BEFORE_PRICE_FIXED];
  return refused;
}

export const extendDeadlineSchema = z.object({
  expectedVersion,
  bidsCloseAt: z.coerce.date({ message: "Give the new deadline as a date and time" }),
  /** Optional: questions may reopen until a new time, still before the deadline. */
  questionsCloseAt: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.date({ message: "Give when questions close as a date and time" }).optional()),
  reason: reason("extension"),
});
export type ExtendDeadlineInput = z.output<typeof extendDeadlineSchema>;

export const cancelRfpSchema = z.object({ reason: reason("cancellation") });
export type CancelRfpInput = z.output<typeof cancelRfpSchema>;

export const askQuestionSchema = z.object({
  question: z.string({ message: "Write your question" }).trim().min(5, "Write your question").max(4_000, "A question has at most 4,000 characters"),
});
export type AskQuestionInput = z.output<typeof askQuestionSchema>;

export const answerQuestionSchema = z.object({
  answer: z.string({ message: "Write the answer" }).trim().min(1, "Write the answer").max(8_000, "An answer has at most 8,000 characters"),
  /** private: only the asking vendor reads it; published: every vendor reads it, never who asked. */
  visibility: z.enum(["private", "published"], { message: "Choose whether only the asker or every vendor reads the answer" }),
  /** The question as every vendor will read it, without what identifies the asker; defaults to the question. */
  publishedQuestion: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(4_000, "A question has at most 4,000 characters").optional()),
});
export type AnswerQuestionInput = z.output<typeof answerQuestionSchema>;

export const declareIntentSchema = z.object({ intendsToBid: z.boolean({ message: "Say whether you intend to bid" }) });
export type DeclareIntentInput = z.output<typeof declareIntentSchema>;
