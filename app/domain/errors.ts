// A typed application error with a code; only the web edge maps codes to HTTP statuses.
export type DomainErrorCode =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited";

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Field-level messages for forms, by field name. */
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

export const httpStatusOf: Record<DomainErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

/** A 400 from a schema's issues: the messages by top-level field ("form" when none), and all of them as the message. */
export function invalidInput(issues: readonly { path: readonly PropertyKey[]; message: string }[]): DomainError {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return new DomainError("invalid", Object.values(fieldErrors).flat().join(" "), fieldErrors);
}
