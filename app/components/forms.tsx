// Labelled fields with their errors beside them: tests and screen readers find every
// field by its label, and a failed submission shows each message by its field.
import type { FieldMetadata } from "@conform-to/react";
import { getInputProps, getSelectProps } from "@conform-to/react";

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
