import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "#tests/setup/server.ts";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const get = (p: string, headers: Record<string, string> = {}) => fetch(server.url + p, { headers, redirect: "manual" });
const htmlOf = async (p: string, headers: Record<string, string> = {}) => {
  const r = await get(p, headers);
  return { status: r.status, html: await r.text(), headers: r.headers };
};
const langOf = (html: string) => /<html lang="([a-z]+)" dir="(ltr|rtl)"/.exec(html)?.slice(1);

describe("landing page", () => {
  it("lists all 357 municipalities in Bokmål by default", async () => {
    const { status, html } = await htmlOf("/");
    expect(status).toBe(200);
    expect(langOf(html)).toEqual(["nb", "ltr"]);
    expect(html).toContain("Finn din kommune");
    expect(html.match(/<tr><td><a /g)).toHaveLength(357);
  });
  it("searches by Sami name, by number and by county, and says which have active processes", async () => {
    const sami = await htmlOf("/?q=Guovdageaidnu");
    expect(sami.html).toContain('href="/kautokeino"');
    expect(sami.html).toContain("Antall treff: 1");
    const num = await htmlOf("/?q=5607");
    expect(num.html).toContain('href="/vadso"');
    expect(num.html).toContain("Aktive prosesser: 1");
    const county = await htmlOf("/?fylke=56");
    expect(county.html.match(/<tr><td><a /g)).toHaveLength(18);
  });
});

describe("municipality home", () => {
  it("shows active processes and the upcoming meeting with its public agenda", async () => {
    const { status, html } = await htmlOf("/vadso");
    expect(status).toBe(200);
    expect(html).toContain("Hvor føler du deg utrygg i trafikken?");
    // The process links to where a resident takes part: the demo's consultation, which opens.
    const link = /<a href="(\/vadso\/consultations\/[0-9a-f-]{36})">Hvor føler du deg utrygg i trafikken\?<\/a>/.exec(
      html,
    );
    expect(link).not.toBeNull();
    const consultation = await htmlOf(link![1]!);
    expect(consultation.status).toBe(200);
    expect(consultation.html).toContain("Kommunen lager en trafikksikkerhetsplan.");
    expect(html).toContain("Utvalg for plan, miljø og teknikk");
    expect(html).toContain("Trafikksikkerhetsplan 2027–2030");
    expect(html).toContain("Unntatt offentlighet");
    expect(html).not.toContain("Personalsak");
  });
  it("redirects other name forms to the canonical slug", async () => {
    const r = await get("/guovdageaidnu");
    expect(r.status).toBe(301);
    expect(r.headers.get("location")).toBe("/kautokeino");
    expect((await get("/Vadso")).headers.get("location")).toBe("/vadso");
    // Every page under the municipality does the same, keeping the rest of the path and the query.
    for (const rest of ["/budgeting", "/calendar?view=list", "/panels", "/admin/staff"]) {
      const r = await get(`/Vadso${rest}`);
      expect(r.status, rest).toBe(301);
      expect(r.headers.get("location")).toBe(`/vadso${rest}`);
    }
  });
  it("defaults to Nynorsk in a Nynorsk municipality, and offers Sami prominently in a Sami one", async () => {
    expect(langOf((await htmlOf("/voss")).html)).toEqual(["nn", "ltr"]);
    const k = (await htmlOf("/kautokeino")).html;
    expect(langOf(k)).toEqual(["nb", "ltr"]);
    expect(k).toMatch(/class="[^"]*\bprominent\b[^"]*"[^>]*value="se"/); // a Designsystemet button, marked prominent
    expect(k).toContain("Dát siidu gávdno maiddái sámegillii.");
  });
});

describe("languages", () => {
  it("honours Accept-Language on a first visit", async () => {
    expect(langOf((await htmlOf("/vadso", { "accept-language": "pl-PL,pl;q=0.9" })).html)).toEqual(["pl", "ltr"]);
    expect(langOf((await htmlOf("/", { "accept-language": "ar" })).html)).toEqual(["ar", "rtl"]);
  });
  it("lets the cookie win", async () => {
    const { html } = await htmlOf("/voss", { cookie: "lng=se", "accept-language": "en" });
    expect(langOf(html)).toEqual(["se", "ltr"]);
    expect(html).toContain("Boahttevaš čoahkkimat");
  });
  it("falls back to the default on a malformed Accept-Language or cookie", async () => {
    const cases: Record<string, string>[] = [
      { "accept-language": ";;q=x,,\u00ff\u00fe" },
      { cookie: "lng=%%%; x" },
      { cookie: "lng=xx" },
      { "accept-language": "x".repeat(3000) },
    ];
    for (const headers of cases) {
      const r = await htmlOf("/voss", headers);
      expect(r.status).toBe(200);
      expect(langOf(r.html)).toEqual(["nn", "ltr"]);
    }
  });
  it("sets the language cookie from the switcher and only returns to local paths", async () => {
    const post = (body: string) =>
      fetch(server.url + "/lang", {
        method: "POST",
        body: new URLSearchParams(body),
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    const ok = await post("lng=se&returnTo=/kautokeino");
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/kautokeino");
    expect(ok.headers.get("set-cookie")).toMatch(/^lng=se; Path=\/; .*SameSite=Lax; HttpOnly/);
    const evil = await post("lng=en&returnTo=//evil.example/x");
    expect(evil.headers.get("location")).toBe("/");
    const bad = await post("lng=klingon&returnTo=/");
    expect(bad.headers.get("set-cookie")).toBeNull();
  });
});

describe("errors", () => {
  it("answers an unknown municipality with a translated 404 page", async () => {
    const nb = await htmlOf("/finnes-ikke");
    expect(nb.status).toBe(404);
    expect(nb.html).toContain("Fant ikke siden");
    const en = await htmlOf("/finnes-ikke", { cookie: "lng=en" });
    expect(en.html).toContain("Page not found");
    const ar = await htmlOf("/no/such/page", { cookie: "lng=ar" });
    expect(ar.status).toBe(404);
    expect(langOf(ar.html)).toEqual(["ar", "rtl"]);
    expect(ar.html).toContain("الصفحة غير موجودة");
  });
});

describe("operations", () => {
  it("answers health and readiness", async () => {
    expect(await (await get("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await get("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", driver: server.deps.db.driver });
  });
  it("sends security headers with a CSP whose nonce is on every inline script", async () => {
    const { headers, html } = await htmlOf("/");
    const csp = headers.get("content-security-policy")!;
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("x-powered-by")).toBeNull();
    const again = (await get("/")).headers.get("content-security-policy")!;
    expect(/'nonce-([^']+)'/.exec(again)![1]).not.toBe(nonce);
  });
  it("compresses responses when asked", async () => {
    const r = await get("/", { "accept-encoding": "gzip" });
    expect(r.headers.get("content-encoding")).toBe("gzip");
  });
  it("serves socket.io on the same http server", async () => {
    const socket = connect(server.url, { transports: ["websocket"], reconnection: false });
    try {
      const ack = await new Promise<{ ok: boolean }>((resolve, reject) => {
        socket.on("connect_error", reject);
        socket.on("connect", () => socket.emit("ping", resolve));
      });
      expect(ack.ok).toBe(true);
    } finally {
      socket.close();
    }
  });
});
