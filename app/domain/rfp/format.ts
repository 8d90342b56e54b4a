// Deterministic formatting for messages, diffs and notifications: UTC, so two servers (and
// the audit trail) write the same text for the same instant.

/** 2026-12-31T12:00:00Z → "31 Dec 2026 12:00 UTC". */
export function formatInstant(at: Date): string {
  const date = at.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const time = at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" });
  return `${date} ${time} UTC`;
}
