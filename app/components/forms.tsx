// Labelled fields with their errors beside them: tests and screen readers find every
// field by its label, and a failed submission shows each message by its field.
import type { FieldMetadata } from "@conform-to/react";
import { getCollectionProps, getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";

interface FieldProps {
  label: string;
  meta: FieldMetadata<string | undefined>;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  hint?: string;
}

export function TextField({ label, meta, type = "text", autoComplete, hint }: FieldProps) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? <span id={hintId} className="hint">{hint}</span> : null}
      <input
        {...getInputProps(meta, { type })}
        key={meta.key}
        autoComplete={autoComplete}
        aria-describedby={[meta.errors?.length ? meta.errorId : undefined, hintId].filter(Boolean).join(" ") || undefined}
      />
      <FieldErrors meta={meta} />
    </div>
  );
}

export function SelectField({ label, meta, options }: { label: string; meta: FieldMetadata<string | undefined>; options: { value: string; label: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...getSelectProps(meta)} key={meta.key}>
        <option value="">Choose…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
      <FieldErrors meta={meta} />
    </div>
  );
}

export function TextAreaField({ label, meta, hint, rows = 4 }: { label: string; meta: FieldMetadata<string | undefined>; hint?: string; rows?: number }) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? <span id={hintId} className="hint">{hint}</span> : null}
      <textarea
        {...getTextareaProps(meta)}
        key={meta.key}
        rows={rows}
        aria-describedby={[meta.errors?.length ? meta.errorId : undefined, hintId].filter(Boolean).join(" ") || undefined}
      />
      <FieldErrors meta={meta} />
    </div>
  );
}

/** A group of radio buttons: the legend names the question, each option has its own label. */
export function RadioGroupField({ legend, meta, options }: { legend: string; meta: FieldMetadata<string | undefined>; options: { value: string; label: string; hint?: string }[] }) {
  const inputs = getCollectionProps(meta, { type: "radio", options: options.map((o) => o.value) });
  return (
    <fieldset className="field field--radios" aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend>{legend}</legend>
      {options.map((o, i) => {
        const { key, ...props } = inputs[i]!;
        return (
          <div key={key} className="radio">
            <input {...props} />
            <label htmlFor={props.id}>
              {o.label}
              {o.hint ? <span className="hint"> {o.hint}</span> : null}
            </label>
          </div>
        );
      })}
      <FieldErrors meta={meta} />
    </fieldset>
  );
}

function FieldErrors({ meta }: { meta: FieldMetadata<string | undefined> }) {
  if (!meta.errors?.length) return null;
  return (
    <p id={meta.errorId} className="field-error" role="alert">
      {meta.errors.join(" ")}
    </p>
  );
}

export function FormErrors({ errors, id }: { errors?: string[]; id?: string }) {
  if (!errors?.length) return null;
  return (
    <div id={id} className="form-error" role="alert">
      {errors.join(" ")}
    </div>
  );
}
