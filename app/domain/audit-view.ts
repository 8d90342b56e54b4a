// The audit page as people read it: filters from the query string (checked, never trusted),
// and an event's data as rows — what changed from before to after, then the other facts —
// instead of one long line of JSON.
import { z } from "zod";

export const auditFiltersSchema = z.object({
  actor: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().trim().toLowerCase().max(254, "An email address has at most 254 characters").optional()),
  action: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.string().trim().max(80, "An action has at most 80 characters").regex(/^[a-z0-9.-]+$/, "An action looks like rfp.published or rfp. (every RFP action)").optional(),
  ),
  rfp: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid({ message: "Choose an RFP from the list" }).optional()),
});
export type AuditFilters = z.output<typeof auditFiltersSchema>;

const MAX_VALUE = 160;

function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** Leaf values by dotted path ("timeline.bidsCloseAt"); arrays by index. */
function flatten(value: unknown, prefix = "", into = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i + 1), v] as const) : Object.entries(value);
    if (entries.length === 0) into.set(prefix || "(value)", Array.isArray(value) ? "(none)" : "(empty)");
    for (const [key, v] of entries) flatten(v, prefix ? `${prefix}.${key}` : key, into);
    return into;
  }
  into.set(prefix || "(value)", value === null || value === undefined ? "(none)" : show(value));
  return into;
}

export interface AuditDataView {
  /** Only the fields that differ between `before` and `after`. */
  changes: { field: string; before: string; after: string }[];
  /** Everything else the event recorded. */
  facts: { field: string; value: string }[];
}

export function readableAuditData(data: unknown): AuditDataView {
  const record = data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : { value: data };
  const changes: AuditDataView["changes"] = [];
  // Something created (nothing before) is a list of what it holds, not a column of "(none)".
  if ((record.before === null || record.before === undefined) && record.after !== null && record.after !== undefined) {
    const { before: _before, after, ...others } = record;
    const facts = [...flatten({ ...others, ...(typeof after === "object" && !Array.isArray(after) ? after : { after }) })].map(([field, value]) => ({ field, value }));
    return { changes, facts };
  }
  if ("before" in record || "after" in record) {
    const before = flatten(record.before ?? null);
    const after = flatten(record.after ?? null);
    for (const field of new Set([...before.keys(), ...after.keys()])) {
      const b = before.get(field) ?? "(none)";
      const a = after.get(field) ?? "(none)";
      if (b !== a) changes.push({ field, before: b, after: a });
    }
  }
  const rest = Object.fromEntries(Object.entries(record).filter(([key]) => key !== "before" && key !== "after"));
  const facts = [...flatten(rest)].filter(([field]) => field !== "(value)" || Object.keys(rest).length > 0).map(([field, value]) => ({ field, value }));
  return { changes, facts: Object.keys(rest).length ? facts : [] };
}

// ── Presentation: what the page shows for a recorded value. The record is unchanged; only
// its reading is: a moment in the portal's date format (exact in its <time>), an id whose
// name is known as that name (the id in its title), anything else as recorded.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

export type AuditValue = { kind: "text"; text: string } | { kind: "time"; iso: string } | { kind: "name"; name: string; id: string };

export interface PresentedAuditView {
  changes: { field: string; before: AuditValue; after: AuditValue }[];
  facts: { field: string; value: AuditValue }[];
}

/** Whether a recorded value is an id (a UUID) whose name may be looked up. */
export const isAuditId = (value: string): boolean => UUID.test(value);

/** The ids an event's readable rows hold, for looking up their names. */
export function idsInAuditView(view: AuditDataView): string[] {
  const values = [...view.changes.flatMap((c) => [c.before, c.after]), ...view.facts.map((f) => f.value)];
  return [...new Set(values.filter(isAuditId))];
}

export function presentAuditValue(value: string, names: ReadonlyMap<string, string>): AuditValue {
  if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return { kind: "time", iso: value };
  const name = UUID.test(value) ? names.get(value) : undefined;
  return name === undefined ? { kind: "text", text: value } : { kind: "name", name, id: value };
}

const parentOf = (field: string) => field.slice(0, Math.max(0, field.lastIndexOf(".")));

/**
 * The rows as the page shows them. An id recorded beside its own name ("organisation" and
 * "organisationId", "shortlist.1.vendorName" and "shortlist.1.vendorOrganisationId") is one row:
 * the name, with the id in its title, not the name and then the same thing again as an id.
 */
export function presentAuditView(view: AuditDataView, names: ReadonlyMap<string, string>): PresentedAuditView {
  const facts = view.facts.map((f) => ({ field: f.field, value: presentAuditValue(f.value, names) }));
  const folded = new Set<number>();
  facts.forEach((fact, i) => {
    const value = fact.value;
    if (value.kind !== "name") return;
    const sibling = facts.findIndex((other, j) => j !== i && !folded.has(j) && parentOf(other.field) === parentOf(fact.field) && other.value.kind === "text" && other.value.text === value.name);
    if (sibling < 0) return;
    facts[sibling] = { field: facts[sibling]!.field, value };
    folded.add(i);
  });
  return {
    changes: view.changes.map((c) => ({ field: c.field, before: presentAuditValue(c.before, names), after: presentAuditValue(c.after, names) })),
    facts: facts.filter((_, i) => !folded.has(i)),
  };
}
