import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type { SmsLookupResult, SmsSendOutcome, SmsSendRequest, SmsTransport } from "./transport.ts";

// The `twilio` transport: the official SDK's Messages API. Sends with a
// Messaging Service SID (preferred) or a From number/sender id, and asks for
// delivery status at our status-callback webhook. docs/decisions/020-*.md.

export interface TwilioTransportOptions {
  accountSid: string;
  authToken: string;
  messagingServiceSid?: string;
  from?: string;
  /** Send the SDK's API calls here instead of https://*.twilio.com (tests: the local fake). */
  baseUrl?: string;
  /** Per request, ms. A timeout is an ambiguous result (the message may have been accepted). */
  timeoutMs?: number;
}

/** The SDK's own HTTP client with its host rewritten: `edge`/`region` only choose among *.twilio.com hosts. */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private baseUrl: string,
    opts: RequestClient.RequestClientOptions,
  ) {
    super(opts);
  }
  request<T>(opts: RequestClient.RequestOptions<T>) {
    return super.request<T>({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, this.baseUrl) });
  }
}

export function createTwilioClient(
  o: Pick<TwilioTransportOptions, "accountSid" | "authToken" | "baseUrl" | "timeoutMs">,
) {
  const timeout = o.timeoutMs ?? 15_000;
  const httpClient = o.baseUrl
    ? new BaseUrlRequestClient(o.baseUrl.replace(/\/$/, ""), { timeout })
    : new twilio.RequestClient({ timeout });
  return twilio(o.accountSid, o.authToken, { httpClient, autoRetry: false });
}

/** Sorts an SDK failure into retry (ambiguous or not) or permanent. */
export function classifyTwilioError(e: unknown): SmsSendOutcome {
  const x = e as { status?: number; code?: number | string; message?: string; moreInfo?: string };
  const message = x.message ?? String(e);
  if (typeof x.status === "number") {
    const code = typeof x.code === "number" ? x.code : undefined;
    if (x.status === 429)
      return { kind: "retry", ambiguous: false, error: `429 ${message}`, code, retryAfterMs: 1_000 };
    if (x.status >= 500) return { kind: "retry", ambiguous: true, error: `${x.status} ${message}`, code };
    return { kind: "permanent", error: `${x.status} ${message}`, code };
  }
  const netCode = typeof x.code === "string" ? x.code : "";
  // Refused before anything was sent: plain retry. Anything else after connecting: ambiguous.
  if (netCode === "ECONNREFUSED" || netCode === "ENOTFOUND" || netCode === "EAI_AGAIN")
    return { kind: "retry", ambiguous: false, error: `${netCode} ${message}` };
  // ECONNRESET, timeouts, a cut response …: the request may have reached Twilio.
  return { kind: "retry", ambiguous: true, error: `${netCode || "error"} ${message}`.trim() };
}

export function createTwilioTransport(o: TwilioTransportOptions): SmsTransport {
  if (!o.messagingServiceSid && !o.from)
    throw new Error("twilio transport needs a Messaging Service SID or a From sender");
  const client = createTwilioClient(o);
  const sender = o.messagingServiceSid ?? o.from!;
  return {
    name: "twilio",
    sender,
    async send(req: SmsSendRequest): Promise<SmsSendOutcome> {
      try {
        const m = await client.messages.create({
          to: req.to,
          body: req.body,
          ...(o.messagingServiceSid ? { messagingServiceSid: o.messagingServiceSid } : { from: o.from! }),
          ...(req.statusCallback ? { statusCallback: req.statusCallback } : {}),
        });
        return { kind: "sent", sid: m.sid, status: m.status };
      } catch (e) {
        return classifyTwilioError(e);
      }
    },
    async lookup({ to, body, since }): Promise<SmsLookupResult | null> {
      // Messages has no idempotency key: find ours by recipient, exact body and time.
      // Newest first; date_sent is empty while queued, so filter on date_created here.
      const list = await client.messages.list({ to, limit: 50 });
      const hit = list.find(
        (m) =>
          m.body === body &&
          m.dateCreated &&
          m.dateCreated.getTime() >= since.getTime() &&
          (!o.from || m.from === o.from || !!o.messagingServiceSid),
      );
      return hit ? { sid: hit.sid, status: hit.status } : null;
    },
  };
}
