import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { createCase } from "#app/modules/cases/commands.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { listCasesForStaff } from "#app/modules/meetings/staff-queries.server.ts";
import {
  audited,
  failure,
  localized,
  staffContext,
  str,
  valuesOf,
  type ActionReply,
} from "#app/modules/political/staff.server.ts";
import { errProps, Feedback, FieldErr, fieldError, StaffNav, typed } from "#app/modules/political/staff-ui.tsx";
import { LocalText } from "#app/modules/political/text.tsx";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Secretaries: the municipality's cases (all of them, exempt ones marked) and a new case.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = await staffContext(request, params, deps, "manage:case:tenant");
  const cases = await listCasesForStaff(deps.db.db, m.id);
  return {
    title: `${t("staff.cases")} – ${m.officialName}`,
    tenant: m.slug,
    year: deps.now().getUTCFullYear(),
    cases: cases.map((c) => ({
      id: c.id,
      number: formatCaseNumber(c),
      title: pickText(c.title, locale),
      exempt: !!c.closedBasis,
      decided: !!c.decidedAt,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, actor } = await staffContext(request, params, deps, "manage:case:tenant");
  const form = await request.formData();
  const values = valuesOf(form);
  const seq = str(form, "sequence", 10).trim();
  const r = await audited(deps, actor, m.id, "cases.case.created", { type: "case", id: (v) => v.id }, () =>
    createCase(deps, actor, {
      tenantId: m.id,
      year: str(form, "year", 4),
      sequence: seq ? seq : undefined,
      title: localized(form, "title"),
      summary: localized(form, "summary"),
      closedBasis: str(form, "closedBasis", 300).trim() || null,
    } as never),
  );
  if (!r.ok) return failure("create", r.error, values);
  return redirect(`/${m.slug}/admin/cases/${r.value.id}`, 303);
}

export default function AdminCases() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<ActionReply>();
  const { t } = useTranslation("political");
  const I = "create";
  return (
    <>
      <StaffNav tenant={d.tenant} />
      <h1>{t("staff.cases")}</h1>
      <h2 id="new-case-h">{t("staff.newCase")}</h2>
      <Feedback reply={reply} intent={I} />
      <Form method="post" className="staff-form" aria-labelledby="new-case-h">
        <CsrfInput />
        <label htmlFor="c-year">{t("staff.year")}</label>
        <input
          id="c-year"
          name="year"
          inputMode="numeric"
          required
          defaultValue={typed(reply, I, "year", String(d.year))}
          {...errProps(reply, I, "year", "c-year-err")}
        />
        <FieldErr reply={reply} intent={I} field="year" id="c-year-err" />
        <label htmlFor="c-seq">{t("staff.sequence")}</label>
        <input
          id="c-seq"
          name="sequence"
          inputMode="numeric"
          defaultValue={typed(reply, I, "sequence")}
          aria-invalid={fieldError(reply, I, "sequence") ? true : undefined}
          aria-describedby={fieldError(reply, I, "sequence") ? "c-seq-hint c-seq-err" : "c-seq-hint"}
        />
        <span id="c-seq-hint" className="muted">
          {t("staff.sequenceHint")}
        </span>
        <FieldErr reply={reply} intent={I} field="sequence" id="c-seq-err" />
        <label htmlFor="c-title">{t("staff.titleNb")}</label>
        <input
          id="c-title"
          name="title_nb"
          maxLength={500}
          defaultValue={typed(reply, I, "title_nb")}
          {...errProps(reply, I, "title", "c-title-err")}
        />
        <FieldErr reply={reply} intent={I} field="title" id="c-title-err" />
        <label htmlFor="c-title-nn">{t("staff.titleNn")}</label>
        <input id="c-title-nn" name="title_nn" maxLength={500} defaultValue={typed(reply, I, "title_nn")} />
        <label htmlFor="c-summary">{t("staff.summaryNb")}</label>
        <textarea id="c-summary" name="summary_nb" rows={3} defaultValue={typed(reply, I, "summary_nb")} />
        <label htmlFor="c-exempt">{t("staff.exemptBasis")}</label>
        <input
          id="c-exempt"
          name="closedBasis"
          maxLength={300}
          aria-describedby="c-exempt-hint"
          defaultValue={typed(reply, I, "closedBasis")}
        />
        <span id="c-exempt-hint" className="muted">
          {t("staff.exemptHint")}
        </span>
        <div>
          <button type="submit">{t("staff.createCase")}</button>
        </div>
      </Form>
      <h2>{t("staff.allCases")}</h2>
      {d.cases.length ? (
        <ul>
          {d.cases.map((c) => (
            <li key={c.id}>
              <Link to={`/${d.tenant}/admin/cases/${c.id}`}>
                {t("case.number", { number: c.number })}: <LocalText text={c.title} />
              </Link>
              {c.exempt ? ` (${t("meeting.closedItem")})` : ""}
              {c.decided ? ` · ${t("case.decision")}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("cases.none")}</p>
      )}
    </>
  );
}
