import type { Locale } from "./i18n.ts";

// Translation files live in locales/<lng>/<namespace>.json. The server bundles
// them all (eager); the client loads only the current language's files.
export type Resources = Record<string, Record<string, unknown>>;

export function resourcesFromGlob(files: Record<string, unknown>): Partial<Record<Locale, Resources>> {
  const out: Partial<Record<Locale, Resources>> = {};
  for (const [file, mod] of Object.entries(files)) {
    const m = /locales\/([a-z]{2})\/([\w-]+)\.json$/.exec(file);
    if (!m) continue;
    const lng = m[1] as Locale;
    const data = (mod as { default?: unknown }).default ?? mod;
    (out[lng] ??= {})[m[2]!] = data as Record<string, unknown>;
  }
  return out;
}
