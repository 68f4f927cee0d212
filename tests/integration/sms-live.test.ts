import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignProgress } from "#app/modules/sms/campaigns.server.ts";
import { sql } from "drizzle-orm";
import { createWorkerFromEnv } from "#server/sms.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Campaign progress live over socket.io ("/sms"): staff watching a campaign
// get its counts as the in-process worker sends (inbox transport); a resident
// may not watch. Real server, real socket.io client, the run's driver.
let server: Awaited<ReturnType<typeof startTestServer>>;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer({ env: { SMS_WORKER: "0" } }); // the test runs the worker itself, after watching
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});
const open = (cookie?: string) => {
  const s = connect(`${server.url}/sms`, {
    transports: ["websocket"],
    extraHeaders: cookie ? { cookie } : {},
    forceNew: true,
  });
  sockets.push(s);
  return s;
};
const watch = (s: Socket, campaignId: string) =>
  new Promise<{ ok: boolean; code?: string; progress?: CampaignProgress }>((r) =>
    s.emit("sms:watch", { campaignId }, r),
  );

describe("campaign progress over socket.io", () => {
  it("staff see sent counts arrive; a resident is refused", async () => {
    const staff = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const form = {
      name: "Live",
      "body.nb": "Hei {{name}}!",
      recipients: "41600001,nb,A\n41600002,nb,B\n41600003,nb,C",
      urgent: "on",
      intent: "send",
    };
    const res = await staff.post("/vadso/admin/sms", form);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("3 meldinger er lagt i køen.");
    const [row] = await server.deps.db.rows<{ id: string }>(sql`select id from sms_campaigns where name = 'Live'`);
    const id = row!.id;

    const resident = await signInAs(server, { role: "resident" });
    expect(await watch(open(resident.cookie), id)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await watch(open(), id)).toMatchObject({ ok: false, code: "forbidden" });

    const s = open(staff.cookie);
    const seen: CampaignProgress[] = [];
    s.on(
      "sms:progress",
      (e: { campaignId: string; progress: CampaignProgress }) => e.campaignId === id && seen.push(e.progress),
    );
    const first = await watch(s, id);
    expect(first).toMatchObject({ ok: true, progress: { total: 3, queued: 3, sent: 0 } });
    // The worker (as the server builds it) sends; its results reach the page's socket.
    await createWorkerFromEnv(server.deps).runOnce();
    for (let i = 0; i < 200 && !seen.some((p) => p.sent === 3); i++) await new Promise((r) => setTimeout(r, 50));
    expect(seen.at(-1)).toMatchObject({ total: 3, sent: 3, delivered: 3, queued: 0 });
  });
});
