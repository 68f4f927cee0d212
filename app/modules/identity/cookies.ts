// Cookie names and attributes for identity (pure). Over https the names carry
// the `__Host-` prefix (Secure, Path=/, no Domain: the browser refuses to let
// a sibling host or plain http overwrite them). Over plain http, which only
// happens on a developer's machine and in the tests (127.0.0.1), the same
// cookie is sent without the prefix and without Secure, still HttpOnly and
// SameSite=Lax. A secure request never reads the unprefixed name.
// docs/decisions/010-sessions-and-csrf.md.
export const SESSION_COOKIE = "medvirk_session";
/** Binds an OpenID Connect transaction or a stashed form to the browser that started it. */
export const BIND_COOKIE = "medvirk_bind";

export function isSecureRequest(requestUrl: string, publicUrl?: string): boolean {
  return new URL(requestUrl).protocol === "https:" || !!publicUrl?.startsWith("https:");
}

export const cookieName = (base: string, secure: boolean): string => (secure ? `__Host-${base}` : base);

export function parseCookies(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (!k || out.has(k)) continue;
    let v = part.slice(i + 1).trim();
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    try {
      out.set(k, decodeURIComponent(v));
    } catch {
      out.set(k, v);
    }
  }
  return out;
}

export function readCookie(header: string | null | undefined, base: string, secure: boolean): string | null {
  return parseCookies(header).get(cookieName(base, secure)) ?? null;
}

/** Set-Cookie value. `maxAge` in seconds; 0 deletes; undefined = until the browser closes. */
export function serializeCookie(base: string, value: string, secure: boolean, maxAge?: number): string {
  const parts = [`${cookieName(base, secure)}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (secure) parts.push("Secure");
  if (maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(maxAge))}`);
  return parts.join("; ");
}
