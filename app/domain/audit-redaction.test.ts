import { describe, expect, it } from "vitest";
import { changedFields, redactAuditData, WITHHELD } from "./audit-redaction";

const position = { reservationPriceMinor: 490_000_000, batna: { label: "In-house crews", values: { price: 1 } }, notes: "Council budget line 7" };

describe("audit redaction", () => {
  it("withholds the before and after of a confidential save written before hashing, saying what changed", () => {
    const data = { section: "confidential", version: 4, before: { reservationPriceMinor: null, batna: null, notes: "" }, after: position };
    const shown = redactAuditData("rfp.confidential-saved", data);
    expect(shown).toEqual({ section: "confidential", version: 4, before: WITHHELD, after: WITHHELD, changed: ["reservationPriceMinor", "batna", "notes"] });
    expect(JSON.stringify(shown)).not.toMatch(/490000000|In-house|Council/);
  });

  it("withholds confidential keys wherever they appear, and leaves other data alone", () => {
    const shown = redactAuditData("evaluation.something", { round: 1, nested: [{ reservationPriceMinor: 5, label: "x" }], notes: null });
    expect(shown).toEqual({ round: 1, nested: [{ reservationPriceMinor: WITHHELD, label: "x" }], notes: null });
  });

  it("compares positions by value, whatever the key order", () => {
    expect(changedFields({ batna: { a: 1, b: 2 }, notes: "n" }, { batna: { b: 2, a: 1 }, notes: "n" })).toEqual([]);
    expect(changedFields(position, { ...position, notes: "other" })).toEqual(["notes"]);
  });
});
