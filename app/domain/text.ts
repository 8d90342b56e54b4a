// What a text typed into Pareto may contain. PostgreSQL refuses the NUL character (0x00)
// in text and jsonb, and a lone UTF-16 surrogate cannot be stored or shown as UTF-8; other
// control characters (except tab, line feed and carriage return) have no place in a form.
// One rule for every text: the web edge applies it to every field of every form post
// (app/web/input.server.ts), and `safeText` gives schemas the same rule.
import { z } from "zod";

/** C0 controls except \t \n \r, and DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const TEXT_CONTROL_MESSAGE = "Text may not contain control characters (such as NUL) or broken Unicode characters: remove them and try again.";

/** Null when `value` is acceptable text; otherwise what is wrong with it, in words. */
export function textProblem(value: string): string | null {
  if (CONTROL.test(value) || LONE_SURROGATE.test(value)) return TEXT_CONTROL_MESSAGE;
  return null;
}

/** A zod string refined with the text rule, for schemas fed from outside the web forms (CLI, imports). */
export function safeText(message = TEXT_CONTROL_MESSAGE) {
  return z.string().refine((value) => textProblem(value) === null, { message });
}
