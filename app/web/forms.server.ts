// Turns a domain error into a form reply: field messages by the field, status by code.
import { json } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { DomainError, httpStatusOf } from "../domain/errors";

interface Replyable {
  reply(options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] }): SubmissionResult<string[]>;
}

/** Re-throws anything that is not a DomainError: those are our faults, not the user's. */
export function replyWithDomainError(submission: Replyable, error: unknown, hideFields: string[] = []) {
  if (!(error instanceof DomainError)) throw error;
  const hasFieldErrors = Object.keys(error.fieldErrors).length > 0;
  return json(
    submission.reply({ formErrors: hasFieldErrors ? [] : [error.message], fieldErrors: error.fieldErrors, hideFields }),
    { status: httpStatusOf[error.code] },
  );
}
