import type { LoaderFunctionArgs } from "@remix-run/node";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { archiveResponse, consultationArchive } from "#app/modules/archive/pull.server.ts";
import { authenticateApiToken } from "#app/modules/identity/api-tokens.server.ts";

// The arkivmelding for case systems, unattended (issue 17): `Authorization: Bearer <token>` with
// a token of this municipality scoped to reading reports. No session, no cookies. Errors are JSON
// in the caller's language (Accept-Language), and say nothing about other municipalities.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const t = tFor(requestLocale(request, deps));
  const answer = (status: number, key: string) =>
    Response.json(
      { error: t(key, { ns: "identity" }) },
      { status, headers: { "Cache-Control": "no-store", ...(status === 401 ? { "WWW-Authenticate": "Bearer" } : {}) } },
    );
  const m = deps.tenants.bySlugOrAlias(params.tenant ?? "")?.municipality;
  if (!m) return answer(404, "apiTokens.notFound");
  const auth = await authenticateApiToken(deps, request, {
    tenantId: m.id,
    scope: "reports:read",
    subjectType: "consultation",
    subjectId: params.id ?? "",
  });
  if (!auth.ok) return answer(auth.error.status, `errors.${auth.error.code}`);
  const a = await consultationArchive(deps, {
    tenantId: m.id,
    consultationId: params.id ?? "",
    version: new URL(request.url).searchParams.get("version"),
  });
  return a ? archiveResponse(a) : answer(404, "apiTokens.reportNotFound");
}
