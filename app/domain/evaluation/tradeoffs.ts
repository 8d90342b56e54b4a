/**
 * What a vendor's three bundles reveal about its prices: how much the evaluated price moves
 * per unit of each other issue (term month, support tier step, SLA point).
 *
 * With three bundles and many issues that vary together, a full regression is
 * underdetermined, so each variable gets the best estimate its data supports, labelled:
 *  - "pairwise-difference": two bundles differ in this variable only (prices aside), so
 *    Δprice / Δvalue is what the vendor itself charges for the change;
 *  - "least-squares": otherwise, the slope of price on this variable over the three bundles,
 *    with the other variables that moved at the same time listed as confounders.
 */
import { normaliseMetric } from "./clauses";
import type { CompiledRound } from "./compile";
import { formatMoney, formatNumber } from "./format";

export type TradeOffVariable = { kind: "issue"; issueId: string; issueIndex: number } | { kind: "sla"; metric: string };
export type EstimateMethod = "pairwise-difference" | "least-squares";

export interface TradeOff {
  variable: TradeOffVariable;
  label: string;
  unit: string;
  /** Change of evaluated price (minor units) per +1 unit of the variable. */
  pricePerUnitMinor: number;
  method: EstimateMethod;
  /** Slot ids of the bundles the estimate rests on. */
  basis: string[];
  confoundedBy: string[];
  explanation: string;
}

interface Variable {
  variable: TradeOffVariable;
  label: string;
  unit: string;
  values: number[]; // one per slot
}

/** The round's side of the estimate, the same for every vendor: which issues count, and money formatting. */
export interface TradeOffSetup {
  /** Number and choice issues outside the evaluated price. */
  readonly issues: readonly { readonly variable: TradeOffVariable; readonly label: string; readonly unit: string }[];
  readonly money: (minor: number) => string;
}

export function prepareTradeOffs(round: CompiledRound): TradeOffSetup {
  const { input } = round;
  const priced = new Set(input.settings.evaluatedPrice.terms.map((t) => t.issueId));
  const issues: TradeOffSetup["issues"][number][] = [];
  input.issues.forEach((issue, i) => {
    if (issue.kind === "text" || issue.kind === "money" || priced.has(issue.id)) return;
    issues.push({ variable: { kind: "issue", issueId: issue.id, issueIndex: i }, label: issue.name, unit: issue.kind === "number" ? issue.unit : "step" });
  });
  return { issues, money: (m) => formatMoney(m, input.currency, input.minorUnitsPerMajor) };
}

/** Number and choice issues outside the price, and SLA targets every bundle states. */
function vendorVariables(round: CompiledRound, bundleIdx: readonly number[], setup: TradeOffSetup): Variable[] {
  const { nBundles } = round;
  const vars: Variable[] = [];
  for (const issue of setup.issues) {
    const i = issue.variable.kind === "issue" ? issue.variable.issueIndex : -1;
    const values = new Array<number>(bundleIdx.length);
    for (let k = 0; k < bundleIdx.length; k++) values[k] = round.issueValues[i * nBundles + bundleIdx[k]!]!;
    vars.push({ variable: issue.variable, label: issue.label, unit: issue.unit, values });
  }
  const metrics = new Map<string, number[]>();
  for (let k = 0; k < bundleIdx.length; k++) {
    for (const sla of round.bundles[bundleIdx[k]!]?.clauses.slas ?? []) {
      if (sla.target === null) continue;
      const m = normaliseMetric(sla.metric);
      if (m === "") continue;
      let row = metrics.get(m);
      if (row === undefined) metrics.set(m, (row = new Array<number>(bundleIdx.length).fill(Number.NaN)));
      if (Number.isNaN(row[k]!)) row[k] = sla.target;
    }
  }
  // forEach, in insertion order like for…of, without an entry array per metric (3 000 a round).
  metrics.forEach((values, metric) => {
    if (!values.some(Number.isNaN)) vars.push({ variable: { kind: "sla", metric }, label: `${metric} SLA target`, unit: "SLA point", values });
  });
  return vars;
}

function allEqual(xs: readonly number[]): boolean {
  for (let k = 1; k < xs.length; k++) if (xs[k] !== xs[0]) return false;
  return true;
}

/** Whether every variable other than `v` takes the same value in bundles i and j. */
function onlyDiffersIn(vars: readonly Variable[], v: Variable, i: number, j: number): boolean {
  for (const o of vars) if (o !== v && o.values[i] !== o.values[j]) return false;
  return true;
}

/**
 * The variables that moved across the vendor's bundles, with their labels joined once: every
 * least-squares estimate lists all of them but itself as confounders, so each list is cut
 * from the one joined string instead of joined again (16 variables × 500 vendors).
 */
interface Covarying {
  readonly variables: readonly Variable[];
  readonly labels: readonly string[];
  readonly joined: string;
  /** Where each label starts in `joined`. */
  readonly starts: readonly number[];
}

const SEPARATOR = ", ";

function listVarying(vars: readonly Variable[]): Covarying {
  const variables: Variable[] = [];
  const labels: string[] = [];
  const starts: number[] = [];
  let at = 0;
  for (const o of vars) {
    if (allEqual(o.values)) continue;
    variables.push(o);
    labels.push(o.label);
    starts.push(at);
    at += o.label.length + SEPARATOR.length;
  }
  return { variables, labels, joined: labels.join(SEPARATOR), starts };
}

/** `labels` without the k-th, allocated at its final length (8 000 lists a round, grown push by push before). */
function labelsWithout(c: Covarying, k: number): string[] {
  const n = c.labels.length;
  if (n <= 1) return [];
  const out = new Array<string>(n - 1);
  for (let j = 0, at = 0; j < n; j++) if (j !== k) out[at++] = c.labels[j]!;
  return out;
}

/** `labels` without the k-th, joined: equal to filtering then joining. */
function joinedWithout(c: Covarying, k: number): string {
  const n = c.labels.length;
  if (n <= 1) return "";
  const start = c.starts[k]!;
  const end = start + c.labels[k]!.length;
  if (k === 0) return c.joined.slice(end + SEPARATOR.length);
  if (k === n - 1) return c.joined.slice(0, start - SEPARATOR.length);
  return c.joined.slice(0, start) + c.joined.slice(end + SEPARATOR.length);
}

export function estimateTradeOffs(round: CompiledRound, bundleIdx: readonly number[], setup: TradeOffSetup = prepareTradeOffs(round)): TradeOff[] {
  const { input } = round;
  const vars = vendorVariables(round, bundleIdx, setup);
  const n = bundleIdx.length;
  const prices = new Array<number>(n);
  const slotIds = new Array<string>(n);
  const slotNames = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const b = bundleIdx[k]!;
    const slot = input.bundleSlots[round.slotOfBundle[b]!]!;
    prices[k] = round.evaluatedPrice[b]!;
    slotIds[k] = slot.id;
    slotNames[k] = slot.name;
  }
  const { money } = setup;
  const covarying = listVarying(vars);
  const out: TradeOff[] = [];

  for (const v of vars) {
    const xs = v.values;
    if (allEqual(xs)) continue;
    let pair: [number, number] | null = null;
    for (let i = 0; i < n && !pair; i++) {
      for (let j = i + 1; j < n && !pair; j++) {
        if (xs[i] !== xs[j] && onlyDiffersIn(vars, v, i, j)) pair = [i, j];
      }
    }
    if (pair) {
      const [i, j] = pair;
      const dx = xs[j]! - xs[i]!;
      const dp = prices[j]! - prices[i]!;
      const per = dp / dx;
      out.push({
        variable: v.variable,
        label: v.label,
        unit: v.unit,
        pricePerUnitMinor: Math.round(per),
        method: "pairwise-difference",
        basis: [slotIds[i]!, slotIds[j]!],
        confoundedBy: [],
        explanation:
          `${slotNames[i]} → ${slotNames[j]}: ${v.label} ${signed(dx)} ${v.unit}, evaluated price ${signedMoney(dp, money)}, ` +
          `nothing else changed ⇒ ${signedMoney(per, money)} per +1 ${v.unit}`,
      });
      continue;
    }
    let sx = 0;
    let sp = 0;
    for (let k = 0; k < n; k++) {
      sx += xs[k]!;
      sp += prices[k]!;
    }
    const mx = sx / n;
    const mp = sp / n;
    let sxy = 0;
    let sxx = 0;
    for (let k = 0; k < n; k++) {
      sxy += (xs[k]! - mx) * (prices[k]! - mp);
      sxx += (xs[k]! - mx) ** 2;
    }
    const per = sxx > 0 ? sxy / sxx : 0;
    const k = covarying.variables.indexOf(v); // v varies, or it would have been skipped above
    const confoundedBy = labelsWithout(covarying, k);
    out.push({
      variable: v.variable,
      label: v.label,
      unit: v.unit,
      pricePerUnitMinor: Math.round(per),
      method: "least-squares",
      basis: slotIds,
      confoundedBy,
      explanation:
        `least-squares slope of evaluated price on ${v.label} over ${n} bundles ⇒ ${signedMoney(per, money)} per +1 ${v.unit}` +
        (confoundedBy.length > 0 ? `; rough, because ${joinedWithout(covarying, k)} changed at the same time` : ""),
    });
  }
  return out;
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : "−"}${formatNumber(Math.abs(x))}`;
}
function signedMoney(x: number, money: (m: number) => string): string {
  return `${x >= 0 ? "+" : "−"}${money(Math.abs(Math.round(x)))}`;
}
