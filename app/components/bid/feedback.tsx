// What the engine says about the vendor's own bundles, shown where the vendor can act on it:
// clause findings beside the clause with the rewrite the engine suggests, gates a bundle
// would fail, and the points already knowable from automatic criteria.
import type { ClauseFinding } from "~/domain/evaluation/clauses";
import type { BundleFeedback } from "~/domain/bids/content";
import { formatNumber } from "~/domain/evaluation/format";

export function Findings({ findings, label }: { findings: readonly ClauseFinding[]; label: string }) {
  if (findings.length === 0) return null;
  return (
    <ul className="findings" aria-label={label}>
      {findings.map((f, i) => (
        <li key={`${f.code}-${f.clauseId ?? "bundle"}-${i}`} className={`finding finding--${f.severity}`}>
          <p className="finding__message">
            <span className={`badge ${f.severity === "error" ? "badge--bad" : "badge--warn"}`}>{f.severity === "error" ? "Does not comply" : "Vague"}</span>{" "}
            {f.message} <span className="finding__code mono">{f.code}</span>
          </p>
          {f.suggestion ? (
            <p className="finding__suggestion">
              <span className="finding__suggestion-label">Suggested wording:</span> {f.suggestion}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Known points, compact, for the grid's foot row. */
export function KnownPoints({ feedback }: { feedback: BundleFeedback | undefined }) {
  if (!feedback) return <span className="muted">—</span>;
  const blank = feedback.scores.filter((x) => x.status === "blank").map((x) => x.name);
  if (feedback.knownWeight === 0 && blank.length === 0) return <span className="muted">No automatic criteria</span>;
  // Say what the total leaves out and why, so "of 40" does not read as a maximum of 40.
  const relative = feedback.scores.filter((x) => x.status === "relative").map((x) => x.name);
  const judged = feedback.scores.filter((x) => x.status === "judged").map((x) => x.name);
  return (
    <span>
      {feedback.knownWeight > 0 ? (
        <>
          <strong className="num">{formatNumber(feedback.knownPoints, 1)}</strong> of {formatNumber(feedback.knownWeight, 1)} points
        </>
      ) : (
        <span className="muted">No points yet</span>
      )}
      {relative.length ? <span className="hint cell-note">Not yet counted: {relative.join(", ")}, scored against every vendor's price after the deadline.</span> : null}
      {judged.length ? <span className="hint cell-note">Scored by evaluators: {judged.join(", ")}.</span> : null}
      {blank.length ? <span className="hint cell-note">Counted once its cells are filled in: {blank.join(", ")}.</span> : null}
    </span>
  );
}

export function GateStatus({ feedback }: { feedback: BundleFeedback | undefined }) {
  if (!feedback) return null;
  if (feedback.failedGates.length === 0) return <span className="gate-ok">✓ Passes every gate it can be checked on</span>;
  return (
    <ul className="gate-failures" aria-label={`Gates bundle ${feedback.letter} would fail`}>
      {feedback.failedGates.map((g) => (
        <li key={g.gateId}>
          <span className="badge badge--bad">Fails gate</span> {g.gateName}: {g.reason}
        </li>
      ))}
    </ul>
  );
}

/** Per-criterion points of one bundle: only this vendor's own numbers, never others'. */
export function ScoreTable({ feedback }: { feedback: BundleFeedback }) {
  return (
    <table className="score-table">
      <caption className="sr-only">Bundle {feedback.letter}: your points on each criterion</caption>
      <thead>
        <tr>
          <th scope="col">Criterion</th>
          <th scope="col" className="num">Weight</th>
          <th scope="col" className="num">Your points</th>
        </tr>
      </thead>
      <tbody>
        {feedback.scores.map((s) => (
          <tr key={s.criterionId}>
            <th scope="row" className="row-head">{s.name}</th>
            <td className="num">{formatNumber(s.weight)}</td>
            {/* A note ("relative: depends on other bids") wraps in its cell, so the table fits a phone. */}
            <td className="num">{s.status === "scored" ? formatNumber(s.points, 2) : <span className="muted score-table__note">{s.note}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
