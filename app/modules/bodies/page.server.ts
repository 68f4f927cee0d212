import type { Deps } from "#app/lib/deps.ts";
import { pickText } from "#app/lib/localized.ts";
import { listCasesOfBody } from "#app/modules/cases/queries.server.ts";
import { osloDayStart } from "#app/modules/meetings/calendar.ts";
import { listMeetings } from "#app/modules/meetings/queries.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { formatDay, presentCase, presentMeeting } from "#app/modules/political/present.server.ts";
import { getBodyByKey } from "./queries.server.ts";

/**
 * A body's public page: what it is, its members (role, party, term), its meetings with their
 * agendas, and the cases it has handled. Route: $tenant.bodies.$key.tsx.
 */
export async function bodyPage(request: Request, params: { tenant?: string; key?: string }, deps: Deps) {
  const { m, locale, t } = publicTenant(request, params, deps);
  const key = params.key ?? "";
  const data = await deps.cache.get(m.id, `body:${key}`, async () => {
    const body = await getBodyByKey(deps.db.db, m.id, key);
    if (!body) return null;
    const today = osloDayStart(deps.now());
    const [upcoming, past, cases] = await Promise.all([
      listMeetings(deps.db.db, m.id, { bodyId: body.id, from: today, limit: 20 }),
      listMeetings(deps.db.db, m.id, { bodyId: body.id, to: today, limit: 10, order: "desc" }),
      listCasesOfBody(deps.db.db, m.id, body.id, 30),
    ]);
    return { body, upcoming, past, cases };
  });
  if (!data) throw notFound();
  const { body } = data;
  const name = pickText(body.name, locale);
  return {
    title: `${name?.value ?? t("bodies.title")} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    body: {
      key: body.key,
      kind: body.kind,
      name,
      description: pickText(body.description, locale),
      noticeLeadDays: body.noticeLeadDays,
      hasArea: !!body.area,
      members: body.members.map((mb) => ({
        id: mb.id,
        name: mb.name,
        role: mb.role,
        party: mb.party,
        term:
          mb.termStart || mb.termEnd
            ? `${mb.termStart ? formatDay(mb.termStart, locale) : ""} – ${mb.termEnd ? formatDay(mb.termEnd, locale) : ""}`
            : null,
      })),
    },
    upcoming: data.upcoming.map((mt) => presentMeeting(mt, locale)),
    past: data.past.map((mt) => presentMeeting(mt, locale)),
    cases: data.cases.map((c) => presentCase(c, locale)),
  };
}

export type BodyPageView = Awaited<ReturnType<typeof bodyPage>>;
