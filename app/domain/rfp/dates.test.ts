// Issue #10, item 9: impossible dates are refused, not rolled over (30 February is not
// 2 March), and deadlines lie between the years 2000 and 2100.
import { describe, expect, it } from "vitest";
import { extendDeadlineFormSchema, timelineFormSchema, wallTimeToInstant } from "./editor-forms";
import { strictInstant, timelineSchema } from "./sections";

const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => result.error?.issues.map((i) => [i.path.join("."), i.message]) ?? [];

describe("dates of the timeline", () => {
  it("refuses a day, month or time that does not exist, in every form the timeline takes", () => {
    expect(wallTimeToInstant("2027-02-30T17:00", "Europe/Berlin")).toBeNull();
    expect(wallTimeToInstant("2027-13-01T17:00", "UTC")).toBeNull();
    expect(wallTimeToInstant("2027-04-31T17:00", "UTC")).toBeNull();
    expect(wallTimeToInstant("2027-03-01T24:30", "UTC")).toBeNull();
    expect(wallTimeToInstant("2028-02-29T17:00", "UTC")?.toISOString()).toBe("2028-02-29T17:00:00.000Z");
    expect(messages(timelineFormSchema.safeParse({ expectedVersion: "3", timeZone: "UTC", bidsCloseAt: "2027-02-30T17:00" }))).toEqual([["bidsCloseAt", "Give when bids close as a date that exists, e.g. 2026-12-20 17:00 (not 30 February)"]]);
    expect(messages(extendDeadlineFormSchema.safeParse({ expectedVersion: "3", timeZone: "UTC", bidsCloseAt: "2027-02-30T17:00", reason: "More time" }))).toEqual([["bidsCloseAt", "Give the new deadline as a date that exists, e.g. 2026-12-20 17:00 (not 30 February)"]]);
    expect(messages(timelineSchema.safeParse({ bidsCloseAt: "2027-02-30T17:00" }))).toEqual([["bidsCloseAt", "When bids close: 2027-02-30 is not a date of the calendar"]]);
    expect(messages(timelineSchema.safeParse({ bidsCloseAt: "2027-02-28T25:00" }))).toEqual([["bidsCloseAt", "When bids close: 25:00 is not a time of day"]]);
    expect(messages(timelineSchema.safeParse({ bidsCloseAt: "next friday" }))).toEqual([["bidsCloseAt", "Give when bids close as a date and time"]]);
  });

  it("refuses years before 2000 and after 2100 (year 0000 included)", () => {
    expect(messages(timelineFormSchema.safeParse({ expectedVersion: "3", timeZone: "UTC", bidsCloseAt: "0000-01-01T00:00" }))).toEqual([["bidsCloseAt", "Give when bids close as a date that exists, e.g. 2026-12-20 17:00 (not 30 February)"]]);
    expect(messages(timelineFormSchema.safeParse({ expectedVersion: "3", timeZone: "UTC", questionsCloseAt: "1999-12-31T23:00" }))).toEqual([["questionsCloseAt", "Give when questions close between the years 2000 and 2100"]]);
    expect(messages(timelineSchema.safeParse({ bidsCloseAt: "0000-01-01T00:00:00Z" }))).toEqual([["bidsCloseAt", "When bids close must be between the years 2000 and 2100"]]);
    expect(messages(timelineSchema.safeParse({ bidsCloseAt: "2101-01-01T00:00:00Z" }))).toEqual([["bidsCloseAt", "When bids close must be between the years 2000 and 2100"]]);
    expect(strictInstant(new Date("1970-01-01T00:00:00Z"), "the deadline")).toEqual({ problem: "The deadline must be between the years 2000 and 2100" });
  });

  it("accepts real dates as before: ISO instants, datetime-local text, Date objects and blanks", () => {
    const parsed = timelineSchema.parse({ questionsCloseAt: new Date("2027-01-10T12:00:00Z"), bidsCloseAt: "2027-02-28T17:00:00.000Z", bidValidityDays: "90" });
    expect(parsed.bidsCloseAt?.toISOString()).toBe("2027-02-28T17:00:00.000Z");
    expect(parsed.questionsCloseAt?.toISOString()).toBe("2027-01-10T12:00:00.000Z");
    expect(timelineSchema.parse({ bidsCloseAt: "" }).bidsCloseAt).toBeNull();
    const form = timelineFormSchema.parse({ expectedVersion: "3", timeZone: "Europe/Berlin", bidsCloseAt: "2027-02-28T17:00" });
    expect(form.bidsCloseAt?.toISOString()).toBe("2027-02-28T16:00:00.000Z");
  });
});
