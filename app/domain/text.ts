// What a text typed into Pareto may contain. PostgreSQL refuses the NUL character (0x00)
// in text and jsonb, and a lone UTF-16 surrogate cannot be stored or shown as UTF-8; other
// control characters (except tab, line feed and carriage return) have no place in a text.
// One rule for every text (decision 001, "Text in forms"):
// - the web edge never refuses a form for it: `normaliseText` turns every field of every form
//   post into text that keeps the rule (app/web/input.server.ts), so what was typed (or
//   pasted from a PDF, with its form feeds) is never lost and no NUL reaches PostgreSQL;
// - `textProblem` and `safeText` refuse such text where it comes from elsewhere (CLI, imports).
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

/** Characters that stand for a line break: vertical tab, form feed (a page break), NEL, line separator. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAK = /[\u000b\u000c\u0085\u2028]/g;
const PARAGRAPH_SEPARATOR = /\u2029/g;
/** What can never be meant in a text: NUL and the other C0 controls but \t \n \r, DEL, the C1 controls but NEL, lone surrogates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEVER_TEXT = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Any character either of the above may change (a surrogate pair too): text without one is returned as it is. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const MAY_CHANGE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/;

/**
 * `value` as text that keeps the text rule, with nothing the user meant taken away: vertical
 * tab, form feed, NEL and the line separator become a line feed, the paragraph separator two;
 * tab, CR and LF (so CRLF) stay; the other C0 and C1 controls, DEL and lone surrogates, which
 * no one can mean in a text, are removed. `textProblem` of the result is always null.
 */
export function normaliseText(value: string): string {
  if (!MAY_CHANGE.test(value)) return value;
  return value.replace(LINE_BREAK, "\n").replace(PARAGRAPH_SEPARATOR, "\n\n").replace(NEVER_TEXT, "");
}
