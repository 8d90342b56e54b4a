// The three bundle slots: what each of a vendor's three bundles is for.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { EditorForm, ReadOnlySection, SavedNotice, useEditable, useEditorForm } from "~/components/rfp-editor/editor";
import { BundleSlotList } from "~/components/rfp/bundle-slots";
import { bundleSlotsSchema } from "~/domain/rfp/sections";
import { editorInvalid, editorRefused, editorSaved } from "~/web/editor-actions.server";
import { loadRfpForEditing, loadWorkspaceTab, saveSection } from "~/web/rfp-editor.server";
import { readFormData } from "~/web/input.server";

const slotsFormSchema = bundleSlotsSchema.extend({
  expectedVersion: z.coerce.number().int().min(1),
  reason: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(3, "Give the reason for this addendum (vendors read it)").optional()),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await loadWorkspaceTab(request, context, params.rfpId!, ({ view }) => ({ slots: view.definition.bundleSlots })));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, db, view } = await loadRfpForEditing(request, context, params.rfpId!, "update:rfp:own");
  const submission = parseWithZod(await readFormData(request), { schema: slotsFormSchema });
  if (submission.status !== "success") return editorInvalid("slots", submission);
  const { expectedVersion, reason, slots } = submission.value;
  try {
    const { addendumNumber } = await saveSection(db, view, actor, "bundleSlots", slots, { expectedVersion, reason });
    return editorSaved(request, addendumNumber, "Bundle slots");
  } catch (error) {
    return editorRefused("slots", submission, error);
  }
}

export default function SlotsSection() {
  const editable = useEditable();
  return editable.editable ? <SlotsForm /> : <SlotsView reason={editable.reason} />;
}

function SlotsView({ reason }: { reason: string }) {
  const { slots } = useLoaderData<typeof loader>();
  return (
    <ReadOnlySection title="Bundle slots" id="slots-title" reason={reason}>
      <BundleSlotList slots={slots} />
    </ReadOnlySection>
  );
}

function SlotsForm() {
  const { slots, basis } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const [form, fields] = useEditorForm("slots", slotsFormSchema);
  return (
    <section className="panel" aria-labelledby="slots-title">
      <h2 id="slots-title">Bundle slots</h2>
      <SavedNotice text={params.get("saved")} />
      <p className="hint">Every vendor bids three bundles at once (a MESO). Name each slot and say what it is for, so the three bundles show you the vendor's trade-offs.</p>
      <EditorForm form={form} intent="slots" version={basis.version} published={basis.state !== "draft"} submitLabel="Save bundle slots" reasonError={fields.reason.errors}>
        {slots.map((slot, index) => {
          const letter = "ABC"[index];
          const name = (field: string) => `slots[${index}].${field}`;
          const errors = (field: string) => form.allErrors[name(field)];
          return (
            <fieldset key={slot.id} className="field slot-fieldset">
              <legend>Bundle {letter}</legend>
              <input type="hidden" name={name("id")} value={slot.id} />
              <label htmlFor={`slot-${index}-name`}>Name of bundle {letter}</label>
              <input id={`slot-${index}-name`} name={name("name")} defaultValue={slot.name} aria-invalid={errors("name") ? true : undefined} />
              {errors("name") ? <p className="field-error" role="alert">{errors("name")!.join(" ")}</p> : null}
              <label htmlFor={`slot-${index}-description`}>What bundle {letter} is for</label>
              <textarea id={`slot-${index}-description`} name={name("description")} defaultValue={slot.description} rows={2} />
            </fieldset>
          );
        })}
      </EditorForm>
    </section>
  );
}
