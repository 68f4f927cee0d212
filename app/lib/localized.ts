import type { Locale } from "./i18n.ts";

export type LocalizedText = Partial<Record<Locale, string>>;

// Fallback chains for text that staff write. Sami and Nynorsk readers fall
// back to Bokmål (the language every municipality writes); the immigrant
// languages fall back to English first, then Bokmål.
export const FALLBACKS: Record<Locale, Locale[]> = {
  nb: ["nb", "nn", "en"],
  nn: ["nn", "nb", "en"],
  se: ["se", "nb", "nn", "en"],
  en: ["en", "nb", "nn"],
  pl: ["pl", "en", "nb", "nn"],
  uk: ["uk", "en", "nb", "nn"],
  so: ["so", "en", "nb", "nn"],
  ar: ["ar", "en", "nb", "nn"],
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
