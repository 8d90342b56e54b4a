import { describe, expect, it } from "vitest";
import { parseRoundInput } from "../evaluation/schema";
import { miniRoundRaw } from "../evaluation/test-round";
import { weightTotal } from "./criteria";

const total = (...weights: number[]) => weightTotal(weights.map((weight) => ({ weight })));
/** Whether the engine's round schema accepts the mini round with these four weights. */
const engineAccepts = (weights: number[]) => {
  const raw = miniRoundRaw();
  raw.criteria.forEach((c, i) => (c.weight = weights[i]!));
  return parseRoundInput(raw).ok;
};

describe("weightTotal", () => {
  it("adds the weights as the decimals typed", () => {
    expect(total(33.3, 33.3, 33.4)).toBe(100);
    expect(total(0.1, 0.2, 99.7)).toBe(100);
    expect(total(99.9999999996, 0.0000000001)).toBe(99.9999999997);
    expect(total(100.0000000004)).toBe(100.0000000004);
  });

  it("never reads a total that is not exactly 100 as 100", () => {
    // exact sums 100 − 10^−16 and 100 + 10^−16: nearest double 100, shown as the double next to it
    expect(total(99.9999999999999, 0.0000000000000999)).toBeLessThan(100);
    expect(total(99.9999999999999, 0.0000000000001001)).toBeGreaterThan(100);
  });

  it("agrees with the engine's round schema on what adds up to 100", () => {
    for (const weights of [[50, 20, 10, 20], [33.3, 16.7, 30, 20], [49.9999999996, 0.0000000001, 30, 20], [50.0000000004, 20, 10, 20], [49.9999999999999, 0.0000000000000999, 30, 20]]) {
      expect(engineAccepts(weights), weights.join(" + ")).toBe(total(...weights) === 100);
    }
  });
});
