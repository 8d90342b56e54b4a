// SLA requirements and required remedy types: the engine's clause requirements, which the
// clause check enforces on every bundle, plus what the RFP states to vendors in words
// (a holdback's release condition, the purpose of an SLA).
import { z } from "zod";
import { clauseRequirementsSchema, slaRequirementSchema } from "../evaluation/clauses";

const percent = (what: string) =>
  z.number({ message: `Give the ${what} as a percentage` }).min(0, `The ${what} is at least 0 %`).max(100, `The ${what} is at most 100 %`).nullable().default(null);

export const rfpSlaRequirementSchema = slaRequirementSchema.extend({
  metric: z.string({ message: "Name the metric" }).trim().min(1, "Name the metric, e.g. complaint resolution time").max(120, "A metric name has at most 120 characters"),
  minimumTarget: z.number({ message: "Give the minimum target as a number" }),
  description: z.string().trim().max(1_000, "A description has at most 1,000 characters").default(""),
});
export type RfpSlaRequirement = z.output<typeof rfpSlaRequirementSchema>;

const engineDefaults = clauseRequirementsSchema.shape;
export const slaSectionSchema = clauseRequirementsSchema.extend({
  slas: z.array(rfpSlaRequirementSchema).max(30, "At most 30 SLA metrics").default([]),
  serviceCredit: engineDefaults.serviceCredit.unwrap().extend({
    minimumPercent: percent("minimum service credit"),
    minimumCapPercent: percent("minimum cap on service credits"),
  }).default({ required: false, minimumPercent: null, minimumCapPercent: null }),
  holdback: z
    .object({
      required: z.boolean().default(false),
      /** The share of fees withheld the RFP asks for; vendors may offer more. */
      minimumPercent: percent("holdback"),
      /** Stated to vendors; a holdback without a release condition is a clause-check error. */
      releaseCondition: z.string().trim().max(500, "A release condition has at most 500 characters").nullable().default(null),
    })
    .default({ required: false, minimumPercent: null, releaseCondition: null }),
});
export type SlaSectionInput = z.input<typeof slaSectionSchema>;
export type SlaSection = z.output<typeof slaSectionSchema>;

export const EMPTY_SLA_SECTION: SlaSection = slaSectionSchema.parse({});

export const REMEDY_LABELS = {
  serviceCredit: "Service credit",
  holdback: "Holdback",
  terminationRight: "Termination right",
  transitionAssistance: "Transition assistance",
} as const;
