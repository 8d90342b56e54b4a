/**
 * npm run bench:engine
 *
 * Builds a large synthetic round (500 vendors × 3 bundles, 40 criteria of which 20 judged by
 * 7 evaluators, 12 issues, 6 SLAs per bundle) and reports median and worst times for:
 *   - scoring + ranking (validated input → ranked totals)            goal ≤ 20 ms
 *   - the whole evaluation (clauses, sensitivity, MESO insight, …)   goal ≤ 100 ms
 *   - the scoring pass against a bare typed-array loop of the same
 *     weighted sums                                                   goal ≤ 10×
 *   - peak heap used while evaluating (GC-profiled, see MemoryPeak)   goal ≤ 256 MB
 * Schema validation is timed separately: it runs once per upload, not per evaluation.
 */
import { GCProfiler, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { compileRound } from "../app/domain/evaluation/compile";
import { evaluateRound, parseRoundInput, scoreAndRank } from "../app/domain/evaluation";
import type { PriceContext } from "../app/domain/evaluation/price";
import { scoreColumns, weightedTotals } from "../app/domain/evaluation/scoring";
import { buildRound, EVALUATORS, JUDGED, VENDORS } from "./generated-round";


const MB = 1024 * 1024;

/**
 * Peak memory, measured honestly. Sampling `process.memoryUsage()` between runs misses the
 * real peak: heap use climbs while a run allocates and only falls at a garbage collection,
 * which can happen mid-run. So a V8 GC profiler records the heap in use just before every
 * collection, and the samples after each run cover the stretch since the last one; together
 * they bound the heap used at any instant. RSS (which V8 returns to the OS lazily) is sampled
 * after each run, and the process's lifetime maximum is reported beside it.
 */
class MemoryPeak {
  rss = 0;
  heap = 0;
  private profiler: GCProfiler | null = null;
  sample(): void {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heap = Math.max(this.heap, m.heapUsed);
  }
  start(): void {
    this.profiler = new GCProfiler();
    this.profiler.start();
    this.sample();
  }
  stop(): void {
    this.sample();
    for (const gc of this.profiler?.stop()?.statistics ?? []) this.heap = Math.max(this.heap, gc.beforeGC.heapStatistics.usedHeapSize);
    this.profiler = null;
  }
}
const building = new MemoryPeak();
const evaluating = new MemoryPeak();
let memory = building;
const sampleMemory = () => memory.sample();

function time(runs: number, fn: () => void): { median: number; worst: number } {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    t.push(performance.now() - start);
    sampleMemory();
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(t.length / 2)]!, worst: t[t.length - 1]! };
}

const fmt = (ms: number) => `${ms.toFixed(ms < 1 ? 3 : 1)} ms`;
const verdict = (ok: boolean) => (ok ? "ok" : "OVER GOAL");

// Build and validate inside a function so the raw JSON-like copy can be collected before the
// engine runs: in the portal the evaluation starts from the validated round alone.
function prepare() {
  building.start();
  const raw = buildRound();
  sampleMemory();
  const parseTime = time(3, () => {
    parseRoundInput(raw);
  });
  const parsed = parseRoundInput(raw);
  if (!parsed.ok) {
    console.error(parsed.problems.slice(0, 10));
    process.exit(1);
  }
  building.stop();
  return { input: parsed.data, parseTime };
}
/**
 * A full collection between the phases, so the evaluation starts from the validated round
 * alone, as in the portal. Without it the builder's raw copy (dead, but uncollected) sets V8's
 * next heap limit — about 4 × the heap live at the last collection — and whether the
 * evaluation's peak lands near 180 or 350 MB would depend on when that collection happened.
 */
function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed();
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

const { input, parseTime } = prepare();
collectGarbage();

memory = evaluating;
evaluating.start();
for (let i = 0; i < 3; i++) evaluateRound(input); // warm-up: let the JIT see every path first
const scoring = time(21, () => {
  scoreAndRank(input);
});
const whole = time(11, () => {
  evaluateRound(input);
});
evaluating.stop();

// Scoring pass vs a bare loop over the same typed arrays.
const round = compileRound(input);
const price: PriceContext = { formula: input.settings.priceFormula, lowestPrice: scoreAndRank(input).price.lowestPrice };
const scores = new Float64Array(round.nCriteria * round.nBundles);
const totals = new Float64Array(round.nBundles);
scoreColumns(round.criteria, round.raw, round.nBundles, price, scores);
const bareTotals = new Float64Array(round.nBundles);
const w = Float64Array.from(round.weights);
const bare = () => {
  bareTotals.fill(0);
  const n = round.nBundles;
  for (let c = 0; c < w.length; c++) {
    const wc = w[c]!;
    for (let b = 0; b < n; b++) bareTotals[b] = bareTotals[b]! + wc * scores[c * n + b]!;
  }
};
const pass = () => {
  scoreColumns(round.criteria, round.raw, round.nBundles, price, scores);
  weightedTotals(scores, round.weights, round.nBundles, totals);
};
const REPS = 50;
for (let i = 0; i < 200; i++) {
  bare();
  pass();
}
const bareTime = time(41, () => {
  for (let i = 0; i < REPS; i++) bare();
});
const passTime = time(41, () => {
  for (let i = 0; i < REPS; i++) pass();
});
const ratio = passTime.median / bareTime.median;

const e = evaluateRound(input);
console.log(`Round: ${VENDORS} vendors × 3 bundles, ${round.nCriteria} criteria (${JUDGED} judged × ${EVALUATORS} evaluators), ${round.nIssues} issues, 6 SLAs per bundle; ${input.evaluatorScores.length} evaluator scores.`);
console.log(`Leader ${e.ranking[0]?.vendorId}/${e.ranking[0]?.slotId} at ${e.ranking[0]?.total.toFixed(2)}; ${e.ranking.length} ranked, ${e.meso.reduce((s, m) => s + m.suggestions.length, 0)} BAFO suggestions.`);
console.log("");
console.log(`schema validation (once per upload)   median ${fmt(parseTime.median)}  worst ${fmt(parseTime.worst)}`);
console.log(`scoring + ranking                     median ${fmt(scoring.median)}  worst ${fmt(scoring.worst)}  goal ≤ 20 ms   ${verdict(scoring.median <= 20)}`);
console.log(`whole evaluation                      median ${fmt(whole.median)}  worst ${fmt(whole.worst)}  goal ≤ 100 ms  ${verdict(whole.median <= 100)}`);
console.log(`scoring pass (raw → totals)           median ${fmt(passTime.median / REPS)} per pass`);
console.log(`bare typed-array weighted sums        median ${fmt(bareTime.median / REPS)} per pass`);
console.log(`scoring pass / bare loop              ${ratio.toFixed(1)}×  goal ≤ 10×  ${verdict(ratio <= 10)}`);
const maxRss = (process.resourceUsage().maxRSS * 1024) / MB; // kilobytes
console.log(`peak heap used while evaluating       ${(evaluating.heap / MB).toFixed(0)} MB (incl. garbage not yet collected)  goal ≤ 256 MB  ${verdict(evaluating.heap <= 256 * MB)}`);
console.log(`peak rss while evaluating             ${(evaluating.rss / MB).toFixed(0)} MB sampled after each run; process lifetime max ${maxRss.toFixed(0)} MB`);
console.log(`peak memory building + validating     rss ${(building.rss / MB).toFixed(0)} MB, heap used ${(building.heap / MB).toFixed(0)} MB (the synthetic input, its ${input.evaluatorScores.length} score objects twice: raw and validated)`);
