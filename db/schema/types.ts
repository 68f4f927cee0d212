// Text that staff write (titles, summaries) is stored per language as jsonb,
// e.g. { nb: "Kommunestyret", se: "Gielddastivra" }. Reading goes through a
// fallback chain (app/lib/localized.ts), like Decidim's translatable attributes.
export type LocaleCode = "nb" | "nn" | "se" | "en" | "pl" | "uk" | "so" | "ar";
export type LocalizedText = Partial<Record<LocaleCode, string>>;
