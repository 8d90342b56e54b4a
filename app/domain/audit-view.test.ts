import { describe, expect, it } from "vitest";
import { auditFiltersSchema, idsInAuditView, presentAuditView, readableAuditData } from "./audit-view";

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

describe("the audit page's reading of recorded values", () => {
  const civic = "7677089e-65a3-4f20-a651-e2a273011706";
  const sam = "36faf246-664d-44d3-a042-2c8d2f7c2157";
  const snapshot = "11e25789-eb46-4e98-b19e-02dbd7c50c03";
  const names = new Map([[civic, "Civic Crew Co-operative"], [sam, "Sam Lindqvist"]]);

  it("shows a moment as a moment, a known id as its name once, and anything else as recorded", () => {
    const view = readableAuditData({
      receivedAt: "2026-12-03T14:53:51.941Z",
      organisation: "Civic Crew Co-operative",
      organisationId: civic,
      snapshotId: snapshot,
      shortlist: [{ vendorName: "Civic Crew Co-operative", vendorOrganisationId: civic }],
      vendors: [civic],
      note: "2026-12-03 is not a moment",
    });
    expect(idsInAuditView(view).sort()).toEqual([civic, snapshot].sort());
    expect(presentAuditView(view, names).facts).toEqual([
      { field: "receivedAt", value: { kind: "time", iso: "2026-12-03T14:53:51.941Z" } },
      // Beside its own name the id is that name's (in its title), not a second row.
      { field: "organisation", value: { kind: "name", name: "Civic Crew Co-operative", id: civic } },
      { field: "snapshotId", value: { kind: "text", text: snapshot } },
      { field: "shortlist.1.vendorName", value: { kind: "name", name: "Civic Crew Co-operative", id: civic } },
      // Alone, the id reads as the name.
      { field: "vendors.1", value: { kind: "name", name: "Civic Crew Co-operative", id: civic } },
      { field: "note", value: { kind: "text", text: "2026-12-03 is not a moment" } },
    ]);
  });

  it("names ids in a change too, and leaves the recorded view as it was", () => {
    const view = readableAuditData({ before: [{ userId: null }], after: [{ userId: sam }] });
    const copy = structuredClone(view);
    expect(presentAuditView(view, names).changes).toEqual([{ field: "1.userId", before: { kind: "text", text: "(none)" }, after: { kind: "name", name: "Sam Lindqvist", id: sam } }]);
    expect(view).toEqual(copy);
    // An id whose name is not known to the page stays the id.
    expect(presentAuditView(view, new Map()).changes[0]!.after).toEqual({ kind: "text", text: sam });
  });
});
