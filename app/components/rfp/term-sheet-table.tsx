// The term sheet as a vendor (or the buyer's vendor preview) reads it: every issue each
// bundle must fill, what kind of value it takes, and whether it may be left blank.
import type { RfpIssue } from "~/domain/rfp/term-sheet";

/** What the vendor will type for the issue, in words. */
function valueDescription(issue: RfpIssue, currency: string): string {
  switch (issue.kind) {
    case "money":
      return `An amount in ${currency}`;
    case "number":
      return `A number, in ${issue.unit}`;
    case "choice":
      return issue.options.length > 0 ? `One of: ${issue.options.map((o) => o.label).join(" · ")}` : "A choice (options to follow)";
    case "text":
      return "Text";
  }
}

export function TermSheetTable({ issues, currency }: { issues: readonly RfpIssue[]; currency: string }) {
  if (issues.length === 0) return <p className="muted">The term sheet has no issues yet.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">Term sheet: the issues every bundle must fill</caption>
        <thead>
          <tr>
            <th scope="col">Issue</th>
            <th scope="col">Each bundle gives</th>
            <th scope="col">Required</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue) => (
            <tr key={issue.id}>
              <th scope="row" className="row-head">
                {issue.name}
                {issue.description ? <span className="hint cell-note">{issue.description}</span> : null}
              </th>
              <td>{valueDescription(issue, currency)}</td>
              <td>{issue.required ? "Required" : <span className="muted">Optional</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
