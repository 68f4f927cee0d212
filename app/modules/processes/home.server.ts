import type { Deps } from "#app/lib/deps.ts";
import { formatDateTime, formatNumber } from "#app/lib/format.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { DEMO_MUNICIPALITY_NUMBER } from "#app/modules/demo/constants.ts";
import { listLiveNow } from "#app/modules/live/live.server.ts";
import { listUpcomingMeetings } from "#app/modules/meetings/queries.server.ts";
import { tenantFromUrl } from "#app/modules/tenants/page.server.ts";
import { participationOverview } from "./overview.server.ts";

// The municipality's home page (issue 19): every active process as a card
// (phase, deadline, how to take part), live meetings, upcoming meetings.
// Public and the same for everyone: cached until the tenant's next domain event.
export async function municipalityHome(request: Request, params: { tenant?: string }, deps: Deps) {
  const { m, locale } = tenantFromUrl(request, params, deps);
  const t = tFor(locale);
  // Public and the same for everyone: cached until the tenant's next domain event.
  const [overview, meetings] = await Promise.all([
    deps.cache.get(m.id, "participation", () => participationOverview(deps.db.db, m.id)),
    deps.cache.get(m.id, "home-meetings", () => listUpcomingMeetings(deps.db.db, m.id, deps.now())),
  ]);
  const liveNow = await deps.cache.get(m.id, "live-now", () => listLiveNow(deps.db.db, m.id)); // issue 9
  return {
    liveNow: liveNow.map((l) => ({ meetingId: l.meetingId, body: pickText(l.body.name, locale)?.value ?? l.body.key })),
    title: `${m.officialName} – ${t("app.name")}`,
    municipality: {
      slug: m.slug,
      officialName: m.officialName,
      number: m.number,
      countyName: m.countyName,
      population: formatNumber(m.population, locale),
    },
    demo: m.number === DEMO_MUNICIPALITY_NUMBER && deps.demo,
    processes: overview.items.map((p) => ({
      id: p.id,
      kind: p.kind,
      stage: p.stage,
      title: p.title ? pickText(p.title, locale) : null,
      closes: p.deadline ? formatDateTime(p.deadline, locale) : null,
      caseNumber: p.caseNumber,
      href: p.path ? `/${m.slug}/${p.path}` : null,
    })),
    meetings: meetings.map((mt) => ({
      id: mt.id,
      when: formatDateTime(mt.startsAt, locale),
      location: mt.location,
      status: mt.status,
      bodyKind: mt.body.kind,
      bodyName: pickText(mt.body.name, locale),
      agenda: mt.agenda?.map((it) => (it.closed ? it : { ...it, title: pickText(it.title, locale) })) ?? null,
    })),
  };
}
