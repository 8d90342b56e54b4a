/**
 * What changed in one bundle's safeguard clauses between two rounds, in the concession log's
 * terms: per SLA (target, window, added, removed), per remedy, per contingent clause and for
 * the contract terms, each change split into what got better for the buyer ("you get") and
 * what got worse ("you give"). Better means: a stricter target in the SLA's direction, a
 * shorter window, a larger credit, cap or holdback, fewer breaches before a termination right,
 * longer transition assistance, no auto-renewal, a longer renewal notice.
 */
import { MEASUREMENT_WINDOWS, normaliseMetric, type BundleClauses, type ContractTerms, type Remedy, type Sla } from "../evaluation/clauses";
import { formatNumber } from "../evaluation/format";

export interface ClauseChange {
  /** Key parts after the round and slot ("sla:uptime", "remedy:uptime:credit", "terms"). */
  keyParts: string[];
  item: string;
  better: string[];
  worse: string[];
  /** For an SLA whose target moved: the normalised metric, the targets before and after and the change, for the revealed trade-off. */
  slaTarget: { metric: string; before: number; after: number; delta: number } | null;
  /** The SLA's breach in words ("if complaint resolution time is above 3 days in a month"). */
  trigger: string;
}

const REMEDY_LABELS: Record<Remedy["kind"], string> = {
  service_credit: "Service credit",
  holdback: "Holdback",
  termination_right: "Termination right",
  transition_assistance: "Transition assistance",
};

const COMPARISON_WORDS = { lt: "is below", lte: "is at most", gt: "is above", gte: "is at least" } as const;

const pct = (x: number) => `${formatNumber(x)} %`;

function slaName(sla: Sla): string {
  return sla.metric?.trim() || sla.id;
}

function targetWords(sla: Sla): string {
  if (sla.target === null) return "no target";
  const unit = sla.unit ? ` ${sla.unit}` : "";
  return `target ${formatNumber(sla.target)}${unit}${sla.window ? ` per ${sla.window}` : ""}`;
}

export function slaTrigger(sla: Sla): string {
  if (sla.target === null || sla.direction === null) return "";
  const unit = sla.unit ? ` ${sla.unit}` : "";
  return `if ${slaName(sla)} is ${sla.direction === "higher_is_better" ? "below" : "above"} ${formatNumber(sla.target)}${unit}${sla.window ? ` in a ${sla.window}` : ""}`;
}

/** The headline size of a service credit: its fixed %, its % per step, or its highest band. */
function creditPercent(r: Extract<Remedy, { kind: "service_credit" }>): number | null {
  const a = r.amount;
  if (!a) return null;
  if (a.type === "fixed") return a.percent;
  if (a.type === "per_step") return a.percentPerStep;
  return a.bands.reduce((m, b) => Math.max(m, b.percent), 0);
}

export function remedyWords(r: Remedy): string {
  switch (r.kind) {
    case "service_credit": {
      const p = creditPercent(r);
      return `service credit ${p === null ? "of no stated size" : pct(p)}${r.amount?.type === "per_step" ? " per step" : ""}${r.capPercentOfPeriodFee === null ? ", no cap" : `, cap ${pct(r.capPercentOfPeriodFee)} of the period fee`}`;
    }
    case "holdback":
      return `holdback of ${r.percentOfFees === null ? "no stated share" : `${pct(r.percentOfFees)} of fees`}${r.releaseCondition ? ` until ${r.releaseCondition}` : ""}`;
    case "termination_right":
      return `termination right${r.breachesToTrigger === null ? "" : ` after ${r.breachesToTrigger}${r.consecutive ? " consecutive" : ""} breached periods`}`;
    case "transition_assistance":
      return `transition assistance${r.months === null ? "" : ` for ${formatNumber(r.months)} months`}`;
  }
}

/** Compares a number where higher is better for the buyer (or lower, with `lowerIsBetter`). */
function compare(out: { better: string[]; worse: string[] }, label: string, before: number | null, after: number | null, show: (x: number) => string, lowerIsBetter = false): void {
  if (before === after) return;
  const words = `${label} ${after === null ? "none" : show(after)} instead of ${before === null ? "none" : show(before)}`;
  if (after === null) out.worse.push(words);
  else if (before === null) out.better.push(words);
  else if (after > before !== lowerIsBetter) out.better.push(words);
  else out.worse.push(words);
}

function compareRemedies(before: Remedy, after: Remedy): { better: string[]; worse: string[] } {
  const out = { better: [] as string[], worse: [] as string[] };
  if (before.kind !== after.kind) {
    out.better.push(`${remedyWords(after)} (instead of ${remedyWords(before)})`);
    return out;
  }
  if (before.kind === "service_credit" && after.kind === "service_credit") {
    compare(out, "credit", creditPercent(before), creditPercent(after), pct);
    compare(out, "cap", before.capPercentOfPeriodFee, after.capPercentOfPeriodFee, pct);
    if (before.automatic !== after.automatic) (after.automatic ? out.better : out.worse).push(after.automatic ? "applied automatically" : "to be claimed, no longer automatic");
  } else if (before.kind === "holdback" && after.kind === "holdback") {
    compare(out, "holdback", before.percentOfFees, after.percentOfFees, pct);
  } else if (before.kind === "termination_right" && after.kind === "termination_right") {
    compare(out, "breached periods before termination", before.breachesToTrigger, after.breachesToTrigger, (x) => formatNumber(x), true);
  } else if (before.kind === "transition_assistance" && after.kind === "transition_assistance") {
    compare(out, "transition assistance months", before.months, after.months, (x) => formatNumber(x));
  }
  return out;
}

function windowRank(w: Sla["window"]): number | null {
  return w === null ? null : MEASUREMENT_WINDOWS.indexOf(w);
}

function diffSla(before: Sla | undefined, after: Sla | undefined): ClauseChange[] {
  const sla = (after ?? before)!;
  const name = slaName(sla);
  const out: ClauseChange[] = [];
  const trigger = slaTrigger(sla);
  if (!before || !after) {
    const words = `${name} SLA, ${targetWords(sla)}${sla.remedies.length > 0 ? `, with ${sla.remedies.map(remedyWords).join("; ")}` : ""}`;
    out.push({ keyParts: ["sla", sla.id], item: `${name} SLA`, better: after ? [words] : [], worse: before ? [`no ${words}`] : [], slaTarget: null, trigger });
    return out;
  }
  const head = { better: [] as string[], worse: [] as string[] };
  if (before.target !== after.target) {
    const lower = after.direction === "lower_is_better";
    compare(head, "target", before.target, after.target, (x) => `${formatNumber(x)}${after.unit ? ` ${after.unit}` : ""}`, lower);
  }
  if (before.window !== after.window) {
    const b = windowRank(before.window);
    const a = windowRank(after.window);
    const words = `measured per ${after.window ?? "unstated period"} instead of per ${before.window ?? "unstated period"}`;
    // A shorter window lets fewer bad days average away.
    if (a !== null && (b === null || a < b)) head.better.push(words);
    else head.worse.push(words);
  }
  if (head.better.length + head.worse.length > 0) {
    const delta = before.target !== null && after.target !== null ? after.target - before.target : null;
    const metric = normaliseMetric(after.metric);
    const slaTarget = delta !== null && metric !== "" ? { metric, before: before.target!, after: after.target!, delta } : null;
    out.push({ keyParts: ["sla", after.id], item: `${name} SLA`, ...head, slaTarget, trigger });
  }
  const beforeRemedies = new Map(before.remedies.map((r) => [r.id, r]));
  const afterRemedies = new Map(after.remedies.map((r) => [r.id, r]));
  for (const id of unionOrdered(before.remedies.map((r) => r.id), after.remedies.map((r) => r.id))) {
    const b = beforeRemedies.get(id);
    const a = afterRemedies.get(id);
    const kind = REMEDY_LABELS[(a ?? b)!.kind];
    const item = `${kind} on ${name}`;
    const keyParts = ["remedy", after.id, id];
    if (!b) out.push({ keyParts, item, better: [remedyWords(a!)], worse: [], slaTarget: null, trigger });
    else if (!a) out.push({ keyParts, item, better: [], worse: [`no ${remedyWords(b)}`], slaTarget: null, trigger });
    else {
      const d = compareRemedies(b, a);
      if (d.better.length + d.worse.length > 0) out.push({ keyParts, item, ...d, slaTarget: null, trigger });
    }
  }
  return out;
}

function diffTerms(before: ContractTerms, after: ContractTerms): ClauseChange | null {
  const out = { better: [] as string[], worse: [] as string[] };
  if (before.autoRenewal !== after.autoRenewal) (after.autoRenewal ? out.worse : out.better).push(after.autoRenewal ? "automatic renewal" : "no automatic renewal");
  compare(out, "renewal notice days", before.renewalNoticeDays, after.renewalNoticeDays, (x) => formatNumber(x));
  if (before.terminationRight !== after.terminationRight) (after.terminationRight ? out.better : out.worse).push(after.terminationRight ? "a general termination right" : "no general termination right");
  compare(out, "transition assistance months", before.transitionAssistance?.months ?? null, after.transitionAssistance?.months ?? null, (x) => formatNumber(x));
  compare(out, "overall credit cap", before.creditCapPercentOfTotalFees, after.creditCapPercentOfTotalFees, pct);
  if (out.better.length + out.worse.length === 0) return null;
  return { keyParts: ["terms"], item: "Contract terms", ...out, slaTarget: null, trigger: "" };
}

function unionOrdered(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Set(a);
  return [...a, ...b.filter((x) => !seen.has(x))];
}

/** Every clause change of one bundle from one round to the next, in the bundle's own order. */
export function diffClauses(before: BundleClauses, after: BundleClauses): ClauseChange[] {
  const out: ClauseChange[] = [];
  const beforeSlas = new Map(before.slas.map((s) => [s.id, s]));
  const afterSlas = new Map(after.slas.map((s) => [s.id, s]));
  for (const id of unionOrdered(before.slas.map((s) => s.id), after.slas.map((s) => s.id))) out.push(...diffSla(beforeSlas.get(id), afterSlas.get(id)));
  const beforeContingent = new Map(before.contingentClauses.map((c) => [c.id, c]));
  const afterContingent = new Map(after.contingentClauses.map((c) => [c.id, c]));
  for (const id of unionOrdered(before.contingentClauses.map((c) => c.id), after.contingentClauses.map((c) => c.id))) {
    const b = beforeContingent.get(id);
    const a = afterContingent.get(id);
    if (b && a && JSON.stringify(b) === JSON.stringify(a)) continue;
    const c = (a ?? b)!;
    const words = `if ${c.metric ?? "the metric"} ${c.comparison ? COMPARISON_WORDS[c.comparison] : "crosses"} ${c.threshold === null ? "a threshold" : formatNumber(c.threshold)}${c.window ? ` in a ${c.window}` : ""}, then ${c.remedy ? remedyWords(c.remedy) : "no stated remedy"}`;
    out.push({
      keyParts: ["contingent", id],
      item: "Contingent clause",
      better: a ? [b ? `${words} (changed)` : words] : [],
      worse: a ? [] : [`no contingent clause: ${words}`],
      slaTarget: null,
      trigger: "",
    });
  }
  const terms = diffTerms(before.contractTerms, after.contractTerms);
  if (terms) out.push(terms);
  return out;
}
