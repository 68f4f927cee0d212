import { and, eq, lt } from "drizzle-orm";
import * as client from "openid-client";
import type { Deps } from "#app/lib/deps.ts";
import { oidcConfigured, type Env } from "#app/lib/env.ts";
import { oidcTransactions, personIdentities, persons, tenantAuthSettings } from "#db/schema/index.ts";
import { appendAudit, audit } from "./audit.server.ts";
import { BIND_COOKIE } from "./cookies.ts";
import { readReqCookie, setCookie } from "./http.server.ts";
import { keyedHash, randomToken, sha256 } from "./keys.server.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { getActor } from "./session.server.ts";

// Sign-in through OpenID Connect as ID-porten does it
// (docs/decisions/011-one-time-codes-and-oidc.md): authorization code + PKCE
// (S256), state and nonce, acr_values asked for and the `acr` of the ID token
// checked, pairwise `sub` kept as the link, `pid` (fødselsnummer) kept only as
// a keyed hash. The transaction between redirect and callback is stored
// server-side (state hashed), bound to the browser by a cookie, single use,
// 10 minutes.
export const OIDC_TX_TTL_MS = 10 * 60_000;
const ACR_RANK: Record<string, number> = { "idporten-loa-substantial": 1, "idporten-loa-high": 2 };

const metadataCache = new WeakMap<Env, Promise<client.ServerMetadata>>();

function allowHttp(issuer: string): boolean {
  const u = new URL(issuer);
  return u.protocol === "http:" && (u.hostname === "127.0.0.1" || u.hostname === "localhost" || u.hostname === "[::1]");
}

async function serverMetadata(env: Env): Promise<client.ServerMetadata> {
  let p = metadataCache.get(env);
  if (!p) {
    const issuer = env.OIDC_ISSUER!;
    p = client
      .discovery(
        new URL(issuer),
        env.OIDC_CLIENT_ID!,
        undefined,
        client.ClientSecretBasic(env.OIDC_CLIENT_SECRET!),
        allowHttp(issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .then((c) => ({ ...c.serverMetadata() }));
    p.catch(() => metadataCache.delete(env));
    metadataCache.set(env, p);
  }
  return p;
}

/** A client configuration whose clock is deps.now() (so tests can move time). */
async function configuration(deps: Deps): Promise<client.Configuration> {
  const env = deps.env;
  const skew = Math.round((deps.now().getTime() - Date.now()) / 1000);
  const config = new client.Configuration(
    await serverMetadata(env),
    env.OIDC_CLIENT_ID!,
    { client_secret: env.OIDC_CLIENT_SECRET!, [client.clockSkew]: skew },
    client.ClientSecretBasic(env.OIDC_CLIENT_SECRET!),
  );
  if (allowHttp(env.OIDC_ISSUER!)) client.allowInsecureRequests(config);
  return config;
}

/** Whether the ID-porten button is shown: configured for the installation, not switched off by the municipality. */
export async function oidcAvailable(deps: Deps, returnTo: string): Promise<boolean> {
  if (!oidcConfigured(deps.env)) return false;
  const slug = returnTo.split(/[/?#]/)[1] ?? "";
  const tenant = slug ? deps.tenants.bySlugOrAlias(slug)?.municipality : null;
  if (!tenant) return true;
  const [s] = await deps.db.db
    .select({ on: tenantAuthSettings.oidcEnabled })
    .from(tenantAuthSettings)
    .where(eq(tenantAuthSettings.tenantId, tenant.id));
  return s?.on ?? true;
}

function callbackUrl(request: Request, deps: Deps): string {
  const base = deps.env.PUBLIC_URL ?? new URL(request.url).origin;
  return new URL("/auth/oidc/callback", base).href;
}

/** Starts a sign-in: stores the transaction and answers with the redirect to the provider. */
export async function startOidc(request: Request, deps: Deps, returnTo: string): Promise<Response> {
  const config = await configuration(deps);
  const now = deps.now();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const headers = new Headers();
  let bind = readReqCookie(request, deps, BIND_COOKIE);
  if (!bind || bind.length > 100) {
    bind = randomToken(24);
    headers.append("Set-Cookie", setCookie(request, deps, BIND_COOKIE, bind));
  }
  await deps.db.db.delete(oidcTransactions).where(lt(oidcTransactions.expiresAt, now));
  await deps.db.db.insert(oidcTransactions).values({
    id: sha256(state),
    browserHash: sha256(bind),
    nonce,
    codeVerifier,
    returnTo,
    createdAt: now,
    expiresAt: new Date(now.getTime() + OIDC_TX_TTL_MS),
  });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(request, deps),
    scope: "openid profile",
    response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    acr_values: deps.env.OIDC_ACR,
    ui_locales: "nb nn en se",
  });
  headers.set("Location", url.href);
  return new Response(null, { status: 303, headers });
}

export type OidcRefusal = "state" | "nonce" | "acr" | "expired" | "denied" | "failed";

/** Reads the error and its causes (openid-client wraps oauth4webapi's errors). */
function describe(e: unknown, depth = 0): string {
  if (!e || depth > 4) return "";
  if (typeof e !== "object") return String(e);
  const o = e as { message?: unknown; code?: unknown; claim?: unknown; error?: unknown; cause?: unknown };
  return (
    [o.message, o.code, o.claim, o.error].filter((x) => typeof x === "string").join(" ") +
    " " +
    describe(o.cause, depth + 1)
  );
}

function classify(e: unknown): OidcRefusal {
  const msg = describe(e);
  if (/nonce/i.test(msg)) return "nonce";
  if (/"exp"|\bexp\b|expir|TIMESTAMP/i.test(msg)) return "expired";
  if (/access_denied/.test(msg)) return "denied";
  return "failed";
}

/**
 * Finishes a sign-in at the callback. Nothing is created unless every check
 * passes: known, unexpired, unused state from this browser; code exchanged
 * with the PKCE verifier; ID token signature, issuer, audience, expiry and
 * nonce (openid-client); acr at least the level asked for; pid present.
 */
export async function finishOidc(
  request: Request,
  deps: Deps,
): Promise<
  Result<{ personId: string; returnTo: string; level: "substantial" | "high" }, { code: OidcRefusal; status: number }>
> {
  const url = new URL(request.url);
  const state = url.searchParams.get("state");
  const bind = readReqCookie(request, deps, BIND_COOKIE);
  const now = deps.now();
  const refuse = async (code: OidcRefusal, detail?: string) => {
    deps.log.warn({ reason: code, detail }, "OpenID Connect sign-in refused");
    await audit(deps.db.db, now, { action: "identity.oidc.refused", data: { reason: code } });
    return fail(code, 400) as unknown as Result<never, { code: OidcRefusal; status: number }>;
  };
  if (!state || !bind || state.length > 200) return refuse("state");
  // Single use: the row is deleted as it is read.
  const [tx] = await deps.db.db
    .delete(oidcTransactions)
    .where(and(eq(oidcTransactions.id, sha256(state)), eq(oidcTransactions.browserHash, sha256(bind))))
    .returning();
  if (!tx || tx.expiresAt <= now) return refuse("state");
  if (url.searchParams.get("error"))
    return refuse(
      url.searchParams.get("error") === "access_denied" ? "denied" : "failed",
      url.searchParams.get("error") ?? undefined,
    );

  let claims: client.IDToken;
  try {
    const config = await configuration(deps);
    const callback = new URL(callbackUrl(request, deps));
    callback.search = url.search;
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: tx.codeVerifier,
      expectedState: state,
      expectedNonce: tx.nonce,
      idTokenExpected: true,
    });
    const c = tokens.claims();
    if (!c) return refuse("failed", "no id token");
    claims = c;
  } catch (e) {
    return refuse(classify(e), e instanceof Error ? e.message : String(e));
  }
  const acr = typeof claims.acr === "string" ? claims.acr : "";
  if (!ACR_RANK[acr] || ACR_RANK[acr]! < ACR_RANK[deps.env.OIDC_ACR]!) return refuse("acr", acr);
  const pid = typeof claims.pid === "string" ? claims.pid : null;
  if (!pid || !/^\d{11}$/.test(pid)) return refuse("failed", "no pid");
  const level = acr === "idporten-loa-high" ? "high" : "substantial";
  const provider = deps.env.OIDC_ISSUER!;
  const pidHash = keyedHash(deps.env, "pid", pid);
  const current = await getActor(request, deps);

  const personId = await deps.db.db.transaction(async (t) => {
    const [bySub] = await t
      .select()
      .from(personIdentities)
      .where(and(eq(personIdentities.provider, provider), eq(personIdentities.subject, claims.sub)));
    const [byPid] = bySub
      ? [bySub]
      : await t
          .select()
          .from(personIdentities)
          .where(and(eq(personIdentities.provider, provider), eq(personIdentities.pidHash, pidHash)))
          .limit(1);
    let id = byPid?.personId ?? current?.id ?? null;
    if (!id) {
      const [p] = await t.insert(persons).values({}).returning({ id: persons.id });
      id = p!.id;
    }
    if (bySub)
      await t.update(personIdentities).set({ lastUsedAt: now, acr, pidHash }).where(eq(personIdentities.id, bySub.id));
    else
      await t
        .insert(personIdentities)
        .values({ personId: id, provider, subject: claims.sub, pidHash, acr, createdAt: now, lastUsedAt: now });
    await t.update(persons).set({ eidLevel: level, eidVerifiedAt: now }).where(eq(persons.id, id));
    await appendAudit(t, now, {
      actorPersonId: id,
      action: "identity.oidc.verified",
      subjectType: "person",
      subjectId: id,
      data: { acr, linked: !byPid },
    });
    return id;
  });
  return ok({ personId, returnTo: tx.returnTo, level });
}
