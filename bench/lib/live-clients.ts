// A viewer process for bench/live.bench.ts: opens `count` websocket clients
// (round-robin over the server URLs), joins the meeting (medvirk) or just
// connects (bare), and records when each client receives each event.
// Talks to the parent over IPC.
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";

type Start = { urls: string[]; count: number; kind: "bare" | "medvirk"; meetingId?: string };
const now = () => performance.timeOrigin + performance.now();

const sockets: Socket[] = [];
const received = new Map<number, number[]>(); // seq → receipt times

process.on("message", async (msg: { cmd: string } & Partial<Start>) => {
  if (msg.cmd === "start") {
    const { urls, count, kind, meetingId } = msg as Start;
    let next = 0;
    const open = async (i: number) => {
      const s = io(urls[i % urls.length]!, {
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
        timeout: 60_000,
      });
      const onEvent = (e: { version?: number; seq?: number }) => {
        const seq = (kind === "bare" ? e.seq : e.version) ?? -1;
        const t = now();
        let arr = received.get(seq);
        if (!arr) received.set(seq, (arr = []));
        arr.push(t);
        if (arr.length === count) process.send!({ cmd: "all", seq });
      };
      s.on(kind === "bare" ? "agenda" : "live:event", onEvent);
      await new Promise<void>((resolve, reject) => {
        s.once("connect", () => resolve());
        s.once("connect_error", reject);
      });
      if (kind === "medvirk") {
        const r = (await s.emitWithAck("live:join", { meetingId })) as { ok: boolean; code?: string };
        if (!r.ok) throw new Error(`join refused: ${r.code}`);
      }
      sockets.push(s);
    };
    // 50 handshakes in flight per process.
    const workers = Array.from({ length: 50 }, async () => {
      for (let i = next++; i < count; i = next++) await open(i);
    });
    try {
      await Promise.all(workers);
      process.send!({ cmd: "ready" });
    } catch (err) {
      process.send!({ cmd: "error", message: String(err) });
    }
  } else if (msg.cmd === "collect") {
    process.send!({ cmd: "collected", received: [...received.entries()] });
  } else if (msg.cmd === "stop") {
    for (const s of sockets) s.disconnect();
    setTimeout(() => process.exit(0), 200);
  }
});
process.send!({ cmd: "hello" });
