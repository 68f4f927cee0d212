import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import type { ActionReply } from "#app/modules/political/staff.server.ts";
import { errProps, Feedback, FieldErr, fieldError, StaffNav, typed } from "#app/modules/political/staff-ui.tsx";
import { LocalText } from "#app/modules/political/text.tsx";
import { MapDrawer } from "../map-drawer.tsx";
import { MEMBER_ROLES } from "../schemas.ts";
import type { BodyStaffView } from "../staff-page.server.ts";

// Administrators: one body: its names, notice lead time, area and members.
export function BodyAdminPage({ d, reply }: { d: BodyStaffView; reply: ActionReply | undefined }) {
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  const b = d.body;
  return (
    <>
      <StaffNav tenant={d.tenant} />
      <p>
        <Link to={`/${d.tenant}/admin/bodies`}>{t("staff.backToBodies")}</Link> ·{" "}
        <Link to={`/${d.tenant}/bodies/${b.key}`}>{t("staff.publicPage")}</Link>
      </p>
      <h1>
        <LocalText text={b.name} fallback={tc(`body.kind.${b.kind}`)} />
      </h1>

      <section aria-labelledby="members-h">
        <h2 id="members-h">{t("body.members")}</h2>
        <Feedback reply={reply} intent="removeMember" />
        {d.members.length ? (
          <ul>
            {d.members.map((mb) => (
              <li key={mb.id}>
                {mb.name} – {t(`role.${mb.role}`)}
                {mb.party ? ` (${mb.party})` : ""}
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="removeMember" />
                  <input type="hidden" name="memberId" value={mb.id} />
                  <button
                    type="submit"
                    className="link-button"
                    aria-label={t("staff.removeMemberLabel", { name: mb.name })}
                  >
                    {t("staff.remove")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("body.noMembers")}</p>
        )}
        <h3 id="add-member-h">{t("staff.addMember")}</h3>
        <Feedback reply={reply} intent="addMember" />
        <Form key={d.members.length} method="post" className="staff-form" aria-labelledby="add-member-h">
          <CsrfInput />
          <input type="hidden" name="intent" value="addMember" />
          <label htmlFor="mb-name">{t("body.memberName")}</label>
          <input
            id="mb-name"
            name="name"
            maxLength={200}
            required
            defaultValue={typed(reply, "addMember", "name")}
            {...errProps(reply, "addMember", "name", "mb-name-err")}
          />
          <FieldErr reply={reply} intent="addMember" field="name" id="mb-name-err" />
          <label htmlFor="mb-role">{t("body.memberRole")}</label>
          <select id="mb-role" name="role" defaultValue={typed(reply, "addMember", "role", "member")}>
            {MEMBER_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          <label htmlFor="mb-party">{t("body.memberParty")}</label>
          <input id="mb-party" name="party" maxLength={100} defaultValue={typed(reply, "addMember", "party")} />
          <label htmlFor="mb-start">{t("staff.termStart")}</label>
          <input
            id="mb-start"
            name="termStart"
            type="date"
            defaultValue={typed(reply, "addMember", "termStart")}
            {...errProps(reply, "addMember", "termStart", "mb-start-err")}
          />
          <FieldErr reply={reply} intent="addMember" field="termStart" id="mb-start-err" />
          <label htmlFor="mb-end">{t("staff.termEnd")}</label>
          <input
            id="mb-end"
            name="termEnd"
            type="date"
            defaultValue={typed(reply, "addMember", "termEnd")}
            {...errProps(reply, "addMember", "termEnd", "mb-end-err")}
          />
          <FieldErr reply={reply} intent="addMember" field="termEnd" id="mb-end-err" />
          <div>
            <button type="submit">{t("staff.addMember")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="edit-body-h">
        <h2 id="edit-body-h">{t("staff.editBody")}</h2>
        <Feedback reply={reply} intent="update" />
        <Form method="post" encType="multipart/form-data" className="staff-form" aria-labelledby="edit-body-h">
          <CsrfInput />
          <input type="hidden" name="intent" value="update" />
          <label htmlFor="eb-name">{t("staff.nameNb")}</label>
          <input
            id="eb-name"
            name="name_nb"
            maxLength={200}
            defaultValue={typed(reply, "update", "name_nb", b.nameNb)}
            {...errProps(reply, "update", "name", "eb-name-err")}
          />
          <FieldErr reply={reply} intent="update" field="name" id="eb-name-err" />
          <label htmlFor="eb-name-nn">{t("staff.nameNn")}</label>
          <input
            id="eb-name-nn"
            name="name_nn"
            maxLength={200}
            defaultValue={typed(reply, "update", "name_nn", b.nameNn)}
          />
          <label htmlFor="eb-lead">{t("staff.noticeLeadDays")}</label>
          <input
            id="eb-lead"
            name="noticeLeadDays"
            inputMode="numeric"
            defaultValue={typed(reply, "update", "noticeLeadDays", String(b.lead))}
            {...errProps(reply, "update", "noticeLeadDays", "eb-lead-err")}
          />
          <FieldErr reply={reply} intent="update" field="noticeLeadDays" id="eb-lead-err" />
          <label htmlFor="eb-area">{t("staff.area")}</label>
          <textarea
            id="eb-area"
            name="area"
            rows={6}
            aria-invalid={fieldError(reply, "update", "area") ? true : undefined}
            aria-describedby={fieldError(reply, "update", "area") ? "eb-area-hint eb-area-err" : "eb-area-hint"}
            defaultValue={typed(reply, "update", "area", b.area)}
          />
          <span id="eb-area-hint" className="muted">
            {t("staff.areaHint")}
          </span>
          <FieldErr reply={reply} intent="update" field="area" id="eb-area-err" />
          <MapDrawer targetId="eb-area" context={d.otherAreas} />
          <label htmlFor="eb-area-file">{t("staff.areaFile")}</label>
          <input
            id="eb-area-file"
            name="areaFile"
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
          />
          <div>
            <button type="submit">{t("staff.save")}</button>
          </div>
        </Form>
      </section>
    </>
  );
}
