// The web edge of the RFP editor: who is editing, the RFP they edit, and one way to save a
// section — directly while it is a draft, as an addendum with a reason once published.
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { DomainError } from "../domain/errors";
import { readableProblem } from "../domain/validation-messages";
import { hasPermission, type Permission } from "../domain/permissions";
import type { RfpState } from "../domain/rfp/state";
import { issueAddendumSchema } from "../domain/rfp/actions";
import { saveBasicsSchema, saveBundleSlotsSchema, saveCriteriaSchema, saveSlaSchema, saveTermSheetSchema, saveTimelineSchema } from "../domain/rfp/sections";
import { runtime } from "../runtime.server";
import {
  issueAddendum,
  readRfpWorkspace,
  saveRfpBasics,
  saveRfpBundleSlots,
  saveRfpCriteria,
  saveRfpSlaRequirements,
  saveRfpTermSheet,
  saveRfpTimeline,
  type RfpActor,
  type RfpWorkspaceCore,
  type RfpWorkspaceRead,
} from "../services/rfps/index.server";
import { editorRefused, editorSaved } from "./editor-actions.server";
import { orRespond } from "./errors.server";
import { requireActor } from "./session.server";

export function buyerActor(request: Request, context: AppLoadContext, permission: Permission = "read:rfp:own"): Promise<RfpActor> {
  return requireActor(request, context, permission);
}

type Db = Awaited<ReturnType<typeof runtime>>["database"]["db"];

/**
 * One workspace read per request: the layout and the tab both need the RFP, and Remix hands every
 * loader of one request the same load context (session.server.ts keeps the account the same way).
 * Only for reads: an action changes the RFP, and the loaders that run after it read again.
 */
const workspacePerRequest = new WeakMap<AppLoadContext, Map<string, Promise<RfpWorkspaceRead>>>();

function readOnce(request: Request, context: AppLoadContext, db: Db, rfpId: string, actor: RfpActor, permission: Permission): Promise<RfpWorkspaceRead> {
  if (request.method !== "GET" && request.method !== "HEAD") return readRfpWorkspace(db, rfpId, actor, permission);
  let reads = workspacePerRequest.get(context);
  if (!reads) workspacePerRequest.set(context, (reads = new Map()));
  const key = `${rfpId} ${permission}`;
  let read = reads.get(key);
  if (!read) reads.set(key, (read = readRfpWorkspace(db, rfpId, actor, permission)));
  return read;
}

/** The RFP as the workspace's layout, its tabs and the sections' actions need it (its definition, state and version; not its lists). */
export async function loadRfpWorkspace(request: Request, context: AppLoadContext, rfpId: string, permission: Permission = "read:rfp:own") {
  const actor = await buyerActor(request, context, permission);
  const { database } = await runtime();
  const read = await orRespond(readOnce(request, context, database.db, rfpId, actor, permission));
  return { actor, db: database.db, read };
}

/** The RFP as the sections' actions need it. */
export async function loadRfpForEditing(request: Request, context: AppLoadContext, rfpId: string, permission: Permission = "read:rfp:own") {
  const { actor, db, read } = await loadRfpWorkspace(request, context, rfpId, permission);
  return { actor, db, view: read.view };
}

/** What every editor tab sends beside its section: the version its forms save against, the state, and whether the reader may change sections. */
export interface TabBasis {
  version: number;
  state: RfpState;
  mayUpdate: boolean;
}

/**
 * A workspace tab's loader data: its basis and only what the tab shows (`pick`), from the
 * request's workspace read (the layout's; no second read of the RFP).
 */
export async function loadWorkspaceTab<T extends object>(
  request: Request,
  context: AppLoadContext,
  rfpId: string,
  pick: (read: RfpWorkspaceRead, actor: RfpActor, db: Db) => T | Promise<T>,
): Promise<T & { basis: TabBasis }> {
  const { actor, db, read } = await loadRfpWorkspace(request, context, rfpId);
  const basis: TabBasis = { version: read.view.version, state: read.view.state, mayUpdate: hasPermission(actor.roles, "update:rfp:own") };
  return { ...(await orRespond(Promise.resolve(pick(read, actor, db)))), basis };
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
  view: RfpWorkspaceCore,
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
export function sectionSaver(request: Request, db: Db, view: RfpWorkspaceCore, actor: RfpActor, section: EditableSection) {
  return async (form: string, submission: Parameters<typeof editorRefused>[1], value: unknown, opts: { expectedVersion: number; reason?: string }, what: string) => {
    try {
      const { addendumNumber } = await saveSection(db, view, actor, section, value, opts);
      return editorSaved(request, addendumNumber, what);
    } catch (error) {
      return editorRefused(form, submission, error);
    }
  };
}
