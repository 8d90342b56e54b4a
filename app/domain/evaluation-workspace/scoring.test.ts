import { describe, expect, it } from "vitest";
import {
  checkDeclaration,
  checkScoreEntries,
  declarationsFromFields,
  JUSTIFICATION_MAX,
  everyScoreSubmitted,
  maySeeOthersScores,
  panelFromFields,
  parseScoreFieldName,
  parseScoreText,
  progressCount,
  readSentScore,
  scoreEntriesFromFields,
  scoreProblem,
  scoreToHalves,
  scoringProgress,
  SCORE_MESSAGES,
  type ScoreContext,
} from "./scoring";

const V = "11111111-1111-4111-8111-111111111111";
const slots = [
  { id: "cost", name: "Cost-optimised" },
  { id: "reliability", name: "Reliability-optimised" },
  { id: "balanced", name: "Balanced" },
];
const ctx = (existing: ScoreContext["existing"] = []): ScoreContext => ({
  slots,
  judgedCriteria: [{ id: "quality", name: "Service quality" }, { id: "transition", name: "Transition plan" }],
  assignedCriterionIds: ["quality"],
  existing,
});
const e = <S extends number | string | null>(slotId: string, score: S, justification = "Because.", criterionId = "quality") => ({ vendorOrganisationId: V, slotId, criterionId, score, justification });

describe("scores", () => {
  it("are 0–10 in halves", () => {
    expect([0, 0.5, 7, 7.5, 10, null].map(scoreProblem)).toEqual([null, null, null, null, null, null]);
    expect(scoreProblem(10.5)).toBe(SCORE_MESSAGES.range);
    expect(scoreProblem(-0.5)).toBe(SCORE_MESSAGES.range);
    expect(scoreProblem(7.3)).toBe(SCORE_MESSAGES.step);
    expect(scoreProblem(Number.NaN)).toBe(SCORE_MESSAGES.number);
    expect(scoreToHalves(7.5)).toBe(15);
  });
  it("parse as typed", () => {
    expect(parseScoreText("")).toEqual({ ok: true, score: null });
    expect(parseScoreText(" 7,5 ")).toEqual({ ok: true, score: 7.5 });
    expect(parseScoreText("seven")).toEqual({ ok: false, message: SCORE_MESSAGES.number });
    expect(parseScoreText("7.3")).toEqual({ ok: false, message: SCORE_MESSAGES.step });
    expect(parseScoreFieldName(`score.${V}.cost.quality`)).toEqual({ kind: "score", vendorOrganisationId: V, slotId: "cost", criterionId: "quality" });
    expect(parseScoreFieldName("score.x.y")).toBeNull();
  });
  it("read the form's fields into entries, each score as typed for the one check", () => {
    const entries = scoreEntriesFromFields({ [`score.${V}.cost.quality`]: "8", [`justification.${V}.cost.quality`]: "Good", [`score.${V}.balanced.quality`]: "x", intent: "draft" });
    expect(entries).toEqual([e("cost", "8", "Good"), e("balanced", "x", "")]);
  });
  it("read as sent: numbers as they are, text as typed, with the same words", () => {
    expect(readSentScore(7.5)).toEqual({ ok: true, score: 7.5 });
    expect(readSentScore(" 7,5 ")).toEqual({ ok: true, score: 7.5 });
    expect(readSentScore("")).toEqual({ ok: true, score: null });
    expect(readSentScore(null)).toEqual({ ok: true, score: null });
    expect(readSentScore("12")).toEqual({ ok: false, message: SCORE_MESSAGES.range });
    expect(readSentScore(12)).toEqual({ ok: false, message: SCORE_MESSAGES.range });
    expect(readSentScore("seven")).toEqual({ ok: false, message: SCORE_MESSAGES.number });
  });
});

describe("checkScoreEntries", () => {
  it("accepts a partial draft", () => {
    const check = checkScoreEntries([e("cost", 7.5, "")], false, ctx());
    expect(check.fieldErrors).toEqual({});
    expect(check.writes).toHaveLength(1);
    expect(check.pairs).toEqual([]);
  });
  it("refuses unknown bundles and criteria (400) and unassigned criteria (403 alone)", () => {
    const bad = checkScoreEntries([e("premium", 5), e("cost", 5, "x", "price"), e("cost", 5, "x", "transition")], false, ctx());
    expect(Object.keys(bad.fieldErrors).sort()).toEqual([`score.${V}.cost.price`, `score.${V}.cost.transition`, `score.${V}.premium.quality`]);
    expect(bad.onlyUnassigned).toBe(false);
    expect(checkScoreEntries([e("cost", 5, "x", "transition")], false, ctx()).onlyUnassigned).toBe(true);
  });
  it("needs every bundle scored and justified to submit, counting what is stored", () => {
    const missing = checkScoreEntries([e("cost", 7), e("reliability", 8, " ")], true, ctx());
    expect(missing.fieldErrors).toEqual({
      [`justification.${V}.reliability.quality`]: ["Write a justification for bundle B (Reliability-optimised) before you submit: it is required."],
      [`score.${V}.balanced.quality`]: ["Give a score for bundle C (Balanced) before you submit."],
      [`justification.${V}.balanced.quality`]: ["Write a justification for bundle C (Balanced) before you submit: it is required."],
    });
    const stored = [{ ...e("reliability", 8), submittedAt: null }, { ...e("balanced", 6), submittedAt: null }];
    const ok = checkScoreEntries([e("cost", 7)], true, ctx(stored));
    expect(ok.fieldErrors).toEqual({});
    expect(ok.pairs).toEqual([{ vendorOrganisationId: V, criterionId: "quality" }]);
  });
  it("names every problem of a submission at once, by field: a score out of range or not a number beside a missing justification", () => {
    const long = "x".repeat(JUSTIFICATION_MAX + 1);
    const check = checkScoreEntries([e("cost", "12", "Strong crews."), e("reliability", "8", "  "), e("balanced", "seven", long)], { criterionIds: ["quality"] }, ctx());
    // A wrong score or an overlong justification is not also called missing; the blank justification is.
    expect(check.fieldErrors).toEqual({
      [`score.${V}.cost.quality`]: [SCORE_MESSAGES.range],
      [`justification.${V}.reliability.quality`]: ["Write a justification for bundle B (Reliability-optimised) before you submit: it is required."],
      [`score.${V}.balanced.quality`]: [SCORE_MESSAGES.number],
      [`justification.${V}.balanced.quality`]: [SCORE_MESSAGES.justificationLong],
    });
    expect(check.onlyUnassigned).toBe(false);
    // The same form as a draft: only the problems of what was typed; a blank justification is fine.
    expect(Object.keys(checkScoreEntries([e("cost", "12", "Strong crews."), e("reliability", "8", "  "), e("balanced", "7,5", "")], false, ctx()).fieldErrors)).toEqual([`score.${V}.cost.quality`]);
  });
  it("names a submission's gaps beside an unassigned criterion's entry (400, not 403 alone)", () => {
    const check = checkScoreEntries([e("cost", 7), e("cost", 5, "x", "transition")], true, ctx());
    expect(Object.keys(check.fieldErrors).sort()).toEqual([
      `justification.${V}.balanced.quality`,
      `justification.${V}.reliability.quality`,
      `score.${V}.balanced.quality`,
      `score.${V}.cost.transition`,
      `score.${V}.reliability.quality`,
    ]);
    expect(check.onlyUnassigned).toBe(false);
  });
  it("submits only the criteria asked for; the other entries of the save are drafts, read as typed", () => {
    const ctx2: ScoreContext = { ...ctx(), assignedCriterionIds: ["quality", "transition"] };
    const check = checkScoreEntries([...slots.map((s) => e(s.id, "7,5")), e("cost", "4", "", "transition")], { criterionIds: ["quality"] }, ctx2);
    expect(check.fieldErrors).toEqual({});
    expect(check.pairs).toEqual([{ vendorOrganisationId: V, criterionId: "quality" }]);
    expect(check.writes.map((w) => [w.slotId, w.criterionId, w.score, w.justification])).toEqual([
      ["cost", "quality", 7.5, "Because."],
      ["reliability", "quality", 7.5, "Because."],
      ["balanced", "quality", 7.5, "Because."],
      ["cost", "transition", 4, ""],
    ]);
    // The draft criterion's gaps are not the submission's: asking to submit it too names them.
    expect(Object.keys(checkScoreEntries([e("cost", "4", "", "transition")], { criterionIds: ["transition"] }, ctx2).fieldErrors)).toHaveLength(5);
  });
  it("refuses to change a submitted score, but lets an identical one through untouched", () => {
    const stored = slots.map((s) => ({ ...e(s.id, 7), submittedAt: new Date() }));
    expect(checkScoreEntries([e("cost", 8)], false, ctx(stored)).changesSubmitted?.criterionName).toBe("Service quality");
    const same = checkScoreEntries([e("cost", 7)], true, ctx(stored));
    expect(same.changesSubmitted).toBeNull();
    expect(same.writes).toEqual([]);
    expect(same.pairs).toEqual([]);
  });
});

describe("independence and the queue", () => {
  it("shows others' scores only once all one's own bundles are submitted", () => {
    const ids = slots.map((s) => s.id);
    expect(maySeeOthersScores([], ids)).toBe(false);
    expect(maySeeOthersScores([{ slotId: "cost", submittedAt: new Date() }], ids)).toBe(false);
    expect(maySeeOthersScores(ids.map((slotId) => ({ slotId, submittedAt: new Date() })), ids)).toBe(true);
  });
  it("counts drafted and submitted scores", () => {
    const own = [
      { ...e("cost", 7), criterionId: "quality", submittedAt: new Date() },
      { ...e("reliability", null, "typing…"), submittedAt: null },
      { ...e("balanced", null, ""), submittedAt: null },
      { ...e("cost", 5, "x", "other"), submittedAt: null },
    ];
    expect(scoringProgress(own, ["quality", "transition"], slots.map((s) => s.id))).toEqual({ total: 6, drafted: 1, submitted: 1 });
  });
  it("names drafts only while there are some", () => {
    expect(progressCount({ total: 6, drafted: 1, submitted: 1 })).toBe("1 of 6 submitted, 1 drafted");
    expect(progressCount({ total: 3, drafted: 0, submitted: 3 })).toBe("3 of 3 submitted");
    expect(progressCount({ total: 3, drafted: 0, submitted: 0 })).toBe("0 of 3 submitted");
  });
});

describe("every score submitted", () => {
  const done = { status: "to-score" as const, progress: { total: 3, drafted: 0, submitted: 3 } };
  it("is true once every scored bidder is fully submitted, a conflicted bidder aside", () => {
    expect(everyScoreSubmitted([done, { status: "conflict", progress: null }])).toBe(true);
    expect(everyScoreSubmitted([done, { status: "to-score", progress: { total: 3, drafted: 1, submitted: 2 } }])).toBe(false);
  });
  it("is false while a declaration is missing, with nobody to score, or with nothing to score", () => {
    expect(everyScoreSubmitted([done, { status: "undeclared", progress: null }])).toBe(false);
    expect(everyScoreSubmitted([{ status: "conflict", progress: null }])).toBe(false);
    expect(everyScoreSubmitted([])).toBe(false);
    expect(everyScoreSubmitted([{ status: "to-score", progress: { total: 0, drafted: 0, submitted: 0 } }])).toBe(false);
  });
});

describe("declarations", () => {
  it("need a note for a conflict and a reason for a change; the same again records nothing", () => {
    expect(checkDeclaration({ vendorOrganisationId: V, hasConflict: true, note: " " }, undefined).fieldErrors).toEqual({ [`note.${V}`]: [expect.stringMatching(/needs a note/)] });
    expect(checkDeclaration({ vendorOrganisationId: V, hasConflict: false, note: "" }, undefined)).toEqual({ record: true, fieldErrors: {} });
    expect(checkDeclaration({ vendorOrganisationId: V, hasConflict: false, note: "" }, { hasConflict: false, note: "" })).toEqual({ record: false, fieldErrors: {} });
    expect(checkDeclaration({ vendorOrganisationId: V, hasConflict: true, note: "Ex-employer" }, { hasConflict: false, note: "" }).fieldErrors).toEqual({ [`changeReason.${V}`]: [expect.stringMatching(/reason/)] });
    expect(checkDeclaration({ vendorOrganisationId: V, hasConflict: true, note: "Ex-employer", changeReason: "Remembered" }, { hasConflict: false, note: "" })).toEqual({ record: true, fieldErrors: {} });
  });
  it("read from the form, one choice per bidder", () => {
    const W = "22222222-2222-4222-8222-222222222222";
    const { declarations, fieldErrors } = declarationsFromFields({ [`conflict.${V}`]: "yes", [`note.${V}`]: "Brother-in-law" }, [V, W]);
    expect(declarations).toEqual([{ vendorOrganisationId: V, hasConflict: true, note: "Brother-in-law" }]);
    expect(Object.keys(fieldErrors)).toEqual([`conflict.${W}`]);
  });
});

describe("the panel form", () => {
  it("all criteria ticked = null (all), none = a message", () => {
    const A = "33333333-3333-4333-8333-333333333333";
    const B = "44444444-4444-4444-8444-444444444444";
    const C = "55555555-5555-4555-8555-555555555555";
    const form = new URLSearchParams([[`member.${A}`, "on"], [`criteria.${A}`, "quality"], [`criteria.${A}`, "transition"], [`member.${B}`, "on"], [`criteria.${B}`, "quality"], [`member.${C}`, "on"]]);
    const { input, fieldErrors } = panelFromFields(form, [A, B, C], ["quality", "transition"]);
    expect(input.members).toEqual([{ userId: A, criterionIds: null }, { userId: B, criterionIds: ["quality"] }]);
    expect(Object.keys(fieldErrors)).toEqual([`criteria.${C}`]);
  });
});
