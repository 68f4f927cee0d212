import type { Deps } from "#app/lib/deps.ts";
import { pickText } from "#app/lib/localized.ts";
import { getBodyByKey } from "#app/modules/bodies/queries.server.ts";
import { listMeetings } from "#app/modules/meetings/queries.server.ts";
import { meetingsCalendar } from "./feeds.server.ts";
import { notFound, publicOrigin, publicTenant } from "./page.server.ts";

const DAY = 86_400_000;

/** Meetings from 90 days back on, for the municipality, one body, or one area. */
export async function meetingsFeed(
  request: Request,
  params: { tenant?: string },
  deps: Deps,
  scope: { scope: "tenant" } | { scope: "body" | "area"; key: string },
) {
  const { m, locale, t } = publicTenant(request, params, deps);
  const from = new Date(deps.now().getTime() - 90 * DAY);
  let name = t("feeds.calendarName", { name: m.officialName });
  let filter: { bodyId?: string; areaBodyId?: string } = {};
  if (scope.scope !== "tenant") {
    const body = await getBodyByKey(deps.db.db, m.id, scope.key);
    if (!body || (scope.scope === "area" && !body.area)) throw notFound();
    name = `${pickText(body.name, locale)?.value ?? scope.key} – ${m.officialName}`;
    filter = scope.scope === "body" ? { bodyId: body.id } : { areaBodyId: body.id };
  }
  const meetings = await listMeetings(deps.db.db, m.id, { from, limit: 500, ...filter });
  const origin = publicOrigin(request, deps);
  return meetingsCalendar({ name, origin, tenant: m.slug, host: new URL(origin).host, meetings, locale, t });
}

export function icsResponse(text: string): Response {
  return new Response(text, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Content-Disposition": 'inline; filename="medvirk.ics"',
    },
  });
}
