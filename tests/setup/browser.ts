import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * Runs axe with the WCAG 2.1 A/AA rules and fails on any violation. axe runs
 * as a script in the page, so for a page opened with JavaScript disabled the
 * same URL is checked in a JavaScript-enabled twin context with the same
 * cookies (the server renders the same document for both).
 */
export async function expectAccessible(page: Page, opts: { javaScriptEnabled?: boolean } = {}): Promise<void> {
  let target = page;
  let twin: Awaited<ReturnType<Browser["newContext"]>> | null = null;
  if (opts.javaScriptEnabled === false) {
    const browser = page.context().browser()!;
    twin = await browser.newContext({ locale: "nb-NO" });
    await twin.addCookies(await page.context().cookies());
    target = await twin.newPage();
    await target.goto(page.url());
  }
  const result = await new AxeBuilder({ page: target }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  await twin?.close();
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(violations, `axe on ${page.url()}`).toEqual([]);
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
    const r = (window as unknown as { __remixRouter?: { state: { navigation: { state: string }; revalidation: string; fetchers: Map<string, { state: string }> } } }).__remixRouter;
    return !!r && r.state.navigation.state === "idle" && r.state.revalidation === "idle" && [...r.state.fetchers.values()].every((f) => f.state === "idle");
  });
}
