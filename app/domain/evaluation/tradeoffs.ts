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
 *
 * Variables that moved in lockstep across the bundles (collinear columns: one is a fixed linear
 * function of the other in every bundle, as a 48-month term always came with seasonal
 * scheduling) cannot be told apart by any estimate: each one's slope credits it with the whole
 * price change they made together. They form one group (`TradeOffGroup`) whose joint value is
 * that estimate, and wherever estimates are added up (a package's revealed price, the
 * concession log) the group counts once (`groupMovePrice`).
 */
import { normaliseMetric } from "./clauses";
import type { CompiledRound } from "./compile";
import { decimalOf, pow10, roundFractionHalfAwayFromZero } from "./exact";
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
  /** Present when the variable moved in lockstep with others across the bundles (then always a least-squares estimate). */
  group?: TradeOffGroup;
}

/**
 * Variables that moved in lockstep across the vendor's bundles. Every member's trade-off
 * carries the same group; its joint value is what the members' estimates each claim alone.
 */
export interface TradeOffGroup {
  /** Position among the vendor's groups (0, 1, …), in trade-off order of their first members. */
  index: number;
  /** The members in trade-off order, each with its value in the two bundles the group's span runs between. */
  members: { variable: TradeOffVariable; label: string; from: number; to: number }[];
  /** The bundle where the first member is lowest, and where it is highest (the first such in slot order). */
  fromSlotId: string;
  toSlotId: string;
  /**
   * Change of evaluated price (minor units) from `fromSlotId`'s values of the members to
   * `toSlotId`'s: the least-squares estimate, computed on the typed decimals and rounded once
   * half away from zero; the same whichever member it is read through.
   */
  jointPriceMinor: number;
}

/** One member's move in a change being priced: its value before and after. */
export interface GroupMove {
  member: number;
  before: number;
  after: number;
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
  groupLockstep(covarying.variables, out, prices, slotIds, slotNames, money);
  return out;
}

/**
 * Puts the varying variables that moved in lockstep into groups (see the header) and attaches
 * each group to its members' trade-offs; `out[k]` is the trade-off of `varying[k]`. A variable
 * alone in its group gets none, so a vendor whose bundles separate its variables gets the same
 * trade-offs as before groups existed.
 */
function groupLockstep(varying: readonly Variable[], out: TradeOff[], prices: readonly number[], slotIds: readonly string[], slotNames: readonly string[], money: (m: number) => string): void {
  if (varying.length < 2) return;
  const groups: number[][] = [];
  for (let k = 0; k < varying.length; k++) {
    const g = groups.find((members) => inLockstep(varying[members[0]!]!.values, varying[k]!.values));
    if (g) g.push(k);
    else groups.push([k]);
  }
  let index = 0;
  for (const members of groups) {
    if (members.length < 2) continue;
    const lead = varying[members[0]!]!.values;
    let from = 0;
    let to = 0;
    for (let b = 1; b < lead.length; b++) {
      if (lead[b]! < lead[from]!) from = b;
      if (lead[b]! > lead[to]!) to = b;
    }
    const group: TradeOffGroup = {
      index: index++,
      members: members.map((k) => ({ variable: varying[k]!.variable, label: varying[k]!.label, from: varying[k]!.values[from]!, to: varying[k]!.values[to]! })),
      fromSlotId: slotIds[from]!,
      toSlotId: slotIds[to]!,
      jointPriceMinor: leastSquaresChange(lead, prices, from, to),
    };
    const labels = group.members.map((m) => m.label);
    // The joint value's words are the same for every member: formatted once a group.
    const joint = `the estimate is their joint value (${signedMoney(group.jointPriceMinor, money)} from ${slotNames[from]} to ${slotNames[to]}), to be counted once`;
    for (const k of members) {
      const t = out[k]!;
      t.group = group;
      t.explanation += `; ${listWords(labels.filter((l) => l !== t.label))} moved in lockstep with it in every bundle, so the bids do not separate them: ${joint}`;
    }
  }
}

/** "A", "A and B", "A, B and C". */
function listWords(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

/** The typed decimals of `xs` as integers over one power of ten. */
function scaledDigits(xs: readonly number[]): bigint[] {
  const ds = xs.map(decimalOf);
  let scale = 0;
  for (const d of ds) if (d.scale > scale) scale = d.scale;
  return ds.map((d) => d.digits * pow10(scale - d.scale));
}

/**
 * Whether `ys` is a fixed linear function of `xs` (ys = a + b·xs, b ≠ 0) in every bundle, both
 * varying, decided exactly: (x_k − x_0)(y_r − y_0) = (x_r − x_0)(y_k − y_0) for every k, r being
 * the first bundle where x differs from the first. Doubles where every product stays a safe
 * integer; otherwise doubles only rule out what is clearly not in lockstep and the typed
 * decimals decide in BigInt (99.9 − 99.5 is not 0.4 in binary).
 */
function inLockstep(xs: readonly number[], ys: readonly number[]): boolean {
  const n = xs.length;
  // Where x repeats its first value y must too, and the other way round.
  for (let k = 1; k < n; k++) if ((xs[k] === xs[0]) !== (ys[k] === ys[0])) return false;
  let r = 1;
  while (r < n && xs[r] === xs[0]) r++;
  if (r === n) return false;
  const dxr = xs[r]! - xs[0]!;
  const dyr = ys[r]! - ys[0]!;
  let integers = true;
  for (let k = 0; k < n && integers; k++) integers = Number.isSafeInteger(xs[k]!) && Number.isSafeInteger(ys[k]!);
  let safe = integers;
  for (let k = 1; k < n; k++) {
    const left = (xs[k]! - xs[0]!) * dyr;
    const right = dxr * (ys[k]! - ys[0]!);
    safe &&= Number.isSafeInteger(left) && Number.isSafeInteger(right);
    if (safe ? left !== right : Math.abs(left - right) > 1e-9 * Math.max(Math.abs(left), Math.abs(right))) return false;
  }
  if (safe) return true;
  const x = scaledDigits(xs);
  const y = scaledDigits(ys);
  const bxr = x[r]! - x[0]!;
  const byr = y[r]! - y[0]!;
  for (let k = 1; k < n; k++) if ((x[k]! - x[0]!) * byr !== bxr * (y[k]! - y[0]!)) return false;
  return true;
}

/** num / den rounded half away from zero, for safe integers (den > 0); null when a step would leave them. */
function roundRatio(num: number, den: number): number | null {
  const abs = Math.abs(num);
  let q = Math.floor(abs / den);
  let rest = abs - q * den;
  if (!Number.isSafeInteger(q * den)) return null;
  // The quotient of doubles may be one off either way: the remainder puts it right.
  if (rest < 0) {
    q -= 1;
    rest += den;
  } else if (rest >= den) {
    q += 1;
    rest -= den;
  }
  const rounded = 2 * rest >= den ? q + 1 : q;
  return num < 0 ? -rounded : rounded + 0;
}

/**
 * The least-squares change of price from bundle `from` to bundle `to` along `xs`:
 * slope × (x_to − x_from) with slope = (nΣxp − ΣxΣp) / (nΣx² − (Σx)²), exact on the typed
 * decimals and the integer prices, rounded once half away from zero. Whole values whose sums
 * stay safe integers are computed in doubles (most terms, weeks and option steps), else BigInt.
 */
function leastSquaresChange(xs: readonly number[], prices: readonly number[], from: number, to: number): number {
  const n = xs.length;
  let sx = 0;
  let sp = 0;
  let sxp = 0;
  let sxx = 0;
  let safe = true;
  for (let k = 0; k < n && safe; k++) {
    const x = xs[k]!;
    const p = prices[k]!;
    sx += x;
    sp += p;
    sxp += x * p;
    sxx += x * x;
    safe = Number.isSafeInteger(x) && Number.isSafeInteger(x * p) && Number.isSafeInteger(sx) && Number.isSafeInteger(sp) && Number.isSafeInteger(sxp) && Number.isSafeInteger(sxx);
  }
  if (safe) {
    const cov = n * sxp - sx * sp;
    const variance = n * sxx - sx * sx;
    const num = cov * (xs[to]! - xs[from]!);
    const exact = [n * sxp, sx * sp, cov, n * sxx, sx * sx, variance, num].every(Number.isSafeInteger) && variance > 0;
    const rounded = exact ? roundRatio(num, variance) : null;
    if (rounded !== null) return rounded;
  }
  const x = scaledDigits(xs);
  const bn = BigInt(n);
  let bsx = 0n;
  let bsp = 0n;
  let bsxp = 0n;
  let bsxx = 0n;
  for (let k = 0; k < n; k++) {
    const p = BigInt(prices[k]!);
    bsx += x[k]!;
    bsp += p;
    bsxp += x[k]! * p;
    bsxx += x[k]! * x[k]!;
  }
  const cov = bn * bsxp - bsx * bsp;
  const variance = bn * bsxx - bsx * bsx;
  return Number(roundFractionHalfAwayFromZero(cov * (x[to]! - x[from]!), variance)) + 0;
}

/** (after − before) / (to − from) as an exact fraction with a positive denominator. */
function moveFraction(before: number, after: number, from: number, to: number): { num: bigint; den: bigint } {
  const [b, a, f, t] = scaledDigits([before, after, from, to]) as [bigint, bigint, bigint, bigint];
  const den = t - f;
  return den < 0n ? { num: b - a, den: -den } : { num: a - b, den };
}

/**
 * What moving some members of one group is worth to the vendor's price, the group counted
 * once. Each member's move is a fraction of the group's span ((after − before) / (to − from)).
 * All the same: the joint value × that fraction. The same way by different amounts: at the
 * farthest move (the bids do not say what the lesser moves take off). Opposite ways: null, as
 * the change pulls apart what the bids only ever showed together, which they cannot price.
 */
export function groupMovePrice(group: TradeOffGroup, moves: readonly GroupMove[]): number | null {
  let far: { num: bigint; den: bigint } | null = null;
  let sign = 0;
  for (const m of moves) {
    const member = group.members[m.member];
    if (!member || m.after === m.before) continue;
    const f = moveFraction(m.before, m.after, member.from, member.to);
    const s = f.num < 0n ? -1 : 1;
    if (sign !== 0 && s !== sign) return null;
    sign = s;
    const abs = f.num < 0n ? -f.num : f.num;
    if (far === null || abs * far.den > (far.num < 0n ? -far.num : far.num) * f.den) far = f;
  }
  if (far === null) return 0;
  return Number(roundFractionHalfAwayFromZero(BigInt(group.jointPriceMinor) * far.num, far.den)) + 0;
}

/** The member of `group` that `variable` is, or −1. */
export function groupMemberOf(group: TradeOffGroup, variable: TradeOffVariable): number {
  return group.members.findIndex((m) =>
    m.variable.kind === "issue" ? variable.kind === "issue" && variable.issueId === m.variable.issueId : variable.kind === "sla" && variable.metric === m.variable.metric,
  );
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : "−"}${formatNumber(Math.abs(x))}`;
}
function signedMoney(x: number, money: (m: number) => string): string {
  return `${x >= 0 ? "+" : "−"}${money(Math.abs(Math.round(x)))}`;
}
