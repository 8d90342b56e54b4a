/**
 * The math behind every number, for the award report and the vendor debrief:
 * per criterion, raw value → normalised score → weighted points, written out as arithmetic a
 * reader can redo with a calculator.
 */
import type { BundleEvaluation, CriterionScore, RoundEvaluation } from "./evaluate";
import { formatMoney, formatNumber, formatPoints } from "./format";
import { ownValue } from "./price";
import type { Criterion, RoundInput } from "./schema";

export interface ExplanationLine {
  criterionId: string;
  criterionName: string;
  raw: string;
  normalised: number;
  weight: number;
  points: number;
  /** e.g. "Pmin / P = EUR 1,200.00 / EUR 1,500.00 = 0.8000; × 20 = 16.00 points" */
  arithmetic: string;
}

export interface BundleExplanation {
  vendorId: string;
  slotId: string;
  evaluatedPrice: string;
  lines: ExplanationLine[];
  total: number;
  totalArithmetic: string;
  gates: string[];
}

const n4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : "—");

function clampNote(unclamped: number, normalised: number): string {
  return Math.abs(unclamped - normalised) > 1e-12 ? ` → clamped to ${n4(normalised)}` : "";
}

export function explainCriterion(
  input: RoundInput,
  lowestPriceMinor: number,
  criterion: Criterion,
  score: CriterionScore,
  scores: readonly number[] = [],
  /** The chair's moderated score of this cell, if any: it is the consensus under every method. */
  moderation?: { value: number; reason: string },
): ExplanationLine {
  const money = (m: number) => formatMoney(m, input.currency, input.minorUnitsPerMajor);
  const issue = "issueId" in criterion ? input.issues.find((i) => i.id === criterion.issueId) : undefined;
  const r = typeof score.raw === "number" ? score.raw : Number.NaN;
  let raw: string;
  let formula: string;
  switch (criterion.kind) {
    case "price": {
      raw = `evaluated price ${money(r)}`;
      const f = input.settings.priceFormula;
      const P = money(r);
      if (f.kind === "lowest-price-ratio") {
        const u = r > 0 ? lowestPriceMinor / r : 1;
        formula = `Pmin / P = ${money(lowestPriceMinor)} / ${P} = ${n4(u)}${clampNote(u, score.normalised)}`;
      } else if (f.kind === "proportional-penalty") {
        const u = lowestPriceMinor > 0 ? 1 - (r - lowestPriceMinor) / lowestPriceMinor : r <= 0 ? 1 : 0;
        formula = `1 − (P − Pmin) / Pmin = 1 − (${P} − ${money(lowestPriceMinor)}) / ${money(lowestPriceMinor)} = ${n4(u)}${clampNote(u, score.normalised)}`;
      } else if (f.kind === "linear") {
        const u = (f.ceilingMinor - r) / (f.ceilingMinor - f.floorMinor);
        formula = `(ceiling − P) / (ceiling − floor) = (${money(f.ceilingMinor)} − ${P}) / (${money(f.ceilingMinor)} − ${money(f.floorMinor)}) = ${n4(u)}${clampNote(u, score.normalised)}`;
      } else {
        const u = r <= f.floorMinor ? 1 : 1 - Math.log(r / f.floorMinor) / Math.log(f.ceilingMinor / f.floorMinor);
        formula = `1 − ln(P / floor) / ln(ceiling / floor) = 1 − ln(${P} / ${money(f.floorMinor)}) / ln(${money(f.ceilingMinor)} / ${money(f.floorMinor)}) = ${n4(u)}${clampNote(u, score.normalised)}`;
      }
      break;
    }
    case "number": {
      const show = (x: number) => (issue?.kind === "money" ? money(x) : `${formatNumber(x)}${issue?.kind === "number" ? ` ${issue.unit}` : ""}`);
      raw = show(r);
      const { worst, best } = criterion;
      if (worst === best) formula = `${raw} against the single bound ${show(best)} = ${n4(score.normalised)}`;
      else {
        const u = (r - worst) / (best - worst);
        formula = `(value − worst) / (best − worst) = (${formatNumber(r)} − ${formatNumber(worst)}) / (${formatNumber(best)} − ${formatNumber(worst)}) = ${n4(u)}${clampNote(u, score.normalised)}`;
      }
      break;
    }
    case "choice": {
      const options = issue?.kind === "choice" ? issue.options : [];
      const option = options.find((o) => o.id === score.raw);
      const pts = ownValue(criterion.points, String(score.raw)) ?? 0;
      const max = options.reduce((m, o) => Math.max(m, ownValue(criterion.points, o.id) ?? 0), 0);
      raw = option?.label ?? String(score.raw);
      formula = `points / highest points = ${formatNumber(pts)} / ${formatNumber(max)} = ${n4(score.normalised)}`;
      break;
    }
    case "judged":
      raw = `consensus ${formatNumber(r, 3)} / 10`;
      formula =
        (moderation
          ? `moderated score ${formatNumber(r, 4)} (scores [${scores.map((s) => formatNumber(s)).join(", ")}]; reason: ${moderation.reason}); `
          : `${input.settings.consensus === "moderated" ? "median (not moderated)" : input.settings.consensus} of [${scores.map((s) => formatNumber(s)).join(", ")}] = ${formatNumber(r, 4)}; `) +
        `consensus / 10 = ${n4(score.normalised)}`;
      break;
  }
  const share = formatNumber(score.weight);
  return {
    criterionId: criterion.id,
    criterionName: criterion.name,
    raw,
    normalised: score.normalised,
    weight: score.weight,
    points: score.points,
    arithmetic: `${formula}; × weight ${share} = ${formatPoints(score.points)} points`,
  };
}

export function explainBundle(input: RoundInput, evaluation: RoundEvaluation, vendorId: string, slotId: string): BundleExplanation | null {
  const bundle: BundleEvaluation | undefined = evaluation.bundles.find((b) => b.vendorId === vendorId && b.slotId === slotId);
  if (!bundle) return null;
  const lines = input.criteria.map((c, i) => {
    const evaluatorScores = input.evaluatorScores.filter((s) => s.criterionId === c.id && s.vendorId === vendorId && s.slotId === slotId).map((s) => s.score);
    const moderation = c.kind === "judged" ? input.moderations.find((m) => m.criterionId === c.id && m.vendorId === vendorId && m.slotId === slotId) : undefined;
    return explainCriterion(input, evaluation.lowestPriceMinor, c, bundle.criteria[i]!, evaluatorScores, moderation);
  });
  return {
    vendorId,
    slotId,
    evaluatedPrice: `${evaluation.evaluatedPriceDescription} For this bundle: ${formatMoney(bundle.evaluatedPriceMinor, input.currency, input.minorUnitsPerMajor)}.`,
    lines,
    total: bundle.total,
    totalArithmetic: `${lines.map((l) => formatPoints(l.points)).join(" + ")} = ${formatPoints(bundle.total)} of 100`,
    gates: bundle.gateFailures.map((f) => `${f.gateName}: ${f.reason}`),
  };
}
