import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trail } from "#app/components/shell.tsx";
import { useTranslation } from "react-i18next";
import { getMinutes } from "#app/modules/live/live.server.ts";
import { getMeeting } from "#app/modules/meetings/queries.server.ts";
import { can } from "#app/modules/identity/permissions.ts";
import { getActor } from "#app/modules/identity/session.server.ts";
import { AgendaList } from "#app/modules/political/components.tsx";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { presentMeeting } from "#app/modules/political/present.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale } = publicTenant(request, params, deps);
  const mt = await getMeeting(deps.db.db, m.id, params.meetingId ?? "");
  if (!mt) throw notFound();
  const meeting = presentMeeting(mt, locale);
  const [actor, minutes] = await Promise.all([getActor(request, deps), getMinutes(deps.db.db, m.id, mt.id)]);
  return {
    minutesPublished: !!minutes?.publishedAt && !!mt.noticePublishedAt,
    // Staff who may run this meeting get its console, minutes and notice pages from here.
    staff: can(actor, "manage:meeting:body", { tenantId: m.id, bodyId: mt.body.id }),
    title: `${meeting.body.name?.value ?? ""} ${meeting.when} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    meeting,
  };
}

export default function MeetingPage() {
  const { tenant, name, meeting, staff, minutesPublished } = useLoaderData<typeof loader>();
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  return (
    <>
      <Trail tenant={tenant} name={name} />
      <h1>
        <LocalText text={meeting.body.name} fallback={tc(`body.kind.${meeting.body.kind}`)} />
      </h1>
      <dl className="facts">
        <dt>{t("meeting.time")}</dt>
        <dd>{meeting.when}</dd>
        {meeting.location ? (
          <>
            <dt>{t("meeting.place")}</dt>
            <dd>{meeting.location}</dd>
          </>
        ) : null}
        <dt>{t("meeting.status")}</dt>
        <dd>{tc(`meeting.status.${meeting.status}`)}</dd>
        {meeting.noticePublished ? (
          <>
            <dt>{t("meeting.noticePublished")}</dt>
            <dd>{meeting.noticePublished}</dd>
          </>
        ) : null}
        {meeting.remoteUrl ? (
          <>
            <dt>{t("meeting.remote")}</dt>
            <dd>
              <a href={meeting.remoteUrl} rel="noopener noreferrer">
                {t("meeting.remoteLink")}
              </a>
            </dd>
          </>
        ) : null}
        {meeting.streamUrl ? (
          <>
            <dt>{t("meeting.stream")}</dt>
            <dd>
              <a href={meeting.streamUrl} rel="noopener noreferrer">
                {t("meeting.streamLink")}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      <ul className="link-list">
        {meeting.status !== "finished" ? (
          <li>
            <Link to={`/${tenant}/meetings/${meeting.id}/live`}>{t("meeting.followLive")}</Link>
          </li>
        ) : null}
        {minutesPublished ? (
          <>
            <li>
              <Link to={`/${tenant}/meetings/${meeting.id}/live#live-minutes-h`}>{t("meeting.readMinutes")}</Link>
            </li>
            <li>
              <a href={`/${tenant}/meetings/${meeting.id}/minutes.pdf`}>{t("meeting.minutesPdf")}</a>
            </li>
          </>
        ) : null}
        <li>
          <Link to={`/${tenant}/bodies/${meeting.body.key}`}>{t("meeting.aboutBody")}</Link>
        </li>
      </ul>
      {staff ? (
        <nav aria-labelledby="meeting-staff-h" className="notice">
          <h2 id="meeting-staff-h">{t("meeting.staffTools")}</h2>
          <ul className="link-list">
            <li>
              <Link to={`/${tenant}/meetings/${meeting.id}/console`}>{t("meeting.consoleLink")}</Link>
            </li>
            <li>
              <Link to={`/${tenant}/meetings/${meeting.id}/minutes`}>{t("meeting.minutesLink")}</Link>
            </li>
            <li>
              <Link to={`/${tenant}/admin/meetings/${meeting.id}`}>{t("meeting.adminLink")}</Link>
            </li>
          </ul>
        </nav>
      ) : null}
      <h2>{t("meeting.agenda")}</h2>
      {meeting.agenda ? (
        <AgendaList tenant={tenant} agenda={meeting.agenda} />
      ) : (
        <p className="muted">{t("meeting.noAgenda")}</p>
      )}
    </>
  );
}
