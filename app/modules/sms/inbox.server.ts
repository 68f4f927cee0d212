import { randomBytes } from "node:crypto";
import type { SmsTransport } from "./transport.ts";

// The `inbox` transport, the embedded default when no Twilio credentials are
// configured: a message "goes out" by being marked delivered in the outbox
// (transport = 'inbox'), where /dev/inbox shows it and lets a developer reply
// as if from that phone. Nothing leaves the machine.
export function createInboxTransport(): SmsTransport {
  return {
    name: "inbox",
    sender: "inbox",
    async send() {
      return { kind: "sent", sid: `SMdev${randomBytes(14).toString("hex")}`, status: "delivered" };
    },
    async lookup() {
      return null;
    },
  };
}
