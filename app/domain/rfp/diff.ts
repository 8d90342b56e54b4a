// The human-readable, field-level difference between two versions of an RFP, for addenda:
// vendors must see exactly what changed ("Criterion 'Price' weight 40 → 35"), never a
// silent edit. Rows are matched by id, so a renamed criterion reads as renamed, not replaced.
import type { PriceFormula } from "../evaluation/schema";
import { minorUnitsPerMajor } from "../bids/grid-form-numbers";
import { formatMoney, formatNumber } from "../evaluation/format";
import { formatInstant } from "./format";
import type { RfpCriterion, RfpEvaluation, RfpGate } from "./criteria";
import { RFP_CATEGORY_LABELS, type RfpDefinition, type RfpSection } from "./sections";
import type { RfpSlaRequirement } from "./sla";
import type { RfpIssue } from "./term-sheet";

export interface RfpChange {
  section: RfpSection;
  text: string;
}

type Push = (text: string) => void;
type Show<T> = (value: T) => string;

const quoted: Show<string | null> = (v) => (v === null || v === "" ? "(none)" : `'${v}'`);
const plain: Show<unknown> = (v) => (v === null || v === undefined || v === "" ? "(none)" : typeof v === "number" ? formatNumber(v) : String(v));
const yesNo = (v: boolean) => (v ? "yes" : "no");

function field<T>(push: Push, label: string, before: T, after: T, show: Show<T> = plain as Show<T>): void {
  if (JSON.stringify(before) !== JSON.stringify(after)) push(`${label} ${show(before)} → ${show(after)}`);
}
/** Long texts are named, not quoted: the addendum says what changed, the RFP shows the text. */
function longText(push: Push, label: string, before: string, after: string): void {
  if (before !== after) push(before ? (after ? `${label} changed` : `${label} removed`) : `${label} added`);
}

function byId<T extends { id: string; name: string }>(push: Push, noun: string, before: readonly T[], after: readonly T[], compare: (push: Push, label: string, b: T, a: T) => void): void {
  const afterIds = new Set(after.map((x) => x.id));
  const beforeById = new Map(before.map((x) => [x.id, x]));
  for (const b of before) if (!afterIds.has(b.id)) push(`${noun} '${b.name}' removed`);
  for (const a of after) {
    const b = beforeById.get(a.id);
    if (!b) {
      push(`${noun} '${a.name}' added`);
      continue;
    }
    if (b.name !== a.name) push(`${noun} '${b.name}' renamed to '${a.name}'`);
    compare(push, `${noun} '${a.name}'`, b, a);
  }
}

export function diffRfpDefinitions(before: RfpDefinition, after: RfpDefinition): RfpChange[] {
  const changes: RfpChange[] = [];
  const into = (section: RfpSection): Push => (text) => changes.push({ section, text });
  const currency = after.basics.currency;

  const basics = into("basics");
  field(basics, "Title", before.basics.title, after.basics.title, quoted);
  field(basics, "Reference number", before.basics.reference, after.basics.reference, quoted);
  longText(basics, "Summary", before.basics.summary, after.basics.summary);
  longText(basics, "Scope", before.basics.scope, after.basics.scope);
  field(basics, "Category", before.basics.category, after.basics.category, (c) => (c ? RFP_CATEGORY_LABELS[c] : "(none)"));
  field(basics, "Currency", before.basics.currency, after.basics.currency);
  field(basics, "Evaluation horizon", before.basics.horizonMonths, after.basics.horizonMonths, (m) => (m === null ? "(none)" : `${m} months`));
  if (before.isPublic !== after.isPublic) basics(after.isPublic ? "The RFP is now public: any registered vendor may bid" : "The RFP is no longer public: only invited vendors may bid");

  const timeline = into("timeline");
  const instant = (d: Date | null) => (d ? formatInstant(d) : "(none)");
  field(timeline, "Questions close", before.timeline.questionsCloseAt, after.timeline.questionsCloseAt, instant);
  field(timeline, "Bids close", before.timeline.bidsCloseAt, after.timeline.bidsCloseAt, instant);
  field(timeline, "Bid validity", before.timeline.bidValidityDays, after.timeline.bidValidityDays, (d) => (d === null ? "(none)" : `${d} days`));

  byId(into("term-sheet"), "Issue", before.termSheet, after.termSheet, compareIssues);
  const slots = into("bundle-slots");
  after.bundleSlots.forEach((a, i) => {
    const b = before.bundleSlots[i];
    if (!b) return;
    field(slots, `Bundle slot ${i + 1} name`, b.name, a.name, quoted);
    longText(slots, `Bundle slot '${a.name}' description`, b.description, a.description);
  });

  const criteria = into("criteria");
  const issueName = (id: string) => after.termSheet.find((i) => i.id === id)?.name ?? before.termSheet.find((i) => i.id === id)?.name ?? id;
  byId(criteria, "Criterion", before.criteria.criteria, after.criteria.criteria, (push, label, b, a) => compareCriteria(push, label, b, a, issueName, after));
  byId(criteria, "Gate", before.criteria.gates, after.criteria.gates, (push, label, b, a) => compareGates(push, label, b, a, issueName));
  compareEvaluation(criteria, before.criteria.evaluation, after.criteria.evaluation, issueName, currency);
  field(criteria, "Quality before price (two envelopes)", before.criteria.qualityBeforePrice, after.criteria.qualityBeforePrice, yesNo);

  const sla = into("sla");
  const metricKey = (s: RfpSlaRequirement) => ({ ...s, id: s.metric.trim().toLowerCase(), name: s.metric });
  byId(sla, "SLA", before.sla.slas.map(metricKey), after.sla.slas.map(metricKey), compareSla);
  const sc = (label: string, b: boolean, a: boolean) => field(sla, label, b, a, yesNo);
  sc("Service credit required", before.sla.serviceCredit.required, after.sla.serviceCredit.required);
  field(sla, "Minimum service credit", before.sla.serviceCredit.minimumPercent, after.sla.serviceCredit.minimumPercent, percent);
  field(sla, "Minimum cap on service credits", before.sla.serviceCredit.minimumCapPercent, after.sla.serviceCredit.minimumCapPercent, percent);
  sc("Holdback required", before.sla.holdback.required, after.sla.holdback.required);
  field(sla, "Minimum holdback", before.sla.holdback.minimumPercent, after.sla.holdback.minimumPercent, percent);
  field(sla, "Holdback release condition", before.sla.holdback.releaseCondition, after.sla.holdback.releaseCondition, quoted);
  sc("Termination right required", before.sla.terminationRightRequired, after.sla.terminationRightRequired);
  sc("Transition assistance required", before.sla.transitionAssistanceRequired, after.sla.transitionAssistanceRequired);
  return changes;
}

const percent = (v: number | null) => (v === null ? "(none)" : `${formatNumber(v)} %`);

function compareIssues(push: Push, label: string, b: RfpIssue, a: RfpIssue): void {
  if (b.kind !== a.kind) return push(`${label} kind ${b.kind} → ${a.kind}`);
  field(push, `${label} required`, b.required, a.required, yesNo);
  longText(push, `${label} description`, b.description, a.description);
  if (b.kind === "number" && a.kind === "number") field(push, `${label} unit`, b.unit, a.unit, quoted);
  if (b.kind === "choice" && a.kind === "choice") {
    const labels = (i: typeof a) => i.options.map((o) => o.label).join(", ");
    field(push, `${label} options`, labels(b), labels(a), quoted);
  }
}

function compareCriteria(push: Push, label: string, b: RfpCriterion, a: RfpCriterion, issueName: (id: string) => string, after: RfpDefinition): void {
  field(push, `${label} weight`, b.weight, a.weight);
  if (b.kind !== a.kind) return push(`${label} scoring method ${b.kind} → ${a.kind}`);
  if (b.kind === "number" && a.kind === "number") {
    field(push, `${label} issue`, issueName(b.issueId), issueName(a.issueId), quoted);
    field(push, `${label} direction`, b.direction, a.direction, (d) => d.replaceAll("_", " "));
    field(push, `${label} zero-points value`, b.worst, a.worst);
    field(push, `${label} full-points value`, b.best, a.best);
  }
  if (b.kind === "choice" && a.kind === "choice") {
    field(push, `${label} issue`, issueName(b.issueId), issueName(a.issueId), quoted);
    const issue = after.termSheet.find((i) => i.id === a.issueId);
    const optionLabel = (id: string) => (issue?.kind === "choice" ? issue.options.find((o) => o.id === id)?.label : undefined) ?? id;
    for (const id of new Set([...Object.keys(b.points), ...Object.keys(a.points)])) {
      field(push, `${label} points for '${optionLabel(id)}'`, Object.hasOwn(b.points, id) ? (b.points[id] ?? null) : null, Object.hasOwn(a.points, id) ? (a.points[id] ?? null) : null);
    }
  }
  if (b.kind === "judged" && a.kind === "judged") longText(push, `${label} rubric`, b.rubric, a.rubric);
}

function compareGates(push: Push, label: string, b: RfpGate, a: RfpGate, issueName: (id: string) => string): void {
  const show = (g: RfpGate): string => {
    switch (g.kind) {
      case "number":
        return `${issueName(g.issueId)} ${g.operator} ${formatNumber(g.value)}`;
      case "choice":
        return `${issueName(g.issueId)} one of ${g.allowed.join(", ")}`;
      case "sla-present":
        return `an SLA on '${g.metric}'`;
      case "criterion-min":
        return `criterion ${g.criterionId} at least ${formatNumber(g.minNormalised * 100)} %`;
    }
  };
  field(push, `${label} rule`, show(b), show(a), quoted);
}

function compareEvaluation(push: Push, b: RfpEvaluation, a: RfpEvaluation, issueName: (id: string) => string, currency: string): void {
  const terms = (e: RfpEvaluation) => e.evaluatedPrice.terms.map((t) => (t.coefficient === 1 ? issueName(t.issueId) : `${formatNumber(t.coefficient)} × ${issueName(t.issueId)}`)).join(" + ");
  field(push, "Evaluated price", terms(b), terms(a), quoted);
  longText(push, "Evaluated price description", b.evaluatedPrice.description, a.evaluatedPrice.description);
  field(push, "Price formula", b.priceFormula, a.priceFormula, (f) => formulaLabel(f, currency));
  field(push, "Consensus of evaluators", b.consensus, a.consensus);
  field(push, "Spread margin", b.spreadMargin, a.spreadMargin);
  field(push, "Tie-break", b.tieBreak.join(", "), a.tieBreak.join(", "));
}

function compareSla(push: Push, label: string, b: RfpSlaRequirement, a: RfpSlaRequirement): void {
  const unit = (s: RfpSlaRequirement) => (s.unit ? ` ${s.unit}` : "");
  field(push, `${label} minimum target`, b.minimumTarget, a.minimumTarget, (v) => `${formatNumber(v)}${unit(a)}`);
  field(push, `${label} unit`, b.unit, a.unit, quoted);
  field(push, `${label} direction`, b.direction, a.direction, (d) => d.replaceAll("_", " "));
  field(push, `${label} measurement window`, b.window, a.window);
  field(push, `${label} verification source`, b.verificationSource, a.verificationSource, quoted);
  longText(push, `${label} description`, b.description, a.description);
}

function formulaLabel(f: PriceFormula, currency: string): string {
  const money = (minor: number) => formatMoney(minor, currency, minorUnitsPerMajor(currency));
  switch (f.kind) {
    case "lowest-price-ratio":
      return "lowest-price ratio";
    case "proportional-penalty":
      return "proportional penalty";
    case "linear":
      return `linear, full points at ${money(f.floorMinor)}, 0 at ${money(f.ceilingMinor)}`;
    case "logarithmic":
      return `logarithmic, full points at ${money(f.floorMinor)}, 0 at ${money(f.ceilingMinor)}`;
  }
}
