import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trail } from "#app/components/shell.tsx";
import { useTranslation } from "react-i18next";
import {
  addMonths,
  formatMonth,
  monthGrid,
  monthOf,
  monthRange,
  osloDayStart,
  parseMonth,
} from "#app/modules/meetings/calendar.ts";
import { listMeetings } from "#app/modules/meetings/queries.server.ts";
import { MeetingCard } from "#app/modules/political/components.tsx";
import { LocalText } from "#app/modules/political/text.tsx";
import { publicTenant } from "#app/modules/political/page.server.ts";
import { formatMonthName, presentMeeting } from "#app/modules/political/present.server.ts";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// The municipality's calendar of meetings: a list (from this week on) or a
// month (?view=month&month=YYYY-MM), each meeting with its public agenda.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = publicTenant(request, params, deps);
  const url = new URL(request.url);
  const view = url.searchParams.get("view") === "month" ? "month" : "list";
  const now = deps.now();
  const month = parseMonth(url.searchParams.get("month")) ?? monthOf(now);
  const range = view === "month" ? monthRange(month) : { from: osloDayStart(now, 7), to: undefined };
  const meetings = await deps.cache.get(m.id, `calendar:${view}:${range.from.toISOString()}`, () =>
    listMeetings(deps.db.db, m.id, { from: range.from, to: range.to, limit: view === "month" ? 200 : 60 }),
  );
  const monthName = formatMonthName(monthRange(month).from, locale);
  return {
    title: `${t("calendar.title")} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    view,
    month: formatMonth(month),
    monthName,
    prev: formatMonth(addMonths(month, -1)),
    next: formatMonth(addMonths(month, 1)),
    weeks: view === "month" ? monthGrid(month) : [],
    meetings: meetings.map((mt) => presentMeeting(mt, locale)),
  };
}

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export default function Calendar() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("political");
  const byDay = new Map<string, typeof d.meetings>();
  for (const mt of d.meetings) byDay.set(mt.day, [...(byDay.get(mt.day) ?? []), mt]);
  return (
    <>
      <Trail tenant={d.tenant} name={d.name} />
      <h1>{t("calendar.title")}</h1>
      <p>
        <a href={`/${d.tenant}/calendar.ics`}>{t("calendar.subscribe")}</a>
        <span className="muted"> · {t("calendar.subscribeHint")}</span>
      </p>
      <nav aria-label={t("calendar.views")} className="view-switch">
        <Link to={`/${d.tenant}/calendar`} aria-current={d.view === "list" ? "page" : undefined}>
          {t("calendar.listView")}
        </Link>
        <Link
          to={`/${d.tenant}/calendar?view=month&month=${d.month}`}
          aria-current={d.view === "month" ? "page" : undefined}
        >
          {t("calendar.monthView")}
        </Link>
      </nav>
      {d.view === "month" ? (
        <>
          <h2>{d.monthName}</h2>
          <p className="month-nav">
            <Link to={`/${d.tenant}/calendar?view=month&month=${d.prev}`}>{t("calendar.previousMonth")}</Link>
            <Link to={`/${d.tenant}/calendar?view=month&month=${d.next}`}>{t("calendar.nextMonth")}</Link>
          </p>
          <table className="month-grid">
            <caption className="visually-hidden">{t("calendar.monthCaption", { month: d.monthName })}</caption>
            <thead>
              <tr>
                {WEEKDAYS.map((w) => (
                  <th key={w} scope="col">
                    <abbr title={t(`calendar.weekday.${w}`)}>{t(`calendar.weekdayShort.${w}`)}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.weeks.map((week, i) => (
                <tr key={i}>
                  {week.map((day, j) =>
                    day ? (
                      <td key={day}>
                        <span className="day-number">{Number(day.slice(8))}</span>
                        {byDay.get(day)?.map((mt) => (
                          <Link key={mt.id} to={`/${d.tenant}/meetings/${mt.id}`} className="day-meeting">
                            <LocalText text={mt.body.name} />
                          </Link>
                        ))}
                      </td>
                    ) : (
                      <td key={`e${j}`} />
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t("calendar.meetingsInMonth", { month: d.monthName })}</h2>
        </>
      ) : (
        <h2>{t("calendar.upcoming")}</h2>
      )}
      {d.meetings.length ? (
        <ul className="card-list">
          {d.meetings.map((mt) => (
            <li key={mt.id}>
              <MeetingCard tenant={d.tenant} meeting={mt} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("calendar.noMeetings")}</p>
      )}
    </>
  );
}
