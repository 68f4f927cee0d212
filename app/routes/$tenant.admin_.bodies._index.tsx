import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { createBody } from "#app/modules/bodies/commands.server.ts";
import { listBodies } from "#app/modules/bodies/queries.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import {
  audited,
  failure,
  localized,
  staffContext,
  str,
  valuesOf,
  type ActionReply,
} from "#app/modules/political/staff.server.ts";
import { errProps, Feedback, FieldErr, StaffNav, typed } from "#app/modules/political/staff-ui.tsx";
import { LocalText } from "#app/modules/political/text.tsx";
import { BODY_KINDS } from "#app/modules/bodies/schemas.ts";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Administrators: the municipality's bodies, and a new body.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = await staffContext(request, params, deps, "manage:body:tenant");
  const bodies = await listBodies(deps.db.db, m.id);
  return {
    title: `${t("staff.bodies")} – ${m.officialName}`,
    tenant: m.slug,
    bodies: bodies.map((b) => ({ id: b.id, key: b.key, kind: b.kind, name: pickText(b.name, locale) })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, actor } = await staffContext(request, params, deps, "manage:body:tenant");
  const form = await request.formData();
  const values = valuesOf(form);
  const lead = str(form, "noticeLeadDays", 3).trim();
  const r = await audited(deps, actor, m.id, "bodies.body.created", { type: "body", id: (v) => v.id }, () =>
    createBody(deps, actor, {
      tenantId: m.id,
      key: str(form, "key", 60),
      kind: str(form, "kind", 30) as (typeof BODY_KINDS)[number],
      name: localized(form, "name"),
      noticeLeadDays: lead ? Number(lead) : undefined,
    }),
  );
  if (!r.ok) return failure("create", r.error, values);
  return redirect(`/${m.slug}/admin/bodies/${r.value.id}`, 303);
}

export default function AdminBodies() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<ActionReply>();
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  const I = "create";
  return (
    <>
      <StaffNav tenant={d.tenant} />
      <h1>{t("staff.bodies")}</h1>
      <ul>
        {d.bodies.map((b) => (
          <li key={b.id}>
            <Link to={`/${d.tenant}/admin/bodies/${b.id}`}>
              <LocalText text={b.name} fallback={tc(`body.kind.${b.kind}`)} />
            </Link>{" "}
            <span className="muted">({tc(`body.kind.${b.kind}`)})</span>
          </li>
        ))}
      </ul>
      <h2 id="new-body-h">{t("staff.newBody")}</h2>
      <Feedback reply={reply} intent={I} />
      <Form method="post" className="staff-form" aria-labelledby="new-body-h">
        <CsrfInput />
        <label htmlFor="b-name">{t("staff.nameNb")}</label>
        <input
          id="b-name"
          name="name_nb"
          maxLength={200}
          required
          defaultValue={typed(reply, I, "name_nb")}
          {...errProps(reply, I, "name", "b-name-err")}
        />
        <FieldErr reply={reply} intent={I} field="name" id="b-name-err" />
        <label htmlFor="b-name-nn">{t("staff.nameNn")}</label>
        <input id="b-name-nn" name="name_nn" maxLength={200} defaultValue={typed(reply, I, "name_nn")} />
        <label htmlFor="b-key">{t("staff.key")}</label>
        <input
          id="b-key"
          name="key"
          maxLength={60}
          required
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          defaultValue={typed(reply, I, "key")}
          {...errProps(reply, I, "key", "b-key-err")}
        />
        <FieldErr reply={reply} intent={I} field="key" id="b-key-err" />
        <label htmlFor="b-kind">{t("staff.kind")}</label>
        <select id="b-kind" name="kind" defaultValue={typed(reply, I, "kind", "utvalg")}>
          {BODY_KINDS.map((k) => (
            <option key={k} value={k}>
              {tc(`body.kind.${k}`)}
            </option>
          ))}
        </select>
        <label htmlFor="b-lead">{t("staff.noticeLeadDays")}</label>
        <input
          id="b-lead"
          name="noticeLeadDays"
          inputMode="numeric"
          defaultValue={typed(reply, I, "noticeLeadDays")}
          {...errProps(reply, I, "noticeLeadDays", "b-lead-err")}
        />
        <FieldErr reply={reply} intent={I} field="noticeLeadDays" id="b-lead-err" />
        <div>
          <button type="submit">{t("staff.createBody")}</button>
        </div>
      </Form>
    </>
  );
}
