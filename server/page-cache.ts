import { randomBytes } from "node:crypto";
import type express from "express";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { Deps } from "#app/lib/deps.ts";
import { readLangCookie, resolveLocale, LANG_COOKIE } from "#app/lib/i18n.ts";

/**
 * Whole-page cache for anonymous visitors. Public pages (the landing page, a
 * municipality's home, calendars …) are the same for every anonymous reader
 * of one language, so the rendered HTML is kept and served again until the
 * municipality's next domain event (deps.bus) or the TTL, whichever is first.
 *
 * - Only GET document requests whose only cookie is the language choice.
 * - Only 200 text/html responses without Set-Cookie are stored.
 * - The page is rendered with a random placeholder in place of the CSP nonce;
 *   each response gets the request's own nonce substituted in.
 * - The key is the URL and the negotiated language (so Accept-Language and
 *   the municipality's written standard are honoured).
 * See docs/decisions/005-page-cache.md.
 */
export function pageCache(opts: {
  build: ServerBuild;
  deps: Deps;
  ttlMs: number;
  maxEntries: number;
  enabled: boolean;
}): express.RequestHandler {
  const placeholder = `__nonce_${randomBytes(12).toString("hex")}__`;
  const handler = createRequestHandler(opts.build, "production");
  type Entry = {
    tenantId: string;
    expires: number;
    status: number;
    body: string | Buffer;
    headers: [string, string][];
  };
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Promise<Entry | null>>();
  opts.deps.bus.subscribe((e) => {
    for (const [k, v] of entries) if (v.tenantId === e.tenantId || v.tenantId === "*") entries.delete(k);
  });

  function cacheable(req: express.Request): boolean {
    if (!opts.enabled || req.method !== "GET") return false;
    if (req.path.endsWith(".data") || req.path.startsWith("/dev") || req.path.startsWith("/auth")) return false;
    const cookie = req.headers.cookie;
    if (cookie) {
      for (const part of cookie.split(";")) {
        const name = part.split("=")[0]!.trim();
        if (name && name !== LANG_COOKIE) return false;
      }
    }
    return true;
  }

  async function render(req: express.Request, key: string, tenantId: string): Promise<Entry | null> {
    const url = `http://${req.headers.host ?? "localhost"}${req.originalUrl}`;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await handler(new Request(url, { headers }), { deps: opts.deps, cspNonce: placeholder });
    const html = (response.headers.get("content-type") ?? "").startsWith("text/html");
    // Files (PDF downloads …) pass through as bytes: decoding them as text would corrupt them.
    const body = html ? await response.text() : Buffer.from(await response.arrayBuffer());
    if (response.status !== 200 || response.headers.has("set-cookie") || !html || typeof body !== "string") {
      return { tenantId, expires: 0, status: response.status, body, headers: [...response.headers.entries()] }; // sent once, not kept
    }
    const entry: Entry = {
      tenantId,
      expires: Date.now() + opts.ttlMs,
      status: 200,
      body,
      headers: [...response.headers.entries()],
    };
    if (entries.size >= opts.maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
    return entry;
  }

  return (req, res, next) => {
    if (!cacheable(req)) return next();
    const slug = req.path.split("/")[1] ?? "";
    const tenant = slug ? (opts.deps.tenants.bySlugOrAlias(decodeURIComponent(slug))?.municipality ?? null) : null;
    if (slug && !tenant) return next(); // 404s and other routes: not cached
    const locale = resolveLocale({
      cookie: readLangCookie(req.headers.cookie),
      acceptLanguage: req.headers["accept-language"],
      tenant,
    });
    const key = `${req.originalUrl}\u0000${locale}`;
    const send = (e: Entry) => {
      const nonce = res.locals.cspNonce as string;
      for (const [k, v] of e.headers) if (k !== "content-length") res.setHeader(k, v);
      res.status(e.status).send(typeof e.body === "string" ? e.body.replaceAll(placeholder, nonce) : e.body);
    };
    const hit = entries.get(key);
    if (hit && hit.expires > Date.now()) return send(hit);
    let p = inflight.get(key);
    if (!p) {
      p = render(req, key, tenant?.id ?? "*").finally(() => inflight.delete(key));
      inflight.set(key, p);
    }
    p.then((e) => (e ? send(e) : next())).catch(next);
  };
}
