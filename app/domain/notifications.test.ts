import { describe, expect, it } from "vitest";
import { MAX_DELIVERY_ATTEMPTS, noticeParts, retryDelaySeconds, withAbsoluteLinks } from "./notifications";

describe("notification retries", () => {
  it("doubles the wait from a minute and gives up after the last attempt", () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([60, 120, 240, 480]);
    expect(retryDelaySeconds(MAX_DELIVERY_ATTEMPTS)).toBeNull();
    expect(retryDelaySeconds(MAX_DELIVERY_ATTEMPTS + 1)).toBeNull();
  });
});

describe("links in notices", () => {
  const body = "Open the invitation (sign in or register to accept it): /invitations/Ab-c_9\n\nRead it at /opportunities/1f0e/bid. Ratio 50/50 stays text.";
  it("makes every site path an absolute link with the public address, leaving sentence punctuation and other slashes alone", () => {
    expect(withAbsoluteLinks(body, "https://pareto.example.org/")).toBe(
      "Open the invitation (sign in or register to accept it): https://pareto.example.org/invitations/Ab-c_9\n\nRead it at https://pareto.example.org/opportunities/1f0e/bid. Ratio 50/50 stays text.",
    );
  });
  it("cuts the body into text and links in order, for the mailbox", () => {
    expect(noticeParts("See /rfps/x.", "http://localhost:3000")).toEqual([{ text: "See " }, { href: "http://localhost:3000/rfps/x" }, { text: "." }]);
    expect(noticeParts("/dashboard", "http://h")).toEqual([{ href: "http://h/dashboard" }]);
    expect(noticeParts("no links /etc/passwd", "http://h")).toEqual([{ text: "no links /etc/passwd" }]);
  });
});
