// Uploaded files: what we accept and how names are made safe. Pure.
//
// The type is decided by the file's first bytes, never by its name or the
// browser's Content-Type. The name a user gave is kept only as the download
// name, stripped of paths, control characters and anything a shell, a
// filesystem or a Content-Disposition header could trip on; the bytes are
// stored under a random key (app/lib/storage.server.ts).
export const ACCEPTED_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];
const EXT: Record<AcceptedType, string> = { "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg" };

export function sniffType(bytes: Uint8Array): AcceptedType | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  return null;
}

/**
 * A safe download name: the last path segment, NFC, without control or
 * reserved characters, no leading dots, at most 120 characters, and with the
 * extension of the detected type. "../../etc/passwd" → "passwd.pdf".
 */
export function safeFileName(name: string, type: AcceptedType): string {
  const last = name.split(/[/\\]/).pop() ?? "";
  let base = last
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "") // control and bidi-override characters
    .replace(/[<>:"|?*;%$`'{}[\]=&#!~^]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s_-]+/, "");
  const ext = EXT[type];
  base = base.replace(/\.[A-Za-z0-9]{1,5}$/, "").replace(/[.\s]+$/, "");
  if (!base) base = "dokument";
  return `${base.slice(0, 120)}.${ext}`;
}

/** Content-Disposition for a download, with an ASCII fallback and the UTF-8 name (RFC 6266 / 8187). */
export function contentDisposition(fileName: string): string {
  const fold: Record<string, string> = { æ: "ae", ø: "o", å: "a", Æ: "AE", Ø: "O", Å: "A" };
  const ascii =
    fileName
      .replace(/[æøåÆØÅ]/g, (c) => fold[c]!)
      .normalize("NFKD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/["\\]/g, "_") || "dokument";
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
