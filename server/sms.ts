import { randomUUID } from "node:crypto";
import type { Deps } from "#app/lib/deps.ts";
import type { Env } from "#app/lib/env.ts";
import { registerSmsTransport } from "#app/modules/identity/outbox.server.ts";
import { createInboxTransport } from "#app/modules/sms/inbox.server.ts";
import {
  createSmsWorker,
  enqueueSms,
  registerWorker,
  wakeSmsWorkers,
  type SmsWorker,
} from "#app/modules/sms/outbox.server.ts";
import { createTwilioTransport } from "#app/modules/sms/twilio.server.ts";
import type { SmsTransport } from "#app/modules/sms/transport.ts";

// SMS wiring for the process (docs/decisions/020-sms-outbox-skip-locked.md):
// the transport from the environment, the outbox worker (in-process unless
// SMS_WORKER=0), and identity's sign-in codes routed into the durable outbox.

export function smsTransportName(env: Env): "twilio" | "inbox" {
  return (
    env.SMS_TRANSPORT ??
    (env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && (env.TWILIO_MESSAGING_SERVICE_SID || env.TWILIO_FROM)
      ? "twilio"
      : "inbox")
  );
}

export function smsTransportFromEnv(env: Env): SmsTransport {
  if (smsTransportName(env) === "inbox") return createInboxTransport();
  return createTwilioTransport({
    accountSid: env.TWILIO_ACCOUNT_SID!,
    authToken: env.TWILIO_AUTH_TOKEN!,
    messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
    from: env.TWILIO_FROM,
    baseUrl: env.TWILIO_API_BASE_URL,
  });
}

export function statusCallbackFor(env: Env): ((id: string) => string) | undefined {
  if (!env.PUBLIC_URL) return undefined;
  const base = env.PUBLIC_URL.replace(/\/$/, "");
  return (id) => `${base}/webhooks/twilio/status?o=${id}`;
}

export function createWorkerFromEnv(deps: Deps, o: { leaseMs?: number; workerId?: string } = {}): SmsWorker {
  return createSmsWorker(deps, {
    transport: smsTransportFromEnv(deps.env),
    statusCallback: statusCallbackFor(deps.env),
    // Campaign progress for the staff page (server/sms.ts attachSmsLive); ids only.
    onResult: (r) => {
      if (r.campaignId && r.tenantId && deps.bus)
        deps.bus.publish({ type: "sms.campaign.progressed", tenantId: r.tenantId, campaignId: r.campaignId });
    },
    ...o,
  });
}

/** Starts SMS for the web process. */
export function startSms(deps: Deps): { worker: SmsWorker | null; close(): Promise<void> } {
  // Identity's sign-in codes (and any other caller of its sendMessage) go through the outbox.
  registerSmsTransport(deps.env, {
    async send(d, to, text) {
      const r = await enqueueSms(d.db.db, d, {
        tenantId: null,
        key: `identity:${randomUUID()}`,
        to,
        body: text,
        purpose: "identity.code",
        urgent: true,
      });
      if (!r.ok) throw new Error(`sms not queued: ${r.error.code}`);
      wakeSmsWorkers();
    },
  });
  if (deps.env.SMS_WORKER !== "1") return { worker: null, close: async () => {} };
  const worker = createWorkerFromEnv(deps);
  const unregister = registerWorker(worker);
  worker.start();
  deps.log.info(
    { transport: smsTransportName(deps.env), worker: worker.id },
    "sms outbox worker started in this process",
  );
  return {
    worker,
    async close() {
      unregister();
      await worker.stop();
    },
  };
}
