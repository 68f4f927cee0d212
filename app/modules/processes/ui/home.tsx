import { Card, CardBlock, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { dirOf, isLocale } from "#app/lib/i18n.ts";
import { LiveNowList } from "#app/modules/live/live-now.tsx";
import type { municipalityHome } from "../home.server.ts";

// The municipality's home page on Designsystemet (issue 19): a card for each
// active process with its phase, deadline and how to take part.

type Home = Awaited<ReturnType<typeof municipalityHome>>;

function Text({ text, fallback = "" }: { text: { value: string; lang: string } | null; fallback?: string }) {
  const { i18n } = useTranslation();
  if (!text) return <>{fallback}</>;
  // Mark text shown in another language than the page's (WCAG 3.1.2).
  return text.lang === i18n.language ? (
    <>{text.value}</>
  ) : (
    <span lang={text.lang} dir={isLocale(text.lang) ? dirOf(text.lang) : "auto"}>
      {text.value}
    </span>
  );
}

function ProcessCard({ p }: { p: Home["processes"][number] }) {
  const { t } = useTranslation();
  const title = <Text text={p.title} fallback={t(`process.kind.${p.kind}`)} />;
  return (
    <Card data-color="neutral" className="process-card">
      <CardBlock>
        <p className="card-meta">
          <Tag data-color="neutral" data-size="sm">
            {t(`process.kind.${p.kind}`)}
          </Tag>
          {p.stage ? (
            <Tag data-color="accent" data-size="sm">
              {t(p.stage)}
            </Tag>
          ) : null}
        </p>
        <Heading level={3} data-size="xs">
          {p.href ? <a href={p.href}>{title}</a> : title}
        </Heading>
        {p.closes ? <Paragraph data-size="sm">{t("tenant.closes", { date: p.closes })}</Paragraph> : null}
        {p.caseNumber ? (
          <Paragraph data-size="sm" className="muted">
            {t("tenant.case", { number: p.caseNumber })}
          </Paragraph>
        ) : null}
        <Paragraph data-size="sm" className="take-part">
          {t(`process.takePart.${p.kind}`)}
        </Paragraph>
      </CardBlock>
    </Card>
  );
}

export function MunicipalityHome({ data }: { data: Home }) {
  const { t } = useTranslation();
  const m = data.municipality;
  return (
    <>
      <Heading level={1} data-size="lg">
        {m.officialName}
      </Heading>
      <Paragraph data-size="lg" className="section-intro">
        {t("tenant.intro")}
      </Paragraph>
      <Paragraph data-size="sm" className="muted">
        {t("landing.number", { number: m.number })} · {t("tenant.county", { county: m.countyName })} ·{" "}
        {t("tenant.population", { population: m.population })}
      </Paragraph>
      {data.demo ? <p className="notice">{t("tenant.demo")}</p> : null}
      <LiveNowList tenant={m.slug} items={data.liveNow} />

      <section aria-labelledby="processes-h">
        <h2 id="processes-h">{t("tenant.activeProcesses")}</h2>
        {data.processes.length ? (
          <ul className="card-grid">
            {data.processes.map((p) => (
              <li key={p.id}>
                <ProcessCard p={p} />
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("tenant.noActiveProcesses")}</p>
        )}
      </section>

      <section aria-labelledby="meetings-h">
        <h2 id="meetings-h">{t("tenant.upcomingMeetings")}</h2>
        {data.meetings.length ? (
          <ul className="card-grid">
            {data.meetings.map((mt) => (
              <li key={mt.id}>
                <Card data-color="neutral">
                  <CardBlock>
                    <Heading level={3} data-size="xs">
                      <Text text={mt.bodyName} fallback={t(`body.kind.${mt.bodyKind}`)} />
                    </Heading>
                    <Paragraph data-size="sm">
                      {mt.when}
                      {mt.location ? ` · ${mt.location}` : ""} · {t(`meeting.status.${mt.status}`)}
                    </Paragraph>
                    {mt.agenda ? (
                      <>
                        <h4>{t("tenant.agenda")}</h4>
                        <ol className="agenda">
                          {mt.agenda.map((it) =>
                            it.closed ? (
                              <li key={it.position}>
                                {t("tenant.closedItem")}
                                {it.basis ? ` (${t("tenant.closedBasis", { basis: it.basis })})` : ""}
                              </li>
                            ) : (
                              <li key={it.position}>
                                {it.caseNumber ? `${t("tenant.case", { number: it.caseNumber })}: ` : ""}
                                <Text text={it.title} />
                              </li>
                            ),
                          )}
                        </ol>
                      </>
                    ) : (
                      <Paragraph data-size="sm" className="muted">
                        {t("tenant.noAgenda")}
                      </Paragraph>
                    )}
                  </CardBlock>
                </Card>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("tenant.noUpcomingMeetings")}</p>
        )}
      </section>
    </>
  );
}
