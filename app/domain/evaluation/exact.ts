/**
 * Exact decimal arithmetic for the places where a rule compares or rounds (issue 8).
 *
 * Every number a buyer, vendor or evaluator types is a decimal; a JavaScript number holds the
 * binary double nearest to it, and `String(x)` gives back the shortest decimal that reads as
 * the same double — the decimal that was typed (for up to 15 significant digits). So each
 * input is turned back into that decimal, as an integer with a power-of-ten scale, and the
 * rules compute on integers: BigInt where products may exceed 2^53, plain numbers where the
 * integers are known to stay exact. Binary floating point is kept for everything that is
 * only displayed or ranked to a millionth of a point.
 */

/** x = digits / 10^scale exactly (digits a BigInt), for the shortest decimal of a finite double. */
export interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

const TEN = 10n;
const POW10: bigint[] = [1n];
export function pow10(k: number): bigint {
  for (let i = POW10.length; i <= k; i++) POW10.push(POW10[i - 1]! * TEN);
  return POW10[k]!;
}

/** The decimal a finite double was typed as (its shortest round-trip form). Throws on NaN/±Infinity. */
export function decimalOf(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isSafeInteger(x)) return { digits: BigInt(x), scale: 0 };
  const s = String(x); // e.g. "1.15", "-0.000001", "1e-7", "1.5e+21"
  const e = s.indexOf("e");
  const mantissa = e < 0 ? s : s.slice(0, e);
  const exponent = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const digits = BigInt(dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1));
  const scale = (dot < 0 ? 0 : mantissa.length - dot - 1) - exponent;
  return scale >= 0 ? { digits, scale } : { digits: digits * pow10(-scale), scale: 0 };
}

/** Rounds digits / 10^scale half away from zero to an integer. */
export function roundHalfAwayFromZero(digits: bigint, scale: number): bigint {
  if (scale === 0) return digits;
  const d = pow10(scale);
  const neg = digits < 0n;
  const n = neg ? -digits : digits;
  const r = (2n * n + d) / (2n * d);
  return neg ? -r : r;
}

/** Rounds num / den half away from zero to an integer (den ≠ 0). */
export function roundFractionHalfAwayFromZero(num: bigint, den: bigint): bigint {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const neg = num < 0n;
  const n = neg ? -num : num;
  const r = (2n * n + den) / (2n * den);
  return neg ? -r : r;
}

/** Σ xs exactly, over the decimals typed (33.3 + 33.3 + 33.4 is 100, not 100.00000000000001). */
export function sumDecimals(xs: Iterable<number>): Decimal {
  let digits = 0n;
  let scale = 0;
  for (const x of xs) {
    const d = decimalOf(x);
    if (d.scale > scale) {
      digits *= pow10(d.scale - scale);
      scale = d.scale;
    }
    digits += d.digits * pow10(scale - d.scale);
  }
  return { digits, scale };
}

/** The double nearest to a decimal (correctly rounded by the number parser). */
export function numberOfDecimal(x: Decimal): number {
  return Number(`${x.digits}e-${x.scale}`);
}

/** Sign of a/b − c/d for positive denominators b, d. */
export function compareFractions(a: bigint, b: bigint, c: bigint, d: bigint): number {
  const l = a * d;
  const r = c * b;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Sign of x − y for two decimals. */
export function compareDecimals(x: Decimal, y: Decimal): number {
  return compareFractions(x.digits, pow10(x.scale), y.digits, pow10(y.scale));
}

/**
 * Scores on the 0–10 scale as integers: the smallest k ≤ MAX_SCORE_SCALE such that every
 * score × 10^k is a whole number (k = 1 for tenths, 0 for whole points; halves need k = 1).
 * Returns −1 when some score has more decimals than that (then the caller falls back to
 * binary arithmetic, which only scores typed with more than 9 decimals can reach).
 */
export const MAX_SCORE_SCALE = 9;
const POW10_NUM = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
export function decimalScaleOf(x: number): number {
  for (let k = 0; k <= MAX_SCORE_SCALE; k++) {
    const p = POW10_NUM[k]!;
    const t = Math.round(x * p);
    // t / p is the double nearest to the decimal t/10^k, so equality means x was typed as that decimal.
    if (t / p === x) return k;
  }
  return -1;
}
export function pow10Number(k: number): number {
  return POW10_NUM[k]!;
}
