// The MESO grid: one table with the RFP's issues as rows and the three bundles as columns,
// then each bundle's SLAs, remedies, contingent clauses and contract terms, with the engine's
// findings beside the clause they are about. Pure rendering of flat fields (grid-form.ts).
import type { BidFeedback, BundleFeedback } from "~/domain/bids/content";
import {
  addBlankRows,
  cellLabel,
  contingentField,
  derivedContingentRemedyId,
  derivedSlaRemedyId,
  gridRows,
  placeFindings,
  REMEDY_KINDS,
  REMEDY_KIND_LABELS,
  slaField,
  termsField,
  valueField,
  type ContingentKey,
  type GridDefinition,
  type GridErrors,
  type GridFields,
  type SlaKey,
  type SlaRemedyIdKey,
} from "~/domain/bids/grid-form";
import { BUNDLE_LETTERS } from "~/domain/bids/slots";
import { formatNumber } from "~/domain/evaluation/format";
import { Findings, GateStatus, KnownPoints, ScoreTable } from "./feedback";
import { CheckCell, SelectCell, TextAreaCell, TextCell } from "./fields";
import { useEffect, useMemo, useRef, useState } from "react";


const WINDOW_OPTIONS = [
  { value: "day", label: "per day" },
  { value: "week", label: "per week" },
  { value: "month", label: "per month" },
  { value: "quarter", label: "per quarter" },
  { value: "year", label: "per year" },
];
const DIRECTION_OPTIONS = [
  { value: "higher_is_better", label: "higher is better" },
  { value: "lower_is_better", label: "lower is better" },
];
const COMPARISON_OPTIONS = [
  { value: "lt", label: "falls below" },
  { value: "lte", label: "is at or below" },
  { value: "gt", label: "rises above" },
  { value: "gte", label: "is at or above" },
];
const isRemedyIdKey = (key: SlaKey): key is SlaRemedyIdKey => key === "creditId" || key === "holdbackId" || key === "terminationId" || key === "transitionId";
const REMEDY_OPTIONS = REMEDY_KINDS.map((k) => ({ value: k, label: REMEDY_KIND_LABELS[k] }));

interface GridProps {
  definition: GridDefinition;
  fields: GridFields;
  errors: GridErrors;
  feedback: BidFeedback | null;
  /** Copy buttons and "add" buttons post; hidden when the bid can no longer change. */
  editable: boolean;
}

/**
 * The term sheet, then each bundle's clauses. Only the bundles in `open` render their clause
 * fields (a post carries those; the route keeps the others as saved); the rest show a summary
 * and a button that opens them: in place with JavaScript, by a post without it (what was
 * typed comes back). Once open, a bundle stays open, so what was typed in it is posted.
 * A blank SLA or contingent clause is added the same way, by its "add" button.
 */
export function BidGrid(props: GridProps & { open: readonly number[] }) {
  // Blank rows added in place; without JavaScript the button posts and the row comes back in the fields.
  const [added, setAdded] = useState<readonly { b: number; group: "slas" | "contingent" }[]>([]);
  const fields = useMemo(() => {
    if (added.length === 0) return props.fields;
    const out = { ...props.fields };
    for (const { b, group } of added) addBlankRows(out, b, { [group]: 1 });
    return out;
  }, [props.fields, added]);
  // Every bundle's rows in one pass over the fields.
  const rows = useMemo(() => gridRows(fields, props.definition.bundleSlots.length), [fields, props.definition.bundleSlots.length]);
  // A new row's first field takes the focus.
  const focusId = useRef<string | null>(null);
  useEffect(() => {
    if (focusId.current === null) return;
    document.getElementsByName(focusId.current)[0]?.focus();
    focusId.current = null;
  }, [fields]);
  const onAdd = (b: number, group: "slas" | "contingent") => {
    const taken = rows[b]![group];
    const row = taken.length ? taken[taken.length - 1]! + 1 : 0;
    focusId.current = group === "slas" ? slaField(b, row, "metric") : contingentField(b, row, "metric");
    setAdded((now) => [...now, { b, group }]);
  };
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set(props.open));
  useEffect(() => setOpen((now) => (props.open.every((b) => now.has(b)) ? now : new Set([...now, ...props.open]))), [props.open]);
  // The button that opened a section is gone: focus goes to the section's heading instead.
  const opened = useRef<number | null>(null);
  useEffect(() => {
    if (opened.current === null) return;
    document.getElementById(`bundle-${opened.current}-clauses-title`)?.focus();
    opened.current = null;
  }, [open]);
  return (
    <>
      <TermSheetGrid {...props} />
      {props.definition.bundleSlots.map((slot, b) => {
        const feedback = props.feedback?.bundles.find((f) => f.slotId === slot.id);
        return open.has(b) ? (
          <BundleClauses key={slot.id} {...props} fields={fields} b={b} rows={rows[b]!} feedback={feedback} onAdd={onAdd} />
        ) : (
          <ClosedClauses key={slot.id} definition={props.definition} fields={fields} b={b} rows={rows[b]!} feedback={feedback} onOpen={() => {
            opened.current = b;
            setOpen((now) => new Set(now).add(b));
          }} />
        );
      })}
    </>
  );
}

type BundleRows = { slas: number[]; contingent: number[] };

function ClosedClauses({ definition, fields, b, rows, feedback, onOpen }: Pick<GridProps, "definition" | "fields"> & { b: number; rows: BundleRows; feedback: BundleFeedback | undefined; onOpen: () => void }) {
  const letter = BUNDLE_LETTERS[b] ?? String(b + 1);
  const slot = definition.bundleSlots[b]!;
  const slas = rows.slas.filter((row) => fields[slaField(b, row, "required")] === "1" || (fields[slaField(b, row, "metric")] ?? "").trim() !== "").length;
  const clauses = rows.contingent.filter((row) => (fields[contingentField(b, row, "metric")] ?? "").trim() !== "").length;
  const findings = feedback?.clauseFindings.length ?? 0;
  return (
    <section className="panel bundle-clauses bundle-clauses--closed" id={`bundle-${b}-clauses`} aria-labelledby={`bundle-${b}-clauses-title`}>
      <h2 id={`bundle-${b}-clauses-title`}>
        <span className="bundle-letter" aria-hidden="true">{letter}</span> {`Bundle ${letter} — ${slot.name}: service levels, remedies and terms`}
      </h2>
      <p className="bundle-clauses__summary">
        {`${slas} ${slas === 1 ? "SLA" : "SLAs"}, ${clauses} contingent ${clauses === 1 ? "clause" : "clauses"}`}
        {feedback ? (findings ? ` · ${findings} clause ${findings === 1 ? "finding" : "findings"}` : " · no clause findings") : null}
      </p>
      <button type="submit" name="intent" value={`show:${b}`} className="button button--secondary button--small" formNoValidate
        onClick={(event) => {
          event.preventDefault();
          onOpen();
        }}
      >
        {`Show bundle ${letter}'s service levels, remedies and terms`}
      </button>
    </section>
  );
}

function TermSheetGrid({ definition, fields, errors, feedback, editable }: GridProps) {
  const currency = definition.basics.currency;
  const slots = definition.bundleSlots;
  const feedbackOf = (slotId: string) => feedback?.bundles.find((f) => f.slotId === slotId);
  return (
    <section className="panel" id="grid" aria-labelledby="grid-title">
      <h2 id="grid-title">Your three bundles</h2>
      <p className="hint">
        Give every issue a value in each bundle. Amounts are in {currency}, typed in {currency} (e.g. 82,000.00); blank cells are saved as blank.
      </p>
      {/* At phone width one bundle's column at a time (CSS :has, so without JavaScript too).
          The radios belong to no form: they are not posted and do not trigger an autosave. */}
      <fieldset className="bundle-switch">
        <legend>Bundle shown</legend>
        {slots.map((slot, b) => (
          <label key={slot.id}>
            <input type="radio" name="bundle-shown" value={b} form="bundle-switch" defaultChecked={b === 0} data-show-bundle={b} />
            {` ${BUNDLE_LETTERS[b]} · ${slot.name}`}
          </label>
        ))}
      </fieldset>
      <div className="table-wrap meso-grid-wrap">
        <table className="meso-grid">
          <caption className="sr-only">Term sheet: each issue for bundles A, B and C</caption>
          <thead>
            <tr>
              <th scope="col" className="meso-grid__issue">Issue</th>
              {slots.map((slot, b) => (
                <th scope="col" key={slot.id} id={`bundle-${b}-head`} data-bundle={b}>
                  <span className="bundle-letter" aria-hidden="true">{BUNDLE_LETTERS[b]}</span> Bundle {BUNDLE_LETTERS[b]}
                  <span className="cell-note hint">{slot.name}</span>
                  {editable && b > 0 ? (
                    <span className="copy-buttons">
                      {Array.from({ length: b }, (_, from) => (
                        <button key={from} type="submit" name="intent" value={`copy:${from}:${b}`} className="button button--quiet button--small" formNoValidate>
                          Copy bundle {BUNDLE_LETTERS[from]} into {BUNDLE_LETTERS[b]}
                        </button>
                      ))}
                    </span>
                  ) : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {definition.termSheet.map((issue) => (
              <tr key={issue.id}>
                <th scope="row" className="row-head">
                  {issue.name}
                  <span className="hint cell-note">
                    {issue.kind === "money" ? currency : issue.kind === "number" ? issue.unit : issue.kind === "choice" ? "choose one" : "text"}
                    {issue.required ? "" : " · optional"}
                  </span>
                </th>
                {slots.map((slot, b) => {
                  const name = valueField(b, issue.id);
                  const common = { name, label: cellLabel(b, issue, currency), defaultValue: fields[name] ?? "", errors: errors[name] };
                  return (
                    <td key={slot.id} data-bundle={b}>
                      {issue.kind === "choice" ? (
                        <SelectCell {...common} options={issue.options.map((o) => ({ value: o.id, label: o.label }))} />
                      ) : issue.kind === "text" ? (
                        <TextAreaCell {...common} />
                      ) : (
                        <div className="unit-input">
                          <TextCell {...common} inputMode="decimal" className="cell--num" />
                          <span className="unit-input__unit" aria-hidden="true">{issue.kind === "money" ? currency : issue.unit}</span>
                        </div>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="row-head">
                Your points so far
                <span className="hint cell-note">criteria scored from your own figures; each column says what is left out and why</span>
              </th>
              {slots.map((slot, b) => (
                <td key={slot.id} data-bundle={b}><KnownPoints feedback={feedbackOf(slot.id)} /></td>
              ))}
            </tr>
            <tr>
              <th scope="row" className="row-head">Gates</th>
              {slots.map((slot, b) => (
                <td key={slot.id} data-bundle={b}><GateStatus feedback={feedbackOf(slot.id)} /></td>
              ))}
            </tr>
            <tr>
              <th scope="row" className="row-head">Clause check</th>
              {slots.map((slot, b) => {
                const f = feedbackOf(slot.id);
                const errorsCount = f?.clauseFindings.filter((x) => x.severity === "error").length ?? 0;
                const warnings = (f?.clauseFindings.length ?? 0) - errorsCount;
                return (
                  <td key={slot.id} data-bundle={b}>
                    {!f ? <span className="muted">—</span> : f.clauseFindings.length === 0 ? (
                      <span className="gate-ok">✓ No findings</span>
                    ) : (
                      <a href={`#bundle-${b}-clauses`}>
                        {errorsCount ? `${errorsCount} not compliant` : null}
                        {errorsCount && warnings ? ", " : null}
                        {warnings ? `${warnings} vague` : null}
                      </a>
                    )}
                  </td>
                );
              })}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function requirementText(req: GridDefinition["sla"]["slas"][number]): string {
  const unit = req.unit ? ` ${req.unit}` : "";
  const bound = req.direction === "higher_is_better" ? "at least" : "at most";
  return `RFP requires ${bound} ${formatNumber(req.minimumTarget)}${unit} per ${req.window}${req.verificationSource ? `, verified from ${req.verificationSource}` : ""}`;
}

function remedyRequirementText(definition: GridDefinition): string | null {
  const { serviceCredit, holdback } = definition.sla;
  const parts: string[] = [];
  if (serviceCredit.required) {
    parts.push(
      `an automatic service credit${serviceCredit.minimumPercent !== null ? ` of at least ${formatNumber(serviceCredit.minimumPercent)} %` : ""}${serviceCredit.minimumCapPercent !== null ? `, capped at no less than ${formatNumber(serviceCredit.minimumCapPercent)} %` : ""}`,
    );
  }
  if (holdback.required) parts.push(`a holdback${holdback.minimumPercent !== null ? ` of at least ${formatNumber(holdback.minimumPercent)} %` : ""}${holdback.releaseCondition ? ` released when: ${holdback.releaseCondition}` : ""}`);
  return parts.length ? `Each required SLA carries ${parts.join("; and ")}.` : null;
}

function BundleClauses({ definition, fields, errors, feedback, editable, b, rows, onAdd }: Omit<GridProps, "feedback"> & { b: number; rows: BundleRows; feedback: BundleFeedback | undefined; onAdd: (b: number, group: "slas" | "contingent") => void }) {
  const letter = BUNDLE_LETTERS[b] ?? String(b + 1);
  const slot = definition.bundleSlots[b]!;
  const placed = placeFindings(feedback?.clauseFindings ?? [], fields, b, rows);
  const slaRows = rows.slas;
  const contingentRows = rows.contingent;
  let extra = 0;
  const remedyRule = remedyRequirementText(definition);
  return (
    <section className="panel bundle-clauses" id={`bundle-${b}-clauses`} aria-labelledby={`bundle-${b}-clauses-title`}>
      <header className="bundle-clauses__head">
        <h2 id={`bundle-${b}-clauses-title`} tabIndex={-1}>
          <span className="bundle-letter" aria-hidden="true">{letter}</span> {`Bundle ${letter} — ${slot.name}: service levels, remedies and terms`}
        </h2>
        {feedback ? (
          <details className="scores">
            <summary>
              Your points on bundle {letter}: <KnownPoints feedback={feedback} />
            </summary>
            <ScoreTable feedback={feedback} />
          </details>
        ) : null}
      </header>
      {feedback && feedback.failedGates.length > 0 ? <GateStatus feedback={feedback} /> : null}

      <h3 className="subhead">Service levels and their remedies</h3>
      {remedyRule ? <p className="hint">{remedyRule}</p> : null}
      {slaRows.map((row) => {
        const f = (key: SlaKey) => slaField(b, row, key);
        const v = (key: SlaKey) => fields[f(key)] ?? "";
        const required = v("required") === "1";
        const req = required ? definition.sla.slas.find((s) => s.metric === v("metric")) : undefined;
        if (!required) extra += 1;
        const who = required ? `Bundle ${letter} — ${v("metric")}` : `Bundle ${letter} — extra SLA ${extra}`;
        const cell = (key: SlaKey, visible: string, more: Partial<Parameters<typeof TextCell>[0]> = {}) => (
          <TextCell name={f(key)} label={`${who} — ${visible}`} visibleLabel={visible} defaultValue={v(key)} errors={errors[f(key)]} {...more} />
        );
        const findings = placed.slas.get(row) ?? [];
        return (
          <fieldset key={row} className={`sla-card ${findings.some((x) => x.severity === "error") ? "sla-card--error" : findings.length ? "sla-card--warn" : ""}`}>
            <legend>
              {required ? (
                <>
                  {`${v("metric")} `}<span className="hint">{`(${v("unit") ? `${v("unit")}, ` : ""}${v("direction") === "higher_is_better" ? "higher is better" : "lower is better"})`}</span>{" "}
                  <span className="badge badge--neutral">Required</span>
                </>
              ) : (
                <>{`Extra SLA ${extra} `}<span className="hint">(optional: leave blank to offer none)</span></>
              )}
            </legend>
            {req ? <p className="hint sla-card__req">{requirementText(req)}.</p> : null}
            {/* A blank hidden field is not sent: the grid reads a missing field as blank, and a
                remedy's missing id as the one derived from the SLA's, so that one is not sent either. */}
            {(["id", "required", "creditId", "holdbackId", "terminationId", "transitionId", "creditAmountJson", "holdbackAfter", "terminationDescription"] as const).map((key) =>
              v(key) && !(isRemedyIdKey(key) && v(key).trim() === derivedSlaRemedyId(fields, b, row, key)) ? <input key={key} type="hidden" name={f(key)} value={v(key)} /> : null,
            )}
            {required ? (
              <>
                <input type="hidden" name={f("metric")} value={v("metric")} />
                <input type="hidden" name={f("unit")} value={v("unit")} />
                <input type="hidden" name={f("direction")} value={v("direction")} />
              </>
            ) : null}
            <div className="clause-row">
              {required ? null : (
                <>
                  {cell("metric", "Metric", { wide: true, placeholder: "e.g. crew attendance" })}
                  {cell("unit", "Unit", { placeholder: "e.g. %" })}
                  <SelectCell name={f("direction")} label={`${who} — Direction`} visibleLabel="Direction" defaultValue={v("direction")} errors={errors[f("direction")]} options={DIRECTION_OPTIONS} />
                </>
              )}
              {cell("target", `Target${v("unit") && required ? ` (${v("unit")})` : ""}`, { inputMode: "decimal", placeholder: req ? formatNumber(req.minimumTarget) : undefined, className: "cell--num" })}
              <SelectCell name={f("window")} label={`${who} — Measured`} visibleLabel="Measured" defaultValue={v("window")} errors={errors[f("window")]} options={WINDOW_OPTIONS} />
              {cell("source", "Verified from", { wide: true, placeholder: "who measures it, from which data" })}
            </div>
            <div className="remedy-grid">
              <div className="remedy">
                <p className="remedy__title">Service credit</p>
                <CheckCell name={f("creditAuto")} label={`${who} — Service credit applied automatically`} visibleLabel="Applied automatically" defaultValue={v("creditAuto")} />
                <div className="clause-row">
                  {cell("creditPercent", "Credit (% of period fee)", { inputMode: "decimal", className: "cell--num" })}
                  {cell("creditCap", "Cap (% of period fee)", { inputMode: "decimal", className: "cell--num" })}
                </div>
                {v("creditAmountJson") ? <p className="hint">A tiered credit is on file; typing a fixed % replaces it.</p> : null}
              </div>
              <div className="remedy">
                <p className="remedy__title">Holdback</p>
                <div className="clause-row">
                  {cell("holdbackPercent", "Holdback (% of fees)", { inputMode: "decimal", className: "cell--num" })}
                  {cell("holdbackRelease", "Released when", { wide: true, placeholder: "e.g. SLA met 3 months in a row" })}
                </div>
              </div>
              <div className="remedy">
                <p className="remedy__title">Termination right</p>
                <div className="clause-row">
                  {cell("terminationBreaches", "After how many breaches", { inputMode: "numeric", className: "cell--num" })}
                </div>
                <CheckCell name={f("terminationConsecutive")} label={`${who} — Breaches must be consecutive`} visibleLabel="Consecutive breaches" defaultValue={v("terminationConsecutive")} />
              </div>
              <div className="remedy">
                <p className="remedy__title">Transition assistance</p>
                <div className="clause-row">
                  {cell("transitionMonths", "Months", { inputMode: "decimal", className: "cell--num" })}
                  {cell("transitionScope", "Scope", { wide: true })}
                </div>
              </div>
            </div>
            <Findings findings={findings} label={`Findings on ${who.replace(" — ", ": ")}`} />
          </fieldset>
        );
      })}
      {editable ? (
        <button type="submit" name="intent" value={`add-sla:${b}`} className="button button--quiet button--small" formNoValidate
          onClick={(event) => {
            event.preventDefault();
            onAdd(b, "slas");
          }}
        >
          Add another SLA to bundle {letter}
        </button>
      ) : null}

      <h3 className="subhead">Contingent clauses</h3>
      <p className="hint">“If METRIC crosses THRESHOLD in WINDOW, then REMEDY”: a safeguard that applies only when something goes wrong, e.g. a credit if crew attendance falls below 95 % in a month.</p>
      {contingentRows.map((row, i) => {
        const f = (key: ContingentKey) => contingentField(b, row, key);
        const v = (key: ContingentKey) => fields[f(key)] ?? "";
        const who = `Bundle ${letter} — contingent clause ${i + 1}`;
        const cell = (key: ContingentKey, visible: string, more: Partial<Parameters<typeof TextCell>[0]> = {}) => (
          <TextCell name={f(key)} label={`${who} — ${visible}`} visibleLabel={visible} defaultValue={v(key)} errors={errors[f(key)]} {...more} />
        );
        const findings = placed.contingent.get(row) ?? [];
        return (
          <fieldset key={row} className="sla-card">
            <legend>{`Contingent clause ${i + 1} `}<span className="hint">(optional)</span></legend>
            {v("id") ? <input type="hidden" name={f("id")} value={v("id")} /> : null}
            {v("remedyId") && v("remedyId").trim() !== derivedContingentRemedyId(fields, b, row) ? <input type="hidden" name={f("remedyId")} value={v("remedyId")} /> : null}
            <div className="clause-row">
              <span className="clause-word">If</span>
              {cell("metric", "Metric", { wide: true, placeholder: "e.g. crew attendance" })}
              <SelectCell name={f("comparison")} label={`${who} — Crosses`} visibleLabel="Crosses" defaultValue={v("comparison")} errors={errors[f("comparison")]} options={COMPARISON_OPTIONS} />
              {cell("threshold", "Threshold", { inputMode: "decimal", className: "cell--num" })}
              {cell("unit", "Unit", { placeholder: "e.g. %" })}
              <SelectCell name={f("window")} label={`${who} — In`} visibleLabel="In" defaultValue={v("window")} errors={errors[f("window")]} options={WINDOW_OPTIONS} />
              {cell("source", "Verified from", { wide: true })}
              {cell("periods", "Only in periods", { placeholder: "all", hint: "e.g. 2, 3 for the pilot's months 2 and 3" })}
            </div>
            <div className="clause-row">
              <span className="clause-word">then</span>
              <SelectCell name={f("remedyKind")} label={`${who} — Remedy`} visibleLabel="Remedy" defaultValue={v("remedyKind")} errors={errors[f("remedyKind")]} options={REMEDY_OPTIONS} />
              {cell("remedyPercent", "% (credit or holdback)", { inputMode: "decimal", className: "cell--num" })}
              {cell("remedyCap", "Credit cap %", { inputMode: "decimal", className: "cell--num" })}
              <CheckCell name={f("remedyAuto")} label={`${who} — Credit applied automatically`} visibleLabel="Automatic" defaultValue={v("remedyAuto")} />
              {cell("remedyRelease", "Holdback released when", { wide: true })}
              {cell("remedyBreaches", "Termination after breaches", { inputMode: "numeric", className: "cell--num" })}
              {cell("remedyMonths", "Transition months", { inputMode: "decimal", className: "cell--num" })}
              {cell("remedyScope", "Transition scope", { wide: true })}
            </div>
            <Findings findings={findings} label={`Findings on ${who.replace(" — ", ": ")}`} />
          </fieldset>
        );
      })}
      {editable ? (
        <button type="submit" name="intent" value={`add-clause:${b}`} className="button button--quiet button--small" formNoValidate
          onClick={(event) => {
            event.preventDefault();
            onAdd(b, "contingent");
          }}
        >
          {contingentRows.length ? `Add another contingent clause to bundle ${letter}` : `Add a contingent clause to bundle ${letter}`}
        </button>
      ) : null}

      <h3 className="subhead">Contract terms</h3>
      <div className="terms-grid">
        <CheckCell name={termsField(b, "terminationRight")} label={`Bundle ${letter} — Buyer may terminate for cause or convenience`} visibleLabel="The buyer may terminate for cause or convenience" defaultValue={fields[termsField(b, "terminationRight")] ?? ""} />
        <CheckCell name={termsField(b, "autoRenewal")} label={`Bundle ${letter} — Renews automatically`} visibleLabel="Renews automatically" defaultValue={fields[termsField(b, "autoRenewal")] ?? ""} />
        {(
          [
            ["renewalNoticeDays", "Notice to stop renewal (days)", "numeric"],
            ["creditCap", "Cap on all service credits (% of total fees)", "decimal"],
            ["transitionMonths", "Transition assistance at exit (months)", "decimal"],
          ] as const
        ).map(([key, visible, mode]) => (
          <TextCell key={key} name={termsField(b, key)} label={`Bundle ${letter} — ${visible}`} visibleLabel={visible} defaultValue={fields[termsField(b, key)] ?? ""} errors={errors[termsField(b, key)]} inputMode={mode} className="cell--num" />
        ))}
        <TextCell name={termsField(b, "transitionScope")} label={`Bundle ${letter} — Transition assistance scope`} visibleLabel="Transition assistance scope" defaultValue={fields[termsField(b, "transitionScope")] ?? ""} errors={errors[termsField(b, "transitionScope")]} wide placeholder="e.g. handover of routes, data and equipment lists" />
      </div>
      <Findings findings={placed.bundle} label={`Findings on bundle ${letter} as a whole`} />
    </section>
  );
}
