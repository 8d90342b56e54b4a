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

  it("accepts a byte-order mark, names 1e999 with its path, reports unknown keys and prints at most 100 problems", () => {
    const raw = JSON.parse(readFileSync("tests/fixtures/saas-round.json", "utf8"));
    raw.gatess = [];
    for (const s of raw.evaluatorScores) s.score = 12; // one problem per score
    for (let i = 0; i < 120; i++) raw[`extra${i}`] = i; // and one per unknown key: far more than 100
    const fee = raw.vendors[0].bundles[0].values.annualFee;
    const text = JSON.stringify(raw).replace(`"annualFee":${fee}`, '"annualFee":1e999');
    const file = join(mkdtempSync(join(tmpdir(), "pareto-eval-")), "bom.json");
    writeFileSync(file, `\uFEFF${text}`);
    const r = run(file);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    const count = Number(/: (\d+) problem\(s\)/.exec(lines[0]!)![1]);
    expect(count).toBeGreaterThan(100);
    expect(lines.length).toBe(1 + 100 + 1);
    expect(lines[lines.length - 1]).toContain(`and ${count - 100} more problem(s)`);
    expect(r.stderr).toContain("vendors.0.bundles.0.values.annualFee: 1e999 is too large to be a number");
    expect(r.stderr).toContain('gatess: unknown key "gatess"');
  });
});
