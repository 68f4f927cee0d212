import { safeReturnTo } from "./return-to.ts";
import { redirect } from "@remix-run/node";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { memberships, persons, residentVerifications, sessions, staffInvitations } from "#db/schema/index.ts";
import { appendAudit } from "./audit.server.ts";
import { isSecureRequest, readCookie, serializeCookie, SESSION_COOKIE } from "./cookies.ts";
import { randomToken, sha256 } from "./keys.server.ts";
import { stashForm } from "./stash.server.ts";
import { levelOf, type VerificationFacts, type VerificationLevel } from "./levels.ts";
import { can, membershipsFromRows, type Actor, type Resource } from "./permissions.ts";
import type { Permission } from "./roles.ts";

/*
 * Sessions and the signed-in actor (issue 3; docs/decisions/010-sessions-and-csrf.md).
 *
 * USAGE in a loader or action (thin route, STYLE.md):
 *
 *   import { getActor, requireUser, requireStaff } from "#app/modules/identity/session.server.ts";
 *
 *   const actor = await getActor(request, context.deps);          // SessionActor | null (anyone)
 *   const me = await requireUser(request, context.deps);          // signed in, else 303 → /signin?returnTo=…
 *   const staff = await requireStaff(request, context.deps, tenant.id, "manage:meeting:body", { bodyId });
 *       // not signed in → 303 → /signin?returnTo=… ; signed in without the permission → translated 403
 *   can(actor, "manage:case:tenant", { tenantId })                // from ./permissions.ts, for hiding UI
 *   actorLevel(actor, tenantId)                                   // "none" | "email" | "phone" | "eid" | "resident"
 *
 * Every <form method="post"> renders <CsrfInput /> (./csrf.tsx); the server
 * checks the token of every action centrally (./csrf.server.ts), so routes do
 * not call anything for CSRF themselves.
 *
 * Tests: tests/setup/auth.ts → signInAs(server, { tenant: "vadso", role: "secretary", bodyIds }).
 */

export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** lastSeenAt is written at most this often (a write per request would cost throughput). */
const TOUCH_EVERY_MS = 60_000;

export type SignInMethod = "email" | "phone" | "oidc";

export interface SessionActor extends Actor {
  /** Same as `id`: the person's id. */
  personId: string;
  /** The session row's id (SHA-256 of the cookie token), for "this device" in the session list. */
  sessionId: string;
  method: SignInMethod;
  displayName: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  verification: VerificationFacts;
}

/** The person's verification level in a municipality (resident-verified counts only there). */
export function actorLevel(actor: SessionActor | null, tenantId: string | null): VerificationLevel {
  return levelOf(actor?.verification ?? null, tenantId);
}

const secureFor = (request: Request, deps: Deps) => isSecureRequest(request.url, deps.env.PUBLIC_URL);

/** The session token from the request's cookie, or null. */
export function sessionToken(request: Request, deps: Deps): string | null {
  return readCookie(request.headers.get("cookie"), SESSION_COOKIE, secureFor(request, deps));
}

const memo = new WeakMap<Request, Promise<SessionActor | null>>();

/** The signed-in person, or null (no cookie, unknown, idle for 30 min, or past the absolute limit). */
export function getActor(request: Request, deps: Deps): Promise<SessionActor | null> {
  let p = memo.get(request);
  if (!p) {
    p = loadActor(request, deps);
    memo.set(request, p);
  }
  return p;
}

async function loadActor(request: Request, deps: Deps): Promise<SessionActor | null> {
  const token = sessionToken(request, deps);
  if (!token || token.length > 100) return null;
  return actorForSessionId(deps, sha256(token));
}

export async function actorForSessionId(deps: Deps, sessionId: string): Promise<SessionActor | null> {
  const { db } = deps.db;
  const now = deps.now();
  const [row] = await db
    .select({ s: sessions, p: persons })
    .from(sessions)
    .innerJoin(persons, eq(persons.id, sessions.personId))
    .where(eq(sessions.id, sessionId))
    .limit(1);
  if (!row) return null;
  const { s, p } = row;
  if (p.deletedAt || s.expiresAt <= now || s.lastSeenAt.getTime() + IDLE_TIMEOUT_MS <= now.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, sessionId));
    return null;
  }
  if (now.getTime() - s.lastSeenAt.getTime() >= TOUCH_EVERY_MS)
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
  const [ms, rv] = await Promise.all([
    db
      .select({ tenantId: memberships.tenantId, role: memberships.role, bodyIds: memberships.bodyIds })
      .from(memberships)
      .where(eq(memberships.personId, p.id)),
    db
      .select({ tenantId: residentVerifications.tenantId })
      .from(residentVerifications)
      .where(eq(residentVerifications.personId, p.id)),
  ]);
  return {
    id: p.id,
    personId: p.id,
    sessionId,
    method: s.method,
    memberships: membershipsFromRows(ms),
    platformAdmin: p.platformOperator,
    displayName: p.displayName,
    email: p.email,
    phone: p.phone,
    locale: p.locale,
    verification: {
      emailVerifiedAt: p.emailVerifiedAt,
      phoneVerifiedAt: p.phoneVerifiedAt,
      eidLevel: p.eidLevel,
      residentIn: rv.map((r) => r.tenantId),
    },
  };
}

export { safeReturnTo };

export function signInUrl(request: Request, returnTo?: string): string {
  const u = new URL(request.url);
  const back = returnTo ?? (request.method === "GET" ? u.pathname + u.search : u.pathname);
  return `/signin?returnTo=${encodeURIComponent(safeReturnTo(back))}`;
}

/** The signed-in person; otherwise throws a 303 to the sign-in page that comes back here. */
export async function requireUser(request: Request, deps: Deps): Promise<SessionActor> {
  const actor = await getActor(request, deps);
  if (actor) return actor;
  if (request.method !== "GET" && request.method !== "HEAD") {
    // A form posted after the session ran out: keep what was typed (./stash.server.ts).
    throw await stashForm(request, deps);
  }
  throw redirect(signInUrl(request), 303);
}

/**
 * A 403. The root error boundary shows it translated (common: error.forbiddenTitle/Body);
 * this module stays free of the Vite-only i18n bundle so server/ can use it too.
 */
export function forbidden(_request?: Request, _deps?: Deps): Response {
  return new Response("Forbidden", {
    status: 403,
    statusText: "Forbidden",
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * Staff only: the signed-in person must hold `permission` in municipality
 * `tenantId` (and on `resource.bodyId` for body-scoped permissions).
 */
export async function requireStaff(
  request: Request,
  deps: Deps,
  tenantId: string,
  permission: Permission,
  resource: Omit<Resource, "tenantId"> = {},
): Promise<SessionActor> {
  const actor = await requireUser(request, deps);
  if (!can(actor, permission, { ...resource, tenantId })) throw forbidden(request, deps);
  return actor;
}

/**
 * Starts a session for `personId` (after a code, OpenID Connect or a test
 * helper), ending the session the browser had (rotation: a fresh id on every
 * sign-in). Returns the Set-Cookie header value. Audited.
 */
export async function createSession(
  deps: Deps,
  opts: { personId: string; method: SignInMethod; request?: Request; secure?: boolean },
): Promise<{ token: string; sessionId: string; setCookie: string }> {
  const now = deps.now();
  const token = randomToken(32); // 256 bits
  const sessionId = sha256(token);
  const old = opts.request ? sessionToken(opts.request, deps) : null;
  await deps.db.db.transaction(async (tx) => {
    if (old) await tx.delete(sessions).where(eq(sessions.id, sha256(old)));
    // Housekeeping: this person's dead sessions.
    await tx
      .delete(sessions)
      .where(
        and(
          eq(sessions.personId, opts.personId),
          or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - IDLE_TIMEOUT_MS))),
        ),
      );
    await tx.insert(sessions).values({
      id: sessionId,
      personId: opts.personId,
      method: opts.method,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
    });
    await acceptInvitations(tx, deps, opts.personId);
    await appendAudit(tx, now, {
      actorPersonId: opts.personId,
      action: "identity.session.created",
      subjectType: "person",
      subjectId: opts.personId,
      data: { method: opts.method },
    });
  });
  const secure =
    opts.secure ?? (opts.request ? secureFor(opts.request, deps) : !!deps.env.PUBLIC_URL?.startsWith("https:"));
  return { token, sessionId, setCookie: serializeCookie(SESSION_COOKIE, token, secure, ABSOLUTE_TIMEOUT_MS / 1000) };
}

/** Staff invitations to the person's confirmed e-mail become memberships when they sign in. */
async function acceptInvitations(
  tx: Parameters<Parameters<Deps["db"]["db"]["transaction"]>[0]>[0],
  deps: Deps,
  personId: string,
): Promise<void> {
  const now = deps.now();
  const [p] = await tx
    .select({ email: persons.email, verified: persons.emailVerifiedAt })
    .from(persons)
    .where(eq(persons.id, personId));
  if (!p?.email || !p.verified) return;
  const open = await tx
    .select()
    .from(staffInvitations)
    .where(and(eq(staffInvitations.email, p.email), isNull(staffInvitations.acceptedAt)));
  for (const inv of open) {
    if (inv.expiresAt <= now) continue;
    await tx
      .insert(memberships)
      .values({
        tenantId: inv.tenantId,
        personId,
        role: inv.role,
        bodyIds: inv.bodyIds,
        createdByPersonId: inv.invitedByPersonId,
      })
      .onConflictDoUpdate({
        target: [memberships.tenantId, memberships.personId, memberships.role],
        set: { bodyIds: inv.bodyIds },
      });
    await tx
      .update(staffInvitations)
      .set({ acceptedAt: now, acceptedPersonId: personId })
      .where(eq(staffInvitations.id, inv.id));
    await appendAudit(tx, now, {
      tenantId: inv.tenantId,
      actorPersonId: personId,
      action: "identity.invitation.accepted",
      subjectType: "person",
      subjectId: personId,
      data: { role: inv.role, bodyIds: inv.bodyIds, invitationId: inv.id },
    });
  }
}

/** The Set-Cookie that removes the session cookie. */
export function clearSessionCookie(request: Request, deps: Deps): string {
  return serializeCookie(SESSION_COOKIE, "", secureFor(request, deps), 0);
}

/** Ends this browser's session. Returns the Set-Cookie that clears the cookie. */
export async function endSession(request: Request, deps: Deps): Promise<string> {
  const token = sessionToken(request, deps);
  const secure = secureFor(request, deps);
  if (token) {
    const actor = await getActor(request, deps);
    await deps.db.db.transaction(async (tx) => {
      await tx.delete(sessions).where(eq(sessions.id, sha256(token)));
      if (actor)
        await appendAudit(tx, deps.now(), {
          actorPersonId: actor.id,
          action: "identity.session.ended",
          subjectType: "person",
          subjectId: actor.id,
          data: { scope: "this" },
        });
    });
    // Live sockets of this session close too (server/live.ts).
    deps.bus.publish({ type: "identity.session.ended", tenantId: "", sessionIds: [sha256(token)] });
  }
  return serializeCookie(SESSION_COOKIE, "", secure, 0);
}

/**
 * Ends every session of `personId` ("sign out everywhere", or staff ending a
 * person's sessions: then `tenantId` and the staff member are recorded).
 */
export async function endAllSessions(
  deps: Deps,
  personId: string,
  by: { actorPersonId: string; tenantId?: string | null },
): Promise<number> {
  const gone = await deps.db.db.transaction(async (tx) => {
    const gone = await tx.delete(sessions).where(eq(sessions.personId, personId)).returning({ id: sessions.id });
    await appendAudit(tx, deps.now(), {
      tenantId: by.tenantId ?? null,
      actorPersonId: by.actorPersonId,
      action: "identity.session.ended",
      subjectType: "person",
      subjectId: personId,
      data: { scope: "all", count: gone.length },
    });
    return gone;
  });
  deps.bus.publish({ type: "identity.session.ended", tenantId: by.tenantId ?? "", sessionIds: gone.map((g) => g.id) });
  return gone.length;
}

/** The person's live sessions (for "where am I signed in"). */
export async function listSessions(deps: Deps, personId: string) {
  const now = deps.now();
  const rows = await deps.db.db.select().from(sessions).where(eq(sessions.personId, personId));
  return rows.filter((s) => s.expiresAt > now && s.lastSeenAt.getTime() + IDLE_TIMEOUT_MS > now.getTime());
}
