// Is the RFP complete and consistent enough to publish? Lists EVERY problem at once, each
// with the section (editor tab) and path where the buyer fixes it. Pure: the service passes
// the database clock, so "in the past" means the same thing on every app server.
import { DomainError } from "../errors";
import { normaliseMetric } from "../evaluation/clauses";
import { bundleSlotSchema, criterionSchema, evaluationSettingsSchema, gateSchema, issueSchema } from "../evaluation/schema";
import { clauseRequirementsSchema } from "../evaluation/clauses";
import { WEIGHT_SUM } from "../evaluation/schema";
import { weightTotal, type RfpCriterion } from "./criteria";
import { formatInstant } from "./format";
import type { RfpDefinition, RfpSection } from "./sections";
import type { RfpIssue } from "./term-sheet";

export interface PublishProblem {
  section: RfpSection;
  /** Dotted path of the field within the section's form, e.g. "criteria.2.issueId"; "" for the whole section. */
  path: string;
  message: string;
}

export interface PublishContext {
  /** The database clock at the time of the check. */
  now: Date;
  /** Invitations sent or pending; a non-public RFP needs at least one. */
  invitationCount: number;
}

type Report = (section: RfpSection, path: string, message: string) => void;

export function checkRfpForPublishing(def: RfpDefinition, context: PublishContext): PublishProblem[] {
  const problems: PublishProblem[] = [];
  const report: Report = (section, path, message) => problems.push({ section, path, message });
  checkBasics(def, report);
  checkTimeline(def, context.now, report);
  checkTermSheet(def.termSheet, report);
  checkBundleSlots(def, report);
  checkCriteria(def, report);
  checkReadIssuesRequired(def, report);
  checkSla(def, report);
  if (!def.isPublic && context.invitationCount === 0) report("vendors", "", "Invite at least one vendor, or make the RFP public");
  addEngineProblems(def, problems);
  return problems;
}

function checkBasics(def: RfpDefinition, report: Report): void {
  const b = def.basics;
  if (!b.title) report("basics", "title", "Give the RFP a title");
  if (!b.reference) report("basics", "reference", "Give the RFP a reference number");
  if (!b.summary) report("basics", "summary", "Write a short summary: it is what vendors read first");
  if (!b.scope) report("basics", "scope", "Describe the scope of the work");
  if (!b.category) report("basics", "category", "Choose a category");
  if (b.horizonMonths === null) report("basics", "horizonMonths", "Set the evaluation horizon in months");
}

function checkTimeline(def: RfpDefinition, now: Date, report: Report): void {
  const { questionsCloseAt: questions, bidsCloseAt: bids, bidValidityDays } = def.timeline;
  if (!bids) report("timeline", "bidsCloseAt", "Set when bids close (the deadline)");
  else if (bids.getTime() <= now.getTime()) report("timeline", "bidsCloseAt", `Bids close on ${formatInstant(bids)}, which is in the past; choose a later deadline`);
  if (!questions) report("timeline", "questionsCloseAt", "Set when questions close");
  else if (bids && questions.getTime() > bids.getTime()) report("timeline", "questionsCloseAt", "Questions close after bids close; questions must close before the deadline");
  else if (questions.getTime() <= now.getTime()) report("timeline", "questionsCloseAt", `Questions close on ${formatInstant(questions)}, which is in the past; choose a later time`);
  if (bidValidityDays === null) report("timeline", "bidValidityDays", "Set how many days bids must stay valid");
}

function duplicates(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  for (const name of names) seen.set(name.trim().toLowerCase(), (seen.get(name.trim().toLowerCase()) ?? 0) + 1);
  return [...new Set(names.filter((n) => (seen.get(n.trim().toLowerCase()) ?? 0) > 1).map((n) => n.trim()))];
}

const times = (n: number) => (n === 2 ? "twice" : `${n} times`);
const countOf = (names: readonly string[], name: string) => names.filter((n) => n.trim().toLowerCase() === name.toLowerCase()).length;

function checkTermSheet(issues: readonly RfpIssue[], report: Report): void {
  if (issues.length === 0) report("term-sheet", "issues", "Add at least one issue to the term sheet");
  const names = issues.map((i) => i.name);
  for (const name of duplicates(names)) report("term-sheet", "issues", `Issue names must be unique: '${name}' appears ${times(countOf(names, name))}`);
  issues.forEach((issue, i) => {
    if (issue.kind !== "choice") return;
    if (issue.options.length === 0) report("term-sheet", `issues.${i}.options`, `A choice needs at least one option: '${issue.name}' has none`);
    const labels = issue.options.map((o) => o.label);
    for (const label of duplicates(labels)) report("term-sheet", `issues.${i}.options`, `The options of '${issue.name}' must differ: '${label}' appears ${times(countOf(labels, label))}`);
  });
}

function checkBundleSlots(def: RfpDefinition, report: Report): void {
  const names = def.bundleSlots.map((s) => s.name);
  for (const name of duplicates(names)) report("bundle-slots", "slots", `Bundle slot names must be unique: '${name}' appears ${times(countOf(names, name))}`);
}

function checkCriteria(def: RfpDefinition, report: Report): void {
  const { criteria, gates, evaluation } = def.criteria;
  const issueById = new Map(def.termSheet.map((i) => [i.id, i]));
  if (criteria.length === 0) report("criteria", "criteria", "Add at least one criterion");
  else {
    const total = weightTotal(criteria);
    if (total !== WEIGHT_SUM) report("criteria", "criteria", `Weights add up to ${total}; they must add up to exactly ${WEIGHT_SUM}`);
  }
  const names = criteria.map((c) => c.name);
  for (const name of duplicates(names)) report("criteria", "criteria", `Criterion names must be unique: '${name}' appears ${times(countOf(names, name))}`);
  if (criteria.filter((c) => c.kind === "price").length > 1) report("criteria", "criteria", "Use one price criterion: the evaluated price is scored once");
  criteria.forEach((c, i) => checkCriterion(c, `criteria.${i}`, issueById, report));

  if (def.criteria.qualityBeforePrice && criteria.length > 0 && !criteria.some((c) => c.kind === "judged"))
    report("criteria", "qualityBeforePrice", "Quality before price needs at least one criterion that evaluators judge; add one, or score quality and price together");
  const priced = criteria.some((c) => c.kind === "price");
  if (priced && evaluation.evaluatedPrice.terms.length === 0)
    report("criteria", "evaluation.evaluatedPrice.terms", "Choose the money or number issues that make up the evaluated price");
  evaluation.evaluatedPrice.terms.forEach((t, i) => {
    const issue = issueById.get(t.issueId);
    const path = `evaluation.evaluatedPrice.terms.${i}.issueId`;
    if (!issue) report("criteria", path, "The evaluated price uses an issue that no longer exists");
    else if (issue.kind !== "money" && issue.kind !== "number") report("criteria", path, `The evaluated price can only add up money and number issues; '${issue.name}' is ${issue.kind === "choice" ? "a choice" : "text"}`);
  });
  const formula = evaluation.priceFormula;
  if ((formula.kind === "linear" || formula.kind === "logarithmic") && formula.ceilingMinor <= formula.floorMinor)
    report("criteria", "evaluation.priceFormula.ceilingMinor", "The ceiling price must be above the floor price");

  const criterionById = new Map(criteria.map((c) => [c.id, c]));
  gates.forEach((g, i) => {
    const path = `gates.${i}`;
    if (g.kind === "sla-present") {
      if (!def.sla.slas.some((s) => normaliseMetric(s.metric) === normaliseMetric(g.metric)))
        report("criteria", `${path}.metric`, `Gate '${g.name}' requires an SLA on '${g.metric}', which is not among the SLA requirements`);
      return;
    }
    if (g.kind === "criterion-min") {
      const c = criterionById.get(g.criterionId);
      if (!c) report("criteria", `${path}.criterionId`, `Gate '${g.name}' points at a criterion that no longer exists`);
      else if (c.kind === "price") report("criteria", `${path}.criterionId`, `Gate '${g.name}' cannot gate on price; use the reservation price instead`);
      return;
    }
    const issue = issueById.get(g.issueId);
    if (!issue) return report("criteria", `${path}.issueId`, `Gate '${g.name}' points at an issue that no longer exists`);
    if (g.kind === "number" && issue.kind !== "number" && issue.kind !== "money") report("criteria", `${path}.issueId`, `Gate '${g.name}' compares numbers, but '${issue.name}' is not a number or money issue`);
    if (g.kind === "choice") {
      if (issue.kind !== "choice") return report("criteria", `${path}.issueId`, `Gate '${g.name}' lists options, but '${issue.name}' is not a choice`);
      if (g.allowed.some((id) => !issue.options.some((o) => o.id === id))) report("criteria", `${path}.allowed`, `Gate '${g.name}' allows an option '${issue.name}' no longer has`);
    }
  });
}

/**
 * The issues a criterion or gate reads: a number or choice its own issue, a price criterion the
 * evaluated price's terms; none for a judged criterion or an SLA or criterion-minimum gate.
 */
export function issuesRead(item: { kind: string; issueId?: string }, priceIssueIds: readonly string[]): readonly string[] {
  if (item.kind === "price") return priceIssueIds;
  return item.issueId === undefined ? [] : [item.issueId];
}

/** By issue id, what reads it to decide: "the criterion 'X'", "the gate 'Y'", "the evaluated price". */
export function issueReaders(def: Pick<RfpDefinition, "criteria">): Map<string, string[]> {
  const priceIssueIds = def.criteria.evaluation.evaluatedPrice.terms.map((t) => t.issueId);
  const readers = new Map<string, string[]>();
  const read = (item: { kind: string; issueId?: string }, reader: string) => {
    for (const id of issuesRead(item, priceIssueIds)) readers.set(id, [...(readers.get(id) ?? []), reader]);
  };
  for (const c of def.criteria.criteria) read(c, c.kind === "price" ? "the evaluated price" : `the criterion '${c.name}'`);
  for (const g of def.criteria.gates) read(g, `the gate '${g.name}'`);
  return readers;
}

/**
 * An issue that a criterion scores, a gate checks or the evaluated price adds up must be given
 * by every bundle: the engine reads a blank number as 0 and a blank choice as its first option,
 * so an optional "Rollout" left blank would score as 0 weeks (full points on a lower-is-better
 * criterion), pass a "within 16 weeks" gate, and price a blank fee at nothing.
 */
function checkReadIssuesRequired(def: RfpDefinition, report: Report): void {
  const readers = issueReaders(def);
  def.termSheet.forEach((issue, i) => {
    const by = [...new Set(readers.get(issue.id) ?? [])];
    if (issue.required || by.length === 0) return;
    const list = by.length === 1 ? by[0]! : `${by.slice(0, -1).join(", ")} and ${by.at(-1)!}`;
    report("term-sheet", `issues.${i}.required`, `'${issue.name}' is optional, but ${list} ${by.length === 1 ? "reads" : "read"} it: make it required, so that no bundle can leave it blank (a blank cannot be scored or checked)`);
  });
}

function checkCriterion(c: RfpCriterion, path: string, issueById: ReadonlyMap<string, RfpIssue>, report: Report): void {
  if (c.kind === "judged") {
    if (!c.rubric) report("criteria", `${path}.rubric`, `Criterion '${c.name}' is judged by evaluators; write the rubric they score against`);
    return;
  }
  if (c.kind === "price") return;
  const issue = issueById.get(c.issueId);
  if (!issue) return report("criteria", `${path}.issueId`, `Criterion '${c.name}' points at an issue that no longer exists`);
  if (c.kind === "number") {
    if (issue.kind !== "number" && issue.kind !== "money") return report("criteria", `${path}.issueId`, `Criterion '${c.name}' scores a number, but '${issue.name}' is not a number or money issue`);
    const ordered = c.direction === "higher_is_better" ? c.best > c.worst : c.best < c.worst;
    if (!ordered) report("criteria", `${path}.best`, `Criterion '${c.name}': with ${c.direction === "higher_is_better" ? "higher" : "lower"} is better, the full-points value must be ${c.direction === "higher_is_better" ? "above" : "below"} the zero-points value`);
    return;
  }
  if (issue.kind !== "choice") return report("criteria", `${path}.issueId`, `Criterion '${c.name}' gives points per option, but '${issue.name}' is not a choice`);
  for (const option of issue.options) {
    if (!Object.hasOwn(c.points, option.id)) report("criteria", `${path}.points.${option.id}`, `Criterion '${c.name}' gives no points for '${option.label}'`);
  }
  if (Object.keys(c.points).some((id) => !issue.options.some((o) => o.id === id))) report("criteria", `${path}.points`, `Criterion '${c.name}' gives points for an option '${issue.name}' no longer has`);
  if (issue.options.length > 0 && issue.options.every((o) => (Object.hasOwn(c.points, o.id) ? c.points[o.id] : 0) === 0)) report("criteria", `${path}.points`, `Criterion '${c.name}' gives 0 points to every option; give the best option more`);
}

function checkSla(def: RfpDefinition, report: Report): void {
  const { slas, serviceCredit, holdback } = def.sla;
  const metrics = slas.map((s) => s.metric);
  for (const name of duplicates(metrics)) report("sla", "slas", `SLA metrics must be unique: '${name}' appears ${times(countOf(metrics, name))}`);
  slas.forEach((s, i) => {
    const path = `slas.${i}.minimumTarget`;
    if (s.direction === "higher_is_better" && s.minimumTarget <= 0)
      report("sla", path, `For a higher-is-better metric the minimum target is the lowest acceptable value, so it must be above 0: '${s.metric}' at ${s.minimumTarget} is always met`);
    if (s.direction === "lower_is_better" && s.minimumTarget < 0)
      report("sla", path, `For a lower-is-better metric the target is the highest acceptable value: '${s.metric}' below 0 can never be met`);
    if (s.unit?.trim() === "%" && s.minimumTarget > 100) report("sla", path, `'${s.metric}' is a percentage; a target above 100 % can never be met`);
    if (s.direction === "lower_is_better" && s.unit?.trim() === "%" && s.minimumTarget >= 100)
      report("sla", path, `For a lower-is-better percentage, a target of 100 % or more is always met: '${s.metric}'`);
  });
  const anyRemedy = serviceCredit.required || holdback.required || def.sla.terminationRightRequired || def.sla.transitionAssistanceRequired;
  if ((serviceCredit.required || holdback.required) && slas.length === 0) report("sla", "slas", "Service credits or holdbacks are required, but no SLA metric is listed to trigger them");
  if (serviceCredit.minimumPercent !== null && serviceCredit.minimumCapPercent !== null && serviceCredit.minimumCapPercent < serviceCredit.minimumPercent)
    report("sla", "serviceCredit.minimumCapPercent", `The cap on service credits (${serviceCredit.minimumCapPercent} %) must be at least the minimum credit (${serviceCredit.minimumPercent} %)`);
  if (holdback.required && !holdback.releaseCondition) report("sla", "holdback.releaseCondition", "A required holdback needs a release condition, e.g. 'complaint SLA met for 3 consecutive months'");
  if (slas.length > 0 && !anyRemedy) report("sla", "", "The SLAs have no required remedy; require at least one (a service credit, a holdback, a termination right or transition assistance)");
}

/**
 * The engine is the final judge of what it can score: anything its own schemas refuse that
 * the rules above missed is still reported, in words the engine uses, at the right section.
 */
function addEngineProblems(def: RfpDefinition, problems: PublishProblem[]): void {
  const flagged = new Set(problems.map((p) => p.section));
  const check = (section: RfpSection, path: string, result: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) => {
    if (result.success || flagged.has(section)) return;
    for (const issue of result.error?.issues ?? []) problems.push({ section, path: [path, ...issue.path.map(String)].filter(Boolean).join("."), message: issue.message });
    flagged.add(section);
  };
  def.termSheet.forEach((issue, i) => check("term-sheet", `issues.${i}`, issueSchema.safeParse(issue)));
  def.bundleSlots.forEach((slot, i) => check("bundle-slots", `slots.${i}`, bundleSlotSchema.safeParse(slot)));
  def.criteria.criteria.forEach((c, i) => check("criteria", `criteria.${i}`, criterionSchema.safeParse(c)));
  def.criteria.gates.forEach((g, i) => check("criteria", `gates.${i}`, gateSchema.safeParse(g)));
  check("criteria", "evaluation", evaluationSettingsSchema.safeParse(def.criteria.evaluation));
  check("sla", "", clauseRequirementsSchema.safeParse(def.sla));
}

/** The problems of one section, for the editor tab that shows them beside the fields. */
export function problemsIn(problems: readonly PublishProblem[], section: RfpSection): PublishProblem[] {
  return problems.filter((p) => p.section === section);
}

/** Publishing (or an addendum) refused: carries the full problem list for the editor. */
export class RfpNotReadyError extends DomainError {
  constructor(
    readonly problems: PublishProblem[],
    doing = "published",
  ) {
    const bySection: Record<string, string[]> = {};
    for (const p of problems) (bySection[p.section] ??= []).push(p.message);
    super("invalid", `This RFP cannot be ${doing} yet: ${problems.length === 1 ? "1 problem" : `${problems.length} problems`} to fix.`, bySection);
  }
}
