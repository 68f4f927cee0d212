import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LOCALE, LOCALES, NAMESPACES, type Locale } from "./i18n.ts";
import { resourcesFromGlob } from "./resources.ts";

// One i18next instance per language, created once when the server starts and
// shared by every request in that language (they never change language).
// Creating an instance per request cost most of a page's render time
// (docs/decisions/003-language-negotiation.md, docs/BENCHMARKS.md).
// Under Vite (the Remix build, the dev server, vitest) the glob is expanded at
// build time. Code the server process imports outside the build (notices by
// e-mail and SMS from server/, the medvirk command) runs under plain tsx,
// where import.meta.glob does not exist: there the files are read from disk.
function localeFiles(): Record<string, unknown> {
  try {
    return import.meta.glob("../../locales/*/*.json", { eager: true });
  } catch {
    const dir = fileURLToPath(new URL("../../locales/", import.meta.url));
    const out: Record<string, unknown> = {};
    for (const lng of readdirSync(dir))
      for (const f of readdirSync(path.join(dir, lng)))
        if (f.endsWith(".json")) out[`locales/${lng}/${f}`] = JSON.parse(readFileSync(path.join(dir, lng, f), "utf8"));
    return out;
  }
}
const resources = resourcesFromGlob(localeFiles());

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
