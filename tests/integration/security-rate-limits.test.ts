import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "#app/lib/env.ts";
import { LIMITS, MAX_TRIES, requestCode, verifyCode } from "#app/modules/identity/codes.server.ts";
import { startServer, type RunningServer } from "#server/app.ts";
import { createLogger } from "#server/logger.ts";
import { freshDb } from "#tests/setup/db.ts";

// Issue 21, defect 7: the sign-in lockout and the code limits live in the
// database: a restarted server still refuses a locked identifier, and two
// servers on one database count together.
let db: Awaited<ReturnType<typeof freshDb>>;
const running: RunningServer[] = [];
const start = async () => {
  const env = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    NODE_ENV: "production",
    MEDVIRK_DEMO: "0",
    MEDVIRK_DEV_INBOX: "1",
    MEDVIRK_SECRET: "rate-limit-test-secret-0123456789abcdef",
  });
  const s = await startServer({ env, log: createLogger("silent"), mode: "production", db });
  running.push(s);
  return s;
};
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => {
  for (const s of running) await s.close();
  await db?.dispose();
});

describe("limits shared by every process", () => {
  it("a locked identifier stays locked after the server restarts", async () => {
    const a = await start();
    const who = { channel: "email" as const, identifier: "locked@example.org", ip: "10.1.0.1" };
    expect((await requestCode(a.deps, { ...who, locale: "nb" })).ok).toBe(true);
    let last;
    for (let i = 0; i < MAX_TRIES; i++) last = await verifyCode(a.deps, { ...who, code: "000000" });
    expect(last).toMatchObject({ ok: false, error: { code: "code.locked" } });
    const refused = await requestCode(a.deps, { ...who, locale: "nb" });
    expect(refused).toMatchObject({ ok: false, error: { code: "code.rateLimited", status: 429 } });
    await a.close();
    const b = await start(); // a new process: nothing in memory
    const still = await requestCode(b.deps, { ...who, locale: "nb" });
    expect(still).toMatchObject({ ok: false, error: { code: "code.rateLimited", status: 429 } });
  });

  it("two servers on one database count one identifier's codes together", async () => {
    const [a, b] = [await start(), await start()];
    const who = { channel: "email" as const, identifier: "busy@example.org", locale: "nb" as const };
    const results: boolean[] = [];
    for (let i = 0; i < LIMITS.sendPerIdentifier.points + 1; i++) {
      const s = i % 2 === 0 ? a : b;
      results.push((await requestCode(s.deps, { ...who, ip: `10.2.0.${i}` })).ok);
    }
    expect(results).toEqual([...Array(LIMITS.sendPerIdentifier.points).fill(true), false]);
  });
});
