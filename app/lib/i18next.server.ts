import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LOCALE, LOCALES, NAMESPACES, type Locale } from "./i18n.ts";
import { resourcesFromGlob } from "./resources.ts";

// One i18next instance per language, created once when the server starts and
// shared by every request in that language (they never change language).
// Creating an instance per request cost most of a page's render time
// (docs/decisions/003-language-negotiation.md, docs/BENCHMARKS.md).
const resources = resourcesFromGlob(import.meta.glob("../../locales/*/*.json", { eager: true }));

function build(lng: Locale): I18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    ns: [...NAMESPACES],
    defaultNS: "common",
    resources: { [lng]: resources[lng] ?? {}, [DEFAULT_LOCALE]: resources[DEFAULT_LOCALE] ?? {} },
    interpolation: { escapeValue: false }, // React escapes
    initImmediate: false, // resources are inline: initialise synchronously
    react: { useSuspense: false },
  });
  return instance;
}

const instances = new Map<Locale, I18n>(LOCALES.map((l) => [l, build(l)]));

export function i18nFor(locale: Locale): I18n {
  return instances.get(locale) ?? instances.get(DEFAULT_LOCALE)!;
}

export function tFor(locale: Locale) {
  return i18nFor(locale).t;
}
