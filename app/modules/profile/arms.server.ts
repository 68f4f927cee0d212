import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";

// A municipality's coat of arms (issue 19): SVG or PNG, at most
// ARMS_MAX_BYTES. An SVG is sanitised with DOMPurify (on jsdom, its
// documented server-side setup): scripts, event handlers, foreign objects and
// external references go; only the SVG profile is kept. A PNG is recognised
// by its signature. Anything else is refused, nothing is stored.

export const ARMS_MAX_BYTES = 300 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type ArmsCheck =
  | { ok: true; type: "image/svg+xml" | "image/png"; data: Buffer }
  | { ok: false; reason: "empty" | "tooLarge" | "notImage" };

let purify: ReturnType<typeof createDOMPurify> | null = null;
function purifier() {
  if (!purify) purify = createDOMPurify(new JSDOM("").window as unknown as Parameters<typeof createDOMPurify>[0]);
  return purify;
}

/** Sanitised SVG markup, or null when nothing of an <svg> is left. */
export function sanitiseSvg(svg: string): string | null {
  const clean = purifier().sanitize(svg, {
    USE_PROFILES: { svg: true, svgFilters: true },
    FORBID_TAGS: ["foreignObject", "use", "image", "a", "style"],
    FORBID_ATTR: ["href", "xlink:href"],
  });
  return /^\s*<svg[\s>]/i.test(clean) ? clean : null;
}

export function checkArms(bytes: Buffer): ArmsCheck {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > ARMS_MAX_BYTES) return { ok: false, reason: "tooLarge" };
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return { ok: true, type: "image/png", data: bytes };
  const text = bytes.toString("utf8");
  if (/<svg[\s>]/i.test(text.slice(0, 4096))) {
    const clean = sanitiseSvg(text);
    if (clean) return { ok: true, type: "image/svg+xml", data: Buffer.from(clean, "utf8") };
  }
  return { ok: false, reason: "notImage" };
}
