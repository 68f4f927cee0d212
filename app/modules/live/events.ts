// The typed socket.io event map of live meetings (STYLE.md §6). Shared by
// server/live.ts and the browser client (live.client.ts), so both sides
// agree at compile time. Payloads carry ids, versions and public data only.
import { z } from "zod";
import type { LiveEvent, LiveState, PublicEvent, PublicState, TimelineEntry } from "./engine.ts";

/** Rooms: viewers of a meeting, its consoles (staff), the municipality's "live now" list. */
export const rooms = {
  meeting: (meetingId: string) => `m:${meetingId}`,
  console: (meetingId: string) => `c:${meetingId}`,
  tenant: (tenantId: string) => `t:${tenantId}`,
  /** Every socket whose handshake carried this session (closed at sign-out). */
  session: (sessionId: string) => `s:${sessionId}`,
  /** Every console socket of this person (closed when a role is removed). */
  person: (personId: string) => `p:${personId}`,
};

export type Reply<T> = ({ ok: true } & T) | { ok: false; code: string; params?: Record<string, string | number> };

/** A viewer joins with the last version it has (after a reconnect) and gets what it missed. */
export type JoinReply = Reply<
  | { mode: "events"; events: PublicEvent[]; version: number }
  | { mode: "snapshot"; state: PublicState; timeline: TimelineEntry[]; version: number }
>;
export type ConsoleJoinReply = Reply<{ state: LiveState }>;
export type ActionReply = Reply<{ version: number }>;

export const JoinPayload = z
  .object({ meetingId: z.string().uuid(), since: z.number().int().min(0).nullish() })
  .strict();
export const LeavePayload = z.object({ meetingId: z.string().uuid() }).strict();
export const WatchPayload = z.object({ tenantId: z.string().uuid() }).strict();
export const ConsoleJoinPayload = z.object({ meetingId: z.string().uuid() }).strict();
export const ActionPayload = z
  .object({
    meetingId: z.string().uuid(),
    expectedVersion: z.number().int().min(0),
    action: z.object({ type: z.string() }).passthrough(),
  })
  .strict();

export interface ClientToServerEvents {
  "live:join": (p: z.input<typeof JoinPayload>, ack: (r: JoinReply) => void) => void;
  "live:leave": (p: z.input<typeof LeavePayload>) => void;
  "live:watch": (p: z.input<typeof WatchPayload>, ack: (r: Reply<object>) => void) => void;
  "console:join": (p: z.input<typeof ConsoleJoinPayload>, ack: (r: ConsoleJoinReply) => void) => void;
  "console:action": (p: z.input<typeof ActionPayload>, ack: (r: ActionReply) => void) => void;
  ping: (ack: (r: { ok: true; t: number }) => void) => void;
}

export interface ServerToClientEvents {
  /** One public event (version order per meeting). */
  "live:event": (e: PublicEvent) => void;
  /** To consoles: the full state after a change, and the change. */
  "console:state": (p: { state: LiveState; event: LiveEvent }) => void;
  /** To the municipality room: a meeting went live or stopped being live. */
  "live:now": (p: { meetingId: string; live: boolean }) => void;
  /** A refused or malformed message (`event` names the message it answers). */
  "live:error": (p: { code: string; event: string }) => void;
}

export interface InterServerEvents {
  /** Keeps every process's cache of public state current (the Redis adapter carries it). */
  "live:applied": (e: PublicEvent) => void;
}

export interface SocketData {
  /** The session id (SHA-256 of the cookie token), when the handshake carried a session cookie. */
  sessionId: string | null;
  ip: string;
}
