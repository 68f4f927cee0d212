import type { Deps } from "#app/lib/deps.ts";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { tenantFromUrl } from "#app/modules/tenants/page.server.ts";

// What every public page of the political structure starts with: the
// municipality from the URL (an alias redirects to the canonical slug, with
// the rest of the path kept), the request's language and a translator for
// the "political" namespace.
export function publicTenant(request: Request, params: { tenant?: string }, deps: Deps) {
  const { m, locale } = tenantFromUrl(request, params, deps);
  return { m, locale, t: i18nFor(locale).getFixedT(locale, "political") };
}

/** The public origin for absolute links in feeds: PUBLIC_URL, else the request's own. */
export function publicOrigin(request: Request, deps: Deps): string {
  return (deps.env.PUBLIC_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
}

export const notFound = () => new Response("Not found", { status: 404 });
