// Renders one award-pack file (workbook, report or debrief) off the request thread (issue #14,
// item 5). Started by award-pack-files.server.ts for large packs. Plain JavaScript on purpose
// (like workbook.worker.js): the Remix build bundles app code into build/index.js, and a Worker
// needs a file of its own; the TypeScript builders next to it are loaded through tsx (a
// dependency of the app), so the worker renders with exactly the code the tests cover.
//
// In:  workerData = { kind: "workbook" | "report" | "debrief", data: AwardPackData | Debrief }
// Out: { ok: true, bytes: Uint8Array } | { ok: false, error: string }
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

async function main() {
  const { renderInline } = await tsImport("./award-pack-files.server.ts", import.meta.url);
  return renderInline(workerData.kind, workerData.data);
}

main().then(
  (bytes) => parentPort.postMessage({ ok: true, bytes }, [bytes.buffer]),
  (error) => parentPort.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
);
