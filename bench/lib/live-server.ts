// A server process for bench/live.bench.ts. BENCH_KIND=bare: plain socket.io,
// one io.emit per trigger (the floor). BENCH_KIND=medvirk: the real server
// (startServer: Express, Remix build, socket.io with rooms, sessions, the
// database and, with REDIS_URL, the Redis adapter); with BENCH_SETUP=1 it
// also creates a meeting and a secretary session. Prints "READY <json>".
import http from "node:http";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Server } from "socket.io";

const kind = process.env.BENCH_KIND ?? "bare";

if (kind === "bare") {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { serveClient: false });
  io.on("connection", (socket) => {
    socket.on("trigger", (payload: unknown) => io.emit("agenda", payload));
  });
  httpServer.listen(0, "127.0.0.1", () => {
    const a = httpServer.address() as { port: number };
    console.log(`READY ${JSON.stringify({ url: `http://127.0.0.1:${a.port}` })}`);
  });
  process.on("SIGTERM", () => io.close(() => process.exit(0)));
} else {
  // Another process may be rebuilding build/ (npm run build): wait for it rather than fail.
  const { existsSync } = await import("node:fs");
  const { ROOT } = await import("#server/app.ts");
  for (let i = 0; i < 120 && !existsSync(path.join(ROOT, "build/server/index.js")); i++)
    await new Promise((r) => setTimeout(r, 1000));
  const { parseEnv } = await import("#app/lib/env.ts");
  const { startServer } = await import("#server/app.ts");
  const { createLogger } = await import("#server/logger.ts");
  const env = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    MEDVIRK_DEMO: "0",
    MEDVIRK_PAGE_CACHE: "1",
    MEDVIRK_DATA_DIR: process.env.MEDVIRK_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), "medvirk-live-bench-")),
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  });
  const server = await startServer({
    env,
    log: createLogger("warn"),
    mode: "production",
    live: { joinsPerIp: 1e9, joinWindowS: 1 },
  });
  let fixture: Record<string, unknown> = {};
  if (process.env.BENCH_SETUP === "1") {
    const { liveMeeting } = await import("#tests/integration/live-setup.ts");
    const { createTestPerson } = await import("#tests/setup/auth.ts");
    const { createSession } = await import("#app/modules/identity/session.server.ts");
    const m = await liveMeeting(server.deps, "vadso", `bench-${Date.now().toString(36)}-${process.pid}`);
    const p = await createTestPerson(server.deps, { tenant: "vadso", role: "secretary" });
    const s = await createSession(server.deps, { personId: p.personId, method: "email", secure: false });
    fixture = { meetingId: m.meetingId, items: [m.items[0], m.items[2]], cookie: `medvirk_session=${s.token}` };
  }
  console.log(`READY ${JSON.stringify({ url: server.url, ...fixture })}`);
  process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
}
