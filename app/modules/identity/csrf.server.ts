import { createHmac, timingSafeEqual } from "node:crypto";
import type { ActionFunctionArgs, ServerBuild } from "@remix-run/node";
import type { Deps } from "#app/lib/deps.ts";
import { bodyProblem, isBodyTooLarge } from "#app/lib/request-body.server.ts";
import { keyFor } from "./keys.server.ts";
import { forbidden, getActor } from "./session.server.ts";

// Per-form CSRF tokens (synchronizer token bound to the session):
//   token = HMAC-SHA256(csrf key, session id), base64url.
// Rendered by <CsrfInput /> (./csrf.tsx) from the root loader's `csrf`, and
// checked for EVERY route action by withCsrf(build) (wired in server/app.ts),
// so no route has to remember to call it. Anonymous requests carry no token
// (there is no session to ride on; they are covered by the cross-origin check
// in server/csrf.ts, and anonymous pages stay cacheable). A route that takes
// posts from other servers (webhooks) opts out with `handle = { csrf: false }`
// and authenticates them itself (e.g. Twilio's signature).
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";

export function csrfTokenForSession(deps: Deps, sessionId: string): string {
  return createHmac("sha256", keyFor(deps.env, "csrf")).update(sessionId).digest("base64url");
}

/** The token to render in this request's forms, or null when nobody is signed in. */
export async function csrfToken(request: Request, deps: Deps): Promise<string | null> {
  const actor = await getActor(request, deps);
  return actor ? csrfTokenForSession(deps, actor.sessionId) : null;
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Throws a translated 403 when a signed-in request lacks the right token. */
export async function verifyCsrf(request: Request, deps: Deps): Promise<void> {
  if (["GET", "HEAD", "OPTIONS"].includes(request.method)) return;
  const actor = await getActor(request, deps);
  if (!actor) return;
  let sent = request.headers.get(CSRF_HEADER);
  if (!sent) {
    const type = request.headers.get("content-type") ?? "";
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      try {
        const v = (await request.clone().formData()).get(CSRF_FIELD);
        sent = typeof v === "string" ? v : null;
      } catch (err) {
        // A body over its limit is answered as such (413), not as a missing token.
        if (isBodyTooLarge(err)) throw bodyProblem(request, err);
        sent = null;
      }
    }
  }
  if (!sent || !equal(sent, csrfTokenForSession(deps, actor.sessionId))) {
    deps.log.warn({ path: new URL(request.url).pathname, person: actor.id }, "csrf token missing or wrong");
    throw forbidden(request, deps);
  }
}

type RouteModule = ServerBuild["routes"][string]["module"];

/** Wraps every route action of a build with verifyCsrf (routes with handle.csrf === false excepted). */
export function withCsrf(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const mod = route.module as RouteModule & { handle?: { csrf?: boolean } };
    const action = mod.action;
    if (!action || mod.handle?.csrf === false) {
      routes[id] = route;
      continue;
    }
    const guarded = async (args: ActionFunctionArgs) => {
      await verifyCsrf(args.request, args.context.deps);
      return action(args);
    };
    routes[id] = { ...route, module: { ...mod, action: guarded } as RouteModule };
  }
  return { ...build, routes };
}
