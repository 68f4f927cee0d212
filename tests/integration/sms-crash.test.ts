import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { smsOutbox } from "#db/schema/index.ts";
import { openDb, type DbHandle } from "#db/client.ts";
import { parseEnv } from "#app/lib/env.ts";
import type { Deps } from "#app/lib/deps.ts";
import { enqueueSms } from "#app/modules/sms/outbox.server.ts";
import { ROOT } from "#server/app.ts";
import { withDatabase } from "#tests/setup/global-db.ts";
import {
  FAKE_ACCOUNT_SID,
  FAKE_AUTH_TOKEN,
  FAKE_MESSAGING_SERVICE_SID,
  startFakeTwilio,
  type FakeTwilio,
} from "#tests/setup/fake-twilio.ts";
import { SMS_SECRET } from "./sms-setup.ts";

// The standalone worker process (server/sms-worker.ts): killed with SIGKILL in
// the middle of a batch, then restarted as two processes, every message goes
// out exactly once. Real processes need a real PostgreSQL server; on the
// embedded driver the worker must refuse to start (PGlite is one process).
const info = inject("testDb");
const children: ChildProcess[] = [];
let fake: FakeTwilio | undefined;
let h: DbHandle | undefined;
let dropDb: (() => Promise<void>) | undefined;
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await fake?.close();
  await h?.close();
  await dropDb?.();
});

function startWorker(env: Record<string, string>, id: string) {
  const childEnv = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production" as const,
    LOG_LEVEL: "silent",
    MEDVIRK_SECRET: SMS_SECRET,
    SMS_WORKER_ID: id,
    ...env,
  };
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/sms-worker.ts"], {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  children.push(child);
  const exited = new Promise<{ code: number | null; err: string }>((r) =>
    child.on("exit", (code: number | null) => r({ code, err })),
  );
  return { child, exited };
}
const until = async (cond: () => boolean | Promise<boolean>, what: string, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe("the standalone SMS worker process", () => {
  if (info.driver === "pglite") {
    it("refuses to start without DATABASE_URL (the embedded database belongs to the web process)", async () => {
      const { exited } = startWorker({}, "lonely");
      const r = await exited;
      expect(r.code).toBe(1);
      expect(r.err).toContain("needs DATABASE_URL");
    });
    return;
  }

  it("killed mid-batch and restarted as two processes, sends every message exactly once", async () => {
    const { default: postgres } = await import("postgres");
    const admin = postgres(info.adminUrl, { max: 1, onnotice: () => {} });
    const name = `medvirk_t${randomBytes(4).toString("hex")}_${info.template.split("_").pop()}`;
    await admin.unsafe(`create database ${name} template ${info.template}`);
    dropDb = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
    const url = withDatabase(info.adminUrl, name);
    h = await openDb({ url });
    fake = await startFakeTwilio({ latencyMs: 20 });
    const env = parseEnv({ MEDVIRK_SECRET: SMS_SECRET, LOG_LEVEL: "silent" });
    const deps = { env, now: () => new Date() } as unknown as Deps;
    const N = 40;
    const ids: string[] = [];
    await h.db.transaction(async (tx) => {
      for (let i = 0; i < N; i++) {
        const r = await enqueueSms(tx, deps, {
          tenantId: null,
          key: `crash:${i}`,
          to: `+47413${String(10000 + i)}`,
          body: `Invitasjon ${i}`,
          urgent: true,
        });
        if (!r.ok) throw new Error(r.error.code);
        ids.push(r.value.id);
      }
    });
    const workerEnv = {
      DATABASE_URL: url,
      SMS_TRANSPORT: "twilio",
      TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
      TWILIO_MESSAGING_SERVICE_SID: FAKE_MESSAGING_SERVICE_SID,
      TWILIO_API_BASE_URL: fake.url,
      SMS_RATE_PER_SECOND: "200",
      SMS_LEASE_MS: "2000",
    };
    const first = startWorker(workerEnv, "first");
    await until(() => fake!.creates().length >= 8, "the first worker to send");
    // Twilio accepts the next messages but the answers never arrive; then the process dies.
    fake.fail("hang", "hang", "hang");
    await until(() => fake!.creates().length >= 11, "sends that get no answer");
    first.child.kill("SIGKILL");
    await first.exited;
    const sentBefore = fake.messages.length;
    expect(sentBefore).toBeLessThan(N);

    startWorker(workerEnv, "second");
    startWorker(workerEnv, "third");
    const done = async () =>
      (await h!.db.select({ s: smsOutbox.status }).from(smsOutbox).where(inArray(smsOutbox.id, ids))).every(
        (r) => r.s === "sent",
      );
    await until(done, "every message to be sent", 90_000);

    const bodies = fake.messages.map((m) => m.body);
    expect(bodies).toHaveLength(N);
    expect(new Set(bodies).size).toBe(N);
    // The three unanswered sends were looked up, not sent again.
    expect(fake.lookups().length).toBeGreaterThanOrEqual(3);
    const rows = await h.db.select().from(smsOutbox).where(inArray(smsOutbox.id, ids));
    expect(new Set(rows.map((r) => r.providerSid)).size).toBe(N);
    expect(rows.every((r) => fake!.messages.some((m) => m.sid === r.providerSid))).toBe(true);
  });
});
