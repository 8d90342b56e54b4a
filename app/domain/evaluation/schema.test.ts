import { describe, expect, it } from "vitest";
import { parseRoundInput, type InputProblem } from "./schema";
import { miniRoundRaw } from "./test-round";

function problems(mutate: (raw: ReturnType<typeof miniRoundRaw>) => void): InputProblem[] {
  const raw = miniRoundRaw();
  mutate(raw);
  const r = parseRoundInput(raw);
  return r.ok ? [] : r.problems;
}
const paths = (ps: InputProblem[]) => ps.map((p) => p.path);

describe("roundInputSchema", () => {
  it("accepts the mini round", () => {
    expect(parseRoundInput(miniRoundRaw()).ok).toBe(true);
  });

  it("rejects weights that do not sum to 100, tolerating float error", () => {
    expect(paths(problems((r) => (r.criteria[0]!.weight = 49)))).toEqual(["criteria"]);
    // 33.3 + 33.3 + 33.4 style sums are fine
    expect(problems((r) => {
      r.criteria[0]!.weight = 50.1 - 0.1;
    })).toEqual([]);
  });

  it("adds weights as the decimals typed: exactly 100 passes, 99.9999999997 does not", () => {
    // 33.3 + 33.3 + 13.4 + 20 is exactly 100
    expect(problems((r) => {
      r.criteria[0]!.weight = 33.3;
      r.criteria[1]!.weight = 33.3;
      r.criteria[2]!.weight = 13.4;
    })).toEqual([]);
    // 99.9999999996 + 0.0000000001 is within 1e-9 of 100 but is not 100
    const ps = problems((r) => {
      r.criteria[0]!.weight = 69.9999999996;
      r.criteria[1]!.weight = 0.0000000001;
      r.criteria[2]!.weight = 10;
      r.criteria[3]!.weight = 20;
    });
    expect(ps).toEqual([{ path: "criteria", message: "criterion weights sum to 99.9999999997, not 100" }]);
    expect(paths(problems((r) => (r.criteria[0]!.weight = 50.0000000004)))).toEqual(["criteria"]);
  });

  it("rejects a bundle missing an issue value, an unknown issue and a wrong type", () => {
    const ps = problems((r) => {
      const v = r.vendors[0]!.bundles[1]!.values as Record<string, unknown>;
      delete v.rollout;
      v.colour = "red";
      (r.vendors[1]!.bundles[0]!.values as Record<string, unknown>).support = "platinum";
    });
    expect(paths(ps)).toEqual(
      expect.arrayContaining(["vendors.0.bundles.1.values.rollout", "vendors.0.bundles.1.values.colour", "vendors.1.bundles.0.values.support"]),
    );
  });

  it("rejects scores outside 0–10, NaN and negative prices, all in one pass", () => {
    const ps = problems((r) => {
      r.evaluatorScores![0]!.score = 11;
      (r.vendors[0]!.bundles[0]!.values as Record<string, unknown>).fee = -5;
      r.criteria[2]!.weight = 10;
    });
    expect(paths(ps)).toEqual(expect.arrayContaining(["evaluatorScores.0.score", "vendors.0.bundles.0.values.fee"]));
    const nan = problems((r) => {
      (r.vendors[0]!.bundles[0]!.values as Record<string, unknown>).months = Number.NaN;
    });
    expect(paths(nan)).toContain("vendors.0.bundles.0.values.months");
  });

  it("rejects unknown criterion, issue, vendor and evaluator references", () => {
    const ps = problems((r) => {
      r.evaluatorScores![0]!.criterionId = "nope";
      r.evaluatorScores![1]!.evaluatorId = "ghost";
      const c = r.criteria[2]!;
      if (c.kind === "number") c.issueId = "missing";
      r.settings.evaluatedPrice.terms[0]!.issueId = "alsoMissing";
    });
    expect(paths(ps)).toEqual(
      expect.arrayContaining(["evaluatorScores.0.criterionId", "evaluatorScores.1.evaluatorId", "criteria.2.issueId", "settings.evaluatedPrice.terms.0.issueId"]),
    );
  });

  it("rejects duplicate ids and not exactly three bundle slots", () => {
    const ps = problems((r) => {
      r.criteria[1]!.id = "price";
      r.vendors[1]!.id = "alpha";
      r.bundleSlots.pop();
    });
    expect(paths(ps)).toEqual(expect.arrayContaining(["bundleSlots"]));
    const dup = problems((r) => {
      r.criteria[1]!.id = "price";
      r.vendors[1]!.id = "alpha";
    });
    expect(paths(dup)).toEqual(expect.arrayContaining(["criteria.1.id", "vendors.1.id"]));
  });

  it("requires a judged score per bundle and a reason for moderated scores", () => {
    const missing = problems((r) => {
      r.evaluatorScores = r.evaluatorScores!.filter((s) => !(s.vendorId === "beta" && s.slotId === "C"));
    });
    expect(paths(missing)).toEqual(["vendors.1.bundles.2"]);
    const moderated = problems((r) => {
      r.settings.consensus = "moderated";
      r.moderations = [{ criterionId: "quality", vendorId: "alpha", slotId: "A", value: 7, reason: "  " }];
    });
    expect(paths(moderated)).toContain("moderations.0.reason");
    // Under "moderated" a cell without a moderation is valid (its consensus is the median):
    // the chair's lock rule decides which cells must be moderated, not the schema.
    expect(moderated.map((p) => p.path)).toEqual(["moderations.0.reason"]);
  });

  it("rejects a bundle set that is not one bundle per slot", () => {
    const ps = problems((r) => {
      r.vendors[0]!.bundles[2]!.slotId = "A";
    });
    expect(paths(ps)).toEqual(expect.arrayContaining(["vendors.0.bundles.2.slotId"]));
  });

  it("never throws on garbage", () => {
    for (const junk of [null, 42, "x", [], { vendors: "many" }]) {
      const r = parseRoundInput(junk);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.length).toBeGreaterThan(0);
    }
  });
});
