import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { LanguageMenu, TenantMenu, type TenantNav } from "./components/shell.tsx";
import { dirOf, ENDONYMS, switcherOrder } from "./lib/i18n.ts";
import { tFor } from "./lib/i18next.server.ts";
import { requestLocale } from "./lib/locale.server.ts";
import { useNonce } from "./lib/nonce.ts";
import { CsrfInput } from "./modules/identity/csrf.tsx";
import { can } from "./modules/identity/permissions.ts";
import { participationOverview } from "./modules/processes/overview.server.ts";
import { csrfTokenForSession } from "./modules/identity/csrf.server.ts";
import { getActor } from "./modules/identity/session.server.ts";
import { pickText } from "./lib/localized.ts";
import { getBranding } from "./modules/profile/profile.server.ts";
import dsCssUrl from "@digdir/designsystemet-css?url";
import dsThemeUrl from "@digdir/designsystemet-css/theme?url";
import { Button, SkipLink } from "@digdir/designsystemet-react";
import stylesUrl from "./styles.css?url";

// Designsystemet's component CSS and its default theme, then our layout (ADR 046).
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dsCssUrl },
  { rel: "stylesheet", href: dsThemeUrl },
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const deps = context.deps;
  const tenant = params.tenant ? (deps.tenants.bySlugOrAlias(params.tenant)?.municipality ?? null) : null;
  const locale = requestLocale(request, deps, params.tenant);
  const actor = await getActor(request, deps);
  const overview = tenant
    ? await deps.cache.get(tenant.id, "participation", () => participationOverview(deps.db.db, tenant.id))
    : null;
  // The municipality's identity (ADR 047): colour, arms, name form, contact; Medvirk's neutral theme when unset.
  const branding = tenant
    ? await deps.cache.get(tenant.id, "branding", () => getBranding(deps.db.db, tenant.id, tenant.slug))
    : null;
  const tenantNav: TenantNav | null =
    tenant && overview
      ? {
          slug: tenant.slug,
          name: pickText(branding?.displayName, locale)?.value ?? tenant.officialName,
          sections: overview.sections,
          staff: can(actor, "read:admin:tenant", { tenantId: tenant.id }),
        }
      : null;
  const brand =
    tenant && branding
      ? {
          accentCss: branding.accentCss,
          armsUrl: branding.armsUrl,
          contactEmail: branding.contactEmail,
          contactPhone: branding.contactPhone,
          canEdit: can(actor, "manage:profile:tenant", { tenantId: tenant.id }),
        }
      : null;
  return {
    tenantNav,
    brand,
    // Identity (issue 3): the form token for <CsrfInput />, and who is signed in (null on cached anonymous pages).
    csrf: actor ? csrfTokenForSession(deps, actor.sessionId) : null,
    signedIn: !!actor,
    locale,
    dir: dirOf(locale),
    languages: switcherOrder(tenant),
    samiArea: tenant?.samiArea ?? false,
    samiOffer: tFor("se")("lang.samiOffer"),
  };
}

export const handle = { i18n: ["common"] };

type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const locale = data?.locale ?? "nb";
  const nonce = useNonce();
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <html lang={locale} dir={dirOf(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* The municipality's brand colour as Designsystemet's accent tokens (server-made CSS, checked when saved). */}
        {data?.brand?.accentCss ? <style nonce={nonce}>{data.brand.accentCss}</style> : null}
      </head>
      <body>
        <SkipLink href="#main">{t("nav.skipToContent")}</SkipLink>
        <header className="site-header">
          <div className="site-header-bar">
            {data?.tenantNav ? (
              <Link className="brand" to={`/${data.tenantNav.slug}`}>
                {data.brand?.armsUrl ? (
                  <img className="brand-arms" src={data.brand.armsUrl} alt="" width={44} height={44} />
                ) : null}
                <span className="brand-text">
                  <span className="brand-name">{data.tenantNav.name}</span>
                  <span className="brand-app">{t("app.name")}</span>
                </span>
              </Link>
            ) : (
              <Link className="brand" to="/">
                {t("app.name")}
              </Link>
            )}
            <div className="site-header-tools">
              {data ? <LanguageMenu locale={data.locale} languages={data.languages} samiArea={data.samiArea} /> : null}
              {data ? (
                <Link
                  className="account-link"
                  to={
                    data.signedIn
                      ? "/account"
                      : location.pathname.startsWith("/signin")
                        ? "/signin"
                        : `/signin?returnTo=${encodeURIComponent(location.pathname + location.search)}`
                  }
                >
                  {data.signedIn ? t("nav.account") : t("nav.signIn")}
                </Link>
              ) : null}
            </div>
          </div>
          {data?.tenantNav ? <TenantMenu nav={data.tenantNav} /> : null}
        </header>
        {data?.samiArea && locale !== "se" ? (
          <div className="notice sami-offer">
            {/* Said in Sami too: the reader may not read the current language. */}
            <span lang="se">{data.samiOffer}</span> <span>{t("lang.samiOffer")}</span>
            <form method="post" action="/lang">
              <input type="hidden" name="returnTo" value={location.pathname + location.search} />
              <CsrfInput />
              <Button type="submit" name="lng" value="se" lang="se" variant="secondary" data-size="sm">
                {ENDONYMS.se}
              </Button>
            </form>
          </div>
        ) : null}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** Contact, the accessibility statement and the privacy notice: on every page of a municipality. */
function SiteFooter() {
  const data = useRouteLoaderData<RootData>("root");
  const { t } = useTranslation();
  const nav = data?.tenantNav;
  if (!nav)
    return (
      <footer className="site-footer">
        <div className="site-footer-inner">
          <p>{t("footer.about")}</p>
          <p>
            <Link to="/privacy">{t("footer.privacy")}</Link>
          </p>
        </div>
      </footer>
    );
  const base = `/${nav.slug}`;
  return (
    <footer className="site-footer">
      <div className="site-footer-inner">
        <section aria-labelledby="footer-contact">
          <h2 id="footer-contact">{t("footer.contact")}</h2>
          <p>{nav.name}</p>
          {data.brand?.contactEmail ? (
            <p>
              <a href={`mailto:${data.brand.contactEmail}`}>{t("footer.email", { email: data.brand.contactEmail })}</a>
            </p>
          ) : null}
          {data.brand?.contactPhone ? <p>{t("footer.phone", { phone: data.brand.contactPhone })}</p> : null}
        </section>
        <section aria-labelledby="footer-about">
          <h2 id="footer-about">{t("footer.aboutSite")}</h2>
          <ul>
            <li>
              <Link to={`${base}/tilgjengelighet`}>{t("footer.accessibility")}</Link>
            </li>
            <li>
              <Link to={`${base}/personvern`}>{t("footer.privacy")}</Link>
            </li>
            <li>
              <Link to={`${base}/rules`}>{t("footer.rules")}</Link>
            </li>
            {data.brand?.canEdit ? (
              <li>
                <Link to={`${base}/admin/identity`}>{t("footer.profile")}</Link>
              </li>
            ) : null}
          </ul>
        </section>
        <p className="muted">{t("footer.poweredBy")}</p>
      </div>
    </footer>
  );
}

/** The translation namespaces every matched route declares in `handle.i18n`. */
function routeNamespaces(matches: ReturnType<typeof useMatches>): string[] {
  const ns = new Set<string>(["common"]);
  for (const m of matches) {
    const declared = (m.handle as { i18n?: string | string[] } | undefined)?.i18n;
    for (const n of typeof declared === "string" ? [declared] : (declared ?? [])) ns.add(n);
  }
  return [...ns];
}

/**
 * Renders the page only once the namespaces of every matched route are loaded.
 * On the server they all are; in the browser a client-side navigation suspends
 * here (inside React's transition, so the previous page stays on screen) until
 * the new route's namespaces have arrived. See ADR 045.
 */
function WithRouteNamespaces({ children }: { children: React.ReactNode }) {
  useTranslation(routeNamespaces(useMatches()));
  return <>{children}</>;
}

export default function App() {
  const data = useRouteLoaderData<RootData>("root");
  useChangeLanguage(data?.locale ?? "nb");
  return (
    <Suspense fallback={null}>
      <WithRouteNamespaces>
        <Outlet />
      </WithRouteNamespaces>
    </Suspense>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // A body that could not be read (400) or was too large (413): app/lib/request-body.server.ts.
  const bodyProblem = isRouteErrorResponse(error) && (error.status === 400 || error.status === 413);
  if (bodyProblem) {
    const k = error.status === 413 ? "tooLarge" : "badRequest";
    return (
      <>
        <title>{`${t(`error.${k}Title`)} – ${t("app.name")}`}</title>
        <h1>{t(`error.${k}Title`)}</h1>
        <p>{t(`error.${k}Body`)}</p>
        <p>
          <Link to="/">{t("error.backHome")}</Link>
        </p>
      </>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <>
        <title>{`${t("error.forbiddenTitle")} – ${t("app.name")}`}</title>
        <h1>{t("error.forbiddenTitle")}</h1>
        <p>{t("error.forbiddenBody")}</p>
        <p>
          <Link to="/">{t("error.backHome")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <title>{`${notFound ? t("error.notFoundTitle") : t("error.genericTitle")} – ${t("app.name")}`}</title>
      <h1>{notFound ? t("error.notFoundTitle") : t("error.genericTitle")}</h1>
      <p>{notFound ? t("error.notFoundBody") : t("error.genericBody")}</p>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </>
  );
}
