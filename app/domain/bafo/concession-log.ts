/**
 * The concession log of one vendor (the playbook's artifact: Item | You give | You get | Value
 * to you / them | Trigger), built from what changed in its bundles from one round to the next
 * and the conditional asks the buyer sent it. "You" is the buyer.
 *
 * - Each changed issue value and each changed clause of a bundle is a line. The value to the
 *   buyer is the change of the bundle's total when only that value is changed, re-scored by
 *   the engine on the previous round's snapshot input (its price context held fixed). The cost
 *   to the vendor is money: exact for a price term (coefficient × the change), else the
 *   vendor's own revealed trade-off for that issue or SLA (exact pairwise or rough estimate).
 * - Issues and SLA targets that moved in lockstep across the vendor's bundles form a trade-off
 *   group: the bids do not separate them, so each one's rough estimate is their joint value.
 *   The lines of one bundle whose costs rest on one group share that value, counted once: on
 *   the first of them, the others pointing to it (`costGroup`); unknown when the bundle moves
 *   them apart (one towards the other's bundles, the other away).
 * - A change is what the buyer gets when it scores higher, what the buyer gives when it scores
 *   lower; a change that scores nothing counts as given when the vendor's bundles show it is
 *   worth money to the vendor (its price falls with it), as got when it costs the vendor money.
 * - Within one bundle of one round the gives and gets are each other's trigger: the bundle is
 *   one offer. One-way concessions are flagged as the playbook warns: the vendor gives in a
 *   bundle where the buyer gives nothing and no ask it met covers it; the buyer gives in a
 *   bundle where it gets nothing; an ask the opened bid does not meet.
 * - An ask built from an engine package is met when the package's bundle carries every asked
 *   value (or one that scores higher) at no more than the asked evaluated price. A free ask
 *   cannot be checked by rule: it counts as not met only when the vendor changed nothing.
 * - Values are said as the MESO insight says them (insight-words): "a contract term of 48 months
 *   instead of 36 months"; an unmet ask says what fell short: "local hiring of 30% of crew
 *   instead of the 45% of crew asked; an evaluated price of EUR …, above the EUR … asked".
 */
import type { Bundle, RoundInput } from "../evaluation/schema";
import { computeEvaluatedPrice, exactLinearCombination, ownValue } from "../evaluation/price";
import { scoreAndRank } from "../evaluation/evaluate";
import { scorePackage } from "../evaluation/package";
import { formatMoney } from "../evaluation/format";
import { normaliseMetric } from "../evaluation/clauses";
import { estimateTradeOffs, groupMemberOf, groupMovePrice, type TradeOff } from "../evaluation/tradeoffs";
import type { ConcessionLine } from "./types";
import { diffClauses } from "./concession-clauses";
import { bidValueWords, issueValue, METHOD_LABELS, type VendorTerms, type WordedIssue } from "./insight-words";

export interface AskedPackage {
  /** The bundle the package starts from. */
  baseSlotId: string;
  /** The values asked for (issue id → value), only those that differ from the bundle as bid. */
  values: Readonly<Record<string, number | string>>;
  /** The evaluated price the package was offered at; null when the ask names none. */
  evaluatedPriceMinor: number | null;
}

export interface ConcessionAsk {
  id: string;
  ifWe: string;
  couldYou: string;
  /** The engine package the ask was built from; null for a free ask. */
  package: AskedPackage | null;
}

export interface ConcessionRound {
  round: number;
  /** The vendor's counting bundles in the round before (its previous bid). */
  before: readonly Bundle[];
  /** Its counting bundles in this round; null while sealed or when it sent none. */
  after: readonly Bundle[] | null;
  /** Whether this round's bids are opened (an unmet ask is only known then). */
  opened: boolean;
  asks: readonly ConcessionAsk[];
  /** The previous round's snapshot input and the vendor's revealed trade-offs in it; null when it was not evaluated. */
  engine: { input: RoundInput; tradeOffs: readonly TradeOff[] } | null;
}

export interface ConcessionTerms extends VendorTerms {
  vendorId: string;
}

const EPS = 1e-9;
const MAX_KEY = 300;

/** A stable line key within the annotation column's 300 characters (long ids are hashed). */
export function lineKey(parts: readonly (string | number)[]): string {
  const key = parts.join(":");
  if (key.length <= MAX_KEY) return key;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return `${key.slice(0, MAX_KEY - 9)}#${h.toString(16).padStart(8, "0")}`;
}

interface Scorer {
  /** Total of the vendor's previous bundle in `slotId` with `values` replaced; null when not scorable. */
  total(slotId: string, values: Readonly<Record<string, number | string>>): number | null;
  tradeOffs: readonly TradeOff[];
}

/** One scoring pass per round input, shared by every vendor's log built from it. */
const scoredRounds = new WeakMap<RoundInput, ReturnType<typeof scoreAndRank>>();

function scorerOf(engine: ConcessionRound["engine"], vendorId: string): Scorer | null {
  const vendorIndex = engine ? engine.input.vendors.findIndex((v) => v.id === vendorId) : -1;
  if (!engine || vendorIndex < 0) return null;
  let scored = scoredRounds.get(engine.input);
  if (!scored) scoredRounds.set(engine.input, (scored = scoreAndRank(engine.input)));
  const { round, price } = scored;
  return { total: (slotId, values) => scorePackage(round, price, vendorId, slotId, values)?.total ?? null, tradeOffs: withGroups(engine.tradeOffs, round, vendorIndex) };
}

/**
 * The stored trade-offs with their lockstep groups. Snapshots before pareto-engine 2.2 stored
 * none, so the groups are estimated again from the snapshot's input (the same input, the same
 * estimates) and attached by variable: an old round's log counts a group once too.
 */
function withGroups(stored: readonly TradeOff[], round: ReturnType<typeof scoreAndRank>["round"], vendorIndex: number): readonly TradeOff[] {
  if (stored.length === 0 || stored.some((t) => t.group !== undefined)) return stored;
  const spv = round.slotsPerVendor;
  const bundleIdx = Array.from({ length: spv }, (_, s) => vendorIndex * spv + s);
  const fresh = estimateTradeOffs(round, bundleIdx).filter((t) => t.group !== undefined);
  if (fresh.length === 0) return stored;
  return stored.map((t) => {
    const group = fresh.find((f) => groupMemberOf(f.group!, t.variable) >= 0)?.group;
    return group ? { ...t, group } : t;
  });
}

type Side = "gets" | "gives" | "both" | "neutral";

interface Draft extends Omit<ConcessionLine, "oneWay" | "annotation" | "trigger"> {
  slotId: string | null;
  side: Side;
  /** The SLA's own trigger, for clause lines. */
  ownTrigger: string;
  issueId: string | null;
  /** The revealed trade-off the cost rests on and the value's move, for lockstep groups. */
  tradeOff: TradeOff | null;
  move: { before: number; after: number } | null;
}

function stripLead(text: string, lead: RegExp): string {
  return text.trim().replace(lead, "").trim();
}

export function askWords(ask: Pick<ConcessionAsk, "ifWe" | "couldYou">): { ifWe: string; couldYou: string } {
  return { ifWe: `If we ${stripLead(ask.ifWe, /^if we\s+/i)}`, couldYou: `could you ${stripLead(ask.couldYou, /^could you\s+/i).replace(/\?$/, "")}?` };
}

/** The lines of one vendor's log, round by round (asks first, then bundles in slot order). */
export function buildConcessionLog(terms: ConcessionTerms, rounds: readonly ConcessionRound[], annotations: ReadonlyMap<string, string> = new Map()): ConcessionLine[] {
  const out: ConcessionLine[] = [];
  for (const r of rounds) out.push(...roundLines(terms, r));
  for (const line of out) line.annotation = annotations.get(line.key) ?? "";
  return out;
}

/** The term sheet's issue, or one named by its id (said as a quoted text) when the RFP no longer has it. */
function issueOf(terms: ConcessionTerms, issueId: string): WordedIssue {
  return terms.issues.find((i) => i.id === issueId) ?? { id: issueId, name: issueId, kind: "text" };
}

/** A changed value in the insight's words: "a contract term of 48 months instead of 36 months", "scheduling: seasonal flexibility instead of fixed year-round rota". */
function changeWords(terms: ConcessionTerms, issue: WordedIssue, after: number | string | undefined, before: number | string | undefined): string {
  return `${bidValueWords(issue, after, terms)} instead of ${before === undefined ? "none" : issueValue(issue, before, terms)}`;
}

function issueNumber(terms: ConcessionTerms, issueId: string, value: number | string | undefined): number | null {
  if (typeof value === "number") return value;
  const issue = terms.issues.find((i) => i.id === issueId);
  if (issue?.kind === "choice" && value !== undefined) {
    const k = issue.options?.findIndex((o) => o.id === value) ?? -1;
    return k < 0 ? null : k;
  }
  return null;
}

interface Cost {
  cost: number | null;
  method: string;
  tradeOff: TradeOff | null;
  move: { before: number; after: number } | null;
}

/** Money the change costs the vendor: exact for price terms and other money, else its revealed trade-off. */
function costOf(terms: ConcessionTerms, scorer: Scorer | null, issueId: string, before: number | string | undefined, after: number | string | undefined): Cost {
  const issue = terms.issues.find((i) => i.id === issueId);
  if (issue?.kind === "money" && typeof before === "number" && typeof after === "number") {
    const term = terms.evaluatedPriceTerms.find((t) => t.issueId === issueId);
    // coefficient × (before − after) on the typed decimals, rounded once half away from zero
    // (1.15 × 100 010 = 115 011.5 → 115 012, where binary floating point gave 115 011).
    const coefficient = term?.coefficient ?? 1;
    const cost = Number(exactLinearCombination([[coefficient, before], [-coefficient, after]]));
    return { cost, method: term ? "exact: evaluated price" : "exact: amount", tradeOff: null, move: null };
  }
  const t = scorer?.tradeOffs.find((x) => x.variable.kind === "issue" && x.variable.issueId === issueId);
  const b = issueNumber(terms, issueId, before);
  const a = issueNumber(terms, issueId, after);
  if (!t || a === null || b === null) return { cost: null, method: "", tradeOff: null, move: null };
  return { cost: Math.round(t.pricePerUnitMinor * (a - b)), method: METHOD_LABELS[t.method], tradeOff: t, move: { before: b, after: a } };
}

/**
 * The lines of one bundle whose costs rest on one lockstep group share the group's value for
 * the bundle's change (`groupMovePrice`), counted once: on the first line, null on the others.
 */
function shareGroupCosts(drafts: readonly Draft[]): void {
  const byGroup = new Map<number, Draft[]>();
  for (const d of drafts) {
    const group = d.tradeOff?.group;
    if (!group || !d.move) continue;
    const lines = byGroup.get(group.index);
    if (lines) lines.push(d);
    else byGroup.set(group.index, [d]);
  }
  for (const lines of byGroup.values()) {
    const group = lines[0]!.tradeOff!.group!;
    const items = lines.map((d) => d.tradeOff!.label);
    const alsoMovedWith = group.members.map((m) => m.label).filter((label) => !items.includes(label));
    const joint = lines.length === 1 ? lines[0]!.costToVendorMinor : groupMovePrice(group, lines.map((d) => ({ member: groupMemberOf(group, d.tradeOff!.variable), ...d.move! })));
    lines.forEach((d, k) => {
      d.costToVendorMinor = k === 0 ? joint : null;
      d.costGroup = { items, alsoMovedWith, jointCostMinor: joint, first: k === 0 };
    });
  }
}

function sideOf(points: number | null, cost: number | null): Side {
  if (points !== null && points > EPS) return "gets";
  if (points !== null && points < -EPS) return "gives";
  if (cost !== null && cost < 0) return "gives";
  if (cost !== null && cost > 0) return "gets";
  return "neutral";
}

function bundleDrafts(terms: ConcessionTerms, round: number, slot: { id: string; name: string }, before: Bundle, after: Bundle, scorer: Scorer | null): Draft[] {
  const drafts: Draft[] = [];
  const base = scorer?.total(slot.id, {}) ?? null;
  for (const issue of terms.issues) {
    const b = ownValue(before.values, issue.id);
    const a = ownValue(after.values, issue.id);
    if (b === a) continue;
    const changed = base === null || a === undefined || issue.kind === "text" ? null : scorer!.total(slot.id, { [issue.id]: a });
    const points = changed === null || base === null ? null : changed - base;
    const { cost, method, tradeOff, move } = costOf(terms, scorer, issue.id, b, a);
    const side = issue.kind === "text" ? "neutral" : sideOf(points, cost);
    const words = changeWords(terms, issue, a, b);
    drafts.push({
      key: lineKey([`r${round}`, slot.id, "issue", issue.id]),
      round,
      item: `${issue.name} (${slot.name} bundle)`,
      youGive: side === "gives" ? words : "",
      youGet: side === "gives" ? "" : words,
      valueToBuyerPoints: points,
      costToVendorMinor: cost,
      costMethod: method,
      costGroup: null,
      askId: null,
      slotId: slot.id,
      side,
      ownTrigger: "",
      issueId: issue.id,
      tradeOff,
      move,
    });
  }
  for (const c of diffClauses(before.clauses, after.clauses)) {
    const side: Side = c.better.length > 0 && c.worse.length > 0 ? "both" : c.better.length > 0 ? "gets" : "gives";
    const t = c.slaTarget ? scorer?.tradeOffs.find((x) => x.variable.kind === "sla" && normaliseMetric(x.variable.metric) === c.slaTarget!.metric) : undefined;
    drafts.push({
      key: lineKey([`r${round}`, slot.id, ...c.keyParts]),
      round,
      item: `${c.item} (${slot.name} bundle)`,
      youGive: c.worse.join("; "),
      youGet: c.better.join("; "),
      valueToBuyerPoints: null,
      costToVendorMinor: t && c.slaTarget ? Math.round(t.pricePerUnitMinor * c.slaTarget.delta) : null,
      costMethod: t ? METHOD_LABELS[t.method] : "",
      costGroup: null,
      askId: null,
      slotId: slot.id,
      side,
      ownTrigger: c.trigger,
      issueId: null,
      tradeOff: t ?? null,
      move: t && c.slaTarget ? { before: c.slaTarget.before, after: c.slaTarget.after } : null,
    });
  }
  shareGroupCosts(drafts);
  return drafts;
}

/** What of an asked package the bundle as bid does not give (see the header); empty when the ask is met. */
function packageShortfalls(terms: ConcessionTerms, pkg: AskedPackage, after: readonly Bundle[], scorer: Scorer | null): string[] {
  const bundle = after.find((b) => b.slotId === pkg.baseSlotId);
  const slotName = terms.slots.find((s) => s.id === pkg.baseSlotId)?.name ?? pkg.baseSlotId;
  if (!bundle) return [`no ${slotName} bundle`];
  const short: string[] = [];
  for (const [issueId, asked] of Object.entries(pkg.values)) {
    const bid = ownValue(bundle.values, issueId);
    if (bid === asked) continue;
    if (bid !== undefined && scorer) {
      const withBid = scorer.total(pkg.baseSlotId, { [issueId]: bid });
      const withAsked = scorer.total(pkg.baseSlotId, { [issueId]: asked });
      if (withBid !== null && withAsked !== null && withBid > withAsked + EPS) continue;
    }
    const issue = issueOf(terms, issueId);
    short.push(`${bidValueWords(issue, bid, terms)} instead of the ${issueValue(issue, asked, terms)} asked`);
  }
  if (pkg.evaluatedPriceMinor !== null) {
    const price = computeEvaluatedPrice(bundle.values, [...terms.evaluatedPriceTerms]);
    const money = (m: number) => formatMoney(m, terms.currency, terms.minorUnitsPerMajor);
    if (price > pkg.evaluatedPriceMinor) short.push(`an evaluated price of ${money(price)}, above the ${money(pkg.evaluatedPriceMinor)} asked`);
  }
  return short;
}

function roundLines(terms: ConcessionTerms, r: ConcessionRound): ConcessionLine[] {
  const scorer = scorerOf(r.engine, terms.vendorId);
  const drafts: Draft[] = [];
  if (r.after) {
    for (const slot of terms.slots) {
      const before = r.before.find((b) => b.slotId === slot.id);
      const after = r.after.find((b) => b.slotId === slot.id);
      if (before && after) drafts.push(...bundleDrafts(terms, r.round, slot, before, after, scorer));
    }
  }
  const priced = new Set(terms.evaluatedPriceTerms.map((t) => t.issueId));
  const changedAnything = drafts.length > 0;
  /** Per ask: met, not met, or null when only the buyer can judge (a free ask answered with changes). */
  const askMet = new Map<string, boolean | null>();
  const askLines: ConcessionLine[] = [];
  for (const ask of r.asks) {
    let met: boolean | null = null;
    let shortfalls: string[] = [];
    if (r.opened && r.after !== null && ask.package) shortfalls = packageShortfalls(terms, ask.package, r.after, scorer);
    if (r.opened) met = r.after === null ? false : ask.package ? shortfalls.length === 0 : changedAnything ? null : false;
    askMet.set(ask.id, met);
    // Lines that answer the ask: the package's values and price terms on its bundle; every change for a free ask.
    for (const d of drafts) {
      if (d.askId !== null) continue;
      const covers = ask.package ? d.slotId === ask.package.baseSlotId && d.issueId !== null && (Object.hasOwn(ask.package.values, d.issueId) || priced.has(d.issueId)) : true;
      if (covers) d.askId = ask.id;
    }
    const words = askWords(ask);
    const status = !r.opened
      ? `awaiting the opening of round ${r.round}`
      : met === true
        ? `met in round ${r.round}`
        : met === false
          ? r.after === null
            ? `not met: no round-${r.round} bid`
            : `not met by the round-${r.round} bid${shortfalls.length > 0 ? `: ${shortfalls.join("; ")}` : ""}`
          : `answered with changes in round ${r.round}: judge whether they meet it`;
    askLines.push({
      key: lineKey([`r${r.round}`, "ask", ask.id]),
      round: r.round,
      item: "Conditional ask",
      youGive: words.ifWe,
      youGet: words.couldYou,
      valueToBuyerPoints: null,
      costToVendorMinor: null,
      costMethod: "",
      costGroup: null,
      trigger: status,
      askId: ask.id,
      oneWay: met === false ? "ask-not-met" : null,
      annotation: "",
    });
  }

  const lines: ConcessionLine[] = [...askLines];
  for (const d of drafts) {
    const sameBundle = drafts.filter((o) => o.slotId === d.slotId && o !== d);
    const gives = sameBundle.filter((o) => o.side === "gives" || o.side === "both");
    const gets = sameBundle.filter((o) => o.side === "gets" || o.side === "both");
    const buyerGives = d.side === "gives" || d.side === "both" || gives.length > 0;
    const buyerGets = d.side === "gets" || d.side === "both" || gets.length > 0;
    let oneWay: ConcessionLine["oneWay"] = null;
    const answersAsk = d.askId !== null && askMet.get(d.askId) !== false;
    if (d.side === "gets" && !buyerGives && !answersAsk) oneWay = "vendor-gives-unasked";
    if (d.side === "gives" && !buyerGets) oneWay = "buyer-gives-for-nothing";
    const pairing =
      d.side === "gets" && gives.length > 0
        ? `only with what you give in this bundle: ${gives.map((o) => o.youGive).join("; ")}`
        : d.side === "gives" && gets.length > 0
          ? `in return for: ${gets.map((o) => o.youGet).join("; ")}`
          : "";
    const { slotId: _s, side: _d, ownTrigger, issueId: _i, tradeOff: _t, move: _m, ...line } = d;
    lines.push({ ...line, trigger: [ownTrigger, pairing].filter((x) => x !== "").join("; "), oneWay, annotation: "" });
  }
  return lines;
}
