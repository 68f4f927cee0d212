import type { Deps } from "#app/lib/deps.ts";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { createCase } from "#app/modules/cases/commands.server.ts";
import { can } from "#app/modules/identity/permissions.ts";
import { forbidden } from "#app/modules/identity/session.server.ts";
import { notFound } from "#app/modules/political/page.server.ts";
import { audited, staffContext } from "#app/modules/political/staff.server.ts";
import { parseOsloLocal, toOsloLocal } from "./calendar.ts";
import { addAgendaItem, publishNotice, removeAgendaItem, setMeetingStatus, updateMeeting } from "./commands.server.ts";
import { importAgenda } from "./import.server.ts";
import { getMeetingForStaff, listCasesForStaff } from "./staff-queries.server.ts";
import type { MeetingStaffForm } from "./staff-forms.ts";
import { TRANSITIONS, type MeetingStatus } from "./status.ts";

// One meeting in the secretaries' console (app/routes/$tenant.admin_.meetings.$meetingId.tsx):
// time and place, the agenda (add, remove, closed items with their legal
// basis), importing an agenda from a case system's file, publishing the
// notice, and the meeting's status.

/** The municipality, the secretary and the meeting, or a 404 / 403 when it is not theirs to manage. */
export async function staffMeetingContext(
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

type MeetingStaffContext = Awaited<ReturnType<typeof staffMeetingContext>>;

export async function meetingStaffView(deps: Deps, { m, locale, t, mt }: MeetingStaffContext) {
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
export type MeetingStaffView = Awaited<ReturnType<typeof meetingStaffView>>;

/** Runs one form of the meeting page; every change is audited. */
export async function runMeetingStaffForm(
  deps: Deps,
  { m, actor, mt }: MeetingStaffContext,
  input: MeetingStaffForm,
): Promise<Result<{ message: string; params?: Record<string, string | number> }>> {
  const base = { tenantId: m.id, meetingId: mt.meeting.id };
  const subject = { type: "meeting", id: () => mt.meeting.id };
  switch (input.intent) {
    case "update": {
      const startsAt = parseOsloLocal(input.startsAt);
      const endsRaw = input.endsAt;
      const endsAt = endsRaw ? parseOsloLocal(endsRaw) : null;
      if (!startsAt || (endsRaw && !endsAt))
        return fail("errors.invalidInput", 400, {
          details: [{ field: !startsAt ? "startsAt" : "endsAt", code: "errors.badDateTime" }],
        });
      const r = await audited(deps, actor, m.id, "meetings.meeting.updated", subject, () =>
        updateMeeting(deps, actor, {
          ...base,
          startsAt,
          endsAt,
          location: input.location,
          remoteUrl: input.remoteUrl,
          streamUrl: input.streamUrl,
        }),
      );
      return r.ok ? ok({ message: "staff.saved" }) : r;
    }
    case "addItem": {
      const closed = input.closed === "on";
      const closedBasis = input.closedBasis.trim() || null;
      let caseId = input.caseId || null;
      const newTitle = input.newCaseTitle.trim();
      const itemTitle = input.itemTitle.trim();
      if (closed && !closedBasis)
        return fail("errors.invalidInput", 400, {
          details: [{ field: "closedBasis", code: "errors.closedNeedsBasis" }],
        });
      if (!caseId && newTitle) {
        const c = await audited(deps, actor, m.id, "cases.case.created", { type: "case", id: (v) => v.id }, () =>
          createCase(deps, actor, {
            tenantId: m.id,
            year: mt.meeting.startsAt.getUTCFullYear(),
            title: { nb: newTitle },
          }),
        );
        if (!c.ok) return c;
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
      return r.ok ? ok({ message: "staff.itemAdded", params: { position: r.value.position } }) : r;
    }
    case "removeItem": {
      const r = await audited(deps, actor, m.id, "meetings.agendaItem.removed", subject, () =>
        removeAgendaItem(deps, actor, { tenantId: m.id, itemId: input.itemId }),
      );
      return r.ok ? ok({ message: "staff.itemRemoved" }) : r;
    }
    case "publish": {
      const r = await audited(deps, actor, m.id, "meetings.notice.published", subject, () =>
        publishNotice(deps, actor, base),
      );
      if (!r.ok) return r;
      return ok({ message: r.value.late ? "staff.noticePublishedLate" : "staff.noticePublished" });
    }
    case "status": {
      const to = input.status as MeetingStatus;
      const r = await audited(deps, actor, m.id, "meetings.meeting.statusChanged", { ...subject, data: { to } }, () =>
        setMeetingStatus(deps, actor, { ...base, status: to }),
      );
      return r.ok ? ok({ message: "staff.saved" }) : r;
    }
    case "import": {
      const file = input.file;
      if (!(file instanceof File) || file.size === 0) return fail("errors.emptyFile", 400);
      const format = /\.json$/i.test(file.name) || input.format === "json" ? "json" : "csv";
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
        ? ok({
            message: "staff.imported",
            params: { items: r.value.items, created: r.value.casesCreated, updated: r.value.casesUpdated },
          })
        : r;
    }
  }
}
