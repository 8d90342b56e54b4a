// Replies of the RFP editor's actions: a saved change redirects (so a reload never posts
// twice); a refused one answers with the form's messages and the status of the error.
import { json, redirect } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { DomainError, httpStatusOf } from "../domain/errors";

interface Replyable {
  reply(options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }): SubmissionResult<string[]>;
}

export function editorInvalid(form: string, submission: Replyable) {
  return json({ form, result: submission.reply() }, { status: 400 });
}

export function editorRefused(form: string, submission: Replyable, error: unknown) {
  if (!(error instanceof DomainError)) throw error;
  const { form: formMessages, ...fieldErrors } = error.fieldErrors;
  return json(
    { form, result: submission.reply({ formErrors: formMessages ?? (Object.keys(fieldErrors).length ? [] : [error.message]), fieldErrors }) },
    { status: httpStatusOf[error.code] },
  );
}

export function editorSaved(request: Request, addendumNumber: number | null, what: string) {
  return editorDone(request, addendumNumber ? `${what} saved as addendum ${addendumNumber}; vendors have been notified.` : `${what} saved.`);
}

/** Back to the page (without the row that was being edited) with a notice. */
export function editorDone(request: Request, notice: string) {
  const url = new URL(request.url);
  url.searchParams.delete("edit");
  url.searchParams.set("saved", notice);
  return redirect(url.pathname + url.search);
}
