// The worker threads fail as the server's fault when it is the server's (decision 017, "Worker
// threads"): a missing worker script, a module it cannot load, a crash or a silent exit is a 500
// with words and a log line, never the 413/400 that blames the user's file; a missing script
// stops the server at start-up instead of at the first upload.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { packFrom, hostileRound } from "../../tests/support/award-pack";
import { definitionFromTemplate } from "../domain/rfp/templates";
import { StartupError, startup } from "../runtime.server";
import { renderPackFile } from "./award-pack-files.server";
import { buildBidWorkbook } from "./bid-workbook.server";
import { WORKER_HEAP_MB, WORKER_TIMEOUT_MS, loadWorkbook } from "./workbook-common.server";
import { WORKER_FAILED, WORKER_FILES, WorkerFailure, missingWorkerFiles } from "./workers.server";

const dir = mkdtempSync(path.join(os.tmpdir(), "pareto-workers-"));
const missing = pathToFileURL(path.join(dir, "no-such.worker.js"));
function workerScript(name: string, source: string): URL {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return pathToFileURL(file);
}
const limit = { maxBytes: 2 * 1024 * 1024, tooLarge: "too large" };
const budget = { heapMb: WORKER_HEAP_MB, timeoutMs: WORKER_TIMEOUT_MS };
const template = () => buildBidWorkbook(definitionFromTemplate("field-services"), null, { rfpId: "rfp-1", rfpTitle: "Field technicians", reference: "RIV-1", vendorName: "Acme" });
const serverFault = { ok: false, status: 500, problems: [{ sheet: "", row: 0, column: "", cell: "", message: WORKER_FAILED }] };

afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the upload worker failing for the server's reason", () => {
  it("is a 500 that says so when the worker script is missing, and the log names the script", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    // A vendor's own template, unchanged: before, this read "too large or complex" (413).
    expect(await loadWorkbook(await template(), limit, budget, missing)).toEqual(serverFault);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toContain(`Worker ${path.join(dir, "no-such.worker.js")} failed: MODULE_NOT_FOUND`);
  });

  it("is a 500 when the worker throws, stops without an answer, or cannot load exceljs", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const throws = workerScript("throws.worker.mjs", 'throw new Error("a bug in the worker");\n');
    const exits = workerScript("exits.worker.mjs", "process.exit(3);\n");
    const noExceljs = workerScript("no-exceljs.worker.mjs", 'import { parentPort } from "node:worker_threads";\nparentPort.postMessage({ ok: false, reason: "failed", error: "Error: Cannot find package \'exceljs\'" });\n');
    const bytes = await template();
    expect(await loadWorkbook(bytes, limit, budget, throws)).toEqual(serverFault);
    expect(await loadWorkbook(bytes, limit, budget, exits)).toEqual(serverFault);
    expect(await loadWorkbook(bytes, limit, budget, noExceljs)).toEqual(serverFault);
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines[0]).toContain("a bug in the worker");
    expect(lines[1]).toContain("the worker stopped (exit code 3) without an answer");
    expect(lines[2]).toContain("Cannot find package 'exceljs'");
  });

  it("still reads the template with the real worker", async () => {
    const read = await loadWorkbook(await template(), limit);
    expect(read.ok).toBe(true);
  });
});

describe("the award pack worker failing", () => {
  it("rejects with a WorkerFailure naming the missing script (a 500, logged by handleError)", async () => {
    const pack = packFrom(hostileRound(), { withAward: true });
    const render = renderPackFile("workbook", pack, { offThread: true, worker: missing });
    await expect(render).rejects.toBeInstanceOf(WorkerFailure);
    await expect(render).rejects.toThrow(`Rendering the workbook: Worker ${path.join(dir, "no-such.worker.js")} failed: MODULE_NOT_FOUND`);
  });
});

describe("start-up", () => {
  it("finds both worker scripts of the source tree", () => {
    expect(WORKER_FILES.map((u) => path.basename(u.pathname))).toEqual(["workbook.worker.js", "award-pack.worker.js"]);
    expect(missingWorkerFiles()).toEqual([]);
  });

  it("refuses to start, naming the file, when a worker script is missing", async () => {
    const start = startup(() => undefined, [WORKER_FILES[0]!, missing]);
    await expect(start).rejects.toBeInstanceOf(StartupError);
    await expect(start).rejects.toThrow(`Cannot start: the worker script ${path.join(dir, "no-such.worker.js")} is missing. \`npm run build\` writes them beside build/index.js: deploy the whole build/ folder.`);
  });
});
