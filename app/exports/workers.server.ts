// The worker threads' scripts and how their failures are told apart (decision 017, "Worker
// threads"). Each script sits beside the module that starts it: next to this file in the source
// tree (tests, tsx scripts), and beside build/index.js in the build, where `npm run build`
// (scripts/build.js) bundles them. A Worker needs a file of its own; Remix bundles only
// build/index.js, so the build writes the workers itself and server start-up checks they are there.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Parses an uploaded .xlsx (bid template, score sheet) under a heap and time budget. */
export const WORKBOOK_WORKER = new URL("./workbook.worker.js", import.meta.url);
/** Renders a large award pack's workbook, report or debrief off the request thread. */
export const AWARD_PACK_WORKER = new URL("./award-pack.worker.js", import.meta.url);
export const WORKER_FILES: readonly URL[] = [WORKBOOK_WORKER, AWARD_PACK_WORKER];

/** The worker scripts that are not on disk, as paths; empty when all are. */
export function missingWorkerFiles(files: readonly URL[] = WORKER_FILES): string[] {
  return files.filter((file) => !existsSync(file)).map((file) => fileURLToPath(file));
}

/** What a user reads when a worker failed for a reason that is not the file's. */
export const WORKER_FAILED = "The server could not read the file: a fault on our side, not in your file. Try again later.";

/**
 * A worker that could not start or stopped for the server's reason (its script or a module it
 * loads missing, a bug, an exit without an answer): a 5xx, never blamed on the user's file.
 */
export class WorkerFailure extends Error {
  override readonly name = "WorkerFailure";
}

/** Node's code for a worker that reached its `resourceLimits` heap: only that worker ends. */
export function isWorkerOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ERR_WORKER_OUT_OF_MEMORY";
}

/** For the log: the worker, and why it failed (with the stack trace when there is one, as every 5xx is logged). */
export function workerFailureLine(worker: URL, reason: unknown): string {
  const code = (reason as { code?: unknown } | null)?.code;
  const why = reason instanceof Error ? `${typeof code === "string" ? `${code} ` : ""}${reason.stack ?? reason.message}` : String(reason);
  return `Worker ${fileURLToPath(worker)} failed: ${why}`;
}
