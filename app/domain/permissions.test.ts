import { describe, expect, it } from "vitest";
import { hasPermission, permissionsOf } from "./permissions";

describe("permissions", () => {
  it("lets buyers open their bids and vendors submit theirs, never the other way round", () => {
    expect(hasPermission(["buyer"], "open:bids:own")).toBe(true);
    expect(hasPermission(["vendor"], "open:bids:own")).toBe(false);
    expect(hasPermission(["vendor"], "submit:bid:own")).toBe(true);
    expect(hasPermission(["buyer"], "submit:bid:own")).toBe(false);
  });

  it("keeps user management and the audit trail to admins", () => {
    for (const role of ["buyer", "evaluator", "vendor"] as const) {
      expect(hasPermission([role], "manage:user:any")).toBe(false);
      expect(hasPermission([role], "read:audit:any")).toBe(false);
    }
    expect(permissionsOf(["admin"]).has("read:audit:any")).toBe(true);
  });

  it("lets only admins read everyone's notifications", () => {
    for (const role of ["buyer", "evaluator", "vendor"] as const) expect(hasPermission([role], "read:notification:any")).toBe(false);
    expect(hasPermission(["admin"], "read:notification:any")).toBe(true);
  });

  it("keeps the confidential reservation price away from evaluators and vendors", () => {
    expect(hasPermission(["evaluator", "vendor"], "read:confidential:own")).toBe(false);
    expect(hasPermission(["buyer"], "read:confidential:own")).toBe(true);
  });

  it("lets buyers and evaluators read evaluation results, never vendors or admins", () => {
    expect(hasPermission(["buyer"], "read:evaluation:own")).toBe(true);
    expect(hasPermission(["evaluator"], "read:evaluation:own")).toBe(true);
    expect(hasPermission(["vendor"], "read:evaluation:own")).toBe(false);
    expect(hasPermission(["admin"], "read:evaluation:own")).toBe(false);
  });
});
