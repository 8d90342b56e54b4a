// The tradeables library from the playbook: issues beyond price that a buyer can add to a
// term sheet with one click, so vendors have room to trade ("if we take 24 months, could you …").
import type { RfpIssue, RfpIssueTemplate } from "./term-sheet";
import { assignIds } from "./ids";

export interface Tradeable {
  key: string;
  /** What the picker shows, and why a buyer would add it. */
  hint: string;
  issue: RfpIssueTemplate;
}

const choice = (labels: string[]) => labels.map((label, i) => ({ id: `o${i + 1}`, label }));

export const TRADEABLES: readonly Tradeable[] = [
  { key: "price", hint: "The recurring fee every bundle states", issue: { kind: "money", name: "Price", required: true, description: "Recurring fee for the period stated in the scope." } },
  { key: "one-time-fees", hint: "Implementation, mobilisation or set-up", issue: { kind: "money", name: "One-time fees", required: true, description: "Implementation, mobilisation and set-up fees, in total." } },
  { key: "term", hint: "Longer terms often buy lower prices", issue: { kind: "number", name: "Term", unit: "months", required: true, description: "Initial contract term." } },
  { key: "rollout-phases", hint: "Phasing by region lowers rollout risk", issue: { kind: "number", name: "Rollout phases", unit: "phases", required: false, description: "Number of phases of the rollout, each with its own acceptance." } },
  { key: "rollout-time", hint: "Speed to value", issue: { kind: "number", name: "Rollout", unit: "weeks", required: true, description: "Weeks from signature to full service." } },
  { key: "support-tier", hint: "Cheap to give for some vendors, valuable to you", issue: { kind: "choice", name: "Support tier", options: choice(["Basic", "Standard", "Premium"]), required: true, description: "Listed from lowest to highest cover." } },
  { key: "payment-terms", hint: "Working-capital relief for either side", issue: { kind: "number", name: "Payment terms", unit: "days", required: true, description: "Days from invoice to payment." } },
  { key: "training", hint: "Adoption and self-sufficiency", issue: { kind: "number", name: "Training", unit: "person-days", required: false, description: "Training included in the price." } },
  { key: "data-sharing", hint: "Data rights: anonymised aggregates vs raw ownership", issue: { kind: "choice", name: "Data-sharing scope", options: choice(["No sharing", "Anonymised aggregates", "Full raw data"]), required: false, description: "What the vendor may do with the buyer's operational data." } },
  { key: "audit-rights", hint: "Verifies SLAs and remedies", issue: { kind: "choice", name: "Audit rights", options: choice(["On request with notice", "Annual audit", "Continuous data access"]), required: false, description: "How the buyer may verify performance reports." } },
  { key: "termination-for-convenience", hint: "An exit path that keeps value created", issue: { kind: "number", name: "Termination for convenience", unit: "days' notice", required: false, description: "Notice the buyer gives to end the contract without cause." } },
  { key: "price-protection", hint: "Budget certainty", issue: { kind: "number", name: "Price protection", unit: "months", required: false, description: "Months during which prices stay fixed." } },
  { key: "indexation-cap", hint: "Caps yearly price rises", issue: { kind: "number", name: "Indexation cap", unit: "% per year", required: false, description: "Highest yearly price increase." } },
  { key: "warranty", hint: "Defects fixed at the vendor's cost", issue: { kind: "number", name: "Warranty", unit: "months", required: false, description: "Warranty period after acceptance." } },
  { key: "success-criteria", hint: "Contingent terms need measurable success", issue: { kind: "text", name: "Success criteria", required: false, description: "How both sides will know the service succeeds." } },
  { key: "co-marketing", hint: "Publicity rights cost you little", issue: { kind: "choice", name: "Co-marketing", options: choice(["None", "Reference on request", "Public case study"]), required: false, description: "Publicity the buyer grants the vendor." } },
  { key: "local-hiring", hint: "Social value in local services", issue: { kind: "number", name: "Local hiring", unit: "% of crew", required: false, description: "Share of the crew hired locally." } },
];

export function findTradeable(key: string): Tradeable | undefined {
  return TRADEABLES.find((t) => t.key === key);
}

/**
 * The library entries not yet on the term sheet: neither added from the library nor already
 * there under the same name (a template's "Term" is the library's "Term").
 */
export function availableTradeables(issues: readonly Pick<RfpIssue, "name" | "tradeable">[]): Tradeable[] {
  const keys = new Set(issues.map((i) => i.tradeable).filter(Boolean));
  const names = new Set(issues.map((i) => i.name.trim().toLowerCase()));
  return TRADEABLES.filter((t) => !keys.has(t.key) && !names.has(t.issue.name.toLowerCase()));
}

/** Adds library entries to a term sheet, skipping ones already there, with fresh unique ids. */
export function addTradeables(issues: readonly RfpIssue[], keys: readonly string[]): RfpIssue[] {
  const available = new Set(availableTradeables(issues).map((t) => t.key));
  const added = keys
    .filter((key) => available.has(key))
    .map(findTradeable)
    .filter((t): t is Tradeable => t !== undefined)
    .map((t) => ({ ...structuredClone(t.issue), tradeable: t.key }) as RfpIssueTemplate & { id?: string });
  return assignIds([...issues, ...added], (i) => i.name, "issue") as RfpIssue[];
}
