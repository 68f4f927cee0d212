import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getMeeting } from "#app/modules/meetings/queries.server.ts";
import { AgendaList, PoliticalNav } from "#app/modules/political/components.tsx";
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
  return {
    title: `${meeting.body.name?.value ?? ""} ${meeting.when} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    meeting,
  };
}

export default function MeetingPage() {
  const { tenant, name, meeting } = useLoaderData<typeof loader>();
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  return (
    <>
      <PoliticalNav tenant={tenant} name={name} />
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
      <p>
        <Link to={`/${tenant}/bodies/${meeting.body.key}`}>{t("meeting.aboutBody")}</Link>
      </p>
      <h2>{t("meeting.agenda")}</h2>
      {meeting.agenda ? (
        <AgendaList tenant={tenant} agenda={meeting.agenda} />
      ) : (
        <p className="muted">{t("meeting.noAgenda")}</p>
      )}
    </>
  );
}
