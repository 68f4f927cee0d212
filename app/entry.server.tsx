import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { DEFAULT_LOCALE, isLocale } from "./lib/i18n.ts";
import { i18nFor } from "./lib/i18next.server.ts";
import { NonceContext } from "./lib/nonce.ts";

// Pages are rendered to a string in one pass: nothing here is deferred, and
// for small pages this costs far less than a streamed render
// (docs/BENCHMARKS.md). The root loader has resolved the language (cookie,
// Accept-Language, the municipality's written standard); the page renders
// with that language's shared i18next instance.
export default function handleRequest(
  _request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const rootData = remixContext.staticHandlerContext.loaderData?.root as { locale?: string } | undefined;
  const locale = isLocale(rootData?.locale) ? rootData.locale : DEFAULT_LOCALE;
  const nonce = loadContext.cspNonce;
  const html = renderToString(
    <NonceContext.Provider value={nonce}>
      <I18nextProvider i18n={i18nFor(locale)}>
        <RemixServer context={remixContext} url={_request.url} nonce={nonce} />
      </I18nextProvider>
    </NonceContext.Provider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}
