import type { Server } from "socket.io";
import type { Deps } from "#app/lib/deps.ts";
import { readCookie, SESSION_COOKIE } from "#app/modules/identity/cookies.ts";
import { sha256 } from "#app/modules/identity/keys.server.ts";
import { can } from "#app/modules/identity/permissions.ts";
import { actorForSessionId } from "#app/modules/identity/session.server.ts";
import { claimNextSelection, requeueStaleSelections, runSelection } from "#app/modules/panels/commands.server.ts";
import { purgeExpiredFrames } from "#app/modules/panels/frames.server.ts";
import { panels } from "#db/schema/index.ts";
import { eq } from "drizzle-orm";

// Citizen panels in the process (issue 7; docs/decisions/025-…):
// - the draw worker: runs queued selections one at a time, off the request
//   path, woken by `panels.selection.requested` and by a slow poll;
// - the "/panels" socket.io namespace: staff watch a panel (permission
//   re-checked on join) and get its bus events (pool changes, draw progress,
//   draw finished) — ids and counts only;
// - the sampling-frame retention sweep.
export interface PanelsOptions {
  /** Poll for queued draws this often (ms); default 5,000. */
  pollMs?: number;
  /** Sweep expired sampling frames this often (ms); default one hour. */
  sweepMs?: number;
}

export function attachPanels(
  io: Server,
  deps: Deps,
  opts: PanelsOptions = {},
): { close(): Promise<void>; idle(): Promise<void> } {
  const nsp = io.of("/panels");
  const secureCookie = !!deps.env.PUBLIC_URL?.startsWith("https:");
  nsp.use((socket, next) => {
    const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE, secureCookie || socket.handshake.secure);
    socket.data.sessionId = token && token.length <= 100 ? sha256(token) : null;
    next();
  });
  nsp.on("connection", (socket) => {
    socket.on("panels:watch", async (payload: unknown, ack: unknown) => {
      const reply = (r: { ok: boolean; code?: string }) => (typeof ack === "function" ? ack(r) : undefined);
      try {
        const panelId = (payload as { panelId?: unknown } | null)?.panelId;
        if (typeof panelId !== "string" || !/^[0-9a-f-]{36}$/.test(panelId)) return reply({ ok: false, code: "bad" });
        const actor = socket.data.sessionId ? await actorForSessionId(deps, socket.data.sessionId as string) : null;
        const [p] = await deps.db.db.select({ tenantId: panels.tenantId }).from(panels).where(eq(panels.id, panelId));
        if (!p || !can(actor, "manage:panel:tenant", { tenantId: p.tenantId }))
          return reply({ ok: false, code: "forbidden" });
        await socket.join(`panel:${panelId}`);
        reply({ ok: true });
      } catch (err) {
        deps.log.warn({ err }, "panels:watch failed");
        reply({ ok: false, code: "error" });
      }
    });
  });

  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const work = async () => {
    for (;;) {
      const id = await claimNextSelection(deps);
      if (!id || closed) return;
      await runSelection(deps, id, { maxSeconds: deps.env.MEDVIRK_PANEL_DRAW_MAX_MINUTES * 60 });
    }
  };
  const kick = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = work()
      .catch((err: unknown) => deps.log.error({ err }, "panel draw worker failed"))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  const unsubscribe = deps.bus.subscribe((e) => {
    if (!e.type.startsWith("panels.")) return;
    if (e.type === "panels.selection.requested") setImmediate(kick);
    if (typeof e.panelId === "string")
      nsp
        .to(`panel:${e.panelId}`)
        .emit("panels:event", { type: e.type, selectionId: e.selectionId, status: e.status, progress: e.progress });
  });
  // A draw left running by a stopped process is queued again (one process runs draws).
  void requeueStaleSelections(deps).then(kick, (err: unknown) =>
    deps.log.error({ err }, "requeue of panel draws failed"),
  );
  const poll = setInterval(kick, opts.pollMs ?? 5_000);
  poll.unref();
  const sweep = setInterval(
    () => void purgeExpiredFrames(deps).catch((err: unknown) => deps.log.error({ err }, "frame sweep failed")),
    opts.sweepMs ?? 3_600_000,
  );
  sweep.unref();
  return {
    idle: async () => {
      while (running) await running;
    },
    close: async () => {
      closed = true;
      clearInterval(poll);
      clearInterval(sweep);
      unsubscribe();
      if (running) await running;
    },
  };
}
