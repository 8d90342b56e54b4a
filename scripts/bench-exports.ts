// Award pack benchmark (issue #14's figures), medians of BENCH_RUNS (default 5) runs each, for a
// generated round of 200 vendors × 3 bundles × 30 criteria (price, 9 number, 5 choice, 15
// judged) × 5 evaluators, 6 SLAs a bundle:
//   - the award workbook (goal < 2 s), the PDF award report (goal < 2 s), the OCDS release
//     package (goal < 0.5 s), each built from the pack's plain data on this thread;
//   - the floor: a bare exceljs write of as many cells as the award workbook holds (plain
//     numbers, one sheet, the same streaming writer), and the ratio workbook ÷ floor (goal ≤ 2×).
//     After one untimed build of each (it also counts the workbook's cells), the two are timed
//     alternately, run by run, so that a change in the machine's load between runs falls on
//     both alike; beside the wall-clock medians, the process's CPU time (all its threads: zlib
//     deflates off the main thread) per file, which load from other processes disturbs less;
//   - the workbook once more through the worker thread the server uses for large packs;
//   - peak memory (the process's maximum resident set) and the file sizes.
// No database: the pack's data is built from the engine's evaluation of the generated round
// with a hand-made opening register, panel and declarations, as the service would assemble it.
//
//   npm run bench:exports            (BENCH_RUNS=5)
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { buildAwardPackData, type AwardPackData } from "../app/domain/award/pack";
import { describePriceFormula, evaluateRound, parseRoundInput } from "../app/domain/evaluation";
import { formatMoney } from "../app/domain/evaluation/format";
import { buildAwardWorkbook } from "../app/exports/award-workbook.server";
import { buildAwardReport } from "../app/exports/award-report.server";
import { renderPackFile } from "../app/exports/award-pack-files.server";
import { ocdsJson } from "../app/exports/ocds-release.server";
import { projectionTools } from "../app/services/evaluation/results-projection.server";
import { buildRound } from "./generated-round";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZE = { vendors: 200, numberCriteria: 9, choiceCriteria: 5, judged: 15, evaluators: 5 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** Times `a` and `b` alternately, RUNS times each: wall-clock and process CPU time (ms) of every run. */
async function timePair(a: () => Promise<unknown>, b: () => Promise<unknown>) {
  const wall: [number[], number[]] = [[], []];
  const cpu: [number[], number[]] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    for (const [k, work] of [a, b].entries()) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await work();
      wall[k]!.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu[k]!.push((used.user + used.system) / 1000);
    }
  }
  return { wall: wall.map(median) as [number, number], cpu: cpu.map(median) as [number, number] };
}

async function timeRuns<T>(work: () => Promise<T> | T): Promise<{ median: number; result: T }> {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = await work();
    times.push(performance.now() - start);
  }
  return { median: median(times), result };
}

function packOf(): AwardPackData {
  const parsed = parseRoundInput(buildRound("bench-exports", SIZE));
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  const input = parsed.data;
  const evaluation = evaluateRound(input);
  const at = new Date().toISOString();
  return buildAwardPackData(
    {
      generatedAt: new Date(),
      rfp: { id: "bench-exports", reference: "BENCH-EXPORTS", title: input.title, buyerName: "Benchmark City", currency: input.currency, minorUnitsPerMajor: input.minorUnitsPerMajor, summary: "", publishedAt: at, bidsCloseAt: at, slots: input.bundleSlots, issues: input.issues.map((i) => ({ id: i.id, name: i.name, kind: i.kind, unit: i.kind === "number" ? i.unit : null })), isPublic: false },
      snapshot: { id: "bench-snapshot", round: 1, createdAt: at, createdByName: "Bench", inputHash: "0".repeat(64), engineVersion: "pareto-engine 2.0", scoresLocked: true },
      input,
      evaluation,
      priceFormulaDescription: describePriceFormula(input.settings.priceFormula, input.currency, input.minorUnitsPerMajor),
      tools: projectionTools(input),
      opening: { round: 1, openedAt: at, openedBy: "Opener", startedAt: at, startedBy: "Starter", registerHash: "1".repeat(64), rows: input.vendors.map((v) => ({ vendorOrganisationId: v.id, vendorName: v.name, status: "counted", versionNumber: 1, receivedAt: at, storedHash: "2".repeat(64), recomputedHash: "2".repeat(64), withdrawnAt: null, lateAttempts: 0, decision: null })) },
      panel: input.evaluators.map((e) => ({ id: e.id, name: e.name, criteria: null })),
      declarations: input.evaluators.flatMap((e) => input.vendors.map((v) => ({ evaluatorName: e.name, vendorName: v.name, hasConflict: false, note: "", changeReason: null, declaredAt: at }))),
    },
    (m) => formatMoney(m, input.currency, input.minorUnitsPerMajor),
  );
}

/** How many cells the award workbook holds (read back once, not timed). */
async function cellCount(bytes: Uint8Array): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  let cells = 0;
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell(() => cells++)));
  return cells;
}

/** The floor: a bare exceljs write of `cells` plain numbers (one sheet, 30 columns), with the same streaming writer as the award workbook. */
async function bareWrite(cells: number): Promise<number> {
  const out = new PassThrough();
  let bytes = 0;
  out.on("data", (c: Buffer) => (bytes += c.byteLength));
  const done = new Promise((resolve) => out.on("end", resolve));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet("Cells");
  const columns = 30;
  for (let r = 0; r * columns < cells; r++) sheet.addRow(Array.from({ length: Math.min(columns, cells - r * columns) }, (_, c) => r * columns + c)).commit();
  sheet.commit();
  await workbook.commit();
  await done;
  return bytes;
}

const [pack, packMs] = await (async () => {
  const start = performance.now();
  const p = packOf();
  return [p, performance.now() - start] as const;
})();
console.log(`Award pack benchmark: ${SIZE.vendors} vendors × 3 bundles (${pack.bundles.length}) × ${pack.criteria.length} criteria × ${SIZE.evaluators} evaluators (${pack.bundles.reduce((n, b) => n + b.judged.reduce((m, j) => m + j.scores.length, 0), 0)} scores); medians of ${RUNS} runs on Node ${process.version}`);
console.log(`  pack data (engine evaluation + projection), once: ${ms(packMs)}`);

const workbookBytes = await buildAwardWorkbook(pack);
const cells = await cellCount(workbookBytes);
await bareWrite(cells);
const pair = await timePair(
  () => buildAwardWorkbook(pack),
  () => bareWrite(cells),
);
const workbook = { median: pair.wall[0], result: workbookBytes };
const floor = { median: pair.wall[1] };
const report = await timeRuns(() => buildAwardReport(pack));
const ocds = await timeRuns(() => ocdsJson(pack));
const offThread = await timeRuns(() => renderPackFile("workbook", pack, { offThread: true }));
const peakMb = process.resourceUsage().maxRSS / 1024;

console.log(`  award workbook:         ${ms(workbook.median)}  (goal < 2000 ms; ${kb(workbook.result.byteLength)}, ${cells.toLocaleString("en-GB")} cells)`);
console.log(`  bare exceljs write:     ${ms(floor.median)}  (the same ${cells.toLocaleString("en-GB")} cells as plain numbers)`);
console.log(`  workbook ÷ bare write:  ${(workbook.median / floor.median).toFixed(2)}×  (goal ≤ 2×; runs alternated)`);
console.log(`  CPU time per file:      workbook ${ms(pair.cpu[0])}, bare write ${ms(pair.cpu[1])}, ratio ${(pair.cpu[0] / pair.cpu[1]).toFixed(2)}×  (all threads of the process)`);
console.log(`  PDF award report:       ${ms(report.median)}  (goal < 2000 ms; ${kb(report.result.byteLength)})`);
console.log(`  OCDS release package:   ${ms(ocds.median)}  (goal < 500 ms; ${kb(Buffer.byteLength(ocds.result))})`);
console.log(`  workbook in a worker:   ${ms(offThread.median)}  (what the server does for large packs: worker start + render + transfer)`);
console.log(`  peak memory (max RSS):  ${peakMb.toFixed(0)} MB`);
