// The award's rules (issue #13, decision 020), pure: the status derived from its timestamps, what
// a proposal must say when it departs from the ranking, and the guards of approval, conclusion
// and cancellation. Services call them inside their transactions with the database clock.
import { z } from "zod";
import { typedNumber } from "../bids/grid-form-numbers";
import { DomainError } from "../errors";
import { formatPointsValue, type ConsensusChange } from "../evaluation-workspace/consensus";
import type { AwardStatus } from "./types";

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
export const MAX_STANDSTILL_DAYS = 90;
export const MAX_AWARD_TEXT = 4_000;

export interface AwardClock {
  proposedBy: string;
  approvedAt: Date | null;
  standstillEndsAt: Date | null;
  concludedAt: Date | null;
  cancelledAt: Date | null;
}

/** proposed → approved (standstill) → concluded | cancelled; never stored. */
export function awardStatus(award: Pick<AwardClock, "approvedAt" | "concludedAt" | "cancelledAt">): AwardStatus {
  if (award.cancelledAt) return "cancelled";
  if (award.concludedAt) return "concluded";
  if (award.approvedAt) return "standstill";
  return "proposed";
}

export const AWARD_STATUS_LABELS: Record<AwardStatus, string> = {
  proposed: "Proposed, awaiting a second approval",
  standstill: "Approved: provisional during the standstill period",
  concluded: "Concluded",
  cancelled: "Cancelled",
};

/**
 * The standstill ends `days` whole days (of 24 hours) after the approval, rounded up to the next
 * whole minute: notices and pages give the end to the minute, so the instant they name is the one
 * the conclusion waits for (never earlier than the days require, at most a minute later).
 */
export function standstillEndsAt(approvedAt: Date, days: number): Date {
  return new Date(Math.ceil((approvedAt.getTime() + days * DAY_MS) / MINUTE_MS) * MINUTE_MS);
}

// ── Deviation from the ranking ─────────────────────────────────────────────────────────────

/**
 * Words that name a risk a buyer may weigh against the ranking (decision 020). A deviation
 * reason must contain one of these, or the name of one of the RFP's criteria, as a whole word
 * or phrase (case-insensitive): "better value" or "we prefer them" names nothing.
 */
export const RISK_WORDS = [
  "risk",
  "capacity",
  "financial",
  "insolvency",
  "solvency",
  "delivery",
  "continuity",
  "security",
  "compliance",
  "legal",
  "conflict of interest",
  "abnormally low",
  "subcontracting",
  "dependency",
  "reputation",
  "safety",
  "sustainability",
  "exit",
  "lock-in",
] as const;

function normalise(text: string): string {
  return ` ${text.toLowerCase().normalize("NFC").replace(/[^\p{L}\p{N}%-]+/gu, " ").trim()} `;
}

/** What the reason names: the first criterion name, else the first risk word, else null. */
export function namedCriterionOrRisk(reason: string, criterionNames: readonly string[]): { kind: "criterion" | "risk"; name: string } | null {
  const text = normalise(reason);
  for (const name of criterionNames) {
    const n = normalise(name);
    if (n.trim() !== "" && text.includes(n)) return { kind: "criterion", name };
  }
  for (const word of RISK_WORDS) {
    // "risk" also matches "risks", "risky"; every other word or phrase as a whole.
    if (word === "risk" ? text.includes(" risk") : text.includes(normalise(word))) return { kind: "risk", name: word };
  }
  return null;
}

export interface ProposedBundle {
  vendorId: string;
  slotId: string;
  vendorName: string;
  slotName: string;
  rank: number | null;
  passesGates: boolean;
  gateFailures: readonly { gateName: string; reason: string }[];
}

export const AWARD_MESSAGES = {
  noSuchBundle: "That bundle is not in the evaluation the award is decided on. Choose one of the ranked bundles.",
  deviationNeeded: (top: string) =>
    `This is not the top-ranked bundle that passes the gates (${top}). Give a deviation reason that names the criterion or the risk that justifies it.`,
  deviationNamesNothing: (criteria: readonly string[]) =>
    `The deviation reason must name a criterion of this RFP (${criteria.join(", ")}) or a risk (for example delivery, capacity, financial, security or compliance risk).`,
  deviationNotNeeded: "This is the top-ranked bundle: no deviation reason is needed (leave it empty).",
  ownProposal: "You proposed this award: a different person of your organisation (a buyer or an administrator) must approve it.",
  notProposed: (status: AwardStatus) => `This award is ${AWARD_STATUS_LABELS[status].toLowerCase()}: only a proposed award can be approved.`,
  standstillRunning: (endsAt: string) => `The standstill period runs until ${endsAt}: the award can be concluded only after it ends.`,
  notInStandstill: (status: AwardStatus) => `This award is ${AWARD_STATUS_LABELS[status].toLowerCase()}: only an approved award can be concluded.`,
  notCancellable: (status: AwardStatus) => `This award is ${AWARD_STATUS_LABELS[status].toLowerCase()}: it can no longer be cancelled.`,
  cancelReasonNeeded: "Say why the award is cancelled: the reason goes to every bidder and into the audit trail.",
  /** Approval refused: the consensus now differs from the run the award rests on (a score, a moderation or a declaration changed). */
  consensusChanged: (count: number, first: Pick<ConsensusChange, "criterionName" | "vendorName" | "slotName" | "inRun" | "now"> | undefined) =>
    `The consensus changed after the evaluation run this award rests on: ${count} consensus ${count === 1 ? "score differs" : "scores differ"} from the run's` +
    (first ? ` (for example “${first.criterionName}” for ${first.vendorName} — ${first.slotName}: ${formatPointsValue(first.inRun)} in the run, ${formatPointsValue(first.now)} now)` : "") +
    ". Approving would award on scores the panel no longer holds, so it is refused. The chair runs the evaluation again on the Consensus tab; then cancel this proposal and propose again on the new run.",
};

/** The top-ranked bundle that passes the gates: the bundle with rank 1. */
export function topBundle<T extends Pick<ProposedBundle, "rank" | "passesGates">>(bundles: readonly T[]): T | null {
  return bundles.find((b) => b.passesGates && b.rank === 1) ?? null;
}

export function bundleName(b: Pick<ProposedBundle, "vendorName" | "slotName">): string {
  return `${b.vendorName} — ${b.slotName}`;
}

/**
 * The proposal's rules: the bundle passes every gate (refused with the gate's reason), and a
 * bundle other than the top-ranked one needs a deviation reason that names a criterion or a
 * risk. Returns the deviation reason to store (null for the top bundle).
 */
export function checkProposal(input: {
  bundle: ProposedBundle | null;
  top: Pick<ProposedBundle, "vendorId" | "slotId" | "vendorName" | "slotName"> | null;
  deviationReason: string;
  criterionNames: readonly string[];
}): { deviationReason: string | null } {
  const { bundle, top } = input;
  if (!bundle) throw new DomainError("invalid", AWARD_MESSAGES.noSuchBundle, { bundle: [AWARD_MESSAGES.noSuchBundle] });
  if (!bundle.passesGates) {
    const reasons = bundle.gateFailures.map((g) => `${g.gateName}: ${g.reason}`).join("; ");
    const message = `${bundleName(bundle)} failed a gate and cannot be awarded (${reasons || "gate failed"}).`;
    throw new DomainError("conflict", message, { bundle: [message] });
  }
  const reason = input.deviationReason.trim();
  const isTop = top !== null && top.vendorId === bundle.vendorId && top.slotId === bundle.slotId;
  if (isTop) {
    if (reason !== "") throw new DomainError("invalid", AWARD_MESSAGES.deviationNotNeeded, { deviationReason: [AWARD_MESSAGES.deviationNotNeeded] });
    return { deviationReason: null };
  }
  if (reason === "") {
    const message = AWARD_MESSAGES.deviationNeeded(top ? bundleName(top) : "none");
    throw new DomainError("invalid", message, { deviationReason: [message] });
  }
  if (!namedCriterionOrRisk(reason, input.criterionNames)) {
    const message = AWARD_MESSAGES.deviationNamesNothing(input.criterionNames);
    throw new DomainError("invalid", message, { deviationReason: [message] });
  }
  return { deviationReason: reason };
}

// ── Approval, conclusion, cancellation ─────────────────────────────────────────────────────

export function assertMayApprove(award: AwardClock, actorId: string): void {
  const status = awardStatus(award);
  if (status !== "proposed") throw new DomainError("conflict", AWARD_MESSAGES.notProposed(status));
  if (award.proposedBy === actorId) throw new DomainError("forbidden", AWARD_MESSAGES.ownProposal);
}

/** After the standstill ends by the database clock, an approved award can be concluded. */
export function assertMayConclude(award: AwardClock, now: Date, formatTime: (d: Date) => string): void {
  const status = awardStatus(award);
  if (status !== "standstill") throw new DomainError("conflict", AWARD_MESSAGES.notInStandstill(status));
  if (award.standstillEndsAt && now.getTime() < award.standstillEndsAt.getTime()) {
    throw new DomainError("conflict", AWARD_MESSAGES.standstillRunning(formatTime(award.standstillEndsAt)));
  }
}

/** A proposed award or one in standstill can be cancelled, always with a reason. */
export function assertMayCancel(award: AwardClock, reason: string): string {
  const status = awardStatus(award);
  if (status !== "proposed" && status !== "standstill") throw new DomainError("conflict", AWARD_MESSAGES.notCancellable(status));
  const trimmed = reason.trim();
  if (trimmed === "") throw new DomainError("invalid", AWARD_MESSAGES.cancelReasonNeeded, { reason: [AWARD_MESSAGES.cancelReasonNeeded] });
  return trimmed;
}

/** What the actor may do on the award page now (the page shows only these forms). */
export interface AwardActions {
  canSetStandstill: boolean;
  canPropose: boolean;
  canApprove: boolean;
  canConclude: boolean;
  canCancel: boolean;
  /** The actor proposed the award and waits for someone else to approve it. */
  waitingForSecondPerson: boolean;
}

/**
 * `approvable`: the proposal still rests on the newest run and on the consensus as it is now;
 * when not, the page says why instead of offering an approval the service would refuse.
 */
export function awardActions(input: { award: AwardClock | null; actorId: string; mayAward: boolean; proposable: boolean; approvable: boolean; now: Date }): AwardActions {
  const { award, actorId, mayAward, now } = input;
  const status = award ? awardStatus(award) : null;
  const live = status !== null && status !== "cancelled";
  return {
    canSetStandstill: mayAward && !live,
    canPropose: mayAward && !live && input.proposable,
    canApprove: mayAward && status === "proposed" && award!.proposedBy !== actorId && input.approvable,
    canConclude: mayAward && status === "standstill" && award!.standstillEndsAt !== null && now.getTime() >= award!.standstillEndsAt.getTime(),
    canCancel: mayAward && (status === "proposed" || status === "standstill"),
    waitingForSecondPerson: mayAward && status === "proposed" && award!.proposedBy === actorId,
  };
}

// ── Forms ─────────────────────────────────────────────────────────────────────────────────

const text = (max: number, what: string) => z.string().max(max, `${what} has at most ${max.toLocaleString("en-GB")} characters`);

/** The bundle is sent as "vendorId/slotId" by the radio buttons of the propose form. */
export const proposeAwardSchema = z.object({
  bundle: z.string({ error: "Choose the bundle to award" }).regex(/^[0-9a-f-]{36}\/[A-Za-z0-9_.:-]{1,120}$/i, "Choose the bundle to award"),
  rationale: text(MAX_AWARD_TEXT, "The rationale").trim().min(1, "Write the rationale of the award: why this bundle"),
  deviationReason: text(MAX_AWARD_TEXT, "The deviation reason").trim().default(""),
});
export type ProposeAwardInput = z.input<typeof proposeAwardSchema>;

export function splitBundleKey(bundle: string): { vendorId: string; slotId: string } {
  const slash = bundle.indexOf("/");
  return { vendorId: bundle.slice(0, slash), slotId: bundle.slice(slash + 1) };
}

export const cancelAwardSchema = z.object({
  reason: text(MAX_AWARD_TEXT, "The reason").trim().min(1, AWARD_MESSAGES.cancelReasonNeeded),
});

export const standstillDaysSchema = z.object({
  // Strict (decision 021): blank is missing, not 0 days (an award could be concluded at once), and "0x0A" is not 10.
  standstillDays: typedNumber("Give the standstill period in whole days, e.g. 10").pipe(
    z
      .number({ error: "Give the standstill period in whole days, e.g. 10 (0 for none)" })
      .int("Give the standstill period in whole days")
      .min(0, "The standstill period cannot be negative")
      .max(MAX_STANDSTILL_DAYS, `The standstill period is at most ${MAX_STANDSTILL_DAYS} days`),
  ),
});

export const awardIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("standstill") }).extend(standstillDaysSchema.shape),
  z.object({ intent: z.literal("propose") }).extend(proposeAwardSchema.shape),
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("conclude") }),
  z.object({ intent: z.literal("cancel") }).extend(cancelAwardSchema.shape),
]);
export type AwardIntent = z.infer<typeof awardIntentSchema>;
