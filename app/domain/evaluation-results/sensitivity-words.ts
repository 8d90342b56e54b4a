/**
 * The engine's sensitivity and rank-reversal reports in words a buyer understands (issue 12,
 * item 6). Pure: the page passes the reports, a name lookup and the criterion names.
 *
 * Setting one criterion's weight to x and scaling the other weights so they still sum to the
 * same total, a bundle of another vendor ties with the leader at the swap weight and leads
 * beyond it. Reports are read defensively, as engines differ:
 * - pareto-engine 2.0 checks every other vendor and names, per criterion, the bundle that
 *   takes the lead (`overtakenBy`), with both directions (`up`, `down`): the words say
 *   "would lead" and "changes the winning vendor";
 * - earlier engines compared the leader with the best bundle of one other vendor only (the
 *   runner-up): the words name it and say "would move ahead of" the leader, which is all such
 *   a report establishes.
 */
import type { BundleRef, RankReversalReport, SensitivityReport } from "../evaluation/evaluate";
import { formatNumber } from "../evaluation/format";
import { snapWeight } from "../evaluation/sensitivity";

/** A swap entry as any engine version writes it: the 1.x fields, maybe more. */
type SwapLike = { criterionId: string; currentWeight: number; swapWeight: number | null; delta: number | null };
type SideLike = { swapWeight: number; delta: number; overtakenBy?: BundleRef | null };
/** What the words need of a sensitivity report (engine 1.x or 2.x). */
export type SensitivityInput = Pick<SensitivityReport, "leader" | "runnerUp" | "margin" | "smallestAbsDelta" | "mostSensitiveCriterionId" | "robustness"> & {
  swaps: readonly SwapLike[];
  competingVendors?: number;
};
/** What the words need of a rank-reversal report (engine 1.x or 2.x; the list may be left out). */
export type RankReversalInput = Pick<RankReversalReport, "applicable" | "summary"> & {
  reversals?: readonly { removed: BundleRef; removedVendorId?: string; wasAhead: BundleRef; nowAhead: BundleRef }[];
  reversalCount?: number;
};

export type NameLookup = (vendorId: string, slotId: string) => { vendorName: string; slotName: string };
export type CriterionName = { id: string; name: string };

/** "Civic Crew's balanced bundle" (no second "bundle" when the slot's name has one). */
export function bundleName(names: NameLookup, ref: BundleRef): string {
  let vendorName = ref.vendorId;
  let slotName = ref.slotId;
  try {
    const n = names(ref.vendorId, ref.slotId);
    vendorName = n.vendorName || vendorName;
    slotName = n.slotName || slotName;
  } catch {
    // An unknown bundle keeps its ids: better than no sentence at all.
  }
  return `${vendorName}’s ${slotName}${/\bbundle$/i.test(slotName.trim()) ? "" : " bundle"}`;
}

const isRef = (x: unknown): x is BundleRef =>
  typeof x === "object" && x !== null && typeof (x as BundleRef).vendorId === "string" && typeof (x as BundleRef).slotId === "string";

/** Field names a later engine might use for "who leads past the swap weight", checked first. */
const OVERTAKER_KEYS = ["overtakenBy", "newLeader", "overtaker", "overtakes", "challenger", "nowAhead", "leaderAfter", "winner"];

/** The bundle a swap entry says would lead past its swap weight, if it says so (read defensively). */
export function overtakerOf(swap: object): BundleRef | null {
  const record = swap as Record<string, unknown>;
  for (const key of OVERTAKER_KEYS) if (isRef(record[key])) return record[key];
  for (const value of Object.values(record)) if (isRef(value)) return value;
  return null;
}

/** pareto-engine 2.0 and later: every other vendor is checked (the entry names who leads, or null). */
const checksEveryVendor = (swaps: readonly object[]) => swaps.some((x) => "overtakenBy" in x || "up" in x || "down" in x);

const sideOf = (swap: object, key: "up" | "down"): SideLike | null => {
  const v = (swap as Record<string, unknown>)[key];
  return typeof v === "object" && v !== null && typeof (v as SideLike).swapWeight === "number" && typeof (v as SideLike).delta === "number" ? (v as SideLike) : null;
};

/** Weights as a buyer writes them: whole numbers when whole, else one decimal. */
const w = (x: number) => formatNumber(x, 1);

/**
 * The whole-number weight just past the tie, on the side that swaps the two (28.4 going down → 28;
 * 28.6 going down → 28; 28 going down → 27; 28 going up → 29: at the tie itself the tie-break
 * keeps the leader), kept within 0..total. null when no whole number lies strictly past the tie
 * inside the range (then the words give the tie point alone). The tie is read without binary
 * noise (`snapWeight`), as engines before 2.1 stored 28 as 27.999999999999993.
 */
export function wholeWeightPast(swapWeight: number, delta: number, total: number): number | null {
  const tie = snapWeight(swapWeight);
  if (delta < 0) {
    const x = Math.ceil(tie) - 1;
    return x >= 0 ? x : null;
  }
  const x = Math.floor(tie) + 1;
  return x <= total ? x : null;
}

export interface SwapSentence {
  criterionId: string;
  criterionName: string;
  currentWeight: number;
  swapWeight: number | null;
  delta: number | null;
  /** The full sentence. */
  text: string;
  /** The criterion whose weight needs the smallest change. */
  mostSensitive: boolean;
}

export interface SensitivityWords {
  /** "Northwind’s cost bundle leads with 78.42 points, 3.10 ahead of Civic Crew’s balanced bundle, …" */
  headline: string;
  margin: string;
  robustness: { label: "robust" | "moderate" | "fragile"; title: string; explanation: string };
  /** How the swap weights are meant, once. */
  method: string;
  /** Sorted: the smallest change first, then criteria no weight can swap. */
  swaps: SwapSentence[];
}

const NO_COMPARISON = "Fewer than two bundles are ranked: there is nothing to compare.";
export const SENSITIVITY_EMPTY = NO_COMPARISON;

const points = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "—");

export function describeSensitivity(report: SensitivityInput | null, names: NameLookup, criteria: readonly CriterionName[]): SensitivityWords | null {
  if (!report) return null;
  const leader = bundleName(names, report.leader);
  const challenger = bundleName(names, report.runnerUp);
  const criterionName = (id: string) => criteria.find((c) => c.id === id)?.name ?? id;
  const total = report.swaps.reduce((s, x) => s + x.currentWeight, 0) || 100;
  const everyVendor = checksEveryVendor(report.swaps);
  const sameVendor = report.leader.vendorId === report.runnerUp.vendorId;
  const nothingChanges = everyVendor ? "changes the winning vendor" : `puts ${challenger} ahead of ${leader}`;

  /** "If Price weighed 28 instead of 35, Civic Crew’s balanced bundle would lead (they tie at 28.4)." */
  const sentence = (name: string, current: number, side: SideLike, overtaker: BundleRef | null) => {
    const who = overtaker ? `${bundleName(names, overtaker)} would lead` : `${challenger} would move ahead of ${leader}`;
    const past = wholeWeightPast(side.swapWeight, side.delta, total);
    return past !== null
      ? `If ${name} weighed ${w(past)} instead of ${w(current)}, ${who} (they tie at ${w(side.swapWeight)}).`
      : `If ${name} weighed ${side.delta < 0 ? "less" : "more"} than ${w(side.swapWeight)} instead of ${w(current)}, ${who}.`;
  };

  const swaps: SwapSentence[] = report.swaps.map((swap) => {
    const name = criterionName(swap.criterionId);
    const base = { criterionId: swap.criterionId, criterionName: name, currentWeight: swap.currentWeight, swapWeight: swap.swapWeight, delta: swap.delta, mostSensitive: swap.criterionId === report.mostSensitiveCriterionId };
    if (swap.swapWeight === null || swap.delta === null) {
      return { ...base, text: `No weight of ${name} between 0 and ${w(total)} ${nothingChanges}.` };
    }
    let text = sentence(name, swap.currentWeight, { swapWeight: swap.swapWeight, delta: swap.delta }, overtakerOf(swap));
    // The other direction, when the report has it: "Raising it to 52 would let Acme’s … lead."
    const other = sideOf(swap, swap.delta < 0 ? "up" : "down");
    if (other && other.delta !== swap.delta) {
      const past = wholeWeightPast(other.swapWeight, other.delta, total);
      const whom = other.overtakenBy && isRef(other.overtakenBy) ? bundleName(names, other.overtakenBy) : challenger;
      text += past !== null
        ? ` ${other.delta < 0 ? "Lowering" : "Raising"} it to ${w(past)} would let ${whom} lead.`
        : ` ${other.delta < 0 ? "Lowering" : "Raising"} it past ${w(other.swapWeight)} would let ${whom} lead.`;
    }
    return { ...base, text };
  });
  swaps.sort((a, b) => (a.delta === null ? 1 : 0) - (b.delta === null ? 1 : 0) || Math.abs(a.delta ?? 0) - Math.abs(b.delta ?? 0));

  const smallest = report.smallestAbsDelta;
  const most = report.mostSensitiveCriterionId === null ? null : swaps.find((s) => s.criterionId === report.mostSensitiveCriterionId) ?? null;
  const move = most && most.swapWeight !== null ? ` (${most.criterionName}, from ${w(most.currentWeight)} to ${w(most.swapWeight)})` : "";
  const tied = report.margin === 0;
  const robustness = {
    label: report.robustness,
    title: { robust: "Robust", moderate: "Moderately robust", fragile: "Fragile" }[report.robustness],
    explanation: tied
      ? `The leader is tied on points with ${challenger} and leads only by the tie-break rule, so the result is fragile whatever the weights.`
      : smallest === null
        ? `No change of any single weight between 0 and ${w(total)} ${nothingChanges}.`
        : report.robustness === "fragile"
          ? `Moving one weight by only ${w(smallest)} points${move} changes the order (less than 5 points): a small disagreement about the weights could change the award.`
          : report.robustness === "moderate"
            ? `The smallest change of one weight that changes the order is ${w(smallest)} points${move}: between 5 and 15 points, so the result holds unless the weights are rethought noticeably.`
            : `Only a change of ${w(smallest)} points or more in one weight${move} changes the order (15 points or more): the weights would have to be rethought substantially.`,
  };
  const margin = tied
    ? `${leader} and ${challenger} are tied at ${points(report.leader.total)} points; the tie-break rule puts ${leader} first.`
    : `${leader} leads with ${points(report.leader.total)} points, ${points(report.margin)} ahead of ${challenger} (${points(report.runnerUp.total)} points).`;
  const competitors = report.competingVendors;
  return {
    headline: sameVendor
      ? `${leader} leads; no other vendor has a ranked bundle, so it is compared with ${challenger}.`
      : `${leader} leads; the best bundle of another vendor is ${challenger}.`,
    margin,
    robustness,
    method:
      `Each sentence changes one criterion's weight and scales the other weights so they still add up to ${w(total)}. ` +
      (everyVendor
        ? `Every other vendor's ranked bundles are checked${competitors ? ` (${competitors} vendor${competitors === 1 ? "" : "s"})` : ""}, not only the runner-up's.`
        : `Only ${challenger} is compared with the leader.`),
    swaps,
  };
}

export interface RankReversalWords {
  applicable: boolean;
  warning: boolean;
  /** The engine's summary when nothing reverses, else our words. */
  summary: string;
  reversals: string[];
  /** Reordered pairs beyond those listed in `reversals`. */
  more: number;
}

/** Rank reversals in words; at most `limit` listed (the rest counted in `more`). */
export function describeRankReversal(report: RankReversalInput, names: NameLookup, limit = 10): RankReversalWords {
  if (!report.applicable) return { applicable: false, warning: false, summary: report.summary, reversals: [], more: 0 };
  const list = report.reversals;
  const count = Math.max(report.reversalCount ?? 0, list?.length ?? 0);
  if (list === undefined) {
    // The list was left out: the engine's summary is all there is (it names bundles by id).
    const warning = (report.reversalCount ?? 0) > 0 || !/\bnot\b|\bno\b/i.test(report.summary);
    return { applicable: true, warning, summary: report.summary, reversals: [], more: 0 };
  }
  if (count === 0) return { applicable: true, warning: false, summary: report.summary, reversals: [], more: 0 };
  const reversals = list.slice(0, limit).map((r) => {
    const withdrawn = r.removedVendorId !== undefined
      ? `${vendorOf(names, r.removed)} withdrew its bid (its ${slotOf(names, r.removed)} bundle has the lowest price)`
      : `${bundleName(names, r.removed)} (the lowest price) were withdrawn`;
    return `If ${withdrawn}, ${bundleName(names, r.nowAhead)} would move ahead of ${bundleName(names, r.wasAhead)}, although neither changed its bid.`;
  });
  return {
    applicable: true,
    warning: true,
    summary: "The price formula is relative (each price is scored against the lowest one), so the order of two vendors can depend on a third: one vendor withdrawing its bid would reorder others.",
    reversals,
    more: count - reversals.length,
  };
}

function vendorOf(names: NameLookup, ref: BundleRef): string {
  try {
    return names(ref.vendorId, ref.slotId).vendorName || ref.vendorId;
  } catch {
    return ref.vendorId;
  }
}

function slotOf(names: NameLookup, ref: BundleRef): string {
  try {
    return (names(ref.vendorId, ref.slotId).slotName || ref.slotId).replace(/\s*bundle$/i, "");
  } catch {
    return ref.slotId;
  }
}
