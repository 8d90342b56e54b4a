// The service levels every bundle must commit to, and the remedies the RFP requires, as
// vendors read them. Targets are minimums: a bundle may promise better.
import { formatNumber } from "~/domain/evaluation/format";
import type { SlaSection } from "~/domain/rfp/sla";

type Requirement = SlaSection["slas"][number];

function target(s: Requirement): string {
  const unit = s.unit ? ` ${s.unit}` : "";
  return `${s.direction === "higher_is_better" ? "At least" : "At most"} ${formatNumber(s.minimumTarget)}${unit}`;
}

export function SlaRequirementsList({ sla, requiredRemedies }: { sla: Pick<SlaSection, "slas">; requiredRemedies: readonly string[] }) {
  return (
    <>
      {sla.slas.length === 0 ? (
        <p className="muted">No SLA is required; you may still offer service levels in your bundles.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">SLA requirements</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Minimum target</th>
                <th scope="col">Measured per</th>
                <th scope="col">Verified from</th>
              </tr>
            </thead>
            <tbody>
              {sla.slas.map((s) => (
                <tr key={s.metric}>
                  <th scope="row" className="row-head">
                    {s.metric}
                    {s.description ? <span className="hint cell-note">{s.description}</span> : null}
                  </th>
                  <td>{target(s)}</td>
                  <td>{s.window}</td>
                  <td>{s.verificationSource ?? <span className="muted">not stated</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="subhead">Required remedies</h3>
      <RequiredRemediesList remedies={requiredRemedies} />
    </>
  );
}

/** The remedies every bundle must carry, in words (`describeRequiredRemedies`). */
export function RequiredRemediesList({ remedies }: { remedies: readonly string[] }) {
  if (remedies.length === 0) return <p className="muted">No remedy is required.</p>;
  return (
    <ul className="plain-list">
      {remedies.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}
