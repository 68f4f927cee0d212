// Where to send a person back to after signing in or choosing a language: a
// path on this site, never another one. The path is parsed as a browser would
// (WHATWG URL: tabs and newlines are dropped, backslashes are slashes), so
// "/\t/evil.example" — which a browser reads as "//evil.example" — is refused.
const ORIGIN = "http://medvirk.invalid";

export function safeReturnTo(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return fallback;
  if (!raw.startsWith("/")) return fallback;
  // Any control character (C0, DEL) is refused outright rather than cleaned.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== ORIGIN) return fallback;
  const path = url.pathname + url.search + url.hash;
  // "//x" or "/\x" would be read as another host by whoever follows the Location header.
  return /^\/(?![/\\])/.test(path) ? path : fallback;
}
