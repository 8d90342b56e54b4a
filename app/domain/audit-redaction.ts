// What an audit row may show to someone who is not allowed to read the buyer's confidential
// position (reservation price, BATNA, notes): admins of any kind, operators, evaluators.
// New rows never store those figures (they store a SHA-256 and what changed); rows written
// before that still hold them, so every view passes rows through here.

/** Keys that carry the confidential position wherever they appear in an event's data. */
export const CONFIDENTIAL_KEYS = ["reservationPriceMinor", "batna", "notes"] as const;
export const WITHHELD = "[confidential]";

const confidentialKeys = new Set<string>(CONFIDENTIAL_KEYS);

/** A copy of the event data with every confidential field replaced by a marker. */
export function redactAuditData(action: string, data: unknown): unknown {
  if (action === "rfp.confidential-saved" && data && typeof data === "object" && !Array.isArray(data)) {
    const { before, after, ...rest } = data as Record<string, unknown>;
    // Rows from before the hashing: say which fields changed, never their values.
    if (before !== undefined || after !== undefined) {
      return redactDeep({ ...rest, changed: changedFields(before, after), before: WITHHELD, after: WITHHELD });
    }
  }
  return redactDeep(data);
}

function redactDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, confidentialKeys.has(k) && v !== null ? WITHHELD : redactDeep(v)]));
}

/** The confidential fields whose values differ between two positions (compared as canonical JSON by the caller, or structurally here). */
export function changedFields(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  return CONFIDENTIAL_KEYS.filter((k) => stable(b[k]) !== stable(a[k]));
}

function stable(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
}
