import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import { formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { createCase } from "#app/modules/cases/commands.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { can } from "#app/modules/identity/permissions.ts";
import { forbidden } from "#app/modules/identity/session.server.ts";
import { parseOsloLocal, toOsloLocal } from "#app/modules/meetings/calendar.ts";
import {
  addAgendaItem,
  publishNotice,
  removeAgendaItem,
  setMeetingStatus,
  updateMeeting,
} from "#app/modules/meetings/commands.server.ts";
import { importAgenda } from "#app/modules/meetings/import.server.ts";
import { getMeetingForStaff, listCasesForStaff } from "#app/modules/meetings/staff-queries.server.ts";
import { TRANSITIONS, type MeetingStatus } from "#app/modules/meetings/status.ts";
import { notFound } from "#app/modules/political/page.server.ts";
import {
  audited,
  failure,
  staffContext,
  str,
  success,
  valuesOf,
  type ActionReply,
} from "#app/modules/political/staff.server.ts";
import { errProps, Feedback, FieldErr, StaffNav, typed } from "#app/modules/political/staff-ui.tsx";
import { LocalText } from "#app/modules/political/text.tsx";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// One meeting in the secretaries' console: time and place, the agenda (add,
// remove, closed items with their legal basis), importing an agenda from a
// case system's file, publishing the notice, and the meeting's status.
async function load(
  request: Request,
  params: { tenant?: string; meetingId?: string },
  deps: Parameters<typeof staffContext>[2],
) {
  const ctx = await staffContext(request, params, deps);
  const mt = await getMeetingForStaff(deps.db.db, ctx.m.id, params.meetingId ?? "");
  if (!mt) throw notFound();
  if (!can(ctx.actor, "manage:meeting:body", { tenantId: ctx.m.id, bodyId: mt.body.id })) throw forbidden();
  return { ...ctx, mt };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t, mt } = await load(request, params, deps);
  const cases = await listCasesForStaff(deps.db.db, m.id);
  const status = mt.meeting.status as MeetingStatus;
  return {
    title: `${pickText(mt.body.name, locale)?.value ?? ""} ${formatDateTime(mt.meeting.startsAt, locale)} – ${t("staff.meetings")}`,
    tenant: m.slug,
    meeting: {
      id: mt.meeting.id,
      when: formatDateTime(mt.meeting.startsAt, locale),
      startsAt: toOsloLocal(mt.meeting.startsAt),
      endsAt: mt.meeting.endsAt ? toOsloLocal(mt.meeting.endsAt) : "",
      location: mt.meeting.location ?? "",
      remoteUrl: mt.meeting.remoteUrl ?? "",
      streamUrl: mt.meeting.streamUrl ?? "",
      status,
      noticePublished: mt.meeting.noticePublishedAt ? formatDateTime(mt.meeting.noticePublishedAt, locale) : null,
      noticeDeadline: formatDateTime(
        new Date(mt.meeting.startsAt.getTime() - mt.body.noticeLeadDays * 86_400_000),
        locale,
      ),
      next: TRANSITIONS[status].filter((s) => s !== "notice_published"),
    },
    body: { name: pickText(mt.body.name, locale), kind: mt.body.kind },
    items: mt.items.map((it) => ({
      id: it.id,
      position: it.position,
      closed: it.closed,
      closedBasis: it.closedBasis,
      number:
        it.year != null && it.sequence != null ? formatCaseNumber({ year: it.year, sequence: it.sequence }) : null,
      title: pickText(it.caseTitle ?? it.itemTitle, locale),
    })),
    cases: cases.map((c) => ({
      id: c.id,
      label: `${formatCaseNumber(c)} ${pickText(c.title, locale)?.value ?? ""}`.slice(0, 120),
    })),
    year: mt.meeting.startsAt.getUTCFullYear(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, actor, mt } = await load(request, params, deps);
  const form = await request.formData();
  const intent = str(form, "intent", 40);
  const values = valuesOf(form);
  const base = { tenantId: m.id, meetingId: mt.meeting.id };
  const subject = { type: "meeting", id: () => mt.meeting.id };
  switch (intent) {
    case "update": {
      const startsAt = parseOsloLocal(str(form, "startsAt"));
      const endsRaw = str(form, "endsAt");
      const endsAt = endsRaw ? parseOsloLocal(endsRaw) : null;
      if (!startsAt || (endsRaw && !endsAt))
        return failure(
          intent,
          {
            code: "errors.invalidInput",
            status: 400,
            details: [{ field: !startsAt ? "startsAt" : "endsAt", code: "errors.badDateTime" }],
          },
          values,
        );
      const r = await audited(deps, actor, m.id, "meetings.meeting.updated", subject, () =>
        updateMeeting(deps, actor, {
          ...base,
          startsAt,
          endsAt,
          location: str(form, "location", 300),
          remoteUrl: str(form, "remoteUrl", 2000),
          streamUrl: str(form, "streamUrl", 2000),
        }),
      );
      return r.ok ? success(intent, "staff.saved") : failure(intent, r.error, values);
    }
    case "addItem": {
      const closed = form.get("closed") === "on";
      const closedBasis = str(form, "closedBasis", 300).trim() || null;
      let caseId = str(form, "caseId", 100) || null;
      const newTitle = str(form, "newCaseTitle", 500).trim();
      const itemTitle = str(form, "itemTitle", 500).trim();
      if (closed && !closedBasis)
        return failure(
          intent,
          {
            code: "errors.invalidInput",
            status: 400,
            details: [{ field: "closedBasis", code: "errors.closedNeedsBasis" }],
          },
          values,
        );
      if (!caseId && newTitle) {
        const c = await audited(deps, actor, m.id, "cases.case.created", { type: "case", id: (v) => v.id }, () =>
          createCase(deps, actor, {
            tenantId: m.id,
            year: mt.meeting.startsAt.getUTCFullYear(),
            title: { nb: newTitle },
          }),
        );
        if (!c.ok) return failure(intent, c.error, values);
        caseId = c.value.id;
      }
      const r = await audited(
        deps,
        actor,
        m.id,
        "meetings.agendaItem.added",
        { ...subject, data: { closed, closedBasis } },
        () =>
          addAgendaItem(deps, actor, {
            ...base,
            caseId,
            title: !caseId && itemTitle ? { nb: itemTitle } : null,
            closed,
            closedBasis,
          }),
      );
      return r.ok
        ? success(intent, "staff.itemAdded", { position: r.value.position })
        : failure(intent, r.error, values);
    }
    case "removeItem": {
      const r = await audited(deps, actor, m.id, "meetings.agendaItem.removed", subject, () =>
        removeAgendaItem(deps, actor, { tenantId: m.id, itemId: str(form, "itemId", 100) }),
      );
      return r.ok ? success(intent, "staff.itemRemoved") : failure(intent, r.error, values);
    }
    case "publish": {
      const r = await audited(deps, actor, m.id, "meetings.notice.published", subject, () =>
        publishNotice(deps, actor, base),
      );
      if (!r.ok) return failure(intent, r.error, values);
      return success(intent, r.value.late ? "staff.noticePublishedLate" : "staff.noticePublished");
    }
    case "status": {
      const to = str(form, "status", 40) as MeetingStatus;
      const r = await audited(deps, actor, m.id, "meetings.meeting.statusChanged", { ...subject, data: { to } }, () =>
        setMeetingStatus(deps, actor, { ...base, status: to }),
      );
      return r.ok ? success(intent, "staff.saved") : failure(intent, r.error, values);
    }
    case "import": {
      const file = form.get("file");
      if (!(file instanceof File) || file.size === 0)
        return failure(intent, { code: "errors.emptyFile", status: 400 }, values);
      const format = /\.json$/i.test(file.name) || str(form, "format") === "json" ? "json" : "csv";
      const r = await audited(
        deps,
        actor,
        m.id,
        "meetings.agenda.imported",
        { ...subject, data: { format, fileName: file.name.slice(0, 200) } },
        async () =>
          file.size > 2_000_000
            ? { ok: false as const, error: { code: "errors.tooLarge", status: 413, params: { max: 2 } } }
            : importAgenda(deps, actor, { ...base, format, text: await file.text() }),
      );
      return r.ok
        ? success(intent, "staff.imported", {
            items: r.value.items,
            created: r.value.casesCreated,
            updated: r.value.casesUpdated,
          })
        : failure(intent, r.error, values);
    }
    default:
      return failure(intent || "unknown", { code: "errors.invalidInput", status: 400 }, values);
  }
}

export default function AdminMeeting() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<ActionReply>();
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  const mt = d.meeting;
  return (
    <>
      <StaffNav tenant={d.tenant} />
      <p>
        <Link to={`/${d.tenant}/admin/meetings`}>{t("staff.backToMeetings")}</Link> ·{" "}
        <Link to={`/${d.tenant}/meetings/${mt.id}`}>{t("staff.publicPage")}</Link>
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
          />
          <label htmlFor="i-title">{t("staff.itemTitle")}</label>
          <input id="i-title" name="itemTitle" maxLength={500} defaultValue={typed(reply, "addItem", "itemTitle")} />
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
          />
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
