import { redirect } from "@remix-run/node";
import type { Deps } from "#app/lib/deps.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import type { Municipality } from "./directory.server.ts";

// What every page under /<municipality>/ starts with: the municipality from
// the URL (404 when unknown; an alias or old slug redirects permanently to the
// canonical slug, with the rest of the path and the query kept) and, for
// pages, the request's language for it.
export function municipalityFromUrl(
  request: Request,
  slug: string | undefined,
  deps: Pick<Deps, "tenants">,
): Municipality {
  const found = deps.tenants.bySlugOrAlias(slug ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  const m = found.municipality;
  if (!found.canonical) {
    const url = new URL(request.url);
    throw redirect(url.pathname.replace(/^\/[^/]+/, `/${m.slug}`) + url.search, 301);
  }
  return m;
}

export function tenantFromUrl(
  request: Request,
  params: { tenant?: string },
  deps: Deps,
): { m: Municipality; locale: ReturnType<typeof requestLocale> } {
  const m = municipalityFromUrl(request, params.tenant, deps);
  return { m, locale: requestLocale(request, deps, m.slug) };
}
