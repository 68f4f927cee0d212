import type { Deps } from "#app/lib/deps.ts";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { tenantFromUrl } from "#app/modules/tenants/page.server.ts";
import { can } from "#app/modules/identity/permissions.ts";
import { getActor, requireStaff } from "#app/modules/identity/session.server.ts";
import { getRoundByKey } from "./queries.server.ts";

// What every budgeting page starts with: the municipality from the URL (an
// alias redirects), the language, a translator for "budgeting", and the round.
export async function roundPage(request: Request, params: { tenant?: string; round?: string }, deps: Deps) {
  const { m, locale } = tenantFromUrl(request, params, deps);
  const t = i18nFor(locale).getFixedT(locale, "budgeting");
  const round = await getRoundByKey(deps.db.db, m.id, params.round ?? "");
  if (!round) throw new Response("Not found", { status: 404 });
  // A draft round is the staff's work in progress: only they see it (identity-tenant-matrix.test.ts).
  if (round.phase === "draft" && !can(await getActor(request, deps), "manage:budgeting:tenant", { tenantId: m.id }))
    throw new Response("Not found", { status: 404 });
  return { m, locale, t, round };
}

/** Staff budgeting pages (rounds, budget priorities): the municipality, its manager and the language. */
export async function staffBudgetingPage(request: Request, params: { tenant?: string }, deps: Deps) {
  const { m, locale } = tenantFromUrl(request, params, deps);
  const me = await requireStaff(request, deps, m.id, "manage:budgeting:tenant");
  return { m, me, locale };
}
