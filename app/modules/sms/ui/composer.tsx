import { Form, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { ENDONYMS, isLocale, LOCALES } from "#app/lib/i18n.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import type { ActionData, ComposerView } from "../composer.server.ts";
import { renderMerge, SAMPLE_FIELDS } from "../merge.ts";
import type { ReplyLocale } from "../replies.ts";
import { analyzeSms, prepareSmsBody } from "../segments.ts";
import { useCampaignLive } from "../use-campaign-live.ts";

// The SMS campaign composer. Works without JavaScript (plain form, preview is a server round trip).
/** One language's text, with a live count (characters, encoding, segments) once JavaScript runs; the preview button does the same without it. */
function BodyField({ lang, label, initial }: { lang: ReplyLocale; label: string; initial: string }) {
  const { t } = useTranslation("sms");
  const [text, setText] = useState(initial);
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const a = text.trim() ? analyzeSms(prepareSmsBody(renderMerge(text, SAMPLE_FIELDS))) : null;
  return (
    <div className="field">
      <label className="ds-label" htmlFor={`sms-body-${lang}`}>
        {label}
      </label>
      <textarea
        className="ds-input"
        id={`sms-body-${lang}`}
        name={`body.${lang}`}
        lang={lang}
        dir={lang === "ar" ? "rtl" : undefined}
        rows={lang === "nb" ? 4 : 2}
        defaultValue={initial}
        onChange={(e) => setText(e.target.value)}
      />
      {live && a ? (
        <output htmlFor={`sms-body-${lang}`} className="muted" data-live-count={lang}>
          {t("composer.stats", {
            characters: a.characters,
            encoding: a.encoding,
            segments: a.segments,
            recipients: "–",
            cost: "–",
          })}
          {a.encoding === "UCS-2" ? ` ${t("composer.ucs2", { chars: a.unicodeChars.join(" ") })}` : ""}
        </output>
      ) : null}
    </div>
  );
}

export function SmsComposerPage({ loaded, data }: { loaded: ComposerView; data: ActionData | undefined }) {
  // Live over socket.io (sent, delivered, failed, replied); the loader's counts without JavaScript.
  const progress = useCampaignLive(loaded.campaignId, loaded.progress);
  const { t, i18n } = useTranslation("sms");
  const lng = isLocale(i18n.language) ? i18n.language : "nb";
  const v = data?.values ?? {};
  const err = data?.error;
  // A new reply (counted live over the socket) brings the list of replies up to date.
  const { revalidate } = useRevalidator();
  const replied = progress?.replied ?? 0;
  const [listed, setListed] = useState(replied);
  useEffect(() => {
    if (replied !== listed) {
      setListed(replied);
      revalidate();
    }
  }, [replied, listed, revalidate]);
  return (
    <>
      <h1>{t("composer.title")}</h1>
      <p>
        {/* The merge field is shown as code: it is typed as is, not translated. */}
        {t("composer.intro", { field: "\u0000" })
          .split("\u0000")
          .flatMap((part, i) => (i ? [<code key={i}>{"{{name}}"}</code>, part] : [part]))}
      </p>
      {data?.queued != null ? (
        <p className="notice" role="status">
          {t("composer.queued", { count: data.queued })} <a href={`?c=${data.campaignId}`}>{t("composer.progress")}</a>
        </p>
      ) : null}
      {progress ? (
        <section aria-labelledby="progress-h">
          <h2 id="progress-h">{t("composer.progress")}</h2>
          <p data-testid="progress" aria-live="polite">
            {t("composer.progressStats", { ...progress })}
          </p>
          <h3 id="replies-caption">{t("composer.repliesHeading")}</h3>
          {/* A box that scrolls must be reachable by keyboard (WCAG 2.1.1, axe scrollable-region-focusable). */}
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
          <div className="table-scroll" role="region" aria-labelledby="replies-caption" tabIndex={0}>
            <table data-testid="campaign-replies">
              <thead>
                <tr>
                  <th scope="col">{t("composer.replyAt")}</th>
                  <th scope="col">{t("composer.replyFrom")}</th>
                  <th scope="col">{t("composer.replyText")}</th>
                  <th scope="col">{t("composer.replyReadAs")}</th>
                  <th scope="col">{t("composer.replyAnswer")}</th>
                </tr>
              </thead>
              <tbody>
                {loaded.replies.length ? (
                  loaded.replies.map((r, i) => (
                    <tr key={`${r.at}-${i}`}>
                      <td>{formatDateTime(new Date(r.at), lng)}</td>
                      <td dir="ltr">{r.from}</td>
                      <td dir="auto">{r.body}</td>
                      <td>{t(`handled.${r.handledAs}`)}</td>
                      <td dir="auto">{r.answer ?? "–"}</td>
                    </tr>
                  ))
                ) : (
                  <tr>
                    <td colSpan={5}>{t("composer.noReplies")}</td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {err ? (
        <p className="error" role="alert" id="composer-error">
          {t(err.code.includes(":") ? err.code : `errors.${err.code}`, err.params ?? {})}
        </p>
      ) : null}
      <Form method="post" className="form-flow" aria-describedby={err ? "composer-error" : undefined}>
        <CsrfInput />
        <label className="ds-label" htmlFor="sms-name">
          {t("composer.name")}
        </label>
        <input className="ds-input" id="sms-name" name="name" defaultValue={v.name ?? ""} maxLength={200} />
        {LOCALES.map((l) => (
          <BodyField
            key={l}
            lang={l}
            label={t("composer.bodyLabel", { language: ENDONYMS[l] })}
            initial={v[`body.${l}`] ?? ""}
          />
        ))}
        <label className="ds-label" htmlFor="sms-audience">
          {t("composer.audience")}
        </label>
        <select className="ds-input" id="sms-audience" name="audience" defaultValue={v.audience ?? ""}>
          <option value="">{t("composer.audienceNone")}</option>
          {loaded.audiences.map((o) => (
            <option key={o.value} value={o.value}>
              {o.kind === "followers"
                ? t("composer.audienceFollowers", { count: o.count })
                : t(o.kind === "panel" ? "composer.audiencePanel" : "composer.audienceConsultation", {
                    title: o.title,
                    count: o.count,
                  })}
            </option>
          ))}
        </select>
        <label className="ds-label" htmlFor="sms-replies">
          {t("composer.replies")}
        </label>
        <select
          className="ds-input"
          id="sms-replies"
          name="replies"
          defaultValue={v.replies ?? loaded.presetReplies ?? ""}
        >
          <option value="">{t("composer.repliesNone")}</option>
          {loaded.replyOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {t(o.kind === "panel" ? "composer.repliesPanel" : "composer.repliesPb", { title: o.title })}
            </option>
          ))}
        </select>
        <label className="ds-label" htmlFor="sms-recipients">
          {t("composer.recipients")}
        </label>
        <textarea
          className="ds-input"
          id="sms-recipients"
          name="recipients"
          rows={5}
          defaultValue={v.recipients ?? ""}
        />
        <div className="choice">
          <input
            className="ds-input"
            type="checkbox"
            id="sms-urgent"
            name="urgent"
            defaultChecked={v.urgent === "on"}
          />
          <label htmlFor="sms-urgent">{t("composer.urgent")}</label>
        </div>
        <div className="choice">
          <input
            className="ds-input"
            type="checkbox"
            id="sms-confirm"
            name="confirmInvalid"
            defaultChecked={v.confirmInvalid === "on"}
          />
          <label htmlFor="sms-confirm">{t("composer.confirmInvalid")}</label>
        </div>
        <div className="button-row">
          <button className="ds-button" data-variant="secondary" type="submit" name="intent" value="preview">
            {t("composer.preview")}
          </button>{" "}
          <button className="ds-button" data-variant="primary" type="submit" name="intent" value="send">
            {t("composer.send")}
          </button>
        </div>
      </Form>
      {data?.previews.length ? (
        <section aria-labelledby="preview-h">
          <h2 id="preview-h">{t("composer.previewTitle")}</h2>
          <ul>
            {data.previews.map((p) => (
              <li key={p.lang} data-lang={p.lang}>
                <strong>{ENDONYMS[p.lang as ReplyLocale]}</strong>: {t("composer.stats", p)}
                {p.encoding === "UCS-2" ? (
                  <p className="notice">{t("composer.ucs2", { chars: p.unicodeChars.join(" ") })}</p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data?.invalid.length ? (
        <section aria-labelledby="invalid-h">
          <h2 id="invalid-h">{t("composer.invalidTitle")}</h2>
          <ul>
            {data.invalid.map((i) => (
              <li key={i.line}>
                {t("composer.invalidLine", { line: i.line, value: i.value, reason: t(`errors.${i.code}`) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
