import { describe, expect, it } from "vitest";
import { safeRedirect, signInSchema } from "./accounts";

describe("account forms", () => {
  it("normalises the email and requires a password", () => {
    expect(signInSchema.parse({ email: "  Dana@City.Example ", password: "x" }).email).toBe("dana@city.example");
    const result = signInSchema.safeParse({ email: "dana@city.example", password: "" });
    expect(result.error?.issues.map((i) => i.message)).toEqual(["Enter your password"]);
  });

  it("only redirects to paths on this site after sign-in", () => {
    expect(safeRedirect("/admin/users")).toBe("/admin/users");
    expect(safeRedirect("//evil.example/x")).toBe("/dashboard");
    expect(safeRedirect("https://evil.example")).toBe("/dashboard");
    expect(safeRedirect("/\\evil.example")).toBe("/dashboard");
    expect(safeRedirect(null)).toBe("/dashboard");
  });
});
