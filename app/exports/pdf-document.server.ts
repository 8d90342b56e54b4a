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

/** Three lines of body text: at least what must fit under a heading for it to stay on its page. */
export const KEEP_WITH_HEADING = 3 * 14;

/**
 * A heading, kept with what follows it: it moves to the next page unless its own lines and
 * `keepWith` points of what comes next (three body lines unless told, e.g. a chart's height) fit
 * under it on this one, so no heading stands alone at the foot of a page.
 */
export function heading(doc: Doc, text: string, level: 1 | 2 = 1, options: { keepWith?: number } = {}): void {
  const size = level === 1 ? 16 : 12;
  const before = level === 1 ? 0.6 : 0.4;
  doc.font("bold").fontSize(size);
  // The space above and below (moveDown at this size) and the heading's lines, however many.
  const own = doc.currentLineHeight(true) * (before + 0.3) + doc.heightOfString(fileText(text), { width: contentWidth(doc) });
  ensureSpace(doc, own + (options.keepWith ?? KEEP_WITH_HEADING));
  doc.moveDown(before);
  doc.fillColor(INK).text(fileText(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
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
 * `text` shortened with an ellipsis to fit `width` in the current font and size. pdfkit's own
 * `lineBreak: false` and `ellipsis` do not stop a line from wrapping when a width is given (its
 * ellipsis needs a height): a footer that wrapped at a hyphen overprinted the line below it.
 */
export function fitLine(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  // The longest prefix that fits with the ellipsis (widths grow with the prefix).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${chars.slice(0, mid).join("").trimEnd()}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join("").trimEnd()}…`;
}

/** One line of text at (x, y), never wrapped: shortened with an ellipsis when it does not fit. */
export function textLine(doc: Doc, text: string, x: number, y: number, width: number, options: { align?: "left" | "right" | "center" } = {}): void {
  // A little slack: pdfkit wraps a line whose measured width equals the box to the last decimal.
  doc.text(fitLine(doc, text, width - 0.5), x, y, { width, align: options.align ?? "left", lineBreak: false });
}

const PAGE_NUMBER_WIDTH = 80;

/**
 * A snapshot's id as a footer names it: its first eight characters, as the award pack page shows
 * it. The full id is in the document's body (cover or facts) and in its metadata's subject.
 */
export function footerSnapshotId(id: string): string {
  return id.slice(0, 8);
}

/**
 * The footer of every page: "page X of Y", and the snapshot it rests on on two lines (what it
 * is, then the input hash), each kept to one line. Call once, at the end.
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
    textLine(doc, fileText(footer), MARGIN, y, contentWidth(doc) - PAGE_NUMBER_WIDTH - 6);
    textLine(doc, `input SHA-256 ${hash}`, MARGIN, y + 10, contentWidth(doc));
    textLine(doc, `page ${i - range.start + 1} of ${range.count}`, doc.page.width - MARGIN - PAGE_NUMBER_WIDTH, y, PAGE_NUMBER_WIDTH, { align: "right" });
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
