import { describe, expect, it } from "vitest";
import { hasPermission, permissionsOf } from "./permissions";

describe("permissions", () => {
  it("lets buyers open their bids and vendors submit theirs, never the other way round", () => {
    expect(hasPermission(["buyer"], "open:bids:own")).toBe(true);
    expect(hasPermission(["vendor"], "open:bids:own")).toBe(false);
    expect(hasPermission(["vendor"], "submit:bid:own")).toBe(true);
    expect(hasPermission(["buyer"], "submit:bid:own")).toBe(false);
  });

  it("keeps user management and the audit trail to admins, of their own organisation only", () => {
    for (const role of ["buyer", "evaluator", "vendor", "operator"] as const) {
      expect(hasPermission([role], "manage:user:own")).toBe(false);
      expect(hasPermission([role], "read:audit:own")).toBe(false);
    }
    expect(permissionsOf(["admin"]).has("read:audit:own")).toBe(true);
    // Tenancy: no role acts on every organisation's users, audit trail or mail.
    for (const role of ["buyer", "evaluator", "admin", "vendor", "operator"] as const) {
      for (const p of ["manage:user:any", "read:audit:any", "read:notification:any"] as const) expect(hasPermission([role], p)).toBe(false);
    }
  });

  it("lets only the platform operator manage organisations, and the operator read no RFP, bid or confidential figure", () => {
    for (const role of ["buyer", "evaluator", "admin", "vendor"] as const) expect(hasPermission([role], "manage:organisation:any")).toBe(false);
    expect(hasPermission(["operator"], "manage:organisation:any")).toBe(true);
    const operator = [...permissionsOf(["operator"])];
    expect(operator.filter((p) => /:(rfp|bids|bid|submissions|confidential|evaluation|opening|scores):/.test(p))).toEqual([]);
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
