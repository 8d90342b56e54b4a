// What the web edge accepts from a request body or query string. Anything it cannot read
// is the client's fault and answers 400 with words, never a 500:
// - a body that is not a form (JSON, text/plain, broken multipart) is refused;
// - every field name and text value of every form post passes the one text rule
//   (no NUL or other control characters, no lone surrogates: see domain/text.ts), so no
//   route, schema or service ever sees such text (PostgreSQL refuses 0x00);
// - numbers in query strings are parsed with bounds.
import { textProblem } from "../domain/text";

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

export const UNREADABLE_FORM = "This form could not be read. Reload the page and send it again from the portal.";

function refuse(status: number, message: string): Response {
  return new Response(message, { status, statusText: status === 415 ? "Unsupported Media Type" : "Bad Request", headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** True when the request says it carries a form (urlencoded or multipart). */
export function isFormPost(request: Request): boolean {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  return FORM_TYPES.includes(type);
}

/** The field names and texts that break the text rule, as one message, or null. */
export function formTextProblem(formData: FormData): string | null {
  for (const [name, value] of formData) {
    const problem = textProblem(name) ?? (typeof value === "string" ? textProblem(value) : textProblem(value.name));
    if (problem) return `${problem} (field "${printable(name)}")`;
  }
  return null;
}

function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]|[\ud800-\udfff]/g, "?").slice(0, 80);
}

/**
 * `request.formData()` for actions: throws a 400 Response (the error boundary shows its
 * message) instead of letting a wrong content type, broken multipart or forbidden
 * characters end in a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  if (!isFormPost(request)) throw refuse(400, UNREADABLE_FORM);
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw refuse(400, UNREADABLE_FORM);
  }
  const problem = formTextProblem(formData);
  if (problem) throw refuse(400, problem);
  return formData;
}

/**
 * An integer query parameter within [min, max]: undefined when absent or empty, a thrown
 * 400 when it is not a whole number in range (e.g. 99999999999999999999, 1e309, -1).
 */
export function intParam(searchParams: URLSearchParams, name: string, { min, max }: { min: number; max: number }): number | undefined {
  const raw = searchParams.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  const value = /^\s*-?\d{1,16}\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw refuse(400, `The query parameter "${printable(name)}" must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/**
 * The notice a redirect names in its query (`?done=proposed`), or null. Looked up among the
 * table's own keys only: `?done=__proto__` or `?done=constructor` name no notice, where a plain
 * `table[key]` handed the page a built-in object to render (a 500).
 */
export function noticeParam<K extends string>(request: Request, notices: Readonly<Record<K, string>>, name = "done"): string | null {
  const key = new URL(request.url).searchParams.get(name);
  return key !== null && Object.hasOwn(notices, key) ? notices[key as K] : null;
}

/** The request's query parameters, refused with 400 if any name or value breaks the text rule. */
export function readQuery(request: Request): URLSearchParams {
  const params = new URL(request.url).searchParams;
  for (const [name, value] of params) {
    const problem = textProblem(name) ?? textProblem(value);
    if (problem) throw refuse(400, `${problem} (query parameter "${printable(name)}")`);
  }
  return params;
}
