// The bundle summary of a receipt: each issue's value per bundle, as submitted, and how many
// SLAs and remedies each bundle carries. Evaluators read the same table (read-only MESO grid),
// with money issues withheld under quality before price (`hidden`).
import { minorUnitsPerMajor } from "~/domain/bids/grid-form-numbers";
import { formatMoney } from "~/domain/evaluation/format";
import type { RfpIssue } from "~/domain/rfp/term-sheet";

interface ReceiptBundle {
  slotId: string;
  letter: string;
  slotName: string;
  values: Record<string, number | string>;
  slaCount: number;
  remedyCount: number;
}

/** An issue's value as people read it: money in major units with the currency, units, option labels. */
export function formatIssueValue(issue: RfpIssue, value: number | string | undefined, currency: string): string {
  if (value === undefined) return "—";
  // Minor units of the RFP's currency (decision 021): a yen amount has none, a dinar amount three.
  if (issue.kind === "money" && typeof value === "number") return formatMoney(value, currency, minorUnitsPerMajor(currency));
  if (issue.kind === "number") return `${value} ${issue.unit}`;
  if (issue.kind === "choice") return issue.options.find((o) => o.id === value)?.label ?? String(value);
  return String(value);
}

export function ReceiptBundles({
  bundles,
  termSheet,
  currency,
  caption = "Submitted bundles",
  hidden,
}: {
  bundles: readonly ReceiptBundle[];
  termSheet: readonly RfpIssue[];
  currency: string;
  caption?: string;
  /** Issues whose values are withheld from this reader, and what their cells say instead. */
  hidden?: { issueIds: readonly string[]; text: string };
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Issue</th>
            {bundles.map((b) => (
              <th scope="col" key={b.slotId}>Bundle {b.letter}<span className="cell-note hint">{b.slotName}</span></th>
            ))}
          </tr>
        </thead>
        <tbody>
          {termSheet.map((issue) => (
            <tr key={issue.id}>
              <th scope="row" className="row-head">{issue.name}</th>
              {bundles.map((b) => (
                <td key={b.slotId} className={issue.kind === "text" ? undefined : "num"}>
                  {hidden?.issueIds.includes(issue.id) ? <span className="muted">{hidden.text}</span> : formatIssueValue(issue, b.values[issue.id], currency)}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row" className="row-head">Service levels and remedies</th>
            {bundles.map((b) => (
              <td key={b.slotId}>
                {b.slaCount} {b.slaCount === 1 ? "SLA" : "SLAs"}, {b.remedyCount} {b.remedyCount === 1 ? "remedy" : "remedies"}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
