/**
 * Clause check: every SLA, remedy and contingent clause of a bundle against the RFP.
 *
 * Severity policy — error = the bundle does not comply with the RFP (something the RFP
 * requires is missing or weaker); warning = the clause is vague, so it invites a dispute
 * but breaks no stated requirement:
 *
 * | code                        | severity | when                                                         |
 * |-----------------------------|----------|--------------------------------------------------------------|
 * | NO_METRIC                   | warning  | SLA / contingent clause names no metric                      |
 * | NO_THRESHOLD                | warning  | no numeric target/threshold, or termination trigger unstated |
 * | NO_COMPARISON               | warning  | SLA without direction / contingent clause without < > ≤ ≥    |
 * | NO_WINDOW                   | warning  | no measurement window                                        |
 * | NO_VERIFICATION_SOURCE      | warning  | nobody named to measure it                                   |
 * | REMEDY_NOT_AUTOMATIC        | warning  | service credit needs a claim (or does not say)               |
 * | REMEDY_WITHOUT_AMOUNT       | warning  | credit/holdback without %, transition without months/scope   |
 * | CREDIT_WITHOUT_CAP          | warning  | uncapped credit: unpriceable, so usually fought over         |
 * | CREDIT_BELOW_MINIMUM        | error    | credit % on a required SLA below the RFP minimum             |
 * | CREDIT_CAP_BELOW_MINIMUM    | error    | cap on a required SLA below the RFP's minimum cap            |
 * | HOLDBACK_WITHOUT_RELEASE    | warning  | neither release condition nor release date                   |
 * | AUTO_RENEWAL_WITHOUT_NOTICE | warning  | auto-renewal with no notice period                           |
 * | NO_TERMINATION_RIGHT        | error if the RFP requires one, else warning                 |
 * | NO_TRANSITION_ASSISTANCE    | error    | only reported where the RFP requires it                      |
 * | REQUIRED_SLA_MISSING        | error    | a required metric has no SLA in the bundle                   |
 * | REQUIRED_REMEDY_MISSING     | error    | required credit on a required SLA / required holdback absent |
 * | TARGET_BELOW_MINIMUM        | error    | target weaker than the RFP minimum, given the direction      |
 * | WINDOW_LONGER_THAN_REQUIRED | error    | e.g. quarterly where monthly is required (hides bad months)  |
 * | UNIT_MISMATCH               | warning  | units differ, so the target cannot be compared               |
 * | NO_REMEDY                   | warning  | SLA or contingent clause without any remedy                  |
 *
 * RFP minimums (credit %, cap) apply only to remedies of SLAs the RFP requires: extra
 * safeguards a vendor volunteers are welcome at any size. An SLA with a blank metric also
 * leaves its required metric uncovered, so it yields both NO_METRIC and REQUIRED_SLA_MISSING.
 */
import {
  MEASUREMENT_WINDOWS,
  normaliseMetric,
  type BundleClauses,
  type ClauseFinding,
  type ClauseFindingCode,
  type ClauseRequirements,
  type ClauseSeverity,
  type ContingentClause,
  type CreditAmount,
  type MeasurementWindow,
  type Remedy,
  type ServiceCredit,
  type Sla,
  type SlaRequirement,
} from "./clauses";

export const CLAUSE_FINDING_SEVERITY: Record<ClauseFindingCode, ClauseSeverity> = {
  NO_METRIC: "warning",
  NO_THRESHOLD: "warning",
  NO_COMPARISON: "warning",
  NO_WINDOW: "warning",
  NO_VERIFICATION_SOURCE: "warning",
  REMEDY_NOT_AUTOMATIC: "warning",
  REMEDY_WITHOUT_AMOUNT: "warning",
  CREDIT_WITHOUT_CAP: "warning",
  CREDIT_BELOW_MINIMUM: "error",
  CREDIT_CAP_BELOW_MINIMUM: "error",
  HOLDBACK_WITHOUT_RELEASE: "warning",
  AUTO_RENEWAL_WITHOUT_NOTICE: "warning",
  NO_TERMINATION_RIGHT: "warning",
  NO_TRANSITION_ASSISTANCE: "error",
  REQUIRED_SLA_MISSING: "error",
  REQUIRED_REMEDY_MISSING: "error",
  TARGET_BELOW_MINIMUM: "error",
  WINDOW_LONGER_THAN_REQUIRED: "error",
  UNIT_MISMATCH: "warning",
  NO_REMEDY: "warning",
  RELEASE_NOT_MEASURABLE: "warning",
  NO_OBSERVATIONS: "warning",
};

export function makeFinding(
  code: ClauseFindingCode,
  clauseId: string | null,
  message: string,
  suggestion: string,
  severity: ClauseSeverity = CLAUSE_FINDING_SEVERITY[code],
): ClauseFinding {
  return { code, severity, clauseId, message, suggestion };
}

// ── Suggested rewrites ──────────────────────────────────────────────────────────────────
// Each suggestion is a complete clause, filled from the bid where it is specific, then from
// the RFP, then from the playbook's defaults, so the vendor can paste it as it stands.

const PERIOD_NOUN: Record<MeasurementWindow, string> = {
  day: "day", week: "week", month: "month", quarter: "quarter", year: "year",
};
const FEE_NOUN: Record<MeasurementWindow, string> = {
  day: "daily", week: "weekly", month: "monthly", quarter: "quarterly", year: "annual",
};
const DEFAULT_SOURCE = "the buyer's independent monitoring";

/**
 * Whether the text says anything (not blank). Called several times per SLA (9 000 SLAs in a
 * large round), so a first character that is printable ASCII, and hence not whitespace,
 * answers without `trim`; anything else takes the exact path.
 */
function has(text: string | null | undefined): text is string {
  if (text == null || text.length === 0) return false;
  const first = text.charCodeAt(0);
  if (first > 32 && first < 127) return true;
  return text.trim() !== "";
}
/**
 * A number as a clause shows it (12 significant digits, no trailing zeros). The same few
 * targets, percentages and caps recur in thousands of findings a round, and `toPrecision` is
 * slow, so answers are remembered (a pure function of the number; the memo is kept small).
 */
const fmtMemo = new Map<number, string>();
function fmt(n: number): string {
  let s = fmtMemo.get(n);
  if (s === undefined) {
    s = String(Number(n.toPrecision(12)));
    if (fmtMemo.size >= 1024) fmtMemo.clear();
    fmtMemo.set(n, s);
  }
  return s;
}
const unitSuffix = (unit: string | null | undefined): string =>
  !has(unit) ? "" : unit.trim() === "%" ? " %" : ` ${unit.trim()}`;
const stepUnit = (unit: string | null | undefined): string =>
  !has(unit) || unit.trim() === "%" ? "pt" : unit.trim();

function strongerTarget(sla: Sla, req: SlaRequirement | undefined): number | null {
  if (sla.target === null) return req?.minimumTarget ?? null;
  if (!req) return sla.target;
  return req.direction === "higher_is_better"
    ? Math.max(sla.target, req.minimumTarget)
    : Math.min(sla.target, req.minimumTarget);
}

export function suggestSla(sla: Sla, req: SlaRequirement | undefined, reqs: ClauseRequirements): string {
  const metric = has(sla.metric) ? sla.metric : (req?.metric ?? "<metric>");
  const direction = req?.direction ?? sla.direction ?? "higher_is_better";
  const target = strongerTarget(sla, req);
  const unit = has(sla.unit) ? sla.unit : req?.unit;
  const window = req?.window ?? sla.window ?? "month";
  const source = has(sla.verificationSource) ? sla.verificationSource : (req?.verificationSource ?? DEFAULT_SOURCE);
  const credit = sla.remedies.find((r): r is ServiceCredit => r.kind === "service_credit");
  const op = direction === "higher_is_better" ? "≥" : "≤";
  const side = direction === "higher_is_better" ? "below" : "above";
  return (
    `${capitalise(metric)} ${op} ${target === null ? "<target>" : fmt(target)}${unitSuffix(unit)} per calendar ` +
    `${PERIOD_NOUN[window]}, measured by ${source}; ${suggestCredit(credit, reqs, window, unit, side)}`
  );
}

function suggestCredit(
  credit: ServiceCredit | undefined,
  reqs: ClauseRequirements,
  window: MeasurementWindow,
  unit: string | null | undefined,
  side: "below" | "above",
): string {
  const min = reqs.serviceCredit.minimumPercent ?? 0;
  const amount = credit?.amount;
  const perStep = amount?.type === "per_step" ? amount : null;
  const pct = Math.max(creditPercent(amount ?? null) ?? 5, min);
  const step = perStep?.step ?? 0.1;
  const cap = Math.max(credit?.capPercentOfPeriodFee ?? 20, reqs.serviceCredit.minimumCapPercent ?? 0);
  const how = amount?.type === "fixed" ? "for any breach" : `per ${fmt(step)} ${stepUnit(unit)} ${side} target`;
  return (
    `${fmt(pct)} % service credit of the ${FEE_NOUN[window]} fee ${how}, capped at ${fmt(cap)} %, ` +
    `applied automatically to the next invoice.`
  );
}

function suggestContingent(cc: ContingentClause): string {
  const ops = { lt: "<", lte: "≤", gt: ">", gte: "≥" } as const;
  const window = cc.window ?? "month";
  const when = cc.periods ? `in ${PERIOD_NOUN[window]} ${cc.periods.join(", ")}` : `in any calendar ${PERIOD_NOUN[window]}`;
  return (
    `If ${has(cc.metric) ? cc.metric : "<metric>"} ${ops[cc.comparison ?? "lt"]} ` +
    `${cc.threshold === null ? "<threshold>" : fmt(cc.threshold)}${unitSuffix(cc.unit)} ${when}, ` +
    `measured by ${has(cc.verificationSource) ? cc.verificationSource : DEFAULT_SOURCE}, then a 5 % service ` +
    `credit of the ${FEE_NOUN[window]} fee applies automatically to the next invoice, capped at 20 %.`
  );
}

const SUGGEST_HOLDBACK =
  "10 % of each monthly fee is withheld and released within 30 days after month 6 if every SLA was met in months 1–6; otherwise it is retained.";
const SUGGEST_TERMINATION =
  "The buyer may terminate on 30 days' notice if any SLA is breached in 3 consecutive months, or in any 4 months of a 12-month period, without penalty.";
const SUGGEST_TRANSITION =
  "On expiry or termination the vendor provides up to 6 months of transition assistance (data export in open formats, knowledge transfer, parallel running) at the rates in this bid.";
const SUGGEST_RENEWAL =
  "The contract renews for 12 months only if neither party gives written notice at least 90 days before the end of the term; the vendor reminds the buyer 30 days before that date.";

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The credit % compared with the RFP minimum: a flat %, the % per step, or the lowest band. */
export function creditPercent(amount: CreditAmount | null): number | null {
  if (amount === null) return null;
  if (amount.type === "fixed") return amount.percent;
  if (amount.type === "per_step") return amount.step === null ? null : amount.percentPerStep;
  return Math.min(...amount.bands.map((b) => b.percent));
}

// ── The check ───────────────────────────────────────────────────────────────────────────
// A round checks every bundle against the same requirements, and most clauses are clean:
// the requirement lookup is prepared once per round, and a clause's suggested rewrite (the
// costly text) is written only when a finding actually needs it, then shared by its findings.

/** Requirements with their metric lookup built once, for checking many bundles. */
export interface PreparedRequirements {
  readonly requirements: ClauseRequirements;
  /** Normalised metric → requirement. */
  readonly byMetric: ReadonlyMap<string, SlaRequirement>;
}

export function prepareRequirements(requirements: ClauseRequirements): PreparedRequirements {
  return { requirements, byMetric: new Map(requirements.slas.map((r) => [normaliseMetric(r.metric), r] as const)) };
}

/**
 * The clause a group of findings is about. Its name ("the uptime SLA") and suggested rewrite
 * are written when the first finding needs them, and the rewrite is then reused by the others.
 */
type ClauseWords =
  | { kind: "sla"; sla: Sla; req: SlaRequirement | undefined; reqs: ClauseRequirements; suggestion: string | null }
  | { kind: "contingent"; cc: ContingentClause; suggestion: string | null };

function suggestionOf(w: ClauseWords): string {
  return (w.suggestion ??= w.kind === "sla" ? suggestSla(w.sla, w.req, w.reqs) : suggestContingent(w.cc));
}

/** Lower-case, as it reads mid-sentence. */
function ownerOf(w: ClauseWords): string {
  if (w.kind === "sla") return has(w.sla.metric) ? `the ${w.sla.metric} SLA` : `SLA ${w.sla.id}`;
  return has(w.cc.metric) ? `the contingent clause on ${w.cc.metric}` : `contingent clause ${w.cc.id}`;
}

/** As it starts a sentence. */
function sentenceOwnerOf(w: ClauseWords): string {
  return capitalise(ownerOf(w));
}

function checkTrigger(
  id: string,
  metric: string | null,
  value: number | null,
  comparison: unknown,
  window: MeasurementWindow | null,
  verificationSource: string | null,
  what: string,
  words: ClauseWords,
  out: ClauseFinding[],
): void {
  const named = has(metric);
  const vagueSource = !has(verificationSource);
  if (named && comparison !== null && value !== null && window !== null && !vagueSource) return;
  const name = named ? `${what} "${metric}"` : what;
  if (!named) out.push(makeFinding("NO_METRIC", id, `${name} does not name a measurable metric.`, suggestionOf(words)));
  if (comparison === null)
    out.push(makeFinding("NO_COMPARISON", id, `${name} does not say which side of the number is a breach.`, suggestionOf(words)));
  if (value === null) out.push(makeFinding("NO_THRESHOLD", id, `${name} has no numeric threshold.`, suggestionOf(words)));
  if (window === null)
    out.push(makeFinding("NO_WINDOW", id, `${name} has no measurement window (month, quarter, …).`, suggestionOf(words)));
  if (vagueSource)
    out.push(makeFinding("NO_VERIFICATION_SOURCE", id, `${name} does not say who measures it or from which data.`, suggestionOf(words)));
}

function checkRemedy(
  remedy: Remedy,
  words: ClauseWords,
  req: SlaRequirement | undefined,
  reqs: ClauseRequirements,
  out: ClauseFinding[],
): void {
  const id = remedy.id;
  switch (remedy.kind) {
    case "service_credit": {
      if (remedy.automatic !== true)
        out.push(makeFinding("REMEDY_NOT_AUTOMATIC", id, `The service credit on ${ownerOf(words)} must be claimed rather than applied automatically.`, suggestionOf(words)));
      const pct = creditPercent(remedy.amount);
      const min = req ? reqs.serviceCredit.minimumPercent : null;
      if (pct === null)
        out.push(makeFinding("REMEDY_WITHOUT_AMOUNT", id, `The service credit on ${ownerOf(words)} states no percentage of the fee.`, suggestionOf(words)));
      else if (min !== null && pct < min)
        out.push(makeFinding("CREDIT_BELOW_MINIMUM", id, `The service credit on ${ownerOf(words)} is ${fmt(pct)} %; the RFP requires at least ${fmt(min)} %.`, suggestionOf(words)));
      const cap = remedy.capPercentOfPeriodFee;
      const minCap = req ? reqs.serviceCredit.minimumCapPercent : null;
      if (cap === null)
        out.push(makeFinding("CREDIT_WITHOUT_CAP", id, `The service credit on ${ownerOf(words)} has no cap, so neither side can price it.`, suggestionOf(words)));
      else if (minCap !== null && cap < minCap)
        out.push(makeFinding("CREDIT_CAP_BELOW_MINIMUM", id, `The service credit on ${ownerOf(words)} is capped at ${fmt(cap)} %; the RFP requires a cap of at least ${fmt(minCap)} %.`, suggestionOf(words)));
      return;
    }
    case "holdback":
      if (remedy.percentOfFees === null)
        out.push(makeFinding("REMEDY_WITHOUT_AMOUNT", id, `The holdback on ${ownerOf(words)} states no percentage of fees withheld.`, SUGGEST_HOLDBACK));
      if (!has(remedy.releaseCondition) && remedy.releaseAfterPeriod === null)
        out.push(makeFinding("HOLDBACK_WITHOUT_RELEASE", id, `The holdback on ${ownerOf(words)} has neither a release condition nor a release date.`, SUGGEST_HOLDBACK));
      return;
    case "termination_right":
      if (remedy.breachesToTrigger === null)
        out.push(makeFinding("NO_THRESHOLD", id, `The termination right on ${ownerOf(words)} does not say how many breaches trigger it.`, SUGGEST_TERMINATION));
      return;
    case "transition_assistance":
      if (remedy.months === null || !has(remedy.scope))
        out.push(makeFinding("REMEDY_WITHOUT_AMOUNT", id, `The transition assistance on ${ownerOf(words)} does not state both its duration and its scope.`, SUGGEST_TRANSITION));
      return;
  }
}

function hasServiceCredit(sla: Sla): boolean {
  for (const r of sla.remedies) if (r.kind === "service_credit") return true;
  return false;
}

function checkSla(sla: Sla, req: SlaRequirement | undefined, reqs: ClauseRequirements, out: ClauseFinding[]): void {
  const words: ClauseWords = { kind: "sla", sla, req, reqs, suggestion: null };
  checkTrigger(sla.id, sla.metric, sla.target, sla.direction, sla.window, sla.verificationSource, "The SLA", words, out);
  if (req) {
    const unitsDiffer = has(sla.unit) && has(req.unit) && normaliseMetric(sla.unit) !== normaliseMetric(req.unit);
    if (unitsDiffer)
      out.push(makeFinding("UNIT_MISMATCH", sla.id, `${sentenceOwnerOf(words)} is stated in ${sla.unit}; the RFP uses ${req.unit}.`, suggestionOf(words)));
    if (!unitsDiffer && sla.target !== null && sla.direction !== null) {
      const weaker =
        sla.direction !== req.direction ||
        (req.direction === "higher_is_better" ? sla.target < req.minimumTarget : sla.target > req.minimumTarget);
      if (weaker)
        out.push(makeFinding("TARGET_BELOW_MINIMUM", sla.id, `${sentenceOwnerOf(words)} promises ${fmt(sla.target)}${unitSuffix(sla.unit)}; the RFP requires ${req.direction === "higher_is_better" ? "at least" : "at most"} ${fmt(req.minimumTarget)}${unitSuffix(req.unit)}.`, suggestionOf(words)));
    }
    if (sla.window !== null && MEASUREMENT_WINDOWS.indexOf(sla.window) > MEASUREMENT_WINDOWS.indexOf(req.window))
      out.push(makeFinding("WINDOW_LONGER_THAN_REQUIRED", sla.id, `${sentenceOwnerOf(words)} is measured per ${sla.window}; the RFP requires per ${req.window}, and a longer window averages bad periods away.`, suggestionOf(words)));
  }
  const creditRequired = req !== undefined && reqs.serviceCredit.required;
  if (creditRequired && !hasServiceCredit(sla))
    out.push(makeFinding("REQUIRED_REMEDY_MISSING", sla.id, `${sentenceOwnerOf(words)} has no service credit; the RFP requires one.`, suggestionOf(words)));
  else if (sla.remedies.length === 0)
    out.push(makeFinding("NO_REMEDY", sla.id, `${sentenceOwnerOf(words)} has no remedy, so a breach costs the vendor nothing.`, suggestionOf(words)));
  for (const remedy of sla.remedies) checkRemedy(remedy, words, req, reqs, out);
}

function checkContingent(cc: ContingentClause, reqs: ClauseRequirements, out: ClauseFinding[]): void {
  const words: ClauseWords = { kind: "contingent", cc, suggestion: null };
  checkTrigger(cc.id, cc.metric, cc.threshold, cc.comparison, cc.window, cc.verificationSource, "The contingent clause", words, out);
  if (cc.remedy === null)
    out.push(makeFinding("NO_REMEDY", cc.id, `${sentenceOwnerOf(words)} says what triggers it but not what follows.`, suggestionOf(words)));
  else checkRemedy(cc.remedy, words, undefined, reqs, out);
}

/** Whether some SLA (with or without a target) is on the normalised metric. */
function coversMetric(slas: readonly Sla[], metric: string): boolean {
  for (const sla of slas) if (normaliseMetric(sla.metric) === metric) return true;
  return false;
}

/** Whether any SLA or contingent clause of the bundle carries a remedy of this kind. */
function offersRemedy(clauses: BundleClauses, kind: Remedy["kind"]): boolean {
  for (const sla of clauses.slas) for (const r of sla.remedies) if (r.kind === kind) return true;
  for (const cc of clauses.contingentClauses) if (cc.remedy?.kind === kind) return true;
  return false;
}

export function checkClauses(clauses: BundleClauses, requirements: ClauseRequirements | PreparedRequirements): ClauseFinding[] {
  const prepared = "byMetric" in requirements ? requirements : prepareRequirements(requirements);
  const reqs = prepared.requirements;
  const out: ClauseFinding[] = [];
  for (const sla of clauses.slas) checkSla(sla, prepared.byMetric.get(normaliseMetric(sla.metric)), reqs, out);
  for (const cc of clauses.contingentClauses) checkContingent(cc, reqs, out);

  for (const req of reqs.slas) {
    if (coversMetric(clauses.slas, normaliseMetric(req.metric))) continue;
    const stub: Sla = { id: "", metric: req.metric, unit: req.unit, direction: req.direction, target: req.minimumTarget, window: req.window, verificationSource: req.verificationSource, remedies: [] };
    out.push(makeFinding("REQUIRED_SLA_MISSING", null, `The RFP requires an SLA on ${req.metric}; the bundle has none.`, suggestSla(stub, req, reqs)));
  }

  if (reqs.holdback.required && !offersRemedy(clauses, "holdback"))
    out.push(makeFinding("REQUIRED_REMEDY_MISSING", null, "The RFP requires a performance holdback; the bundle has none.", SUGGEST_HOLDBACK));

  const terms = clauses.contractTerms;
  if (terms.autoRenewal && terms.renewalNoticeDays === null)
    out.push(makeFinding("AUTO_RENEWAL_WITHOUT_NOTICE", null, "The contract renews automatically but states no notice period to stop it.", SUGGEST_RENEWAL));
  if (!terms.terminationRight && !offersRemedy(clauses, "termination_right"))
    out.push(makeFinding("NO_TERMINATION_RIGHT", null, "The bundle gives the buyer no right to terminate.", SUGGEST_TERMINATION,
      reqs.terminationRightRequired ? "error" : "warning"));
  const ta = terms.transitionAssistance;
  if (ta === null && !offersRemedy(clauses, "transition_assistance")) {
    if (reqs.transitionAssistanceRequired)
      out.push(makeFinding("NO_TRANSITION_ASSISTANCE", null, "The RFP requires transition assistance at exit; the bundle offers none.", SUGGEST_TRANSITION));
  } else if (ta !== null && (ta.months === null || !has(ta.scope)))
    out.push(makeFinding("REMEDY_WITHOUT_AMOUNT", null, "The transition assistance offered does not state both its duration and its scope.", SUGGEST_TRANSITION));
  return out;
}
