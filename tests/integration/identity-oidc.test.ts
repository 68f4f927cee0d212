import net from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oidcTransactions, personIdentities, persons } from "#db/schema/index.ts";
import { Client } from "#tests/setup/http.ts";
import { startTestIdp, type TestIdp } from "#tests/setup/oidc-provider.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Sign-in with OpenID Connect end to end against a real provider configured
// like ID-porten: code + PKCE, state, nonce, acr checked, pairwise sub linked,
// pid kept only as a keyed hash; forged, replayed, wrong-nonce, wrong-acr and
// expired answers refused with a clear message and nothing created.
let clock = new Date();
let idp: TestIdp;
let server: Awaited<ReturnType<typeof startTestServer>>;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  idp = await startTestIdp({ redirectUri: `http://127.0.0.1:${port}/auth/oidc/callback` });
  server = await startTestServer({
    now: () => clock,
    env: {
      PORT: String(port),
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      MEDVIRK_SECRET: "test-secret-test-secret-test-secret-oidc",
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await idp?.close();
});

/** Starts at Medvirk, walks the provider's redirects, stops at Medvirk's callback (not yet called). */
async function toCallback(medvirk: Client, returnTo = "/account"): Promise<string> {
  const start = await medvirk.post("/auth/oidc", {
    returnTo,
    ...(medvirk.jar.has("medvirk_session") ? { _csrf: (await medvirk.csrf("/account"))! } : {}),
  });
  expect(start.status).toBe(303);
  let loc = start.headers.get("location")!;
  const auth = new URL(loc);
  expect(auth.origin).toBe(idp.issuer);
  expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
  expect(auth.searchParams.get("acr_values")).toBe("idporten-loa-substantial");
  expect(auth.searchParams.get("state")).toBeTruthy();
  expect(auth.searchParams.get("nonce")).toBeTruthy();
  const provider = new Client(idp.issuer);
  for (let i = 0; i < 10; i++) {
    const u = new URL(loc, idp.issuer);
    if (u.origin === server.url.replace("localhost", "127.0.0.1") && u.pathname === "/auth/oidc/callback")
      return u.pathname + u.search;
    const r = await provider.get(u.href);
    expect([302, 303], await r.clone().text()).toContain(r.status);
    loc = r.headers.get("location")!;
  }
  throw new Error("the provider never sent the browser back");
}

const count = async (table: string) =>
  (await server.deps.db.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!.n;

describe("OpenID Connect sign-in (ID-porten profile)", () => {
  it("signs in, links the pairwise sub, keeps pid only as a keyed hash, and raises the level to eID", async () => {
    idp.nextLogin = { accountId: "kari", pid: "01019912345", acr: "idporten-loa-substantial" };
    const c = new Client(server.url);
    const cb = await toCallback(c);
    const r = await c.get(cb);
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/account");
    expect(c.jar.get("medvirk_session")).toBeTruthy();
    const links = await server.deps.db.db
      .select()
      .from(personIdentities)
      .where(eq(personIdentities.provider, idp.issuer));
    expect(links).toHaveLength(1);
    expect(links[0]!.subject).not.toBe("kari"); // pairwise
    expect(links[0]!.pidHash).toMatch(/^[0-9a-f]{64}$/);
    const everything = await server.deps.db.rows<{ t: string }>(
      sql`select string_agg(t::text, ' ') as t from (select * from person_identities) t`,
    );
    expect(everything[0]!.t).not.toContain("01019912345");
    const [p] = await server.deps.db.db.select().from(persons).where(eq(persons.id, links[0]!.personId));
    expect(p!.eidLevel).toBe("substantial");
    const page = await (await c.get("/account")).text();
    expect(page).toContain("du har logget inn med elektronisk ID");
    // The same person again: the same account.
    const c2 = new Client(server.url);
    await c2.get(await toCallback(c2));
    expect(
      await server.deps.db.db.select().from(personIdentities).where(eq(personIdentities.provider, idp.issuer)),
    ).toHaveLength(1);
  });

  it("a person signed in with an e-mail code links ID-porten to the same account", async () => {
    idp.nextLogin = { accountId: "ola", pid: "02029912345", acr: "idporten-loa-high" };
    const me = await signInAs(server, { level: "email" });
    const c = new Client(server.url);
    c.jar.set("medvirk_session", me.token);
    const r = await c.get(await toCallback(c));
    expect(r.status).toBe(303);
    const [link] = await server.deps.db.db
      .select()
      .from(personIdentities)
      .where(eq(personIdentities.personId, me.personId));
    expect(link?.acr).toBe("idporten-loa-high");
    const [p] = await server.deps.db.db.select().from(persons).where(eq(persons.id, me.personId));
    expect(p!.eidLevel).toBe("high");
  });

  it("refuses a too low acr, with a clear message, and creates nothing", async () => {
    idp.nextLogin = { accountId: "low", pid: "03039912345", acr: "idporten-loa-low" };
    const before = await count("persons");
    const c = new Client(server.url);
    const r = await c.get(await toCallback(c));
    expect(r.headers.get("location")).toBe("/signin?oidc=acr");
    expect(c.jar.has("medvirk_session")).toBe(false);
    expect(await count("persons")).toBe(before);
    expect(await (await c.get("/signin?oidc=acr")).text()).toContain(
      "ID-porten bekreftet deg ikke på et høyt nok sikkerhetsnivå",
    );
  });

  it("refuses an ID token with the wrong nonce", async () => {
    idp.nextLogin = { accountId: "nonce", pid: "04049912345", acr: "idporten-loa-substantial" };
    const before = await count("persons");
    const c = new Client(server.url);
    const cb = await toCallback(c);
    await server.deps.db.db.update(oidcTransactions).set({ nonce: "forged-nonce" });
    const r = await c.get(cb);
    expect(r.headers.get("location")).toBe("/signin?oidc=nonce");
    expect(await count("persons")).toBe(before);
  });

  it("refuses an expired ID token", async () => {
    idp.nextLogin = { accountId: "late", pid: "05059912345", acr: "idporten-loa-substantial" };
    const before = await count("persons");
    const c = new Client(server.url);
    const cb = await toCallback(c);
    const start = clock;
    clock = new Date(Date.now() + 5 * 60_000); // the ID token lives 60 s
    try {
      const r = await c.get(cb);
      expect(r.headers.get("location")).toBe("/signin?oidc=expired");
    } finally {
      clock = start;
    }
    expect(await count("persons")).toBe(before);
  });

  it("refuses a replayed, a forged and another browser's callback", async () => {
    idp.nextLogin = { accountId: "replay", pid: "06069912345", acr: "idporten-loa-substantial" };
    const c = new Client(server.url);
    const cb = await toCallback(c);
    const other = new Client(server.url);
    other.jar.set("medvirk_bind", "someone-else");
    expect((await other.get(cb)).headers.get("location")).toBe("/signin?oidc=state");
    expect((await c.get(cb)).status).toBe(303); // the other browser's attempt did not use it up
    const before = await count("persons");
    const replay = await c.get(cb);
    expect(replay.headers.get("location")).toBe("/signin?oidc=state");
    const forged = await c.get("/auth/oidc/callback?code=abc&state=forged&iss=" + encodeURIComponent(idp.issuer));
    expect(forged.headers.get("location")).toBe("/signin?oidc=state");
    expect(await count("persons")).toBe(before);
    const refused = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from audit_events where action = 'identity.oidc.refused'`,
    );
    expect(refused[0]!.n).toBeGreaterThanOrEqual(3);
  });

  it("a municipality can switch ID-porten off", async () => {
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    expect((await admin.post("/vadso/admin/staff", { intent: "auth" })).status).toBe(200);
    const html = await (await new Client(server.url).get("/signin?returnTo=%2Fvadso")).text();
    expect(html).not.toContain('action="/auth/oidc"');
    expect(await (await new Client(server.url).get("/signin?returnTo=%2Foslo")).text()).toContain(
      'action="/auth/oidc"',
    );
  });
});
