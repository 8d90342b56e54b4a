// Criteria, gates and the evaluated-price definition: the engine's own schemas, with ids the
// service may fill in and friendlier messages. A draft may be inconsistent (weights not yet
// at 100, a gate pointing nowhere); the publish check reports that, the form only types.
import { z } from "zod";
import { criterionSchema, evaluationSettingsSchema, gateSchema, WEIGHT_SUM, weightTotal as engineWeightTotal } from "../evaluation/schema";
import { assignIds, idSchema } from "./ids";

const criterionName = z
  .string({ message: "Name the criterion" })
  .trim()
  .min(1, "Name the criterion")
  .max(120, "A criterion name has at most 120 characters");
const weight = z
  .number({ message: "Give the weight as a number from 0 to 100" })
  .min(0, "A weight is at least 0")
  .max(WEIGHT_SUM, `A weight is at most ${WEIGHT_SUM}`);

const criterionExtras = { id: idSchema.optional(), name: criterionName, weight };
const [priceCriterion, numberCriterion, choiceCriterion, judgedCriterion] = criterionSchema.options;

export const rfpCriterionSchema = z.discriminatedUnion("kind", [
  priceCriterion.extend(criterionExtras),
  numberCriterion.extend({ ...criterionExtras, worst: z.number({ message: "Give the value that scores 0" }), best: z.number({ message: "Give the value that scores full points" }) }),
  choiceCriterion.extend(criterionExtras),
  judgedCriterion.extend({ ...criterionExtras, rubric: z.string().trim().max(4_000, "A rubric has at most 4,000 characters").default("") }),
]);
export type RfpCriterion = z.output<typeof rfpCriterionSchema> & { id: string };

const gateName = z.string({ message: "Name the gate" }).trim().min(1, "Name the gate").max(120, "A gate name has at most 120 characters");
const gateExtras = { id: idSchema.optional(), name: gateName };
const [numberGate, choiceGate, slaPresentGate, criterionMinGate] = gateSchema.options;
export const rfpGateSchema = z.discriminatedUnion("kind", [
  numberGate.extend(gateExtras),
  choiceGate.extend(gateExtras),
  slaPresentGate.extend(gateExtras),
  criterionMinGate.extend(gateExtras),
]);

const evaluatedPrice = evaluationSettingsSchema.shape.evaluatedPrice;
/** The engine's settings; a draft may not have chosen the priced issues yet. */
export const evaluationSchema = evaluationSettingsSchema.extend({
  evaluatedPrice: evaluatedPrice.extend({ terms: z.array(evaluatedPrice.shape.terms.element).max(20) }),
});
export type RfpEvaluation = z.output<typeof evaluationSchema>;

const criteriaSectionObject = z.object({
  criteria: z.array(rfpCriterionSchema).max(40, "At most 40 criteria"),
  gates: z.array(rfpGateSchema).max(40, "At most 40 gates").default([]),
  evaluation: evaluationSchema,
  /**
   * Quality before price (the two-envelope procedure): evaluators score the judged criteria
   * before they see any price. Stored in its own column (`rfps.quality_before_price`), not in
   * the section's jsonb. Left out of a save or an addendum, it keeps its current value.
   */
  qualityBeforePrice: z.boolean({ message: "Say whether quality is scored before prices are seen" }).optional(),
});
export const criteriaSectionShape = criteriaSectionObject.shape;

export interface CriteriaSection {
  criteria: RfpCriterion[];
  gates: RfpGate[];
  evaluation: RfpEvaluation;
  /** Two envelopes: evaluators see no money issue and no evaluated price until judged scores are locked. Fixed at publication. */
  qualityBeforePrice: boolean;
}

/** A criteria section as a save or an addendum sends it: without the setting, it stays as it is. */
export type CriteriaSectionUpdate = Omit<CriteriaSection, "qualityBeforePrice"> & { qualityBeforePrice?: boolean };

/** Gives new criteria and gates their ids. */
export function withCriteriaIds(section: z.output<typeof criteriaSectionObject>): CriteriaSectionUpdate {
  return {
    criteria: assignIds(section.criteria, (c) => c.name, "criterion") as RfpCriterion[],
    gates: assignIds(section.gates, (g) => g.name, "gate") as RfpGate[],
    evaluation: section.evaluation,
    ...(section.qualityBeforePrice === undefined ? {} : { qualityBeforePrice: section.qualityBeforePrice }),
  };
}

/** The section's new value: what the update says, the current setting where it says nothing. */
export function applyCriteriaUpdate(current: CriteriaSection, update: CriteriaSectionUpdate): CriteriaSection {
  return { ...update, qualityBeforePrice: update.qualityBeforePrice ?? current.qualityBeforePrice };
}

/** A stored or template section; without the setting it is one envelope. */
export const criteriaSectionSchema = criteriaSectionObject.transform((section): CriteriaSection => ({ ...withCriteriaIds(section), qualityBeforePrice: section.qualityBeforePrice ?? false }));
export type CriteriaSectionInput = z.input<typeof criteriaSectionSchema>;
export type RfpGate = z.output<typeof rfpGateSchema> & { id: string };

export const DEFAULT_EVALUATION: RfpEvaluation = {
  evaluatedPrice: { description: "", terms: [] },
  priceFormula: { kind: "lowest-price-ratio" },
  consensus: "mean",
  spreadMargin: 3,
  tieBreak: ["lower-evaluated-price", "higher-heaviest-criterion"],
};

/** The weights' total as the engine's schema adds them (exact decimals): 100 exactly or not at all. */
export function weightTotal(criteria: readonly { weight: number }[]): number {
  return engineWeightTotal(criteria.map((c) => c.weight));
}
