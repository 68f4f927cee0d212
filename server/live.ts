import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Server, Socket } from "socket.io";
import type { Deps } from "#app/lib/deps.ts";
import { readCookie, SESSION_COOKIE } from "#app/modules/identity/cookies.ts";
import { sha256 } from "#app/modules/identity/keys.server.ts";
import { can } from "#app/modules/identity/permissions.ts";
import { actorForSessionId } from "#app/modules/identity/session.server.ts";
import {
  applyPublic,
  isLive,
  type PublicEvent,
  type PublicState,
  type TimelineEntry,
} from "#app/modules/live/engine.ts";
import {
  ActionPayload,
  ConsoleJoinPayload,
  JoinPayload,
  LeavePayload,
  rooms,
  WatchPayload,
  type ClientToServerEvents,
  type InterServerEvents,
  type JoinReply,
  type ServerToClientEvents,
  type SocketData,
} from "#app/modules/live/events.ts";
import {
  getConsoleState,
  getPublicLive,
  isLiveBusEvent,
  liveMeetingInfo,
  publicEventsSince,
  runLiveAction,
} from "#app/modules/live/live.server.ts";

// Live meetings over socket.io (issue 9; STYLE.md §6; docs/decisions/031-…).
// Rooms per meeting (viewers), per meeting console (staff) and per
// municipality ("live now"). Viewers need no account; console messages
// authenticate from the session cookie of the handshake, through identity's
// own session lookup, on every action. Changes come from commands through
// deps.bus (after commit) and go out through io, so with the Redis adapter
// every process's viewers get them.

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type ConsoleStatePayload = Parameters<ServerToClientEvents["console:state"]>[0];

export interface LiveOptions {
  /** Joins (live:join, live:watch) allowed per IP per `joinWindowS`. */
  joinsPerIp?: number;
  joinWindowS?: number;
  /** Whether other processes share the adapter (serverSideEmit keeps their caches current). */
  multiProcess?: boolean;
}

const LOG_KEEP = 1000;

interface Entry {
  tenantId: string;
  state: PublicState;
  /** The last public events, in order, for catch-up without a database read. */
  log: PublicEvent[];
  timeline: TimelineEntry[];
}

/** Per-process cache of each meeting's public state and recent events (loaded on first join). */
class Hub {
  private loading = new Map<string, { p: Promise<Entry | null>; pending: PublicEvent[] }>();
  private ready = new Map<string, Entry>();
  private missing = new Map<string, number>(); // meetingId → until (ms): unknown or not public, checked again later

  constructor(private deps: Deps) {}

  async get(meetingId: string): Promise<Entry | null> {
    const e = this.ready.get(meetingId);
    if (e) return e;
    const miss = this.missing.get(meetingId);
    if (miss && miss > Date.now()) return null;
    let l = this.loading.get(meetingId);
    if (!l) {
      const pending: PublicEvent[] = [];
      const p = this.load(meetingId).then(
        (entry) => {
          this.loading.delete(meetingId);
          if (!entry) {
            this.missing.set(meetingId, Date.now() + 5_000);
            return null;
          }
          for (const ev of pending) this.applyTo(entry, ev);
          this.ready.set(meetingId, entry);
          return entry;
        },
        (err) => {
          this.loading.delete(meetingId);
          throw err;
        },
      );
      l = { p, pending };
      this.loading.set(meetingId, l);
    }
    return l.p;
  }

  private async load(meetingId: string): Promise<Entry | null> {
    const live = await getPublicLive(this.deps.db.db, null, meetingId);
    if (!live) return null;
    const log = await publicEventsSince(this.deps.db.db, meetingId, Math.max(0, live.state.version - LOG_KEEP));
    return { tenantId: live.tenantId, state: live.state, log, timeline: live.timeline.slice(-LOG_KEEP) };
  }

  apply(e: PublicEvent): void {
    this.missing.delete(e.meetingId);
    const loading = this.loading.get(e.meetingId);
    if (loading) loading.pending.push(e);
    const entry = this.ready.get(e.meetingId);
    if (entry && !this.applyTo(entry, e)) this.ready.delete(e.meetingId); // a gap: reload on the next join
  }

  private applyTo(entry: Entry, e: PublicEvent): boolean {
    const next = applyPublic(entry.state, e);
    if (!next) return false;
    if (next !== entry.state) {
      entry.state = next;
      entry.log.push(e);
      if (entry.log.length > LOG_KEEP) entry.log.splice(0, entry.log.length - LOG_KEEP);
      if (e.entry) {
        entry.timeline.push(e.entry);
        if (entry.timeline.length > LOG_KEEP) entry.timeline.splice(0, entry.timeline.length - LOG_KEEP);
      }
    }
    return true;
  }
}

function clientIp(socket: LiveSocket, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = socket.handshake.headers["x-forwarded-for"];
    // One trusted proxy: the address it saw is the last entry.
    const last = (Array.isArray(xff) ? xff[xff.length - 1] : xff)?.split(",").pop()?.trim();
    if (last) return last;
  }
  return socket.handshake.address;
}

export function attachLive(io: LiveServer, deps: Deps, opts: LiveOptions = {}): { close(): void } {
  const hub = new Hub(deps);
  const limiter = new RateLimiterMemory({ points: opts.joinsPerIp ?? 30, duration: opts.joinWindowS ?? 10 });
  const secureCookie = !!deps.env.PUBLIC_URL?.startsWith("https:");
  const trustProxy = deps.env.TRUST_PROXY === "1";

  // Authentication: only the session id is kept; the actor is loaded per console message.
  io.use((socket, next) => {
    const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE, secureCookie || socket.handshake.secure);
    socket.data.sessionId = token && token.length <= 100 ? sha256(token) : null;
    socket.data.ip = clientIp(socket, trustProxy);
    next();
  });

  const refuse = (socket: LiveSocket, event: string, code: string, ack: unknown) => {
    socket.emit("live:error", { code, event });
    if (typeof ack === "function") ack({ ok: false, code });
  };
  const allowJoin = async (socket: LiveSocket): Promise<boolean> => {
    try {
      await limiter.consume(socket.data.ip);
      return true;
    } catch {
      return false;
    }
  };
  const actorOf = (socket: LiveSocket) =>
    socket.data.sessionId ? actorForSessionId(deps, socket.data.sessionId) : Promise.resolve(null);

  io.on("connection", (socket: LiveSocket) => {
    // Sign-out closes every socket of the session (identity.session.ended below).
    if (socket.data.sessionId) void socket.join(rooms.session(socket.data.sessionId));
    socket.on("ping", (ack: unknown) => {
      if (typeof ack === "function") ack({ ok: true, t: Date.now() });
    });

    socket.on("live:join", async (raw: unknown, ack: unknown) => {
      const p = JoinPayload.safeParse(raw);
      if (!p.success) return refuse(socket, "live:join", "errors.malformed", ack);
      if (!(await allowJoin(socket))) {
        deps.log.warn({ ip: socket.data.ip }, "live joins rate-limited");
        return refuse(socket, "live:join", "errors.rateLimited", ack);
      }
      try {
        const entry = await hub.get(p.data.meetingId);
        if (!entry) return refuse(socket, "live:join", "errors.notFound", ack);
        await socket.join(rooms.meeting(p.data.meetingId));
        const since = p.data.since;
        const first = entry.log[0]?.version ?? entry.state.version + 1;
        let reply: JoinReply;
        if (since != null && since <= entry.state.version && since >= first - 1) {
          reply = {
            ok: true,
            mode: "events",
            events: entry.log.filter((e) => e.version > since),
            version: entry.state.version,
          };
        } else
          reply = {
            ok: true,
            mode: "snapshot",
            state: entry.state,
            timeline: entry.timeline,
            version: entry.state.version,
          };
        if (typeof ack === "function") ack(reply);
      } catch (err) {
        deps.log.error({ err }, "live join failed");
        refuse(socket, "live:join", "errors.unavailable", ack);
      }
    });

    socket.on("live:leave", (raw: unknown) => {
      const p = LeavePayload.safeParse(raw);
      if (!p.success) return refuse(socket, "live:leave", "errors.malformed", undefined);
      void socket.leave(rooms.meeting(p.data.meetingId));
    });

    socket.on("live:watch", async (raw: unknown, ack: unknown) => {
      const p = WatchPayload.safeParse(raw);
      if (!p.success) return refuse(socket, "live:watch", "errors.malformed", ack);
      if (!(await allowJoin(socket))) return refuse(socket, "live:watch", "errors.rateLimited", ack);
      await socket.join(rooms.tenant(p.data.tenantId));
      if (typeof ack === "function") ack({ ok: true });
    });

    socket.on("console:join", async (raw: unknown, ack: unknown) => {
      const p = ConsoleJoinPayload.safeParse(raw);
      if (!p.success) return refuse(socket, "console:join", "errors.malformed", ack);
      try {
        const [actor, info] = await Promise.all([actorOf(socket), liveMeetingInfo(deps.db.db, p.data.meetingId)]);
        if (!info || !can(actor, "manage:meeting:body", { tenantId: info.tenantId, bodyId: info.bodyId })) {
          deps.log.warn(
            { meetingId: p.data.meetingId, personId: actor?.id ?? null, ip: socket.data.ip },
            "live console join refused",
          );
          return refuse(socket, "console:join", "errors.forbidden", ack);
        }
        await socket.join([rooms.console(info.meetingId), rooms.person(actor!.id)]);
        const state = await getConsoleState(deps.db.db, info.tenantId, info.meetingId);
        if (typeof ack === "function") ack({ ok: true, state: state! });
      } catch (err) {
        deps.log.error({ err }, "console join failed");
        refuse(socket, "console:join", "errors.unavailable", ack);
      }
    });

    socket.on("console:action", async (raw: unknown, ack: unknown) => {
      const p = ActionPayload.safeParse(raw);
      if (!p.success) return refuse(socket, "console:action", "errors.malformed", ack);
      try {
        const [actor, info] = await Promise.all([actorOf(socket), liveMeetingInfo(deps.db.db, p.data.meetingId)]);
        if (!info) return refuse(socket, "console:action", "errors.notFound", ack);
        const r = await runLiveAction(deps, actor, {
          tenantId: info.tenantId,
          meetingId: info.meetingId,
          expectedVersion: p.data.expectedVersion,
          action: p.data.action,
        });
        if (!r.ok) {
          if (r.error.status === 403 || r.error.status === 400)
            socket.emit("live:error", { code: r.error.code, event: "console:action" });
          if (typeof ack === "function")
            ack({ ok: false, code: r.error.code, ...(r.error.params ? { params: r.error.params } : {}) });
          return;
        }
        if (typeof ack === "function") ack({ ok: true, version: r.value.version });
      } catch (err) {
        deps.log.error({ err }, "console action failed");
        refuse(socket, "console:action", "errors.unavailable", ack);
      }
    });
  });

  // The console's full state (closed items included) goes to each socket only
  // after its session's permission is checked again, at every emit: a socket
  // whose person signed out or lost the role gets nothing more and leaves the
  // room (docs/decisions/061-live-console-permission-per-emit.md). One chain
  // per meeting keeps the states in version order.
  const consoleChains = new Map<string, Promise<void>>();
  const emitConsole = async (tenantId: string, meetingId: string, payload: ConsoleStatePayload) => {
    const room = rooms.console(meetingId);
    const sockets = await io.in(room).fetchSockets();
    if (sockets.length === 0) return;
    const info = await liveMeetingInfo(deps.db.db, meetingId, tenantId);
    const actors = new Map<string, ReturnType<typeof actorForSessionId>>();
    await Promise.all(
      sockets.map(async (s) => {
        const sid = s.data.sessionId;
        if (sid && !actors.has(sid)) actors.set(sid, actorForSessionId(deps, sid));
        const actor = sid ? await actors.get(sid)! : null;
        if (info && can(actor, "manage:meeting:body", { tenantId: info.tenantId, bodyId: info.bodyId })) {
          s.emit("console:state", payload);
          return;
        }
        s.leave(room);
        s.emit("live:error", { code: "errors.forbidden", event: "console:state" });
        deps.log.warn({ meetingId, personId: actor?.id ?? null, ip: s.data.ip }, "live console socket dropped");
      }),
    );
  };
  const sendConsole = (tenantId: string, meetingId: string, payload: ConsoleStatePayload) => {
    const chain = (consoleChains.get(meetingId) ?? Promise.resolve())
      .then(() => emitConsole(tenantId, meetingId, payload))
      .catch((err: unknown) => deps.log.error({ err, meetingId }, "console state not sent"));
    consoleChains.set(meetingId, chain);
    void chain.then(() => {
      if (consoleChains.get(meetingId) === chain) consoleChains.delete(meetingId);
    });
  };

  // Committed changes → rooms (through the adapter: every process's sockets).
  const unsubscribe = deps.bus.subscribe((e) => {
    // Ended sessions and removed roles close their sockets at once (every process, through the adapter).
    if (e.type === "identity.session.ended" && Array.isArray(e.sessionIds)) {
      for (const sid of e.sessionIds) if (typeof sid === "string") io.in(rooms.session(sid)).disconnectSockets(true);
      return;
    }
    if (
      (e.type === "identity.role.removed" || e.type === "identity.person.deleted") &&
      typeof e.personId === "string"
    ) {
      io.in(rooms.person(e.personId)).disconnectSockets(true);
      return;
    }
    if (!isLiveBusEvent(e)) return;
    hub.apply(e.public);
    io.to(rooms.meeting(e.meetingId)).emit("live:event", e.public);
    sendConsole(e.tenantId, e.meetingId, { state: e.state, event: e.event });
    if (e.liveChanged)
      io.to(rooms.tenant(e.tenantId)).emit("live:now", { meetingId: e.meetingId, live: isLive(e.state) });
    if (opts.multiProcess) io.serverSideEmit("live:applied", e.public);
  });
  if (opts.multiProcess) io.on("live:applied", (e: PublicEvent) => hub.apply(e));

  return { close: unsubscribe };
}

/**
 * Puts socket.io on the Redis adapter (REDIS_URL): broadcasts and
 * serverSideEmit reach the sockets of every process. Two connections
 * (publish, subscribe), closed with the server.
 */
export async function redisAdapter(io: LiveServer, url: string, log: Deps["log"]): Promise<{ close(): Promise<void> }> {
  const [{ createClient }, { createAdapter }] = await Promise.all([
    import("redis"),
    import("@socket.io/redis-adapter"),
  ]);
  const pub = createClient({ url });
  const sub = pub.duplicate();
  // A dropped connection reconnects by itself; say so once per error instead of crashing.
  for (const c of [pub, sub]) c.on("error", (err: unknown) => log.warn({ err }, "redis connection error"));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  return {
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
