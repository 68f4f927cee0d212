import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { isLocale } from "#app/lib/i18n.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import type { MinutesReply, MinutesView } from "../minutes-page.server.ts";

// The secretary's minutes page: the plain-text draft, save and publish (minutes-page.server.ts).
export function MinutesPage({ data, done }: { data: MinutesView; done: MinutesReply | undefined }) {
  const { t, i18n } = useTranslation("live");
  const lng = isLocale(i18n.language) ? i18n.language : "nb";
  const publishedAt = done?.ok && done.published && !data.publishedAt ? new Date().toISOString() : data.publishedAt;
  const message = !done
    ? ""
    : done.ok
      ? done.published
        ? t("minutes.publishedNow", { n: done.notified })
        : t("minutes.saved")
      : t(done.error, { defaultValue: t("errors.unknown") });
  return (
    <>
      <h1>{t("minutes.heading")}</h1>
      <p className="muted">
        {data.name} · <Link to={`/${data.tenant}/meetings/${data.meetingId}/console`}>{t("console.heading")}</Link> ·{" "}
        <Link to={`/${data.tenant}/meetings/${data.meetingId}/live`}>{t("console.publicPage")}</Link>
      </p>
      <p role="status" aria-live="polite" data-testid="minutes-message">
        {message}
      </p>
      <p data-testid="minutes-state">
        {publishedAt
          ? t("minutes.publishedAt", {
              date: formatDateTime(new Date(publishedAt), lng),
            })
          : data.saved
            ? t("minutes.draftSaved")
            : t("minutes.draftNew")}
        {publishedAt ? (
          <>
            {" "}
            <a href={`/${data.tenant}/meetings/${data.meetingId}/minutes.pdf`}>{t("minutes.pdf")}</a>
          </>
        ) : null}
      </p>
      <Form method="post">
        <CsrfInput />
        <label htmlFor="minutes-body">{t("minutes.body")}</label>
        <br />
        <textarea
          id="minutes-body"
          name="body"
          rows={24}
          cols={80}
          required
          maxLength={200_000}
          defaultValue={done?.body ?? data.body}
        />
        <p className="muted">{data.finished ? t("minutes.publishHint") : t("minutes.onlyFinished")}</p>
        <div className="live-console-row">
          <button type="submit" name="intent" value="save">
            {t("minutes.save")}
          </button>{" "}
          <button type="submit" name="intent" value="publish">
            {t("minutes.publish")}
          </button>
        </div>
      </Form>
    </>
  );
}
