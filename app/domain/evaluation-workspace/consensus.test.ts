import { describe, expect, it } from "vitest";
import { definitionFromTemplate } from "../rfp/templates";
import { buildConsensusTable, conflictKey, consensusChangesSince, moderateScoreSchema, unlockScoresSchema, type ConsensusSource, type RunConsensus, type StoredScore } from "./consensus";

const V1 = "11111111-1111-4111-8111-111111111111";
const V2 = "22222222-2222-4222-8222-222222222222";
const E1 = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const E2 = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const E3 = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
const SLOTS = ["cost", "reliability", "balanced"];
const at = new Date("2026-12-01T10:00:00Z");

function score(userId: string, vendor: string, slotId: string, halves: number | null, submitted = true): StoredScore {
  const name = { [E1]: "Ann", [E2]: "Ben", [E3]: "Cas" }[userId]!;
  return { userId, evaluatorName: name, vendorOrganisationId: vendor, slotId, criterionId: "reliability", scoreHalves: halves, justification: `${name} says so`, submittedAt: submitted ? at : null };
}

function source(method: "mean" | "median" | "moderated" = "median"): ConsensusSource {
  const definition = definitionFromTemplate("field-services");
  definition.criteria.evaluation.consensus = method;
  const scores: StoredScore[] = [];
  for (const slot of SLOTS) {
    scores.push(score(E1, V1, slot, 12), score(E2, V1, slot, 14), score(E3, V1, slot, 17)); // 6, 7, 8.5: spread 2.5
    scores.push(score(E1, V2, slot, 4), score(E2, V2, slot, 14), score(E3, V2, slot, 16)); // 2, 7, 8: spread 6, flagged
  }
  return {
    definition,
    bidders: [{ vendorOrganisationId: V1, vendorName: "Alpha" }, { vendorOrganisationId: V2, vendorName: "Beta" }],
    panel: [{ userId: E1, name: "Ann", criterionIds: null }, { userId: E2, name: "Ben", criterionIds: null }, { userId: E3, name: "Cas", criterionIds: ["reliability"] }],
    conflicts: new Set(),
    scores,
    moderations: [],
  };
}

describe("consensus table", () => {
  it("shows mean, median, the engine's consensus and the spread flag per bundle", () => {
    const table = buildConsensusTable(source("median"));
    expect(table.criteria.map((c) => c.criterionId)).toEqual(["reliability"]);
    const cells = table.criteria[0]!.cells;
    expect(cells).toHaveLength(6);
    const alpha = cells[0]!;
    expect(alpha).toMatchObject({ vendorName: "Alpha", slotId: "cost", submittedCount: 3, median: 7, consensus: 7, spread: 2.5, spreadFlagged: false });
    expect(alpha.mean).toBeCloseTo(21.5 / 3, 12);
    expect(alpha.scores.map((s) => s.evaluatorName)).toEqual(["Ann", "Ben", "Cas"]);
    expect(alpha.moderationRefusal).toMatch(/^The consensus method of this RFP is the median, and the submitted scores for this bundle are 2.5 points apart \(within the margin of 3\)/);
    const beta = cells[3]!;
    expect(beta).toMatchObject({ vendorName: "Beta", median: 7, spread: 6, spreadFlagged: true, moderationRefusal: null });
    expect(table.lockBlockers).toEqual([]);
    expect(table.description).toContain("median");
  });

  it("flags exactly as the engine does: a spread equal to the margin is not flagged", () => {
    const src = source("mean");
    src.scores = src.scores.map((s) => (s.vendorOrganisationId === V1 && s.userId === E3 ? { ...s, scoreHalves: 18 } : s)); // 6 .. 9: spread 3 = margin
    const cell = buildConsensusTable(src).criteria[0]!.cells[0]!;
    expect(cell).toMatchObject({ spread: 3, spreadFlagged: false });
    expect(cell.consensus).toBeCloseTo(22 / 3, 12); // (6 + 7 + 9) / 3
  });

  it("a moderation is the consensus under any method; the moderated method allows it everywhere", () => {
    const src = source("mean");
    src.moderations = [{ vendorOrganisationId: V2, slotId: "cost", criterionId: "reliability", valueHalves: 13, reason: "talked it through", version: 1, moderatedAt: at, moderatedByName: "Dana" }];
    const cell = buildConsensusTable(src).criteria[0]!.cells[3]!;
    expect(cell).toMatchObject({ consensus: 6.5, moderation: { value: 6.5, reason: "talked it through", version: 1, moderatedByName: "Dana" } });
    const moderated = buildConsensusTable(source("moderated"));
    expect(moderated.criteria[0]!.cells.every((c) => c.moderationRefusal === null)).toBe(true);
    expect(moderated.criteria[0]!.cells[0]!.consensus).toBe(7); // the median until moderated
  });

  it("blocks the lock on outstanding scores and, under the moderated method, on unmoderated flagged cells", () => {
    const src = source("moderated");
    src.scores = [...src.scores.filter((s) => !(s.userId === E2 && s.vendorOrganisationId === V1 && s.slotId !== "cost")), score(E2, V1, "balanced", 10, false)]; // a draft is still outstanding
    const table = buildConsensusTable(src);
    expect(table.outstanding).toEqual([
      { evaluatorId: E2, evaluatorName: "Ben", criterionId: "reliability", criterionName: "Service reliability plan", vendorOrganisationId: V1, vendorName: "Alpha", slotNames: ["Reliability-optimised", "Balanced"] },
    ]);
    expect(table.lockBlockers[0]).toBe("Ben has not submitted “Service reliability plan” for Alpha (bundles Reliability-optimised, Balanced).");
    expect(table.lockBlockers.filter((b) => b.includes("set a moderated score"))).toHaveLength(3);
    const draft = table.criteria[0]!.cells[2]!.scores.find((s) => s.evaluatorId === E2)!;
    expect(draft).toMatchObject({ score: 5, submitted: false });
  });

  it("a conflicted evaluator owes nothing for that vendor and their scores do not count", () => {
    const src = source("median");
    src.conflicts = new Set([conflictKey(E3, V2)]);
    src.scores = src.scores.filter((s) => !(s.userId === E3 && s.vendorOrganisationId === V2));
    const table = buildConsensusTable(src);
    expect(table.outstanding).toEqual([]);
    expect(table.criteria[0]!.cells[3]).toMatchObject({ submittedCount: 2, median: 4.5 });
  });
});

describe("the consensus now against a run", () => {
  const runOf = (table: ReturnType<typeof buildConsensusTable>): RunConsensus[] =>
    table.criteria.flatMap((c) => c.cells.map((cell) => ({ vendorOrganisationId: cell.vendorOrganisationId, slotId: cell.slotId, criterionId: c.criterionId, consensus: cell.consensus! })));

  it("finds no change when every cell's consensus is the run's, to a double's last bit", () => {
    const table = buildConsensusTable(source("mean"));
    const run = runOf(table).map((r, i) => (i === 0 ? { ...r, consensus: r.consensus * (1 + Number.EPSILON) } : r));
    expect(consensusChangesSince(table, run)).toEqual([]);
  });

  it("names each cell whose consensus moved since the run: a moderation, a score no longer counting", () => {
    const run = runOf(buildConsensusTable(source("median")));
    const src = source("median");
    src.moderations = [{ vendorOrganisationId: V2, slotId: "cost", criterionId: "reliability", valueHalves: 13, reason: "talked it through", version: 1, moderatedAt: at, moderatedByName: "Dana" }];
    // Ann declares a conflict with Alpha: her scores of Alpha stop counting (median of 7 and 8.5 is 7.75).
    src.conflicts = new Set([conflictKey(E1, V1)]);
    const changes = consensusChangesSince(buildConsensusTable(src), run);
    expect(changes.map((c) => [c.vendorName, c.slotId, c.inRun, c.now])).toEqual([
      ["Alpha", "cost", 7, 7.75],
      ["Alpha", "reliability", 7, 7.75],
      ["Alpha", "balanced", 7, 7.75],
      ["Beta", "cost", 7, 6.5],
    ]);
    expect(changes[3]).toMatchObject({ criterionName: "Service reliability plan", slotName: "Cost-optimised" });
    // A cell the run did not have is a change too.
    expect(consensusChangesSince(buildConsensusTable(source("median")), run.slice(1)).map((c) => [c.vendorName, c.slotId, c.inRun, c.now])).toEqual([["Alpha", "cost", null, 7]]);
  });
});

describe("moderation forms", () => {
  it("needs a score in halves from 0 to 10 and a reason", () => {
    const ok = moderateScoreSchema.safeParse({ vendorOrganisationId: V1, slotId: "cost", criterionId: "reliability", value: "6,5", reason: " agreed ", expectedVersion: "0" });
    expect(ok.success && ok.data).toMatchObject({ value: 6.5, reason: "agreed", expectedVersion: 0 });
    const bad = moderateScoreSchema.safeParse({ vendorOrganisationId: V1, slotId: "cost", criterionId: "reliability", value: "6.3", reason: "  ", expectedVersion: "0" });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues.map((i) => i.path[0]).sort()).toEqual(["reason", "value"]);
    expect(moderateScoreSchema.safeParse({ vendorOrganisationId: V1, slotId: "cost", criterionId: "reliability", value: "11", reason: "x", expectedVersion: 0 }).success).toBe(false);
    expect(unlockScoresSchema.safeParse({ reason: "" }).success).toBe(false);
  });
});
