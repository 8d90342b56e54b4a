// A moment shown in the reader's own time zone. The server renders UTC (it cannot know
// the zone); after hydration the browser re-renders in its own zone, naming it.
import { useEffect, useState } from "react";

/** To the minute, as the portal shows moments; to the second where order within a minute matters (the audit trail). */
const FORMATS = { minute: { dateStyle: "medium", timeStyle: "short" }, second: { dateStyle: "medium", timeStyle: "medium" } } satisfies Record<string, Intl.DateTimeFormatOptions>;
export type TimePrecision = keyof typeof FORMATS;

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one, and a page shows many times. */
const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Moments already formatted, by zone and instant: formatting one still costs a few microseconds
 * (ICU), and the server renders the same deadlines, events and receipts for every reader in UTC.
 * Bounded; past the bound it starts again.
 */
const formatted = new Map<string, string>();
const MAX_FORMATTED = 10_000;

export function formatInZone(iso: string, timeZone?: string, precision: TimePrecision = "minute"): string {
  const zone = timeZone ?? "UTC";
  const key = `${precision} ${zone} ${iso}`;
  let text = formatted.get(key);
  if (text === undefined) {
    let formatter = formatters.get(`${precision} ${zone}`);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat("en-GB", { ...FORMATS[precision], timeZone: zone });
      formatters.set(`${precision} ${zone}`, formatter);
    }
    text = `${formatter.format(new Date(iso))} (${zone})`;
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** `exact`: to the second, the recorded value (milliseconds, UTC) in the element's title too. */
export function LocalTime({ value, fallback = "not set", exact = false }: { value: string | Date | null | undefined; fallback?: string; exact?: boolean }) {
  const [zone, setZone] = useState<string | undefined>(undefined);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  if (!value) return <span className="muted">{fallback}</span>;
  const iso = typeof value === "string" ? value : value.toISOString();
  return (
    <time dateTime={iso} title={exact ? iso : undefined} suppressHydrationWarning>
      {formatInZone(iso, zone, exact ? "second" : "minute")}
    </time>
  );
}

/** The reader's time zone once the page runs in the browser; "UTC" before (and without JavaScript). */
export function useBrowserZone(): string {
  const [zone, setZone] = useState("UTC");
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"), []);
  return zone;
}

/** A round's deadline in words: "bids close …" for round 1, "round N closes …" for a BAFO round. */
export function RoundDeadline({ round, at, passed }: { round: number; at: string | Date | null; passed: boolean }) {
  const what = round > 1 ? `round ${round}` : "bids";
  return (
    <>
      {`${what} ${passed ? "closed" : round > 1 ? "closes" : "close"}`} <LocalTime value={at} />
    </>
  );
}
