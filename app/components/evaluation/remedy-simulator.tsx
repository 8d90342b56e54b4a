// The remedy simulator on a bundle's page (issue 12, item 5): a GET form for the buyer's
// breach scenario (works without JavaScript; the address can be shared) and what each remedy
// would pay or withhold, per period and in total, caps marked. The route parses the query
// with parseScenario and runs it with runScenario (app/domain/evaluation-results/scenario.ts);
// this component only renders.
import { Form } from "@remix-run/react";
import type { BundleClauses } from "~/domain/evaluation/clauses";
import { formatMoney } from "~/domain/evaluation/format";
import {
  DEFAULT_HORIZON,
  MAX_HORIZON,
  defaultScenarioValues,
  fieldName,
  scenarioInputs,
  type RemedyColumn,
  type ScenarioCell,
  type ScenarioRemedyTotal,
  type ScenarioResult,
} from "~/domain/evaluation-results/scenario";

export interface RemedySimulatorProps {
  clauses: BundleClauses;
  /** The bundle page's path: the form submits (GET) to it. */
  action: string;
  /** As typed (parseScenario's `values`); empty before the first simulation. */
  values: Record<string, string>;
  fieldErrors: Record<string, string[]>;
  result: ScenarioResult | null;
  currency: string;
  minorUnitsPerMajor: number;
  /** The bundle's own period fee, shown in the fee field until the buyer changes it. */
  defaultPeriodFeeMinor?: number | null;
}

const KIND_LABEL: Record<RemedyColumn["kind"], string> = {
  service_credit: "service credit",
  holdback: "holdback",
  termination_right: "termination right",
};

const id = (name: string) => `scenario-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;

function Field({ name, label, hint, values, errors, inputMode, placeholder }: {
  name: string;
  label: string;
  hint?: string;
  values: Record<string, string>;
  errors: Record<string, string[]>;
  inputMode: "decimal" | "numeric";
  placeholder?: string;
}) {
  const fieldId = id(name);
  const messages = errors[name] ?? [];
  const describedBy = [hint ? `${fieldId}-hint` : null, messages.length ? `${fieldId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      {hint ? <span id={`${fieldId}-hint`} className="hint">{hint}</span> : null}
      <input
        id={fieldId}
        name={name}
        type="text"
        inputMode={inputMode}
        defaultValue={values[name] ?? ""}
        placeholder={placeholder}
        aria-invalid={messages.length ? true : undefined}
        aria-describedby={describedBy}
      />
      {messages.length ? (
        <p id={`${fieldId}-error`} className="field-error" role="alert">{messages.join(" ")}</p>
      ) : null}
    </div>
  );
}

export function RemedySimulator({ clauses, action, values, fieldErrors, result, currency, minorUnitsPerMajor, defaultPeriodFeeMinor = null }: RemedySimulatorProps) {
  const { inputs, skipped } = scenarioInputs(clauses);
  const shown = { ...defaultScenarioValues(defaultPeriodFeeMinor, minorUnitsPerMajor), ...values };
  const money = (minor: number) => formatMoney(minor, currency, minorUnitsPerMajor);
  const formErrors = fieldErrors["form"] ?? [];
  const errorCount = Object.values(fieldErrors).reduce((n, m) => n + m.length, 0);

  return (
    <section className="panel remedy-simulator" aria-labelledby="remedy-simulator-title">
      <h2 id="remedy-simulator-title">Remedy simulator</h2>
      <p className="hint">
        Enter a breach scenario: for each service level, the value measured in the periods in breach and in how many periods
        (e.g. uptime 99.2 % in 3 of 12 months). Periods not in breach count as met. The simulation applies this bundle&apos;s
        remedies with their caps.
      </p>
      {inputs.length === 0 ? (
        <p className="empty">This bundle has no service level with a measurable trigger and a remedy, so there is nothing to simulate.</p>
      ) : (
        <Form method="get" action={action} className="remedy-simulator__form" preventScrollReset>
          {errorCount > 0 ? (
            <p className="form-error" role="alert">
              The scenario has {errorCount === 1 ? "a problem" : `${errorCount} problems`}: see the fields marked below.{formErrors.length ? ` ${formErrors.join(" ")}` : ""}
            </p>
          ) : null}
          {inputs.map((input) => (
            <fieldset key={input.key} className="remedy-simulator__sla">
              <legend>
                <strong>{input.metric}</strong>{" "}
                <span className="muted">({input.conditions.join("; ")} per {input.window}{input.clauseIds.length > 1 ? `; clauses ${input.clauseIds.join(", ")}` : ""})</span>
              </legend>
              <div className="inline-form">
                <Field name={fieldName.value(input.key)} label={`${input.metric} — measured value`} hint={input.unit ? `In ${input.unit}.` : undefined} values={shown} errors={fieldErrors} inputMode="decimal" />
                <Field name={fieldName.periods(input.key)} label={`${input.metric} — periods in breach`} hint={`Number of ${input.window}s.`} values={shown} errors={fieldErrors} inputMode="numeric" />
                <Field name={fieldName.from(input.key)} label={`${input.metric} — first period in breach`} hint="Optional; 1 if blank." values={shown} errors={fieldErrors} inputMode="numeric" placeholder="1" />
              </div>
            </fieldset>
          ))}
          <div className="inline-form">
            <Field name={fieldName.horizon} label="Periods simulated" hint={`1 to ${MAX_HORIZON}; ${DEFAULT_HORIZON} if blank.`} values={shown} errors={fieldErrors} inputMode="numeric" />
            <Field
              name={fieldName.fee}
              label={`Period fee (${currency})`}
              hint={defaultPeriodFeeMinor === null ? "The fee for one period." : `This bundle's: ${money(defaultPeriodFeeMinor)}.`}
              values={shown}
              errors={fieldErrors}
              inputMode="decimal"
            />
            <button type="submit" className="button">Simulate</button>
          </div>
        </Form>
      )}
      {skipped.length ? (
        <p className="hint">
          Not simulated: {skipped.map((s) => `${s.clauseId} (${s.reason})`).join("; ")}.
        </p>
      ) : null}
      {result ? <ScenarioResults result={result} money={money} /> : null}
    </section>
  );
}

function cellText(cell: ScenarioCell, money: (minor: number) => string) {
  switch (cell.kind) {
    case "service_credit":
      if (!cell.breached) return <span className="muted">—</span>;
      return (
        <>
          {money(cell.amountMinor)}
          {cell.capped ? <span className="cell-note"><span className="badge badge--warn" title={cell.capped === "clause cap" ? "Cut to the credit's own cap" : "Cut by the contract's overall cap on credits"}>capped</span> <span className="muted">{cell.capped}</span></span> : null}
          {cell.percent !== null ? <span className="cell-note muted">{cell.percent} % of the fee{cell.capped ? " before the cap" : ""}</span> : <span className="cell-note muted">breach, nothing paid</span>}
        </>
      );
    case "holdback":
      return (
        <>
          {cell.withheldMinor > 0 ? <>{money(cell.withheldMinor)} <span className="muted">withheld</span></> : <span className="muted">—</span>}
          {cell.breached ? <span className="cell-note">breach</span> : null}
          {cell.releasedMinor > 0 ? <span className="cell-note">{money(cell.releasedMinor)} released</span> : null}
          {cell.retainedMinor > 0 ? <span className="cell-note"><strong>{money(cell.retainedMinor)} retained</strong></span> : null}
        </>
      );
    case "termination_right":
      if (cell.triggered) return <strong>Right to terminate arises</strong>;
      return cell.breached ? "breach" : <span className="muted">—</span>;
  }
}

function totalText(total: ScenarioRemedyTotal, money: (minor: number) => string) {
  switch (total.kind) {
    case "service_credit":
      return (
        <>
          <strong>{money(total.paidMinor)}</strong>
          {total.cappedPeriods.length ? <span className="cell-note">capped in period{total.cappedPeriods.length > 1 ? "s" : ""} {total.cappedPeriods.join(", ")}</span> : null}
          {!total.pays ? <span className="cell-note muted">pays nothing automatically</span> : null}
        </>
      );
    case "holdback":
      return (
        <>
          <strong>{money(total.withheldMinor)}</strong> <span className="muted">withheld</span>
          <span className="cell-note">
            {total.status === "released" ? `released after period ${total.releasePeriod}`
              : total.status === "retained" ? `retained by the buyer (breach before period ${total.releasePeriod})`
              : total.releasePeriod === null ? "pending: no release period stated"
              : `pending: release after period ${total.releasePeriod}`}
          </span>
        </>
      );
    case "termination_right":
      return total.triggered ? <strong>Arises in period {total.period}</strong> : <span className="muted">Not triggered</span>;
  }
}

function ScenarioResults({ result, money }: { result: ScenarioResult; money: (minor: number) => string }) {
  const share = result.feesMinor > 0 ? ((100 * result.creditsMinor) / result.feesMinor).toFixed(1) : null;
  return (
    <div className="remedy-simulator__results" aria-live="polite">
      <h3 className="subhead">What the remedies would do</h3>
      <dl className="facts">
        <dt>Fees over {result.horizon} period{result.horizon === 1 ? "" : "s"}</dt>
        <dd>{money(result.feesMinor)} ({money(result.periodFeeMinor)} a period)</dd>
        <dt>Service credits paid</dt>
        <dd><strong>{money(result.creditsMinor)}</strong>{share !== null ? ` (${share} % of the fees)` : ""}</dd>
        <dt>Holdbacks</dt>
        <dd>
          {money(result.withheldMinor)} withheld: {money(result.releasedMinor)} released, {money(result.retainedMinor)} retained by the buyer, {money(result.pendingMinor)} pending
        </dd>
        <dt>Termination rights</dt>
        <dd>{result.terminationRights === 0 ? "none triggered" : `${result.terminationRights} triggered`}</dd>
      </dl>
      {result.notes.length ? (
        <ul className="plain-list notice">
          {result.notes.map((n) => <li key={n}>{n}</li>)}
        </ul>
      ) : null}
      {result.columns.length ? (
        <div className="table-wrap">
          <table className="remedy-simulator__table">
            <caption className="sr-only">Remedies per period under the scenario</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                {result.columns.map((c) => (
                  <th scope="col" key={`${c.remedyId}|${c.triggerId}`}>
                    {c.metric}: {KIND_LABEL[c.kind]}
                    <span className="cell-note muted">{c.remedyId}</span>
                  </th>
                ))}
                <th scope="col" className="num">Credits paid</th>
                <th scope="col" className="num">Withheld</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.period}>
                  <th scope="row">{row.period}</th>
                  {row.cells.map((cell, i) => (
                    <td key={i} className={cell.kind === "termination_right" ? undefined : "num"}>{cellText(cell, money)}</td>
                  ))}
                  <td className="num">{money(row.creditsMinor)}</td>
                  <td className="num">{money(row.withheldMinor)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                {result.totals.map((t, i) => (
                  <td key={i} className={t.kind === "termination_right" ? undefined : "num"}>{totalText(t, money)}</td>
                ))}
                <td className="num"><strong>{money(result.creditsMinor)}</strong></td>
                <td className="num"><strong>{money(result.withheldMinor)}</strong></td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
      {result.findings.length ? (
        <>
          <h4 className="subhead">Why some remedies pay less than they seem to</h4>
          <ul className="plain-list">
            {result.findings.map((f, i) => (
              <li key={`${f.code}-${f.clauseId ?? ""}-${i}`}>
                <span className={f.severity === "error" ? "badge badge--bad" : "badge badge--warn"}>{f.severity}</span> {f.message} <span className="muted">{f.suggestion}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
