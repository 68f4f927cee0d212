import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { getInitialNamespaces } from "remix-i18next/client";
import { DEFAULT_LOCALE, isLocale, LOCALES } from "./lib/i18n.ts";

// Only the page's language is loaded (one small chunk per namespace file).
const files = import.meta.glob("../locales/*/*.json");

async function loadResources(lng: string, namespaces: string[]) {
  const out: Record<string, Record<string, string>> = {};
  await Promise.all(
    namespaces.map(async (ns) => {
      const load = files[`../locales/${lng}/${ns}.json`];
      if (load) out[ns] = ((await load()) as { default: Record<string, string> }).default;
    }),
  );
  return out;
}

async function hydrate() {
  const htmlLang = document.documentElement.lang;
  const lng = isLocale(htmlLang) ? htmlLang : DEFAULT_LOCALE;
  const ns = [...new Set(["common", ...getInitialNamespaces()])];
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    ns,
    defaultNS: "common",
    resources: { [lng]: await loadResources(lng, ns) },
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
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
