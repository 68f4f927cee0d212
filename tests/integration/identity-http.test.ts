import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, persons, sessions } from "#db/schema/index.ts";
import { devInbox } from "#app/modules/identity/outbox.server.ts";
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from "#app/modules/identity/session.server.ts";
import { signInAs, sessionFor } from "#tests/setup/auth.ts";
import { Client } from "#tests/setup/http.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Sign-in with a code over HTTP (as a browser without JavaScript would),
// sessions (cookie attributes, rotation, idle and absolute timeouts, sign-out
// everywhere), CSRF (cross-site refused, token required when signed in), and
// a form posted after the session died coming back after sign-in.
let clock = new Date("2026-11-22T10:00:00Z");
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({
    now: () => clock,
    env: { MEDVIRK_DEV_INBOX: "1", MEDVIRK_SECRET: "test-secret-test-secret-test-secret-5678" },
  });
});
afterAll(async () => server?.stop());

const codeFor = (to: string) => /(\d{6})/.exec(devInbox(server.deps).find((m) => m.to === to)?.text ?? "")?.[1] ?? null;
let n = 0;
const freshEmail = () => `http${++n}-${Date.now()}@example.org`;

async function signInWithCode(c: Client, email: string, returnTo = "/account"): Promise<Response> {
  // Already signed in (another tab): the form then carries the session's token.
  const token = c.jar.has("medvirk_session") ? await c.csrf("/account") : null;
  const r1 = await c.post("/signin", { identifier: email, returnTo, ...(token ? { _csrf: token } : {}) });
  expect(r1.status).toBe(303);
  expect(r1.headers.get("location")).toBe(`/signin/code?returnTo=${encodeURIComponent(returnTo)}`);
  expect((await c.get(r1.headers.get("location")!)).status).toBe(200);
  return c.post("/signin/code", {
    code: codeFor(email)!,
    returnTo,
    intent: "verify",
    ...(token ? { _csrf: token } : {}),
  });
}

describe("sign-in with a one-time code over HTTP", () => {
  it("shows a translated field error and keeps what was typed", async () => {
    const c = new Client(server.url);
    const r = await c.post("/signin", { identifier: "ola.nordmann@", returnTo: "/" });
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain("Dette ser ikke ut som en e-postadresse");
    expect(html).toContain('value="ola.nordmann@"');
    expect(html).toMatch(/aria-invalid="true"/);
    const en = await c.post("/signin", { identifier: "12", returnTo: "/" }, { "accept-language": "en" });
    expect(await en.text()).toContain("This is not a valid phone number");
  });

  it("signs in, sets an HttpOnly SameSite=Lax session cookie (no Secure over plain http) and shows my page", async () => {
    const c = new Client(server.url);
    const email = freshEmail();
    const wrong = await (async () => {
      await c.post("/signin", { identifier: email, returnTo: "/account" });
      const code = codeFor(email)!;
      return c.post("/signin/code", {
        code: String((Number(code) + 1) % 1e6).padStart(6, "0"),
        returnTo: "/account",
        intent: "verify",
      });
    })();
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toContain("Feil kode. Du har 4 forsøk igjen.");
    const ok = await c.post("/signin/code", { code: codeFor(email)!, returnTo: "/account", intent: "verify" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/account");
    const cookie = ok.headers.getSetCookie().find((s) => s.startsWith("medvirk_session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(c.jar.get("medvirk_session")!.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    expect(c.jar.has("medvirk_signin")).toBe(false);
    const page = await c.get("/account");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(email);
    // The database keeps a hash, not the token.
    const rows = await server.deps.db.db.select().from(sessions);
    expect(rows.some((s) => s.id === c.jar.get("medvirk_session"))).toBe(false);
  });

  it("an anonymous visitor of my page is sent to sign in and back", async () => {
    const r = await new Client(server.url).get("/account");
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/signin?returnTo=%2Faccount");
  });

  it("rotates the session id on every sign-in", async () => {
    const c = new Client(server.url);
    const email = freshEmail();
    await signInWithCode(c, email);
    const first = c.jar.get("medvirk_session");
    await c.post("/signout", { _csrf: (await c.csrf("/account"))! }); // the code cookie is gone; sign in again while signed in:
    await signInWithCode(c, email);
    const [p] = await server.deps.db.db.select().from(persons).where(eq(persons.email, email));
    const before = await server.deps.db.db.select().from(sessions).where(eq(sessions.personId, p!.id));
    await signInWithCode(c, email);
    const after = await server.deps.db.db.select().from(sessions).where(eq(sessions.personId, p!.id));
    expect(c.jar.get("medvirk_session")).not.toBe(first);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).not.toBe(before[0]!.id);
  });
});

describe("CSRF", () => {
  it("refuses a state-changing request from another site, signed in or not", async () => {
    const c = new Client(server.url);
    expect((await c.post("/signin", { identifier: freshEmail() }, { origin: "https://evil.example" })).status).toBe(
      403,
    );
    expect((await c.post("/signin", { identifier: freshEmail() }, { "sec-fetch-site": "cross-site" })).status).toBe(
      403,
    );
    expect((await c.post("/lang", { lng: "en" }, { "sec-fetch-site": "same-site" })).status).toBe(403);
    expect(
      (await c.post("/signin", { identifier: freshEmail() }, { "sec-fetch-site": "same-origin", origin: server.url }))
        .status,
    ).toBe(303);
  });

  it("a signed-in request needs the form's token; forms carry it", async () => {
    const me = await signInAs(server, { level: "email" });
    const noToken = await me.fetch("/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "scope=everywhere",
    });
    expect(noToken.status).toBe(403);
    const wrong = await me.fetch("/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "_csrf=AAAA",
    });
    expect(wrong.status).toBe(403);
    expect(await server.deps.db.db.select().from(sessions).where(eq(sessions.personId, me.personId))).toHaveLength(1);
    const html = await (await me.fetch("/account")).text();
    expect(html).toContain(`name="_csrf" value="${me.csrf}"`);
    const ok = await me.post("/signout");
    expect(ok.status).toBe(303);
    expect(ok.headers.getSetCookie().join()).toMatch(/medvirk_session=;.*Max-Age=0/);
    expect(await server.deps.db.db.select().from(sessions).where(eq(sessions.personId, me.personId))).toHaveLength(0);
  });

  it("the language switcher works with the token when signed in", async () => {
    const me = await signInAs(server, {});
    const r = await me.post("/lang", { lng: "en", returnTo: "/account" });
    expect(r.status).toBe(303);
  });
});

describe("session lifetime", () => {
  it("ends after 30 minutes without activity", async () => {
    const me = await signInAs(server, {});
    const start = clock;
    try {
      clock = new Date(start.getTime() + IDLE_TIMEOUT_MS - 60_000);
      expect((await me.fetch("/account")).status).toBe(200);
      clock = new Date(clock.getTime() + IDLE_TIMEOUT_MS + 1000);
      const r = await me.fetch("/account");
      expect(r.status).toBe(303);
      expect(r.headers.get("location")).toMatch(/^\/signin\?returnTo=/);
    } finally {
      clock = start;
    }
  });

  it("ends at the absolute limit even when active", async () => {
    const me = await signInAs(server, {});
    const start = clock;
    try {
      let t = start.getTime();
      while (t + 20 * 60_000 < start.getTime() + ABSOLUTE_TIMEOUT_MS) {
        t += 20 * 60_000;
        clock = new Date(t);
        expect((await me.fetch("/account")).status).toBe(200);
      }
      clock = new Date(start.getTime() + ABSOLUTE_TIMEOUT_MS + 1000);
      expect((await me.fetch("/account")).status).toBe(303);
    } finally {
      clock = start;
    }
  });

  it("sign out everywhere ends every session of the person", async () => {
    const a = await signInAs(server, {});
    const b = await sessionFor(server, a.personId);
    expect((await b.fetch("/account")).status).toBe(200);
    expect((await a.post("/signout", { scope: "everywhere" })).status).toBe(303);
    expect((await b.fetch("/account")).status).toBe(303);
    expect((await a.fetch("/account")).status).toBe(303);
    const audit = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from audit_events where action = 'identity.session.ended' and subject_id = ${a.personId}`,
    );
    expect(audit[0]!.n).toBe(1);
  });
});

describe("a form posted after the session ran out", () => {
  it("is kept, and comes back filled in after signing in again", async () => {
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const c = new Client(server.url);
    c.jar.set("medvirk_session", admin.token);
    const token = (await c.csrf("/vadso/admin/staff"))!;
    const start = clock;
    try {
      clock = new Date(start.getTime() + IDLE_TIMEOUT_MS + 60_000);
      const r = await c.post("/vadso/admin/staff", {
        _csrf: token,
        intent: "invite",
        email: "kept.value@example.org",
        role: "moderator",
      });
      expect(r.status).toBe(303);
      const loc = r.headers.get("location")!;
      expect(loc).toMatch(/^\/signin\?returnTo=%2Fvadso%2Fadmin%2Fstaff%3Frestore%3D/);
      const again = await sessionFor(server, admin.personId);
      c.jar.set("medvirk_session", again.token);
      const back = decodeURIComponent(new URL(loc, server.url).searchParams.get("returnTo")!);
      const html = await (await c.get(back)).text();
      expect(html).toContain('value="kept.value@example.org"');
      expect(html).toMatch(/<option value="moderator" selected/);
      // Single use.
      expect(await (await c.get(back)).text()).not.toContain("kept.value@example.org");
      // Nothing was saved by the refused post.
      const inv = await server.deps.db.rows<{ n: number }>(
        sql`select count(*)::int as n from staff_invitations where email = 'kept.value@example.org'`,
      );
      expect(inv[0]!.n).toBe(0);
    } finally {
      clock = start;
    }
  });
});

describe("staff", () => {
  it("an admin invites a secretary limited to one body; the invitation becomes a role at sign-in; all audited", async () => {
    const vadso = server.deps.tenants.bySlugOrAlias("vadso")!.municipality;
    const [body] = await server.deps.db.rows<{ id: string }>(
      sql`select id from bodies where tenant_id = ${vadso.id} order by key limit 1`,
    );
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const email = freshEmail();
    const bad = await admin.post("/vadso/admin/staff", { intent: "invite", email: "nope", role: "secretary" });
    expect(await bad.text()).toContain("Skriv en gyldig e-postadresse.");
    const r = await admin.post("/vadso/admin/staff", { intent: "invite", email, role: "secretary", bodyIds: body!.id });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain(`Invitasjon sendt til ${email}`);
    expect(devInbox(server.deps).find((m) => m.to === email)?.text).toMatch(/Møtesekretær/);

    const c = new Client(server.url);
    await signInWithCode(c, email, "/vadso/admin/staff");
    const [p] = await server.deps.db.db.select().from(persons).where(eq(persons.email, email));
    const ms = await server.deps.db.db.select().from(memberships).where(eq(memberships.personId, p!.id));
    expect(ms).toMatchObject([{ tenantId: vadso.id, role: "secretary", bodyIds: [body!.id] }]);
    // A secretary may not see the staff page.
    expect((await c.get("/vadso/admin/staff")).status).toBe(403);
    const actions = await server.deps.db.rows<{ action: string }>(
      sql`select action from audit_events where tenant_id = ${vadso.id} order by seq`,
    );
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(["identity.staff.invited", "identity.invitation.accepted"]),
    );
  });

  it("an admin removes a role and ends a staff member's sessions; the last admin stays", async () => {
    const vadso = server.deps.tenants.bySlugOrAlias("vadso")!.municipality;
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const mod = await signInAs(server, { tenant: "vadso", role: "moderator" });
    const end = await admin.post("/vadso/admin/staff", { intent: "endSessions", personId: mod.personId });
    expect(await end.text()).toContain("Personen er logget ut (1 økter avsluttet).");
    expect((await mod.fetch("/account")).status).toBe(303);
    const [m] = await server.deps.db.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.personId, mod.personId), eq(memberships.tenantId, vadso.id)));
    expect((await admin.post("/vadso/admin/staff", { intent: "remove", membershipId: m!.id })).status).toBe(200);
    expect(
      await server.deps.db.db.select().from(memberships).where(eq(memberships.personId, mod.personId)),
    ).toHaveLength(0);
    const removed = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from audit_events where action = 'identity.role.removed' and subject_id = ${mod.personId}`,
    );
    expect(removed[0]!.n).toBe(1);

    // The last admin of a municipality cannot be removed.
    const lone = await signInAs(server, { tenant: "oslo", role: "admin" });
    const oslo = server.deps.tenants.bySlugOrAlias("oslo")!.municipality;
    const [own] = await server.deps.db.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.personId, lone.personId), eq(memberships.tenantId, oslo.id)));
    expect(await (await lone.post("/oslo/admin/staff", { intent: "remove", membershipId: own!.id })).text()).toContain(
      "minst én administrator",
    );
  });

  it("staff of one municipality cannot see or change another's staff", async () => {
    const osloAdmin = await signInAs(server, { tenant: "oslo", role: "admin" });
    const mod = await signInAs(server, { tenant: "vadso", role: "moderator" });
    expect((await osloAdmin.fetch("/vadso/admin/staff")).status).toBe(403);
    expect((await osloAdmin.post("/vadso/admin/staff", { intent: "endSessions", personId: mod.personId })).status).toBe(
      403,
    );
    // Ending sessions of someone who is not staff here: refused, nothing ends.
    const vadsoAdmin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const r = await vadsoAdmin.post("/vadso/admin/staff", { intent: "endSessions", personId: osloAdmin.personId });
    expect(await r.text()).toContain("Fant ikke denne personen");
    expect((await osloAdmin.fetch("/oslo/admin/staff")).status).toBe(200);
  });
});
