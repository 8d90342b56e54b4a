// Validation messages as people read them: a schema's path ("issues.2.name",
// "bidValidityDays") is for code; a message may name the row it is about ("Issue 3") but
// never a field's internal name. Every message in the schemas already says which field.
import type { z } from "zod";

/** Collections whose rows a message names, by the key the schemas use. */
const ROW_NOUNS: Readonly<Record<string, string>> = {
  issues: "Issue",
  termSheet: "Issue",
  options: "Option",
  slots: "Bundle slot",
  bundleSlots: "Bundle slot",
  bundles: "Bundle",
  criteria: "Criterion",
  gates: "Gate",
  slas: "SLA",
  clauses: "Clause",
  entries: "Score",
  emails: "Address",
};

/** "Issue 3, option 2" for ["issues", 2, "options", 1, "label"]; "" when no row is involved. */
export function rowsOf(path: readonly PropertyKey[]): string {
  const rows: string[] = [];
  path.forEach((key, i) => {
    if (typeof key !== "number") return;
    const collection = path[i - 1];
    const noun = typeof collection === "string" ? ROW_NOUNS[collection] : undefined;
    rows.push(`${noun ?? "Row"} ${key + 1}`);
  });
  return rows.map((r, i) => (i === 0 ? r : r.charAt(0).toLowerCase() + r.slice(1))).join(", ");
}

/** One problem as a sentence: the row it is about, if any, then the schema's own message. */
export function readableProblem(issue: Pick<z.core.$ZodIssue, "path" | "message">): string {
  const where = rowsOf(issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}
