// What vendors read about how they will be scored: every criterion with its weight and its
// method in plain English, the gates, the SLA requirements, the required remedies, and
// whether quality is scored before prices are seen. The criterion texts come from the
// engine's own descriptions, so the words match the maths.
import { describeCriterion, describeEvaluatedPrice, type CriterionMethod } from "../evaluation/describe";
import { minorUnitsPerMajor } from "../bids/grid-form-numbers";
import { formatMoney, formatNumber } from "../evaluation/format";
import { GATE_OPERATOR_WORDS, issueValueWords } from "../evaluation/gates";
import { describePriceFormula } from "../evaluation/price";
import type { RoundInput } from "../evaluation/schema";
import type { RfpGate } from "./criteria";
import type { RfpDefinition } from "./sections";

export interface VendorScoringPreview {
  /** How the evaluated price is computed from a bundle's values; null until the buyer chose. */
  evaluatedPrice: string | null;
  priceFormula: string;
  criteria: CriterionMethod[];
  gates: string[];
  slaRequirements: string[];
  requiredRemedies: string[];
  /** The two-envelope procedure in plain words; null when prices and quality are seen together. */
  qualityBeforePrice: string | null;
}

export const QUALITY_BEFORE_PRICE_FOR_VENDORS =
  "Two envelopes: the evaluators score quality before they see any price. Prices (the money issues and the evaluated price) are shown to them only once their quality scores are locked.";

/**
 * describe.ts reads only issues, settings, currency and minor units of a round; a published
 * RFP has no vendors or buyer position yet, and must not carry the latter at all.
 */
function describable(def: RfpDefinition): RoundInput {
  const partial: Pick<RoundInput, "issues" | "settings" | "currency" | "minorUnitsPerMajor" | "criteria"> = {
    issues: def.termSheet,
    settings: def.criteria.evaluation,
    currency: def.basics.currency,
    minorUnitsPerMajor: minorUnitsPerMajor(def.basics.currency),
    criteria: def.criteria.criteria,
  };
  return partial as RoundInput;
}


export function describeScoringForVendors(def: RfpDefinition): VendorScoringPreview {
  const round = describable(def);
  const { evaluation } = def.criteria;
  return {
    evaluatedPrice: evaluation.evaluatedPrice.terms.length > 0 ? describeEvaluatedPrice(round) : null,
    priceFormula: describePriceFormula(evaluation.priceFormula, def.basics.currency),
    criteria: def.criteria.criteria.map((c) => describeCriterion(c, round)),
    gates: def.criteria.gates.map((g) => describeGate(g, def)),
    slaRequirements: def.sla.slas.map((s) => {
      const unit = s.unit ? ` ${s.unit}` : "";
      const bound = s.direction === "higher_is_better" ? `at least ${formatNumber(s.minimumTarget)}${unit}` : `at most ${formatNumber(s.minimumTarget)}${unit}`;
      const source = s.verificationSource ? `, verified from ${s.verificationSource}` : "";
      return `${s.metric}: ${bound} per ${s.window}${source}.${s.description ? ` ${s.description}` : ""}`;
    }),
    requiredRemedies: describeRequiredRemedies(def.sla),
    qualityBeforePrice: def.criteria.qualityBeforePrice ? QUALITY_BEFORE_PRICE_FOR_VENDORS : null,
  };
}

function describeGate(g: RfpGate, def: RfpDefinition): string {
  const issue = "issueId" in g ? def.termSheet.find((i) => i.id === g.issueId) : undefined;
  const issueName = issue?.name ?? ("issueId" in g ? g.issueId : "");
  switch (g.kind) {
    case "number": {
      // A money issue's gate value is in minor units: "at most EUR 140,000.00", never "14000000".
      const limit = issueValueWords(issue, g.value, (minor) => formatMoney(minor, def.basics.currency, minorUnitsPerMajor(def.basics.currency)));
      return `${g.name}: a bundle whose ${issueName} is not ${GATE_OPERATOR_WORDS[g.operator]} ${limit} is not scored.`;
    }
    case "choice": {
      const labels = g.allowed.map((id) => (issue?.kind === "choice" ? issue.options.find((o) => o.id === id)?.label : undefined) ?? id);
      return `${g.name}: ${issueName} must be one of ${labels.join(", ")}; other bundles are not scored.`;
    }
    case "sla-present":
      return `${g.name}: a bundle without an SLA on ${g.metric} with a stated target is not scored.`;
    case "criterion-min": {
      const c = def.criteria.criteria.find((x) => x.id === g.criterionId);
      return `${g.name}: a bundle scoring below ${formatNumber(g.minNormalised * 100)} % of the points on ${c?.name ?? g.criterionId} is not scored.`;
    }
  }
}

/** The remedies every bundle must carry, in words (the vendor's page, the buyer's read-only SLA tab). */
export function describeRequiredRemedies(sla: RfpDefinition["sla"]): string[] {
  const { serviceCredit, holdback, terminationRightRequired, transitionAssistanceRequired } = sla;
  const lines: string[] = [];
  if (serviceCredit.required) {
    const min = serviceCredit.minimumPercent !== null ? ` of at least ${formatNumber(serviceCredit.minimumPercent)} % of the period fee` : "";
    const cap = serviceCredit.minimumCapPercent !== null ? `, capped at no less than ${formatNumber(serviceCredit.minimumCapPercent)} % of the period fee` : "";
    lines.push(`Service credit: every required SLA carries an automatic service credit${min}${cap}.`);
  }
  if (holdback.required) {
    const pct = holdback.minimumPercent !== null ? ` of at least ${formatNumber(holdback.minimumPercent)} % of fees` : "";
    lines.push(`Holdback${pct}, released when: ${holdback.releaseCondition ?? "(to be stated)"}.`);
  }
  if (terminationRightRequired) lines.push("Termination right: the buyer may terminate after repeated SLA breaches; state after how many.");
  if (transitionAssistanceRequired) lines.push("Transition assistance: state its months and scope at the end of the contract.");
  return lines;
}
