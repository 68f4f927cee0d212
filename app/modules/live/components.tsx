import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { isLocale, type Locale } from "#app/lib/i18n.ts";
import { pickText, type LocalizedText } from "#app/lib/localized.ts";
import { embedUrl } from "./stream.ts";
import type { LiveStatus, PublicItem, PublicState, TimelineEntry, VoteRecord } from "./engine.ts";

// The public live view of a meeting: the same markup renders on the server
// (a plain page that works without JavaScript) and updates in the browser
// from socket events (use-live.ts). Closed items are not in PublicState, so
// they cannot be shown here.

export interface CaseInfo {
  slug: string;
  documents: { id: string; title: string }[];
  /** The participation processes on the case; a consultation links to its page (the residents' input). */
  processes: { id: string; title: LocalizedText; status: string; consultationId?: string | null }[];
}

export const sentenceKey = (type: string) =>
  `timeline.${type.replace(/^live\./, "").replace(/\.(\w)/, (_m, c: string) => c.toUpperCase())}`;

function Txt({ text }: { text: LocalizedText | null | undefined }) {
  const { i18n } = useTranslation();
  const locale: Locale = isLocale(i18n.language) ? i18n.language : "nb";
  const p = pickText(text ?? null, locale);
  if (!p) return null;
  return p.lang === locale ? <>{p.value}</> : <span lang={p.lang}>{p.value}</span>;
}

const time = (iso: string, lng: string) =>
  new Intl.DateTimeFormat(lng === "se" ? "nb" : lng, {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Oslo",
  }).format(new Date(iso));

export function itemLabel(t: TFunction, item: PublicItem | undefined, locale: Locale): string {
  if (!item) return "";
  const title = pickText(item.title ?? null, locale)?.value ?? "";
  return item.caseNumber ? t("live:item.numbered", { number: item.caseNumber, title }) : title;
}

/** One timeline line as a sentence (also what the live region announces). */
export function sentence(
  t: TFunction,
  e: Pick<TimelineEntry, "type" | "itemId" | "data"> | null,
  items: PublicItem[],
  locale: Locale,
): string {
  if (!e) return t("live:timeline.closedSession");
  const item = itemLabel(
    t,
    items.find((i) => i.id === e.itemId),
    locale,
  );
  return t(`live:${sentenceKey(e.type)}`, {
    ...e.data,
    item,
    until: typeof e.data.until === "string" ? time(e.data.until, locale) : "",
  });
}

export function statusText(
  t: TFunction,
  s: { status: LiveStatus; breakUntil: string | null; inClosedSession: boolean },
  locale: Locale,
): string {
  if (s.status === "paused" && s.breakUntil) return t("live:status.pausedUntil", { until: time(s.breakUntil, locale) });
  return t(`live:status.${s.status}`);
}

/** "m:ss" since the floor was given. */
export const elapsed = (sinceIso: string, nowMs: number) => {
  const s = Math.max(0, Math.floor((nowMs - Date.parse(sinceIso)) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * The speaking time of whoever has the floor, counting up every second in the
 * browser (role="timer": not announced by screen readers on every tick). On
 * the server and without JavaScript it renders nothing; the start time is in
 * the sentence beside it.
 */
export function SpeakingTime({ since }: { since: string }) {
  const { t } = useTranslation("live");
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [since]);
  if (now === null) return null;
  return (
    <span role="timer" aria-live="off" data-testid="speaking-time">
      {t("floor.elapsed", { time: elapsed(since, now) })}
    </span>
  );
}

/** A recorded vote's detail: per party, or each representative's named vote. */
function VoteDetail({ v }: { v: VoteRecord }) {
  const { t } = useTranslation("live");
  if (v.mode === "party" && v.parties.length)
    return (
      <ul className="live-vote-detail">
        {v.parties.map((p) => (
          <li key={p.party}>
            {t("agenda.partyLine", { party: p.party, for: p.for, against: p.against, blank: p.blank })}
          </li>
        ))}
      </ul>
    );
  if (v.mode === "rollcall" && v.roll.length)
    return (
      <details>
        <summary>{t("agenda.rollHeading")}</summary>
        <ul className="live-vote-detail">
          {v.roll.map((r, n) => (
            <li key={`${r.name}-${n}`}>
              {r.name}
              {r.party ? ` (${r.party})` : ""}: {t(`agenda.roll.${r.vote}`)}
            </li>
          ))}
        </ul>
      </details>
    );
  return null;
}

export function LiveView({
  tenant,
  state,
  timeline,
  cases,
  announcement,
}: {
  tenant: string;
  state: PublicState;
  timeline: TimelineEntry[];
  cases: Record<string, CaseInfo>;
  announcement: string;
}) {
  const { t, i18n } = useTranslation("live");
  const locale: Locale = isLocale(i18n.language) ? i18n.language : "nb";
  const current = state.items.find((i) => i.id === state.currentItemId);
  const info = current ? cases[current.id] : undefined;
  return (
    <>
      <p className="notice" data-testid="live-status">
        <strong>{statusText(t, state, locale)}</strong>
        {state.inClosedSession ? <> {t("closedSession")}</> : null}
      </p>
      {/* WCAG 4.1.3: changes are announced without moving focus. */}
      <p role="status" aria-live="polite" aria-atomic="true" className="live-latest" data-testid="live-announce">
        {announcement}
      </p>
      {state.streamUrl ? (
        <>
          {embedUrl(state.streamUrl) ? (
            <div className="live-stream">
              <iframe
                src={embedUrl(state.streamUrl)!}
                title={t("stream")}
                width="640"
                height="360"
                loading="lazy"
                allow="fullscreen; picture-in-picture"
                referrerPolicy="strict-origin-when-cross-origin"
                data-testid="live-stream"
              />
            </div>
          ) : null}
          <p>
            <a href={state.streamUrl} rel="noopener noreferrer">
              {t("stream")}
            </a>
          </p>
        </>
      ) : null}

      <section aria-labelledby="live-current-h">
        <h2 id="live-current-h">{t("current.heading")}</h2>
        {current ? (
          <div data-testid="live-current">
            <p className="live-current-title">
              {info ? (
                <a href={`/${tenant}/cases/${info.slug}`}>{itemLabel(t, current, locale)}</a>
              ) : (
                itemLabel(t, current, locale)
              )}
            </p>
            {info?.documents.length ? (
              <>
                <h3>{t("current.documents")}</h3>
                <ul>
                  {info.documents.map((d) => (
                    <li key={d.id}>
                      <a href={`/${tenant}/cases/${info.slug}/documents/${d.id}`}>{d.title}</a>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {info?.processes.length ? (
              <>
                <h3>{t("current.input")}</h3>
                <ul>
                  {info.processes.map((p) => (
                    <li key={p.id}>
                      {p.consultationId ? (
                        <a href={`/${tenant}/consultations/${p.consultationId}`}>
                          <Txt text={p.title} />
                        </a>
                      ) : (
                        <Txt text={p.title} />
                      )}{" "}
                      ({t(`current.processStatus.${p.status}`, { defaultValue: p.status })})
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : (
          <p className="muted" data-testid="live-current">
            {state.inClosedSession ? t("closedSession") : t("current.none")}
          </p>
        )}
      </section>

      <section aria-labelledby="live-floor-h">
        <h2 id="live-floor-h">{t("floor.heading")}</h2>
        {state.floor ? (
          <p>
            {t(state.floor.speaker.kind === "reply" ? "floor.nowReply" : "floor.now", {
              name: state.floor.speaker.name,
              party: state.floor.speaker.party ?? "",
              since: time(state.floor.since, locale),
            })}{" "}
            <SpeakingTime since={state.floor.since} />
          </p>
        ) : (
          <p className="muted">{t("floor.nobody")}</p>
        )}
        {state.queue.length ? (
          <>
            <h3>{t("floor.queue")}</h3>
            <ol>
              {state.queue.map((q) => (
                <li key={q.id}>
                  {q.name}
                  {q.party ? ` (${q.party})` : ""}
                  {q.kind === "reply" ? ` – ${t("floor.reply")}` : ""}
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </section>

      <section aria-labelledby="live-agenda-h">
        <h2 id="live-agenda-h">{t("agenda.heading")}</h2>
        <ol className="agenda">
          {state.items.map((i) => {
            const v = state.votes[i.id];
            const d = state.decisions[i.id];
            return (
              <li key={i.id} aria-current={i.id === state.currentItemId ? "step" : undefined}>
                {itemLabel(t, i, locale)} <span className="muted">– {t(`agenda.state.${i.state}`)}</span>
                {v ? (
                  <p>
                    {t(v.passed ? "agenda.votePassed" : "agenda.voteFailed", {
                      for: v.for,
                      against: v.against,
                      blank: v.blank,
                    })}
                  </p>
                ) : null}
                {v ? <VoteDetail v={v} /> : null}
                {d ? (
                  <p>
                    <strong>{t("agenda.decision")}</strong> {d}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      </section>

      <section aria-labelledby="live-timeline-h">
        <h2 id="live-timeline-h">{t("timeline.heading")}</h2>
        {timeline.length ? (
          <ol reversed className="live-timeline">
            {[...timeline].reverse().map((e) => (
              <li key={e.version}>
                <time dateTime={e.at}>{time(e.at, locale)}</time> {sentence(t, e, state.items, locale)}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t("timeline.empty")}</p>
        )}
      </section>
    </>
  );
}
