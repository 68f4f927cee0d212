import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { and, asc, eq } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import { caseSlug, formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { can } from "#app/modules/identity/permissions.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { publicTenant } from "#app/modules/political/page.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";
import { answerCouncilStatement } from "#app/modules/consultations/commands.server.ts";
import { FieldError, errorProps, type Failure } from "#app/modules/consultations/ui.tsx";
import { bodies, caseDocuments, cases, councilStatements, meetings } from "#db/schema/index.ts";

export const handle = { i18n: ["consultations", "political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// For a council's secretary (ungdomsråd, eldreråd, områdeutvalg …): the
// cases the council has been asked to give a statement on, with the
// deadline, and a form to write the statement or upload it as a file.
async function councilContext(request: Request, params: { tenant?: string }, deps: Parameters<typeof requireUser>[1]) {
  const { m, locale, t } = publicTenant(request, params, deps);
  const actor = await requireUser(request, deps);
  const rows = await deps.db.db
    .select({
      s: councilStatements,
      councilName: bodies.name,
      year: cases.year,
      sequence: cases.sequence,
      caseTitle: cases.title,
      meetingAt: meetings.startsAt,
      documentTitle: caseDocuments.title,
    })
    .from(councilStatements)
    .innerJoin(bodies, eq(bodies.id, councilStatements.councilBodyId))
    .innerJoin(cases, eq(cases.id, councilStatements.caseId))
    .leftJoin(meetings, eq(meetings.id, councilStatements.decidingMeetingId))
    .leftJoin(caseDocuments, eq(caseDocuments.id, councilStatements.documentId))
    .where(and(eq(councilStatements.tenantId, m.id)))
    .orderBy(asc(councilStatements.deadline));
  const mine = rows.filter((r) => can(actor, "manage:meeting:body", { tenantId: m.id, bodyId: r.s.councilBodyId }));
  return { m, locale, t, actor, mine };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t, mine } = await councilContext(request, params, deps);
  return {
    title: `${t("statements.title", { ns: "consultations" })} – ${m.officialName}`,
    tenant: m.slug,
    maxMb: deps.env.MEDVIRK_MAX_UPLOAD_MB,
    items: mine.map((r) => ({
      id: r.s.id,
      council: pickText(r.councilName, locale),
      number: formatCaseNumber({ year: r.year, sequence: r.sequence }),
      slug: caseSlug({ year: r.year, sequence: r.sequence }),
      caseTitle: pickText(r.caseTitle, locale),
      deadline: formatDateTime(r.s.deadline, locale),
      meeting: r.meetingAt ? formatDateTime(r.meetingAt, locale) : null,
      status: r.s.answeredAt ? (r.s.answeredAt <= r.s.deadline ? "answeredOnTime" : "answeredLate") : "notAnswered",
      text: r.s.text ?? "",
      document: r.s.documentId ? { id: r.s.documentId, title: r.documentTitle ?? "" } : null,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, actor } = await councilContext(request, params, deps);
  const form = await request.formData();
  const str = (k: string, max: number) => {
    const v = form.get(k);
    return typeof v === "string" ? v.slice(0, max) : "";
  };
  const statementId = str("statementId", 40);
  const text = str("text", 60_000);
  const file = form.get("file");
  const upload =
    file instanceof File && file.size > 0
      ? { name: file.name.slice(0, 200), bytes: new Uint8Array(await file.arrayBuffer()) }
      : null;
  const r = await answerCouncilStatement(deps, actor, { tenantId: m.id, statementId, text, file: upload });
  if (!r.ok) {
    const failure: Failure = {
      intent: `statement-${statementId}`,
      code: r.error.code,
      field: r.error.details?.[0]?.field ?? "text",
      params: r.error.params,
      values: { text: text.slice(0, 50_000), statementId },
    };
    return Response.json({ failure }, { status: r.error.status });
  }
  return redirect(`/${m.slug}/admin/statements?done=${encodeURIComponent(statementId)}#s-${statementId}`, {
    status: 303,
    headers: { "X-Remix-Revalidate": "yes" },
  });
}

export default function CouncilStatementsPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { failure?: Failure } | undefined;
  const f = a?.failure ?? null;
  const [sp] = useSearchParams();
  const done = sp.get("done");
  const { t } = useTranslation("consultations");
  return (
    <>
      <h1>{t("statements.title")}</h1>
      <p>{t("statements.intro")}</p>
      {d.items.length ? null : <p>{t("statements.none")}</p>}
      {d.items.map((s) => {
        const intent = `statement-${s.id}`;
        return (
          <section key={s.id} id={`s-${s.id}`} aria-labelledby={`s-${s.id}-h`}>
            <h2 id={`s-${s.id}-h`}>
              <Link to={`/${d.tenant}/cases/${s.slug}`}>
                {s.number}: <LocalText text={s.caseTitle} />
              </Link>
            </h2>
            <p>
              <LocalText text={s.council} />: {t(`staff.${s.status}`)} ({t("staff.deadline", { when: s.deadline })})
              {s.meeting ? ` · ${t("statements.meeting", { when: s.meeting })}` : ""}
            </p>
            {done === s.id ? (
              <p className="notice" role="status">
                {t("statements.saved")}
              </p>
            ) : null}
            {s.document ? (
              <p>
                {t("statements.uploaded")}:{" "}
                <a href={`/${d.tenant}/cases/${s.slug}/documents/${s.document.id}`}>{s.document.title}</a>
              </p>
            ) : null}
            <Form method="post" encType="multipart/form-data">
              <CsrfInput />
              <input type="hidden" name="statementId" value={s.id} />
              <label htmlFor={`st-${s.id}`}>{t("staff.statementText")}</label>
              <textarea
                id={`st-${s.id}`}
                name="text"
                rows={6}
                defaultValue={f?.intent === intent ? f.values.text : s.text}
                {...errorProps(f, intent, "text")}
              />
              <FieldError f={f} intent={intent} field="text" />
              <label htmlFor={`file-${s.id}`}>{t("statements.file", { max: d.maxMb })}</label>
              <input
                id={`file-${s.id}`}
                type="file"
                name="file"
                accept="application/pdf,image/png,image/jpeg"
                {...errorProps(f, intent, "file")}
              />
              <FieldError f={f} intent={intent} field="file" />
              <button type="submit">{t("staff.saveStatement")}</button>
            </Form>
          </section>
        );
      })}
    </>
  );
}
