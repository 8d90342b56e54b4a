// Renders one award-pack file (workbook, report or debrief) off the request thread (issue #14,
// item 5). Started by award-pack-files.server.ts for large packs. Plain JavaScript on purpose
// (like workbook.worker.js): a Worker needs a file of its own that runs as it is.
// In the source tree (tests, tsx scripts) it loads the TypeScript builders next to it through
// tsx, so the worker renders with exactly the code the tests cover. `npm run build`
// (scripts/build.js) bundles this file with those builders into build/award-pack.worker.js and
// sets PARETO_WORKER_BUNDLED, so the build needs neither the sources nor tsx (decision 017).
//
// In:  workerData = { kind: "workbook" | "report" | "debrief", data: AwardPackData | Debrief }
// Out: { ok: true, bytes: Uint8Array } | { ok: false, error: string }
import { parentPort, workerData } from "node:worker_threads";

async function builders() {
  if (globalThis.PARETO_WORKER_BUNDLED === true) return import("./award-pack-files.server.ts");
  const { tsImport } = await import("tsx/esm/api");
  return tsImport("./award-pack-files.server.ts", import.meta.url);
}

async function main() {
  const { renderInline } = await builders();
  return renderInline(workerData.kind, workerData.data);
}

main().then(
  (bytes) => parentPort.postMessage({ ok: true, bytes }, [bytes.buffer]),
  (error) => parentPort.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
