// Pieces every RFP editor form shares: the version it was based on, the reason an addendum
// needs once the RFP is published, and a reply that belongs to one form of the page.
import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useMatches, useNavigation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { z } from "zod";
import { FormErrors } from "../forms";
import type { TabBasis } from "~/web/rfp-editor.server";

export interface EditorReply {
  form: string;
  result: SubmissionResult<string[]>;
}

/**
 * The basis every editor tab's loader sends beside its section (loadWorkspaceTab): the version
 * its forms save against, the state, and whether the reader may change sections.
 */
export function useTabBasis(): TabBasis {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const basis = (matches[i]!.data as { basis?: TabBasis } | undefined)?.basis;
    if (basis) return basis;
  }
  throw new Error("useTabBasis is used outside a tab of /rfps/:rfpId");
}

/**
 * Whether this reader may change the RFP's sections now: a buyer (update:rfp:own) while the RFP
 * is a draft or open for bids. Otherwise forms show as read-only views with the reason, instead
 * of controls the server would refuse.
 */
export function useEditable(): { editable: true } | { editable: false; reason: string } {
  const { mayUpdate, state } = useTabBasis();
  if (!mayUpdate) return { editable: false, reason: "You can read this section; only the buyers of your organisation change it." };
  if (state !== "draft" && state !== "open") return { editable: false, reason: "The deadline for bids has passed, so the RFP can no longer change: this is what vendors bid on." };
  return { editable: true };
}

/**
 * A section the reader cannot change now, as text (a summary list, a table), with the reason:
 * not a form of disabled fields, which reads poorly, cannot be copied from, and is skipped by
 * keyboard and screen-reader users.
 */
export function ReadOnlySection({ title, id, reason, children }: { title: string; id: string; reason: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="hint">{reason}</p>
      {children}
    </section>
  );
}

/** A conform form whose server reply is only its own (a page holds several forms). */
// The editor's forms are flat strings on the wire; field metadata is read as strings.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FlatForm = Record<string, any>;

type EditorFields<S extends z.ZodType> = { [K in keyof z.input<S> | "reason"]-?: FieldMetadata<string | undefined, FlatForm, string[]> };

export function useEditorForm<S extends z.ZodType>(id: string, schema: S, defaultValue?: FlatForm) {
  const actionData = useActionData<EditorReply>();
  const [form, fields] = useForm<FlatForm, FlatForm, string[]>({
    id,
    lastResult: actionData?.form === id ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: schema as z.ZodType<FlatForm> }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    defaultValue,
  });
  return [form, fields as unknown as EditorFields<S>] as const;
}

export function EditorForm({
  form,
  intent,
  version,
  published,
  submitLabel,
  children,
  reasonError,
}: {
  form: ReturnType<typeof useForm<FlatForm, FlatForm, string[]>>[0];
  intent: string;
  version: number;
  published: boolean;
  submitLabel: string;
  children: ReactNode;
  reasonError?: string[];
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  // Only rendered where the reader may save (useEditable); a section it cannot change is a view (ReadOnlySection).
  const formRef = useSaveOnLeaving(published);
  return (
    <Form method="post" {...getFormProps(form)} ref={formRef}>
      <FormErrors errors={form.errors} id={form.errorId} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="expectedVersion" value={version} />
      {children}
      {published ? (
        <div className="field">
          <label htmlFor={`${form.id}-reason`}>Reason for this addendum</label>
          <span className="hint">The RFP is published: this change becomes an addendum that every invited vendor must acknowledge.</span>
          <textarea id={`${form.id}-reason`} name="reason" rows={2} aria-invalid={reasonError?.length ? true : undefined} />
          {reasonError?.length ? <p className="field-error" role="alert">{reasonError.join(" ")}</p> : null}
        </div>
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        {published ? `${submitLabel} as an addendum` : submitLabel}
      </button>
    </Form>
  );
}

/**
 * Drafts are never lost: a form with unsaved typing is saved when the buyer leaves the page
 * (another tab of the editor, a link, closing the tab). Published RFPs are not: an addendum
 * needs a reason, so leaving without saving it is a choice. Needs JavaScript; without it the
 * buyer saves with the button.
 */
export function useSaveOnLeaving(published: boolean) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const form = formRef.current;
    if (!form || published) return;
    let dirty = false;
    const markDirty = () => (dirty = true);
    const markClean = () => (dirty = false);
    const save = () => {
      if (!dirty) return;
      dirty = false;
      // keepalive lets the request finish while the page goes away.
      void fetch(form.action || window.location.href, { method: "POST", body: new FormData(form), keepalive: true, credentials: "same-origin" }).catch(() => undefined);
    };
    const onHide = () => {
      if (document.visibilityState === "hidden") save();
    };
    form.addEventListener("input", markDirty);
    form.addEventListener("submit", markClean);
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", save);
    return () => {
      form.removeEventListener("input", markDirty);
      form.removeEventListener("submit", markClean);
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", save);
      // Leaving through a link inside the app unmounts the form: save then too.
      save();
    };
  }, [published]);
  return formRef;
}

/** Removes one row of a section (an issue, an SLA, a gate); once published it asks for the addendum's reason. */
export function RemoveRowForm({ intent, rowId, label, version, published, buttonText = "Remove" }: { intent: string; rowId: string; label: string; version: number; published: boolean; buttonText?: string }) {
  const { editable } = useEditable();
  if (!editable) return null;
  return (
    <Form method="post" className="row-actions">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="expectedVersion" value={version} />
      <input type="hidden" name="rowId" value={rowId} />
      {published ? <input type="text" name="reason" aria-label={`Reason for removing ${label}`} placeholder="Reason (addendum)" /> : null}
      <button type="submit" className="button button--quiet" aria-label={buttonText === "Remove" ? `Remove ${label}` : undefined}>{buttonText}</button>
    </Form>
  );
}

export function SavedNotice({ text }: { text: string | null }) {
  if (!text) return null;
  return <p className="notice" role="status">{text}</p>;
}
