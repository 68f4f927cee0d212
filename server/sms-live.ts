import { eq } from "drizzle-orm";
import type { Server } from "socket.io";
import { smsCampaigns } from "#db/schema/index.ts";
import { readCookie, SESSION_COOKIE } from "#app/modules/identity/cookies.ts";
import { sha256 } from "#app/modules/identity/keys.server.ts";
import { can } from "#app/modules/identity/permissions.ts";
import { actorForSessionId } from "#app/modules/identity/session.server.ts";
import { campaignProgress } from "#app/modules/sms/campaigns.server.ts";
import type { Deps } from "#app/lib/deps.ts";

/**
 * The "/sms" socket.io namespace: staff watching a campaign (permission
 * re-checked on watch) get its counts as they change (sent, delivered,
 * failed, suppressed, replied), at most every 250 ms per campaign.
 */
export function attachSmsLive(io: Server, deps: Deps): { close(): void } {
  const nsp = io.of("/sms");
  const secureCookie = !!deps.env.PUBLIC_URL?.startsWith("https:");
  nsp.use((socket, next) => {
    const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE, secureCookie || socket.handshake.secure);
    socket.data.sessionId = token && token.length <= 100 ? sha256(token) : null;
    next();
  });
  nsp.on("connection", (socket) => {
    socket.on("sms:watch", async (payload: unknown, ack: unknown) => {
      const reply = (r: unknown) => (typeof ack === "function" ? ack(r) : undefined);
      try {
        const campaignId = (payload as { campaignId?: unknown } | null)?.campaignId;
        if (typeof campaignId !== "string" || !/^[0-9a-f-]{36}$/.test(campaignId))
          return reply({ ok: false, code: "bad" });
        const actor = socket.data.sessionId ? await actorForSessionId(deps, socket.data.sessionId as string) : null;
        const [c] = await deps.db.db
          .select({ tenantId: smsCampaigns.tenantId })
          .from(smsCampaigns)
          .where(eq(smsCampaigns.id, campaignId));
        if (!c || !can(actor, "manage:sms:tenant", { tenantId: c.tenantId }))
          return reply({ ok: false, code: "forbidden" });
        await socket.join(`campaign:${campaignId}`);
        reply({ ok: true, progress: await campaignProgress(deps, c.tenantId, campaignId) });
      } catch (err) {
        deps.log.warn({ err }, "sms:watch failed");
        reply({ ok: false, code: "error" });
      }
    });
  });
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const unsubscribe = deps.bus.subscribe((e) => {
    if (e.type !== "sms.campaign.progressed" || typeof e.campaignId !== "string") return;
    const id = e.campaignId;
    if (pending.has(id)) return;
    pending.set(
      id,
      setTimeout(() => {
        pending.delete(id);
        campaignProgress(deps, e.tenantId, id)
          .then((progress) => nsp.to(`campaign:${id}`).emit("sms:progress", { campaignId: id, progress }))
          .catch((err: unknown) => deps.log.warn({ err }, "sms progress failed"));
      }, 250),
    );
  });
  return {
    close() {
      unsubscribe();
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
    },
  };
}
