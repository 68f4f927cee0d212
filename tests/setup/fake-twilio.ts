import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import twilio from "twilio";

// A local fake of Twilio's Messages API (2010-04-01) on a real HTTP server.
// The real twilio SDK is pointed at it (TWILIO_API_BASE_URL, see
// app/modules/sms/twilio.server.ts). It records every request, answers as
// Twilio documents (201 with an SM… SID; 429; 500; 400 with error 21610; a
// request that never gets an answer), lists messages for lookups, and signs
// status callbacks and inbound messages with the SDK's own signature helper.

export const FAKE_ACCOUNT_SID = "AC" + "0123456789abcdef".repeat(2);
export const FAKE_AUTH_TOKEN = "fake-auth-token-0123456789abcdef";
export const FAKE_MESSAGING_SERVICE_SID = "MG" + "fedcba9876543210".repeat(2);

export interface FakeMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  status: string;
  dateCreated: Date;
}
export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  authorized: boolean;
  at: number;
}
/**
 * What to do with the next create request:
 * - `{ status, code }`: answer with that HTTP status and Twilio error code, create nothing;
 * - `"hang"`: create the message, then never answer (the client times out: an ambiguous result);
 * - `"hangBefore"`: never answer and create nothing;
 * - `"reset"`: create the message, then cut the connection.
 */
export type Failure = { status: number; code?: number; message?: string } | "hang" | "hangBefore" | "reset";

const rfc2822 = (d: Date) => d.toUTCString().replace("GMT", "+0000");

export async function startFakeTwilio(opts: { latencyMs?: number; now?: () => Date } = {}) {
  const now = opts.now ?? (() => new Date());
  const messages: FakeMessage[] = [];
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  const refuse = new Map<string, number>(); // to → error code (e.g. 21610)
  const sockets = new Set<Socket>();
  let latencyMs = opts.latencyMs ?? 0;
  const auth = "Basic " + Buffer.from(`${FAKE_ACCOUNT_SID}:${FAKE_AUTH_TOKEN}`).toString("base64");

  const toJson = (m: FakeMessage) => ({
    sid: m.sid,
    account_sid: FAKE_ACCOUNT_SID,
    messaging_service_sid: m.messagingServiceSid,
    to: m.to,
    from: m.from,
    body: m.body,
    status: m.status,
    num_segments: "1",
    direction: "outbound-api",
    api_version: "2010-04-01",
    date_created: rfc2822(m.dateCreated),
    date_updated: rfc2822(m.dateCreated),
    date_sent: null,
    error_code: null,
    error_message: null,
    price: null,
    price_unit: "USD",
    uri: `/2010-04-01/Accounts/${FAKE_ACCOUNT_SID}/Messages/${m.sid}.json`,
    subresource_uris: {},
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const params = Object.fromEntries(
        new URLSearchParams(req.method === "GET" ? url.search : Buffer.concat(chunks).toString("utf8")),
      );
      const authorized = req.headers.authorization === auth;
      requests.push({ method: req.method ?? "GET", path: url.pathname, params, authorized, at: Date.now() });
      const send = (status: number, body: unknown) =>
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(body));
        }, latencyMs);
      const error = (status: number, code: number, message: string) =>
        send(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
      if (!authorized) return error(401, 20003, "Authenticate");
      const base = `/2010-04-01/Accounts/${FAKE_ACCOUNT_SID}/Messages`;
      if (req.method === "POST" && url.pathname === `${base}.json`) {
        if (!params.To) return error(400, 21604, "A 'To' phone number is required.");
        if (!params.Body) return error(400, 21602, "Message body is required.");
        if (!params.From && !params.MessagingServiceSid)
          return error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required");
        const f = failures.shift();
        if (f && typeof f === "object")
          return error(
            f.status,
            f.code ?? (f.status === 429 ? 20429 : 20500),
            f.message ?? (f.status === 429 ? "Too Many Requests" : "Internal Server Error"),
          );
        if (f === "hangBefore") return;
        const refused = refuse.get(params.To);
        if (refused)
          return error(400, refused, refused === 21610 ? "Attempt to send to unsubscribed recipient" : "Refused");
        const m: FakeMessage = {
          sid: "SM" + randomBytes(16).toString("hex"),
          to: params.To,
          from: params.From ?? null,
          messagingServiceSid: params.MessagingServiceSid ?? null,
          body: params.Body,
          statusCallback: params.StatusCallback ?? null,
          status: params.MessagingServiceSid ? "accepted" : "queued",
          dateCreated: now(),
        };
        messages.push(m);
        if (f === "hang") return;
        if (f === "reset") return void req.socket.destroy();
        return send(201, toJson(m));
      }
      if (req.method === "GET" && url.pathname === `${base}.json`) {
        const pageSize = Number(params.PageSize ?? 50);
        const list = messages
          .filter((m) => !params.To || m.to === params.To)
          .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime());
        return send(200, {
          messages: list.slice(0, pageSize).map(toJson),
          first_page_uri: `${base}.json?PageSize=${pageSize}&Page=0`,
          next_page_uri: null,
          previous_page_uri: null,
          page: 0,
          page_size: pageSize,
          start: 0,
          end: Math.min(pageSize, list.length) - 1,
          uri: `${base}.json?PageSize=${pageSize}&Page=0`,
        });
      }
      const one = new RegExp(`^${base}/(SM[0-9a-f]{32})\\.json$`).exec(url.pathname);
      if (req.method === "GET" && one) {
        const m = messages.find((x) => x.sid === one[1]);
        return m ? send(200, toJson(m)) : error(404, 20404, "Not found");
      }
      return error(404, 20404, "The requested resource was not found");
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** Posts form parameters to one of our webhooks, signed as Twilio signs them (or with a wrong signature). */
  async function postSigned(
    target: string,
    params: Record<string, string>,
    o: { badSignature?: boolean; headers?: Record<string, string>; signAs?: string } = {},
  ) {
    const signature = twilio.getExpectedTwilioSignature(
      o.badSignature ? "not-the-token-0000000000" : FAKE_AUTH_TOKEN,
      o.signAs ?? target,
      params,
    );
    return fetch(target, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": signature,
        "user-agent": "TwilioProxy/1.1",
        ...o.headers,
      },
      body: new URLSearchParams(params).toString(),
      redirect: "manual",
    });
  }

  return {
    url,
    messages,
    requests,
    /** Queue failures for the next create requests, in order. */
    fail(...f: Failure[]) {
      failures.push(...f);
    },
    /** Every create to this number fails with this Twilio error (e.g. 21610). */
    refuseTo(to: string, code: number) {
      refuse.set(to, code);
    },
    setLatency(ms: number) {
      latencyMs = ms;
    },
    creates: () => requests.filter((r) => r.method === "POST" && r.path.endsWith("/Messages.json")),
    lookups: () => requests.filter((r) => r.method === "GET" && r.path.endsWith("/Messages.json")),
    /** A status callback for a message, as Twilio posts it to the StatusCallback URL it was given. */
    postStatus(
      m: FakeMessage | { sid: string; statusCallback: string; to: string },
      status: string,
      extra: Record<string, string> = {},
      o?: Parameters<typeof postSigned>[2],
    ) {
      const params = {
        AccountSid: FAKE_ACCOUNT_SID,
        MessageSid: m.sid,
        SmsSid: m.sid,
        MessageStatus: status,
        SmsStatus: status,
        To: m.to,
        ApiVersion: "2010-04-01",
        ...extra,
      };
      return postSigned(m.statusCallback!, params, o);
    },
    /** An incoming SMS from `from`, as Twilio posts it to the number's webhook. */
    postInbound(
      target: string,
      from: string,
      body: string,
      o: Parameters<typeof postSigned>[2] & { messageSid?: string; to?: string } = {},
    ) {
      const sid = o.messageSid ?? "SM" + randomBytes(16).toString("hex");
      const params = {
        AccountSid: FAKE_ACCOUNT_SID,
        MessageSid: sid,
        SmsMessageSid: sid,
        SmsSid: sid,
        From: from,
        To: o.to ?? "+4759440000",
        Body: body,
        NumMedia: "0",
        NumSegments: "1",
        ApiVersion: "2010-04-01",
      };
      return postSigned(target, params, o);
    },
    postSigned,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
export type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;
