/**
 * Evaluated price and the price formulas. Every formula returns a normalised score in 0..1
 * (multiplied by the criterion weight S elsewhere) and is defined for every non-negative
 * price, including a lowest price of 0, so the engine never produces NaN.
 */
import { decimalOf, pow10, roundHalfAwayFromZero, type Decimal } from "./exact";
import { formatMoney } from "./format";
import type { EvaluationSettings, PriceFormula } from "./schema";

/**
 * Σ coefficient × value over the buyer's terms, rounded half away from zero to a minor unit.
 * Bundles with different terms then compare on one number (e.g. fee × 36-month horizon +
 * one-time fee), which is why the buyer, not the vendor, defines it.
 *
 * Exact: coefficients and values are the decimals that were typed (1.15 × 100 010 is
 * 115 011.5 and rounds to 115 012, where binary floating point gives 115 011.4999…). Whole
 * coefficients times whole values whose sum stays below 2^53 are already exact in doubles;
 * anything else is summed in BigInt over the decimals. The schema rejects a round whose
 * evaluated prices exceed Number.MAX_SAFE_INTEGER, so the result is always a safe integer
 * for a validated round.
 */
export function computeEvaluatedPrice(
  values: Readonly<Record<string, number | string>>,
  terms: EvaluationSettings["evaluatedPrice"]["terms"],
): number {
  let sum = 0;
  for (const term of terms) {
    const v = ownValue(values, term.issueId);
    if (typeof v !== "number") continue;
    const p = term.coefficient * v;
    if (!Number.isSafeInteger(term.coefficient) || !Number.isSafeInteger(v) || !Number.isSafeInteger(p)) return Number(exactEvaluatedPrice(values, terms));
    sum += p;
    if (!Number.isSafeInteger(sum)) return Number(exactEvaluatedPrice(values, terms));
  }
  return sum + 0;
}

/** The evaluated price as an exact integer of minor units (any size), from the typed decimals. */
export function exactEvaluatedPrice(
  values: Readonly<Record<string, number | string>>,
  terms: EvaluationSettings["evaluatedPrice"]["terms"],
): bigint {
  return exactLinearCombination(terms.map((t) => {
    const v = ownValue(values, t.issueId);
    return [t.coefficient, typeof v === "number" ? v : 0] as const;
  }));
}

/** Σ coefficient × value over (coefficient, value) pairs of decimals, rounded half away from zero. */
export function exactLinearCombination(pairs: readonly (readonly [number, number])[]): bigint {
  const parts: { digits: bigint; scale: number }[] = [];
  let scale = 0;
  for (const [coefficient, value] of pairs) {
    if (value === 0 || coefficient === 0) continue;
    const c = cachedDecimal(coefficient);
    const v = decimalOf(value);
    const part = { digits: c.digits * v.digits, scale: c.scale + v.scale };
    if (part.scale > scale) scale = part.scale;
    parts.push(part);
  }
  let digits = 0n;
  for (const part of parts) digits += part.digits * pow10(scale - part.scale);
  return roundHalfAwayFromZero(digits, scale);
}

/** Coefficients repeat for every bundle: their decimal form is looked up, not re-parsed. */
const coefficientDecimals = new Map<number, Decimal>();
function cachedDecimal(x: number): Decimal {
  let d = coefficientDecimals.get(x);
  if (d === undefined) {
    d = decimalOf(x);
    if (coefficientDecimals.size > 256) coefficientDecimals.clear();
    coefficientDecimals.set(x, d);
  }
  return d;
}

/** A record's own value for an id (an id such as "toString" or "constructor" never reads Object.prototype). */
export function ownValue<T>(record: Readonly<Record<string, T>>, id: string): T | undefined {
  // A validated round's records have no prototype (`idRecord`): one lookup answers. Others
  // (hand-built records) are asked whether the key is their own first.
  if (Object.getPrototypeOf(record) === null) return record[id];
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

/** Half away from zero, so a price and its negation round symmetrically; never −0 or NaN. */
export function roundMinor(sum: number): number {
  const rounded = Math.sign(sum) * Math.round(Math.abs(sum));
  return Number.isFinite(rounded) ? rounded + 0 : 0;
}

/** Ratio and penalty depend on the lowest bid, so adding or removing a bid moves every score. */
export function isRelativeFormula(formula: PriceFormula): boolean {
  return formula.kind === "lowest-price-ratio" || formula.kind === "proportional-penalty";
}

export interface PriceContext {
  readonly formula: PriceFormula;
  /** Lowest evaluated price among the bundles that pass the gates (fixed for the round). */
  readonly lowestPrice: number;
}

/**
 * Normalised price score in 0..1. Scores are clamped to 1 so that a counter-package priced
 * below the round's lowest price, scored with the round's context held fixed, gets the full
 * score rather than more than full marks.
 */
export function priceScore(formula: PriceFormula, price: number, lowestPrice: number): number {
  let s: number;
  switch (formula.kind) {
    case "lowest-price-ratio":
      // S·Pmin/Pi; a free bid (Pi = 0) can only occur when Pmin = 0 and then deserves full marks.
      s = price <= 0 ? 1 : lowestPrice / price;
      break;
    case "proportional-penalty":
      // S·(1 − (Pi − Pmin)/Pmin); with Pmin = 0 only the free bids score.
      s = lowestPrice <= 0 ? (price <= 0 ? 1 : 0) : 1 - (price - lowestPrice) / lowestPrice;
      break;
    case "linear": {
      const span = formula.ceilingMinor - formula.floorMinor;
      s = span <= 0 ? (price <= formula.floorMinor ? 1 : 0) : (formula.ceilingMinor - price) / span;
      break;
    }
    case "logarithmic": {
      // S·(1 − ln(Pi/Pfloor)/ln(Pceil/Pfloor)): each doubling of price costs the same points,
      // so the first euros above the floor cost more than the last ones below the ceiling.
      const floor = Math.max(1, formula.floorMinor);
      const logSpan = Math.log(formula.ceilingMinor / floor);
      if (price <= floor) s = 1;
      else if (!(logSpan > 0)) s = 0;
      else s = 1 - Math.log(price / floor) / logSpan;
      break;
    }
  }
  if (!(s > 0)) return 0;
  return s > 1 ? 1 : s;
}

/**
 * The highest price that still earns at least `score`: +Infinity when any price does
 * (score ≤ 0), null when no price does (score > 1). Inverse of `priceScore` on its
 * decreasing part; used for the buyer's break-even price.
 */
export function highestPriceForScore(ctx: PriceContext, score: number): number | null {
  if (!(score <= 1)) return null;
  if (score <= 0) return Number.POSITIVE_INFINITY;
  const { formula, lowestPrice } = ctx;
  let p: number;
  switch (formula.kind) {
    case "lowest-price-ratio":
      p = lowestPrice / score;
      break;
    case "proportional-penalty":
      p = lowestPrice * (2 - score);
      break;
    case "linear":
      p = formula.ceilingMinor - score * (formula.ceilingMinor - formula.floorMinor);
      break;
    case "logarithmic": {
      const floor = Math.max(1, formula.floorMinor);
      p = floor * Math.pow(formula.ceilingMinor / floor, 1 - score);
      break;
    }
  }
  // Whole minor units, and float error must never claim a price that in fact scores less.
  if (!Number.isFinite(p)) return Number.POSITIVE_INFINITY;
  let whole = Math.max(0, Math.floor(p + 1e-9));
  for (let step = 0; step < 4 && whole > 0 && priceScore(formula, whole, lowestPrice) < score; step++) whole -= 1;
  return priceScore(formula, whole, lowestPrice) < score ? null : whole;
}

/** Plain-English description published to vendors with the RFP. */
export function describePriceFormula(formula: PriceFormula, currency: string, minorUnitsPerMajor = 100): string {
  const money = (m: number) => formatMoney(m, currency, minorUnitsPerMajor);
  switch (formula.kind) {
    case "lowest-price-ratio":
      return (
        "Lowest-price ratio (relative): score = S × Pmin / P, where P is the bundle's evaluated price and Pmin the lowest " +
        "evaluated price among bundles that pass the gates. The cheapest bundle gets the full S points; a bundle twice as " +
        "expensive gets half."
      );
    case "proportional-penalty":
      return (
        "Proportional penalty (relative): score = S × (1 − (P − Pmin) / Pmin), never below 0, where Pmin is the lowest " +
        "evaluated price among bundles that pass the gates. Each 1% above the lowest price costs 1% of S; a bundle at twice " +
        "the lowest price or more scores 0."
      );
    case "linear":
      return (
        `Linear between a floor and a ceiling (absolute): a bundle at or below ${money(formula.floorMinor)} gets the full S ` +
        `points, at or above ${money(formula.ceilingMinor)} it gets 0, and in between score = S × (ceiling − P) / ` +
        "(ceiling − floor). Other bids do not affect a bundle's price score."
      );
    case "logarithmic":
      return (
        `Logarithmic (absolute): a bundle at or below ${money(formula.floorMinor)} gets the full S points, at or above ` +
        `${money(formula.ceilingMinor)} it gets 0, and in between score = S × (1 − ln(P / floor) / ln(ceiling / floor)). ` +
        "Every doubling of the price costs the same number of points. Other bids do not affect a bundle's price score."
      );
  }
}
