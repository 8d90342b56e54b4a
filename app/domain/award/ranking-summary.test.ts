import { describe, expect, it } from "vitest";
import type { ConsensusCell, ConsensusTable } from "../evaluation-workspace/consensus";
import { deviationFromRanking, flaggedSpreads, listedConsensusChanges, summaryRows, type SummaryBundle } from "./ranking-summary";

const bundle = (vendorId: string, slotId: string, rank: number | null, total: number, gateFailures: SummaryBundle["gateFailures"] = []): SummaryBundle => ({
  vendorId,
  slotId,
  vendorName: `Vendor ${vendorId}`,
  slotName: `Slot ${slotId}`,
  rank,
  total,
  evaluatedPriceMinor: 1_000_000 - total * 1_000,
  gateFailures,
});

const ranked = [1, 2, 3, 4, 5].map((rank) => bundle(`v${rank}`, "cost", rank, 90 - rank));
const gate = [{ gateName: "Rollout within 16 weeks", reason: "30 weeks offered" }];

describe("the award's ranking summary", () => {
  it("lists the top five and, when it is among them, no extra row for the awarded bundle", () => {
    const rows = summaryRows({ top: ranked, awarded: ranked[0]!, gated: [] });
    expect(rows.map((r) => [r.rank, r.awarded, r.topRanked])).toEqual([[1, true, true], [2, false, false], [3, false, false], [4, false, false], [5, false, false]]);
    expect(deviationFromRanking(rows)).toBeNull();
  });

  it("adds the awarded bundle below the top five, and marks the deviation with how far behind it is", () => {
    const eighth = bundle("v8", "reliability", 8, 80.5);
    const rows = summaryRows({ top: ranked, awarded: eighth, gated: [] });
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 8]);
    expect(rows[5]).toMatchObject({ key: "v8/reliability", awarded: true, topRanked: false });
    expect(deviationFromRanking(rows)).toEqual({ awardedRank: 8, topName: "Vendor v1 — Slot cost", pointsBehind: 8.5 });
  });

  it("shows the bundles that failed a gate only when they scored more than the awarded one, highest first", () => {
    const third = ranked[2]!; // 87 points: a gated bundle of 87 did not score more
    const gated = [bundle("g1", "cost", null, 86, gate), bundle("g2", "cost", null, 92, gate), bundle("g3", "cost", null, 88), bundle("g4", "cost", null, 87, gate)];
    const rows = summaryRows({ top: ranked, awarded: third, gated });
    expect(rows.map((r) => [r.key, r.rank])).toEqual([["v1/cost", 1], ["v2/cost", 2], ["v3/cost", 3], ["v4/cost", 4], ["v5/cost", 5], ["g2/cost", null], ["g3/cost", null]]);
    expect(rows[5]!.gateFailures).toEqual(gate);
  });
});

describe("the consensus's flagged spreads on the award page", () => {
  const cell = (vendor: string, slotId: string, spread: number, moderation: ConsensusCell["moderation"] = null): ConsensusCell => ({
    vendorOrganisationId: vendor,
    vendorName: `Vendor ${vendor}`,
    slotId,
    slotName: `Slot ${slotId}`,
    scores: [],
    submittedCount: 3,
    mean: 5,
    median: 5,
    consensus: moderation ? moderation.value : 5,
    spread,
    spreadFlagged: spread > 3,
    moderation,
    moderationRefusal: null,
  });
  const moderation = { value: 6, valueHalves: 12, reason: "Agreed in the panel meeting.", version: 1, moderatedAt: "2026-12-01T10:00:00.000Z", moderatedByName: "Dana Okafor" };
  const table: Pick<ConsensusTable, "criteria"> = {
    criteria: [
      { criterionId: "reliability", name: "Reliability", weight: 20, rubric: "", cells: [cell("v1", "cost", 2), cell("v3", "cost", 4, moderation), cell("v5", "cost", 5), cell("v2", "cost", 3.5)] },
      { criterionId: "staffing", name: "Staffing", weight: 10, rubric: "", cells: [cell("v9", "cost", 6)] },
    ],
  };
  const rankOf = (vendorId: string) => (vendorId === "v9" ? null : Number(vendorId.slice(1)));

  it("counts them open or moderated and lists open ones first, by the bundle's place", () => {
    const spreads = flaggedSpreads(table, rankOf);
    expect([spreads.open, spreads.moderated, spreads.more]).toEqual([3, 1, 0]);
    expect(spreads.listed.map((s) => [s.criterionName, s.vendorName, s.rank, s.spread, s.moderation?.byName ?? null])).toEqual([
      ["Reliability", "Vendor v2", 2, 3.5, null],
      ["Reliability", "Vendor v5", 5, 5, null],
      ["Staffing", "Vendor v9", null, 6, null],
      ["Reliability", "Vendor v3", 3, 4, "Dana Okafor"],
    ]);
  });

  it("lists at most ten and counts the rest", () => {
    const many: Pick<ConsensusTable, "criteria"> = { criteria: [{ criterionId: "c", name: "C", weight: 1, rubric: "", cells: Array.from({ length: 12 }, (_, i) => cell(`v${i + 1}`, "cost", 4)) }] };
    const spreads = flaggedSpreads(many, (vendorId) => Number(vendorId.slice(1)));
    expect([spreads.open, spreads.listed.length, spreads.more]).toEqual([12, 10, 2]);
    expect(spreads.listed.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("names the changed consensus scores of the best-placed bundles first", () => {
    const change = (vendor: string) => ({ criterionId: "c", criterionName: "C", vendorOrganisationId: vendor, vendorName: vendor, slotId: "cost", slotName: "Cost", inRun: 5, now: 6 });
    const listed = listedConsensusChanges([change("v9"), change("v7"), change("v1"), change("v4"), change("v3"), change("v2"), change("v6")], rankOf);
    expect(listed.map((c) => c.vendorOrganisationId)).toEqual(["v1", "v2", "v3", "v4", "v6"]);
  });
});
