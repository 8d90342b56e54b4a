/**
 * Gates: must-haves and red lines. A bundle that fails one is reported with the reason and
 * kept out of the ranking, but still scored, so the buyer can see what it gave up.
 */
import { normaliseMetric, type BundleClauses } from "./clauses";
import type { CompiledCriterion, CompiledRound } from "./compile";
import { formatNumber } from "./format";
import type { Gate, Issue } from "./schema";
import { normalisedScore } from "./scoring";
import type { PriceContext } from "./price";

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
  return { gates, issues: input.issues, criteria: round.criteria };
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

const OP_WORDS = { "<=": "at most", "<": "below", ">=": "at least", ">": "above", "=": "exactly" } as const;

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
): GateFailure[] | null {
  let failures: GateFailure[] | null = null;
  for (const g of book.gates) {
    const reason = failureReason(book, g, issueValue, raw, clauses, price);
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
): string | null {
  const gate = g.gate;
  switch (gate.kind) {
    case "number": {
      const value = issueValue(g.issueIndex);
      if (compare(gate.operator, value, gate.value)) return null;
      const issue = book.issues[g.issueIndex];
      const unit = issue?.kind === "number" ? ` ${issue.unit}` : "";
      return `${issue?.name ?? gate.issueId} is ${formatNumber(value)}${unit}; must be ${OP_WORDS[gate.operator]} ${formatNumber(gate.value)}${unit}`;
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
    case "sla-present": {
      const ok = clauses.slas.some((sla) => sla.target !== null && normaliseMetric(sla.metric) === g.metric);
      return ok ? null : `no SLA with a target on "${gate.metric}"`;
    }
    case "criterion-min": {
      const c = book.criteria[g.criterionIndex];
      if (!c) return null;
      const s = normalisedScore(c, raw(c.index), price);
      if (s >= gate.minNormalised) return null;
      return `${c.source.name} scores ${formatNumber(s * 100, 1)}% of its points; the minimum is ${formatNumber(gate.minNormalised * 100, 1)}%`;
    }
  }
}
