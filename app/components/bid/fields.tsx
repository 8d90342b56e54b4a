// Small uncontrolled inputs for the bid grid. Uncontrolled on purpose: what the vendor types
// stays in the DOM through autosaves and failed posts; the server's echo of the fields is
// only the starting value. Each has a full accessible name ("Bundle B — Contract term
// (months)") and a short visible label or header; its error sits right under it. No
// `autocomplete` of their own: the grid's form turns it off for all of them. An input has an
// `id` only where a visible label points at it: the grid's inputs are named by their
// `aria-label`, and found by their (unique) `name`.
import type { ReactNode } from "react";

export interface CellProps {
  name: string;
  /** The full name screen readers and tests use. */
  label: string;
  /** What is printed beside the input; null when a table header already says it. */
  visibleLabel?: ReactNode;
  defaultValue: string;
  errors?: readonly string[];
  hint?: string;
  inputMode?: "decimal" | "numeric" | "text";
  placeholder?: string;
  className?: string;
  wide?: boolean;
}

const errorId = (name: string) => `${name}-error`;

export function CellErrors({ name, errors }: { name: string; errors?: readonly string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={errorId(name)} className="field-error" role="alert">
      {errors.join(" ")}
    </p>
  );
}

export function TextCell({ name, label, visibleLabel, defaultValue, errors, hint, inputMode, placeholder, className, wide }: CellProps) {
  const invalid = Boolean(errors?.length);
  return (
    <div className={`cell ${wide ? "cell--wide" : ""} ${className ?? ""}`}>
      {visibleLabel ? <label htmlFor={name}>{visibleLabel}</label> : null}
      <input
        id={visibleLabel ? name : undefined}
        name={name}
        type="text"
        aria-label={label}
        defaultValue={defaultValue}
        inputMode={inputMode}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId(name) : undefined}
        title={hint}
      />
      <CellErrors name={name} errors={errors} />
    </div>
  );
}

export function TextAreaCell({ name, label, visibleLabel, defaultValue, errors, className }: CellProps) {
  const invalid = Boolean(errors?.length);
  return (
    <div className={`cell ${className ?? ""}`}>
      {visibleLabel ? <label htmlFor={name}>{visibleLabel}</label> : null}
      <textarea id={visibleLabel ? name : undefined} name={name} aria-label={label} defaultValue={defaultValue} rows={2} aria-invalid={invalid || undefined} aria-describedby={invalid ? errorId(name) : undefined} />
      <CellErrors name={name} errors={errors} />
    </div>
  );
}

export function SelectCell({
  name,
  label,
  visibleLabel,
  defaultValue,
  errors,
  options,
  blank = "Choose…",
  className,
}: CellProps & { options: readonly { value: string; label: string }[]; blank?: string }) {
  const invalid = Boolean(errors?.length);
  return (
    <div className={`cell ${className ?? ""}`}>
      {visibleLabel ? <label htmlFor={name}>{visibleLabel}</label> : null}
      <select id={visibleLabel ? name : undefined} name={name} aria-label={label} defaultValue={defaultValue} aria-invalid={invalid || undefined} aria-describedby={invalid ? errorId(name) : undefined}>
        <option value="">{blank}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
      <CellErrors name={name} errors={errors} />
    </div>
  );
}

export function CheckCell({ name, label, visibleLabel, defaultValue }: Omit<CellProps, "errors">) {
  return (
    <div className="cell cell--check">
      <input id={name} name={name} type="checkbox" aria-label={label} defaultChecked={defaultValue === "on"} />
      <label htmlFor={name}>{visibleLabel}</label>
    </div>
  );
}
