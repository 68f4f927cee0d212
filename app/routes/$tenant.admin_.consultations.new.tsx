import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, asc, eq, gte, ne } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { caseSlug, formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { VERIFICATION_LEVELS } from "#app/modules/identity/levels.ts";
import { parseOsloLocal } from "#app/modules/meetings/calendar.ts";
import { notFound } from "#app/modules/political/page.server.ts";
import { staffContext, str } from "#app/modules/political/staff.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";
import {
  COUNCIL_KINDS,
  createConsultation,
  type ConsultationInput,
} from "#app/modules/consultations/commands.server.ts";
import { errorProps, FieldError, FormError, type Failure } from "#app/modules/consultations/ui.tsx";
import { agendaItems, bodies, cases, meetings } from "#db/schema/index.ts";

export const handle = { i18n: ["consultations", "political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUESTION_SLOTS = 3;
const ACTIONS = ["comment", "support", "pin", "answer"] as const;

// The secretary opens a consultation on a case (issue 6): the deciding
// meeting gives the closing time (or a date is set by hand), the questions
// (up to three here), the map area (an area council's area) with pin
// categories, moderation, names, and the verification each action needs.
async function load(request: Request, params: { tenant?: string }, deps: Parameters<typeof staffContext>[2]) {
  const ctx = await staffContext(request, params, deps, "manage:case:tenant");
  const caseId = new URL(request.url).searchParams.get("case") ?? "";
  if (!UUID.test(caseId)) throw notFound();
  const db = deps.db.db;
  const [c] = await db
    .select({ id: cases.id, year: cases.year, sequence: cases.sequence, title: cases.title })
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.tenantId, ctx.m.id)));
  if (!c) throw notFound();
  const [ms, bs] = await Promise.all([
    db
      .select({ id: meetings.id, bodyId: meetings.bodyId, startsAt: meetings.startsAt, bodyName: bodies.name })
      .from(agendaItems)
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
      .where(and(eq(agendaItems.caseId, c.id), ne(meetings.status, "finished"), gte(meetings.startsAt, deps.now())))
      .orderBy(asc(meetings.startsAt)),
    db
      .select({ id: bodies.id, kind: bodies.kind, name: bodies.name, area: bodies.area })
      .from(bodies)
      .where(eq(bodies.tenantId, ctx.m.id))
      .orderBy(asc(bodies.key)),
  ]);
  return { ...ctx, c, meetings: ms, bodies: bs };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { m, locale, c, meetings: ms, bodies: bs } = await load(request, params, context.deps);
  const t = tFor(locale);
  return {
    title: `${t("create.title", { ns: "consultations" })} – ${m.officialName}`,
    tenant: m.slug,
    caseId: c.id,
    number: formatCaseNumber(c),
    slug: caseSlug(c),
    caseTitle: pickText(c.title, locale),
    meetings: ms.map((x) => ({
      id: x.id,
      label: `${pickText(x.bodyName, locale)?.value ?? ""} – ${formatDateTime(x.startsAt, locale)}`,
    })),
    deciders: bs
      .filter((b) => !(COUNCIL_KINDS as readonly string[]).includes(b.kind))
      .map((b) => ({ id: b.id, name: pickText(b.name, locale)?.value ?? "" })),
    areas: bs.filter((b) => b.area).map((b) => ({ id: b.id, name: pickText(b.name, locale)?.value ?? "" })),
    levels: VERIFICATION_LEVELS,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, actor, c, meetings: ms, bodies: bs } = await load(request, params, deps);
  const form = await request.formData();
  const values: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string" && k !== "_csrf") values[k] = v.slice(0, 5000);
  const fail = (code: string, status: number, field: string | null, p?: Record<string, string | number>) =>
    Response.json({ failure: { intent: "create", code, field, params: p, values } satisfies Failure }, { status });

  const meetingId = str(form, "meetingId", 40);
  const meeting = ms.find((x) => x.id === meetingId) ?? null;
  const opensAt = parseOsloLocal(str(form, "opensAt", 20)) ?? (str(form, "opensAt", 20) ? null : deps.now());
  if (!opensAt) return fail("errors.badDateTime", 400, "opensAt");
  const closesRaw = str(form, "closesAt", 20);
  const closesAt = closesRaw ? parseOsloLocal(closesRaw) : null;
  if (closesRaw && !closesAt) return fail("errors.badDateTime", 400, "closesAt");
  const areaId = str(form, "areaBodyId", 40);
  const area = bs.find((b) => b.id === areaId && b.area)?.area ?? null;
  const questions: NonNullable<ConsultationInput["questions"]> = [];
  for (let i = 1; i <= QUESTION_SLOTS; i++) {
    const prompt = str(form, `q${i}_prompt`, 2000).trim();
    if (!prompt) continue;
    const kind = str(form, `q${i}_kind`, 10) as "single" | "multi" | "scale" | "text";
    if (!["single", "multi", "scale", "text"].includes(kind)) return fail("errors.invalidField", 400, `q${i}_kind`);
    const options = str(form, `q${i}_options`, 5000)
      .split(/\r?\n/)
      .map((x) => x.trim())
      .filter(Boolean)
      .map((nb) => ({ nb }));
    if ((kind === "single" || kind === "multi") && options.length < 2)
      return fail("errors.needOptions", 400, `q${i}_options`);
    questions.push({ kind, prompt: { nb: prompt }, options });
  }
  const requirements = Object.fromEntries(
    ACTIONS.map((a) => [a, str(form, `level_${a}`, 10) || "email"]),
  ) as ConsultationInput["requirements"];
  const closeDays = str(form, "closeDaysBeforeNotice", 4);
  const r = await createConsultation(deps, actor, {
    tenantId: m.id,
    caseId: c.id,
    bodyId: meeting ? meeting.bodyId : str(form, "bodyId", 40),
    meetingId: meeting?.id ?? null,
    title: { nb: str(form, "title_nb", 300), nn: str(form, "title_nn", 300) },
    summary: { nb: str(form, "summary_nb", 2000), nn: str(form, "summary_nn", 2000) },
    plan: form.get("plan") === "on",
    closeDaysBeforeNotice: closeDays && /^\d{1,3}$/.test(closeDays) ? Number(closeDays) : 2,
    opensAt,
    closesAt,
    moderation: str(form, "moderation", 10) === "pre" ? "pre" : "post",
    nameMode: str(form, "nameMode", 20) === "public-names" ? "public-names" : "pseudonym",
    mapArea: area ?? undefined,
    pinCategories: area
      ? str(form, "pinCategories", 2000)
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
    questions,
    requirements,
    // Until the person has seen the short-deadline warning and ticked "open it anyway".
    requireMinimumDays: form.get("acceptShortDeadline") !== "yes",
  });
  if (!r.ok) {
    const field = r.error.details?.[0]?.field ?? null;
    const code = r.error.details?.[0]?.code ?? r.error.code;
    return fail(
      code,
      r.error.status,
      field === "title" || field?.startsWith("title.") ? "title_nb" : field,
      r.error.params,
    );
  }
  return redirect(`/${m.slug}/admin/consultations/${r.value.id}?done=created`, 303);
}

export default function NewConsultation() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { failure?: Failure } | undefined;
  const f = a?.failure ?? null;
  const { t } = useTranslation("consultations");
  const v = (name: string, dflt = "") => (f ? (f.values[name] ?? "") : dflt);
  const I = "create";
  return (
    <>
      <p>
        <Link to={`/${d.tenant}/admin/cases/${d.caseId}`}>{t("create.backToCase", { number: d.number })}</Link>
      </p>
      <h1>{t("create.title")}</h1>
      <p>
        {d.number}: <LocalText text={d.caseTitle} />
      </p>
      <Form method="post" className="staff-form">
        <CsrfInput />
        <FormError f={f} intent={I} />
        <label htmlFor="c-title">{t("create.titleLabel")}</label>
        <input
          id="c-title"
          name="title_nb"
          required
          maxLength={300}
          defaultValue={v("title_nb")}
          {...errorProps(f, I, "title_nb")}
        />
        <FieldError f={f} intent={I} field="title_nb" />
        <label htmlFor="c-title-nn">{t("create.titleNn")}</label>
        <input id="c-title-nn" name="title_nn" lang="nn" maxLength={300} defaultValue={v("title_nn")} />
        <label htmlFor="c-summary">{t("create.summary")}</label>
        <textarea id="c-summary" name="summary_nb" rows={4} maxLength={2000} defaultValue={v("summary_nb")} />

        <fieldset>
          <legend>{t("create.when")}</legend>
          <label htmlFor="c-meeting">{t("create.meeting")}</label>
          <select
            id="c-meeting"
            name="meetingId"
            defaultValue={v("meetingId", d.meetings[0]?.id ?? "")}
            {...errorProps(f, I, "meetingId")}
          >
            {d.meetings.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
            <option value="">{t("create.noMeeting")}</option>
          </select>
          <FieldError f={f} intent={I} field="meetingId" />
          <label htmlFor="c-days">{t("create.closeDays")}</label>
          <input
            id="c-days"
            name="closeDaysBeforeNotice"
            type="number"
            min={0}
            max={120}
            defaultValue={v("closeDaysBeforeNotice", "2")}
          />
          <label htmlFor="c-body">{t("create.body")}</label>
          <select id="c-body" name="bodyId" defaultValue={v("bodyId")} {...errorProps(f, I, "bodyId")}>
            {d.deciders.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
          <label htmlFor="c-closes">{t("create.closesAt")}</label>
          <input
            id="c-closes"
            name="closesAt"
            type="datetime-local"
            defaultValue={v("closesAt")}
            {...errorProps(f, I, "closesAt")}
          />
          <FieldError f={f} intent={I} field="closesAt" />
          <label htmlFor="c-opens">{t("create.opensAt")}</label>
          <input
            id="c-opens"
            name="opensAt"
            type="datetime-local"
            defaultValue={v("opensAt")}
            {...errorProps(f, I, "opensAt")}
          />
          <FieldError f={f} intent={I} field="opensAt" />
          <label className="choice">
            <input type="checkbox" name="plan" defaultChecked={v("plan") === "on"} /> {t("create.plan")}
          </label>
        </fieldset>

        <fieldset>
          <legend>{t("create.questions")}</legend>
          {Array.from({ length: 3 }, (_, k) => k + 1).map((i) => (
            <div key={i}>
              <label htmlFor={`q${i}-prompt`}>{t("create.question", { n: i })}</label>
              <input id={`q${i}-prompt`} name={`q${i}_prompt`} maxLength={2000} defaultValue={v(`q${i}_prompt`)} />
              <label htmlFor={`q${i}-kind`}>{t("create.kind", { n: i })}</label>
              <select id={`q${i}-kind`} name={`q${i}_kind`} defaultValue={v(`q${i}_kind`, "single")}>
                {(["single", "multi", "scale", "text"] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`create.kinds.${k}`)}
                  </option>
                ))}
              </select>
              <label htmlFor={`q${i}-options`}>{t("create.options", { n: i })}</label>
              <textarea
                id={`q${i}-options`}
                name={`q${i}_options`}
                rows={3}
                defaultValue={v(`q${i}_options`)}
                {...errorProps(f, I, `q${i}_options`)}
              />
              <FieldError f={f} intent={I} field={`q${i}_options`} />
            </div>
          ))}
        </fieldset>

        <fieldset>
          <legend>{t("create.mapAndRules")}</legend>
          <label htmlFor="c-area">{t("create.area")}</label>
          <select id="c-area" name="areaBodyId" defaultValue={v("areaBodyId")}>
            <option value="">{t("create.noMap")}</option>
            {d.areas.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
          <label htmlFor="c-cats">{t("create.categories")}</label>
          <input id="c-cats" name="pinCategories" defaultValue={v("pinCategories")} />
          <label htmlFor="c-mod">{t("create.moderation")}</label>
          <select id="c-mod" name="moderation" defaultValue={v("moderation", "post")}>
            <option value="post">{t("create.post")}</option>
            <option value="pre">{t("create.pre")}</option>
          </select>
          <label htmlFor="c-names">{t("create.names")}</label>
          <select id="c-names" name="nameMode" defaultValue={v("nameMode", "pseudonym")}>
            <option value="pseudonym">{t("create.pseudonym")}</option>
            <option value="public-names">{t("create.publicNames")}</option>
          </select>
          {ACTIONS.map((act) => (
            <div key={act}>
              <label htmlFor={`c-level-${act}`}>{t(`create.level.${act}`)}</label>
              <select id={`c-level-${act}`} name={`level_${act}`} defaultValue={v(`level_${act}`, "email")}>
                {d.levels.map((l) => (
                  <option key={l} value={l}>
                    {t(`create.levels.${l}`)}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
        {f?.code === "errors.deadlineTooClose" ? (
          <div className="notice" role="alert" id="short-deadline">
            <p>{t("errors.deadlineTooClose", f.params ?? {})}</p>
            <input type="checkbox" id="c-accept-short" name="acceptShortDeadline" value="yes" />{" "}
            <label htmlFor="c-accept-short">{t("create.acceptShortDeadline", f.params ?? {})}</label>
          </div>
        ) : null}
        <button type="submit">{t("create.submit")}</button>
      </Form>
    </>
  );
}
