// Numbers and amounts as people type them, for every form of the portal: the vendor grid, the
// buyer's editor forms, the award and scenario forms (decision 021). One reading everywhere:
// digits with an optional decimal point; commas (or spaces, apostrophes) only as thousands
// groups of three; no signs on amounts, no exponents, no hex, no floats on the way to minor
// units. A currency's minor units come from one place: `currencyDecimals`.
import { z } from "zod";
import { MAX_ABS_NUMBER } from "../evaluation/clauses";

// ── Currencies ──────────────────────────────────────────────────────────────────────────

/**
 * ISO 4217 codes an RFP may be priced in: the codes of ISO 4217 list one (current) and the
 * recently withdrawn ones still found in contracts, without the test code, "no currency" and
 * the precious-metal and bond units. A fixed list, so a browser and the server accept the same
 * codes (Intl's list depends on the ICU version).
 */
export const ISO_4217_CURRENCIES: ReadonlySet<string> = new Set(
  (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
    "CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP " +
    "GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW " +
    "KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD " +
    "NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE " +
    "SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED " +
    "VES VND VUV WST XAF XCD XCG XDR XOF XPF XSU XUA YER ZAR ZMW ZWG ZWL"
  ).split(" "),
);

export function isIsoCurrency(code: string): boolean {
  return ISO_4217_CURRENCIES.has(code);
}

/** Decimal places by currency code: building an Intl.NumberFormat costs far more than the lookup (every grid rendering asks). */
const decimalsByCurrency = new Map<string, number>();

/** Decimal places of a currency (EUR 2, JPY 0, KWD 3); Intl knows ISO 4217 without any I/O. The one source of a currency's minor units. */
export function currencyDecimals(currency: string): number {
  let decimals = decimalsByCurrency.get(currency);
  if (decimals === undefined) {
    try {
      decimals = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      decimals = 2;
    }
    // Codes are three letters; an unknown one (a hand-edited row) is not kept, so the map stays small.
    if (decimalsByCurrency.size < 1000) decimalsByCurrency.set(currency, decimals);
  }
  return decimals;
}

/** Minor units in one major unit: EUR 100, JPY 1, KWD 1000. */
export function minorUnitsPerMajor(currency: string): number {
  return 10 ** currencyDecimals(currency);
}

// ── Amounts: major units as typed ↔ integer minor units ─────────────────────────────────

/** Thousands groups: all separated by the same character (comma, space, no-break space, apostrophe). */
const whole = (group: number) => `\\d{1,3}(?:([,'\u2019 \u00a0\u202f])\\d{3})(?:\\${group}\\d{3})*|\\d+`;
/** Groups: 1 the whole part, 2 its separator, 3 the fraction. */
const AMOUNT = new RegExp(String.raw`^(${whole(2)})?(?:\.(\d*))?$`);
const NUMBER = new RegExp(String.raw`^[-\u2212]?(?:${whole(1)})?(?:\.\d+)?$`);
/** "12,50", "1.250,50", "7,5": a comma where a decimal point belongs. */
const DECIMAL_COMMA = /^[-\u2212]?\d{1,3}(?:[,.'\u2019 \u00a0\u202f]?\d{3})*,\d+$/;

/** "12,500.5" → 1250050 for EUR. Parsed as digits, never through a float, so no cent drifts. */
export function majorToMinor(text: string, decimals: number): number | null {
  const match = AMOUNT.exec(text.trim());
  if (!match || (match[1] === undefined && !match[3])) return null;
  const whole = (match[1] ?? "0").replace(/\D/g, "");
  const fraction = match[3] ?? "";
  if (fraction.length > decimals) return null;
  const minor = Number(whole + fraction.padEnd(decimals, "0"));
  return Number.isSafeInteger(minor) ? minor : null;
}

export function minorToMajor(minor: number, decimals: number): string {
  if (decimals === 0) return String(minor);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(decimals + 1, "0");
  const text = `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative ? `-${text}` : text;
}

/** The text as it appears in a message: quoted, and short. */
const quoted = (text: string) => `“${text.length > 40 ? `${text.slice(0, 39)}…` : text}”`;
const amountExample = (decimals: number) => `12,500${decimals ? `.${"0".repeat(decimals)}` : ""}`;

/** "Give an amount in EUR with at most 2 decimals, e.g. 12,500.00": the grid's message for anything not an amount. */
export function amountHint(currency: string | null, decimals = currency ? currencyDecimals(currency) : 2): string {
  return `Give an amount${currency ? ` in ${currency}` : ""}${decimals ? ` with at most ${decimals} decimals` : ", without decimals"}, e.g. ${amountExample(decimals)}`;
}

export type AmountReading = { ok: true; minor: number } | { ok: false; message: string };

/**
 * Full-width digits, comma, full stop and hyphen-minus (what a Japanese or Chinese input method
 * types: "１２，５００．５") as their ASCII forms; nothing else changes (not NFKC, which would also
 * read a superscript "10²" as "102").
 */
function halfWidth(text: string): string {
  return /[\uff0c-\uff0e\uff10-\uff19]/.test(text) ? text.replace(/[\uff0c-\uff0e\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)) : text;
}

/**
 * An amount typed in major units of `currency` → integer minor units, or the reason it is not
 * one, in words that say what to change. The caller decides what a blank field means. Where
 * only the minor units are known (a stored snapshot), pass `null` and the decimals.
 */
export function readAmount(text: string, currency: string | null, decimals = currency ? currencyDecimals(currency) : 2): AmountReading {
  const typed = halfWidth(text).trim();
  const minor = majorToMinor(typed, decimals);
  if (minor !== null) return { ok: true, minor };
  if (/^[-\u2212]/.test(typed) && majorToMinor(typed.slice(1), decimals) !== null) return { ok: false, message: `${quoted(typed)}: an amount cannot be negative` };
  if (DECIMAL_COMMA.test(typed)) return { ok: false, message: `${quoted(typed)}: write a decimal point, not a comma (commas only group thousands, as in ${amountExample(decimals)})` };
  const fraction = /\.(\d*)$/.exec(typed)?.[1] ?? "";
  if (fraction.length > decimals && majorToMinor(typed, fraction.length) !== null) {
    return { ok: false, message: decimals ? `${quoted(typed)}: use at most ${decimals} decimals` : `${quoted(typed)}: ${currency ?? "this currency"} has no decimals; give a whole amount` };
  }
  if (AMOUNT.test(typed) && /\d/.test(typed)) return { ok: false, message: `${quoted(typed)}: the amount is too large` };
  return { ok: false, message: amountHint(currency, decimals) };
}

// ── Numbers ─────────────────────────────────────────────────────────────────────────────

export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
  positive?: boolean;
  /** What to give, for the messages: "the notice in whole days". Default "a number". */
  what?: string;
}

export type NumberReading = { ok: true; value: number | null } | { ok: false; message: string };

/**
 * A number as typed: "12", "-3.5", "1,000", ".5"; blank → null. No "0x18", "1e3", "Infinity"
 * or "12,5" (a comma only groups thousands): what Number() would read differently from a person.
 */
export function readNumber(text: string, rule: NumberRule = {}): NumberReading {
  const raw = halfWidth(text).trim();
  if (raw === "") return { ok: true, value: null };
  const what = rule.what ?? "a number";
  const fail = (message: string): NumberReading => ({ ok: false, message });
  if (!NUMBER.test(raw) || !/\d/.test(raw)) {
    return DECIMAL_COMMA.test(raw) ? fail(`${quoted(raw)}: write a decimal point, not a comma`) : fail(`Give ${what}, e.g. ${rule.integer ? "12" : "12.5"}`);
  }
  const value = Number(raw.replace(/^\u2212/, "-").replace(/[^-\d.]/g, ""));
  if (!Number.isFinite(value)) return fail(`Give ${what}`);
  if (Math.abs(value) > MAX_ABS_NUMBER) return fail(`Give ${what} between −10^15 and 10^15`);
  if (rule.integer && !Number.isInteger(value)) return fail(`Give ${what} as a whole number`);
  if (rule.positive && value <= 0) return fail(`Give ${what} above 0`);
  if (rule.min !== undefined && value < rule.min) return fail(`Give ${what} of at least ${rule.min}`);
  if (rule.max !== undefined && value > rule.max) return fail(`Give ${what} of at most ${rule.max}`);
  return { ok: true, value };
}

// ── The same rules as zod fields, for the forms' schemas ────────────────────────────────

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/**
 * A number field read strictly (`readNumber`): blank → undefined; a number (an API call, a
 * stored value) as it is when finite; anything else → `message` (or the decimal-comma hint).
 * Pipe into `z.number()` for the range and to require it:
 * `typedNumber("Give the weight …").pipe(z.number({ error: "Give the weight …" }).min(0))`.
 */
export function typedNumber(message: string) {
  // A preprocess, not a transform: zod runs it for a field missing from the form too, so the
  // pipe after it can say that a required number is missing.
  return z.preprocess((value, ctx): number | undefined => {
    if (isBlank(value)) return undefined;
    if (typeof value === "number" && Number.isFinite(value)) return value;
    const read = typeof value === "string" ? readNumber(value) : null;
    if (read?.ok && read.value !== null) return read.value;
    const comma = read && !read.ok && read.message.includes("not a comma") ? read.message : null;
    ctx.addIssue({ code: "custom", message: comma ?? message });
    return undefined;
  }, z.number().optional());
}

/**
 * An amount field in `currency` (`readAmount`): blank → undefined; otherwise integer minor
 * units, or the reason it is not an amount.
 */
export function typedAmount(currency: string) {
  return z.preprocess((value, ctx): number | undefined => {
    if (isBlank(value)) return undefined;
    const read = typeof value === "string" ? readAmount(value, currency) : null;
    if (read?.ok) return read.minor;
    ctx.addIssue({ code: "custom", message: read?.message ?? amountHint(currency) });
    return undefined;
  }, z.number().optional());
}
