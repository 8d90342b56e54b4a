// A bundle's safeguard clauses read-only, in words: each SLA with its remedies, the contingent
// clauses ("if … then …") and the contract terms. The evaluator's view of what the vendor's
// bid grid (components/bid/bid-grid.tsx) edits.
import type { BundleClauses, ContingentClause, Remedy, Sla } from "~/domain/evaluation/clauses";
import { formatNumber } from "~/domain/evaluation/format";

const WINDOW = { day: "day", week: "week", month: "month", quarter: "quarter", year: "year" } as const;
const COMPARISON = { lt: "falls below", lte: "is at or below", gt: "rises above", gte: "is at or above" } as const;
const NOT_STATED = "not stated";

const n = (x: number | null | undefined, suffix = "") => (x === null || x === undefined ? NOT_STATED : `${formatNumber(x)}${suffix}`);

export function describeRemedy(remedy: Remedy): string {
  switch (remedy.kind) {
    case "service_credit": {
      const amount = remedy.amount;
      const size =
        !amount ? `amount ${NOT_STATED}`
        : amount.type === "fixed" ? `${n(amount.percent, " %")} of the period fee`
        : amount.type === "per_step" ? `${n(amount.percentPerStep, " %")} of the period fee per ${n(amount.step)} of shortfall`
        : `by shortfall: ${amount.bands.map((b) => `from ${formatNumber(b.minShortfall)}: ${formatNumber(b.percent)} %`).join("; ")}`;
      const cap = remedy.capPercentOfPeriodFee === null ? "no cap stated" : `capped at ${formatNumber(remedy.capPercentOfPeriodFee)} % of the period fee`;
      return `Service credit: ${size}, ${remedy.automatic ? "applied automatically" : "on the buyer's claim"}, ${cap}.`;
    }
    case "holdback":
      return `Holdback: ${n(remedy.percentOfFees, " %")} of fees withheld, released when ${remedy.releaseCondition || NOT_STATED}${remedy.releaseAfterPeriod ? ` (after period ${remedy.releaseAfterPeriod})` : ""}.`;
    case "termination_right":
      return `Termination right: after ${remedy.breachesToTrigger === null ? "an unstated number of" : remedy.breachesToTrigger} ${remedy.consecutive ? "consecutive " : ""}breaches${remedy.description ? ` (${remedy.description})` : ""}.`;
    case "transition_assistance":
      return `Transition assistance: ${n(remedy.months, " months")}${remedy.scope ? `, ${remedy.scope}` : ""}.`;
  }
}

function describeSla(sla: Sla): string {
  const unit = sla.unit ? ` ${sla.unit}` : "";
  const direction = sla.direction === "higher_is_better" ? "at least" : sla.direction === "lower_is_better" ? "at most" : "target";
  return `${direction} ${n(sla.target, unit)} per ${sla.window ? WINDOW[sla.window] : `window ${NOT_STATED}`}, verified from ${sla.verificationSource || NOT_STATED}`;
}

function describeContingent(c: ContingentClause): string {
  const unit = c.unit ? ` ${c.unit}` : "";
  const when = `If ${c.metric || "(metric not stated)"} ${c.comparison ? COMPARISON[c.comparison] : "crosses"} ${n(c.threshold, unit)} in a ${c.window ? WINDOW[c.window] : `window ${NOT_STATED}`}`;
  const periods = c.periods ? ` (only in periods ${c.periods.join(", ")})` : "";
  const then = c.remedy ? describeRemedy(c.remedy) : "no remedy stated.";
  return `${when}${periods}, verified from ${c.verificationSource || NOT_STATED}: ${then}`;
}

export function BundleClausesSummary({ letter, slotName, clauses }: { letter: string; slotName: string; clauses: BundleClauses }) {
  const terms = clauses.contractTerms;
  return (
    <section className="panel bundle-clauses" aria-labelledby={`clauses-${letter}`}>
      <h3 id={`clauses-${letter}`}>
        <span className="bundle-letter" aria-hidden="true">{letter}</span> Bundle {letter} — {slotName}: service levels, remedies and terms
      </h3>
      <h4 className="subhead">Service levels and their remedies</h4>
      {clauses.slas.length === 0 ? (
        <p className="muted">No SLA offered.</p>
      ) : (
        <ul className="plain-list">
          {clauses.slas.map((sla) => (
            <li key={sla.id}>
              <strong>{sla.metric || "(metric not stated)"}</strong>: {describeSla(sla)}.
              {sla.remedies.length ? (
                <ul>
                  {sla.remedies.map((r) => <li key={r.id}>{describeRemedy(r)}</li>)}
                </ul>
              ) : <span className="muted"> No remedy.</span>}
            </li>
          ))}
        </ul>
      )}
      <h4 className="subhead">Contingent clauses</h4>
      {clauses.contingentClauses.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain-list">
          {clauses.contingentClauses.map((c) => <li key={c.id}>{describeContingent(c)}</li>)}
        </ul>
      )}
      <h4 className="subhead">Contract terms</h4>
      <ul className="plain-list">
        <li>Renews automatically: {terms.autoRenewal ? `yes, notice to stop renewal ${n(terms.renewalNoticeDays, " days")}` : "no"}</li>
        <li>The buyer may terminate for cause or convenience: {terms.terminationRight ? "yes" : "no"}</li>
        <li>Transition assistance at exit: {terms.transitionAssistance ? `${n(terms.transitionAssistance.months, " months")}${terms.transitionAssistance.scope ? `, ${terms.transitionAssistance.scope}` : ""}` : "none"}</li>
        <li>Cap on all service credits: {terms.creditCapPercentOfTotalFees === null ? "none stated" : `${formatNumber(terms.creditCapPercentOfTotalFees)} % of total fees`}</li>
      </ul>
    </section>
  );
}
