import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trail } from "#app/components/shell.tsx";
import { useTranslation } from "react-i18next";
import { isLocale, type Locale } from "#app/lib/i18n.ts";
import { parseCaseNumber } from "#app/modules/cases/case-number.ts";
import { getPublicCase } from "#app/modules/cases/queries.server.ts";
import { caseParticipation } from "#app/modules/consultations/queries.server.ts";
import { LiveView, sentence, type CaseInfo } from "#app/modules/live/components.tsx";
import { getMinutes, getPublicLive } from "#app/modules/live/live.server.ts";
import { useLiveMeeting } from "#app/modules/live/use-live.ts";
import { getMeeting } from "#app/modules/meetings/queries.server.ts";

import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { presentMeeting } from "#app/modules/political/present.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";

// The public live page of a meeting (issue 9). Without JavaScript it is a
// plain page (reload to update); with JavaScript it follows the meeting over
// the socket and announces each change in a live region.
export const handle = { i18n: ["live", "political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = publicTenant(request, params, deps);
  const [live, mt] = await Promise.all([
    getPublicLive(deps.db.db, m.id, params.meetingId ?? ""),
    getMeeting(deps.db.db, m.id, params.meetingId ?? ""),
  ]);
  if (!live || !mt) throw notFound();
  const saved = await getMinutes(deps.db.db, m.id, live.state.meetingId);
  const minutes = saved?.publishedAt ? saved.body : null;
  const meeting = presentMeeting(mt, locale);
  // Case details of the open items (the current one is shown with them; it changes live).
  const cases: Record<string, CaseInfo> = {};
  await Promise.all(
    live.state.items.map(async (it) => {
      const n = it.caseNumber ? parseCaseNumber(it.caseNumber) : null;
      if (!n) return;
      const c = await getPublicCase(deps.db, m.id, n);
      if (!c) return;
      const { consultationOf } = it.caseId
        ? await caseParticipation(deps.db.db, m.id, it.caseId)
        : { consultationOf: {} as Record<string, string> };
      cases[it.id] = {
        slug: `${n.year}-${n.sequence}`,
        documents: c.documents.map((d) => ({ id: d.id, title: d.title })),
        processes: c.processes
          .filter((p) => p.kind === "consultation")
          .map((p) => ({ id: p.id, title: p.title, status: p.status, consultationId: consultationOf[p.id] ?? null })),
      };
    }),
  );
  return {
    title: `${meeting.body.name?.value ?? ""} – ${t("meeting.live", { defaultValue: "Direkte" })} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    meeting,
    live,
    cases,
    minutes,
  };
}

export default function LiveMeetingPage() {
  const { tenant, name, meeting, live, cases, minutes } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("live");
  const locale: Locale = isLocale(i18n.language) ? i18n.language : "nb";
  const view = useLiveMeeting(live.state.meetingId, live);
  const last = view.last
    ? sentence(t, view.last.entry, view.state.items, locale)
    : view.timeline.length
      ? sentence(t, view.timeline[view.timeline.length - 1]!, view.state.items, locale)
      : "";
  return (
    <>
      <Trail tenant={tenant} name={name} />
      <h1>
        <LocalText text={meeting.body.name} /> – {t("heading")}
      </h1>
      <p className="muted">
        {meeting.when}
        {meeting.location ? ` · ${meeting.location}` : ""} ·{" "}
        <Link to={`/${tenant}/meetings/${meeting.id}`}>{t("aboutMeeting")}</Link>
      </p>
      {minutes ? (
        <section aria-labelledby="live-minutes-h" data-testid="live-minutes">
          <h2 id="live-minutes-h">{t("minutes.heading")}</h2>
          <p>
            <a href={`/${tenant}/meetings/${meeting.id}/minutes.pdf`}>{t("minutes.pdf")}</a>
          </p>
          {minutes.split(/\n{2,}/).map((para, n) => (
            <p key={n}>
              {para.split("\n").map((line, k) => (
                <span key={k}>
                  {k ? <br /> : null}
                  {line}
                </span>
              ))}
            </p>
          ))}
        </section>
      ) : null}
      <LiveView
        tenant={tenant}
        state={view.state}
        timeline={view.timeline}
        cases={cases}
        announcement={last ? t("latest", { text: last }) : ""}
      />
      <p className="muted">
        {view.connected ? t("connected") : <Link to={`/${tenant}/meetings/${meeting.id}/live`}>{t("refresh")}</Link>}
      </p>
    </>
  );
}
