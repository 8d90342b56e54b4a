import { describe, expect, it } from "vitest";
import { MAX_DELIVERY_ATTEMPTS, retryDelaySeconds } from "./notifications";

describe("notification retries", () => {
  it("doubles the wait from a minute and gives up after the last attempt", () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([60, 120, 240, 480]);
    expect(retryDelaySeconds(MAX_DELIVERY_ATTEMPTS)).toBeNull();
    expect(retryDelaySeconds(MAX_DELIVERY_ATTEMPTS + 1)).toBeNull();
  });
});
