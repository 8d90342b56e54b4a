import { describe, expect, it } from "vitest";
import { z } from "zod";
import { timelineSchema } from "./rfp/sections";
import { readableProblem, rowsOf } from "./validation-messages";

describe("validation messages", () => {
  it("never show a field's internal name", () => {
    const parsed = timelineSchema.safeParse({ bidValidityDays: 0 });
    expect(parsed.success).toBe(false);
    const messages = parsed.error!.issues.map(readableProblem);
    expect(messages).toEqual(["Bids stay valid at least 1 day"]);
    expect(messages.join(" ")).not.toMatch(/bidValidityDays/);
  });

  it("name the row a message is about, in words", () => {
    expect(rowsOf(["issues", 2, "options", 0, "label"])).toBe("Issue 3, option 1");
    expect(rowsOf(["criteria", 1, "weight"])).toBe("Criterion 2");
    expect(rowsOf(["somethingElse", 4])).toBe("Row 5");
    const parsed = z.object({ slas: z.array(z.object({ metric: z.string().min(1, "Name the metric") })) }).safeParse({ slas: [{ metric: "ok" }, { metric: "" }] });
    expect(parsed.error!.issues.map(readableProblem)).toEqual(["SLA 2: Name the metric"]);
  });
});
