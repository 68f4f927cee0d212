import type { Deps } from "#app/lib/deps.ts";
import type { DomainError, Result } from "#app/lib/result.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { formToAction } from "./forms.ts";
import { bodyRoster, getConsoleState, liveMeetingInfo, runLiveAction } from "./live.server.ts";

// The secretary's console page (app/routes/$tenant.meetings.$meetingId_.console.tsx).
// A form becomes an engine action through formToAction (the same mapping the
// console's socket client uses); the engine's zod schema (LiveAction) checks it.

/** The municipality, the meeting and the secretary; 404 when the meeting is not this municipality's, 403 when not theirs. */
export async function consoleContext(request: Request, params: { tenant?: string; meetingId?: string }, deps: Deps) {
  const found = deps.tenants.bySlugOrAlias(params.tenant ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  const info = await liveMeetingInfo(deps.db.db, params.meetingId ?? "", found.municipality.id);
  if (!info) throw new Response("Not found", { status: 404 });
  const actor = await requireStaff(request, deps, info.tenantId, "manage:meeting:body", { bodyId: info.bodyId });
  return { m: found.municipality, info, actor };
}
type ConsoleContext = Awaited<ReturnType<typeof consoleContext>>;

export async function consoleView(deps: Deps, { m, info }: ConsoleContext) {
  const [state, roster] = await Promise.all([
    getConsoleState(deps.db.db, m.id, info.meetingId),
    bodyRoster(deps.db.db, m.id, info.bodyId, deps.now()),
  ]);
  return {
    tenant: m.slug,
    name: m.officialName,
    state: state!,
    meetingStatus: info.status,
    public: info.public,
    roster,
  };
}
export type ConsoleView = Awaited<ReturnType<typeof consoleView>>;

/** A refused form: the message's key and values, and what was typed. */
export interface ConsoleRefusal {
  error: string;
  params: Record<string, string | number>;
  values: Record<string, string>;
}

/** Runs one console form; an unknown intent is errors.invalidAction (400). */
export async function runConsoleForm(
  deps: Deps,
  { m, info, actor }: ConsoleContext,
  form: FormData,
): Promise<Result<null, DomainError>> {
  const liveAction = formToAction(form);
  if (!liveAction) return { ok: false, error: { code: "errors.invalidAction", status: 400 } };
  const r = await runLiveAction(deps, actor, {
    tenantId: m.id,
    meetingId: info.meetingId,
    expectedVersion: Number(form.get("version")),
    action: liveAction,
  });
  return r.ok ? { ok: true, value: null } : r;
}
