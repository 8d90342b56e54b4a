/**
 * Plain-English descriptions of every scoring method, published to vendors with the RFP so
 * they can work out their own score before they bid.
 */
import { describeConsensus } from "./consensus";
import { formatMoney, formatNumber } from "./format";
import { describePriceFormula, isRelativeFormula, ownValue } from "./price";
import type { Criterion, RoundInput } from "./schema";

export interface CriterionMethod {
  criterionId: string;
  name: string;
  kind: Criterion["kind"];
  weight: number;
  /** The score depends on other bids (adding or withdrawing a bid can move it). */
  relative: boolean;
  description: string;
}

/** The minor unit's name where it has a common one in English; otherwise the unit as a fraction of the currency. */
const MINOR_UNIT_NAMES: Readonly<Record<string, string>> = { EUR: "cent", USD: "cent", CAD: "cent", AUD: "cent", NZD: "cent", GBP: "penny", JPY: "yen", KRW: "won" };

export function describeRounding(currency: string, minorUnitsPerMajor = 100): string {
  const known = Object.hasOwn(MINOR_UNIT_NAMES, currency) ? MINOR_UNIT_NAMES[currency] : undefined;
  // A name only where it fits the unit in use (a JPY round in hundredths is not rounded "to the yen").
  if (known && (minorUnitsPerMajor === 1) === (known === "yen" || known === "won")) return `rounded to the ${known}`;
  if (minorUnitsPerMajor === 1) return `rounded to the whole ${currency}`;
  const decimals = Math.round(Math.log10(minorUnitsPerMajor));
  const unit = 10 ** decimals === minorUnitsPerMajor ? (1 / minorUnitsPerMajor).toFixed(decimals) : `1/${minorUnitsPerMajor}`;
  return `rounded to ${unit} ${currency}`;
}

export function describeEvaluatedPrice(input: Pick<RoundInput, "issues" | "settings" | "currency"> & { minorUnitsPerMajor?: number }): string {
  const { terms, description } = input.settings.evaluatedPrice;
  const parts = terms.map((t) => {
    const issue = input.issues.find((i) => i.id === t.issueId);
    const name = issue?.name ?? t.issueId;
    return t.coefficient === 1 ? name : `${formatNumber(t.coefficient)} × ${name}`;
  });
  const formula = `evaluated price = ${parts.join(" + ").replaceAll("+ -", "− ")}, in ${input.currency}, ${describeRounding(input.currency, input.minorUnitsPerMajor)}`;
  return description ? `${description} (${formula}).` : `${formula[0]!.toUpperCase()}${formula.slice(1)}.`;
}

export function describeCriterion(criterion: Criterion, input: RoundInput): CriterionMethod {
  const issue = "issueId" in criterion ? input.issues.find((i) => i.id === criterion.issueId) : undefined;
  const head = `${criterion.name} (weight ${formatNumber(criterion.weight)} of 100): `;
  let body: string;
  let relative = false;
  switch (criterion.kind) {
    case "price":
      relative = isRelativeFormula(input.settings.priceFormula);
      body = `${describeEvaluatedPrice(input)} ${describePriceFormula(input.settings.priceFormula, input.currency, input.minorUnitsPerMajor)}`;
      break;
    case "number": {
      const unit = issue?.kind === "number" ? ` ${issue.unit}` : "";
      const show = (x: number) => (issue?.kind === "money" ? formatMoney(x, input.currency, input.minorUnitsPerMajor) : `${formatNumber(x)}${unit}`);
      const better = criterion.direction === "higher_is_better" ? "higher" : "lower";
      body =
        criterion.worst === criterion.best
          ? `${issue?.name ?? criterion.issueId}: full points at ${show(criterion.best)} or ${better === "higher" ? "more" : "less"}, otherwise 0.`
          : `${issue?.name ?? criterion.issueId}, ${better} is better: 0 points at ${show(criterion.worst)} or worse, full points at ` +
            `${show(criterion.best)} or better, linear in between (score = S × (value − worst) / (best − worst)).`;
      break;
    }
    case "choice": {
      const options = issue?.kind === "choice" ? issue.options : [];
      const max = options.reduce((m, o) => Math.max(m, ownValue(criterion.points, o.id) ?? 0), 0);
      const list = options.map((o) => `${o.label} ${formatNumber(ownValue(criterion.points, o.id) ?? 0)}`).join(", ");
      body = `${issue?.name ?? criterion.issueId}: points per option (${list}); score = S × points / ${formatNumber(max)}.`;
      break;
    }
    case "judged":
      body =
        `${describeConsensus(input.settings.consensus, input.settings.spreadMargin)} Score = S × consensus / 10.` +
        (criterion.rubric ? ` Rubric: ${criterion.rubric}` : "");
      break;
  }
  return { criterionId: criterion.id, name: criterion.name, kind: criterion.kind, weight: criterion.weight, relative, description: head + body };
}

export function describeMethods(input: RoundInput): CriterionMethod[] {
  return input.criteria.map((c) => describeCriterion(c, input));
}
