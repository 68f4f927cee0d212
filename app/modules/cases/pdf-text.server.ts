import { extractText, getDocumentProxy } from "unpdf";

// Text of a PDF for full-text search (unpdf, a maintained wrapper around
// Mozilla's PDF.js). A PDF that cannot be read is not an error for the
// upload: the document is stored and found by its title only.
export const MAX_EXTRACTED_CHARS = 400_000; // keeps the tsvector well under PostgreSQL's 1 MB limit

export type Extraction = { status: "ok"; text: string } | { status: "failed"; error: string };

export async function extractPdfText(bytes: Uint8Array): Promise<Extraction> {
  try {
    // PDF.js takes ownership of (and detaches) the buffer it is given: pass a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
    try {
      const { text } = await extractText(pdf, { mergePages: true });
      // eslint-disable-next-line no-control-regex -- PostgreSQL text cannot hold NUL
      return { status: "ok", text: text.replace(/\u0000/g, "").slice(0, MAX_EXTRACTED_CHARS) };
    } finally {
      await pdf.destroy();
    }
  } catch (e) {
    return { status: "failed", error: String((e as Error)?.message ?? e).slice(0, 300) };
  }
}
