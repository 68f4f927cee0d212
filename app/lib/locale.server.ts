import type { Deps } from "./deps.ts";
import { readLangCookie, resolveLocale, type Locale } from "./i18n.ts";

/** The language of this request (see resolveLocale), for loaders and the root. */
export function requestLocale(request: Request, deps: Deps, tenantSlug?: string): Locale {
  const tenant = tenantSlug ? (deps.tenants.bySlugOrAlias(tenantSlug)?.municipality ?? null) : null;
  return resolveLocale({
    cookie: readLangCookie(request.headers.get("cookie")),
    acceptLanguage: request.headers.get("accept-language"),
    tenant,
  });
}
