// Pages whose plain forms carry an `intent` (one action, several forms): the posted values are
// parsed with one zod schema; a refusal comes back as JSON with its status, the intent, the
// message by field and what was typed, so the form shows it where it was sent from.
import { json } from "@remix-run/node";
import type { z } from "zod";
import { DomainError, httpStatusOf, invalidInput } from "../domain/errors";
import { readFormData } from "./input.server";

export interface IntentReply {
  intent: string;
  message: string;
  fieldErrors: Record<string, string[]>;
  values: Record<string, string>;
}

/** The refusal of a DomainError as the page's action data; anything else is our fault and is rethrown. */
export function intentRefusal(intent: string, error: unknown, values: Record<string, string>) {
  if (!(error instanceof DomainError)) throw error;
  return json<IntentReply>({ intent, message: error.message, fieldErrors: error.fieldErrors, values }, { status: httpStatusOf[error.code] });
}

/** The posted form parsed with `schema`, or the 400 reply (with the typed values) to return when it does not parse. */
export async function readIntentForm<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ ok: true; data: z.infer<S>; intent: string; values: Record<string, string> } | { ok: false; reply: ReturnType<typeof intentRefusal> }> {
  const values = Object.fromEntries([...(await readFormData(request)).entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""]));
  const intent = values.intent ?? "";
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { ok: false, reply: intentRefusal(intent, invalidInput(parsed.error.issues), values) };
  return { ok: true, data: parsed.data, intent, values };
}
