import { describe, expect, it } from "vitest";
import { sampleFieldServicesBid } from "../bids/sample";
import { evaluateRound, parseRoundInput } from "../evaluation";
import { DomainError } from "../errors";
import { definitionFromTemplate } from "../rfp/templates";
import { buildRoundInput, CONFIDENTIAL_MISSING, roundInputJson, type RoundInputSource, type RoundScore } from "./round-input";

const V1 = "11111111-1111-4111-8111-111111111111";
const V2 = "22222222-2222-4222-8222-222222222222";
const E1 = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const E2 = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const SLOTS = ["cost", "reliability", "balanced"];

function source(overrides: Partial<RoundInputSource> = {}): RoundInputSource {
  const definition = definitionFromTemplate("field-services");
  const scores: RoundScore[] = [];
  for (const [vendor, base] of [[V1, 12], [V2, 14]] as const) {
    SLOTS.forEach((slotId, i) => {
      scores.push({ userId: E1, vendorOrganisationId: vendor, slotId, criterionId: "reliability", scoreHalves: base + i, justification: "fine", submittedAt: new Date("2026-12-01T10:00:00Z") });
      scores.push({ userId: E2, vendorOrganisationId: vendor, slotId, criterionId: "reliability", scoreHalves: base + i + 2, justification: "good", submittedAt: new Date("2026-12-01T11:00:00Z") });
    });
  }
  return {
    rfpId: "99999999-9999-4999-8999-999999999999",
    definition,
    confidential: {
      reservationPriceMinor: 400_000_000,
      batna: { label: "In-house crew", values: { monthlyFee: 9_000_000, mobilisationFee: 0, termMonths: 36, rolloutWeeks: 0, responseHours: 12, localHiringPct: 80, scheduling: "fixed", staffingPlan: "-" }, judgedScores: { reliability: 6 } },
    },
    bidders: [
      { vendorOrganisationId: V2, vendorName: "Beta Crews", content: sampleFieldServicesBid(0.95) },
      { vendorOrganisationId: V1, vendorName: "Alpha Parks", content: sampleFieldServicesBid(1.05) },
    ],
    evaluators: [{ id: E2, name: "Zoe Evaluator" }, { id: E1, name: "Adam Evaluator" }],
    scores,
    moderations: [],
    ...overrides,
  };
}

describe("buildRoundInput", () => {
  it("builds a valid round from submitted scores only, with uuids and the definition's ids", () => {
    const src = source();
    // a draft must not count
    src.scores = [...src.scores, { userId: E1, vendorOrganisationId: V1, slotId: "cost", criterionId: "reliability", scoreHalves: 0, submittedAt: null }];
    const built = buildRoundInput(src);
    if (!built.ok) throw new Error(built.problems.join("\n"));
    const input = built.input;
    expect(input.vendors.map((v) => v.id)).toEqual([V1, V2]); // sorted by name
    expect(input.evaluators.map((e) => e.id)).toEqual([E1, E2]);
    expect(input.bundleSlots.map((s) => s.id)).toEqual(SLOTS);
    expect(input.evaluatorScores).toHaveLength(12);
    expect(input.evaluatorScores[0]).toEqual({ evaluatorId: E1, criterionId: "reliability", vendorId: V1, slotId: "cost", score: 6, comment: "fine" });
    expect(input.buyer.reservationPriceMinor).toBe(400_000_000);
    expect(input.settings.consensus).toBe("median");
    expect(input.clauseRequirements.slas.map((s) => s.metric)).toContain("complaint resolution time");
    expect(parseRoundInput(JSON.parse(roundInputJson(input))).ok).toBe(true);
    expect(() => evaluateRound(input)).not.toThrow();
  });

  it("gives the same JSON text whatever order the data arrives in", () => {
    const a = buildRoundInput(source());
    const shuffled = source();
    shuffled.scores = [...shuffled.scores].reverse();
    shuffled.bidders = [...shuffled.bidders].reverse();
    shuffled.evaluators = [...shuffled.evaluators].reverse();
    const b = buildRoundInput(shuffled);
    if (!a.ok || !b.ok) throw new Error("invalid");
    expect(roundInputJson(b.input)).toBe(roundInputJson(a.input));
    // keys in the engine schema's order
    expect(Object.keys(a.input).slice(0, 4)).toEqual(["rfpId", "title", "currency", "minorUnitsPerMajor"]);
  });

  it("lists judged cells without a submitted score instead of inventing zeros", () => {
    const src = source();
    src.scores = src.scores.filter((s) => !(s.vendorOrganisationId === V2 && s.slotId !== "cost"));
    const built = buildRoundInput(src);
    expect(built).toEqual({ ok: false, problems: ["No submitted score yet for “Service reliability plan” of Beta Crews, bundles Reliability-optimised, Balanced."] });
  });

  it("carries moderations under any method, as 0–10 values", () => {
    const built = buildRoundInput(source({ moderations: [{ vendorOrganisationId: V1, slotId: "cost", criterionId: "reliability", valueHalves: 13, reason: "agreed in the panel" }] }));
    if (!built.ok) throw new Error("invalid");
    expect(built.input.moderations).toEqual([{ criterionId: "reliability", vendorId: V1, slotId: "cost", value: 6.5, reason: "agreed in the panel" }]);
    const alphaCost = evaluateRound(built.input).bundles.find((b) => b.vendorId === V1 && b.slotId === "cost")!;
    expect(alphaCost.judged[0]).toMatchObject({ consensus: 6.5, moderationReason: "agreed in the panel" });
  });

  it("asks for the Confidential tab when the BATNA or the reservation price is missing", () => {
    for (const confidential of [{ reservationPriceMinor: null, batna: source().confidential.batna }, { reservationPriceMinor: 1, batna: null }]) {
      let error: unknown;
      try {
        buildRoundInput(source({ confidential }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("conflict");
      expect((error as DomainError).message).toBe(CONFIDENTIAL_MISSING);
    }
  });

  it("reports the engine's own problems by path", () => {
    const src = source();
    src.definition = { ...src.definition, criteria: { ...src.definition.criteria, evaluation: { ...src.definition.criteria.evaluation, evaluatedPrice: { description: "", terms: [] } } } };
    const built = buildRoundInput(src);
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.problems.some((p) => p.startsWith("settings.evaluatedPrice.terms"))).toBe(true);
  });
});
