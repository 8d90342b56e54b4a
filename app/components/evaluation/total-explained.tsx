// How a bundle's total is made: each criterion's raw value, normalised score, weight, points and
// the arithmetic, then the total's. A function of the snapshot's figures alone, the same for
// every panel member: the bundle page sends it as kept markup (app/components/kept-markup.tsx).
import type { ExplanationLine } from "~/domain/evaluation/explain";
import { formatNumber, formatPoints } from "~/domain/evaluation/format";

/** The engine's explanation of one criterion, with its scoring method in words (null when there is none to tell). */
export type TotalLine = ExplanationLine & { method: string | null };

export interface TotalExplainedProps {
  lines: readonly TotalLine[];
  totalArithmetic: string;
}

export function TotalExplained({ lines, totalArithmetic }: TotalExplainedProps) {
  return (
    <div className="table-wrap">
      <table className="results-table">
        <caption className="sr-only">Raw value, normalised score, weight and points per criterion</caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col">Raw value</th>
            <th scope="col" className="num">Normalised</th>
            <th scope="col" className="num">Weight</th>
            <th scope="col" className="num">Points</th>
            <th scope="col">Formula</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.criterionId}>
              <th scope="row">{l.criterionName}</th>
              <td>{l.raw}</td>
              <td className="num">{l.normalised.toFixed(4)}</td>
              <td className="num">{formatNumber(l.weight)}</td>
              <td className="num"><strong>{formatPoints(l.points)}</strong></td>
              <td>
                {l.method ? <p className="formula-words">{l.method}</p> : null}
                <p className="formula-numbers mono">{l.arithmetic}</p>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td colSpan={5} className="mono">{totalArithmetic}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
