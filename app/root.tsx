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
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { dirOf, ENDONYMS, switcherOrder, type Locale } from "./lib/i18n.ts";
import { tFor } from "./lib/i18next.server.ts";
import { requestLocale } from "./lib/locale.server.ts";
import { useNonce } from "./lib/nonce.ts";
import { CsrfInput } from "./modules/identity/csrf.tsx";
import { csrfTokenForSession } from "./modules/identity/csrf.server.ts";
import { getActor } from "./modules/identity/session.server.ts";
import stylesUrl from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const deps = context.deps;
  const tenant = params.tenant ? (deps.tenants.bySlugOrAlias(params.tenant)?.municipality ?? null) : null;
  const locale = requestLocale(request, deps, params.tenant);
  const actor = await getActor(request, deps);
  return {
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

function LanguageSwitcher({ data }: { data: RootData }) {
  const { t } = useTranslation();
  const location = useLocation();
  const returnTo = location.pathname + location.search;
  return (
    <nav className="lang-switcher" aria-label={t("lang.choose")}>
      {/* A plain form: works without JavaScript, and reloads the document so
          the whole page (lang, dir, texts) changes at once. */}
      <form method="post" action="/lang">
        <input type="hidden" name="returnTo" value={returnTo} />
        <CsrfInput />
        {data.languages.map((l: Locale) => (
          <button
            key={l}
            type="submit"
            name="lng"
            value={l}
            lang={l}
            dir={dirOf(l)}
            aria-current={l === data.locale ? "true" : undefined}
            className={data.samiArea && l === "se" ? "prominent" : undefined}
          >
            {ENDONYMS[l]}
          </button>
        ))}
      </form>
    </nav>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const locale = data?.locale ?? "nb";
  const nonce = useNonce();
  const { t } = useTranslation();
  return (
    <html lang={locale} dir={dirOf(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("nav.skipToContent")}
        </a>
        <header className="site-header">
          <Link className="brand" to="/">
            {t("app.name")}
          </Link>
          {data ? <LanguageSwitcher data={data} /> : null}
          {data ? (
            <Link className="account-link" to={data.signedIn ? "/account" : "/signin"}>
              {data.signedIn ? t("nav.account") : t("nav.signIn")}
            </Link>
          ) : null}
        </header>
        {data?.samiArea && locale !== "se" ? (
          <p className="notice">
            {/* Said in Sami too: the reader may not read the current language. */}
            <span lang="se">{data.samiOffer}</span> <span>{t("lang.samiOffer")}</span>
          </p>
        ) : null}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>{t("footer.about")}</p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<RootData>("root");
  useChangeLanguage(data?.locale ?? "nb");
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
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
