import { describe, expect, it } from "vitest";
import { auditFiltersSchema, readableAuditData } from "./audit-view";

describe("the audit page", () => {
  it("shows only what changed between before and after, then the other facts", () => {
    const view = readableAuditData({
      before: { timeline: { bidsCloseAt: "2026-12-30T07:29:56.984Z", bidValidityDays: 120 }, title: "Parks" },
      after: { timeline: { bidsCloseAt: "2026-12-30T07:29:56.984Z", bidValidityDays: 150 }, title: "Parks" },
      addendum: 2,
      notified: ["a@x.org", "b@x.org"],
    });
    expect(view.changes).toEqual([{ field: "timeline.bidValidityDays", before: "120", after: "150" }]);
    expect(view.facts).toEqual([
      { field: "addendum", value: "2" },
      { field: "notified.1", value: "a@x.org" },
      { field: "notified.2", value: "b@x.org" },
    ]);
    expect(readableAuditData({ before: null, after: { opened: true }, template: "saas" })).toEqual({ changes: [], facts: [{ field: "template", value: "saas" }, { field: "opened", value: "true" }] });
  });

  it("accepts only well-formed filters", () => {
    expect(auditFiltersSchema.parse({ actor: " Buyer@Demo.Pareto ", action: "rfp.", rfp: "" })).toEqual({ actor: "buyer@demo.pareto", action: "rfp." });
    expect(auditFiltersSchema.safeParse({ action: "drop table;" }).success).toBe(false);
    expect(auditFiltersSchema.safeParse({ rfp: "not-a-uuid" }).success).toBe(false);
  });
});
