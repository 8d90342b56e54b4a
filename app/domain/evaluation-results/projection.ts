/**
 * The results projection: one evaluation snapshot (its validated input and the engine's result)
 * turned into what the results pages read — a summary per snapshot, the buyer's confidential
 * figures kept apart, and one flat row per bundle with the sortable columns and the bundle
 * page's detail. Pure: the Pareto frontier and the protection figure come in as functions, so
 * this file has no opinion on them (app/domain/evaluation-results/frontier.ts, protection.ts).
 *
 * Built for 500 vendors × 3 bundles × 40 criteria × 7 evaluators: the evaluators' scores and
 * the moderations are indexed once per snapshot (explainBundle's per-bundle scan of every score
 * would be 1 500 × 40 × 210 000 comparisons).
 */
import { bundleClausesSchema, type BundleClauses, type ClauseFinding } from "../evaluation/clauses";
import type { CriterionMethod } from "../evaluation/describe";
import type { BundleEvaluation, JudgedDetail, RankReversalReport, RoundEvaluation, SensitivityReport } from "../evaluation/evaluate";
import { explainCriterion, type ExplanationLine } from "../evaluation/explain";
import { formatMoney, formatPoints } from "../evaluation/format";
import type { GateFailure } from "../evaluation/gates";
import { totalKey } from "../evaluation/ranking";
import type { Criterion, RoundInput } from "../evaluation/schema";

export interface ResultCriterion {
  id: string;
  name: string;
  kind: Criterion["kind"];
  weight: number;
}

export interface ResultsSummary {
  title: string;
  currency: string;
  minorUnitsPerMajor: number;
  criteria: ResultCriterion[];
  methods: CriterionMethod[];
  evaluatedPriceDescription: string;
  consensusDescription: string;
  tieBreakDescription: string;
  lowestPriceMinor: number;
  rankedCount: number;
  gatedCount: number;
  vendorCount: number;
  /** The engine's sensitivity (leader against the best bundle of another vendor), as the engine gave it. */
  sensitivity: SensitivityReport | null;
  rankReversal: RankReversalReport;
  /** Names of every bundle the sensitivity and rank-reversal reports refer to. */
  bundleNames: { vendorId: string; slotId: string; vendorName: string; slotName: string }[];
  /** Vendors the sensitivity / rank-reversal reports mention (a viewer conflicted with one does not see that report). */
  sensitivityVendorIds: string[];
  rankReversalVendorIds: string[];
  /** The standard breach scenario behind the protection column, in words; null when no bundle has a period fee. */
  protectionDescription: string | null;
  /** Where the period fee of the protection figure comes from, in words. */
  periodFeeSource: string | null;
}

/** Buyers with read:confidential:own only. */
export interface ResultsConfidential {
  reservationPriceMinor: number;
  batna: { label: string; total: number; evaluatedPriceMinor: number };
}

export interface JudgedBreakdown extends JudgedDetail {
  criterionName: string;
  scores: { evaluatorId: string; evaluatorName: string; score: number; comment: string }[];
}

export interface Protection {
  totalMinor: number;
  periods: number;
  /** This bundle's figure in words (amounts included). */
  description: string;
}

export const PROTECTION_SCENARIO = "What the remedies pay or withhold if every SLA is missed by 10 % of its target for 3 consecutive periods";

export interface BundleDetail {
  evaluatedPrice: string;
  lines: ExplanationLine[];
  totalArithmetic: string;
  judged: JudgedBreakdown[];
  gateFailures: GateFailure[];
  clauseFindings: ClauseFinding[];
  clauses: BundleClauses;
  periodFeeMinor: number | null;
  protection: Protection | null;
}

export interface BundleRow {
  vendorId: string;
  slotId: string;
  vendorName: string;
  slotName: string;
  slotPosition: number;
  rank: number | null;
  total: number;
  evaluatedPriceMinor: number;
  quality: number;
  passesGates: boolean;
  gateFailures: GateFailure[];
  bestOfVendor: boolean;
  tied: boolean;
  beatsBatna: boolean;
  exceedsReservation: boolean;
  clauseErrors: number;
  clauseWarnings: number;
  protectionMinor: number | null;
  onFrontier: boolean;
  points: number[];
  detail: BundleDetail;
}

export interface ProjectionTools {
  paretoFrontier(points: { id: string; priceMinor: number; quality: number }[]): Set<string>;
  /** null when the figure cannot be computed (e.g. not available yet). */
  protectionFigure(clauses: BundleClauses, periodFeeMinor: number): Protection | null;
}

export interface SnapshotProjection {
  summary: ResultsSummary;
  confidential: ResultsConfidential;
  rows: BundleRow[];
}

const key = (vendorId: string, slotId: string) => `${vendorId}\u0000${slotId}`;

/**
 * The issue whose value is one period's fee, by protection.ts's rule (periodFeeSource): the
 * round's simulation.periodFeeIssueId, else the first money issue whose id or name says monthly.
 * Looked up once per round here rather than once per bundle.
 */
export function periodFeeIssue(input: Pick<RoundInput, "issues" | "simulation">): { id: string; name: string } | null {
  const configured = input.simulation?.periodFeeIssueId;
  const MONTHLY = /monthly|per[\s_-]?month/i;
  const chosen = configured !== undefined ? input.issues.find((i) => i.id === configured) : input.issues.find((i) => i.kind === "money" && (MONTHLY.test(i.id) || MONTHLY.test(i.name)));
  return chosen ? { id: chosen.id, name: chosen.name } : null;
}

export function bundleLabel(b: { vendorName: string; slotName: string }): string {
  return `${b.vendorName} — ${b.slotName}`;
}

export function projectSnapshot(input: RoundInput, evaluation: RoundEvaluation, tools: ProjectionTools): SnapshotProjection {
  const criteria: ResultCriterion[] = input.criteria.map((c) => ({ id: c.id, name: c.name, kind: c.kind, weight: c.weight }));
  const priceIndex = input.criteria.findIndex((c) => c.kind === "price");
  const slotPosition = new Map(input.bundleSlots.map((s, i) => [s.id, i]));
  const evaluatorName = new Map(input.evaluators.map((e) => [e.id, e.name]));
  const feeIssue = periodFeeIssue(input);
  const money = (m: number) => formatMoney(m, input.currency, input.minorUnitsPerMajor);

  // Indexes built once: scores and moderations per (criterion, vendor, slot), bundles by key.
  const scoresOf = new Map<string, RoundInput["evaluatorScores"]>();
  for (const s of input.evaluatorScores) {
    const k = `${s.criterionId}\u0000${s.vendorId}\u0000${s.slotId}`;
    const list = scoresOf.get(k);
    if (list) list.push(s);
    else scoresOf.set(k, [s]);
  }
  const moderationOf = new Map(input.moderations.map((m) => [`${m.criterionId}\u0000${m.vendorId}\u0000${m.slotId}`, m]));
  const inputBundle = new Map<string, RoundInput["vendors"][number]["bundles"][number]>();
  for (const v of input.vendors) for (const b of v.bundles) inputBundle.set(key(v.id, b.slotId), b);
  const criterionById = new Map(input.criteria.map((c) => [c.id, c]));

  const quality = (b: BundleEvaluation) => b.total - (priceIndex >= 0 ? (b.criteria[priceIndex]?.points ?? 0) : 0);
  const frontier = tools.paretoFrontier(
    evaluation.bundles.filter((b) => b.passesGates).map((b) => ({ id: key(b.vendorId, b.slotId), priceMinor: b.evaluatedPriceMinor, quality: quality(b) })),
  );

  // Ties: ranked bundles whose totals are equal to a millionth of a point (the engine's resolution).
  const ranked = evaluation.bundles.filter((b) => b.rank !== null).sort((a, b) => a.rank! - b.rank!);
  const tied = new Set<string>();
  for (let i = 1; i < ranked.length; i++) {
    if (totalKey(ranked[i]!.total) === totalKey(ranked[i - 1]!.total)) {
      tied.add(key(ranked[i]!.vendorId, ranked[i]!.slotId));
      tied.add(key(ranked[i - 1]!.vendorId, ranked[i - 1]!.slotId));
    }
  }

  let protectionDescription: string | null = null;
  const rows = evaluation.bundles.map((b): BundleRow => {
    const bundle = inputBundle.get(key(b.vendorId, b.slotId));
    const clauses = bundle?.clauses ?? bundleClausesSchema.parse({});
    const fee = feeIssue && bundle && Object.hasOwn(bundle.values, feeIssue.id) ? bundle.values[feeIssue.id] : undefined;
    const periodFeeMinor = typeof fee === "number" && Number.isSafeInteger(fee) && fee >= 0 ? fee : null;
    const protection = periodFeeMinor !== null && bundle ? tools.protectionFigure(bundle.clauses, periodFeeMinor) : null;
    if (protection) protectionDescription = PROTECTION_SCENARIO;
    const lines = input.criteria.map((c, i) => {
      const k = `${c.id}\u0000${b.vendorId}\u0000${b.slotId}`;
      const scores = c.kind === "judged" ? (scoresOf.get(k) ?? []).map((s) => s.score) : [];
      const moderation = c.kind === "judged" ? moderationOf.get(k) : undefined;
      return explainCriterion(input, evaluation.lowestPriceMinor, c, b.criteria[i]!, scores, moderation);
    });
    const judged = b.judged.map((j): JudgedBreakdown => ({
      ...j,
      criterionName: criterionById.get(j.criterionId)?.name ?? j.criterionId,
      scores: (scoresOf.get(`${j.criterionId}\u0000${b.vendorId}\u0000${b.slotId}`) ?? []).map((s) => ({
        evaluatorId: s.evaluatorId,
        evaluatorName: evaluatorName.get(s.evaluatorId) ?? "Unknown evaluator",
        score: s.score,
        comment: s.comment,
      })),
    }));
    const k = key(b.vendorId, b.slotId);
    return {
      vendorId: b.vendorId,
      slotId: b.slotId,
      vendorName: b.vendorName,
      slotName: b.slotName,
      slotPosition: slotPosition.get(b.slotId) ?? 0,
      rank: b.rank,
      total: b.total,
      evaluatedPriceMinor: b.evaluatedPriceMinor,
      quality: quality(b),
      passesGates: b.passesGates,
      gateFailures: b.gateFailures,
      bestOfVendor: b.bestOfVendor,
      tied: tied.has(k),
      beatsBatna: b.beatsBatna,
      exceedsReservation: b.exceedsReservation,
      clauseErrors: b.clauseErrors,
      clauseWarnings: b.clauseWarnings,
      protectionMinor: protection ? protection.totalMinor : null,
      onFrontier: frontier.has(k),
      points: b.criteria.map((c) => c.points),
      detail: {
        evaluatedPrice: `${evaluation.evaluatedPriceDescription} For this bundle: ${money(b.evaluatedPriceMinor)}.`,
        lines,
        totalArithmetic: `${lines.map((l) => formatPoints(l.points)).join(" + ")} = ${formatPoints(b.total)} of 100`,
        judged,
        gateFailures: b.gateFailures,
        clauseFindings: b.clauseFindings,
        clauses,
        periodFeeMinor,
        protection,
      },
    };
  });

  // Every {vendorId, slotId} the reports mention (leader, runner-up, overtakers, reversals), named.
  const referenced = (report: unknown): { vendorId: string; slotId: string }[] => {
    const found: { vendorId: string; slotId: string }[] = [];
    const walk = (x: unknown) => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === "object") {
        const o = x as Record<string, unknown>;
        if (typeof o.vendorId === "string" && typeof o.slotId === "string") found.push({ vendorId: o.vendorId, slotId: o.slotId });
        Object.values(o).forEach(walk);
      }
    };
    walk(report);
    return found;
  };
  const sensitivityRefs = referenced(evaluation.sensitivity);
  const reversalRefs = referenced(evaluation.rankReversal);
  const byKey = new Map(evaluation.bundles.map((b) => [key(b.vendorId, b.slotId), b]));
  const bundleNames = [...new Map([...sensitivityRefs, ...reversalRefs].map((r) => [key(r.vendorId, r.slotId), r])).values()].map((r) => {
    const b = byKey.get(key(r.vendorId, r.slotId));
    return { vendorId: r.vendorId, slotId: r.slotId, vendorName: b?.vendorName ?? r.vendorId, slotName: b?.slotName ?? r.slotId };
  });

  return {
    summary: {
      title: input.title,
      currency: input.currency,
      minorUnitsPerMajor: input.minorUnitsPerMajor,
      criteria,
      methods: evaluation.methods,
      evaluatedPriceDescription: evaluation.evaluatedPriceDescription,
      consensusDescription: evaluation.consensusDescription,
      tieBreakDescription: evaluation.tieBreakDescription,
      lowestPriceMinor: evaluation.lowestPriceMinor,
      rankedCount: ranked.length,
      gatedCount: evaluation.bundles.length - ranked.length,
      vendorCount: input.vendors.length,
      sensitivity: evaluation.sensitivity,
      rankReversal: evaluation.rankReversal,
      bundleNames,
      sensitivityVendorIds: [...new Set(sensitivityRefs.map((r) => r.vendorId))],
      rankReversalVendorIds: [...new Set(reversalRefs.map((r) => r.vendorId))],
      protectionDescription,
      periodFeeSource: feeIssue ? `the bundle's ${feeIssue.name}` : null,
    },
    confidential: {
      reservationPriceMinor: evaluation.reservationPriceMinor,
      batna: { label: evaluation.batna.label, total: evaluation.batna.total, evaluatedPriceMinor: evaluation.batna.evaluatedPriceMinor },
    },
    rows,
  };
}
