/**
 * Gates: must-haves and red lines. A bundle that fails one is reported with the reason and
 * kept out of the ranking, but still scored, so the buyer can see what it gave up.
 */
import { normaliseMetric, type BundleClauses } from "./clauses";
import type { CompiledCriterion, CompiledRound } from "./compile";
import { formatMoney, formatNumber } from "./format";
import type { Gate, Issue } from "./schema";
import { normalisedScore } from "./scoring";
import type { ConsensusColumns } from "./consensus";
import { compareFractions, decimalOf, pow10, type Decimal } from "./exact";
import { ownValue, type PriceContext } from "./price";

export interface GateFailure {
  gateId: string;
  gateName: string;
  reason: string;
}

interface CompiledGate {
  readonly gate: Gate;
  readonly issueIndex: number;
  readonly criterionIndex: number;
  readonly allowed: ReadonlySet<number>;
  readonly metric: string;
}

export interface GateBook {
  readonly gates: readonly CompiledGate[];
  readonly issues: readonly Issue[];
  readonly criteria: readonly CompiledCriterion[];
  /** Judged cells' exact consensus (a package keeps its base bundle's judged scores). */
  readonly consensus: ConsensusColumns;
  readonly nBundles: number;
  /** A money issue's value (minor units) as the round's currency: a failure names it as a reader would. */
  readonly money: (minor: number) => string;
}

export function compileGates(round: CompiledRound): GateBook {
  const { input } = round;
  const gates = input.gates.map((gate): CompiledGate => {
    const issueIndex = gate.kind === "number" || gate.kind === "choice" ? (round.issueIndexById.get(gate.issueId) ?? -1) : -1;
    const issue = input.issues[issueIndex];
    const allowed = new Set<number>();
    if (gate.kind === "choice" && issue?.kind === "choice") {
      issue.options.forEach((o, i) => {
        if (gate.allowed.includes(o.id)) allowed.add(i);
      });
    }
    return {
      gate,
      issueIndex,
      criterionIndex: gate.kind === "criterion-min" ? input.criteria.findIndex((c) => c.id === gate.criterionId) : -1,
      allowed,
      metric: gate.kind === "sla-present" ? normaliseMetric(gate.metric) : "",
    };
  });
  return { gates, issues: input.issues, criteria: round.criteria, consensus: round.consensus, nBundles: round.nBundles, money: (minor) => formatMoney(minor, input.currency, input.minorUnitsPerMajor) };
}

function compare(op: "<=" | "<" | ">=" | ">" | "=", a: number, b: number): boolean {
  switch (op) {
    case "<=":
      return a <= b;
    case "<":
      return a < b;
    case ">=":
      return a >= b;
    case ">":
      return a > b;
    case "=":
      return a === b;
  }
}

/** A number gate's comparison in words, as every page, report and failure reason prints it. */
export const GATE_OPERATOR_WORDS = { "<=": "at most", "<": "below", ">=": "at least", ">": "above", "=": "exactly" } as const;

/**
 * An issue's value as a reader reads it: a money issue's (minor units) as money in the round's
 * currency, a number with its unit. One rule for a gate's limit and a bundle's value, wherever
 * a gate is described (failure reasons, the vendors' preview, the award pack).
 */
export function issueValueWords(issue: Pick<Issue, "kind"> & { unit?: string } | undefined, value: number, money: (minor: number) => string): string {
  if (issue?.kind === "money") return money(value);
  return `${formatNumber(value)}${issue?.kind === "number" && issue.unit ? ` ${issue.unit}` : ""}`;
}

/**
 * Failures of one bundle or counter-package. `issueValue(i)` and `raw(c)` read its numeric
 * issue values and raw criterion values; nothing is allocated when every gate passes.
 */
export function gateFailures(
  book: GateBook,
  issueValue: (issueIndex: number) => number,
  raw: (criterionIndex: number) => number,
  clauses: BundleClauses,
  price: PriceContext,
  /** The bundle whose judged scores apply (a package's base bundle); −1: judged gates compare in binary. */
  bundle = -1,
): GateFailure[] | null {
  let failures: GateFailure[] | null = null;
  for (const g of book.gates) {
    const reason = failureReason(book, g, issueValue, raw, clauses, price, bundle);
    if (reason !== null) (failures ??= []).push({ gateId: g.gate.id, gateName: g.gate.name, reason });
  }
  return failures;
}

function failureReason(
  book: GateBook,
  g: CompiledGate,
  issueValue: (issueIndex: number) => number,
  raw: (criterionIndex: number) => number,
  clauses: BundleClauses,
  price: PriceContext,
  bundle: number,
): string | null {
  const gate = g.gate;
  switch (gate.kind) {
    case "number": {
      const value = issueValue(g.issueIndex);
      if (compare(gate.operator, value, gate.value)) return null;
      const issue = book.issues[g.issueIndex];
      // A money issue's values are minor units: "Monthly fee is EUR 145,000.00", not "14500000".
      const shown = (n: number) => issueValueWords(issue, n, book.money);
      return `${issue?.name ?? gate.issueId} is ${shown(value)}; must be ${GATE_OPERATOR_WORDS[gate.operator]} ${shown(gate.value)}`;
    }
    case "choice": {
      const idx = issueValue(g.issueIndex);
      if (g.allowed.has(idx)) return null;
      const issue = book.issues[g.issueIndex];
      const options = issue?.kind === "choice" ? issue.options : [];
      const label = options[idx]?.label ?? String(idx);
      const allowed = options.filter((_, i) => g.allowed.has(i)).map((o) => o.label);
      return `${issue?.name ?? gate.issueId} is "${label}"; must be one of: ${allowed.join(", ")}`;
    }
    case "sla-present":
      return hasSlaOn(clauses, g.metric) ? null : `no SLA with a target on "${gate.metric}"`;
    case "criterion-min": {
      const c = book.criteria[g.criterionIndex];
      if (!c) return null;
      const r = raw(c.index);
      const s = normalisedScore(c, r, price);
      if (meetsMinimum(book, c, r, s, gate.minNormalised, bundle)) return null;
      let shown = formatNumber(s * 100, 1);
      const minimum = formatNumber(gate.minNormalised * 100, 1);
      if (shown === minimum) shown = `just under ${minimum}`; // e.g. 49.99 % must not read as 50 %
      return `${c.source.name} scores ${shown}% of its points; the minimum is ${minimum}%`;
    }
  }
}

/** Whether some SLA of the bundle has a target on the (normalised) metric. */
function hasSlaOn(clauses: BundleClauses, metric: string): boolean {
  for (const sla of clauses.slas) if (sla.target !== null && normaliseMetric(sla.metric) === metric) return true;
  return false;
}

/**
 * Whether normalised score `s` (of raw value `r`) reaches `minimum`, decided exactly on the
 * decimals that were typed (issue 8): a mean of exactly 5.0 meets a 50 % minimum even where
 * binary arithmetic gives 4.999…. Far from the boundary the float decides (its error is
 * many orders below the margin used); near it, the rule is evaluated on rationals.
 */
function meetsMinimum(book: GateBook, c: CompiledCriterion, r: number, s: number, minimum: number, bundle: number): boolean {
  if (!(minimum > 0)) return true; // every score is at least 0
  if (Math.abs(s - minimum) > 1e-9) return s > minimum;
  const m = decimalOf(minimum);
  switch (c.kind) {
    case "judged": {
      const k = c.judgedIndex * book.nBundles + bundle;
      const num = book.consensus.consensusNum[k]!;
      const den = book.consensus.consensusDen[k]!;
      // consensus / 10 ≥ m  ⇔  consensus ≥ 10 m (scores never exceed 10, so no clamp to 1 is needed)
      if (bundle < 0 || Number.isNaN(num) || r !== book.consensus.value[k]) return s >= minimum;
      return compareFractions(BigInt(num), BigInt(den), 10n * m.digits, pow10(m.scale)) >= 0;
    }
    case "number": {
      if (c.best === c.worst) return s >= minimum;
      // (v − worst) / (best − worst) ≥ m.digits / 10^m.scale, with value and bounds over one
      // power of ten (which cancels in the ratio): (v − w)·sign·10^m.scale ≥ m.digits·|b − w|.
      // A score above 1 is clamped to 1 ≥ m and one below 0 to 0 < m, which the unclamped
      // comparison also gives.
      const [v, w, b] = common([decimalOf(r), decimalOf(c.worst), decimalOf(c.best)]) as [bigint, bigint, bigint];
      const span = b - w;
      const lhs = (v - w) * (span > 0n ? 1n : -1n) * pow10(m.scale);
      return lhs >= m.digits * (span > 0n ? span : -span);
    }
    case "choice": {
      const source = c.source;
      if (source.kind !== "choice") return s >= minimum;
      const issue = book.issues[c.issueIndex];
      const options = issue?.kind === "choice" ? issue.options : [];
      const pts = options.map((o) => ownValue(source.points, o.id) ?? 0);
      const max = pts.reduce((x, p) => Math.max(x, p), 0);
      const mine = pts[r] ?? 0;
      if (!(max > 0)) return false;
      // points / highest ≥ m.digits / 10^m.scale, the points over one power of ten (it cancels).
      const [p, top] = common([decimalOf(mine), decimalOf(max)]) as [bigint, bigint];
      return p * pow10(m.scale) >= m.digits * top;
    }
    case "price":
      return s >= minimum;
  }
}

/** Digits of several decimals over their common power of ten. */
function common(xs: readonly Decimal[]): bigint[] {
  let scale = 0;
  for (const x of xs) if (x.scale > scale) scale = x.scale;
  return xs.map((x) => x.digits * pow10(scale - x.scale));
}
