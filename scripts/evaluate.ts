/**
 * npm run evaluate -- FILE.json [--json]
 *
 * Validates one RFP round and prints the ranking, gate failures, clause findings, sensitivity
 * and BAFO suggestions as tables (or the whole evaluation as JSON). Exit codes: 0 evaluated,
 * 1 invalid input (each problem printed with its path, the first 100 and a count), 2 usage,
 * unreadable file or not JSON. A UTF-8 byte-order mark is accepted.
 */
import { readFileSync } from "node:fs";
import { evaluateRound, type RoundEvaluation } from "../app/domain/evaluation";
import { parseRoundJson } from "../app/domain/evaluation/json-input";

/** A file with thousands of problems (every score out of range) must not flood the terminal. */
const MAX_PROBLEMS_PRINTED = 100;
import { formatMoney } from "../app/domain/evaluation/format";

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function render(e: RoundEvaluation): string {
  const money = (m: number) => formatMoney(m, e.currency, e.minorUnitsPerMajor);
  const name = (vendorId: string, slotId: string) => `${vendorId}/${slotId}`;
  const out: string[] = [];
  out.push(`Evaluation of ${e.rfpId}`, "", e.tieBreakDescription, "");

  out.push("RANKING");
  out.push(
    table(
      ["#", "bundle", "total", "evaluated price", "beats BATNA", "over reservation", "clause errors"],
      e.ranking.map((r) => [String(r.rank), name(r.vendorId, r.slotId), r.total.toFixed(2), money(r.evaluatedPriceMinor), r.beatsBatna ? "yes" : "NO", r.exceedsReservation ? "YES" : "no", String(r.clauseErrors)]),
    ),
  );
  out.push(`BATNA "${e.batna.label}": ${e.batna.total.toFixed(2)} points at ${money(e.batna.evaluatedPriceMinor)}; reservation price ${money(e.reservationPriceMinor)}.`);
  out.push(`Best bundle per vendor: ${e.bestPerVendor.map((b) => `${name(b.vendorId, b.slotId)} (#${b.rank})`).join(", ") || "none"}`, "");

  out.push("GATE FAILURES (not ranked)");
  out.push(e.gateFailures.length === 0 ? "none" : e.gateFailures.flatMap((g) => g.failures.map((f) => `- ${name(g.vendorId, g.slotId)}: ${f.gateName}: ${f.reason}`)).join("\n"), "");

  out.push("CLAUSE FINDINGS");
  const findings = e.bundles.filter((b) => b.clauseFindings.length > 0);
  out.push(
    findings.length === 0
      ? "none"
      : findings.flatMap((b) => b.clauseFindings.map((f) => `- ${name(b.vendorId, b.slotId)} [${f.severity}] ${f.code}${f.clauseId ? ` (${f.clauseId})` : ""}: ${f.message}`)).join("\n"),
  );
  if (e.spreadFlags.length > 0) {
    out.push("", "EVALUATOR SPREAD (discuss before relying on the consensus)");
    out.push(e.spreadFlags.map((s) => `- ${name(s.vendorId, s.slotId)} ${s.criterionId}: spread ${s.spread}`).join("\n"));
  }
  out.push("");

  out.push("SENSITIVITY");
  const s = e.sensitivity;
  if (!s) out.push("fewer than two ranked bundles");
  else {
    out.push(`Leader ${name(s.leader.vendorId, s.leader.slotId)} (${s.leader.total.toFixed(2)}) vs runner-up ${name(s.runnerUp.vendorId, s.runnerUp.slotId)} (${s.runnerUp.total.toFixed(2)}): margin ${s.margin.toFixed(2)} points; ${s.robustness.toUpperCase()}.`);
    out.push(
      table(
        ["criterion", "weight", "swap at weight", "change"],
        s.swaps.map((w) => [w.criterionId, w.currentWeight.toFixed(2), w.swapWeight === null ? "no change within 0–100" : w.swapWeight.toFixed(2), w.delta === null ? "" : `${w.delta >= 0 ? "+" : ""}${w.delta.toFixed(2)}`]),
      ),
    );
  }
  out.push(e.rankReversal.summary, "");

  out.push("MESO INSIGHT AND BAFO SUGGESTIONS");
  for (const v of e.meso) {
    out.push(`${v.vendorId}:`);
    for (const d of v.dominated) out.push(`  bundle ${d.slotId} is dominated by bundle ${d.dominatedBySlotId}`);
    for (const t of v.tradeOffs) out.push(`  trade-off [${t.method}] ${t.explanation}`);
    for (const p of v.suggestions) {
      const be = p.breakEven.kind === "price" ? money(p.breakEven.priceMinor) : p.breakEven.kind === "any-price" ? "any price" : "cannot beat the competitor";
      out.push(`  suggestion: ${p.ask}`);
      out.push(
        `    score ${p.baseTotal.toFixed(2)} → ${p.total.toFixed(2)} (+${p.gain.toFixed(2)}); break-even ${be}; ` +
          `vendor's revealed price ${p.revealedPriceMinor === null ? "unknown" : `${money(p.revealedPriceMinor)} (${p.revealedPriceMethod} estimate)`}; ` +
          `zone of agreement: ${p.zoneOfAgreement}`,
      );
    }
    if (v.dominated.length + v.tradeOffs.length + v.suggestions.length === 0) out.push("  nothing to report");
  }
  if (e.remedySimulations.length > 0) {
    out.push("", "REMEDY SIMULATION");
    for (const r of e.remedySimulations) {
      const total = r.simulation ? money(r.simulation.totalCreditsMinor) : `not simulated: ${r.error}`;
      out.push(`- ${name(r.vendorId, r.slotId)}: service credits ${total} over ${r.simulation?.periods.length ?? 0} periods (fee ${money(r.periodFeeMinor)}/period)`);
    }
  }
  return out.join("\n");
}

function main(argv: string[]): number {
  const json = argv.includes("--json");
  const file = argv.find((a) => !a.startsWith("--"));
  if (!file) {
    process.stderr.write("usage: npm run evaluate -- FILE.json [--json]\n");
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    process.stderr.write(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const parsed = parseRoundJson(text); // accepts a byte-order mark; names 1e999 and its path
  if (!parsed.ok) {
    if (parsed.syntaxError) {
      process.stderr.write(`cannot read ${file}: ${parsed.problems[0]?.message ?? "not valid JSON"}\n`);
      return 2;
    }
    const shown = parsed.problems.slice(0, MAX_PROBLEMS_PRINTED);
    process.stderr.write(`${file}: ${parsed.problems.length} problem(s)\n`);
    for (const p of shown) process.stderr.write(`  ${p.path}: ${p.message}\n`);
    if (parsed.problems.length > shown.length) process.stderr.write(`  … and ${parsed.problems.length - shown.length} more problem(s) not shown (the first ${MAX_PROBLEMS_PRINTED} are listed)\n`);
    return 1;
  }
  const evaluation = evaluateRound(parsed.data);
  process.stdout.write(json ? `${JSON.stringify(evaluation, null, 2)}\n` : `${render(evaluation)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
