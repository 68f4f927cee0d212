import ar from "../../../locales/ar/political.json";
import en from "../../../locales/en/political.json";
import nb from "../../../locales/nb/political.json";
import nn from "../../../locales/nn/political.json";
import pl from "../../../locales/pl/political.json";
import se from "../../../locales/se/political.json";
import so from "../../../locales/so/political.json";
import uk from "../../../locales/uk/political.json";
import { DEFAULT_LOCALE, isLocale, type Locale } from "#app/lib/i18n.ts";

// The texts of the e-mails to followers, from the "political" namespace
// (follow.mail.*). The notifier runs in the server process, outside the
// Remix build where i18next's resources are bundled, so it reads the same
// JSON files directly and fills {{placeholders}} itself (plain text, no
// escaping: e-mails are sent as text/plain).
type Tree = { [k: string]: string | Tree };
const RESOURCES: Record<Locale, Tree> = { nb, nn, se, en, pl, uk, so, ar } as unknown as Record<Locale, Tree>;

function lookup(tree: Tree, key: string): string | null {
  let node: string | Tree | undefined = tree;
  for (const part of key.split(".")) {
    if (!node || typeof node === "string") return null;
    node = node[part];
  }
  return typeof node === "string" && node !== "" ? node : null;
}

export function mailLocale(v: unknown): Locale {
  return isLocale(v) ? v : DEFAULT_LOCALE;
}

/** The text of `key` in `locale` (Bokmål when missing), with {{name}} replaced from params. */
export function mailText(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const raw = lookup(RESOURCES[locale], key) ?? lookup(RESOURCES[DEFAULT_LOCALE], key) ?? key;
  return raw.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
