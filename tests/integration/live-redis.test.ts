import { afterAll, beforeAll, expect, it } from "vitest";
import { parseEnv } from "#app/lib/env.ts";
import type { ActionReply, JoinReply } from "#app/modules/live/events.ts";
import { startServer, type RunningServer } from "#server/app.ts";
import { createLogger } from "#server/logger.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { freshDb } from "#tests/setup/db.ts";
import { client, liveMeeting, next, type LiveClient } from "./live-setup.ts";

// Two server instances, one database, socket.io on the Redis adapter (Redis on
// 127.0.0.1:6379 here and in CI): an action on A's console reaches a viewer
// connected to B, and B's cache of the public state follows.
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let db: Awaited<ReturnType<typeof freshDb>>;
let a: RunningServer, b: RunningServer;
const sockets: LiveClient[] = [];

beforeAll(async () => {
  db = await freshDb();
  const env = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    NODE_ENV: "production",
    MEDVIRK_DEMO: "0",
    REDIS_URL,
  });
  a = await startServer({ env, log: createLogger("silent"), mode: "production", db });
  b = await startServer({ env, log: createLogger("silent"), mode: "production", db });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await a?.close();
  await b?.close();
  await db?.dispose();
});

it("a console on server A reaches viewers on server B through Redis, and late viewers on B catch up", async () => {
  const m = await liveMeeting(a.deps);
  const sec = await signInAs(a, { tenant: "vadso", role: "secretary" });
  const consoleA = await client(a.url, sec.cookie);
  const viewerB = await client(b.url);
  const viewerA = await client(a.url);
  sockets.push(consoleA, viewerB, viewerA);
  expect(await viewerB.emitWithAck("live:join", { meetingId: m.meetingId })).toMatchObject({ ok: true, version: 0 });
  expect(await viewerA.emitWithAck("live:join", { meetingId: m.meetingId })).toMatchObject({ ok: true, version: 0 });

  const onB = next(viewerB, "live:event", (e) => e.version === 2);
  const onA = next(viewerA, "live:event", (e) => e.version === 2);
  const send = (expectedVersion: number, action: Record<string, unknown>) =>
    consoleA.emitWithAck("console:action", {
      meetingId: m.meetingId,
      expectedVersion,
      action: action as { type: string },
    }) as Promise<ActionReply>;
  expect(await send(0, { type: "start" })).toEqual({ ok: true, version: 1 });
  expect(await send(1, { type: "moveTo", itemId: m.items[0] })).toEqual({ ok: true, version: 2 });
  const [eb, ea] = await Promise.all([onB, onA]);
  expect(eb).toEqual(ea);
  expect(eb.patch.currentItemId).toBe(m.items[0]);

  // B's per-process cache followed (through serverSideEmit): a viewer reconnecting to B at version 1 gets version 2.
  const lateB = await client(b.url);
  sockets.push(lateB);
  await until(async () => {
    const r = (await lateB.emitWithAck("live:join", { meetingId: m.meetingId, since: 1 })) as JoinReply;
    return r.ok && r.mode === "events" && r.events.length === 1 && r.events[0]!.version === 2;
  });
});

async function until(cond: () => Promise<boolean>, ms = 10_000) {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
