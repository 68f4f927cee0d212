import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "#tests/setup/server.ts";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_PAGE_CACHE: "1" } });
});
afterAll(async () => {
  await server?.stop();
});

async function page(p: string, headers: Record<string, string> = {}) {
  const r = await fetch(server.url + p, { headers, redirect: "manual" });
  const html = await r.text();
  const csp = r.headers.get("content-security-policy") ?? "";
  return { status: r.status, html, nonce: /'nonce-([^']+)'/.exec(csp)?.[1], headers: r.headers };
}
const scriptNonces = (html: string) => [...html.matchAll(/<script[^>]*nonce="([^"]+)"/g)].map((m) => m[1]);

describe("page cache for anonymous visitors", () => {
  it("serves the stored page with each request's own CSP nonce", async () => {
    const a = await page("/vadso");
    const b = await page("/vadso");
    expect(a.status).toBe(200);
    expect(a.nonce).toBeTruthy();
    expect(b.nonce).not.toBe(a.nonce);
    expect(new Set(scriptNonces(a.html))).toEqual(new Set([a.nonce]));
    expect(new Set(scriptNonces(b.html))).toEqual(new Set([b.nonce]));
    expect(b.html.replaceAll(b.nonce!, "N")).toBe(a.html.replaceAll(a.nonce!, "N"));
    expect(a.html).not.toMatch(/__nonce_/);
  });

  it("keeps languages apart (cookie, Accept-Language, the municipality's standard)", async () => {
    expect((await page("/voss")).html).toMatch(/<html lang="nn"/);
    expect((await page("/voss", { cookie: "lng=se" })).html).toMatch(/<html lang="se"/);
    expect((await page("/voss", { "accept-language": "ar" })).html).toMatch(/<html lang="ar" dir="rtl"/);
    expect((await page("/voss")).html).toMatch(/<html lang="nn"/);
  });

  it("is dropped when the municipality publishes a domain event", async () => {
    const before = await page("/vadso");
    expect(before.html).toContain("Hvor føler du deg utrygg i trafikken?");
    // change the data behind the page directly, as a command would, then publish
    const { processes } = await import("#db/schema/index.ts");
    const { eq } = await import("drizzle-orm");
    const vadso = server.deps.tenants.getByNumber("5607")!;
    await server.deps.db.db.update(processes).set({ status: "closed" }).where(eq(processes.tenantId, vadso.id));
    expect((await page("/vadso")).html).toContain("Hvor føler du deg utrygg i trafikken?"); // still cached
    server.deps.bus.publish({ type: "processes.process.closed", tenantId: vadso.id });
    const after = await page("/vadso");
    expect(after.html).not.toContain("Hvor føler du deg utrygg i trafikken?");
    expect((await page("/?q=5607")).html).toContain("Ingen aktive prosesser");
  });

  it("never serves a stored page to a request with a session or other cookie", async () => {
    await page("/kautokeino");
    const withSession = await page("/kautokeino", { cookie: "__Host-medvirk_sid=abc; lng=nb" });
    expect(withSession.status).toBe(200);
    expect(new Set(scriptNonces(withSession.html))).toEqual(new Set([withSession.nonce]));
  });

  it("does not store redirects or 404s", async () => {
    const r1 = await page("/guovdageaidnu");
    expect(r1.status).toBe(301);
    expect(r1.headers.get("location")).toBe("/kautokeino");
    expect((await page("/no-such-place")).status).toBe(404);
  });
});
