import { redirect } from "@remix-run/node";
import { and, asc, eq } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { formatDateTime } from "#app/lib/format.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { caseSlug, formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { actorLevel, getActor, requireUser } from "#app/modules/identity/session.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { formatBytes } from "#app/modules/political/present.server.ts";
import { opinionSectionEnabled } from "#app/modules/opinions/queries.server.ts";
import { mapFrame, project, type MapFrame } from "#app/modules/maps/frame.ts";
import { tileSource } from "#app/modules/maps/tiles.ts";
import { parseArea } from "#app/modules/bodies/geo.ts";
import { caseDocuments, consultationParticipants, consultationReports, FLAG_REASONS } from "#db/schema/index.ts";
import {
  addComment,
  answerQuestions,
  dropPin,
  flagComment,
  setProfile,
  supportComment,
  withdrawSupport,
  type AnswerInput,
} from "./commands.server.ts";
import { countdown, isOpen } from "./deadline.ts";
import { commentPage } from "./paging.ts";
import { publicConsultation } from "./queries.server.ts";
import { AGE_BANDS, GENDERS } from "./report.ts";
import type { Failure } from "./ui.tsx";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// A consultation (issue 6; moved out of the route in issue 19): summary, case documents, questions, comments with
// replies and support, map pins (coordinates in a plain form; works without
// JavaScript), report button. Every action is a plain POST to this route.
export async function consultationPage(request: Request, params: { tenant?: string; id?: string }, deps: Deps) {
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
    flagReasons: FLAG_REASONS,
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

export async function postToConsultation(request: Request, params: { tenant?: string; id?: string }, deps: Deps) {
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
