/**
 * The MESO insight of one vendor in words, for the buyer side's insight page: each revealed
 * trade-off as a sentence ("Every 12 months added to the contract term saves you EUR 14,315.83 a
 * month …: Civic Crew's price falls as the contract term grows") labelled by how it was estimated,
 * the dominated bundles, and each counter-package with its gain, break-even, the vendor's
 * revealed price and the zone-of-agreement verdict. Confidential figures (reservation price,
 * BATNA) and any vendor the viewer may not see stay out unless `seesConfidential`.
 * Issues that moved in lockstep across the bundles are said once as a group with their joint
 * value, and each member's sentence says its figure is that joint value; the concession log's
 * lines of such a group are worded here too (`costGroupWords`). An issue's value is said one way
 * wherever it appears (asks, packages, groups, the concession log): `issueValueWords`.
 */
import type { BreakEven, CounterPackage, VendorMesoInsight } from "../evaluation/meso-insight";
import { normaliseMetric } from "../evaluation/clauses";
import { formatMoney, formatNumber } from "../evaluation/format";
import type { EstimateMethod, TradeOff, TradeOffGroup } from "../evaluation/tradeoffs";
import type { ConcessionCostGroup, ConcessionLine } from "./types";

export type MethodLabel = "exact pairwise" | "rough estimate";

export const METHOD_LABELS: Record<EstimateMethod, MethodLabel> = { "pairwise-difference": "exact pairwise", "least-squares": "rough estimate" };

/** What words about one vendor's bundles need from the RFP: its term sheet, slots, money and evaluated price. */
export interface VendorTerms {
  vendorName: string;
  currency: string;
  minorUnitsPerMajor: number;
  issues: readonly { id: string; name: string; kind: string; unit?: string; options?: readonly { id: string; label: string }[] }[];
  slots: readonly { id: string; name: string }[];
  /** The evaluated price's terms (issue × coefficient): a monthly fee counted k times turns a price change into "a month". */
  evaluatedPriceTerms: readonly { issueId: string; coefficient: number }[];
}

export interface InsightTerms extends VendorTerms {
  /** Names of the vendors whose bundles the viewer may see (a competitor outside it is not named). */
  visibleVendorNames: ReadonlyMap<string, string>;
  /** Buyers with the confidential figures; evaluators see no BATNA and no reservation-based verdict. */
  seesConfidential: boolean;
  /** The RFP's SLAs, to say a target in its unit ("emergency response time" in "hours"). */
  slas?: readonly { metric: string; unit?: string | null }[];
}

export interface TradeOffWords {
  label: string;
  sentence: string;
  method: MethodLabel;
  /** The engine's own explanation (which bundles, what else moved), its rate said per one unit ("per week"). */
  detail: string;
  /** For a member of a lockstep group: that its figure is the group's joint value; null otherwise. */
  group: string | null;
}

export interface SuggestionWords {
  /** Position in the engine's list for this vendor (the BAFO page's `suggestion` parameter). */
  index: number;
  baseSlotId: string;
  packageWords: string;
  baseTotal: number;
  total: number;
  gain: number;
  evaluatedPriceMinor: number;
  /** Whom the package must beat and up to which price; null when withheld from this viewer. */
  breakEven: string | null;
  revealedPrice: string;
  verdict: CounterPackage["zoneOfAgreement"] | null;
  verdictWords: string;
  ask: string;
}

export interface InsightWords {
  tradeOffs: TradeOffWords[];
  /** One sentence per lockstep group: its members, the two bundles, the joint value once. */
  groups: string[];
  dominated: string[];
  suggestions: SuggestionWords[];
}

const MONTHLY = /monthly|per[\s_-]?month/i;

/** Money with a true minus sign, as people write it ("EUR −1,150.00"). */
export function signedMoney(minor: number, currency: string, minorUnitsPerMajor: number): string {
  const text = formatMoney(Math.abs(minor), currency, minorUnitsPerMajor);
  return minor < 0 ? text.replace(`${currency} `, `${currency} −`) : text;
}

/** The issue counted as k months of fees in the evaluated price, if there is exactly one such monthly fee. */
function monthlyFeeTerm(terms: InsightTerms): { coefficient: number } | null {
  const monthly = terms.evaluatedPriceTerms.filter((t) => {
    const issue = terms.issues.find((i) => i.id === t.issueId);
    return issue?.kind === "money" && t.coefficient > 1 && (MONTHLY.test(issue.id) || MONTHLY.test(issue.name));
  });
  return monthly.length === 1 ? { coefficient: monthly[0]!.coefficient } : null;
}

/** How far one "step" of a variable reaches in words: a year for terms in months, one unit otherwise. */
function stepOf(t: TradeOff): number {
  return t.variable.kind === "issue" && /^months?$/i.test(t.unit.trim()) ? 12 : 1;
}

/** "saves you EUR 383.33 a month (EUR 13,800.00 over the evaluated price)", "costs you EUR 720.00 in evaluated price", "costs you nothing". */
function priceEffect(minor: number, terms: InsightTerms, about = ""): string {
  if (minor === 0) return "costs you nothing";
  // A change that lowers the price saves the buyer money: said as a saving, not as a negative cost.
  const money = (m: number) => signedMoney(Math.round(minor < 0 ? -m : m), terms.currency, terms.minorUnitsPerMajor);
  const monthly = monthlyFeeTerm(terms);
  const amount = monthly ? `${money(minor / monthly.coefficient)} a month (${money(minor)} over the evaluated price)` : `${money(minor)} in evaluated price`;
  return `${minor < 0 ? "saves you" : "costs you"} ${about}${amount}`;
}

/** An issue as words need it: a money value in the RFP's currency, a number with its unit, a choice's option label. */
export interface WordedIssue {
  id: string;
  name: string;
  kind: string;
  unit?: string | null;
  /** A choice's options: a value is said by its option's label. */
  options?: readonly { id: string; label: string }[];
}

/** What wording an issue's value needs: the issues and the money they are quoted in. */
export interface IssueTerms {
  currency: string;
  minorUnitsPerMajor: number;
  issues: readonly WordedIssue[];
}

/** "45" and "% of crew" → "45% of crew"; "48" and "months" → "48 months" (a percent sign sits on its number). */
export function valueWithUnit(value: number, unit: string | null | undefined): string {
  const u = unit?.trim() ?? "";
  if (u === "") return formatNumber(value);
  return u.startsWith("%") ? `${formatNumber(value)}${u}` : `${formatNumber(value)} ${u}`;
}

/** "Contract term" → "contract term" mid-sentence; "SLA target" keeps its capitals. */
function lowerName(name: string): string {
  return /^[A-Z][A-Z0-9]/.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

function lastWord(name: string): string {
  return name.split(/\s+/).pop() ?? "";
}

/** "local hiring", "scheduling": a name ending in an -ing word, which English says without an article. */
function isGerund(name: string): boolean {
  return /ing$/i.test(lastWord(name));
}

/** "payment terms": a name ending in a plural ("KPIs" and "status" are not counted as such). */
function isPlural(name: string): boolean {
  const last = lastWord(name);
  return /[^su]s$/i.test(last) && !/^[A-Z0-9]+s$/.test(last);
}

/**
 * "a " or "an " before an issue's name, or nothing where English takes none: a name ending in
 * an -ing word ("local hiring") or a plural ("payment terms"). An abbreviation goes by how its
 * first letter is said ("an SLA target").
 */
function articleFor(name: string): string {
  if (isGerund(name) || isPlural(name)) return "";
  if (/^[A-Z][A-Z0-9]/.test(name)) return /^[AEFHILMNORSX]/.test(name) ? "an " : "a ";
  return /^[aeiou]/i.test(name) ? "an " : "a ";
}

/**
 * An issue (or an SLA target) named in a sentence, with the article English wants and whether
 * it takes a plural verb: "the contract term", "local hiring", "the payment terms", "the
 * emergency response time SLA target".
 */
function theName(label: string): { words: string; plural: boolean } {
  const name = lowerName(label.trim());
  if (isGerund(name)) return { words: name, plural: false };
  return { words: `the ${name}`, plural: isPlural(name) };
}

const MAX_QUOTED = 120;

/** A choice's option label for its id, else the value as it is. */
function optionLabel(issue: WordedIssue, value: number | string): string {
  return (issue.kind === "choice" ? issue.options?.find((o) => o.id === value)?.label : undefined) ?? String(value);
}

/**
 * An issue's value on its own, by the issue's kind: "EUR 11,800.00", "48 months", "45% of crew",
 * a choice's option label, a text in quotes (cut at 120 characters). `label` is the engine's own
 * words for the value, used where the kind gives no better; by default a choice's option label.
 */
export function issueValue(issue: WordedIssue, value: number | string, terms: Pick<IssueTerms, "currency" | "minorUnitsPerMajor">, label = optionLabel(issue, value)): string {
  if (issue.kind === "money" && typeof value === "number") return formatMoney(value, terms.currency, terms.minorUnitsPerMajor);
  if (issue.kind === "number" && typeof value === "number") return valueWithUnit(value, issue.unit);
  if (issue.kind === "text") return `“${label.length > MAX_QUOTED ? `${label.slice(0, MAX_QUOTED - 1)}…` : label}”`;
  return label;
}

/**
 * An issue and its value said mid-sentence, by the issue's kind (the engine schema's money,
 * number, choice, text): "a monthly fee of EUR 11,800.00", "a contract term of 48 months",
 * "local hiring of 45% of crew" (a name in -ing takes no article), "scheduling: fixed
 * year-round rota", "staffing plan: “…”". `label` is the engine's own words for the value
 * (a choice's option label), used where the kind gives no better.
 */
export function issueValueWords(issue: WordedIssue, value: number | string, label: string, terms: Pick<IssueTerms, "currency" | "minorUnitsPerMajor">): string {
  const name = lowerName(issue.name.trim());
  const said = issueValue(issue, value, terms, label);
  if ((issue.kind === "money" || issue.kind === "number") && typeof value === "number") return `${articleFor(name)}${name} of ${said}`;
  return `${name}: ${said}`;
}

/**
 * `issueValueWords` for a value as bid, which may be missing: "a contract term of 48 months",
 * "scheduling: seasonal flexibility" (the choice's option label), "no rollout".
 */
export function bidValueWords(issue: WordedIssue, value: number | string | undefined, terms: Pick<IssueTerms, "currency" | "minorUnitsPerMajor">): string {
  return value === undefined ? `no ${lowerName(issue.name.trim())}` : issueValueWords(issue, value, optionLabel(issue, value), terms);
}

/**
 * The engine's conditional ask with each change said as words ("If we accept a contract term
 * of 48 months (as in your Cost bundle), could you include scheduling: fixed year-round rota
 * …"). The snapshot keeps the engine's own sentence, which glues name and value ("Contract term
 * 48 months"): it must stay as stored for the snapshot to reproduce byte for byte, so the words
 * are changed here, for every snapshot old or new, and a phrase not found is left as it was.
 */
export function conditionalAskWords(s: Pick<CounterPackage, "ask" | "changes">, terms: IssueTerms): string {
  let ask = s.ask;
  for (const c of s.changes) {
    const issue = terms.issues.find((i) => i.id === c.issueId);
    if (!issue) continue;
    const glued = `${issue.name} ${c.valueLabel} (as in your `;
    ask = ask.split(glued).join(`${issueValueWords(issue, c.value, c.valueLabel, terms)} (as in your `);
  }
  return ask;
}

/** "A", "A and B", "A, B and C". */
export function listWords(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

/**
 * How far one step reaches, said with its unit: "12 months", "week" (one step of a unit named in
 * the plural reads as one of it), "1% of crew" (a share of something keeps its number),
 * "percentage point" for a bare %, "point" for an SLA target whose unit the RFP does not name,
 * "unit" for an issue without one.
 */
function stepWords(step: number, unit: string | null | undefined, fallback: string): string {
  const u = unit?.trim() ?? "";
  const counted = (word: string) => (step === 1 ? word : `${formatNumber(step)} ${word}s`);
  if (u === "") return counted(fallback);
  if (u === "%") return counted("percentage point");
  if (step === 1 && /^[a-z]+$/i.test(u)) return isPlural(u) ? u.slice(0, -1) : u;
  return valueWithUnit(step, u);
}

/**
 * The engine's explanation as the snapshot stores it (byte for byte), its rate said per one unit
 * as the sentence says it: "per +1 weeks" → "per week", "per +1 % of crew" → "per 1% of crew",
 * "per +1 SLA point" → "per hour" for an SLA target the RFP measures in hours.
 */
function detailWords(t: TradeOff, terms: InsightTerms): string {
  const glued = `per +1 ${t.unit}`;
  const unit = t.variable.kind === "sla" ? slaUnit(terms, t.variable.metric) : t.unit;
  return t.explanation.split(glued).join(`per ${stepWords(1, unit, t.variable.kind === "sla" ? "SLA point" : "unit")}`);
}

function slaUnit(terms: InsightTerms, metric: string): string | null | undefined {
  const m = normaliseMetric(metric);
  return terms.slas?.find((s) => normaliseMetric(s.metric) === m)?.unit;
}

/**
 * "Every 12 months added to the contract term saves you EUR 383.33 a month (…): Civic Crew's
 * price falls as the contract term grows", "Every 1% of crew added to local hiring …",
 * "Choosing fixed rota instead of seasonal flexibility for scheduling costs you …".
 */
export function describeTradeOff(t: TradeOff, terms: InsightTerms): TradeOffWords {
  const step = stepOf(t);
  const perStep = t.pricePerUnitMinor * step;
  const cost = priceEffect(perStep, terms);
  const variable = t.variable;
  const issue = variable.kind === "issue" ? terms.issues.find((i) => i.id === variable.issueId) : undefined;
  const subject = theName(t.label);
  let change: string;
  let grows: string;
  if (issue?.kind === "choice" && issue.options && issue.options.length > 1) {
    const labels = issue.options.map((o) => o.label);
    change = labels.length === 2 ? `choosing ${labels[1]} instead of ${labels[0]} for ${subject.words}` : `each step along the options of ${subject.words} (${labels.join(" → ")})`;
    grows = `as ${subject.words} ${subject.plural ? "move" : "moves"} towards ${labels[labels.length - 1]}`;
  } else {
    const unit = variable.kind === "sla" ? slaUnit(terms, variable.metric) : t.unit;
    change = `every ${stepWords(step, unit, variable.kind === "sla" ? "point" : "unit")} added to ${subject.words}`;
    grows = `as ${subject.words} ${subject.plural ? "grow" : "grows"}`;
  }
  const direction = t.pricePerUnitMinor === 0 ? `${terms.vendorName}'s price does not move ${grows}` : `${terms.vendorName}'s price ${t.pricePerUnitMinor < 0 ? "falls" : "rises"} ${grows}`;
  const others = t.group ? t.group.members.map((m) => m.label).filter((l) => l !== t.label) : [];
  const group = t.group ? `Moved in lockstep with ${listWords(others.map((l) => theName(l).words))} in every bundle: this is what they are worth together, not ${subject.words} alone; count it once.` : null;
  return { label: t.label, sentence: `${capitalise(change)} ${cost}: ${direction}.`, method: METHOD_LABELS[t.method], detail: detailWords(t, terms), group };
}

/** A member's value on its own: "48 months", "seasonal flexibility", "6 hours" (an SLA target in the RFP's unit). */
function memberValue(m: TradeOffGroup["members"][number], value: number, terms: InsightTerms): string {
  const variable = m.variable;
  if (variable.kind === "sla") return valueWithUnit(value, slaUnit(terms, variable.metric));
  const issue = terms.issues.find((i) => i.id === variable.issueId);
  if (issue?.kind === "choice") return issue.options?.[value]?.label ?? formatNumber(value);
  return valueWithUnit(value, issue?.unit);
}

/** A member with its value: "a contract term of 36 months", "scheduling: fixed rota", "an uptime SLA target of 99.9%". */
function memberValueWords(m: TradeOffGroup["members"][number], value: number, terms: InsightTerms): string {
  const variable = m.variable;
  const issue = variable.kind === "issue" ? terms.issues.find((i) => i.id === variable.issueId) : undefined;
  if (issue?.kind === "choice") return `${lowerName(issue.name.trim())}: ${memberValue(m, value, terms)}`;
  const name = lowerName(m.label.trim());
  return `${articleFor(name)}${name} of ${memberValue(m, value, terms)}`;
}

/**
 * "The contract term and scheduling moved in lockstep in every bundle, so the bids do not
 * separate them: moving them together from the Balanced bundle's values (a contract term of 36
 * months and scheduling: fixed rota) to the Cost bundle's (48 months and seasonal flexibility)
 * saves you about …, a rough estimate. Each of their figures above is this one joint value:
 * count it once, not once per issue."
 */
export function describeGroup(g: TradeOffGroup, terms: InsightTerms): string {
  const from = slotName(terms, g.fromSlotId);
  const to = slotName(terms, g.toSlotId);
  const names = listWords(g.members.map((m) => theName(m.label).words));
  const named = listWords(g.members.map((m) => memberValueWords(m, m.from, terms)));
  const values = listWords(g.members.map((m) => memberValue(m, m.to, terms)));
  return (
    `${capitalise(names)} moved in lockstep in every bundle, so the bids do not separate them: moving them together from the ${from} bundle's values ` +
    `(${named}) to the ${to} bundle's (${values}) ${priceEffect(g.jointPriceMinor, terms, "about ")}, a rough estimate. ` +
    `Each of their figures above is this one joint value: count it once, not once per issue.`
  );
}

/**
 * The concession log's cost words for a line of a lockstep group ("them" is the vendor), from
 * the buyer's side of the table: "Contract term and Scheduling together: worth about EUR
 * 515,370.00 to them; the bids do not separate them" on the first line, "part of … together,
 * counted once on the Contract term line" on the others. `money` formats a positive amount.
 */
export function costGroupWords(g: ConcessionCostGroup, money: (minor: number) => string): string {
  const items = listWords(g.items);
  if (!g.first) return `part of ${items} together, counted once on the ${g.items[0]} line`;
  const joint = g.jointCostMinor;
  const also = g.alsoMovedWith.length > 0 ? listWords(g.alsoMovedWith) : null;
  if (joint === null) return `${items} together: cost unknown; the vendor's bundles only ever moved them together, and this change moves them apart`;
  const value = joint < 0 ? `worth about ${money(-joint)} to them` : joint > 0 ? `costs them about ${money(joint)}` : "costs them nothing";
  if (g.items.length === 1) return `${value}: the joint value of ${items} with ${also ?? "what moved with it"}, which moved in lockstep with it in the vendor's bundles; the bids do not separate them`;
  return `${items} together: ${value}; the bids do not separate them${also ? ` (nor from ${also}, which moved with them)` : ""}`;
}

/**
 * A concession log line's flag in words, the same on the page and in the award workbook. The
 * playbook's "one-way" is a concession given with nothing back; an ask the vendor did not meet
 * is a different warning and is not called one-way.
 */
export const CONCESSION_FLAG_LABELS: Record<NonNullable<ConcessionLine["oneWay"]>, string> = {
  "vendor-gives-unasked": "One-way: the vendor gave without an ask met or anything in return",
  "buyer-gives-for-nothing": "One-way: you give without getting anything in this bundle",
  "ask-not-met": "Ask not met",
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function slotName(terms: InsightTerms, slotId: string): string {
  return terms.slots.find((s) => s.id === slotId)?.name ?? slotId;
}

/** Whether and up to which price the package beats `whom`; an unreachable one is said as such, never as "beats … at no price". */
function breakEvenWords(b: BreakEven, whom: string, money: (m: number) => string): string {
  if (b.kind === "price") return `It still beats ${whom} up to ${money(b.priceMinor)} evaluated.`;
  if (b.kind === "any-price") return `It still beats ${whom} at any price.`;
  return `No price makes it overtake ${whom}: even at the lowest price it stays behind.`;
}

/**
 * The verdict a viewer may see: buyers get the engine's (it weighs the reservation price); others
 * get the same test against the break-even alone, and none where the break-even itself rests on
 * the BATNA or on a vendor they may not see.
 */
function verdictFor(s: CounterPackage, terms: InsightTerms, competitorVisible: boolean): CounterPackage["zoneOfAgreement"] | null {
  if (terms.seesConfidential) return s.zoneOfAgreement;
  if (!competitorVisible) return null;
  if (s.breakEven.kind === "unreachable") return "unlikely";
  if (s.likelyAskMinor === null) return "unknown";
  return s.breakEven.kind === "any-price" || s.likelyAskMinor <= s.breakEven.priceMinor ? "likely" : "unlikely";
}

function describeSuggestion(s: CounterPackage, index: number, terms: InsightTerms): SuggestionWords {
  const money = (m: number) => signedMoney(m, terms.currency, terms.minorUnitsPerMajor);
  const base = slotName(terms, s.baseSlotId);
  const changes = s.changes.map((c) => {
    const issue = terms.issues.find((i) => i.id === c.issueId);
    return `${issue ? issueValueWords(issue, c.value, c.valueLabel, terms) : `${c.issueId} ${c.valueLabel}`} (as in the ${slotName(terms, c.fromSlotId)} bundle)`;
  });
  const packageWords = `The ${base} bundle with ${changes.join(" and ")}, at ${money(s.evaluatedPriceMinor)} evaluated`;

  const competitor = s.competitor;
  const competitorName = "batna" in competitor ? null : terms.visibleVendorNames.get(competitor.vendorId);
  const competitorVisible = "batna" in competitor ? terms.seesConfidential : competitorName !== undefined;
  let breakEven: string | null = null;
  if (competitorVisible) {
    const whom = "batna" in competitor ? `your BATNA (${formatNumber(competitor.total, 2)} points)` : `${competitorName} — ${slotName(terms, competitor.slotId)} (${formatNumber(competitor.total, 2)} points)`;
    breakEven = breakEvenWords(s.breakEven, whom, money);
  }
  const revealedPrice =
    s.revealedPriceMinor === null
      ? s.inseparable
        ? `Unknown: ${listWords(s.inseparable.map((l) => theName(l).words))} moved in lockstep in every bundle, and this package moves them apart, which the bids cannot price.`
        : "Unknown: the vendor's bundles reveal no price for at least one of these changes."
      : `${money(s.revealedPriceMinor)} for the changes (${METHOD_LABELS[s.revealedPriceMethod ?? "least-squares"]}), so it would likely ask ${money(s.likelyAskMinor ?? 0)} evaluated.`;
  const verdict = verdictFor(s, terms, competitorVisible);
  const verdictWords =
    verdict === null
      ? "Not shown: it rests on figures you may not see."
      : verdict === "likely"
        ? terms.seesConfidential
          ? "Likely: the vendor's likely ask is within the break-even and your reservation price."
          : "Likely: the vendor's likely ask is within the break-even."
        : verdict === "unlikely"
          ? terms.seesConfidential
            ? "Unlikely: the vendor's likely ask is above the break-even or your reservation price, or nothing reaches the competitor."
            : "Unlikely: the vendor's likely ask is above the break-even, or nothing reaches the competitor."
          : "Unknown: the vendor's price for the changes is not revealed.";
  return { index, baseSlotId: s.baseSlotId, packageWords, baseTotal: s.baseTotal, total: s.total, gain: s.gain, evaluatedPriceMinor: s.evaluatedPriceMinor, breakEven, revealedPrice, verdict, verdictWords, ask: conditionalAskWords(s, terms) };
}

export function describeInsight(insight: VendorMesoInsight, terms: InsightTerms): InsightWords {
  return {
    tradeOffs: insight.tradeOffs.map((t) => describeTradeOff(t, terms)),
    groups: lockstepGroups(insight.tradeOffs).map((g) => describeGroup(g, terms)),
    dominated: insight.dominated.map((d) => `The ${slotName(terms, d.slotId)} bundle is dominated by the ${slotName(terms, d.dominatedBySlotId)} bundle, which scores at least as well on every criterion, costs no more, and is better on at least one of the two.`),
    suggestions: insight.suggestions.map((s, i) => describeSuggestion(s, i, terms)),
  };
}

/** The vendor's lockstep groups, once each, in order. */
function lockstepGroups(tradeOffs: readonly TradeOff[]): TradeOffGroup[] {
  const out: TradeOffGroup[] = [];
  for (const t of tradeOffs) if (t.group && !out.some((g) => g.index === t.group!.index)) out.push(t.group);
  return out;
}
