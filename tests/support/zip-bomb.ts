// Hostile .xlsx files for tests and bench:hostile (issue #10, item 1): a ZIP written by hand
// whose sheet XML inflates to hundreds of megabytes. Cheap to build: one 16 MB run of bytes is
// deflated once (sync flush, so the blocks end byte-aligned and are not final) and its output
// repeated; a final empty block closes the stream. 1.5 GB packs into about 1.5 MB.
import zlib from "node:zlib";

interface Entry {
  name: string;
  /** Raw-deflated bytes. */
  data: Buffer;
  /** What the headers declare. */
  size: number;
}

const CHUNK = 16 * 1024 * 1024;

/** A raw-deflate stream of `bytes` bytes of spaces. */
function deflatedRun(bytes: number): Buffer {
  const chunks = Math.max(1, Math.round(bytes / CHUNK));
  const one = zlib.deflateRawSync(Buffer.alloc(CHUNK, 0x20), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const end = zlib.deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([...Array.from({ length: chunks }, () => one), end]);
}

function deflated(text: string): Entry {
  const raw = Buffer.from(text);
  return { name: "", data: zlib.deflateRawSync(raw), size: raw.length };
}

/** A ZIP archive of deflated entries (CRCs left 0: a hostile file lies anyway). */
export function buildZip(entries: Entry[]): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    central.push(dir, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/**
 * An .xlsx-shaped zip bomb: the sheet XML is `unpackedMb` megabytes of spaces. With `lie`, the
 * headers declare 100 KB for it, so only inflating it tells the truth.
 */
export function zipBomb(o: { unpackedMb: number; lie?: boolean }): Uint8Array {
  const sheet = deflatedRun(o.unpackedMb * 1024 * 1024);
  const part = (name: string, text: string) => ({ ...deflated(text), name });
  return buildZip([
    part("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    part("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    part("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Bundles" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    part("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    { name: "xl/worksheets/sheet1.xml", data: sheet, size: o.lie ? 100 * 1024 : Math.min(o.unpackedMb * 1024 * 1024, 0xfffffffe) },
  ]);
}

/** An archive of many tiny entries. */
export function manyEntries(count: number): Uint8Array {
  return buildZip(Array.from({ length: count }, (_, i) => ({ ...deflated("x"), name: `xl/media/image${i}.png` })));
}
