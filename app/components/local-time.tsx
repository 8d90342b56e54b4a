// A moment shown in the reader's own time zone. The server renders UTC (it cannot know
// the zone); after hydration the browser re-renders in its own zone, naming it.
import { useEffect, useState } from "react";

const FORMAT: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one, and a page shows many times. */
const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Moments already formatted, by zone and instant: formatting one still costs a few microseconds
 * (ICU), and the server renders the same deadlines, events and receipts for every reader in UTC.
 * Bounded; past the bound it starts again.
 */
const formatted = new Map<string, string>();
const MAX_FORMATTED = 10_000;

export function formatInZone(iso: string, timeZone?: string): string {
  const zone = timeZone ?? "UTC";
  const key = `${zone} ${iso}`;
  let text = formatted.get(key);
  if (text === undefined) {
    let formatter = formatters.get(zone);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat("en-GB", { ...FORMAT, timeZone: zone });
      formatters.set(zone, formatter);
    }
    text = `${formatter.format(new Date(iso))} (${zone})`;
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

export function LocalTime({ value, fallback = "not set" }: { value: string | Date | null | undefined; fallback?: string }) {
  const [zone, setZone] = useState<string | undefined>(undefined);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  if (!value) return <span className="muted">{fallback}</span>;
  const iso = typeof value === "string" ? value : value.toISOString();
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {formatInZone(iso, zone)}
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
