/** The CLI end to end, through a real child process (slow-ish: three invocations only). */
/* eslint-disable no-restricted-imports -- a test of the Node CLI must spawn it; the engine itself stays pure */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function run(...args: string[]) {
  return spawnSync("npx", ["tsx", "scripts/evaluate.ts", ...args], { encoding: "utf8", timeout: 60_000 });
}

describe("scripts/evaluate.ts", () => {
  it("prints the field-services ranking as a table", () => {
    const r = run("tests/fixtures/field-services-round.json");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/RANKING[\s\S]*\n1\s+greenway\/reliability\s/);
    expect(r.stdout).toContain("civicare/cost: Rollout within 16 weeks");
    expect(r.stdout).toContain("SENSITIVITY");
    expect(r.stdout).toContain("If we accept Contract term 48 months");
  });

  it("prints JSON with --json", () => {
    const r = run("tests/fixtures/saas-round.json", "--json");
    expect(r.status).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.ranking[0]).toMatchObject({ rank: 1, vendorId: "orbit", slotId: "C" });
    expect(e.sensitivity.robustness).toBe("fragile");
  });

  it("lists every problem by path and exits 1 on invalid input", () => {
    const raw = JSON.parse(readFileSync("tests/fixtures/saas-round.json", "utf8"));
    raw.criteria[0].weight = 41;
    raw.evaluatorScores[0].score = 12;
    delete raw.vendors[1].bundles[0].values.rolloutWeeks;
    const file = join(mkdtempSync(join(tmpdir(), "pareto-eval-")), "bad.json");
    writeFileSync(file, JSON.stringify(raw));
    const r = run(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("criteria: criterion weights sum to 101, not 100");
    expect(r.stderr).toContain("evaluatorScores.0.score:");
    expect(r.stderr).toContain("vendors.1.bundles.0.values.rolloutWeeks: missing a value");
  });
});
