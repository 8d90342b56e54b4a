import { describe, expect, it } from "vitest";
import { formatSignedHundredths, shownHundredths } from "../evaluation/format";
import { movementWords, ordinal, standingWords } from "./movement-words";
import { vendorMovement, type BestBundle } from "./round";

const best = (vendorId: string, vendorName: string, rank: number | null, total: number, slotName = "Balanced"): BestBundle => ({ vendorId, vendorName, slotId: "b", slotName, rank, total });
const row = (moves: ReturnType<typeof vendorMovement>, name: string) => {
  const m = moves.find((x) => x.vendorName === name)!;
  return [m.before ? standingWords(m.before) : "—", m.after ? standingWords(m.after) : "—", movementWords(m)];
};

describe("the movement between rounds in words", () => {
  it("writes places as 'Nth of M' per round and the movement among the vendors of both rounds, so they cannot contradict", () => {
    // The demo's RIV-2026-017: Northfield last of five in round 1, second of the two shortlisted in round 2.
    const moves = vendorMovement(
      [best("c", "Civic Crew", 1, 84), best("g", "Greenway", 2, 82), best("m", "Metro", 3, 79), best("a", "Atlas", 4, 78), best("n", "Northfield", 5, 75.1251, "Reliability-optimised")],
      [best("c", "Civic Crew", 1, 84.79), best("n", "Northfield", 2, 75.4143)],
    );
    expect(row(moves, "Northfield")).toEqual([
      "75.13 (Reliability-optimised), 5th of 5",
      "75.41 (Balanced), 2nd of 2",
      "+0.28 points; same place among the 2 vendors in both rounds: 2nd both times",
    ]);
    expect(row(moves, "Greenway")).toEqual(["82.00 (Balanced), 2nd of 5", "—", "not in this round"]);
  });

  it("says up or down with the places before and after, and the points change as the difference of the shown figures", () => {
    const moves = vendorMovement(
      [best("n", "Northfield", 1, 80), best("c", "Civic Crew", 2, 78.004), best("a", "Atlas", 3, 70)],
      [best("c", "Civic Crew", 1, 83.5), best("n", "Northfield", 2, 79.995), best("a", "Atlas", 3, 69), best("z", "Zeta", null, 40)],
    );
    expect(movementWords(moves.find((m) => m.vendorName === "Civic Crew")!)).toBe("+5.50 points; up 1 place among the 3 vendors in both rounds: 2nd → 1st");
    // 80.00 → 80.00 (79.995 shows 80.00, as toFixed rounds it): no change, whatever the unrounded totals.
    expect(movementWords(moves.find((m) => m.vendorName === "Northfield")!)).toBe("±0.00 points; down 1 place among the 3 vendors in both rounds: 1st → 2nd");
    expect(row(moves, "Zeta")).toEqual(["—", "40.00 (Balanced), not ranked (failed a gate)", "new in this round"]);
  });

  it("leaves out places when the vendor was not placed in both rounds, and names a lone vendor as such", () => {
    const gated = vendorMovement([best("n", "N", null, 50)], [best("n", "N", 1, 60)]);
    expect(movementWords(gated[0]!)).toBe("+10.00 points");
    const alone = vendorMovement([best("n", "N", 3, 50), best("a", "A", 1, 70)], [best("n", "N", 1, 60.5)]);
    expect(movementWords(alone[1]!)).toBe("+10.50 points; the only vendor placed in both rounds");
  });

  it("writes ordinals and signed hundredths exactly", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual(["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th"]);
    expect([28, -5, 0, 1234, -100].map(formatSignedHundredths)).toEqual(["+0.28", "−0.05", "±0.00", "+12.34", "−1.00"]);
    // The hundredths are those formatPoints shows, with no binary noise: 0.1 + 0.2 shows 0.30.
    expect([75.125, 0.1 + 0.2, 100, -0.004, -2.5].map(shownHundredths)).toEqual([7513, 30, 10000, 0, -250]);
  });
});
