import { describe, expect, it } from "vitest";
import { emptyBidDraft } from "../bids/content";
import { draftToGridFields, gridFieldsToDraft, valueField } from "../bids/grid-form";
import { sampleFieldServicesBid } from "../bids/sample";
import { formatMoney } from "../evaluation/format";
import { confidentialFormSchema, confidentialFromForm } from "../rfp/editor-forms";
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

describe("a currency without two decimals (decision 021)", () => {
  it("compares a yen bid typed in the grid with a yen reservation price typed in the confidential form", () => {
    const yen = definitionFromTemplate("field-services");
    yen.basics.currency = "JPY";
    const grid = draftToGridFields(emptyBidDraft(yen), yen);
    SLOTS.forEach((_, b) => {
      grid[valueField(b, "monthlyFee")] = "2,000,000";
      grid[valueField(b, "mobilisationFee")] = "0";
    });
    const typed = gridFieldsToDraft(grid, yen);
    if (!typed.ok) throw new Error(JSON.stringify(typed.errors));
    const sample = sampleFieldServicesBid();
    const content = { ...sample, bundles: sample.bundles.map((bundle, b) => ({ ...bundle, values: { ...bundle.values, monthlyFee: typed.draft.bundles[b]!.values.monthlyFee!, mobilisationFee: typed.draft.bundles[b]!.values.mobilisationFee! } })) };
    const flagged = (reservationPrice: string) => {
      const position = confidentialFromForm(yen, confidentialFormSchema.parse({ expectedVersion: "1", reservationPrice }));
      if (!position.ok) throw new Error(JSON.stringify(position.fieldErrors));
      const base = source();
      const built = buildRoundInput(source({ definition: yen, confidential: { ...base.confidential, reservationPriceMinor: position.position.reservationPriceMinor }, bidders: base.bidders.map((bidder) => ({ ...bidder, content })) }));
      if (!built.ok) throw new Error(built.problems.join("\n"));
      expect(built.input.minorUnitsPerMajor).toBe(1);
      const result = evaluateRound(built.input);
      const cost = result.ranking.find((r) => r.slotId === "cost")!;
      // 36 months × JPY 2,000,000 + JPY 0 mobilisation.
      expect(formatMoney(cost.evaluatedPriceMinor, "JPY", built.input.minorUnitsPerMajor)).toBe("JPY 72,000,000");
      return cost.exceedsReservation;
    };
    expect(flagged("50,000,000")).toBe(true);
    expect(flagged("80,000,000")).toBe(false);
  });
});
