// The web edge of the RFP editor: who is editing, the RFP they edit, and one way to save a
// section — directly while it is a draft, as an addendum with a reason once published.
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { DomainError } from "../domain/errors";
import { readableProblem } from "../domain/validation-messages";
import type { Permission } from "../domain/permissions";
import { issueAddendumSchema } from "../domain/rfp/actions";
import { saveBasicsSchema, saveBundleSlotsSchema, saveCriteriaSchema, saveSlaSchema, saveTermSheetSchema, saveTimelineSchema } from "../domain/rfp/sections";
import { runtime } from "../runtime.server";
import {
  getRfpWorkspace,
  issueAddendum,
  saveRfpBasics,
  saveRfpBundleSlots,
  saveRfpCriteria,
  saveRfpSlaRequirements,
  saveRfpTermSheet,
  saveRfpTimeline,
  type RfpActor,
  type RfpWorkspaceView,
} from "../services/rfps/index.server";
import { editorRefused, editorSaved } from "./editor-actions.server";
import { orRespond } from "./errors.server";
import { requireActor } from "./session.server";

export function buyerActor(request: Request, context: AppLoadContext, permission: Permission = "read:rfp:own"): Promise<RfpActor> {
  return requireActor(request, context, permission);
}

/** The RFP as the workspace's layout and the sections' actions need it (its definition, state and version; not its lists). */
export async function loadRfpForEditing(request: Request, context: AppLoadContext, rfpId: string, permission: Permission = "read:rfp:own") {
  const actor = await buyerActor(request, context, permission);
  const { database } = await runtime();
  const view = await orRespond(getRfpWorkspace(database.db, rfpId, actor));
  return { actor, db: database.db, view };
}

type Db = Awaited<ReturnType<typeof runtime>>["database"]["db"];

/** A workspace tab's own read (the layout has the RFP's definition; the tab reads only the list it shows). */
export async function loadForTab<T>(request: Request, context: AppLoadContext, rfpId: string, read: (db: Db, rfpId: string, actor: RfpActor) => Promise<T>): Promise<T> {
  const actor = await buyerActor(request, context);
  const { database } = await runtime();
  return orRespond(read(database.db, rfpId, actor));
}

/** The vendor-facing sections, each with its save schema, its save use case and its addendum key. */
const SECTIONS = {
  basics: { schema: saveBasicsSchema, save: saveRfpBasics, wrap: (v: unknown) => v },
  timeline: { schema: saveTimelineSchema, save: saveRfpTimeline, wrap: (v: unknown) => v },
  termSheet: { schema: saveTermSheetSchema, save: saveRfpTermSheet, wrap: (v: unknown) => ({ issues: v }) },
  bundleSlots: { schema: saveBundleSlotsSchema, save: saveRfpBundleSlots, wrap: (v: unknown) => ({ slots: v }) },
  criteria: { schema: saveCriteriaSchema, save: saveRfpCriteria, wrap: (v: unknown) => v },
  sla: { schema: saveSlaSchema, save: saveRfpSlaRequirements, wrap: (v: unknown) => v },
} as const;
export type EditableSection = keyof typeof SECTIONS;

function invalid(error: z.ZodError, field: string): DomainError {
  const messages = error.issues.map(readableProblem);
  return new DomainError("invalid", messages.join(" "), { [field]: messages });
}

/**
 * Saves a whole section's new value. While the RFP is a draft it is saved as it is; once
 * published it becomes an addendum with the reason the buyer gave (vendors are notified).
 */
export async function saveSection(
  db: Db,
  view: RfpWorkspaceView,
  actor: RfpActor,
  section: EditableSection,
  value: unknown,
  { expectedVersion, reason }: { expectedVersion: number; reason?: string },
): Promise<{ addendumNumber: number | null }> {
  const spec = SECTIONS[section];
  const body = spec.wrap(value) as Record<string, unknown>;
  if (view.state === "draft") {
    const parsed = spec.schema.safeParse({ expectedVersion, ...body });
    if (!parsed.success) throw invalid(parsed.error, "form");
    await (spec.save as (db: Db, id: string, input: unknown, actor: RfpActor) => Promise<unknown>)(db, view.id, parsed.data, actor);
    return { addendumNumber: null };
  }
  if (view.state !== "open") throw new DomainError("conflict", "This RFP is no longer open, so it cannot be changed.");
  if (!reason) {
    throw new DomainError("invalid", "Give the reason for this addendum (vendors read it).", { reason: ["Give the reason for this addendum (vendors read it)."] });
  }
  const parsed = issueAddendumSchema.safeParse({ expectedVersion, reason, [section]: body });
  if (!parsed.success) throw invalid(parsed.error, "form");
  const issued = await issueAddendum(db, view.id, parsed.data, actor);
  return { addendumNumber: issued.number };
}

/**
 * The editor's actions all end the same way: save the section's new value, then redirect
 * with a notice, or answer the form that sent it with the refusal.
 */
export function sectionSaver(request: Request, db: Db, view: RfpWorkspaceView, actor: RfpActor, section: EditableSection) {
  return async (form: string, submission: Parameters<typeof editorRefused>[1], value: unknown, opts: { expectedVersion: number; reason?: string }, what: string) => {
    try {
      const { addendumNumber } = await saveSection(db, view, actor, section, value, opts);
      return editorSaved(request, addendumNumber, what);
    } catch (error) {
      return editorRefused(form, submission, error);
    }
  };
}
