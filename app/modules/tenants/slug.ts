// URL slugs for municipalities. Norwegian and Sami letters are folded to
// ASCII so a slug can be typed on any keyboard: æ→ae, ø→o, å→a, á→a, č→c,
// đ→d, ŋ→n, š→s, ŧ→t, ž→z.
const FOLD: Record<string, string> = { æ: "ae", ø: "o", å: "a", đ: "d", ŋ: "n", ŧ: "t", ß: "ss" };

export function foldText(s: string): string {
  return s
    .toLowerCase()
    .replace(/[æøåđŋŧß]/g, (c) => FOLD[c] ?? c)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");
}

export function slugify(s: string): string {
  return foldText(s)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Top-level paths that no municipality slug may take. */
export const RESERVED_SLUGS = new Set([
  "api",
  "assets",
  "auth",
  "dev",
  "healthz",
  "readyz",
  "lang",
  "locales",
  "socket.io",
  "webhooks",
  "admin",
  "privacy",
  "favicon.ico",
  "robots.txt",
  "build",
  "search",
  "about",
  "om",
]);
