import type { Locale } from "./i18n.ts";

export type LocalizedText = Partial<Record<Locale, string>>;

// Fallback chains for text that staff write: the reader's language, then
// Norwegian (Bokmål, the language every municipality writes, then Nynorsk),
// then any language the text has. Never English first: a Polish, Ukrainian,
// Somali or Arabic reader in Norway is shown the municipality's own words
// rather than a translation into a third language (issue 17).
export const FALLBACKS: Record<Locale, Locale[]> = {
  nb: ["nb", "nn"],
  nn: ["nn", "nb"],
  se: ["se", "nb", "nn"],
  en: ["en", "nb", "nn"],
  pl: ["pl", "nb", "nn"],
  uk: ["uk", "nb", "nn"],
  so: ["so", "nb", "nn"],
  ar: ["ar", "nb", "nn"],
};

/**
 * Picks the best text for a locale along its fallback chain. Returns the
 * language actually used, so the page can mark a fallback with `lang`
 * (WCAG 3.1.2, language of parts). Any non-empty text beats nothing.
 */
export function pickText(
  text: LocalizedText | null | undefined,
  locale: Locale,
): { value: string; lang: Locale } | null {
  if (!text) return null;
  for (const l of FALLBACKS[locale]) {
    const v = text[l];
    if (typeof v === "string" && v.trim() !== "") return { value: v, lang: l };
  }
  for (const [l, v] of Object.entries(text)) {
    if (typeof v === "string" && v.trim() !== "") return { value: v, lang: l as Locale };
  }
  return null;
}
