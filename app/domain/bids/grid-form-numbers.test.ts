import { describe, expect, it } from "vitest";
import { z } from "zod";
import { currencyDecimals, isIsoCurrency, majorToMinor, minorUnitsPerMajor, readAmount, readNumber, typedNumber } from "./grid-form-numbers";

describe("currencies (decision 021)", () => {
  it("knows each currency's minor units from one place", () => {
    expect([currencyDecimals("EUR"), currencyDecimals("JPY"), currencyDecimals("KWD")]).toEqual([2, 0, 3]);
    expect([minorUnitsPerMajor("EUR"), minorUnitsPerMajor("JPY"), minorUnitsPerMajor("KWD")]).toEqual([100, 1, 1000]);
  });

  it("accepts ISO 4217 codes only", () => {
    expect(["EUR", "USD", "GBP", "JPY", "KWD", "CHF"].every(isIsoCurrency)).toBe(true);
    expect(["EUE", "XXX", "XTS", "eur", "ABC"].some(isIsoCurrency)).toBe(false);
  });
});

describe("amounts as typed", () => {
  it("reads commas and spaces only as thousands groups, never through a float", () => {
    expect(readAmount("12,500.5", "EUR")).toEqual({ ok: true, minor: 1_250_050 });
    expect(readAmount("1 250 000", "EUR")).toEqual({ ok: true, minor: 125_000_000 });
    expect(readAmount("2,000,000", "JPY")).toEqual({ ok: true, minor: 2_000_000 });
    expect(readAmount("1.125", "KWD")).toEqual({ ok: true, minor: 1_125 });
    // Full-width digits and separators, as an input method types them, read as their ASCII forms.
    expect(readAmount("１２，５００．５", "EUR")).toEqual({ ok: true, minor: 1_250_050 });
    expect(readAmount("２，０００，０００", "JPY")).toEqual({ ok: true, minor: 2_000_000 });
    expect(readNumber("１２")).toEqual({ ok: true, value: 12 });
    expect(readNumber("－３．５")).toEqual({ ok: true, value: -3.5 });
    expect(readNumber("10²").ok).toBe(false);
    expect(majorToMinor("1 2.5", 2)).toBeNull();
    expect(majorToMinor("1'5", 2)).toBeNull();
  });

  it("says what to change", () => {
    expect(readAmount("12,50", "EUR")).toEqual({ ok: false, message: "“12,50”: write a decimal point, not a comma (commas only group thousands, as in 12,500.00)" });
    expect(readAmount("1.005", "EUR")).toEqual({ ok: false, message: "“1.005”: use at most 2 decimals" });
    expect(readAmount("1.5", "JPY")).toEqual({ ok: false, message: "“1.5”: JPY has no decimals; give a whole amount" });
    expect(readAmount("-3", "EUR")).toEqual({ ok: false, message: "“-3”: an amount cannot be negative" });
    expect(readAmount("0x10", "EUR")).toEqual({ ok: false, message: "Give an amount in EUR with at most 2 decimals, e.g. 12,500.00" });
    expect(readAmount("1e3", "JPY")).toEqual({ ok: false, message: "Give an amount in JPY, without decimals, e.g. 12,500" });
    expect(readAmount("99999999999999999", "EUR")).toEqual({ ok: false, message: "“99999999999999999”: the amount is too large" });
  });
});

describe("numbers as typed", () => {
  it("reads decimal numbers only", () => {
    expect(readNumber(" -3.5 ")).toEqual({ ok: true, value: -3.5 });
    expect(readNumber("1,000")).toEqual({ ok: true, value: 1000 });
    expect(readNumber("")).toEqual({ ok: true, value: null });
    for (const text of ["0x18", "1e3", "Infinity", "0b11", "12abc"]) expect(readNumber(text, { what: "the term" })).toEqual({ ok: false, message: "Give the term, e.g. 12.5" });
    expect(readNumber("7,5")).toEqual({ ok: false, message: "“7,5”: write a decimal point, not a comma" });
    expect(readNumber("2.5", { integer: true, what: "the days" })).toEqual({ ok: false, message: "Give the days as a whole number" });
  });

  it("as a zod field: blank is missing, a number sent as a number stays one", () => {
    const schema = z.object({ n: typedNumber("Give n").pipe(z.number({ error: "n is missing" }).min(0, "n ≥ 0")) });
    expect(schema.safeParse({ n: "" }).error?.issues.map((i) => i.message)).toEqual(["n is missing"]);
    expect(schema.safeParse({}).error?.issues.map((i) => i.message)).toEqual(["n is missing"]);
    expect(schema.safeParse({ n: "0x0A" }).error?.issues.map((i) => i.message)).toEqual(["Give n"]);
    expect(schema.safeParse({ n: "-1" }).error?.issues.map((i) => i.message)).toEqual(["n ≥ 0"]);
    expect(schema.parse({ n: 7 })).toEqual({ n: 7 });
    expect(schema.parse({ n: "1,024" })).toEqual({ n: 1024 });
  });
});
