import { parseEnv, type Env } from "#app/lib/env.ts";
import type { Deps } from "#app/lib/deps.ts";
import { createLogger } from "#server/logger.ts";
import { freshDb } from "#tests/setup/db.ts";
import {
  FAKE_ACCOUNT_SID,
  FAKE_AUTH_TOKEN,
  FAKE_MESSAGING_SERVICE_SID,
  type FakeTwilio,
} from "#tests/setup/fake-twilio.ts";
import { createTwilioTransport } from "#app/modules/sms/twilio.server.ts";

// Shared by the SMS integration tests: a fresh database and the parts of Deps
// the outbox and its worker use (no HTTP server).
export const SMS_SECRET = "sms-test-secret-sms-test-secret-123456";

export async function smsDeps(opts: { now?: () => Date; env?: Record<string, string> } = {}) {
  const db = await freshDb();
  const env: Env = parseEnv({ NODE_ENV: "test", LOG_LEVEL: "silent", MEDVIRK_SECRET: SMS_SECRET, ...opts.env });
  const deps = { env, db, log: createLogger("silent"), now: opts.now ?? (() => new Date()) } as unknown as Deps;
  return { deps, db };
}

export function twilioTransportFor(fake: FakeTwilio, o: { timeoutMs?: number; from?: string } = {}) {
  return createTwilioTransport({
    accountSid: FAKE_ACCOUNT_SID,
    authToken: FAKE_AUTH_TOKEN,
    ...(o.from ? { from: o.from } : { messagingServiceSid: FAKE_MESSAGING_SERVICE_SID }),
    baseUrl: fake.url,
    timeoutMs: o.timeoutMs ?? 5_000,
  });
}

/** Runs rounds until `done()` or the round limit. */
export async function drain(run: () => Promise<number>, done: () => Promise<boolean>, rounds = 200) {
  for (let i = 0; i < rounds; i++) {
    if (await done()) return;
    if ((await run()) === 0) await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("outbox did not drain");
}

/** Waits until the in-process worker has delivered an SMS to `to` through the inbox transport (the dev inbox). */
export async function waitForDevSms(deps: Deps, to: string, timeoutMs = 10_000) {
  const { listDevSms } = await import("#app/modules/sms/dev-inbox.server.ts");
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = (await listDevSms(deps)).find((x) => x.direction === "out" && x.phone === to);
    if (m) return m;
    if (Date.now() > until) throw new Error(`no SMS to ${to} in the dev inbox`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
