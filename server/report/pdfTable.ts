// Tables and blocks on pdfkit pages: rows wrap their text, a row that no longer fits starts a new
// page and repeats the header there. Fonts are named by the aliases renderReportPdf registers.

/** The registered font aliases every helper draws with. */
export const FONT = { regular: 'report-regular', bold: 'report-bold' } as const;

const BORDER = '#9a9a9a';
const HEADER_FILL = '#e8ecf2';
const TEXT = '#111111';
const PAD = 3;

export interface TableColumn {
  header: string;
  /** Width in points; the columns of a table add up to the page's text width. */
  width: number;
  /**
   * Text that must stay on one line to be read and copied whole (a SHA-256): drawn smaller until it
   * fits the column, never broken.
   */
  oneLine?: boolean;
}

export interface TableOptions {
  fontSize?: number;
  /** false: a table without a header row (label and value pairs). */
  header?: boolean;
  /** Columns drawn in the bold font (a key-value table's labels). */
  boldColumns?: readonly number[];
}

/** The lowest y text may reach on the current page. */
export function pageBottom(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` points still fit below doc.y. */
export function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > pageBottom(doc)) doc.addPage();
}

/** The width text may take on the page. */
export function textWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** A section heading (一、行动概况), kept on the page of what follows it. */
export function heading(doc: PDFKit.PDFDocument, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.6);
  doc.font(FONT.bold).fontSize(13).fillColor(TEXT).text(text, doc.page.margins.left, doc.y, { width: textWidth(doc) });
  doc.moveDown(0.3);
}

/** A paragraph of body text across the page. */
export function paragraph(doc: PDFKit.PDFDocument, text: string, opts: { fontSize?: number; bold?: boolean; colour?: string } = {}): void {
  const size = opts.fontSize ?? 9;
  doc.font(opts.bold ? FONT.bold : FONT.regular).fontSize(size);
  ensureSpace(doc, Math.min(doc.heightOfString(text, { width: textWidth(doc) }), 200));
  doc.fillColor(opts.colour ?? TEXT).text(text, doc.page.margins.left, doc.y, { width: textWidth(doc) });
  doc.fillColor(TEXT);
}

/** The font size at which `text` fits `width` on one line, at most `max`. */
function oneLineSize(doc: PDFKit.PDFDocument, text: string, width: number, max: number): number {
  doc.fontSize(max);
  const w = doc.widthOfString(text);
  return w <= width ? max : Math.max(4, Math.floor((max * width * 10) / w) / 10);
}

/**
 * Draws `rows` under a header of `columns` from doc.y on, across as many pages as they take, and
 * leaves doc.y below the table. A row taller than a page is cut at the page's foot.
 */
export function table(doc: PDFKit.PDFDocument, columns: readonly TableColumn[], rows: readonly (readonly string[])[], opts: TableOptions = {}): void {
  const size = opts.fontSize ?? 8;
  const left = doc.page.margins.left;
  const bold = new Set(opts.boldColumns ?? []);
  let y = doc.y;

  const cellSize = (c: TableColumn, text: string) => (c.oneLine ? oneLineSize(doc, text, c.width - 2 * PAD, size) : size);
  const rowHeight = (cells: readonly string[], font: string) =>
    Math.max(
      ...columns.map((c, i) => {
        const text = cells[i] ?? '';
        doc.font(bold.has(i) ? FONT.bold : font).fontSize(cellSize(c, text));
        return doc.heightOfString(text || ' ', { width: c.width - 2 * PAD, lineBreak: !c.oneLine });
      }),
    ) +
    2 * PAD;

  const drawRow = (cells: readonly string[], font: string, fill: string | null) => {
    const h = Math.min(rowHeight(cells, font), pageBottom(doc) - y);
    let x = left;
    columns.forEach((c, i) => {
      if (fill) doc.rect(x, y, c.width, h).fill(fill);
      doc.lineWidth(0.5).rect(x, y, c.width, h).stroke(BORDER);
      const text = cells[i] ?? '';
      doc.font(bold.has(i) ? FONT.bold : font).fontSize(cellSize(c, text)).fillColor(TEXT);
      doc.text(text, x + PAD, y + PAD, { width: c.width - 2 * PAD, height: h - 2 * PAD, lineBreak: !c.oneLine, ellipsis: true });
      x += c.width;
    });
    y += h;
  };
  const header = () => {
    if (opts.header !== false) drawRow(columns.map((c) => c.header), FONT.bold, HEADER_FILL);
  };

  if (y + rowHeight(columns.map((c) => c.header), FONT.bold) + rowHeight(rows[0] ?? [], FONT.regular) > pageBottom(doc)) {
    doc.addPage();
    y = doc.y;
  }
  header();
  for (const row of rows) {
    if (y + rowHeight(row, FONT.regular) > pageBottom(doc)) {
      doc.addPage();
      y = doc.y;
      header();
    }
    drawRow(row, FONT.regular, null);
  }
  doc.x = left;
  doc.y = y + 6;
}
