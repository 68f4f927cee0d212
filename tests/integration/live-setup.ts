import type { Deps } from "#app/lib/deps.ts";
import { createBody } from "#app/modules/bodies/commands.server.ts";
import { createCase } from "#app/modules/cases/commands.server.ts";
import { addAgendaItem, createMeeting, publishNotice } from "#app/modules/meetings/commands.server.ts";
import type { Actor } from "#app/modules/meetings/permissions.ts";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "#app/modules/live/events.ts";

// Shared set-up for the live-meeting tests: a committee with a meeting whose
// published agenda has two open items and one closed item (§ 11-5).
export const SECRET_TITLE = "Personalsak: oppsigelse av navngitt ansatt";
export const SECRET_CASE = "Fortrolig personalmappe Hansen";

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

export async function liveMeeting(deps: Deps, tenantSlug = "vadso", key = "plan", { notice = true } = {}) {
  const tenantId = deps.tenants.bySlugOrAlias(tenantSlug)!.municipality.id;
  const admin: Actor = { id: "fixture", memberships: [{ tenantId, role: "admin" }] };
  const body = must(await createBody(deps, admin, { tenantId, key, kind: "utvalg", name: { nb: "Planutvalget" } }));
  const meeting = must(
    await createMeeting(deps, admin, {
      tenantId,
      bodyId: body.id,
      startsAt: new Date(Date.now() + 86_400_000),
      location: "Rådhuset",
    }),
  );
  const budget = must(await createCase(deps, admin, { tenantId, year: 2026, title: { nb: "Budsjett for skoler" } }));
  const secret = must(await createCase(deps, admin, { tenantId, year: 2026, title: { nb: SECRET_CASE } }));
  const item1 = must(await addAgendaItem(deps, admin, { tenantId, meetingId: meeting.id, caseId: budget.id }));
  const closed = must(
    await addAgendaItem(deps, admin, {
      tenantId,
      meetingId: meeting.id,
      caseId: secret.id,
      title: { nb: SECRET_TITLE },
      closed: true,
      closedBasis: "Kml. § 11-5 jf. Offl. § 13",
    }),
  );
  const item3 = must(
    await addAgendaItem(deps, admin, { tenantId, meetingId: meeting.id, title: { nb: "Referatsaker" } }),
  );
  if (notice) must(await publishNotice(deps, admin, { tenantId, meetingId: meeting.id }));
  return {
    tenantId,
    bodyId: body.id,
    meetingId: meeting.id,
    items: [item1.id, closed.id, item3.id] as const,
    closedItemId: closed.id,
    secretCaseId: secret.id,
    budgetCaseId: budget.id,
  };
}

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real socket.io client (websocket only), optionally with a session cookie. */
export async function client(url: string, cookie?: string): Promise<LiveClient> {
  const s: LiveClient = connect(url, {
    transports: ["websocket"],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", reject);
  });
  return s;
}

/** Waits for the next `event` that satisfies `pred`. */
export function next<E extends keyof ServerToClientEvents>(
  s: LiveClient,
  event: E,
  pred: (p: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    const h = (p: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!pred(p)) return;
      s.off(event, h as never);
      resolve(p);
    };
    s.on(event, h as never);
  });
}

/** Records every frame a client receives (to check what was on the wire). */
export function recordWire(s: LiveClient): string[] {
  const frames: string[] = [];
  s.io.engine.on(
    "packet",
    (p: { data?: unknown }) => void frames.push(typeof p.data === "string" ? p.data : JSON.stringify(p.data ?? null)),
  );
  return frames;
}
