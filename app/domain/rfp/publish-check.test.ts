import { describe, expect, it } from "vitest";
import { checkRfpForPublishing } from "./publish-check";
import type { RfpDefinition } from "./sections";
import { definitionFromTemplate, RFP_TEMPLATE_KEYS } from "./templates";

const now = new Date("2026-12-01T09:00:00Z");
const ready = (): RfpDefinition => {
  const def = definitionFromTemplate("field-services");
  def.basics.reference = "RIV-2026-017";
  def.timeline = { questionsCloseAt: new Date("2026-12-15T12:00:00Z"), bidsCloseAt: new Date("2026-12-31T12:00:00Z"), bidValidityDays: 90 };
  return def;
};
const messages = (def: RfpDefinition, invitationCount = 1) => checkRfpForPublishing(def, { now, invitationCount }).map((p) => `${p.section}: ${p.message}`);

describe("publish check", () => {
  it("passes a complete field-services RFP with an invited vendor", () => {
    expect(messages(ready())).toEqual([]);
  });

  it("leaves only what the buyer alone knows in every template", () => {
    for (const key of RFP_TEMPLATE_KEYS.filter((k) => k !== "blank")) {
      const sections = new Set(checkRfpForPublishing(definitionFromTemplate(key), { now, invitationCount: 0 }).map((p) => p.section));
      expect([...sections].sort(), key).toEqual(["basics", "timeline", "vendors"]);
    }
  });

  it("publishes quality before price only with a criterion evaluators judge", () => {
    const def = ready();
    def.criteria.qualityBeforePrice = true;
    expect(messages(def)).toEqual([]);
    const judged = def.criteria.criteria.filter((c) => c.kind === "judged");
    def.criteria.criteria = def.criteria.criteria.map((c) => (c.kind === "judged" ? { id: c.id, name: c.name, weight: c.weight, kind: "price" as const } : c));
    expect(judged.length).toBeGreaterThan(0);
    expect(checkRfpForPublishing(def, { now, invitationCount: 1 }).filter((p) => p.path === "qualityBeforePrice")).toEqual([
      { section: "criteria", path: "qualityBeforePrice", message: "Quality before price needs at least one criterion that evaluators judge; add one, or score quality and price together" },
    ]);
  });

  it("lists every problem at once, each with its section", () => {
    const def = ready();
    def.basics.title = "";
    def.criteria.criteria[0]!.weight = 25; // 35 → 25: total 90
    def.termSheet[2]!.name = "Rollout"; // "Contract term" now shares a name with "Rollout"
    def.termSheet.push({ id: "tier", name: "Tier", kind: "choice", options: [], required: true, description: "", tradeable: null });
    def.termSheet = def.termSheet.filter((i) => i.id !== "localHiringPct");
    def.timeline.questionsCloseAt = new Date("2027-01-05T00:00:00Z");
    def.sla.slas[0]!.direction = "higher_is_better";
    def.sla.slas[0]!.minimumTarget = 0;
    expect(messages(def, 0)).toEqual([
      "basics: Give the RFP a title",
      "timeline: Questions close after bids close; questions must close before the deadline",
      "term-sheet: Issue names must be unique: 'Rollout' appears twice",
      "term-sheet: A choice needs at least one option: 'Tier' has none",
      "criteria: Weights add up to 90; they must add up to exactly 100",
      "criteria: Criterion 'Local hiring' points at an issue that no longer exists",
      "sla: For a higher-is-better metric the minimum target is the lowest acceptable value, so it must be above 0: 'complaint resolution time' at 0 is always met",
      "vendors: Invite at least one vendor, or make the RFP public",
    ]);
  });

  it("refuses a deadline in the past by the clock it is given", () => {
    const def = ready();
    const problems = checkRfpForPublishing(def, { now: new Date("2027-01-01T00:00:00Z"), invitationCount: 1 });
    expect(problems.find((p) => p.path === "bidsCloseAt")?.message).toBe("Bids close on 31 Dec 2026, 12:00 UTC, which is in the past; choose a later deadline");
  });

  it("accepts weights that add up to 100 only as decimals", () => {
    const def = ready();
    const [price, reliability] = def.criteria.criteria;
    price!.weight = 33.3; // 35 + 25 = 33.3 + 26.7, which floats add up to 60.00000000000001
    reliability!.weight = 26.7;
    expect(messages(def)).toEqual([]);
  });

  it("explains scoring methods that cannot work", () => {
    const def = ready();
    const response = def.criteria.criteria.find((c) => c.id === "response")!;
    if (response.kind === "number") response.best = 30; // lower is better, but full points above the zero-points value
    const judged = def.criteria.criteria.find((c) => c.kind === "judged")!;
    if (judged.kind === "judged") judged.rubric = "";
    def.sla.holdback.releaseCondition = null;
    def.sla.serviceCredit.minimumCapPercent = 2;
    expect(messages(def)).toEqual([
      "criteria: Criterion 'Service reliability plan' is judged by evaluators; write the rubric they score against",
      "criteria: Criterion 'Emergency response time': with lower is better, the full-points value must be below the zero-points value",
      "sla: The cap on service credits (2 %) must be at least the minimum credit (5 %)",
      "sla: A required holdback needs a release condition, e.g. 'complaint SLA met for 3 consecutive months'",
    ]);
  });

  it("needs every issue a criterion, gate or the evaluated price reads to be required", () => {
    const def = ready();
    const optional = (id: string) => {
      const issue = def.termSheet.find((i) => i.id === id)!;
      issue.required = false;
    };
    optional("rolloutWeeks"); // scored by "Rollout speed", checked by "Rollout within 16 weeks"
    optional("monthlyFee"); // part of the evaluated price
    // Read by nothing: may stay optional.
    def.termSheet.push({ ...def.termSheet.find((i) => i.id === "rolloutWeeks")!, id: "warrantyMonths", name: "Warranty", required: false });
    const rollout = def.termSheet.findIndex((i) => i.id === "rolloutWeeks");
    expect(checkRfpForPublishing(def, { now, invitationCount: 1 })).toEqual([
      {
        section: "term-sheet",
        path: `issues.${def.termSheet.findIndex((i) => i.id === "monthlyFee")}.required`,
        message: "'Monthly fee' is optional, but the evaluated price reads it: make it required, so that no bundle can leave it blank (a blank cannot be scored or checked)",
      },
      {
        section: "term-sheet",
        path: `issues.${rollout}.required`,
        message: "'Rollout' is optional, but the criterion 'Rollout speed' and the gate 'Rollout within 16 weeks' read it: make it required, so that no bundle can leave it blank (a blank cannot be scored or checked)",
      },
    ].sort((a, b) => a.path.localeCompare(b.path, "en", { numeric: true })));
  });

  it("needs a gate's SLA among the SLA requirements", () => {
    const def = ready();
    def.sla.slas = def.sla.slas.filter((s) => s.metric !== "complaint resolution time");
    expect(messages(def)).toEqual(["criteria: Gate 'Citizen complaint SLA' requires an SLA on 'complaint resolution time', which is not among the SLA requirements"]);
  });
});
