// Cross-origin protection for state-changing requests (pure; used by the
// Express middleware in server/csrf.ts for EVERY non-GET request, before
// Remix or anything else sees it). Same rule as Go 1.25's
// http.CrossOriginProtection: a browser tells where a request comes from
// (Sec-Fetch-Site, else Origin); a request from another site is refused.
// Requests without either header are not from a browser (webhooks, curl)
// and carry no ambient cookies worth forging. The per-form token
// (csrf.server.ts) is the second layer. docs/decisions/010-sessions-and-csrf.md.
export interface OriginFacts {
  method: string;
  secFetchSite?: string | null;
  origin?: string | null;
  /** Host header of the request. */
  host?: string | null;
  /** PUBLIC_URL's origin, when set. */
  publicOrigin?: string | null;
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function crossOriginAllowed(f: OriginFacts): boolean {
  if (SAFE.has(f.method.toUpperCase())) return true;
  const site = f.secFetchSite?.toLowerCase();
  if (site) return site === "same-origin" || site === "none";
  if (!f.origin || f.origin === "null") return f.origin !== "null";
  let o: URL;
  try {
    o = new URL(f.origin);
  } catch {
    return false;
  }
  if (f.publicOrigin && o.origin === f.publicOrigin) return true;
  return !!f.host && o.host === f.host.toLowerCase();
}
