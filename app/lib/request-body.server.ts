import type { ActionFunctionArgs, ServerBuild } from "@remix-run/node";
import { dirOf, readLangCookie, resolveLocale, type Locale } from "./i18n.ts";
import { tFor } from "./i18next.server.ts";

// Request bodies (issue 21, defects 3 and 4; docs/decisions/062-request-body-limits-and-parse-errors.md).
// server/body-limit.ts refuses a body over its route's limit before reading it
// (Content-Length) or as soon as the streamed bytes pass it (chunked): the
// stream then fails with BODY_TOO_LARGE. Here every route action's request gets
// body readers that turn any failure (too large, not a form, no boundary,
// truncated multipart, NUL characters) into a translated 4xx instead of a 500.

/** The code of the error a body stream fails with when it passes its limit (set by server/body-limit.ts). */
export const BODY_TOO_LARGE = "MEDVIRK_BODY_TOO_LARGE";

export type HttpProblem = "badRequest" | "tooLarge";

export function isBodyTooLarge(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    if ((e as { code?: unknown }).code === BODY_TOO_LARGE) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function localeOfHeaders(cookie: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  return resolveLocale({ cookie: readLangCookie(cookie), acceptLanguage });
}

/** Title and sentence of a translated 400/413. */
export function problemText(locale: Locale, problem: HttpProblem): { title: string; body: string } {
  const t = tFor(locale);
  return { title: t(`error.${problem}Title`), body: t(`error.${problem}Body`) };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A small translated HTML page, for answers given before Remix runs (server/). */
export function problemPage(locale: Locale, problem: HttpProblem): string {
  const { title, body } = problemText(locale, problem);
  const t = tFor(locale);
  return `<!doctype html><html lang="${locale}" dir="${dirOf(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} – ${escapeHtml(t("app.name"))}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p><p><a href="/">${escapeHtml(t("error.backHome"))}</a></p></main></body></html>`;
}

/** The translated 4xx a route throws for a body it cannot read (root ErrorBoundary shows the page). */
export function bodyProblem(request: Request, err: unknown): Response {
  const problem: HttpProblem = isBodyTooLarge(err) ? "tooLarge" : "badRequest";
  const locale = localeOfHeaders(request.headers.get("cookie"), request.headers.get("accept-language"));
  const { title, body } = problemText(locale, problem);
  return new Response(`${title}. ${body}`, {
    status: problem === "tooLarge" ? 413 : 400,
    headers: { "content-type": "text/plain; charset=utf-8", "content-language": locale },
  });
}

const hasNul = (form: FormData) => {
  for (const [k, v] of form.entries()) if (k.includes("\0") || (typeof v === "string" && v.includes("\0"))) return true;
  return false;
};

/**
 * Replaces the request's body readers with ones that throw a translated 4xx
 * Response on any failure. A form field (or name) holding NUL is refused: no
 * text we keep may contain it (PostgreSQL cannot store it).
 */
export function guardBody(request: Request): Request {
  const formData = request.formData.bind(request);
  const readers = ["text", "json", "arrayBuffer", "blob"] as const;
  for (const name of readers) {
    const read = (request[name] as () => Promise<unknown>).bind(request);
    Object.defineProperty(request, name, {
      value: () =>
        read().catch((err: unknown) => {
          throw bodyProblem(request, err);
        }),
    });
  }
  Object.defineProperty(request, "formData", {
    value: async () => {
      let form: FormData;
      try {
        form = await formData();
      } catch (err) {
        throw bodyProblem(request, err);
      }
      if (hasNul(form)) throw bodyProblem(request, new Error("NUL in a form field"));
      return form;
    },
  });
  return request;
}

type RouteModule = ServerBuild["routes"][string]["module"];

/** Wraps every route action of a build so its request's body readers answer bad bodies with a translated 4xx. */
export function withBodyGuard(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const action = route.module.action;
    if (!action) {
      routes[id] = route;
      continue;
    }
    const guarded = (args: ActionFunctionArgs) => action({ ...args, request: guardBody(args.request) });
    routes[id] = { ...route, module: { ...route.module, action: guarded } as RouteModule };
  }
  return { ...build, routes };
}
