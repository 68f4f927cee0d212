import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

// The published minutes (møtebok) as a PDF (issue 17), the same way as the input report
// (docs/decisions/041-input-report-pdf.md): real text in an embedded font (DejaVu Sans: Latin,
// Sami, Cyrillic), tagged (a heading and one paragraph per block of the minutes, with the
// document language) and marked PDF/A-2a, so it can be archived and read aloud.
const require = createRequire(import.meta.url);
const FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

export interface MinutesPdfInput {
  title: string;
  municipality: string;
  /** The minutes as the secretary published them: plain text, blocks separated by blank lines. */
  body: string;
  publishedAt: Date;
  /** BCP 47 tag of the minutes' language (they are written in the municipality's Norwegian). */
  lang: string;
}

export async function renderMinutesPdf(m: MinutesPdfInput): Promise<Uint8Array> {
  const doc = new PDFDocument({
    pdfVersion: "1.7",
    tagged: true,
    lang: m.lang,
    displayTitle: true,
    subset: "PDF/A-2a",
    font: FONT,
    size: "A4",
    margin: 56,
    info: {
      Title: m.title,
      Author: m.municipality,
      Creator: "Medvirk",
      CreationDate: m.publishedAt,
      ModDate: m.publishedAt,
    },
  });
  doc.registerFont("Sans", FONT);
  doc.registerFont("Bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });
  const root = doc.struct("Document");
  doc.addStructure(root);
  const width = doc.page.width - 112;
  root.add(doc.struct("H1", {}, () => doc.font("Bold").fontSize(18).text(m.title, { width }).moveDown(0.5)));
  for (const block of m.body.replace(/\r\n/g, "\n").split(/\n{2,}/)) {
    const text = block.trim();
    if (!text) continue;
    root.add(doc.struct("P", {}, () => doc.font("Sans").fontSize(10.5).text(text, { width }).moveDown(0.5)));
  }
  root.end();
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
