/**
 * Number formatting shared by the method descriptions, explanations and suggestions.
 * Hand-rolled rather than Intl: `toLocaleString` costs tens of microseconds a call, which in
 * a 500-vendor round's MESO insight was most of the evaluation time, and a fixed format
 * also keeps award reports identical on every server whatever its locale data.
 */

/**
 * "1234567" → "1,234,567". Sliced by hand: the lookahead regex was a hot spot in MESO insight.
 * `plain` says the string is digits only; callers know it from the number (`toFixed` writes
 * plain digits below 1e21), which spares a regex test per call (16 000 trade-off prices a round).
 */
function group(digits: string, plain: boolean): string {
  if (digits.length <= 3) return digits;
  if (!plain) return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ","); // e.g. "1e+21"
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += "," + digits.slice(i, i + 3);
  return out;
}

/**
 * Whole minor units below this print by integer arithmetic (see `formatMoney`): here the double
 * minor / 10^d is within 0.001 of a unit of the last decimal of the exact quotient, so
 * `toFixed(d)` cannot round it to a neighbour and both ways write the same digits.
 */
const EXACT_MINOR_LIMIT = 1e15;

/** 1234567 minor units of EUR → "EUR 12,345.67". Never shows NaN: non-finite prints as "—". */
export function formatMoney(minor: number, currency: string, minorUnitsPerMajor = 100): string {
  if (!Number.isFinite(minor)) return "—";
  const decimals = Math.max(0, Math.round(Math.log10(minorUnitsPerMajor)));
  if (Number.isInteger(minor) && Math.abs(minor) <= EXACT_MINOR_LIMIT && 10 ** decimals === minorUnitsPerMajor) {
    // The common case (every price of a round) without `toFixed`, the costly part: whole and
    // fraction by exact integer division, the same digits `toFixed` writes.
    const abs = Math.abs(minor);
    const rest = abs % minorUnitsPerMajor;
    const whole = String((abs - rest) / minorUnitsPerMajor);
    const frac = decimals === 0 ? "" : `.${String(rest).padStart(decimals, "0")}`;
    return `${currency} ${minor < 0 ? "-" : ""}${group(whole, true)}${frac}`;
  }
  const major = Math.abs(minor / minorUnitsPerMajor);
  const fixed = major.toFixed(decimals);
  const dot = fixed.indexOf(".");
  const whole = dot < 0 ? fixed : fixed.slice(0, dot);
  const frac = dot < 0 ? "" : fixed.slice(dot);
  return `${currency} ${minor < 0 ? "-" : ""}${group(whole, major < 1e21)}${frac}`;
}

/** Up to `maxDecimals` decimals, trailing zeros dropped, no grouping: 0.1 + 0.2 → "0.3". */
export function formatNumber(value: number, maxDecimals = 4): string {
  if (!Number.isFinite(value)) return "—";
  const s = String(Number(value.toFixed(maxDecimals)));
  return s === "-0" ? "0" : s;
}

export function formatPoints(points: number): string {
  return Number.isFinite(points) ? points.toFixed(2) : "—";
}

/**
 * The points `formatPoints` shows, as whole hundredths (75.125… shows "75.13" → 7513), so a
 * difference of shown figures is integer arithmetic: 75.41 − 75.13 is 28 hundredths, never the
 * 0.29 the unrounded totals give nor 0.2799999 of binary floating point.
 */
export function shownHundredths(points: number): number {
  const shown = points.toFixed(2);
  const negative = shown.startsWith("-");
  const [whole, fraction] = (negative ? shown.slice(1) : shown).split(".") as [string, string];
  const hundredths = Number(whole) * 100 + Number(fraction);
  return negative && hundredths !== 0 ? -hundredths : hundredths;
}

/** Whole hundredths as signed points: 28 → "+0.28", −5 → "−0.05", 0 → "±0.00". */
export function formatSignedHundredths(hundredths: number): string {
  const abs = Math.abs(hundredths);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
  return hundredths > 0 ? `+${text}` : hundredths < 0 ? `−${text}` : `±${text}`;
}
