// The pack leaves the server as files or one streamed .zip (read back with JSZip, which exceljs
// itself uses): every file, each debrief, a manifest with each file's SHA-256; a large file
// renders in a worker thread to the same bytes' content as inline.
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { hostileRound, packFrom } from "../../tests/support/award-pack";
import { SHEETS } from "./award-workbook.server";
import { debriefFileName, packFileNames, renderPackFile, sha256, streamPackZip } from "./award-pack-files.server";

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe("award pack files", () => {
  const pack = packFrom(hostileRound(), { withAward: true });

  it("streams one zip with the workbook, the report, the OCDS package, every losing bidder's debrief and a manifest", async () => {
    const zip = await JSZip.loadAsync(await collect(streamPackZip(pack)));
    const names = packFileNames(pack);
    const files = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort();
    const debriefs = pack.debriefs!.map((d) => `debriefs/${debriefFileName(d)}`);
    expect(files).toEqual([names.ocds, names.report, names.workbook, "MANIFEST.txt", ...debriefs].sort());
    const manifest = await zip.file("MANIFEST.txt")!.async("string");
    expect(manifest).toContain(pack.snapshot.inputHash);
    for (const name of files.filter((f) => f !== "MANIFEST.txt")) {
      const bytes = await zip.file(name)!.async("uint8array");
      expect(manifest).toContain(`${sha256(bytes)}  ${bytes.byteLength}  ${name}`);
    }
    const ocds = JSON.parse(await zip.file(names.ocds)!.async("string"));
    expect(ocds.releases[0].awards[0].suppliers[0].name).toBe(pack.award!.vendorName);
  });

  it("renders a workbook in a worker thread with the same figures as on the request thread", async () => {
    const bytes = await renderPackFile("workbook", pack, { offThread: true });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ranking = workbook.getWorksheet(SHEETS.ranking)!;
    expect((ranking.getRow(2).getCell(6).value as ExcelJS.CellFormulaValue).result).toBe(pack.bundles[0]!.total);
    const pdf = await renderPackFile("report", pack, { offThread: true });
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
  }, 60_000);
});
