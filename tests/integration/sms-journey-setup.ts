import { randomBytes } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import twilio from "twilio";
import { expect } from "vitest";
import { ReadCache } from "#app/lib/cache.ts";
import type { Deps } from "#app/lib/deps.ts";
import { parseEnv } from "#app/lib/env.ts";
import { createSmsWorker, type SmsWorker } from "#app/modules/sms/outbox.server.ts";
import { TenantDirectory } from "#app/modules/tenants/directory.server.ts";
import { action as inboundAction } from "#app/routes/webhooks.twilio.sms.ts";
import { createBus } from "#server/bus.ts";
import { createLogger } from "#server/logger.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { freshDb } from "#tests/setup/db.ts";
import {
  FAKE_ACCOUNT_SID,
  FAKE_AUTH_TOKEN,
  FAKE_MESSAGING_SERVICE_SID,
  startFakeTwilio,
  type FakeTwilio,
} from "#tests/setup/fake-twilio.ts";
import { SMS_SECRET, twilioTransportFor } from "./sms-setup.ts";

// Shared by the tests of a resident's journey by SMS (consultation questions, statements):
// a fresh database with the municipalities, Deps on a movable clock, the outbox worker sending
// through the real twilio SDK to the local fake Twilio, and inbound messages posted to the real
// webhook route as Twilio signs them.
export const PUBLIC = "https://medvirk.example";

export interface SmsJourney {
  deps: Deps;
  fake: FakeTwilio;
  worker: SmsWorker;
  now: () => Date;
  /** Moves the clock to `iso` (it runs on from there). */
  setClock(iso: string): void;
  /** Sends everything that is due. */
  drain(): Promise<void>;
  /** An SMS from `from` to our webhook, signed; then our answers go out. */
  inbound(from: string, body: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSmsJourney(opts: { clock: string; register: () => void }): Promise<SmsJourney> {
  let offset = Date.parse(opts.clock) - Date.now();
  const now = () => new Date(Date.now() + offset);
  const fake = await startFakeTwilio({ now });
  const db = await freshDb();
  await seedMunicipalities(db);
  const env = parseEnv({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    MEDVIRK_SECRET: SMS_SECRET,
    PUBLIC_URL: PUBLIC,
    SMS_TRANSPORT: "twilio",
    TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
    TWILIO_MESSAGING_SERVICE_SID: FAKE_MESSAGING_SERVICE_SID,
    TWILIO_API_BASE_URL: fake.url,
  });
  const tenants = new TenantDirectory(db);
  await tenants.reload();
  const deps: Deps = {
    env,
    db,
    log: createLogger("silent"),
    tenants,
    bus: createBus(),
    cache: new ReadCache({ ttlMs: 1_000, maxEntries: 100 }),
    demo: false,
    now,
    files: undefined as never,
  };
  opts.register(); // as server/app.ts does at start
  const worker = createSmsWorker(deps, { transport: twilioTransportFor(fake), ratePerSecond: 1000, backoffMs: 1, now });
  const drain = async () => {
    for (let i = 0; i < 50; i++) if ((await worker.runOnce()) === 0) return;
    throw new Error("outbox did not drain");
  };
  return {
    deps,
    fake,
    worker,
    now,
    setClock: (iso) => {
      offset = Date.parse(iso) - Date.now();
    },
    drain,
    async inbound(from, body) {
      const sid = "SM" + randomBytes(16).toString("hex");
      const params = {
        AccountSid: FAKE_ACCOUNT_SID,
        MessageSid: sid,
        SmsSid: sid,
        From: from,
        To: "+4759440000",
        Body: body,
        NumMedia: "0",
        ApiVersion: "2010-04-01",
      };
      const url = `${PUBLIC}/webhooks/twilio/sms`;
      const request = new Request(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": twilio.getExpectedTwilioSignature(FAKE_AUTH_TOKEN, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      const res = await inboundAction({ request, params: {}, context: { deps } } as unknown as ActionFunctionArgs);
      expect(res.status).toBe(200);
      await drain();
    },
    async close() {
      await worker.stop();
      await fake.close();
      await db.dispose();
    },
  };
}
