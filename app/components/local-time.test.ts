import { describe, expect, it } from "vitest";
import { formatInZone } from "./local-time";

describe("formatInZone", () => {
  it("names the zone and formats each instant in it, the same text when asked again", () => {
    const iso = "2027-01-01T05:16:00.000Z";
    expect(formatInZone(iso)).toBe("1 Jan 2027, 05:16 (UTC)");
    expect(formatInZone(iso, "Europe/Amsterdam")).toBe("1 Jan 2027, 06:16 (Europe/Amsterdam)");
    expect(formatInZone(iso, "UTC")).toBe("1 Jan 2027, 05:16 (UTC)");
    expect(formatInZone("2027-01-01T05:17:00.000Z")).toBe("1 Jan 2027, 05:17 (UTC)");
  });

  it("shows the seconds when asked, and keeps the two precisions apart", () => {
    const iso = "2026-12-03T14:53:51.941Z";
    expect(formatInZone(iso, "UTC", "second")).toBe("3 Dec 2026, 14:53:51 (UTC)");
    expect(formatInZone(iso, "UTC")).toBe("3 Dec 2026, 14:53 (UTC)");
    expect(formatInZone(iso, "Europe/Amsterdam", "second")).toBe("3 Dec 2026, 15:53:51 (Europe/Amsterdam)");
  });

  it("stays right past the bound of moments it keeps", () => {
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 12_000; i++) formatInZone(new Date(start + i * 60_000).toISOString());
    expect(formatInZone(new Date(start + 11_999 * 60_000).toISOString())).toBe("9 Jan 2026, 07:59 (UTC)");
    expect(formatInZone(new Date(start).toISOString())).toBe("1 Jan 2026, 00:00 (UTC)");
  });
});
