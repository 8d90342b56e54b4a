// A receipt's (and the evaluators' read-only grid's) issue values in words: money in the RFP's
// own currency decimals (decision 021), never as if every currency had cents.
import { describe, expect, it } from "vitest";
import type { RfpIssue } from "~/domain/rfp/term-sheet";
import { formatIssueValue } from "./receipt-bundles";

const fee = { id: "fee", kind: "money", label: "Monthly fee" } as unknown as RfpIssue;

describe("formatIssueValue", () => {
  it("shows money in the currency's decimals: EUR two, JPY none, KWD three", () => {
    expect(formatIssueValue(fee, 123_456, "EUR")).toBe("EUR 1,234.56");
    expect(formatIssueValue(fee, 8_200_000, "JPY")).toBe("JPY 8,200,000");
    expect(formatIssueValue(fee, 1_125, "KWD")).toBe("KWD 1.125");
  });
  it("says when a bundle carries no value", () => {
    expect(formatIssueValue(fee, undefined, "EUR")).toBe("—");
  });
});
