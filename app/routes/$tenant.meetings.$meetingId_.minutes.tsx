import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import {
  getConsoleState,
  getMinutes,
  liveMeetingInfo,
  minutesDraft,
  saveMinutes,
} from "#app/modules/live/live.server.ts";
import { publicOrigin, publicTenant } from "#app/modules/political/page.server.ts";

// The draft minutes (møtebok) of a meeting (issue 9): built from the live
// timeline, edited by the secretary as plain text, saved and published.
// Publishing (only once the meeting is finished) shows the minutes on the
// public live page, records each decision on its case and tells the
// residents who followed those cases (app/modules/live/notify.server.ts).
export const handle = { i18n: ["live"] };
export const meta: MetaFunction = () => [{ title: "Medvirk" }];

async function staffMeeting(
  request: Request,
  params: { tenant?: string; meetingId?: string },
  deps: LoaderFunctionArgs["context"]["deps"],
) {
  const { m, locale } = publicTenant(request, params, deps);
  const info = await liveMeetingInfo(deps.db.db, params.meetingId ?? "", m.id);
  if (!info) throw new Response("Not found", { status: 404 });
  const actor = await requireStaff(request, deps, info.tenantId, "manage:meeting:body", { bodyId: info.bodyId });
  return { m, info, actor, locale };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, info, locale } = await staffMeeting(request, params, deps);
  const [saved, state] = await Promise.all([
    getMinutes(deps.db.db, m.id, info.meetingId),
    getConsoleState(deps.db.db, m.id, info.meetingId),
  ]);
  const body = saved?.body ?? (await minutesDraft(deps.db.db, m.id, info.meetingId, locale)) ?? "";
  return json(
    {
      tenant: m.slug,
      name: m.officialName,
      meetingId: info.meetingId,
      body,
      saved: !!saved,
      publishedAt: saved?.publishedAt?.toISOString() ?? null,
      finished: state?.status === "finished",
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, info, actor } = await staffMeeting(request, params, deps);
  const form = await request.formData();
  const body = typeof form.get("body") === "string" ? String(form.get("body")) : "";
  const publish = form.get("intent") === "publish";
  const r = await saveMinutes(deps, actor, {
    tenantId: m.id,
    meetingId: info.meetingId,
    body,
    publish,
    links: { origin: publicOrigin(request, deps), tenantSlug: m.slug },
  });
  if (!r.ok) return json({ ok: false as const, error: r.error.code, body }, { status: r.error.status });
  return json({ ok: true as const, published: publish, notified: r.value.notified, body });
}

export default function MinutesPage() {
  const data = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const { t, i18n } = useTranslation("live");
  const lng = i18n.language === "se" ? "nb" : i18n.language;
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
              date: new Intl.DateTimeFormat(lng, {
                dateStyle: "long",
                timeStyle: "short",
                timeZone: "Europe/Oslo",
              }).format(new Date(publishedAt)),
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
