// How bundles are scored, as published to vendors: the two-envelope procedure if the RFP uses
// it, each criterion with its weight and its method in plain English (the engine's own words,
// so they match the maths), then the gates.
// A relative price formula is flagged: that score moves with the other bids.
import { formatNumber } from "~/domain/evaluation/format";
import type { VendorScoringPreview } from "~/domain/rfp/preview";

type Method = VendorScoringPreview["criteria"][number];

/** The engine's text starts "Name (weight W of 100): "; the table shows both in their own columns. */
export function methodText(c: Pick<Method, "name" | "weight" | "description">): string {
  const head = `${c.name} (weight ${formatNumber(c.weight)} of 100): `;
  return c.description.startsWith(head) ? c.description.slice(head.length) : c.description;
}

const KIND_LABELS: Record<Method["kind"], string> = {
  price: "Price",
  number: "From a number",
  choice: "From a choice",
  judged: "Evaluators' judgement (0–10)",
};

export function CriteriaTable({ scoring }: { scoring: Pick<VendorScoringPreview, "criteria" | "gates"> & Partial<Pick<VendorScoringPreview, "qualityBeforePrice">> }) {
  const total = Math.round(scoring.criteria.reduce((sum, c) => sum + c.weight, 0) * 1e9) / 1e9;
  return (
    <>
      {scoring.qualityBeforePrice ? (
        <p className="flag" id="quality-before-price">
          <span className="badge badge--neutral">Quality before price</span> {scoring.qualityBeforePrice}
        </p>
      ) : null}
      {scoring.criteria.length === 0 ? (
        <p className="muted">No criteria yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="criteria-table">
            <caption className="sr-only">Criteria, their weights and how each is scored</caption>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col" className="num">Weight</th>
                <th scope="col">How it is scored</th>
              </tr>
            </thead>
            <tbody>
              {scoring.criteria.map((c) => (
                <tr key={c.criterionId}>
                  <th scope="row" className="row-head">
                    {c.name}
                    <span className="hint cell-note">{KIND_LABELS[c.kind]}</span>
                  </th>
                  <td className="num">{formatNumber(c.weight)}</td>
                  <td>
                    {c.relative ? (
                      <p className="flag">
                        <span className="badge badge--warn">Relative</span> Your score on this criterion depends on the other bids: a new,
                        cheaper bid lowers it.
                      </p>
                    ) : null}
                    <p className="method">{methodText(c)}</p>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="num">{formatNumber(total)}</td>
                <td className="hint">S in each method is the criterion's weight: the points it can give.</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <h3 className="subhead">Gates (pass or fail)</h3>
      {scoring.gates.length === 0 ? (
        <p className="muted">No gates: every complete bundle is scored.</p>
      ) : (
        <>
          <p className="hint">A bundle that fails a gate is not scored at all, whatever its price.</p>
          <ul className="plain-list">
            {scoring.gates.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
