// The award pack's files from its plain data, and how they leave the server (issue #14, item 5):
// each file on its own, or all of them as one .zip streamed while it is written. Large packs
// are rendered in a worker thread (award-pack.worker.js), at most PACK_CONCURRENCY at once, so
// a 600-bundle workbook never holds the request thread other users are waiting on.
import { createHash } from "node:crypto";
import { PassThrough, type Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import archiver from "archiver";
import type { AwardPackData } from "../domain/award/pack";
import type { Debrief } from "../domain/award/types";
import { buildAwardReport } from "./award-report.server";
import { buildAwardWorkbook } from "./award-workbook.server";
import { buildDebriefPdf } from "./debrief-pdf.server";
import { ocdsJson } from "./ocds-release.server";
import { fileNamePart } from "./pack-text";
import { IMPORT_CONCURRENCY, Slots } from "./workbook-common.server";
import { AWARD_PACK_WORKER, WorkerFailure, workerFailureLine } from "./workers.server";

export type RenderKind = "workbook" | "report" | "debrief";

/** Bundles × criteria from which a file is rendered off the request thread (the demo's 15 × 6 stays inline). */
export const OFF_THREAD_CELLS = 1_500;
export const PACK_CONCURRENCY = IMPORT_CONCURRENCY;
const RENDER_WAIT_MS = 30_000;
const RENDER_TIMEOUT_MS = 120_000;
export const PACK_BUSY = "Pareto is writing other award packs right now. Try again in a minute.";

export const MEDIA_TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
  json: "application/json; charset=utf-8",
  zip: "application/zip",
} as const;

export function packFileNames(pack: Pick<AwardPackData, "rfp">) {
  const ref = fileNamePart(pack.rfp.reference || pack.rfp.id);
  return {
    workbook: `${ref}-award-workbook.xlsx`,
    report: `${ref}-award-report.pdf`,
    ocds: `${ref}-ocds-release-package.json`,
    zip: `${ref}-award-pack.zip`,
  };
}

export function debriefFileName(d: Pick<Debrief, "rfpReference" | "vendorName" | "vendorOrganisationId">): string {
  return `${fileNamePart(d.rfpReference)}-debrief-${fileNamePart(d.vendorName)}-${d.vendorOrganisationId.slice(0, 8)}.pdf`;
}

/** Renders one file on this thread. */
export async function renderInline(kind: RenderKind, data: AwardPackData | Debrief): Promise<Uint8Array> {
  switch (kind) {
    case "workbook":
      return buildAwardWorkbook(data as AwardPackData);
    case "report":
      return buildAwardReport(data as AwardPackData);
    case "debrief":
      return buildDebriefPdf(data as Debrief);
  }
}

const slots = new Slots(PACK_CONCURRENCY);

export class PackBusyError extends Error {}

/**
 * Renders in a worker. Every failure is the server's (the pack is the portal's own data, not a
 * user's file): a WorkerFailure naming the worker and the cause, which the route lets become a
 * 500 that handleError logs with it.
 */
function renderInWorker(kind: RenderKind, data: AwardPackData | Debrief, file: URL = AWARD_PACK_WORKER): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(file, { workerData: { kind, data }, stdout: false, stderr: false });
    } catch (error) {
      reject(new WorkerFailure(`Rendering the ${kind}: ${workerFailureLine(file, error)}`));
      return;
    }
    let settled = false;
    const settle = (error: unknown, bytes?: Uint8Array) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (error !== null) reject(new WorkerFailure(`Rendering the ${kind}: ${workerFailureLine(file, error)}`));
      else resolve(bytes!);
    };
    const timer = setTimeout(() => settle(new Error(`it took longer than ${RENDER_TIMEOUT_MS} ms`)), RENDER_TIMEOUT_MS);
    worker.once("message", (reply: { ok: true; bytes: Uint8Array } | { ok: false; error: string }) => (reply.ok ? settle(null, reply.bytes) : settle(reply.error)));
    worker.once("error", (e) => settle(e));
    worker.once("exit", (code) => settle(new Error(`the worker stopped (exit code ${code}) without an answer`)));
  });
}

/** Renders one file: inline when small, else in a worker (waiting for a free slot; PackBusyError when none comes). */
export async function renderPackFile(kind: RenderKind, data: AwardPackData | Debrief, options: { offThread?: boolean; worker?: URL } = {}): Promise<Uint8Array> {
  const size = "bundles" in data ? data.bundles.length * Math.max(1, data.criteria.length) : 0;
  if (!(options.offThread ?? size >= OFF_THREAD_CELLS)) return renderInline(kind, data);
  const release = await slots.acquire(RENDER_WAIT_MS);
  if (!release) throw new PackBusyError(PACK_BUSY);
  try {
    return await renderInWorker(kind, data, options.worker);
  } finally {
    release();
  }
}

export const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

/** What the zip's MANIFEST.txt says: the snapshot, then each file with its SHA-256. */
function manifest(pack: AwardPackData, files: { name: string; hash: string; bytes: number }[]): string {
  return [
    `Award pack of ${pack.rfp.reference} — ${pack.rfp.title}`,
    `Buyer: ${pack.rfp.buyerName}`,
    `Evaluation snapshot: ${pack.snapshot.id} (round ${pack.snapshot.round}, ${pack.snapshot.engineVersion})`,
    `Snapshot input SHA-256: ${pack.snapshot.inputHash}`,
    `Generated: ${pack.generatedAt}`,
    "",
    "Files (SHA-256, bytes, name):",
    ...files.map((f) => `${f.hash}  ${f.bytes}  ${f.name}`),
    "",
  ].join("\n");
}

/**
 * The whole pack as one .zip, streamed: the archive's bytes flow out as each file is rendered
 * and appended (OCDS first, then the workbook, the report and each losing bidder's debrief).
 */
export function streamPackZip(pack: AwardPackData, options: { offThread?: boolean } = {}): Readable {
  const names = packFileNames(pack);
  const out = new PassThrough();
  const archive = archiver("zip", { zlib: { level: 6 } });
  archive.on("error", (e) => out.destroy(e));
  archive.pipe(out);
  const listed: { name: string; hash: string; bytes: number }[] = [];
  const add = (name: string, bytes: Uint8Array | string) => {
    const buffer = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    listed.push({ name, hash: sha256(buffer), bytes: buffer.byteLength });
    archive.append(buffer, { name, date: new Date(pack.generatedAt) });
  };
  void (async () => {
    try {
      add(names.ocds, ocdsJson(pack));
      add(names.workbook, await renderPackFile("workbook", pack, options));
      add(names.report, await renderPackFile("report", pack, options));
      for (const d of pack.debriefs ?? []) add(`debriefs/${debriefFileName(d)}`, await renderPackFile("debrief", d));
      archive.append(manifest(pack, listed), { name: "MANIFEST.txt", date: new Date(pack.generatedAt) });
      await archive.finalize();
    } catch (error) {
      // The response has started: the download breaks off, and only this log says why.
      console.error(error);
      archive.abort();
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return out;
}
