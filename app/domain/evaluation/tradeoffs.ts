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

/** Number and choice issues outside the price, and SLA targets every bundle states. */
function vendorVariables(round: CompiledRound, bundleIdx: readonly number[]): Variable[] {
  const { input, nBundles } = round;
  const priced = new Set(input.settings.evaluatedPrice.terms.map((t) => t.issueId));
  const vars: Variable[] = [];
  input.issues.forEach((issue, i) => {
    if (issue.kind === "text" || issue.kind === "money" || priced.has(issue.id)) return;
    vars.push({
      variable: { kind: "issue", issueId: issue.id, issueIndex: i },
      label: issue.name,
      unit: issue.kind === "number" ? issue.unit : "step",
      values: bundleIdx.map((b) => round.issueValues[i * nBundles + b]!),
    });
  });
  const metrics = new Map<string, number[]>();
  bundleIdx.forEach((b, k) => {
    for (const sla of round.bundles[b]?.clauses.slas ?? []) {
      const m = normaliseMetric(sla.metric);
      if (m === "" || sla.target === null) continue;
      const row = metrics.get(m) ?? new Array<number>(bundleIdx.length).fill(Number.NaN);
      if (Number.isNaN(row[k]!)) row[k] = sla.target;
      metrics.set(m, row);
    }
  });
  for (const [metric, values] of metrics) {
    if (values.every((v) => !Number.isNaN(v))) vars.push({ variable: { kind: "sla", metric }, label: `${metric} SLA target`, unit: "SLA point", values });
  }
  return vars;
}

export function estimateTradeOffs(round: CompiledRound, bundleIdx: readonly number[]): TradeOff[] {
  const { input } = round;
  const vars = vendorVariables(round, bundleIdx);
  const prices = bundleIdx.map((b) => round.evaluatedPrice[b]!);
  const slotIds = bundleIdx.map((b) => input.bundleSlots[round.slotOfBundle[b]!]!.id);
  const slotNames = bundleIdx.map((b) => input.bundleSlots[round.slotOfBundle[b]!]!.name);
  const money = (m: number) => formatMoney(m, input.currency, input.minorUnitsPerMajor);
  const out: TradeOff[] = [];

  for (const v of vars) {
    const xs = v.values;
    if (xs.every((x) => x === xs[0])) continue;
    const others = vars.filter((o) => o !== v);
    let pair: [number, number] | null = null;
    for (let i = 0; i < xs.length && !pair; i++) {
      for (let j = i + 1; j < xs.length && !pair; j++) {
        if (xs[i] !== xs[j] && others.every((o) => o.values[i] === o.values[j])) pair = [i, j];
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
    const n = xs.length;
    const mx = xs.reduce((s, x) => s + x, 0) / n;
    const mp = prices.reduce((s, p) => s + p, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (let k = 0; k < n; k++) {
      sxy += (xs[k]! - mx) * (prices[k]! - mp);
      sxx += (xs[k]! - mx) ** 2;
    }
    const per = sxx > 0 ? sxy / sxx : 0;
    const confoundedBy = others.filter((o) => o.values.some((x) => x !== o.values[0])).map((o) => o.label);
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
        (confoundedBy.length > 0 ? `; rough, because ${confoundedBy.join(", ")} changed at the same time` : ""),
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
