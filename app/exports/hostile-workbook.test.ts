// Hostile uploads (issue #10, item 1): a zip bomb, an archive that lies about its sizes and
// one with thousands of parts are refused with words, quickly, without the memory they ask for.
import { describe, expect, it } from "vitest";
import { buildZip, manyEntries, zipBomb } from "../../tests/support/zip-bomb";
import { definitionFromTemplate } from "../domain/rfp/templates";
import { readBidWorkbook } from "./bid-workbook-import.server";
import { buildBidWorkbook } from "./bid-workbook.server";
import { readScoreSheet } from "./score-sheet-import.server";
import zlib from "node:zlib";
import { MAX_UNPACKED_BYTES, NOT_XLSX, TOO_COMPLEX, UNPACKS_TOO_LARGE, inspectZip, loadWorkbook } from "./workbook-common.server";

const definition = definitionFromTemplate("field-services");
const RFP_ID = "rfp-riverton";
const expected = { rfpId: RFP_ID, criteria: [], slots: [], bidders: [] };

describe("hostile workbooks", () => {
  it("refuses a 1.5 GB zip bomb from its directory, before inflating a byte", async () => {
    const bomb = zipBomb({ unpackedMb: 1536 });
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    expect(inspectZip(bomb)).toEqual({ ok: false, status: 413, message: UNPACKS_TOO_LARGE });
    const started = performance.now();
    const result = await readBidWorkbook(bomb, definition, RFP_ID);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result).toEqual({ ok: false, status: 413, problems: [{ sheet: "", row: 0, column: "", cell: "", message: UNPACKS_TOO_LARGE }] });
    expect(await readScoreSheet(bomb, expected)).toMatchObject({ ok: false, status: 413 });
  });

  it("refuses a bomb whose headers lie about its size, in the worker, with bounded memory", async () => {
    const bomb = zipBomb({ unpackedMb: 512, lie: true });
    expect(inspectZip(bomb).ok).toBe(true);
    const before = process.memoryUsage().rss;
    const started = performance.now();
    // Three at once, as the attack did: two run, one waits for a slot.
    const results = await Promise.all([1, 2, 3].map(() => readBidWorkbook(bomb, definition, RFP_ID)));
    expect(performance.now() - started).toBeLessThan(10_000);
    for (const result of results) expect(result).toMatchObject({ ok: false, status: 413, problems: [{ message: UNPACKS_TOO_LARGE }] });
    // The worker inflates at most MAX_UNPACKED_BYTES per part before it gives up.
    expect(process.memoryUsage().rss - before).toBeLessThan(4 * MAX_UNPACKED_BYTES + 200 * 1024 * 1024);
  });

  it("refuses an archive of thousands of parts, and a broken directory", async () => {
    expect(await readBidWorkbook(manyEntries(5000), definition, RFP_ID)).toMatchObject({ ok: false, status: 413, problems: [{ message: UNPACKS_TOO_LARGE }] });
    const broken = buildZip([]).slice(0, 10);
    broken.set([0x50, 0x4b, 0x03, 0x04]);
    expect(await readBidWorkbook(broken, definition, RFP_ID)).toMatchObject({ ok: false, status: 400, problems: [{ message: NOT_XLSX }] });
  });

  it("parses within a hard heap and time budget: a workbook that needs more ends only its worker", async () => {
    // About 3 MB of dense sheet XML (100,000 cells) that passes every check of the archive.
    const part = (name: string, text: string) => {
      const raw = Buffer.from(text);
      return { name, data: zlib.deflateRawSync(raw), size: raw.length };
    };
    const rows = Array.from({ length: 5_000 }, (_, r) => `<row r="${r + 1}">${Array.from({ length: 20 }, (_, c) => `<c r="${String.fromCharCode(65 + c)}${r + 1}"><v>${c}</v></c>`).join("")}</row>`);
    const dense = buildZip([
      part("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
      part("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
      part("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Bundles" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      part("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
      part("xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join("")}</sheetData></worksheet>`),
    ]);
    const limit = { maxBytes: 2 * 1024 * 1024, tooLarge: "too large" };
    expect(inspectZip(dense).ok).toBe(true);
    // With a 24 MB heap the worker runs out of memory; the test process carries on.
    expect(await loadWorkbook(dense, limit, { heapMb: 24, timeoutMs: 20_000 })).toEqual({ ok: false, status: 413, problems: [{ sheet: "", row: 0, column: "", cell: "", message: TOO_COMPLEX }] });
    // With 10 ms it runs out of time.
    expect(await loadWorkbook(dense, limit, { heapMb: 256, timeoutMs: 10 })).toMatchObject({ ok: false, status: 413, problems: [{ message: TOO_COMPLEX }] });
    // With the real budget it is read: 100,000 cells, as plain data.
    const read = await loadWorkbook(dense, limit);
    expect(read.ok && read.workbook.getWorksheet("Bundles")?.getCell(5_000, 20).value).toBe(19);
  }, 60_000);

  it("still reads a real template, through the worker", async () => {
    const bytes = await buildBidWorkbook(definition, null, { rfpId: RFP_ID, rfpTitle: "Field technicians", reference: "RIV-1", vendorName: "Acme" });
    const zip = inspectZip(bytes);
    expect(zip.ok && zip.unpackedBytes).toBeLessThan(MAX_UNPACKED_BYTES / 10);
    const result = await readBidWorkbook(bytes, definition, RFP_ID);
    // An empty template: the problems are about missing values, not about the file.
    if (!result.ok) expect(result.status ?? 400).toBe(400);
  });
});
