// Languages, text direction and language negotiation. Pure: used by the
// server, the client and the tests alike.
export const LOCALES = ["nb", "nn", "se", "en", "pl", "uk", "so", "ar"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "nb";
export const NAMESPACES = [
  "common",
  "political",
  "identity",
  "live",
  "budgeting",
  "consultations",
  "admin",
  "panels",
  "sms",
  "opinions",
  "profile",
] as const;
export const LANG_COOKIE = "lng";

/** Each language's own name, shown in the switcher (never translated). */
export const ENDONYMS: Record<Locale, string> = {
  nb: "Norsk bokmål",
  nn: "Norsk nynorsk",
  se: "Davvisámegiella",
  en: "English",
  pl: "Polski",
  uk: "Українська",
  so: "Soomaali",
  ar: "العربية",
};

const RTL = new Set<Locale>(["ar"]);
export function dirOf(locale: Locale): "ltr" | "rtl" {
  return RTL.has(locale) ? "rtl" : "ltr";
}

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

/** What the municipality needs for negotiation: its written standard and Sami status. */
export interface TenantLanguage {
  maalform: "nb" | "nn" | "neutral";
  samiArea: boolean;
}

/** The municipality's default: Nynorsk municipalities default to nn, all others to nb. */
export function tenantDefaultLocale(t: TenantLanguage | null | undefined): Locale {
  return t?.maalform === "nn" ? "nn" : DEFAULT_LOCALE;
}

/** Languages in switcher order: the municipality's standard first, Sami next in Sami areas. */
export function switcherOrder(t: TenantLanguage | null | undefined): Locale[] {
  const first = tenantDefaultLocale(t);
  const order: Locale[] = [first];
  if (t?.samiArea) order.push("se");
  for (const l of LOCALES) if (!order.includes(l)) order.push(l);
  return order;
}

/**
 * Parses an Accept-Language header into language ranges by descending q.
 * Malformed parts are dropped; a malformed header gives an empty list.
 */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header || header.length > 1000) return [];
  const out: { tag: string; q: number; i: number }[] = [];
  header.split(",").forEach((part, i) => {
    const [rawTag, ...params] = part.trim().split(";");
    const tag = (rawTag ?? "").trim().toLowerCase();
    if (!/^(?:[a-z]{1,8}(?:-[a-z0-9]{1,8})*|\*)$/.test(tag)) return;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(p);
      if (!m) return; // malformed parameter: ignore this range
      q = Number(m[1]);
    }
    if (q > 0 && q <= 1) out.push({ tag, q, i });
  });
  return out.sort((a, b) => b.q - a.q || a.i - b.i).map((x) => x.tag);
}

/** Maps one language range to a supported locale, if any. */
function matchRange(tag: string, tenant: TenantLanguage | null | undefined): Locale | null {
  const primary = tag.split("-")[0];
  switch (primary) {
    case "nb":
    case "no":
      // A browser set to Norwegian says little about Bokmål vs Nynorsk: most
      // ship "nb" by default. Follow the municipality's written standard.
      return tenantDefaultLocale(tenant);
    case "nn":
      return "nn";
    case "se":
    case "sme":
      return "se";
    default:
      return isLocale(primary) ? primary : null;
  }
}

/**
 * The language of a response: the person's choice (cookie) wins; on a first
 * visit Accept-Language is honoured; otherwise the municipality's default.
 * See docs/decisions/003-language-negotiation.md.
 */
export function resolveLocale(input: {
  cookie?: string | null;
  acceptLanguage?: string | null;
  tenant?: TenantLanguage | null;
}): Locale {
  if (isLocale(input.cookie)) return input.cookie;
  for (const tag of parseAcceptLanguage(input.acceptLanguage)) {
    const m = matchRange(tag, input.tenant);
    if (m) return m;
  }
  return tenantDefaultLocale(input.tenant);
}

/** Reads the language cookie from a Cookie header, tolerating garbage. */
export function readLangCookie(cookieHeader: string | null | undefined): Locale | null {
  if (!cookieHeader || cookieHeader.length > 8192) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== LANG_COOKIE) continue;
    let v = part.slice(eq + 1).trim();
    try {
      v = decodeURIComponent(v);
    } catch {
      return null;
    }
    return isLocale(v) ? v : null;
  }
  return null;
}

export function langCookie(locale: Locale, secure: boolean): string {
  return `${LANG_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly${secure ? "; Secure" : ""}`;
}
