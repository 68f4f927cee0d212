import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trail } from "#app/components/shell.tsx";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import { areaPath } from "#app/modules/bodies/area-svg.ts";
import type { GeoTag } from "#app/modules/bodies/geo.ts";
import { caseSlug, formatCaseNumber, parseCaseNumber } from "#app/modules/cases/case-number.ts";
import { getPublicCase } from "#app/modules/cases/queries.server.ts";

import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { formatBytes, formatDay } from "#app/modules/political/present.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";
import { caseParticipation } from "#app/modules/consultations/queries.server.ts";
import { CouncilStatements } from "#app/modules/consultations/statements-ui.tsx";

export const handle = { i18n: ["political", "consultations"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// A case: its plain-language summary, its journey through the bodies
// (innstilling → vedtak), the meetings it is on, its documents, the
// decision, and the participation processes attached to it.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = publicTenant(request, params, deps);
  const number = parseCaseNumber(params.number ?? "");
  if (!number) throw notFound();
  const c = await getPublicCase(deps.db, m.id, number);
  if (!c) throw notFound();
  const title = pickText(c.title, locale);
  const part = await caseParticipation(deps.db.db, m.id, c.id);
  return {
    title: `${t("case.number", { number: formatCaseNumber(c) })}: ${title?.value ?? ""} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    case: {
      number: formatCaseNumber(c),
      slug: caseSlug(c),
      title,
      summary: pickText(c.summary, locale),
      decisionText: c.decisionText,
      decidedAt: c.decidedAt ? formatDateTime(c.decidedAt, locale) : null,
      area: c.area ? { key: c.area.key, name: pickText(c.area.name, locale) } : null,
      place: placeOf(c.geo as GeoTag | null),
      steps: c.steps.map((s) => ({
        position: s.position,
        kind: s.kind,
        date: s.date ? formatDay(s.date, locale) : null,
        bodyKey: s.bodyKey,
        bodyKind: s.bodyKind,
        bodyName: pickText(s.bodyName, locale),
        meetingId: s.meetingId,
        meetingWhen: s.meetingStartsAt ? formatDateTime(s.meetingStartsAt, locale) : null,
      })),
      meetings: c.meetings.map((mt) => ({
        id: mt.meetingId,
        when: formatDateTime(mt.startsAt, locale),
        bodyName: pickText(mt.bodyName, locale),
      })),
      documents: c.documents.map((d) => ({
        id: d.id,
        kind: d.kind,
        title: d.title,
        fileName: d.fileName,
        type: d.mimeType === "application/pdf" ? "PDF" : d.mimeType === "image/png" ? "PNG" : "JPEG",
        size: formatBytes(d.byteSize, locale),
      })),
      processes: c.processes.map((p) => ({
        id: p.id,
        kind: p.kind,
        status: p.status,
        title: pickText(p.title, locale),
        closes: p.closesAt ? formatDateTime(p.closesAt, locale) : null,
        consultationId: part.consultationOf[p.id] ?? null,
      })),
      statements: part.statements.map((s) => ({
        id: s.id,
        council: pickText(s.councilName, locale),
        deadline: formatDateTime(s.deadline, locale),
        status: s.answeredAt
          ? s.answeredAt <= s.deadline
            ? ("answeredOnTime" as const)
            : ("answeredLate" as const)
          : ("notAnswered" as const),
        text: s.text ?? "",
        document: s.documentId
          ? { href: `/${m.slug}/cases/${caseSlug(c)}/documents/${s.documentId}`, title: s.documentTitle ?? "" }
          : null,
      })),
    },
  };
}

/** A case's geographic tag for the page: a point's coordinates, or an area's outline as SVG (no tiles, no script). */
function placeOf(g: GeoTag | null) {
  if (!g) return null;
  if (g.type === "Point")
    return {
      kind: "point" as const,
      lat: Math.round(g.coordinates[1] * 1e5) / 1e5,
      lon: Math.round(g.coordinates[0] * 1e5) / 1e5,
    };
  return { kind: "area" as const, map: areaPath(g, 300) };
}

export default function CasePage() {
  const { tenant, name, case: c } = useLoaderData<typeof loader>();
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  return (
    <>
      <Trail tenant={tenant} name={name} />
      <p className="muted">{t("case.number", { number: c.number })}</p>
      <h1>
        <LocalText text={c.title} />
      </h1>
      {c.summary ? (
        <p className="lead">
          <LocalText text={c.summary} />
        </p>
      ) : null}
      <p>
        <Link to={`/${tenant}/following?case=${c.slug}`}>{t("follow.followCase")}</Link>
      </p>
      {c.area ? (
        <p>
          {t("case.area")}:{" "}
          <Link to={`/${tenant}/areas/${c.area.key}`}>
            <LocalText text={c.area.name} />
          </Link>
        </p>
      ) : null}

      {c.place ? (
        <section aria-labelledby="place-h">
          <h2 id="place-h">{t("case.place")}</h2>
          {c.place.kind === "point" ? (
            <p>
              {t("case.placePoint", { lat: c.place.lat, lon: c.place.lon })}{" "}
              <a
                href={`https://www.openstreetmap.org/?mlat=${c.place.lat}&mlon=${c.place.lon}#map=15/${c.place.lat}/${c.place.lon}`}
                rel="noopener noreferrer"
              >
                {t("case.placeOsm")}
              </a>
            </p>
          ) : (
            <figure className="area-map">
              <svg
                viewBox={`0 0 ${c.place.map.width} ${c.place.map.height}`}
                width={Math.min(c.place.map.width, 300)}
                role="img"
                aria-labelledby="case-place-title"
              >
                <title id="case-place-title">{t("case.placeArea")}</title>
                <path d={c.place.map.d} fillRule="evenodd" />
              </svg>
            </figure>
          )}
        </section>
      ) : null}

      <section aria-labelledby="journey-h">
        <h2 id="journey-h">{t("case.journey")}</h2>
        {c.steps.length ? (
          <ol className="journey">
            {c.steps.map((s) => (
              <li key={s.position}>
                <strong>{t(`case.step.${s.kind}`)}</strong>
                {": "}
                <Link to={`/${tenant}/bodies/${s.bodyKey}`}>
                  <LocalText text={s.bodyName} fallback={tc(`body.kind.${s.bodyKind}`)} />
                </Link>
                {s.meetingId && s.meetingWhen ? (
                  <>
                    {" · "}
                    <Link to={`/${tenant}/meetings/${s.meetingId}`}>{s.meetingWhen}</Link>
                  </>
                ) : s.date ? (
                  ` · ${s.date}`
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t("case.noJourney")}</p>
        )}
        {c.meetings.length ? (
          <>
            <h3>{t("case.onAgenda")}</h3>
            <ul>
              {c.meetings.map((mt) => (
                <li key={mt.id}>
                  <Link to={`/${tenant}/meetings/${mt.id}`}>
                    <LocalText text={mt.bodyName} /> – {mt.when}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="documents-h">
        <h2 id="documents-h">{t("case.documents")}</h2>
        {c.documents.length ? (
          <ul className="documents">
            {c.documents.map((d) => (
              <li key={d.id}>
                <a href={`/${tenant}/cases/${c.slug}/documents/${d.id}`} download={d.fileName}>
                  {d.title}
                </a>{" "}
                <span className="muted">
                  ({t(`document.kind.${d.kind}`)}, {d.type}, {d.size})
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("case.noDocuments")}</p>
        )}
      </section>

      <section aria-labelledby="decision-h">
        <h2 id="decision-h">{t("case.decision")}</h2>
        {c.decisionText ? (
          <>
            {c.decidedAt ? <p className="muted">{t("case.decidedOn", { date: c.decidedAt })}</p> : null}
            <blockquote className="decision">
              {c.decisionText.split(/\n{2,}/).map((p, i) => (
                <p key={i}>{p}</p>
              ))}
            </blockquote>
          </>
        ) : (
          <p className="muted">{t("case.notDecided")}</p>
        )}
      </section>

      <section aria-labelledby="participation-h">
        <h2 id="participation-h">{t("case.participation")}</h2>
        {c.processes.length ? (
          <ul>
            {c.processes.map((p) => (
              <li key={p.id}>
                {p.consultationId ? (
                  <Link to={`/${tenant}/consultations/${p.consultationId}`}>
                    <LocalText text={p.title} />
                  </Link>
                ) : (
                  <LocalText text={p.title} />
                )}{" "}
                <span className="muted">
                  ({tc(`process.kind.${p.kind}`)} · {t(`process.status.${p.status}`)}
                  {p.closes ? ` · ${t("process.closes", { date: p.closes })}` : ""})
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("case.noParticipation")}</p>
        )}
      </section>
      <CouncilStatements statements={c.statements} />
    </>
  );
}
