import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import resourcesToBackend from "i18next-resources-to-backend";
import { getInitialNamespaces } from "remix-i18next/client";
import { DEFAULT_LOCALE, isLocale, LOCALES } from "./lib/i18n.ts";

// Every namespace of every language is a lazy chunk; the page's language and
// the namespaces its routes declare (`handle.i18n`) are loaded before hydration.
// On a client-side navigation the root (`useRouteNamespaces` in root.tsx) asks
// for the new routes' namespaces and suspends inside React's transition until
// they are loaded, so a page never renders its keys (ADR 045).
const files = import.meta.glob("../locales/*/*.json");

const backend = resourcesToBackend(async (lng: string, ns: string) => {
  const load = files[`../locales/${lng}/${ns}.json`];
  if (!load) throw new Error(`no translations for ${lng}/${ns}`);
  return ((await load()) as { default: Record<string, string> }).default;
});

async function hydrate() {
  const htmlLang = document.documentElement.lang;
  const lng = isLocale(htmlLang) ? htmlLang : DEFAULT_LOCALE;
  const ns = [...new Set(["common", ...getInitialNamespaces()])];
  await i18next
    .use(backend)
    .use(initReactI18next)
    .init({
      lng,
      fallbackLng: false,
      supportedLngs: [...LOCALES],
      ns,
      defaultNS: "common",
      interpolation: { escapeValue: false },
      react: { useSuspense: true },
    });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
