import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney } from "./format";

/** The plain definition: the major amount through `toFixed`, digits grouped by threes. */
function referenceMoney(minor: number, currency: string, minorUnitsPerMajor: number): string {
  const decimals = Math.max(0, Math.round(Math.log10(minorUnitsPerMajor)));
  const fixed = Math.abs(minor / minorUnitsPerMajor).toFixed(decimals);
  const [whole, frac] = fixed.split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${currency} ${minor < 0 ? "-" : ""}${grouped}${frac === undefined ? "" : `.${frac}`}`;
}

describe("formatMoney", () => {
  it("worked examples", () => {
    expect(formatMoney(1_234_567, "EUR")).toBe("EUR 12,345.67");
    expect(formatMoney(-5, "EUR")).toBe("EUR -0.05");
    expect(formatMoney(0, "EUR")).toBe("EUR 0.00");
    expect(formatMoney(-0, "EUR")).toBe("EUR 0.00");
    expect(formatMoney(1_234_567, "JPY", 1)).toBe("JPY 1,234,567");
    expect(formatMoney(1_234_567, "KWD", 1000)).toBe("KWD 1,234.567");
    expect(formatMoney(12_345, "MRU", 5)).toBe("MRU 2,469.0"); // not a power of ten: one decimal of 12 345 / 5
    expect(formatMoney(Number.NaN, "EUR")).toBe("—");
  });

  it("property: whole minor units print exactly as the major amount's `toFixed` (integer path and `toFixed` path agree)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.maxSafeInteger(), fc.integer({ min: 999_999_999_999_000, max: 1_000_000_000_001_000 })),
        fc.boolean(),
        fc.constantFrom(1, 10, 100, 1000),
        (x, negate, unit) => {
          const minor = negate ? -x : x;
          expect(formatMoney(minor, "EUR", unit)).toBe(referenceMoney(minor, "EUR", unit));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
