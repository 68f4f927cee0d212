import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "#app/lib/deps.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { API_TOKEN_SCOPES, apiTokens } from "#db/schema/index.ts";
import { audit } from "./audit.server.ts";
import { keyedHash } from "./keys.server.ts";
import { can, type Actor } from "./permissions.ts";

// API tokens for case systems (issue 17): a municipality's admin creates a token for its case
// system, which then fetches input reports (the arkivmelding) unattended with
// `Authorization: Bearer <token>`. The token is shown once; the database keeps a keyed hash
// (HMAC with the installation's key), so a stolen table cannot be replayed. Each token belongs to
// one municipality and one scope; every use is audited.
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];
const PREFIX = "mvk_";

const nameSchema = z.string().trim().min(1).max(100);

const hashOf = (deps: Deps, token: string) => keyedHash(deps.env, "apiToken", token);

export async function createApiToken(
  deps: Deps,
  actor: Actor,
  input: { tenantId: string; name: string; scope?: ApiTokenScope },
): Promise<Result<{ id: string; token: string }>> {
  if (!can(actor, "manage:apitoken:tenant", { tenantId: input.tenantId })) return fail("forbidden", 403);
  const name = nameSchema.safeParse(input.name);
  if (!name.success) return fail("apiTokens.nameRequired", 400, { field: "name" });
  const token = PREFIX + randomBytes(32).toString("base64url");
  const now = deps.now();
  const [row] = await deps.db.db
    .insert(apiTokens)
    .values({
      tenantId: input.tenantId,
      name: name.data,
      scope: input.scope ?? "reports:read",
      tokenHash: hashOf(deps, token),
      hint: token.slice(0, PREFIX.length + 4),
      createdByPersonId: actor.id,
      createdAt: now,
    })
    .returning({ id: apiTokens.id });
  await audit(deps.db.db, now, {
    tenantId: input.tenantId,
    actorPersonId: actor.id,
    action: "identity.apiToken.created",
    subjectType: "apiToken",
    subjectId: row!.id,
    data: { scope: input.scope ?? "reports:read" },
  });
  return ok({ id: row!.id, token });
}

export async function revokeApiToken(
  deps: Deps,
  actor: Actor,
  input: { tenantId: string; tokenId: string },
): Promise<Result<null>> {
  if (!can(actor, "manage:apitoken:tenant", { tenantId: input.tenantId })) return fail("forbidden", 403);
  if (!z.string().uuid().safeParse(input.tokenId).success) return fail("apiTokens.notFound", 404);
  const now = deps.now();
  const done = await deps.db.db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.tenantId, input.tenantId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (!done.length) return fail("apiTokens.notFound", 404);
  await audit(deps.db.db, now, {
    tenantId: input.tenantId,
    actorPersonId: actor.id,
    action: "identity.apiToken.revoked",
    subjectType: "apiToken",
    subjectId: input.tokenId,
  });
  return ok(null);
}

export async function listApiTokens(deps: Deps, tenantId: string) {
  return deps.db.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      hint: apiTokens.hint,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.tenantId, tenantId))
    .orderBy(desc(apiTokens.createdAt));
}

/**
 * The token on a request (`Authorization: Bearer …`), if it is live, of this municipality and of
 * this scope; the use is audited with what was read. Any other token is refused the same way, so
 * a caller learns nothing about tokens of other municipalities.
 */
export async function authenticateApiToken(
  deps: Deps,
  request: Request,
  need: { tenantId: string; scope: ApiTokenScope; subjectType: string; subjectId: string },
): Promise<Result<{ tokenId: string }>> {
  const header = request.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(mvk_[A-Za-z0-9_-]{20,100})\s*$/.exec(header);
  if (!m) return fail("apiTokens.missing", 401);
  const [row] = await deps.db.db
    .select({ id: apiTokens.id, tenantId: apiTokens.tenantId, scope: apiTokens.scope, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashOf(deps, m[1]!)));
  if (!row || row.revokedAt || row.tenantId !== need.tenantId) return fail("apiTokens.invalid", 401);
  if (row.scope !== need.scope) return fail("apiTokens.scope", 403);
  const now = deps.now();
  await deps.db.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  await audit(deps.db.db, now, {
    tenantId: need.tenantId,
    action: "identity.apiToken.used",
    subjectType: need.subjectType,
    subjectId: need.subjectId,
    data: { tokenId: row.id, scope: need.scope },
  });
  return ok({ tokenId: row.id });
}
