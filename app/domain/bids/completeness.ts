// Is a bid complete for its RFP? Every problem comes back by cell path (the grid marks the
// cell; the Excel import maps it to a row and column) with a message naming the bundle by
// letter and the issue by name, so a vendor can fix all of them in one pass.
import type { BundleClauses } from "../evaluation/clauses";
import { issueReaders } from "../rfp/publish-check";
import { MAX_ABS_ISSUE_NUMBER, numberBoundsProblem, type RfpIssue } from "../rfp/term-sheet";
import type { RfpDefinition } from "../rfp/sections";
import { BUNDLE_LETTERS, bundleLetter } from "./slots";

export interface BidProblem {
  path: string;
  message: string;
}

/** A draft or submitted content: the checks read both (a draft's blank cells are null). */
export interface BidLike {
  bundles: readonly { slotId: string; values: Readonly<Record<string, number | string | null>>; clauses: BundleClauses }[];
}

/**
 * With its criteria, an issue they read counts as required (an RFP published before the publish
 * check asked for it); the grid's definition (the values' shape only) has none.
 */
type Definition = Pick<RfpDefinition, "termSheet" | "bundleSlots"> & Partial<Pick<RfpDefinition, "criteria">>;

export function checkBidCompleteness(content: BidLike, definition: Definition): BidProblem[] {
  const problems: BidProblem[] = [];
  // A blank that a criterion, gate or the evaluated price reads would be scored as 0 (or as a
  // choice's first option): such an issue is required whatever the term sheet says.
  const decides = definition.criteria ? issueReaders({ criteria: definition.criteria }) : new Map<string, string[]>();
  const seen = new Set<string>();
  content.bundles.forEach((bundle, b) => {
    const letter = bundleLetter(definition, bundle.slotId);
    if (letter === "?") {
      problems.push({ path: `bundles.${b}.slotId`, message: `Bundle ${b + 1} is for a bundle slot this RFP does not have` });
      return;
    }
    if (seen.has(bundle.slotId)) {
      problems.push({ path: `bundles.${b}.slotId`, message: `Bundle ${letter} is given twice` });
      return;
    }
    seen.add(bundle.slotId);
    problems.push(...checkValues(bundle.values, definition.termSheet, `bundles.${b}.values`, `Bundle ${letter}`, decides));
    problems.push(...checkClauseShape(bundle.clauses, `bundles.${b}.clauses`, `Bundle ${letter}`));
  });
  definition.bundleSlots.forEach((slot, i) => {
    if (!seen.has(slot.id)) problems.push({ path: "bundles", message: `Give bundle ${BUNDLE_LETTERS[i] ?? i + 1} (${slot.name})` });
  });
  return problems;
}

function giveWords(issue: RfpIssue): string {
  switch (issue.kind) {
    case "number":
      return `give the ${issue.name} (${issue.unit})`;
    case "choice":
      return `choose the ${issue.name}`;
    default:
      return `give the ${issue.name}`;
  }
}

function checkValues(values: BidLike["bundles"][number]["values"], issues: readonly RfpIssue[], path: string, bundle: string, decides: ReadonlyMap<string, unknown>): BidProblem[] {
  const problems: BidProblem[] = [];
  const known = new Set(issues.map((i) => i.id));
  for (const issue of issues) {
    const at = `${path}.${issue.id}`;
    const value = values[issue.id];
    if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) {
      if (issue.required || decides.has(issue.id)) problems.push({ path: at, message: `${bundle}: ${giveWords(issue)}` });
      continue;
    }
    const message = wrongValue(issue, value);
    if (message) problems.push({ path: at, message: `${bundle}: ${message}` });
  }
  for (const id of Object.keys(values)) {
    if (!known.has(id) && values[id] !== null) problems.push({ path: `${path}.${id}`, message: `${bundle}: "${id}" is not an issue of this RFP` });
  }
  return problems;
}

function wrongValue(issue: RfpIssue, value: number | string): string | null {
  switch (issue.kind) {
    case "money":
      if (typeof value !== "number" || !Number.isFinite(value)) return `${issue.name} must be an amount`;
      if (value < 0) return `${issue.name} must not be negative`;
      // Money is stored in integer minor units (cents); a fraction of a cent is a typing error.
      if (!Number.isSafeInteger(value)) return `${issue.name} must be a whole number of cents`;
      if (value > MAX_ABS_ISSUE_NUMBER) return `${issue.name} must be at most 10^15 minor units`;
      return null;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? numberBoundsProblem(issue, value) : `${issue.name} must be a number (${issue.unit})`;
    case "choice":
      if (typeof value !== "string") return `${issue.name} must be one of the options`;
      return issue.options.some((o) => o.id === value)
        ? null
        : `${issue.name}: "${value}" is not one of the options (${issue.options.map((o) => o.label).join(", ")})`;
    case "text":
      return typeof value === "string" ? null : `${issue.name} must be text`;
  }
}

/**
 * What makes a clause unusable rather than merely vague: an SLA or contingent clause with no
 * metric measures nothing, and a holdback with no release condition is money withheld
 * forever. Vagueness (no window, no cap) is the clause check's job and is shown as feedback.
 */
function checkClauseShape(clauses: BundleClauses, path: string, bundle: string): BidProblem[] {
  const problems: BidProblem[] = [];
  clauses.slas.forEach((sla, s) => {
    const name = sla.metric?.trim() ? `SLA "${sla.metric.trim()}"` : `SLA ${s + 1}`;
    if (!sla.metric?.trim()) problems.push({ path: `${path}.slas.${s}.metric`, message: `${bundle}: ${name} needs a metric` });
    sla.remedies.forEach((remedy, r) => {
      if (remedy.kind === "holdback" && !remedy.releaseCondition?.trim()) {
        problems.push({ path: `${path}.slas.${s}.remedies.${r}.releaseCondition`, message: `${bundle}: the holdback of ${name} needs a release condition` });
      }
    });
  });
  clauses.contingentClauses.forEach((clause, c) => {
    const name = clause.metric?.trim() ? `contingent clause "${clause.metric.trim()}"` : `contingent clause ${c + 1}`;
    if (!clause.metric?.trim()) problems.push({ path: `${path}.contingentClauses.${c}.metric`, message: `${bundle}: ${name} needs a metric` });
    if (clause.remedy?.kind === "holdback" && !clause.remedy.releaseCondition?.trim()) {
      problems.push({ path: `${path}.contingentClauses.${c}.remedy.releaseCondition`, message: `${bundle}: the holdback of ${name} needs a release condition` });
    }
  });
  return problems;
}
