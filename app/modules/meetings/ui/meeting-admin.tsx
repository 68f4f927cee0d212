import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import type { ActionReply } from "#app/modules/political/staff.server.ts";
import { errProps, Feedback, FieldErr, StaffNav, typed } from "#app/modules/political/staff-ui.tsx";
import { LocalText } from "#app/modules/political/text.tsx";
import type { MeetingStaffView } from "../staff-page.server.ts";

// One meeting in the secretaries' console: time and place, the agenda, the
// import, the notice and the status.
export function MeetingAdminPage({ d, reply }: { d: MeetingStaffView; reply: ActionReply | undefined }) {
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  const mt = d.meeting;
  return (
    <>
      <StaffNav tenant={d.tenant} />
      <p>
        <Link to={`/${d.tenant}/admin/meetings`}>{t("staff.backToMeetings")}</Link> ·{" "}
        <Link to={`/${d.tenant}/meetings/${mt.id}`}>{t("staff.publicPage")}</Link> ·{" "}
        <Link to={`/${d.tenant}/meetings/${mt.id}/console`}>{t("meeting.consoleLink")}</Link>
      </p>
      <h1>
        <LocalText text={d.body.name} fallback={tc(`body.kind.${d.body.kind}`)} /> – {mt.when}
      </h1>
      <p>
        {t("meeting.status")}: {tc(`meeting.status.${mt.status}`)}
        {mt.noticePublished
          ? ` · ${t("meeting.noticePublished")}: ${mt.noticePublished}`
          : ` · ${t("staff.noticeDeadline", { date: mt.noticeDeadline })}`}
      </p>

      <section aria-labelledby="agenda-h">
        <h2 id="agenda-h">{t("meeting.agenda")}</h2>
        <Feedback reply={reply} intent="removeItem" />
        {d.items.length ? (
          <ol className="agenda">
            {d.items.map((it) => (
              <li key={it.id} value={it.position}>
                {it.number ? `${t("case.number", { number: it.number })}: ` : ""}
                <LocalText text={it.title} />
                {it.closed
                  ? ` – ${t("meeting.closedItem")} (${t("meeting.closedBasis", { basis: it.closedBasis ?? "" })})`
                  : ""}
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="removeItem" />
                  <input type="hidden" name="itemId" value={it.id} />
                  <button
                    type="submit"
                    className="link-button"
                    aria-label={t("staff.removeItemLabel", { position: it.position })}
                  >
                    {t("staff.remove")}
                  </button>
                </Form>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t("meeting.emptyAgenda")}</p>
        )}

        <h3 id="add-item-h">{t("staff.addItem")}</h3>
        <Feedback reply={reply} intent="addItem" />
        <Form key={d.items.length} method="post" className="staff-form" aria-labelledby="add-item-h">
          <CsrfInput />
          <input type="hidden" name="intent" value="addItem" />
          <label htmlFor="i-case">{t("staff.existingCase")}</label>
          <select id="i-case" name="caseId" defaultValue={typed(reply, "addItem", "caseId")}>
            <option value="">{t("staff.noCaseChosen")}</option>
            {d.cases.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
          <label htmlFor="i-new">{t("staff.newCaseTitle")}</label>
          <input
            id="i-new"
            name="newCaseTitle"
            maxLength={500}
            defaultValue={typed(reply, "addItem", "newCaseTitle")}
            {...errProps(reply, "addItem", "newCaseTitle", "i-new-err")}
          />
          <FieldErr reply={reply} intent="addItem" field="newCaseTitle" id="i-new-err" />
          <label htmlFor="i-title">{t("staff.itemTitle")}</label>
          <input
            id="i-title"
            name="itemTitle"
            maxLength={500}
            defaultValue={typed(reply, "addItem", "itemTitle")}
            {...errProps(reply, "addItem", "itemTitle", "i-title-err")}
          />
          <FieldErr reply={reply} intent="addItem" field="itemTitle" id="i-title-err" />
          <p className="checkbox">
            <input
              id="i-closed"
              name="closed"
              type="checkbox"
              defaultChecked={typed(reply, "addItem", "closed") === "on"}
            />
            <label htmlFor="i-closed">{t("staff.closedItem")}</label>
          </p>
          <label htmlFor="i-basis">{t("staff.closedBasis")}</label>
          <input
            id="i-basis"
            name="closedBasis"
            maxLength={300}
            placeholder="Kml. § 11-5 jf. Offl. § 13"
            defaultValue={typed(reply, "addItem", "closedBasis")}
            {...errProps(reply, "addItem", "closedBasis", "i-basis-err")}
          />
          <FieldErr reply={reply} intent="addItem" field="closedBasis" id="i-basis-err" />
          <div>
            <button type="submit">{t("staff.addItem")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="notice-h">
        <h2 id="notice-h">{t("staff.notice")}</h2>
        <Feedback reply={reply} intent="publish" />
        {mt.noticePublished ? (
          <p>{t("staff.noticeWasPublished", { date: mt.noticePublished })}</p>
        ) : (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="publish" />
            <p>{t("staff.noticeExplain")}</p>
            <button type="submit" className="button">
              {t("staff.publishNotice")}
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="import-h">
        <h2 id="import-h">{t("staff.import")}</h2>
        <p>{t("staff.importExplain")}</p>
        <Feedback reply={reply} intent="import" />
        <Form method="post" encType="multipart/form-data" className="staff-form" aria-labelledby="import-h">
          <CsrfInput />
          <input type="hidden" name="intent" value="import" />
          <label htmlFor="imp-file">{t("staff.importFile")}</label>
          <input id="imp-file" name="file" type="file" accept=".json,.csv,application/json,text/csv" required />
          <div>
            <button type="submit">{t("staff.importButton")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="edit-h">
        <h2 id="edit-h">{t("staff.editMeeting")}</h2>
        <Feedback reply={reply} intent="update" />
        <Form method="post" className="staff-form" aria-labelledby="edit-h">
          <CsrfInput />
          <input type="hidden" name="intent" value="update" />
          <label htmlFor="e-start">{t("staff.startsAt")}</label>
          <input
            id="e-start"
            name="startsAt"
            type="datetime-local"
            required
            defaultValue={typed(reply, "update", "startsAt", mt.startsAt)}
            {...errProps(reply, "update", "startsAt", "e-start-err")}
          />
          <FieldErr reply={reply} intent="update" field="startsAt" id="e-start-err" />
          <label htmlFor="e-end">{t("staff.endsAt")}</label>
          <input
            id="e-end"
            name="endsAt"
            type="datetime-local"
            defaultValue={typed(reply, "update", "endsAt", mt.endsAt)}
            {...errProps(reply, "update", "endsAt", "e-end-err")}
          />
          <FieldErr reply={reply} intent="update" field="endsAt" id="e-end-err" />
          <label htmlFor="e-loc">{t("meeting.place")}</label>
          <input
            id="e-loc"
            name="location"
            maxLength={300}
            defaultValue={typed(reply, "update", "location", mt.location)}
            {...errProps(reply, "update", "location", "e-loc-err")}
          />
          <FieldErr reply={reply} intent="update" field="location" id="e-loc-err" />
          <label htmlFor="e-remote">{t("staff.remoteUrl")}</label>
          <input
            id="e-remote"
            name="remoteUrl"
            type="url"
            defaultValue={typed(reply, "update", "remoteUrl", mt.remoteUrl)}
            {...errProps(reply, "update", "remoteUrl", "e-remote-err")}
          />
          <FieldErr reply={reply} intent="update" field="remoteUrl" id="e-remote-err" />
          <label htmlFor="e-stream">{t("staff.streamUrl")}</label>
          <input
            id="e-stream"
            name="streamUrl"
            type="url"
            defaultValue={typed(reply, "update", "streamUrl", mt.streamUrl)}
            {...errProps(reply, "update", "streamUrl", "e-stream-err")}
          />
          <FieldErr reply={reply} intent="update" field="streamUrl" id="e-stream-err" />
          <div>
            <button type="submit">{t("staff.save")}</button>
          </div>
        </Form>
        {mt.next.length ? (
          <>
            <h3 id="status-h">{t("staff.changeStatus")}</h3>
            <Feedback reply={reply} intent="status" />
            <Form method="post" aria-labelledby="status-h">
              <CsrfInput />
              <input type="hidden" name="intent" value="status" />
              {mt.next.map((s) => (
                <button key={s} type="submit" name="status" value={s} className="button">
                  {t("staff.setStatus", { status: tc(`meeting.status.${s}`) })}
                </button>
              ))}
            </Form>
          </>
        ) : null}
      </section>
    </>
  );
}
