/**
 * The award pack (issue #14) as plain data: everything the workbook, the PDF report, the
 * debrief PDFs and the OCDS package print, built from ONE evaluation snapshot (its validated
 * input and the engine's stored result) plus the opening register, the panel and its conflict
 * declarations, and — once they exist — the award, the concession logs and the debriefs.
 *
 * Confidential figures (reservation price, BATNA) never enter it: panel evaluators download the
 * pack too, and its files are meant to leave the portal (auditors, committees, open data).
 */
import type { BundleClauses, ClauseFinding } from "../evaluation/clauses";
import type { RankReversalReport, RoundEvaluation, SensitivityReport } from "../evaluation/evaluate";
import type { VendorMesoInsight } from "../evaluation/meso-insight";
import type { Criterion, Gate, PriceFormula, RoundInput } from "../evaluation/schema";
import { GATE_OPERATOR_WORDS, issueValueWords } from "../evaluation/gates";
import { bundleKey } from "../evaluation-results/frontier";
import type { BundleRow, JudgedBreakdown, ProjectionTools, Protection } from "../evaluation-results/projection";
import { PROTECTION_SCENARIO, projectSnapshot } from "../evaluation-results/projection";
import { describeRankReversal, describeSensitivity, type RankReversalWords, type SensitivityWords } from "../evaluation-results/sensitivity-words";
import type { VendorConcessionLog } from "../bafo/types";
import { formatInstant } from "../rfp/format";
import type { AwardSummary, Debrief } from "./types";

/** How the workbook recomputes a criterion's normalised score from the raw value. */
export type PackScoring =
  | { kind: "price"; formula: PriceFormula }
  /**
   * `money`: the issue is a money issue, so `worst`, `best` and the cells' `rawNumber` are minor
   * units (the workbook shows them in major units, as it shows prices) and `unit` is the currency.
   */
  | { kind: "number"; issueName: string; unit: string; money: boolean; worst: number; best: number; higherIsBetter: boolean }
  | { kind: "choice"; issueName: string; options: { id: string; label: string; points: number }[]; maxPoints: number }
  | { kind: "judged"; rubric: string };

export interface PackCriterion {
  id: string;
  name: string;
  kind: Criterion["kind"];
  weight: number;
  /** The method in words, as published to vendors. */
  method: string;
  scoring: PackScoring;
}

export interface PackCell {
  /** The value in words (an evaluated price, "48 months", an option label, a consensus). */
  rawLabel: string;
  /**
   * The number the workbook's formula reads: evaluated price (minor units), the issue value
   * (minor units on a money issue), the chosen option's points, or the consensus 0–10.
   */
  rawNumber: number;
  normalised: number;
  points: number;
}

/** One bundle as the pack prints it: the results row's columns, plus every cell and clause. */
export interface PackBundle
  extends Pick<
    BundleRow,
    "vendorId" | "vendorName" | "slotId" | "slotName" | "rank" | "total" | "evaluatedPriceMinor" | "quality" | "passesGates" | "gateFailures" | "bestOfVendor" | "tied" | "onFrontier" | "clauseErrors" | "clauseWarnings"
  > {
  /** Position in the engine's order (ranked bundles by rank, then gated-out ones): the workbook's last tie-break. */
  order: number;
  /** One per criterion, in criterion order. */
  cells: PackCell[];
  judged: JudgedBreakdown[];
  clauseFindings: ClauseFinding[];
  clauses: BundleClauses;
  periodFeeMinor: number | null;
  protection: Protection | null;
}

export interface PackOpeningRow {
  vendorOrganisationId: string;
  vendorName: string;
  status: string;
  versionNumber: number | null;
  receivedAt: string | null;
  storedHash: string | null;
  recomputedHash: string | null;
  withdrawnAt: string | null;
  lateAttempts: number;
  decision: string | null;
}

export interface PackOpening {
  round: number;
  openedAt: string;
  openedBy: string;
  startedAt: string | null;
  startedBy: string;
  registerHash: string | null;
  rows: PackOpeningRow[];
}

export interface PackPanelMember {
  id: string;
  name: string;
  /** Names of the judged criteria the member scores; null = all of them. */
  criteria: string[] | null;
}

export interface PackDeclaration {
  evaluatorName: string;
  vendorName: string;
  hasConflict: boolean;
  note: string;
  changeReason: string | null;
  declaredAt: string;
}

export interface PackRfp {
  id: string;
  reference: string;
  title: string;
  buyerName: string;
  currency: string;
  minorUnitsPerMajor: number;
  summary: string;
  publishedAt: string | null;
  bidsCloseAt: string | null;
  /** The bundle slots in the RFP's order. */
  slots: { id: string; name: string }[];
  issues: { id: string; name: string; kind: string; unit: string | null }[];
  /** A public RFP (any vendor may bid) or invitation-only (buyer-chosen invitees): OCDS's procurement method. */
  isPublic: boolean;
}

export interface PackSnapshot {
  id: string;
  round: number;
  createdAt: string;
  createdByName: string | null;
  inputHash: string;
  engineVersion: string;
  scoresLocked: boolean;
}

export interface AwardPackData {
  generatedAt: string;
  rfp: PackRfp;
  snapshot: PackSnapshot;
  criteria: PackCriterion[];
  gates: { id: string; name: string; rule: string }[];
  evaluatedPriceDescription: string;
  consensusDescription: string;
  tieBreakDescription: string;
  priceFormulaDescription: string;
  lowestPriceMinor: number;
  /** Ranked bundles by rank, then the gated-out ones (the engine's order). */
  bundles: PackBundle[];
  /** The evaluators whose scores the snapshot holds. */
  evaluators: { id: string; name: string }[];
  protectionScenario: string;
  sensitivity: SensitivityReport | null;
  sensitivityWords: SensitivityWords | null;
  sensitivityNote: string | null;
  rankReversal: RankReversalReport;
  rankReversalWords: RankReversalWords;
  meso: (VendorMesoInsight & { vendorName: string })[];
  opening: PackOpening | null;
  panel: PackPanelMember[];
  declarations: PackDeclaration[];
  award: AwardSummary | null;
  /** The live award when it rests on another snapshot than the pack's (then `award` is null). */
  awardElsewhere: AwardSummary | null;
  /** Every vendor that tendered in any round (the snapshot's bundles are its own round's only). */
  tenderers: { id: string; name: string }[];
  concessionLogs: VendorConcessionLog[] | null;
  debriefs: Debrief[] | null;
}

export interface AwardPackParts {
  generatedAt: Date;
  rfp: PackRfp;
  snapshot: PackSnapshot;
  input: RoundInput;
  evaluation: RoundEvaluation;
  priceFormulaDescription: string;
  tools: ProjectionTools;
  opening: PackOpening | null;
  panel: PackPanelMember[];
  declarations: PackDeclaration[];
  award?: AwardSummary | null;
  awardElsewhere?: AwardSummary | null;
  /** Every vendor that tendered in any round; without it, the vendors of the snapshot's bundles. */
  tenderers?: { id: string; name: string }[];
  concessionLogs?: VendorConcessionLog[] | null;
  debriefs?: Debrief[] | null;
}

/**
 * A gate's rule in words. A threshold reads as the portal prints an issue's value: money in
 * major units with the currency (the gate stores minor units), a number with its unit.
 */
function gateRule(g: Gate, input: RoundInput, money: (minor: number) => string): string {
  const issueName = (id: string) => input.issues.find((i) => i.id === id)?.name ?? id;
  switch (g.kind) {
    case "number": {
      const issue = input.issues.find((i) => i.id === g.issueId);
      return `${issueName(g.issueId)} ${GATE_OPERATOR_WORDS[g.operator]} ${issueValueWords(issue, g.value, money)}`;
    }
    case "choice": {
      const issue = input.issues.find((i) => i.id === g.issueId);
      const label = (id: string) => (issue?.kind === "choice" ? (issue.options.find((o) => o.id === id)?.label ?? id) : id);
      return `${issueName(g.issueId)} is one of: ${g.allowed.map(label).join(", ")}`;
    }
    case "sla-present":
      return `An SLA on “${g.metric}” with a stated target`;
    case "criterion-min":
      return `${input.criteria.find((c) => c.id === g.criterionId)?.name ?? g.criterionId}: normalised score at least ${g.minNormalised}`;
  }
}

function scoringOf(c: Criterion, input: RoundInput): PackScoring {
  const issue = "issueId" in c ? input.issues.find((i) => i.id === c.issueId) : undefined;
  switch (c.kind) {
    case "price":
      return { kind: "price", formula: input.settings.priceFormula };
    case "number":
      return { kind: "number", issueName: issue?.name ?? c.issueId, unit: issue?.kind === "number" ? issue.unit : issue?.kind === "money" ? input.currency : "", money: issue?.kind === "money", worst: c.worst, best: c.best, higherIsBetter: c.direction === "higher_is_better" };
    case "choice": {
      const options = issue?.kind === "choice" ? issue.options.map((o) => ({ id: o.id, label: o.label, points: Object.hasOwn(c.points, o.id) ? c.points[o.id]! : 0 })) : [];
      return { kind: "choice", issueName: issue?.name ?? c.issueId, options, maxPoints: options.reduce((m, o) => Math.max(m, o.points), 0) };
    }
    case "judged":
      return { kind: "judged", rubric: c.rubric };
  }
}

function rawCell(criterion: PackCriterion, raw: number | string, format: { money: (minor: number) => string }): { rawLabel: string; rawNumber: number } {
  const s = criterion.scoring;
  switch (s.kind) {
    case "price":
      return { rawLabel: format.money(Number(raw)), rawNumber: Number(raw) };
    case "number": {
      const n = typeof raw === "number" ? raw : 0;
      if (s.money) return { rawLabel: format.money(n), rawNumber: n };
      return { rawLabel: s.unit ? `${n} ${s.unit}` : String(n), rawNumber: n };
    }
    case "choice": {
      const option = s.options.find((o) => o.id === raw);
      return { rawLabel: option?.label ?? String(raw), rawNumber: option?.points ?? 0 };
    }
    case "judged":
      return { rawLabel: String(raw), rawNumber: typeof raw === "number" ? raw : 0 };
  }
}

/** Builds the pack's data. Pure: every figure comes from the snapshot's input and result. */
export function buildAwardPackData(parts: AwardPackParts, money: (minor: number) => string): AwardPackData {
  const { input, evaluation } = parts;
  const projection = projectSnapshot(input, evaluation, parts.tools);
  const criteria: PackCriterion[] = input.criteria.map((c, i) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    weight: c.weight,
    method: evaluation.methods[i]?.description ?? "",
    scoring: scoringOf(c, input),
  }));
  const rowOf = new Map(projection.rows.map((r) => [bundleKey(r), r]));
  const ranked = evaluation.bundles.filter((b) => b.rank !== null).sort((a, b) => a.rank! - b.rank!);
  const gated = evaluation.bundles.filter((b) => b.rank === null);
  const bundles = [...ranked, ...gated].map((b, order): PackBundle => {
    const row = rowOf.get(bundleKey(b))!;
    return {
      vendorId: b.vendorId,
      vendorName: b.vendorName,
      slotId: b.slotId,
      slotName: b.slotName,
      rank: b.rank,
      total: b.total,
      evaluatedPriceMinor: b.evaluatedPriceMinor,
      quality: row.quality,
      passesGates: b.passesGates,
      gateFailures: b.gateFailures,
      bestOfVendor: b.bestOfVendor,
      tied: row.tied,
      onFrontier: row.onFrontier,
      order: order + 1,
      cells: b.criteria.map((cs, i) => ({ ...rawCell(criteria[i]!, cs.raw, { money }), normalised: cs.normalised, points: cs.points })),
      judged: row.detail.judged,
      clauseFindings: b.clauseFindings,
      clauseErrors: b.clauseErrors,
      clauseWarnings: b.clauseWarnings,
      clauses: row.detail.clauses,
      periodFeeMinor: row.detail.periodFeeMinor,
      protection: row.detail.protection,
    };
  });
  const vendorName = new Map(input.vendors.map((v) => [v.id, v.name]));
  const names = (vendorId: string, slotId: string) => {
    const b = rowOf.get(bundleKey({ vendorId, slotId }));
    return { vendorName: b?.vendorName ?? vendorId, slotName: b?.slotName ?? slotId };
  };
  const criterionNames = input.criteria.map((c) => ({ id: c.id, name: c.name }));
  return {
    generatedAt: parts.generatedAt.toISOString(),
    rfp: parts.rfp,
    snapshot: parts.snapshot,
    criteria,
    gates: input.gates.map((g) => ({ id: g.id, name: g.name, rule: gateRule(g, input, money) })),
    evaluatedPriceDescription: evaluation.evaluatedPriceDescription,
    consensusDescription: evaluation.consensusDescription,
    tieBreakDescription: evaluation.tieBreakDescription,
    priceFormulaDescription: parts.priceFormulaDescription,
    lowestPriceMinor: evaluation.lowestPriceMinor,
    bundles,
    evaluators: input.evaluators.map((e) => ({ id: e.id, name: e.name })),
    protectionScenario: PROTECTION_SCENARIO,
    sensitivity: evaluation.sensitivity,
    sensitivityWords: describeSensitivity(evaluation.sensitivity, names, criterionNames),
    sensitivityNote: evaluation.sensitivityNote ?? null,
    rankReversal: evaluation.rankReversal,
    rankReversalWords: describeRankReversal(evaluation.rankReversal, names),
    meso: evaluation.meso.map((m) => ({ ...m, vendorName: vendorName.get(m.vendorId) ?? m.vendorId })),
    opening: parts.opening,
    panel: parts.panel,
    declarations: parts.declarations,
    award: parts.award ?? null,
    awardElsewhere: parts.awardElsewhere ?? null,
    tenderers: parts.tenderers ?? [...new Map(parts.evaluation.bundles.map((b) => [b.vendorId, b.vendorName])).entries()].map(([id, name]) => ({ id, name })),
    concessionLogs: parts.concessionLogs ?? null,
    debriefs: parts.debriefs ?? null,
  };
}

/** "2026-11-30T12:00:00.000Z" → "30 Nov 2026, 12:00 UTC" (formatInstant); "—" for none. */
export function formatUtc(iso: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatInstant(d);
}
