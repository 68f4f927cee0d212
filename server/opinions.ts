import type { Server } from "socket.io";
import type { Deps } from "#app/lib/deps.ts";
import { opinionConsultation } from "#app/modules/opinions/queries.server.ts";
import { consultations } from "#db/schema/index.ts";
import { eq } from "drizzle-orm";

/**
 * The "/opinions" socket.io namespace (issue 23): readers of a public statements page watch the
 * consultation and are told that something changed (a statement, a vote, moderation) — the
 * consultation id only, at most once a second per consultation; the page then re-reads its loader,
 * where visibility is enforced.
 */
export function attachOpinions(io: Server, deps: Deps): { close(): void } {
  const nsp = io.of("/opinions");
  nsp.on("connection", (socket) => {
    socket.on("opinions:watch", async (payload: unknown, ack: unknown) => {
      const reply = (r: { ok: boolean; code?: string }) => (typeof ack === "function" ? ack(r) : undefined);
      try {
        const id = (payload as { consultationId?: unknown } | null)?.consultationId;
        if (typeof id !== "string" || !/^[0-9a-f-]{36}$/.test(id)) return reply({ ok: false, code: "bad" });
        const [c] = await deps.db.db
          .select({ tenantId: consultations.tenantId })
          .from(consultations)
          .where(eq(consultations.id, id));
        const visible = c ? await opinionConsultation(deps.db.db, c.tenantId, id) : null;
        if (!visible?.enabled) return reply({ ok: false, code: "notFound" });
        await socket.join(`consultation:${id}`);
        reply({ ok: true });
      } catch (err) {
        deps.log.warn({ err }, "opinions:watch failed");
        reply({ ok: false, code: "error" });
      }
    });
  });
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const unsubscribe = deps.bus.subscribe((e) => {
    if (!e.type.startsWith("opinions.") || typeof e.consultationId !== "string") return;
    const id = e.consultationId;
    if (pending.has(id)) return;
    pending.set(
      id,
      setTimeout(() => {
        pending.delete(id);
        nsp.to(`consultation:${id}`).emit("opinions:changed", { consultationId: id });
      }, 1_000),
    );
  });
  return {
    close: () => {
      unsubscribe();
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
    },
  };
}
