import type { Deps } from "#app/lib/deps.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { publicOrigin, publicTenant } from "#app/modules/political/page.server.ts";
import { getConsoleState, getMinutes, liveMeetingInfo, minutesDraft, saveMinutes } from "./live.server.ts";

// The draft minutes (møtebok) of a meeting (issue 9): built from the live timeline, edited by the
// secretary as plain text, saved and published. Publishing (only once the meeting is finished)
// shows the minutes on the public live page, records each decision on its case and tells the
// residents who followed those cases (notify.server.ts). Route: $tenant.meetings.$meetingId_.minutes.tsx.

async function staffMeeting(request: Request, params: { tenant?: string; meetingId?: string }, deps: Deps) {
  const { m, locale } = publicTenant(request, params, deps);
  const info = await liveMeetingInfo(deps.db.db, params.meetingId ?? "", m.id);
  if (!info) throw new Response("Not found", { status: 404 });
  const actor = await requireStaff(request, deps, info.tenantId, "manage:meeting:body", { bodyId: info.bodyId });
  return { m, info, actor, locale };
}

export async function minutesPage(request: Request, params: { tenant?: string; meetingId?: string }, deps: Deps) {
  const { m, info, locale } = await staffMeeting(request, params, deps);
  const [saved, state] = await Promise.all([
    getMinutes(deps.db.db, m.id, info.meetingId),
    getConsoleState(deps.db.db, m.id, info.meetingId),
  ]);
  const body = saved?.body ?? (await minutesDraft(deps.db.db, m.id, info.meetingId, locale)) ?? "";
  return {
    tenant: m.slug,
    name: m.officialName,
    meetingId: info.meetingId,
    body,
    saved: !!saved,
    publishedAt: saved?.publishedAt?.toISOString() ?? null,
    finished: state?.status === "finished",
  };
}
export type MinutesView = Awaited<ReturnType<typeof minutesPage>>;

export type MinutesReply =
  { ok: false; error: string; body: string } | { ok: true; published: boolean; notified: number; body: string };

/** Saves (or publishes) the minutes typed on the page; the status to answer with and what to show. */
export async function postMinutes(
  request: Request,
  params: { tenant?: string; meetingId?: string },
  deps: Deps,
): Promise<{ status: number; reply: MinutesReply }> {
  const { m, info, actor } = await staffMeeting(request, params, deps);
  const form = await request.formData();
  const body = typeof form.get("body") === "string" ? String(form.get("body")) : "";
  const publish = form.get("intent") === "publish";
  const r = await saveMinutes(deps, actor, {
    tenantId: m.id,
    meetingId: info.meetingId,
    body,
    publish,
    links: { origin: publicOrigin(request, deps), tenantSlug: m.slug },
  });
  if (!r.ok) return { status: r.error.status, reply: { ok: false, error: r.error.code, body } };
  return { status: 200, reply: { ok: true, published: publish, notified: r.value.notified, body } };
}
