import type express from "express";
import type { Env } from "#app/lib/env.ts";
import { crossOriginAllowed } from "#app/modules/identity/csrf.ts";

/**
 * Refuses every state-changing request that a browser says comes from another
 * site (Sec-Fetch-Site, else Origin vs Host). First layer of CSRF protection;
 * the per-form token checked around every Remix action is the second
 * (app/modules/identity/csrf.server.ts, docs/decisions/010-sessions-and-csrf.md).
 */
export function crossOriginGuard(env: Env): express.RequestHandler {
  const publicOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : null;
  return (req, res, next) => {
    const ok = crossOriginAllowed({
      method: req.method,
      secFetchSite: req.get("sec-fetch-site"),
      origin: req.get("origin"),
      host: req.get("host"),
      publicOrigin,
    });
    if (ok) return next();
    res.status(403).type("text/plain").send("Forbidden: cross-site request");
  };
}
