import { describe, expect, it } from "vitest";
import { buildDebrief, type DebriefBundleRow, type DebriefInput } from "./debrief";

const row = (over: Partial<DebriefBundleRow>): DebriefBundleRow => ({
  slotId: "cost",
  slotName: "Cost-optimised",
  slotPosition: 0,
  rank: 4,
  total: 61.5,
  evaluatedPriceMinor: 300_000_000,
  passesGates: true,
  bestOfVendor: false,
  gateFailures: [],
  points: [30, 20, 11.5],
  clauseFindings: [],
  ...over,
});

const input = (own: DebriefBundleRow[]): DebriefInput => ({
  rfp: { id: "r1", reference: "RIV-1", title: "Field services", buyerName: "City", currency: "EUR", minorUnitsPerMajor: 100 },
  vendor: { id: "v1", name: "Atlas" },
  round: 2,
  snapshot: { id: "s1", inputHash: "ab".repeat(32) },
  criteria: [
    { id: "price", name: "Price", weight: 40 },
    { id: "reliability", name: "Reliability", weight: 40 },
    { id: "local", name: "Local hiring", weight: 20 },
  ],
  own,
  winner: { vendorName: "Civic Crew", slotName: "Balanced", total: 80, evaluatedPriceMinor: 270_000_000, points: [40, 28, 12] },
  award: { rationale: "Ranks first and passes every gate.", deviationReason: null },
  standstillEndsAt: new Date("2026-12-10T12:00:00Z"),
  approvedAt: new Date("2026-11-30T12:00:00Z"),
});

describe("a debrief", () => {
  it("compares the vendor's best bundle with the winning bundle per criterion and names the advantages, largest first", () => {
    const best = row({ slotId: "balanced", slotName: "Balanced", slotPosition: 2, rank: 3, total: 65, bestOfVendor: true, points: [36, 20, 9] });
    const d = buildDebrief(input([row({}), best]));
    expect(d.own).toMatchObject({ slotId: "balanced", total: 65, rank: 3, gateFailures: [] });
    expect(d.criteria.map((c) => [c.name, c.ownPoints, c.winnerPoints])).toEqual([["Price", 36, 40], ["Reliability", 20, 28], ["Local hiring", 9, 12]]);
    expect(d.advantages).toEqual([
      "In total it scores 80.00 of 100 against your 65.00 (15.00 more).",
      "Scores 8.00 more points on Reliability (weight 40): 28.00 against your 20.00.",
      "Scores 4.00 more points on Price (weight 40): 40.00 against your 36.00.",
      "Scores 3.00 more points on Local hiring (weight 20): 12.00 against your 9.00.",
      "Its evaluated price is EUR 300,000.00 lower: EUR 2,700,000.00 against your EUR 3,000,000.00.",
    ]);
    expect(d.ownBundles.map((b) => b.slotId)).toEqual(["cost", "balanced"]);
    expect(d.standstillEndsAt).toBe("2026-12-10T12:00:00.000Z");
  });

  it("turns the vendor's gate failures and clause findings into improvements, and says when its best bundle was gated out", () => {
    const gated = row({
      rank: null,
      passesGates: false,
      gateFailures: [{ gateId: "rollout", gateName: "Rollout within 16 weeks", reason: "rollout 30 weeks is above 16" }],
      clauseFindings: [{ code: "CREDIT_WITHOUT_CAP", severity: "warning", clauseId: "uptime-credit", message: "The credit has no cap.", suggestion: "Cap it at 20 %." }],
    });
    const d = buildDebrief(input([gated]));
    expect(d.own.rank).toBeNull();
    expect(d.advantages[0]).toContain("failed a gate");
    expect(d.improvements).toEqual([
      { severity: "error", where: "Cost-optimised: gate Rollout within 16 weeks", message: "rollout 30 weeks is above 16", suggestion: expect.stringContaining("Rollout within 16 weeks") },
      { severity: "warning", where: "Cost-optimised: uptime-credit", message: "The credit has no cap.", suggestion: "Cap it at 20 %." },
    ]);
  });

  it("says so when the winner is not ahead on any criterion (an award that departed from the ranking)", () => {
    const deviation = { rationale: "Civic Crew's balanced bundle keeps two standby crews in winter.", deviationReason: "Delivery risk: Atlas has no winter cover in the district." };
    const d = buildDebrief({ ...input([row({ bestOfVendor: true, total: 90, points: [45, 30, 15], evaluatedPriceMinor: 200_000_000 })]), award: deviation });
    expect(d.advantages).toEqual(["The winning bundle does not score more points than yours on any criterion; the buyer's reasons for choosing it are given with the award decision below."]);
    // Those reasons travel with the debrief: the bidder passed over reads why.
    expect(d.awardReasons).toEqual(deviation);
  });
});
