// What the award pack's PDFs share (the award report, the debriefs): an A4 pdfkit document with
// an embedded DejaVu Sans (full Latin, Greek, Cyrillic, Hebrew and Arabic letters, the euro
// sign), headings, paragraphs, a table that breaks across pages with its header repeated, and
// a footer "page X of Y" with the snapshot hash on every page. Every text goes through
// fileText, so a hostile name prints as the characters it is.
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import { fileText } from "./pack-text";

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
export const FONT = { regular: path.join(FONT_DIR, "DejaVuSans.ttf"), bold: path.join(FONT_DIR, "DejaVuSans-Bold.ttf") };

export const MARGIN = 50;
const FOOTER_GAP = 28;
export const INK = "#1a1a1a";
export const MUTED = "#555555";
export const RULE = "#bfbfbf";

export interface PdfMeta {
  title: string;
  subject: string;
  /** Printed in every page's footer. */
  footer: string;
}

export type Doc = PDFKit.PDFDocument;

export function createPdf(meta: PdfMeta): Doc {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_GAP, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: fileText(meta.title), Subject: fileText(meta.subject), Producer: "Pareto", Creator: "Pareto" },
    autoFirstPage: true,
  });
  doc.registerFont("body", FONT.regular);
  doc.registerFont("bold", FONT.bold);
  doc.font("body").fontSize(10).fillColor(INK);
  return doc;
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` more points fit on this one. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

export function heading(doc: Doc, text: string, level: 1 | 2 = 1): void {
  const size = level === 1 ? 16 : 12;
  ensureSpace(doc, size * 3);
  doc.moveDown(level === 1 ? 0.6 : 0.4);
  doc.font("bold").fontSize(size).fillColor(INK).text(fileText(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
  doc.font("body").fontSize(10);
}

export function paragraph(doc: Doc, text: string, options: { muted?: boolean; size?: number; bold?: boolean } = {}): void {
  doc.font(options.bold ? "bold" : "body").fontSize(options.size ?? 10).fillColor(options.muted ? MUTED : INK);
  doc.text(fileText(text), doc.page.margins.left, doc.y, { width: contentWidth(doc), lineGap: 1.5 });
  doc.moveDown(0.35);
  doc.font("body").fontSize(10).fillColor(INK);
}

/** "Label: value" lines, the label in bold. */
export function facts(doc: Doc, rows: readonly (readonly [string, string])[]): void {
  for (const [label, value] of rows) {
    ensureSpace(doc, 14);
    doc.font("bold").fontSize(10).fillColor(INK).text(`${fileText(label)}: `, doc.page.margins.left, doc.y, { continued: true, width: contentWidth(doc) });
    doc.font("body").text(fileText(value));
  }
  doc.moveDown(0.4);
}

export interface TableColumn {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: "left" | "right";
}

const CELL_PAD = 3;

/**
 * A table that breaks cleanly across pages: a row never splits, and the header row is drawn
 * again at the top of every page the table continues on.
 */
export function table(doc: Doc, columns: readonly TableColumn[], rows: Iterable<readonly string[]>, options: { fontSize?: number } = {}): void {
  const size = options.fontSize ?? 8.5;
  const left = doc.page.margins.left;
  const total = contentWidth(doc);
  const share = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / share) * total);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const measure = (cells: readonly string[], font: "body" | "bold") => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 2 * CELL_PAD }))) + 2 * CELL_PAD;
  };
  const headers = columns.map((c) => fileText(c.header));
  const headerHeight = measure(headers, "bold");
  const drawRow = (cells: readonly string[], height: number, font: "body" | "bold", fill: string | null) => {
    const y = doc.y;
    if (fill) doc.rect(left, y, total, height).fill(fill);
    doc.font(font).fontSize(size).fillColor(INK);
    cells.forEach((c, i) => doc.text(c, xs[i]! + CELL_PAD, y + CELL_PAD, { width: widths[i]! - 2 * CELL_PAD, align: columns[i]!.align ?? "left" }));
    doc.moveTo(left, y + height).lineTo(left + total, y + height).lineWidth(0.4).strokeColor(RULE).stroke();
    doc.x = left;
    doc.y = y + height;
  };
  const drawHeader = () => drawRow(headers, headerHeight, "bold", "#e8eef5");
  ensureSpace(doc, headerHeight + 20);
  drawHeader();
  let index = 0;
  for (const raw of rows) {
    const cells = raw.map(fileText);
    const height = measure(cells, "body");
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      drawHeader();
    }
    drawRow(cells, height, "body", index % 2 === 1 ? "#f7f7f7" : null);
    index++;
  }
  doc.font("body").fontSize(10).fillColor(INK);
  doc.moveDown(0.6);
}

/**
 * The footer of every page: "page X of Y", and the snapshot it rests on on two lines (what it
 * is, then the input hash). Call once, at the end.
 */
export function addFooters(doc: Doc, footer: string, hash: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN - 8;
    // Writing below the bottom margin would start a new page: lift the margin for the footer.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("body").fontSize(7).fillColor(MUTED);
    doc.text(fileText(footer), MARGIN, y, { width: contentWidth(doc) - 80, lineBreak: false, ellipsis: true });
    doc.text(`input SHA-256 ${hash}`, MARGIN, y + 10, { width: contentWidth(doc), lineBreak: false });
    doc.text(`page ${i - range.start + 1} of ${range.count}`, doc.page.width - MARGIN - 80, y, { width: 80, align: "right", lineBreak: false });
    doc.page.margins.bottom = saved;
  }
}

/** Ends the document and collects its bytes. */
export function pdfBytes(doc: Doc): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    doc.end();
  });
}
