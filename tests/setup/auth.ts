import { randomBytes } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import type { Deps } from "#app/lib/deps.ts";
import { memberships, persons, residentVerifications } from "#db/schema/index.ts";
import { SESSION_COOKIE } from "#app/modules/identity/cookies.ts";
import { csrfTokenForSession } from "#app/modules/identity/csrf.server.ts";
import { createSession } from "#app/modules/identity/session.server.ts";
import type { StaffRole } from "#app/modules/identity/roles.ts";

/**
 * Signs a test person in on a running test server (tests/setup/server.ts), without the UI.
 *
 *   const server = await startTestServer();
 *   const sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [bodyId] });
 *   await sec.fetch("/vadso/admin");                       // GET with the session cookie
 *   await sec.post("/vadso/admin/bodies", { name: "x" });   // form POST with _csrf added
 *   await sec.signInBrowser(page);                          // a Chromium page/context is now signed in
 *
 * role: a staff role of `tenant` ("admin" | "secretary" | "moderator"), "resident" (no role),
 * or "operator" (platform operator). level: "email" (default) | "phone" | "eid" | "resident".
 * The test server speaks plain http, so the cookie is `medvirk_session` (no __Host- prefix,
 * no Secure; docs/decisions/010-sessions-and-csrf.md).
 */
export interface SignInOptions {
  tenant?: string;
  role?: StaffRole | "resident" | "operator";
  bodyIds?: string[];
  email?: string;
  name?: string;
  level?: "none" | "email" | "phone" | "eid" | "resident";
}

export interface TestSession {
  personId: string;
  email: string;
  token: string;
  /** "medvirk_session=…", for a Cookie header. */
  cookie: string;
  csrf: string;
  headers(extra?: Record<string, string>): Record<string, string>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** POSTs a urlencoded form (with _csrf), not following redirects. */
  post(path: string, fields?: Record<string, string>): Promise<Response>;
  signInBrowser(target: Page | BrowserContext): Promise<void>;
}

export async function createTestPerson(
  deps: Deps,
  opts: SignInOptions = {},
): Promise<{ personId: string; email: string }> {
  const { db } = deps.db;
  const now = deps.now();
  const email = (opts.email ?? `test-${randomBytes(6).toString("hex")}@example.org`).toLowerCase();
  const level = opts.level ?? "email";
  const tenantId = opts.tenant ? resolveTenant(deps, opts.tenant) : null;
  const [p] = await db
    .insert(persons)
    .values({
      email,
      displayName: opts.name ?? null,
      emailVerifiedAt: level === "none" ? null : now,
      phone: level === "phone" ? `+47${40000000 + Math.floor(Math.random() * 9_999_999)}` : null,
      phoneVerifiedAt: level === "phone" ? now : null,
      eidLevel: level === "eid" ? "substantial" : null,
      eidVerifiedAt: level === "eid" ? now : null,
      platformOperator: opts.role === "operator",
    })
    .returning({ id: persons.id });
  const personId = p!.id;
  if (opts.role && opts.role !== "resident" && opts.role !== "operator") {
    if (!tenantId) throw new Error("signInAs: a staff role needs `tenant`");
    await db.insert(memberships).values({ tenantId, personId, role: opts.role, bodyIds: opts.bodyIds ?? [] });
  }
  if (level === "resident") {
    if (!tenantId) throw new Error("signInAs: level resident needs `tenant`");
    await db.insert(residentVerifications).values({ tenantId, personId, method: "staff", verifiedAt: now });
  }
  return { personId, email };
}

function resolveTenant(deps: Deps, tenant: string): string {
  if (/^[0-9a-f-]{36}$/.test(tenant)) return tenant;
  const found = deps.tenants.bySlugOrAlias(tenant);
  if (!found) throw new Error(`signInAs: no municipality "${tenant}"`);
  return found.municipality.id;
}

export async function signInAs(server: { deps: Deps; url: string }, opts: SignInOptions = {}): Promise<TestSession> {
  const { personId, email } = await createTestPerson(server.deps, opts);
  return sessionFor(server, personId, email);
}

/** A session for an existing person. */
export async function sessionFor(
  server: { deps: Deps; url: string },
  personId: string,
  email = "",
): Promise<TestSession> {
  const { token, sessionId } = await createSession(server.deps, { personId, method: "email", secure: false });
  const cookie = `${SESSION_COOKIE}=${token}`;
  const csrf = csrfTokenForSession(server.deps, sessionId);
  const headers = (extra: Record<string, string> = {}) => ({
    cookie: extra.cookie ? `${cookie}; ${extra.cookie}` : cookie,
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "cookie")),
  });
  return {
    personId,
    email,
    token,
    cookie,
    csrf,
    headers,
    fetch: (path, init = {}) =>
      fetch(new URL(path, server.url), {
        redirect: "manual",
        ...init,
        headers: headers((init.headers as Record<string, string>) ?? {}),
      }),
    post: (path, fields = {}) =>
      fetch(new URL(path, server.url), {
        method: "POST",
        redirect: "manual",
        headers: headers({ "content-type": "application/x-www-form-urlencoded" }),
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      }),
    signInBrowser: async (target) => {
      const context =
        "context" in target && typeof target.context === "function"
          ? (target as Page).context()
          : (target as BrowserContext);
      await context.addCookies([
        { name: SESSION_COOKIE, value: token, url: server.url, httpOnly: true, sameSite: "Lax" },
      ]);
    },
  };
}
