import { useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import { applyPublic, type LiveState, type PublicEvent, type PublicState, type TimelineEntry } from "./engine.ts";
import type { ActionReply, ClientToServerEvents, ConsoleJoinReply, JoinReply, ServerToClientEvents } from "./events.ts";

// Browser side of live meetings. The socket client is loaded only in the
// browser (dynamic import inside an effect), websocket transport only
// (docs/decisions/031-live-meetings-scaling.md). On every (re)connect the
// viewer joins with the last version it has and applies what it missed; a
// gap in versions triggers the same catch-up. No full reload, ever.
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

async function connect(): Promise<ClientSocket> {
  const { io } = await import("socket.io-client");
  return io({ transports: ["websocket"], reconnectionDelayMax: 10_000 }) as ClientSocket;
}

export interface LiveView {
  state: PublicState;
  timeline: TimelineEntry[];
  /** The last event received live (for the announcement), null before any. */
  last: PublicEvent | null;
  connected: boolean;
}

export function useLiveMeeting(
  meetingId: string,
  initial: { state: PublicState; timeline: TimelineEntry[] },
): LiveView {
  const [view, setView] = useState<LiveView>({ ...initial, last: null, connected: false });
  useEffect(() => {
    let socket: ClientSocket | null = null;
    let stopped = false;
    let state = initial.state;
    let timeline = initial.timeline;
    let joined = false;
    const buffer: PublicEvent[] = [];

    const apply = (e: PublicEvent): boolean => {
      const next = applyPublic(state, e);
      if (!next) return false;
      if (next !== state) {
        state = next;
        if (e.entry) timeline = [...timeline, e.entry];
        setView({ state, timeline, last: e, connected: true });
      }
      return true;
    };
    const join = () => {
      if (!socket) return;
      joined = false;
      socket.emit("live:join", { meetingId, since: state.version }, (r: JoinReply) => {
        if (!r.ok) return;
        if (r.mode === "events") for (const e of r.events) apply(e);
        else {
          state = r.state;
          timeline = r.timeline;
          setView({ state, timeline, last: null, connected: true });
        }
        joined = true;
        setView((v) => ({ ...v, connected: true }));
        for (const e of buffer.splice(0)) if (!apply(e)) return join();
      });
    };

    void connect().then((s) => {
      if (stopped) return void s.disconnect();
      socket = s;
      s.on("connect", join);
      s.on("disconnect", () => setView((v) => ({ ...v, connected: false })));
      s.on("live:event", (e) => {
        if (e.meetingId !== meetingId) return;
        if (!joined) return void buffer.push(e);
        if (!apply(e)) join(); // missed one: catch up from our version
      });
    });
    return () => {
      stopped = true;
      socket?.disconnect();
    };
    // The initial data is only the starting point; the socket owns the state afterwards.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [meetingId]);
  return view;
}

/** The console: full state kept in sync over the socket; actions go out over it when connected. */
export function useConsole(meetingId: string, initial: LiveState) {
  const [state, setState] = useState<LiveState>(initial);
  const [connected, setConnected] = useState(false);
  const socketRef = useRef<ClientSocket | null>(null);
  const stateRef = useRef(initial);
  stateRef.current = state;
  useEffect(() => setState(initial), [initial]); // a form posted without the socket: the loader's new state
  useEffect(() => {
    let stopped = false;
    void connect().then((s) => {
      if (stopped) return void s.disconnect();
      socketRef.current = s;
      s.on("connect", () => {
        s.emit("console:join", { meetingId }, (r: ConsoleJoinReply) => {
          if (r.ok) {
            setState(r.state);
            setConnected(true);
          }
        });
      });
      s.on("disconnect", () => setConnected(false));
      s.on("console:state", (p) => {
        if (p.state.meetingId === meetingId && p.state.version > stateRef.current.version) setState(p.state);
      });
    });
    return () => {
      stopped = true;
      socketRef.current?.disconnect();
      socketRef.current = null;
    };
  }, [meetingId]);

  const send = async (action: unknown): Promise<ActionReply> => {
    const s = socketRef.current;
    if (!s?.connected) return { ok: false, code: "errors.unavailable" };
    return (await s.emitWithAck("console:action", {
      meetingId,
      expectedVersion: stateRef.current.version,
      action: action as { type: string },
    })) as ActionReply;
  };
  return { state, connected, send };
}
