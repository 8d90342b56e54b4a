// The movement between BAFO rounds in words (the results' "Movement per vendor" table), apart from
// round.ts so the page's bundle carries these few lines, not the round's form schemas.
import { formatPoints, formatSignedHundredths } from "../evaluation/format";
import type { RoundStanding, VendorMovement } from "./round";

/** 1 → "1st", 2 → "2nd", 11 → "11th", 22 → "22nd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** A round's cell: "75.13 (Balanced), 5th of 5", or "… not ranked" when every bundle failed a gate. */
export function standingWords(s: RoundStanding): string {
  return `${formatPoints(s.total)} (${s.slotName}), ${s.place === null ? "not ranked (failed a gate)" : `${ordinal(s.place)} of ${s.of}`}`;
}

/**
 * The movement cell: the change of the shown totals, then the places among the vendors of both
 * rounds, named as such, so "5th of 5 → 2nd of 2" beside it cannot read as a contradiction
 * ("+0.28 points; same place among the 2 vendors in both rounds: 2nd both times").
 */
export function movementWords(m: Pick<VendorMovement, "before" | "after" | "changeHundredths" | "placesGained" | "shared">): string {
  if (!m.after) return "not in this round";
  if (!m.before) return "new in this round";
  const points = `${formatSignedHundredths(m.changeHundredths ?? 0)} points`;
  if (!m.shared || m.placesGained === null) return points;
  const among = `among the ${m.shared.count} vendors in both rounds`;
  const { before, after } = m.shared;
  const gained = m.placesGained;
  const places = (n: number) => `${n} ${n === 1 ? "place" : "places"}`;
  if (m.shared.count === 1) return `${points}; the only vendor placed in both rounds`;
  if (gained === 0) return `${points}; same place ${among}: ${ordinal(after)} both times`;
  return `${points}; ${gained > 0 ? `up ${places(gained)}` : `down ${places(-gained)}`} ${among}: ${ordinal(before)} → ${ordinal(after)}`;
}
