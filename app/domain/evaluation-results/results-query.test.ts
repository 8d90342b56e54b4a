import { describe, expect, it } from "vitest";
import { parseResultsQuery } from "./results-query";

describe("parseResultsQuery", () => {
  it("gives the plain address the same defaults as any query without a known key, as a fresh object", () => {
    const plain = parseResultsQuery(new URLSearchParams());
    expect(plain).toEqual(parseResultsQuery(new URLSearchParams("unknown=1")));
    expect(plain).toEqual({ round: null, snapshot: null, vendor: null, gates: "all", best: false, sort: "rank", dir: null, page: 1, gpage: 1, cols: 1 });
    plain.page = 2;
    expect(parseResultsQuery(new URLSearchParams()).page).toBe(1);
  });
});
