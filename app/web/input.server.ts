// What the web edge accepts from a request body or query string. Anything it cannot read
// is the client's fault and answers 400 with words, never a 500:
// - a body that is not a form (JSON, text/plain, broken multipart) is refused;
// - every field name, text value and file name of every form post is normalised to the one
//   text rule (`normaliseText`, domain/text.ts: a form feed pasted from a PDF becomes a line
//   break, NUL and other controls and lone surrogates are removed), so no route, schema or
//   service ever sees such text (PostgreSQL refuses 0x00) and no form is refused for a
//   character no one can see: what was typed comes back to the form or is saved;
// - numbers in query strings are parsed with bounds.
import { normaliseText } from "../domain/text";

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

/** The form with every field name, text and file name normalised to the text rule (the same form when none changes). */
export function normaliseForm(formData: FormData): FormData {
  const entries = [...formData];
  const kept = (text: string) => normaliseText(text) === text;
  if (entries.every(([name, value]) => kept(name) && kept(typeof value === "string" ? value : value.name))) return formData;
  const normalised = new FormData();
  for (const [name, value] of entries) {
    if (typeof value === "string") normalised.append(normaliseText(name), normaliseText(value));
    else normalised.append(normaliseText(name), value, normaliseText(value.name));
  }
  return normalised;
}

function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]|[\ud800-\udfff]/g, "?").slice(0, 80);
}

/**
 * `request.formData()` for actions, normalised to the text rule (`normaliseForm`): throws a
 * 400 Response (the error boundary shows its message) instead of letting a wrong content
 * type or broken multipart end in a 500. Never refuses a form for the characters in it.
 */
export async function readFormData(request: Request): Promise<FormData> {
  if (!isFormPost(request)) throw refuse(400, UNREADABLE_FORM);
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw refuse(400, UNREADABLE_FORM);
  }
  return normaliseForm(formData);
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
