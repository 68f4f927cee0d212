import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { and, asc, eq } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { caseSlug, formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { actorLevel, getActor, requireUser } from "#app/modules/identity/session.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { formatBytes } from "#app/modules/political/present.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";
import {
  addComment,
  answerQuestions,
  dropPin,
  flagComment,
  setProfile,
  supportComment,
  withdrawSupport,
  type AnswerInput,
} from "#app/modules/consultations/commands.server.ts";
import { AGE_BANDS, GENDERS } from "#app/modules/consultations/report.ts";
import { countdown, isOpen } from "#app/modules/consultations/deadline.ts";
import { COMMENT_MAX } from "#app/modules/consultations/pseudonym.ts";
import { publicConsultation } from "#app/modules/consultations/queries.server.ts";
import { opinionSectionEnabled } from "#app/modules/opinions/queries.server.ts";
import { errorProps, FieldError, FormError, type Failure } from "#app/modules/consultations/ui.tsx";
import { mapFrame, project, type MapFrame } from "#app/modules/maps/frame.ts";
import { PinSvg } from "#app/modules/maps/pin-svg.tsx";
import { LeafletMap } from "#app/modules/maps/leaflet-map.tsx";
import { tileSource } from "#app/modules/maps/tiles.ts";
import leafletCss from "leaflet/dist/leaflet.css?url";
import { commentPage } from "#app/modules/consultations/paging.ts";
import { parseArea } from "#app/modules/bodies/geo.ts";
import { caseDocuments, consultationParticipants, consultationReports, FLAG_REASONS } from "#db/schema/index.ts";

export const handle = { i18n: ["consultations", "political", "opinions"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// A consultation (issue 6): summary, case documents, questions, comments with
// replies and support, map pins (coordinates in a plain form; works without
// JavaScript), report button. Every action is a plain POST to this route.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale } = publicTenant(request, params, deps);
  if (!UUID.test(params.id ?? "")) throw notFound();
  const actor = await getActor(request, deps);
  // Anonymous readers share one read (deps.cache, dropped on the municipality's next event).
  const read = async (personId: string | null) => {
    const data = await publicConsultation(deps.db.db, m.id, params.id!, personId);
    if (!data) return null;
    const [docs, reports] = await Promise.all([
      deps.db.db
        .select({
          id: caseDocuments.id,
          title: caseDocuments.title,
          byteSize: caseDocuments.byteSize,
          mimeType: caseDocuments.mimeType,
        })
        .from(caseDocuments)
        .where(eq(caseDocuments.caseId, data.c.caseId))
        .orderBy(asc(caseDocuments.position)),
      deps.db.db
        .select({
          id: consultationReports.id,
          version: consultationReports.version,
          documentId: consultationReports.documentId,
        })
        .from(consultationReports)
        .where(and(eq(consultationReports.consultationId, data.c.id), eq(consultationReports.status, "attached")))
        .orderBy(asc(consultationReports.version)),
    ]);
    return { data, docs, reports };
  };
  const got = actor
    ? await read(actor.personId)
    : await deps.cache.get(m.id, `consultation:${params.id}`, () => read(null));
  if (!got) throw notFound();
  const { data, docs, reports } = got;
  const c = data.c;
  const now = deps.now();
  const cp = commentPage(data.comments, new URL(request.url).searchParams.get("comments"));
  // Everything below but the clock and the reader's own profile depends only on the data, the
  // language and the comment page: anonymous readers share one formatted view (labels included,
  // so rendering a comment calls no translation).
  const view = async () => {
    const t = tFor(locale);
    const title = pickText(c.title, locale);
    const area = c.mapArea ? parseArea(c.mapArea) : null;
    const frame = area?.ok ? mapFrame(area.value) : null;
    const anonymous = t("page.anonymous", { ns: "consultations" });
    return {
      title: `${title?.value ?? ""} – ${m.officialName}`,
      tenant: m.slug,
      id: c.id,
      closes: formatDateTime(c.closedAt ?? c.closesAt, locale),
      meeting: data.meetingStartsAt ? formatDateTime(data.meetingStartsAt, locale) : null,
      number: formatCaseNumber({ year: data.caseYear, sequence: data.caseSequence }),
      slug: caseSlug({ year: data.caseYear, sequence: data.caseSequence }),
      consultationTitle: title,
      caseTitle: pickText(data.caseTitle, locale),
      body: pickText(data.bodyName, locale),
      summary: pickText(c.summary, locale),
      feedback: c.feedback ? pickText(c.feedback, locale) : null,
      documents: docs.map((d) => ({
        id: d.id,
        title: d.title,
        size: formatBytes(d.byteSize, locale),
        type: d.mimeType === "application/pdf" ? "PDF" : d.mimeType === "image/png" ? "PNG" : "JPEG",
      })),
      reports: reports.map((r) => ({ id: r.id, version: r.version, documentId: r.documentId })),
      questions: data.questions.map((q) => {
        const mine = data.myAnswers.find((a) => a.questionId === q.id);
        return {
          id: q.id,
          kind: q.kind,
          prompt: pickText(q.prompt, locale),
          options: q.options.map((o) => ({ id: o.id, label: pickText(o.label, locale) })),
          scaleMin: q.scaleMin ?? 1,
          scaleMax: q.scaleMax ?? 5,
          mine: { options: mine?.options ?? [], scale: mine?.scale ?? null, text: mine?.text ?? "" },
        };
      }),
      commentsTotal: data.comments.filter((x) => !x.hidden).length,
      commentPage: { page: cp.page, pages: cp.pages, all: cp.all },
      comments: cp.shown.map((x) => ({
        id: x.id,
        parentId: x.parentId,
        body: x.body,
        by: x.publicName ?? anonymous,
        organisation: x.organisation,
        when: formatDateTime(x.createdAt, locale),
        supportsLabel: t("page.supports", { ns: "consultations", count: x.supports }),
        supported: x.supported,
        own: x.own,
        hiddenLabel: x.hidden
          ? x.hiddenReason
            ? t("page.hiddenWithReason", { ns: "consultations", reason: x.hiddenReason })
            : t("page.hidden", { ns: "consultations" })
          : null,
      })),
      pins: data.pins.map((p) => ({ id: p.id, lat: p.lat, lon: p.lon, category: p.category, comment: p.comment })),
      categories: c.pinCategories,
      hasMap: !!c.mapArea,
      frame,
      area: area?.ok ? area.value : null,
      tiles: tileSource(deps.env),
      pinDots: frame
        ? data.pins.map((p) => ({
            id: p.id,
            ...xy(frame, p.lon, p.lat),
            title: `${p.category}${p.comment ? `: ${p.comment}` : ""}`,
          }))
        : [],
    };
  };
  const [shared, [me]] = await Promise.all([
    actor ? view() : deps.cache.get(m.id, `consultation-view:${c.id}:${locale}:${cp.all ? "all" : cp.page}`, view),
    actor
      ? deps.db.db
          .select({
            ageBand: consultationParticipants.ageBand,
            gender: consultationParticipants.gender,
            area: consultationParticipants.area,
            notify: consultationParticipants.notify,
          })
          .from(consultationParticipants)
          .where(
            and(
              eq(consultationParticipants.consultationId, c.id),
              eq(consultationParticipants.personId, actor.personId),
            ),
          )
      : Promise.resolve([]),
  ]);
  return {
    ...shared,
    signedIn: !!actor,
    opinions: await opinionSectionEnabled(deps.db.db, m.id, c.id),
    open: isOpen(c, now),
    notYetOpen: c.opensAt > now,
    countdown: countdown(c.closesAt, now),
    profile: {
      ageBand: me?.ageBand ?? "",
      gender: me?.gender ?? "",
      area: me?.area ?? "",
      notify: me?.notify ?? "email",
    },
  };
}

const xy = (f: MapFrame, lon: number, lat: number) => {
  const [x, y] = project(f, lon, lat);
  return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
};

const s = (form: FormData, name: string, max = 5000) => {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, max) : "";
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m } = publicTenant(request, params, deps);
  if (!UUID.test(params.id ?? "")) throw notFound();
  const actor = await requireUser(request, deps);
  const resident = { personId: actor.personId, level: actorLevel(actor, m.id) };
  const form = await request.formData();
  const intent = s(form, "intent", 20);
  const base = { tenantId: m.id, consultationId: params.id! };
  const values: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string" && k !== "_csrf") values[k] = v.slice(0, 5000);
  let r:
    | { ok: true; value: unknown }
    | {
        ok: false;
        error: {
          code: string;
          status: number;
          params?: Record<string, string | number>;
          details?: { field?: string }[];
        };
      };
  let notice = "saved";
  let anchor = "";
  switch (intent) {
    case "comment": {
      r = await addComment(deps, resident, {
        ...base,
        body: s(form, "body", 20_000),
        parentId: UUID.test(s(form, "parentId")) ? s(form, "parentId") : null,
        publicName: s(form, "publicName", 200),
      });
      if (r.ok && (r.value as { state: string }).state === "pending") notice = "pending";
      anchor = r.ok ? `&comments=all#c-${(r.value as { id: string }).id}` : "";
      break;
    }
    case "support":
    case "unsupport": {
      const commentId = s(form, "commentId", 40);
      r =
        intent === "support"
          ? await supportComment(deps, resident, { ...base, commentId })
          : await withdrawSupport(deps, resident, { ...base, commentId });
      anchor = `&comments=all#c-${commentId}`;
      break;
    }
    case "flag": {
      const commentId = s(form, "commentId", 40);
      r = await flagComment(deps, resident, { ...base, commentId, reason: s(form, "reason", 20) });
      notice = "reported";
      anchor = `&comments=all#c-${commentId}`;
      break;
    }
    case "answer": {
      const answers: AnswerInput[] = [];
      const ids = new Set([...form.keys()].filter((k) => k.startsWith("q.")).map((k) => k.split(".")[1]!));
      for (const qid of ids) {
        const opts = form.getAll(`q.${qid}.option`).filter((x): x is string => typeof x === "string");
        const scale = s(form, `q.${qid}.scale`, 10);
        answers.push({
          questionId: qid,
          options: opts,
          scale: scale && scale !== "none" ? Number(scale) : null,
          text: s(form, `q.${qid}.text`, 20_000),
        });
      }
      r = await answerQuestions(deps, resident, { ...base, answers });
      anchor = "#questions";
      break;
    }
    case "profile": {
      const pick = <T extends string>(v: string, allowed: readonly T[]) =>
        (allowed as readonly string[]).includes(v) ? (v as T) : null;
      r = await setProfile(deps, resident, {
        ...base,
        ageBand: pick(s(form, "ageBand", 10), AGE_BANDS),
        gender: pick(s(form, "gender", 10), GENDERS),
        area: s(form, "area", 100),
        notify: pick(s(form, "notify", 10), ["email", "sms", "none"] as const) ?? "email",
      });
      anchor = "#about-you";
      break;
    }
    case "pin": {
      const num = (x: string) => Number(x.trim().replace(",", "."));
      r = await dropPin(deps, resident, {
        ...base,
        lat: num(s(form, "lat", 30)),
        lon: num(s(form, "lon", 30)),
        category: s(form, "category", 80),
        comment: s(form, "comment", 5000),
      });
      anchor = "#map";
      break;
    }
    default:
      return new Response("Bad request", { status: 400 });
  }
  if (!r.ok) {
    const failure: Failure = {
      intent,
      code: r.error.code,
      field: r.error.details?.[0]?.field?.replace(/^q\..*/, "questions") ?? null,
      params: r.error.params,
      values,
    };
    return Response.json({ failure }, { status: r.error.status === 401 ? 403 : r.error.status });
  }
  const url = new URL(request.url);
  // The target often differs from the current URL only in its #anchor: a hash-only change would
  // skip the loaders in the browser, so revalidation is asked for explicitly.
  return redirect(`${url.pathname}?done=${notice}${anchor}`, { status: 303, headers: { "X-Remix-Revalidate": "yes" } });
}

export default function ConsultationPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { failure?: Failure } | undefined;
  const f = a?.failure ?? null;
  const [sp] = useSearchParams();
  const location = useLocation();
  const done = sp.get("done");
  const { t } = useTranslation("consultations");
  const { t: tc } = useTranslation("common");
  const top = d.comments.filter((c) => !c.parentId);
  // Replies by thread, grouped once per render (not a scan of every comment per comment).
  const byParent = new Map<string, (typeof d.comments)[number][]>();
  for (const c of d.comments) if (c.parentId) byParent.set(c.parentId, [...(byParent.get(c.parentId) ?? []), c]);
  const replies = (id: string) => byParent.get(id) ?? [];
  const v = (intent: string, name: string, dflt = "") => (f && f.intent === intent ? (f.values[name] ?? dflt) : dflt);

  const commentView = (c: (typeof d.comments)[number]) =>
    c.hiddenLabel ? (
      <article key={c.id} id={`c-${c.id}`} className="comment comment-hidden">
        <p className="muted">
          {c.hiddenLabel} · {c.when}
        </p>
        {replies(c.id).length ? <div className="replies">{replies(c.id).map(commentView)}</div> : null}
      </article>
    ) : (
      <article key={c.id} id={`c-${c.id}`} className="comment" aria-labelledby={`c-${c.id}-by`}>
        <p id={`c-${c.id}-by`} className="muted">
          <bdi>
            <strong>{c.by}</strong>
          </bdi>
          {c.organisation ? ` (${c.organisation})` : ""} · {c.when}
        </p>
        {/* Residents' own text in its own direction (dir="auto"), whatever the page's. */}
        <p style={{ whiteSpace: "pre-wrap" }} dir="auto">
          {c.body}
        </p>
        <p className="muted">{c.supportsLabel}</p>
        {d.open && d.signedIn && !c.own ? (
          <Form method="post" className="inline">
            <CsrfInput />
            <input type="hidden" name="intent" value={c.supported ? "unsupport" : "support"} />
            <input type="hidden" name="commentId" value={c.id} />
            <button type="submit">{c.supported ? t("page.withdraw") : t("page.support")}</button>
          </Form>
        ) : null}
        {f && (f.intent === "support" || f.intent === "flag") && f.values.commentId === c.id ? (
          <FormError f={f} intent={f.intent} />
        ) : null}
        {d.signedIn ? (
          <details>
            <summary>{t("page.report")}</summary>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="flag" />
              <input type="hidden" name="commentId" value={c.id} />
              <label htmlFor={`reason-${c.id}`}>{t("page.reportReason")}</label>
              <select id={`reason-${c.id}`} name="reason">
                {FLAG_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`reasons.${r}`)}
                  </option>
                ))}
              </select>
              <button type="submit">{t("page.sendReport")}</button>
            </Form>
          </details>
        ) : null}
        {d.open && d.signedIn && !c.parentId ? (
          <details open={f?.intent === "comment" && f.values.parentId === c.id}>
            <summary>{t("page.reply")}</summary>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="comment" />
              <input type="hidden" name="parentId" value={c.id} />
              <label htmlFor={`reply-${c.id}`}>{t("page.replyLabel")}</label>
              <textarea
                id={`reply-${c.id}`}
                name="body"
                rows={3}
                maxLength={COMMENT_MAX + 100}
                defaultValue={f?.values.parentId === c.id ? v("comment", "body") : ""}
              />
              <button type="submit">{t("page.sendReply")}</button>
            </Form>
          </details>
        ) : null}
        {replies(c.id).length ? <div className="replies">{replies(c.id).map(commentView)}</div> : null}
      </article>
    );

  return (
    <>
      <p className="muted">
        <Link to={`/${d.tenant}/cases/${d.slug}`}>{t("page.kicker", { number: d.number })}</Link>
      </p>
      <h1>
        <LocalText text={d.consultationTitle} />
      </h1>
      <p>
        {t("page.decidedBy", { body: d.body?.value ?? "" })}.{" "}
        {d.meeting ? t("page.meeting", { when: d.meeting }) : null}
      </p>
      <p role="status">
        {d.open ? (
          <>
            {t("page.closes", { when: d.closes })}{" "}
            {t("page.countdown", { days: d.countdown.days, hours: d.countdown.hours })}
          </>
        ) : d.notYetOpen ? (
          t("page.notYetOpen")
        ) : (
          t("page.closed")
        )}
      </p>
      {done ? (
        <p className="notice" role="status">
          {t(`page.${done === "pending" ? "pending" : done === "reported" ? "reported" : "saved"}`)}
        </p>
      ) : null}
      {!d.signedIn && d.open ? (
        <p>
          <Link to={`/signin?returnTo=${encodeURIComponent(`/${d.tenant}/consultations/${d.id}`)}`}>
            {t("page.signInToTakePart")}
          </Link>
        </p>
      ) : null}

      {d.opinions ? (
        <p>
          <Link to={`/${d.tenant}/consultations/${d.id}/statements`}>{t("link", { ns: "opinions" })}</Link>
        </p>
      ) : null}

      {d.feedback ? (
        <section aria-labelledby="feedback-h">
          <h2 id="feedback-h">{t("page.feedback")}</h2>
          <p style={{ whiteSpace: "pre-wrap" }}>
            <LocalText text={d.feedback} />
          </p>
        </section>
      ) : null}

      {d.summary ? (
        <section aria-labelledby="summary-h">
          <h2 id="summary-h">{t("page.summary")}</h2>
          <p style={{ whiteSpace: "pre-wrap" }}>
            <LocalText text={d.summary} />
          </p>
        </section>
      ) : null}

      <section aria-labelledby="docs-h">
        <h2 id="docs-h">{t("page.documents")}</h2>
        {d.documents.length ? (
          <ul>
            {d.documents.map((doc) => (
              <li key={doc.id}>
                <a href={`/${d.tenant}/cases/${d.slug}/documents/${doc.id}`}>{doc.title}</a> ({doc.type}, {doc.size})
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("page.noDocuments")}</p>
        )}
        {d.reports.length ? (
          <>
            <h3>{t("page.reports")}</h3>
            <ul>
              {d.reports.map((r) => (
                <li key={r.id}>
                  {t("staff.version", { version: r.version })}:{" "}
                  <a href={`/${d.tenant}/consultations/${d.id}/reports/${r.id}/pdf`}>
                    {t("page.download", { format: "PDF" })}
                  </a>
                  ,{" "}
                  <a href={`/${d.tenant}/consultations/${d.id}/reports/${r.id}/json`}>
                    {t("page.download", { format: "JSON" })}
                  </a>
                  ,{" "}
                  <a href={`/${d.tenant}/consultations/${d.id}/reports/${r.id}/csv`}>
                    {t("page.download", { format: "CSV" })}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {d.questions.length ? (
        <section aria-labelledby="questions-h" id="questions">
          <h2 id="questions-h">{t("page.questions")}</h2>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="answer" />
            <FormError f={f} intent="answer" />
            <FieldError f={f} intent="answer" field="questions" />
            {d.questions.map((q) => (
              <fieldset key={q.id} disabled={!d.open || !d.signedIn}>
                <legend>
                  <LocalText text={q.prompt} />
                </legend>
                <input type="hidden" name={`q.${q.id}`} value="" />
                {q.kind === "single" || q.kind === "multi"
                  ? q.options.map((o) => (
                      <label key={o.id} className="choice">
                        <input
                          type={q.kind === "single" ? "radio" : "checkbox"}
                          name={`q.${q.id}.option`}
                          value={o.id}
                          defaultChecked={q.mine.options.includes(o.id)}
                        />{" "}
                        <LocalText text={o.label} />
                      </label>
                    ))
                  : null}
                {q.kind === "scale" ? (
                  <>
                    <p className="muted">{t("page.scaleHint", { max: q.scaleMax })}</p>
                    {Array.from({ length: q.scaleMax - q.scaleMin + 1 }, (_, i) => q.scaleMin + i).map((n) => (
                      <label key={n} className="choice">
                        <input type="radio" name={`q.${q.id}.scale`} value={n} defaultChecked={q.mine.scale === n} />{" "}
                        {n}
                      </label>
                    ))}
                    <label className="choice">
                      <input type="radio" name={`q.${q.id}.scale`} value="none" defaultChecked={q.mine.scale == null} />{" "}
                      {t("page.noAnswer")}
                    </label>
                  </>
                ) : null}
                {q.kind === "text" ? (
                  <>
                    <label htmlFor={`q-${q.id}-text`} className="visually-hidden">
                      <LocalText text={q.prompt} />
                    </label>
                    <textarea id={`q-${q.id}-text`} name={`q.${q.id}.text`} rows={3} defaultValue={q.mine.text} />
                  </>
                ) : null}
              </fieldset>
            ))}
            {d.open && d.signedIn ? <button type="submit">{t("page.saveAnswers")}</button> : null}
          </Form>
        </section>
      ) : null}

      {d.hasMap ? (
        <section aria-labelledby="map-h" id="map">
          <h2 id="map-h">{t("page.map")}</h2>
          {d.frame ? (
            <LeafletMap
              area={d.area}
              pins={d.pins.map((p) => ({
                id: p.id,
                lat: p.lat,
                lon: p.lon,
                title: `${p.category}${p.comment ? `: ${p.comment}` : ""}`,
              }))}
              tiles={d.tiles}
              label={t("page.mapLabel", { count: d.pins.length })}
              hint={d.open && d.signedIn ? `${t("page.mapHint")} ${tc("map.keys")}` : null}
              place={d.open && d.signedIn ? { lat: "pin-lat", lon: "pin-lon" } : null}
              zoomIn={tc("map.zoomIn")}
              zoomOut={tc("map.zoomOut")}
              fallback={
                <PinSvg frame={d.frame} pins={d.pinDots} label={t("page.mapLabel", { count: d.pins.length })} />
              }
            />
          ) : null}
          {d.open && d.signedIn ? (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="pin" />
              <p>{t("page.mapIntro")}</p>
              <FormError f={f} intent="pin" />
              <label htmlFor="pin-lat">{t("page.lat")}</label>
              <input
                id="pin-lat"
                name="lat"
                inputMode="decimal"
                required
                defaultValue={v("pin", "lat")}
                {...errorProps(f, "pin", "lat")}
              />
              <FieldError f={f} intent="pin" field="lat" />
              <label htmlFor="pin-lon">{t("page.lon")}</label>
              <input id="pin-lon" name="lon" inputMode="decimal" required defaultValue={v("pin", "lon")} />
              <label htmlFor="pin-category">{t("page.category")}</label>
              <select
                id="pin-category"
                name="category"
                defaultValue={v("pin", "category")}
                {...errorProps(f, "pin", "category")}
              >
                {d.categories.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
              <FieldError f={f} intent="pin" field="category" />
              <label htmlFor="pin-comment">{t("page.pinComment")}</label>
              <textarea
                id="pin-comment"
                name="comment"
                rows={2}
                defaultValue={v("pin", "comment")}
                {...errorProps(f, "pin", "comment")}
              />
              <FieldError f={f} intent="pin" field="comment" />
              <button type="submit">{t("page.addPin")}</button>
            </Form>
          ) : null}
          <h3>{t("page.pins", { count: d.pins.length })}</h3>
          <ul>
            {d.pins.map((p) => (
              <li key={p.id}>
                {p.category}: {p.lat.toFixed(4)}, {p.lon.toFixed(4)}
                {p.comment ? ` – ${p.comment}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.open && d.signedIn ? (
        <section aria-labelledby="about-you-h" id="about-you">
          <h2 id="about-you-h">{t("page.aboutYou")}</h2>
          <p className="muted">{t("page.aboutYouHint")}</p>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="profile" />
            <FormError f={f} intent="profile" />
            <label htmlFor="p-age">{t("page.ageBand")}</label>
            <select id="p-age" name="ageBand" defaultValue={d.profile.ageBand}>
              <option value="">{t("page.noAnswer")}</option>
              {AGE_BANDS.map((a) => (
                <option key={a} value={a}>
                  {t(`ageBands.${a}`)}
                </option>
              ))}
            </select>
            <label htmlFor="p-gender">{t("page.gender")}</label>
            <select id="p-gender" name="gender" defaultValue={d.profile.gender}>
              <option value="">{t("page.noAnswer")}</option>
              {GENDERS.map((g) => (
                <option key={g} value={g}>
                  {t(`genders.${g}`)}
                </option>
              ))}
            </select>
            <label htmlFor="p-area">{t("page.area")}</label>
            <input id="p-area" name="area" maxLength={100} defaultValue={d.profile.area} />
            <label htmlFor="p-notify">{t("page.notify")}</label>
            <select id="p-notify" name="notify" defaultValue={d.profile.notify}>
              <option value="email">{t("page.notifyEmail")}</option>
              <option value="sms">{t("page.notifySms")}</option>
              <option value="none">{t("page.notifyNone")}</option>
            </select>
            <button type="submit">{t("page.saveProfile")}</button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="comments-h" id="comments">
        <h2 id="comments-h">{t("page.comments", { count: d.commentsTotal })}</h2>
        <p>
          <Link to={`/${d.tenant}/rules`}>{t("page.rulesLink")}</Link>
        </p>
        {d.open && d.signedIn ? (
          // A new key after every navigation (the redirect after a successful post) gives an
          // empty form; a refused post returns data without navigating and keeps the text.
          <Form method="post" id="comment-form" key={location.key}>
            <CsrfInput />
            <input type="hidden" name="intent" value="comment" />
            <h3>{t("page.writeComment")}</h3>
            {!f?.values.parentId ? <FormError f={f} intent="comment" /> : null}
            <label htmlFor="comment-body">{t("page.commentLabel")}</label>
            <p id="comment-hint" className="muted">
              {t("page.commentHint", { max: COMMENT_MAX })}
            </p>
            <textarea
              id="comment-body"
              name="body"
              rows={5}
              defaultValue={f?.values.parentId ? "" : v("comment", "body")}
              aria-describedby={
                f?.intent === "comment" && f.field === "body" && !f.values.parentId
                  ? "comment-hint comment-body-error"
                  : "comment-hint"
              }
              aria-invalid={f?.intent === "comment" && f.field === "body" && !f.values.parentId ? true : undefined}
            />
            {f?.intent === "comment" && f.field === "body" && !f.values.parentId ? (
              <p id="comment-body-error" className="field-error" role="alert">
                {t(`errors.${f.code.replace(/^errors\./, "")}`, f.params ?? {})}
              </p>
            ) : null}
            <label htmlFor="comment-name">{t("page.publicName")}</label>
            <input
              id="comment-name"
              name="publicName"
              maxLength={80}
              autoComplete="nickname"
              defaultValue={v("comment", "publicName")}
            />
            <button type="submit">{t("page.send")}</button>
          </Form>
        ) : null}
        {top.length ? top.map(commentView) : <p>{t("page.noComments")}</p>}
        {d.commentPage.pages > 1 ? (
          <nav aria-label={t("page.commentPages")} className="pager">
            <p>
              {d.commentPage.all
                ? t("page.commentsShowingAll", { count: d.commentsTotal })
                : t("page.commentPageOf", { page: d.commentPage.page, pages: d.commentPage.pages })}
            </p>
            <ul>
              {!d.commentPage.all && d.commentPage.page > 1 ? (
                <li>
                  <Link to={`?comments=${d.commentPage.page - 1}#comments`}>{t("page.commentsPrev")}</Link>
                </li>
              ) : null}
              {!d.commentPage.all && d.commentPage.page < d.commentPage.pages ? (
                <li>
                  <Link to={`?comments=${d.commentPage.page + 1}#comments`}>{t("page.commentsNext")}</Link>
                </li>
              ) : null}
              {!d.commentPage.all ? (
                <li>
                  <Link to="?comments=all#comments">{t("page.commentsAll", { count: d.commentsTotal })}</Link>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </section>
    </>
  );
}
