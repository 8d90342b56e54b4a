import { describe, expect, it } from "vitest";
import { formatExactInstant } from "../bids/state";
import { formatMinor } from "./editor-forms";
import { formatInstant, formatUtcDate } from "./format";

describe("deterministic UTC formatting", () => {
  it("writes an instant as day, month, year and 24-hour time in UTC, midnight as 00:00", () => {
    expect(formatInstant(new Date("2026-12-31T12:00:00Z"))).toBe("31 Dec 2026, 12:00 UTC");
    expect(formatInstant(new Date("2027-01-01T00:00:59.999Z"))).toBe("1 Jan 2027, 00:00 UTC");
    expect(formatInstant(new Date("2026-03-29T23:59:00+00:00"))).toBe("29 Mar 2026, 23:59 UTC");
    // Whatever the offset it was written with, the text is the UTC instant's.
    expect(formatInstant(new Date("2026-06-01T01:30:00+02:00"))).toBe("31 May 2026, 23:30 UTC");
    expect(formatUtcDate(new Date("2026-06-01T01:30:00+02:00"))).toBe("31 May 2026");
  });

  it("gives a receipt's instant to the millisecond", () => {
    expect(formatExactInstant(new Date("2026-12-01T09:05:03.042Z"))).toBe("1 Dec 2026, 09:05:03.042 UTC");
  });

  it("writes an amount of minor units with two decimals and grouped thousands", () => {
    expect(formatMinor(490_000_000, "EUR")).toBe("EUR 4,900,000.00");
    expect(formatMinor(5, "EUR")).toBe("EUR 0.05");
    expect(formatMinor(-123_456, "GBP")).toBe("GBP -1,234.56");
    expect(formatMinor(null, "EUR")).toBe("");
  });
});
