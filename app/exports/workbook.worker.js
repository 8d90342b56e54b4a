// Parses one uploaded .xlsx off the request thread (issue #10, item 1). Started by
// workbook-common.server.ts with a hard heap limit and a timeout, so a hostile workbook can
// only kill this worker, never the server. Plain JavaScript on purpose: the Remix build bundles
// app code into build/index.js, and a Worker needs a file of its own that runs as it is;
// `npm run build` (scripts/build.js) writes it beside build/index.js.
//
// In:  workerData = { bytes: Uint8Array, maxEntryBytes: number }
// Out: { ok: true, sheets: [{ name, cells: [[row, column, value(, numFmt when it holds "%")], …] }] }
//      | { ok: false, reason: "not-xlsx" | "too-large" }   the file's doing (a 400 or 413)
//      | { ok: false, reason: "failed", error: string }     the server's (a 500): exceljs could not be
//                                                          loaded, or converting what it read threw
// Values are what exceljs gives, reduced to structured-clone-safe plain data.
import { parentPort, workerData } from "node:worker_threads";
import zlib from "node:zlib";

const { bytes, maxEntryBytes } = workerData;
const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * The sizes the central directory declares were checked before this worker started; here every
 * deflated entry is really inflated with a ceiling, so an archive that lies about its sizes is
 * refused before exceljs (which believes nothing and inflates everything) sees it.
 */
function actualSizesWithinLimits() {
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return "not-xlsx";
  const count = data.readUInt16LE(eocd + 10);
  let at = data.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) return "not-xlsx";
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const declared = data.readUInt32LE(at + 24);
    const local = data.readUInt32LE(at + 42);
    at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
    if (local + 30 > data.length || data.readUInt32LE(local) !== 0x04034b50) return "not-xlsx";
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    if (start + compressed > data.length) return "not-xlsx";
    if (method === 0) continue;
    if (method !== 8) return "not-xlsx";
    try {
      // One byte of slack over the declared size: more than declared means the archive lies.
      zlib.inflateRawSync(data.subarray(start, start + compressed), { maxOutputLength: Math.min(declared, maxEntryBytes) + 1 });
    } catch (error) {
      return error instanceof RangeError || error?.code === "ERR_BUFFER_TOO_LARGE" ? "too-large" : "not-xlsx";
    }
  }
  return null;
}

/** exceljs cell values → plain data the reader on the main thread understands (see `plain`). */
function cloneable(value) {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object" || value instanceof Date) return value;
  if ("richText" in value) return { richText: (value.richText ?? []).map((r) => ({ text: String(r?.text ?? "") })) };
  if ("error" in value) return { error: String(value.error) };
  if ("formula" in value || "sharedFormula" in value) {
    const result = value.result;
    return result === undefined ? { formula: "" } : { formula: "", result: cloneable(result) };
  }
  if ("text" in value) return { text: String(value.text) };
  return null;
}

async function main() {
  let problem;
  try {
    problem = actualSizesWithinLimits();
  } catch {
    // A read past the end of the bytes: the archive's offsets are wrong.
    problem = "not-xlsx";
  }
  if (problem) return { ok: false, reason: problem };
  // Loaded only for an archive that passed: refusing a bomb costs no module load. If it cannot
  // be loaded, main() rejects: the server's fault, not the file's.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data);
  } catch {
    return { ok: false, reason: "not-xlsx" };
  }
  const sheets = [];
  workbook.eachSheet((sheet) => {
    const cells = [];
    sheet.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const value = cloneable(cell.value);
        // The number format only where it changes the reading: a "%" cell holds 0.05 for 5 %.
        const numFmt = typeof cell.numFmt === "string" && cell.numFmt.includes("%") ? cell.numFmt : null;
        if (value !== null) cells.push(numFmt ? [r, c, value, numFmt] : [r, c, value]);
      });
    });
    sheets.push({ name: sheet.name, cells });
  });
  return { ok: true, sheets };
}

main().then(
  (result) => parentPort.postMessage(result),
  (error) => parentPort.postMessage({ ok: false, reason: "failed", error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
