import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  assertMayApprove,
  assertMayCancel,
  assertMayConclude,
  awardActions,
  awardIntentSchema,
  awardStatus,
  checkProposal,
  namedCriterionOrRisk,
  standstillDaysSchema,
  standstillEndsAt,
  type AwardClock,
  type ProposedBundle,
} from "./rules";

const CRITERIA = ["Price", "Reliability and resilience", "Local hiring"];
const bundle = (over: Partial<ProposedBundle> = {}): ProposedBundle => ({ vendorId: "v1", slotId: "cost", vendorName: "Atlas", slotName: "Cost-optimised", rank: 2, passesGates: true, gateFailures: [], ...over });
const TOP = bundle({ vendorId: "v2", slotId: "balanced", vendorName: "Civic Crew", slotName: "Balanced", rank: 1 });
const caught = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error("expected a refusal");
};
const clock = (over: Partial<AwardClock> = {}): AwardClock => ({ proposedBy: "dana", approvedAt: null, standstillEndsAt: null, concludedAt: null, cancelledAt: null, ...over });
const T0 = new Date("2026-11-30T12:00:00.000Z");

describe("award status", () => {
  it("is derived from the timestamps, cancellation first", () => {
    expect(awardStatus(clock())).toBe("proposed");
    expect(awardStatus(clock({ approvedAt: T0 }))).toBe("standstill");
    expect(awardStatus(clock({ approvedAt: T0, concludedAt: T0 }))).toBe("concluded");
    expect(awardStatus(clock({ approvedAt: T0, cancelledAt: T0 }))).toBe("cancelled");
  });

  it("ends the standstill whole days after the approval, on the next whole minute", () => {
    expect(standstillEndsAt(T0, 10).toISOString()).toBe("2026-12-10T12:00:00.000Z");
    expect(standstillEndsAt(T0, 0).toISOString()).toBe(T0.toISOString());
    // Approved at 09:15:42.123: the notice says 09:16 and the standstill ends then, not before.
    expect(standstillEndsAt(new Date("2026-12-01T09:15:42.123Z"), 10).toISOString()).toBe("2026-12-11T09:16:00.000Z");
    expect(standstillEndsAt(new Date("2026-12-01T09:15:00.001Z"), 14).toISOString()).toBe("2026-12-15T09:16:00.000Z");
  });
});

describe("a proposal", () => {
  it("of the top-ranked bundle needs no deviation reason and refuses one", () => {
    expect(checkProposal({ bundle: TOP, top: TOP, deviationReason: "  ", criterionNames: CRITERIA })).toEqual({ deviationReason: null });
    expect(caught(() => checkProposal({ bundle: TOP, top: TOP, deviationReason: "because", criterionNames: CRITERIA })).fieldErrors.deviationReason).toBeDefined();
  });

  it("of a bundle that failed a gate is refused with the gate's reason", () => {
    const gated = bundle({ rank: null, passesGates: false, gateFailures: [{ gateName: "Rollout within 16 weeks", reason: "rollout 30 weeks is above 16" }] });
    const error = caught(() => checkProposal({ bundle: gated, top: TOP, deviationReason: "Reliability and resilience risk", criterionNames: CRITERIA }));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("Rollout within 16 weeks: rollout 30 weeks is above 16");
  });

  it("of another bundle needs a deviation reason that names a criterion or a risk", () => {
    const second = bundle();
    expect(caught(() => checkProposal({ bundle: second, top: TOP, deviationReason: "", criterionNames: CRITERIA })).message).toContain("Civic Crew — Balanced");
    const vague = caught(() => checkProposal({ bundle: second, top: TOP, deviationReason: "We simply prefer them, better value overall.", criterionNames: CRITERIA }));
    expect(vague.message).toContain("Reliability and resilience");
    expect(checkProposal({ bundle: second, top: TOP, deviationReason: "Civic Crew's reliability and resilience plan relies on one depot.", criterionNames: CRITERIA })).toEqual({
      deviationReason: "Civic Crew's reliability and resilience plan relies on one depot.",
    });
    expect(checkProposal({ bundle: second, top: TOP, deviationReason: "Civic Crew's accounts show an insolvency warning.", criterionNames: CRITERIA }).deviationReason).toContain("insolvency");
  });

  it("of a bundle not in the snapshot is refused", () => {
    expect(caught(() => checkProposal({ bundle: null, top: TOP, deviationReason: "", criterionNames: CRITERIA })).fieldErrors.bundle).toBeDefined();
  });
});

describe("what a deviation reason names", () => {
  it("matches criterion names and risk words as whole words, case-insensitively", () => {
    expect(namedCriterionOrRisk("LOCAL HIRING is twice as high", CRITERIA)).toEqual({ kind: "criterion", name: "Local hiring" });
    expect(namedCriterionOrRisk("Delivery risks in winter", CRITERIA)).toEqual({ kind: "risk", name: "risk" });
    expect(namedCriterionOrRisk("a risky supplier", CRITERIA)?.kind).toBe("risk");
    expect(namedCriterionOrRisk("strong financial position", CRITERIA)).toEqual({ kind: "risk", name: "financial" });
    // Part of a longer word is not a name: "priceless", "exiting".
    expect(namedCriterionOrRisk("a priceless team, exiting soon", CRITERIA)).toBeNull();
    expect(namedCriterionOrRisk("", CRITERIA)).toBeNull();
  });
});

describe("approval, conclusion, cancellation", () => {
  it("refuses approving one's own proposal, and anything but a proposal", () => {
    expect(caught(() => assertMayApprove(clock(), "dana")).code).toBe("forbidden");
    expect(() => assertMayApprove(clock(), "priya")).not.toThrow();
    expect(caught(() => assertMayApprove(clock({ approvedAt: T0, standstillEndsAt: T0 }), "priya")).code).toBe("conflict");
  });

  it("concludes only after the standstill ends by the given clock", () => {
    const ends = new Date(T0.getTime() + 1000);
    const approved = clock({ approvedAt: T0, standstillEndsAt: ends });
    const early = caught(() => assertMayConclude(approved, T0, (d) => d.toISOString()));
    expect(early.message).toContain(ends.toISOString());
    expect(() => assertMayConclude(approved, ends, (d) => d.toISOString())).not.toThrow();
    expect(caught(() => assertMayConclude(clock(), ends, (d) => d.toISOString())).code).toBe("conflict");
  });

  it("cancels a proposal or an award in standstill only with a reason", () => {
    expect(caught(() => assertMayCancel(clock({ approvedAt: T0, standstillEndsAt: T0 }), "   ")).fieldErrors.reason).toBeDefined();
    expect(assertMayCancel(clock(), "  A complaint was upheld. ")).toBe("A complaint was upheld.");
    expect(caught(() => assertMayCancel(clock({ approvedAt: T0, concludedAt: T0 }), "late")).code).toBe("conflict");
  });

  it("offers each form only to who may use it when the state allows", () => {
    const base = { actorId: "dana", mayAward: true, proposable: true, approvable: true, now: T0 };
    expect(awardActions({ ...base, award: null })).toMatchObject({ canPropose: true, canSetStandstill: true, canApprove: false, canCancel: false });
    expect(awardActions({ ...base, award: clock() })).toMatchObject({ canPropose: false, canApprove: false, waitingForSecondPerson: true, canCancel: true });
    expect(awardActions({ ...base, actorId: "priya", award: clock() })).toMatchObject({ canApprove: true, waitingForSecondPerson: false });
    // A proposal resting on a run the consensus has moved away from (or an older run): no approval offered, cancelling still is.
    expect(awardActions({ ...base, actorId: "priya", approvable: false, award: clock() })).toMatchObject({ canApprove: false, canCancel: true });
    const running = clock({ approvedAt: T0, standstillEndsAt: new Date(T0.getTime() + 1) });
    expect(awardActions({ ...base, award: running })).toMatchObject({ canConclude: false, canCancel: true });
    expect(awardActions({ ...base, award: running, now: new Date(T0.getTime() + 1) })).toMatchObject({ canConclude: true });
    expect(awardActions({ ...base, mayAward: false, award: clock() })).toEqual({ canSetStandstill: false, canPropose: false, canApprove: false, canConclude: false, canCancel: false, waitingForSecondPerson: false });
  });
});

describe("the award forms", () => {
  it("parse each intent and reject bad values with a message", () => {
    expect(awardIntentSchema.safeParse({ intent: "standstill", standstillDays: "14" }).data).toEqual({ intent: "standstill", standstillDays: 14 });
    expect(awardIntentSchema.safeParse({ intent: "standstill", standstillDays: "91" }).error?.issues[0]?.message).toContain("90");
    expect(awardIntentSchema.safeParse({ intent: "standstill", standstillDays: "2.5" }).success).toBe(false);
    expect(awardIntentSchema.safeParse({ intent: "propose", bundle: "x", rationale: "r" }).error?.issues[0]?.message).toBe("Choose the bundle to award");
    expect(awardIntentSchema.safeParse({ intent: "propose", bundle: "0b4a7a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/cost", rationale: "  " }).success).toBe(false);
    expect(awardIntentSchema.safeParse({ intent: "cancel", reason: "" }).success).toBe(false);
  });

  it("reads the standstill period strictly: blank is missing, not 0 days, and hex is not a number", () => {
    const message = (value: unknown) => standstillDaysSchema.safeParse({ standstillDays: value }).error?.issues.map((i) => i.message);
    expect(message("")).toEqual(["Give the standstill period in whole days, e.g. 10 (0 for none)"]);
    expect(message("   ")).toEqual(["Give the standstill period in whole days, e.g. 10 (0 for none)"]);
    expect(message(undefined)).toEqual(["Give the standstill period in whole days, e.g. 10 (0 for none)"]);
    expect(message("0x0A")).toEqual(["Give the standstill period in whole days, e.g. 10"]);
    expect(message("1e1")).toEqual(["Give the standstill period in whole days, e.g. 10"]);
    expect(standstillDaysSchema.parse({ standstillDays: "0" })).toEqual({ standstillDays: 0 });
    expect(standstillDaysSchema.parse({ standstillDays: " 10 " })).toEqual({ standstillDays: 10 });
    expect(standstillDaysSchema.parse({ standstillDays: 10 })).toEqual({ standstillDays: 10 });
  });
});
