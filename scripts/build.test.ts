// The workers ship with the build (decision 017, "Worker threads"): scripts/build.js bundles
// them so they run from a folder holding only them and node_modules, as build/ does in a deploy
// of build/, public/, server.js and the packages, without app/ or tsx.
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileRound, packFrom } from "../tests/support/award-pack";
import { definitionFromTemplate } from "../app/domain/rfp/templates";
import { renderPackFile } from "../app/exports/award-pack-files.server";
import { SHEETS } from "../app/exports/award-workbook.server";
import { buildBidWorkbook } from "../app/exports/bid-workbook.server";
import { WORKER_HEAP_MB, WORKER_TIMEOUT_MS, loadWorkbook } from "../app/exports/workbook-common.server";
import { buildWorkers, WORKERS } from "./build.js";

const root = path.resolve(import.meta.dirname, "..");
const out = mkdtempSync(path.join(os.tmpdir(), "pareto-build-"));

beforeAll(async () => {
  symlinkSync(path.join(root, "node_modules"), path.join(out, "node_modules"), "dir");
  await buildWorkers(out);
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("npm run build's workers", () => {
  it("writes each worker the server loads, and nothing of the sources beside them", () => {
    expect(WORKERS).toEqual(["workbook.worker.js", "award-pack.worker.js"]);
    expect(readdirSync(out).sort()).toEqual(["award-pack.worker.js", "node_modules", "workbook.worker.js"]);
    expect(existsSync(path.join(out, "award-pack-files.server.ts"))).toBe(false);
  });

  it("reads a vendor's downloaded template with the built upload worker", async () => {
    const definition = definitionFromTemplate("field-services");
    const bytes = await buildBidWorkbook(definition, null, { rfpId: "rfp-1", rfpTitle: "Field technicians", reference: "RIV-1", vendorName: "Acme" });
    const worker = pathToFileURL(path.join(out, "workbook.worker.js"));
    const read = await loadWorkbook(bytes, { maxBytes: 2 * 1024 * 1024, tooLarge: "too large" }, { heapMb: WORKER_HEAP_MB, timeoutMs: WORKER_TIMEOUT_MS }, worker);
    expect(read.ok && read.workbook.getWorksheet("Bundles")?.getCell(1, 1).value).toBeTruthy();
  });

  it("renders an award pack workbook with the built award pack worker, its builders bundled in", async () => {
    const pack = packFrom(hostileRound(), { withAward: true });
    const bytes = await renderPackFile("workbook", pack, { offThread: true, worker: pathToFileURL(path.join(out, "award-pack.worker.js")) });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    expect((workbook.getWorksheet(SHEETS.ranking)!.getRow(2).getCell(6).value as ExcelJS.CellFormulaValue).result).toBe(pack.bundles[0]!.total);
  }, 60_000);
});
