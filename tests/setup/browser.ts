import AxeBuilder from "@axe-core/playwright";
import { createHash } from "node:crypto";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Runs axe with the WCAG 2.1 A/AA rules and fails on any violation.
 *
 * axe runs as a script in the page, so for a page opened with JavaScript disabled the DOM that
 * page built is copied, without its <script> elements, into a twin page (one per browser,
 * JavaScript on, at the same origin so the stylesheets load) and checked there. That is exactly
 * what the visitor without JavaScript has in front of them, also after a POST (the app renders no
 * <noscript>, whose content the copy would show as text).
 *
 * axe's verdict depends only on the DOM, so a DOM already checked in this test process (the same
 * HTML once per-request tokens — CSP nonces, CSRF tokens — are blanked) is not checked again.
 */
const twins = new WeakMap<Browser, { page: Promise<Page>; origin: string | null; queue: Promise<unknown> }>();
const checked = new Set<string>();

/** The page's HTML with the values that change on every request blanked, hashed. */
export function domKey(html: string): string {
  const normal = html
    .replace(/\snonce="[^"]*"/g, ' nonce=""')
    .replace(/(name="_csrf"[^>]*?value=")[^"]*"/g, '$1"')
    .replace(/(value=")[^"]*("[^>]*?name="_csrf")/g, "$1$2");
  return createHash("sha256").update(normal).digest("hex");
}

const withoutScripts = (html: string) => html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");

// Legacy mode runs axe in the page itself (with its frames) instead of gathering the frames'
// results in an extra blank page, which cost about half of every check here.
async function axeViolations(target: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: target })
    .setLegacyMode(true)
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

async function checkWithoutJavaScript(page: Page, html: string): Promise<string[]> {
  const browser = page.context().browser()!;
  let twin = twins.get(browser);
  if (!twin) {
    twin = {
      page: browser.newContext({ locale: "nb-NO" }).then((c) => c.newPage()),
      origin: null,
      queue: Promise.resolve(),
    };
    twins.set(browser, twin);
  }
  const t = twin;
  const run = t.queue.then(async () => {
    const p = await t.page;
    const origin = new URL(page.url()).origin;
    if (t.origin !== origin) {
      await p.goto(`${origin}/healthz`);
      t.origin = origin;
    }
    await p.setContent(withoutScripts(html), { waitUntil: "load" });
    return axeViolations(p);
  });
  t.queue = run.catch(() => undefined);
  return run;
}

export async function expectAccessible(page: Page, opts: { javaScriptEnabled?: boolean } = {}): Promise<void> {
  const html = await page.content();
  const key = domKey(html);
  if (checked.has(key)) return;
  const violations =
    opts.javaScriptEnabled === false ? await checkWithoutJavaScript(page, html) : await axeViolations(page);
  expect(violations, `axe on ${page.url()}${opts.javaScriptEnabled === false ? " (JavaScript off)" : ""}`).toEqual([]);
  checked.add(key);
}

/** Collects console errors and failed requests so a test can assert there were none. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return { errors };
}

/**
 * Waits until the page is hydrated and Remix has nothing on its way: no navigation, revalidation or
 * fetcher. A late revalidation re-renders forms from the loader, so typing or selecting before it
 * lands can be undone under the test's hands.
 */
export async function routerIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const r = (
      window as unknown as {
        __remixRouter?: {
          state: { navigation: { state: string }; revalidation: string; fetchers: Map<string, { state: string }> };
        };
      }
    ).__remixRouter;
    return (
      !!r &&
      r.state.navigation.state === "idle" &&
      r.state.revalidation === "idle" &&
      [...r.state.fetchers.values()].every((f) => f.state === "idle")
    );
  });
}
