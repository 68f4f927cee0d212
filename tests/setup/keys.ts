import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { ROOT } from "#server/app.ts";

// Every translation key of every namespace ("signin.send", "admin:section.sms.title"), read
// from the locale files, so a page that shows a key instead of its text is caught (issue 17:
// pages showed raw keys after a client-side navigation).
function collectKeys(): Set<string> {
  const keys = new Set<string>();
  const dir = path.join(ROOT, "locales", "nb");
  const walk = (ns: string, prefix: string, node: unknown) => {
    if (node && typeof node === "object")
      for (const [k, v] of Object.entries(node)) walk(ns, prefix ? `${prefix}.${k}` : k, v);
    else if (prefix.includes(".")) {
      keys.add(prefix);
      keys.add(`${ns}:${prefix}`);
    }
  };
  for (const f of readdirSync(dir))
    if (f.endsWith(".json")) walk(f.replace(/\.json$/, ""), "", JSON.parse(readFileSync(path.join(dir, f), "utf8")));
  return keys;
}

let keys: Set<string> | null = null;

/** Translation keys (and unreplaced {{placeholders}}) in the text a reader sees on the page. */
export async function shownKeys(page: Page): Promise<string[]> {
  keys ??= collectKeys();
  // Text in <code> is shown as typed on purpose (an SMS merge field such as {{name}}).
  const text = await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const c of body.querySelectorAll("code, script, style")) c.remove();
    return body.innerText ?? body.textContent ?? "";
  });
  const found = new Set<string>();
  for (const m of text.matchAll(/[a-z][A-Za-z0-9_]*(?::[A-Za-z0-9_]+)?(?:\.[A-Za-z0-9_]+)+/g))
    if (keys.has(m[0])) found.add(m[0]);
  for (const m of text.matchAll(/\{\{\s*\w+\s*\}\}/g)) found.add(m[0]);
  return [...found];
}

export async function expectNoTranslationKeys(page: Page): Promise<void> {
  expect(await shownKeys(page), `translation keys shown on ${page.url()}`).toEqual([]);
}
