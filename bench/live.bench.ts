// Live meetings at scale (issue 9; method and results in docs/BENCHMARKS.md).
// N viewers (clients spread over several processes) follow one meeting; the
// console changes the agenda item; we measure, per viewer, the time from the
// console's emit until the viewer has the event, and report p50/p99 as ratios
// to the floor measured in the same run: a bare socket.io server doing one
// io.emit to the same number of plain clients, triggered the same way.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { io, type Socket } from "socket.io-client";

const dir = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(dir, "..");
const NS = (process.env.BENCH_LIVE_N ?? "1000,5000,10000").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_LIVE_ROUNDS ?? 15);
const WORKERS = Number(process.env.BENCH_LIVE_WORKERS ?? 4);
const PG_ADMIN = process.env.BENCH_PG_ADMIN ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const TIMEOUT_MS = 20_000;
const now = () => performance.timeOrigin + performance.now();

interface Srv {
  info: { url: string; meetingId?: string; items?: string[]; cookie?: string };
  stop(): Promise<void>;
}

function startServer(env: Record<string, string>): Promise<Srv> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(dir, "lib/live-server.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /READY (\{.*\})/.exec(out);
      if (m) {
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume();
        resolve({ info: JSON.parse(m[1]!), stop: () => stopChild(child) });
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${out.slice(-3000)}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

interface Viewers {
  waitAll(seq: number): Promise<boolean>;
  collect(): Promise<Map<number, number[]>>;
  stop(): Promise<void>;
}

async function startViewers(n: number, urls: string[], kind: "bare" | "medvirk", meetingId?: string): Promise<Viewers> {
  const per = Array.from({ length: WORKERS }, (_, i) => Math.floor(n / WORKERS) + (i < n % WORKERS ? 1 : 0));
  const allBySeq = new Map<number, number>();
  const waiters = new Map<number, () => void>();
  const kids = await Promise.all(
    per.map(
      (count, i) =>
        new Promise<ChildProcess>((resolve, reject) => {
          const c = fork(path.join(dir, "lib/live-clients.ts"), [], {
            execArgv: ["--import", "tsx"],
            cwd: ROOT,
            stdio: ["ignore", "inherit", "inherit", "ipc"],
          });
          c.on("message", (m: { cmd: string; seq?: number; message?: string }) => {
            if (m.cmd === "hello")
              c.send({ cmd: "start", urls: i % 2 ? [...urls].reverse() : urls, count, kind, meetingId });
            else if (m.cmd === "ready") resolve(c);
            else if (m.cmd === "error") reject(new Error(m.message));
            else if (m.cmd === "all") {
              const k = (allBySeq.get(m.seq!) ?? 0) + 1;
              allBySeq.set(m.seq!, k);
              if (k === WORKERS) waiters.get(m.seq!)?.();
            }
          });
        }),
    ),
  );
  return {
    waitAll: (seq) =>
      new Promise((resolve) => {
        if (allBySeq.get(seq) === WORKERS) return resolve(true);
        const t = setTimeout(() => resolve(false), TIMEOUT_MS);
        waiters.set(seq, () => {
          clearTimeout(t);
          resolve(true);
        });
      }),
    collect: async () => {
      const merged = new Map<number, number[]>();
      await Promise.all(
        kids.map(
          (c) =>
            new Promise<void>((resolve) => {
              c.once("message", (m: { cmd: string; received: [number, number[]][] }) => {
                for (const [seq, ts] of m.received) merged.set(seq, [...(merged.get(seq) ?? []), ...ts]);
                resolve();
              });
              c.send({ cmd: "collect" });
            }),
        ),
      );
      return merged;
    },
    stop: async () => {
      await Promise.all(
        kids.map((c) => new Promise<void>((r) => (c.once("exit", () => r()), c.send({ cmd: "stop" })))),
      );
    },
  };
}

const connect = (url: string, cookie?: string) =>
  new Promise<Socket>((resolve, reject) => {
    const s = io(url, {
      transports: ["websocket"],
      extraHeaders: cookie ? { cookie } : {},
      reconnection: false,
      forceNew: true,
    });
    s.once("connect", () => resolve(s));
    s.once("connect_error", reject);
  });

interface Result {
  p50: number;
  p99: number;
  missing: number;
}

function summarize(n: number, sent: Map<number, number>, got: Map<number, number[]>): Result {
  const lat: number[] = [];
  let missing = 0;
  for (const [seq, t0] of sent) {
    const ts = got.get(seq) ?? [];
    missing += n - ts.length;
    for (const t of ts) lat.push(t - t0);
  }
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return { p50: q(0.5), p99: q(0.99), missing };
}

// A payload of the same size and shape as Medvirk's (an agenda change).
const barePayload = (seq: number) => ({
  meetingId: "7d1c6e36-64d0-4b2f-9b0e-0b7c1a0e5f11",
  version: seq,
  seq,
  type: "live.agendaItem.opened",
  patch: {
    currentItemId: "0b5e3f5e-8c55-4a77-9f7c-6f0c8a9a1b2c",
    items: [
      {
        id: "0b5e3f5e-8c55-4a77-9f7c-6f0c8a9a1b2c",
        position: 1,
        caseId: null,
        caseNumber: "2026/1",
        title: { nb: "Budsjett for skoler" },
        state: "current",
      },
    ],
  },
  entry: {
    version: seq,
    at: new Date().toISOString(),
    type: "live.agendaItem.opened",
    itemId: "0b5e3f5e-8c55-4a77-9f7c-6f0c8a9a1b2c",
    data: {},
  },
});

async function runBare(n: number): Promise<Result> {
  const srv = await startServer({ BENCH_KIND: "bare" });
  try {
    const viewers = await startViewers(n, [srv.info.url], "bare");
    const trigger = await connect(srv.info.url);
    const sent = new Map<number, number>();
    for (let seq = 1; seq <= ROUNDS; seq++) {
      await new Promise((r) => setTimeout(r, 150));
      sent.set(seq, now());
      trigger.emit("trigger", barePayload(seq));
      await viewers.waitAll(seq);
    }
    const got = await viewers.collect();
    trigger.disconnect();
    await viewers.stop();
    // the trigger socket is not a viewer, but io.emit reaches it too: count only viewers
    return summarize(n, sent, got);
  } finally {
    await srv.stop();
  }
}

async function runMedvirk(n: number, servers: Srv[]): Promise<Result> {
  const [a] = servers;
  const { meetingId, items, cookie } = a!.info;
  const viewers = await startViewers(
    n,
    servers.map((s) => s.info.url),
    "medvirk",
    meetingId,
  );
  const consoleSocket = await connect(a!.info.url, cookie);
  const joined = (await consoleSocket.emitWithAck("console:join", { meetingId })) as {
    ok: boolean;
    state: { version: number; status: string };
  };
  if (!joined.ok) throw new Error("console refused");
  let version = joined.state.version;
  if (joined.state.status === "waiting") {
    const r = (await consoleSocket.emitWithAck("console:action", {
      meetingId,
      expectedVersion: version,
      action: { type: "start" },
    })) as { ok: boolean; version: number };
    version = r.version;
    await viewers.waitAll(version);
  }
  const sent = new Map<number, number>();
  for (let i = 0; i < ROUNDS; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const t0 = now();
    const r = (await consoleSocket.emitWithAck("console:action", {
      meetingId,
      expectedVersion: version,
      action: { type: "moveTo", itemId: items![i % 2] },
    })) as { ok: boolean; version: number; code?: string };
    if (!r.ok) throw new Error(`console action refused: ${r.code}`);
    version = r.version;
    sent.set(version, t0);
    await viewers.waitAll(version);
  }
  const got = await viewers.collect();
  consoleSocket.disconnect();
  await viewers.stop();
  return summarize(n, sent, got);
}

async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    const name = `medvirk_livebench_${randomBytes(4).toString("hex")}`;
    await admin.unsafe(`create database ${name}`);
    const u = new URL(PG_ADMIN);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      drop: async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  } catch (err) {
    console.log(`(no PostgreSQL at ${PG_ADMIN}: ${String(err)}; the two-process run needs one)`);
    await admin.end();
    return null;
  }
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "–");
const r2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");

export default async function run(): Promise<boolean> {
  const rows: { n: number; bare: Result; one: Result; two: Result | null }[] = [];
  const pg = await freshPostgres();
  try {
    // One Medvirk process (the default: in-memory adapter).
    const onePg: Record<string, string> = pg ? { DATABASE_URL: pg.url } : {};
    for (const n of NS) {
      const bare = await runBare(n);
      const one = await (async () => {
        const s = await startServer({ BENCH_KIND: "medvirk", BENCH_SETUP: "1", ...onePg });
        try {
          return await runMedvirk(n, [s]);
        } finally {
          await s.stop();
        }
      })();
      let two: Result | null = null;
      if (pg) {
        const a = await startServer({ BENCH_KIND: "medvirk", BENCH_SETUP: "1", DATABASE_URL: pg.url, REDIS_URL });
        const b = await startServer({ BENCH_KIND: "medvirk", DATABASE_URL: pg.url, REDIS_URL });
        try {
          two = await runMedvirk(n, [a, b]);
        } finally {
          await Promise.all([a.stop(), b.stop()]);
        }
      }
      rows.push({ n, bare, one, two });
      console.log(
        `N=${n}: bare p99 ${f(bare.p99)} ms · 1 process p99 ${f(one.p99)} ms (×${r2(one.p99 / bare.p99)})${two ? ` · 2 processes + Redis p99 ${f(two.p99)} ms (×${r2(two.p99 / bare.p99)})` : ""}`,
      );
    }
  } finally {
    await pg?.drop();
  }
  console.log(
    `\n${"viewers".padStart(8)} | ${"bare p50/p99 ms".padStart(16)} | ${"1 proc p50/p99".padStart(15)} | ${"×p99".padStart(5)} | ${"2 proc+Redis p50/p99".padStart(20)} | ${"×p99".padStart(5)} | missing`,
  );
  let ok = true;
  for (const r of rows) {
    const x1 = r.one.p99 / r.bare.p99;
    const x2 = r.two ? r.two.p99 / r.bare.p99 : NaN;
    const missing = r.bare.missing + r.one.missing + (r.two?.missing ?? 0);
    console.log(
      `${String(r.n).padStart(8)} | ${`${f(r.bare.p50)}/${f(r.bare.p99)}`.padStart(16)} | ${`${f(r.one.p50)}/${f(r.one.p99)}`.padStart(15)} | ${r2(x1).padStart(5)} | ${(r.two ? `${f(r.two.p50)}/${f(r.two.p99)}` : "not run").padStart(20)} | ${r2(x2).padStart(5)} | ${r.bare.missing}/${r.one.missing}/${r.two?.missing ?? "–"}`,
    );
    if (missing > 0) ok = false;
    if (r.n === Math.max(...NS)) {
      const t1 = x1 <= 1.25;
      const t2 = r.two ? x2 <= 1.5 : true;
      console.log(
        `target at ${r.n}: 1 process ≤ 1.25× floor: ${t1 ? "OK" : "MISSED"}; 2 processes + Redis ≤ 1.5×: ${r.two ? (t2 ? "OK" : "MISSED") : "not run"}`,
      );
      ok &&= t1 && t2;
    }
  }
  return ok;
}
