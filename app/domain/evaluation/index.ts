/** Public API of the evaluation engine: what routes, services, exports and scripts call. */

/**
 * Stored with every evaluation snapshot. Bump the minor when the same input can give a
 * different result (1.1: a moderated value is the consensus under every method), the major
 * when the input or result format changes (2.0, issue 8: exact decimal arithmetic where rules
 * compare or round, strict input, ids that are names of built-in properties, sensitivity
 * against every vendor, rank reversal by vendor, tie-break on vendor name; 2.1: minimum-score
 * gates exact whatever the decimals, swap weights without float noise, credits' percentages
 * rounded half away on the decimal, weights adding up to exactly 100; 2.2: issues that moved in
 * lockstep across a vendor's bundles form one trade-off group, counted once in a package's
 * revealed price, which is unknown when a package moves them apart — the `group` and
 * `inseparable` fields are additions a 2.1 reader ignores, so the minor).
 */
export const ENGINE_VERSION = "pareto-engine 2.2";
export {
  roundInputSchema,
  parseRoundInput,
  formatPath,
  type RoundInput,
  type RoundInputRaw,
  type InputProblem,
  type ParseResult,
  type Criterion,
  type Issue,
  type Gate,
  type PriceFormula,
} from "./schema";
export {
  evaluateRound,
  scoreAndRank,
  pickContenders,
  type RoundEvaluation,
  type BundleEvaluation,
  type CriterionScore,
  type JudgedDetail,
  type SensitivityReport,
  type RankReversalReport,
  type BundleRef,
  type ScoredRound,
} from "./evaluate";
export { describeCriterion, describeMethods, describeEvaluatedPrice, describeRounding, type CriterionMethod } from "./describe";
export { parseRoundJson, type JsonParseResult } from "./json-input";
export { describePriceFormula, computeEvaluatedPrice, priceScore, isRelativeFormula, highestPriceForScore } from "./price";
export { describeConsensus, consensusOf } from "./consensus";
export { describeTieBreak, compareBundles, rankBundles, totalKey, beatsTotal, nameKey, compareCodePoints } from "./ranking";
export { weightedTotals, normalisedScore, linearScore, scoreRawRow } from "./scoring";
export { rescaleWeights, swapWeight, robustnessOf, ROBUSTNESS_THRESHOLDS, type Robustness, type WeightSwap, type WeightSwapSide } from "./sensitivity";
export { vendorMesoInsight, breakEvenPrice, type VendorMesoInsight, type CounterPackage, type BreakEven } from "./meso-insight";
export { scorePackage, type PackageScore } from "./package";
export { groupMovePrice, groupMemberOf, type TradeOff, type TradeOffGroup } from "./tradeoffs";
export { explainBundle, explainCriterion, type BundleExplanation, type ExplanationLine } from "./explain";
export { simulateRoundRemedies, type RemedyRunReport } from "./remedies";
export type { GateFailure } from "./gates";
