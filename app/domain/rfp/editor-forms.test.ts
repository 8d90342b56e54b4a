import { describe, expect, it } from "vitest";
import { applyIssueRow, instantToWallTime, issueRowSchema, parseAmountToMinor, timelineFormSchema, wallTimeToInstant } from "./editor-forms";

describe("times typed in the reader's zone", () => {
  it("turns a wall-clock time into the instant it means in that zone", () => {
    // Berlin is UTC+1 in winter and UTC+2 in summer.
    expect(wallTimeToInstant("2026-12-20T17:00", "Europe/Berlin")?.toISOString()).toBe("2026-12-20T16:00:00.000Z");
    expect(wallTimeToInstant("2026-07-01T09:30", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T07:30:00.000Z");
    expect(wallTimeToInstant("2026-12-20T17:00", "America/New_York")?.toISOString()).toBe("2026-12-20T22:00:00.000Z");
    expect(wallTimeToInstant("2026-12-20T17:00:30", "UTC")?.toISOString()).toBe("2026-12-20T17:00:30.000Z");
    expect(wallTimeToInstant("next friday", "UTC")).toBeNull();
  });

  it("shows an instant back as the same wall-clock time", () => {
    expect(instantToWallTime("2026-12-20T16:00:00.000Z", "Europe/Berlin")).toBe("2026-12-20T17:00");
    expect(instantToWallTime(null, "UTC")).toBe("");
  });

  it("rejects an unknown zone and a malformed time with a message by the field", () => {
    const result = timelineFormSchema.safeParse({ expectedVersion: "3", timeZone: "Mars/Olympus", bidsCloseAt: "tomorrow" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["bidsCloseAt", "Give when bids close as a date and a time"],
      ["timeZone", 'Unknown time zone "Mars/Olympus"'],
    ]);
  });
});

describe("term-sheet rows", () => {
  it("needs a unit for numbers and options for choices", () => {
    const number = issueRowSchema.safeParse({ expectedVersion: "1", name: "Term", kind: "number" });
    expect(number.error?.issues.map((i) => i.message)).toEqual(["Give the unit, e.g. months"]);
    const choice = issueRowSchema.safeParse({ expectedVersion: "1", name: "Support tier", kind: "choice", options: "\n  \n" });
    expect(choice.error?.issues.map((i) => i.message)).toEqual(["A choice needs at least one option (one per line)"]);
  });

  it("keeps an option's id when its label stays, so criteria points still point at it", () => {
    const issues = [{ id: "support", name: "Support", kind: "choice" as const, required: true, description: "", tradeable: null, options: [{ id: "o1", label: "Basic" }, { id: "o2", label: "Premium" }] }];
    const row = issueRowSchema.parse({ expectedVersion: "1", issueId: "support", name: "Support", kind: "choice", options: "Basic\nStandard\nPremium", required: "on" });
    const [edited] = applyIssueRow(issues, row);
    expect(edited).toMatchObject({ id: "support", options: [{ id: "o1", label: "Basic" }, { id: undefined, label: "Standard" }, { id: "o2", label: "Premium" }] });
  });
});

describe("amounts typed in major units", () => {
  it("reads them into integer minor units", () => {
    expect(parseAmountToMinor("4,900,000")).toBe(490_000_000);
    expect(parseAmountToMinor("12.5")).toBe(1250);
    expect(parseAmountToMinor("0.07")).toBe(7);
    expect(parseAmountToMinor("-3")).toBeNull();
    expect(parseAmountToMinor("1.234")).toBeNull();
  });
});
