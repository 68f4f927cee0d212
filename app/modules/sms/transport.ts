// What the outbox worker needs from a way of sending SMS. Pure types; the
// implementations are twilio.server.ts (the twilio SDK) and inbox.server.ts
// (the embedded default: messages stay in the database for /dev/inbox).

export interface SmsSendRequest {
  outboxId: string;
  to: string;
  body: string;
  /** Where Twilio posts delivery status for this message. */
  statusCallback?: string;
}

export type SmsSendOutcome =
  /** Accepted by the provider. */
  | { kind: "sent"; sid: string; status: string }
  /**
   * Not accepted this time; try again later. `ambiguous`: the provider may
   * have accepted it anyway (timeout, connection lost, 5xx), so the next
   * attempt must look it up before sending again.
   */
  | { kind: "retry"; ambiguous: boolean; error: string; code?: number; retryAfterMs?: number }
  /** Will never be accepted (bad number, rejected content). `code` 21610: the phone opted out at the provider. */
  | { kind: "permanent"; error: string; code?: number };

export interface SmsLookupResult {
  sid: string;
  status: string;
}

export interface SmsTransport {
  readonly name: "twilio" | "inbox";
  /** Sender identity for the shared rate limiter (Messaging Service SID, From number, or "inbox"). */
  readonly sender: string;
  send(req: SmsSendRequest): Promise<SmsSendOutcome>;
  /**
   * Finds a message this installation sent to `to` with exactly `body`,
   * created at or after `since`. Used after an ambiguous result, before
   * sending again. Throws when the provider cannot be asked right now.
   */
  lookup(req: { to: string; body: string; since: Date }): Promise<SmsLookupResult | null>;
}

/** Twilio's message statuses in the order they can happen; a later one never goes back (status callbacks arrive out of order). */
export const DELIVERY_RANK: Record<string, number> = {
  accepted: 1,
  scheduled: 1,
  queued: 2,
  sending: 3,
  sent: 4,
  // Terminal: the first one to arrive wins over everything before it.
  failed: 5,
  undelivered: 5,
  delivered: 6,
  read: 7,
  canceled: 5,
};
export function deliveryRank(status: string): number {
  return DELIVERY_RANK[status] ?? 0;
}
