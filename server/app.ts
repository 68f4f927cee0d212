import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import { Server as SocketServer } from "socket.io";
import { openDb, ping, type DbHandle } from "#db/client.ts";
import { migrate } from "#db/migrate.ts";
import type { Env } from "#app/lib/env.ts";
import { demoEnabled } from "#app/lib/env.ts";
import type { Deps } from "#app/lib/deps.ts";
import type { FileStorage } from "#app/lib/storage.ts";
import { TenantDirectory } from "#app/modules/tenants/directory.server.ts";
import { filesFromEnv } from "#app/lib/storage-env.server.ts";
import { ReadCache } from "#app/lib/cache.ts";
import { createBus } from "./bus.ts";
import { attachLive, redisAdapter, type LiveOptions, type LiveServer } from "./live.ts";
import { attachPanels } from "./panels.ts";
import { attachOpinions } from "./opinions.ts";
import { pageCache } from "./page-cache.ts";
import { runSeed } from "./seed.ts";
import { seedDemoParticipation } from "#app/modules/demo/participation.server.ts";
import { startSms } from "./sms.ts";
import { startAuditCheckpoints } from "./audit-checkpoint.ts";
import { attachSmsLive } from "./sms-live.ts";
import { registerBudgetingSms } from "#app/modules/budgeting/sms.server.ts";
import { registerPanelsSms } from "#app/modules/panels/sms.server.ts";
import { registerPanelSurveySms } from "#app/modules/panels/survey-sms.server.ts";
import { registerConsultationSms } from "#app/modules/consultations/sms.server.ts";
import { registerOpinionsSms } from "#app/modules/opinions/sms.server.ts";
import { startConsultationReminders } from "./consultation-reminders.ts";
import { crossOriginGuard } from "./csrf.ts";
import { bodyLimitsFromEnv, clientErrorHandler, requestHygiene } from "./body-limit.ts";
import { withBodyGuard } from "#app/lib/request-body.server.ts";
import { withCsrf } from "#app/modules/identity/csrf.server.ts";
import { attachFollowNotices } from "#app/modules/follows/notify.server.ts";
import { attachConsultationAutomation, automationIdle } from "#app/modules/consultations/automation.server.ts";
import { EMBED_ORIGINS } from "#app/modules/live/stream.ts";
import { LOCAL_TILES_PATH, tileOrigin } from "#app/modules/maps/tiles.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface StartOptions {
  env: Env;
  log: Logger;
  /** "production" serves build/; "development" runs Vite in middleware mode. */
  mode: "production" | "development";
  /** Use an already opened database (tests); otherwise opened from env. */
  db?: DbHandle;
  now?: () => Date;
  /** File storage (tests pass one in a temporary folder); otherwise on disk from env. */
  files?: FileStorage;
  /** Live meetings' limits (tests and benchmarks raise the joins per IP). */
  live?: LiveOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  deps: Deps;
  io: LiveServer;
  httpServer: http.Server;
  close(): Promise<void>;
}

/** Where the embedded database lives when no DATABASE_URL is set. */
export function pgliteDir(env: Env): string {
  return path.resolve(ROOT, env.MEDVIRK_DATA_DIR, "pglite");
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { env, log } = opts;
  const now = opts.now ?? (() => new Date());

  // 1. Database: open, migrate, seed (idempotent).
  const db =
    opts.db ?? (env.DATABASE_URL ? await openDb({ url: env.DATABASE_URL }) : await openDb({ dir: pgliteDir(env) }));
  await ping(db);
  await migrate(db);
  const demo = demoEnabled(env);
  const seeded = await runSeed(db, { demo, demoStaff: env.MEDVIRK_DEMO_STAFF === "1", now: now() });
  log.info({ driver: db.driver, municipalities: seeded.municipalities, demo }, "database ready");
  for (const l of db.limitations) log.warn({ driver: db.driver }, `embedded database limitation: ${l}`);

  const tenants = new TenantDirectory(db);
  await tenants.reload();
  const bus = createBus();
  const cache = new ReadCache({ ttlMs: 10_000, maxEntries: 5_000 });
  cache.attach(bus);
  const files = opts.files ?? filesFromEnv(env, ROOT); // disk, or an S3-compatible bucket (MEDVIRK_S3_URL)
  const deps: Deps = { env, db, log, tenants, bus, cache, demo, now, files };
  // The full demo of `npm start` (with its staff accounts) also has a PB round, a panel and
  // budget priorities, made through the modules' commands (app/modules/demo/participation.server.ts).
  if (seeded.demoTenantId && env.MEDVIRK_DEMO_STAFF === "1") await seedDemoParticipation(deps, seeded.demoTenantId);
  // SMS: outbox worker in this process unless SMS_WORKER=0 (server/sms.ts).
  const sms = startSms(deps);
  // The audit chain's head, signed at start and daily: a cut-off tail is detected (server/audit-checkpoint.ts).
  const auditCheckpoints = startAuditCheckpoints(deps);
  registerBudgetingSms(); // PB ballots by SMS ("PB P1 P4"): app/modules/budgeting/sms.server.ts
  registerPanelsSms(); // panel sign-up by SMS: app/modules/panels/sms.server.ts
  registerPanelSurveySms(); // panel surveys answered by SMS: app/modules/panels/survey-sms.server.ts
  registerConsultationSms(); // a consultation's question answered by SMS: app/modules/consultations/sms.server.ts
  registerOpinionsSms(); // opinion statements voted on by SMS: app/modules/opinions/sms.server.ts (ADR 066)
  // Reminders before a consultation's deadline to those who got its question by SMS and have not answered.
  const consultationReminders = startConsultationReminders(deps);
  // Residents following cases, bodies and areas are told by e-mail (docs/decisions/018-following-cases-bodies-areas.md).
  const followNotices = attachFollowNotices(deps);
  // Consultations follow the calendar: moved cases move deadlines, scheduled cases ask the councils (issue 6).
  const detachConsultations = attachConsultationAutomation(deps);

  // 2. HTTP: Express with security headers, compression, health checks and Remix.
  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY === "1") app.set("trust proxy", 1);
  const dev = opts.mode === "development";

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "default-src": ["'self'"],
          "script-src": dev
            ? ["'self'", "'unsafe-inline'"]
            : ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          "style-src": ["'self'", "'unsafe-inline'"],
          "connect-src": dev ? ["'self'", "ws:", "wss:"] : ["'self'"],
          "img-src": ["'self'", "data:", ...[tileOrigin(env)].filter((o): o is string => o !== null)], // map tiles from a configured server (app/modules/maps/tiles.ts)
          "frame-src": ["'self'", ...EMBED_ORIGINS], // a live meeting's embedded stream (app/modules/live/stream.ts)
          "object-src": ["'none'"],
          "base-uri": ["'none'"],
          "frame-ancestors": ["'self'"],
          "form-action": ["'self'"],
          "upgrade-insecure-requests": null,
        },
      },
      // HSTS only makes sense behind TLS; a plain-http localhost must keep working.
      strictTransportSecurity: env.PUBLIC_URL?.startsWith("https:")
        ? { maxAge: 31_536_000, includeSubDomains: true }
        : false,
      crossOriginEmbedderPolicy: false,
      // helmet's default "no-referrer" makes browsers send `Origin: null` on same-site form
      // posts, which Remix refuses as a forwarded-host mismatch: "same-origin" keeps the
      // referrer inside the site and the Origin header real (found with the live console's
      // no-JavaScript forms, issue 9).
      referrerPolicy: { policy: "same-origin" },
    }),
  );
  // Body limits per route before anything reads a body, bad URLs refused (server/body-limit.ts).
  app.use(requestHygiene(bodyLimitsFromEnv(env)));
  app.use(compression());
  // CSRF, layer 1: no state-changing request from another site (docs/decisions/010-sessions-and-csrf.md).
  app.use(crossOriginGuard(env));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      const ok = await ping(db);
      res
        .status(ok ? 200 : 503)
        .json({ status: ok ? "ready" : "not ready", driver: db.driver, limitations: db.limitations });
    } catch (err) {
      log.error({ err }, "readiness check failed");
      res.status(503).json({ status: "not ready", driver: db.driver });
    }
  });

  if (env.LOG_LEVEL === "debug" || env.LOG_LEVEL === "trace") {
    app.use((req, res, next) => {
      const t0 = process.hrtime.bigint();
      res.on("finish", () =>
        log.debug(
          {
            method: req.method,
            url: req.originalUrl,
            status: res.statusCode,
            ms: Number(process.hrtime.bigint() - t0) / 1e6,
          },
          "request",
        ),
      );
      next();
    });
  }

  // A local map tile source (docs/decisions/043-maps-leaflet-and-tiles.md): {z}/{x}/{y}.png files, nothing else.
  if (env.MEDVIRK_MAP_TILES_DIR) {
    const tiles = express.static(path.resolve(env.MEDVIRK_MAP_TILES_DIR), {
      maxAge: "7d",
      index: false,
      dotfiles: "deny",
      fallthrough: false,
    });
    app.use(LOCAL_TILES_PATH, (req, res, next) =>
      /^\/\d{1,2}\/\d{1,7}\/\d{1,7}\.png$/.test(req.path) ? tiles(req, res, next) : res.status(404).end(),
    );
  }

  let vite: import("vite").ViteDevServer | undefined;
  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (dev) {
    const { createServer } = await import("vite");
    vite = await createServer({ root: ROOT, server: { middlewareMode: true } });
    app.use(vite.middlewares);
    build = () =>
      vite!.ssrLoadModule("virtual:remix/server-build").then((b) => withCsrf(withBodyGuard(b as ServerBuild)));
  } else {
    const serverBuild = path.join(ROOT, "build/server/index.js");
    if (!existsSync(serverBuild))
      throw new Error(`no production build at ${serverBuild}: run "npm run build" first (npm start does it)`);
    app.use(
      "/assets",
      express.static(path.join(ROOT, "build/client/assets"), {
        immutable: true,
        maxAge: "1y",
        index: false,
        fallthrough: false,
      }),
    );
    // Other public files (favicon …) are known at start: serve exactly those, so
    // page requests never pay for a filesystem lookup.
    const publicDir = path.join(ROOT, "build/client");
    const publicFiles = new Set(
      readdirSync(publicDir, { withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => `/${d.name}`),
    );
    const servePublic = express.static(publicDir, { maxAge: "1h", index: false });
    app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
    build = withCsrf(withBodyGuard((await import(pathToFileURL(serverBuild).href)) as ServerBuild)); // CSRF, layer 2: every action checks its token
    app.use(pageCache({ build, deps, ttlMs: 10_000, maxEntries: 2_000, enabled: env.MEDVIRK_PAGE_CACHE === "1" }));
  }
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: dev ? "development" : "production",
      getLoadContext: (req, res) => ({
        deps,
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "",
      }),
    }),
  );

  app.use(clientErrorHandler);

  const httpServer = http.createServer(app);
  // 3. socket.io on the same http.Server: live meetings (server/live.ts); with REDIS_URL the
  //    Redis adapter carries events between processes (docs/decisions/031-live-meetings-scaling.md).
  const io: LiveServer = new SocketServer(httpServer, { serveClient: false, cors: { origin: false } });
  const redis = env.REDIS_URL ? await redisAdapter(io, env.REDIS_URL, log) : null;
  const live = attachLive(io, deps, { ...opts.live, multiProcess: !!redis });
  // Citizen panels: the draw worker and the "/panels" namespace (server/panels.ts).
  const panelsRuntime = attachPanels(io as unknown as import("socket.io").Server, deps);
  const smsLive = attachSmsLive(io as unknown as import("socket.io").Server, deps); // campaign progress (server/sms-live.ts)
  const opinionsLive = attachOpinions(io as unknown as import("socket.io").Server, deps); // statements pages (server/opinions.ts)

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(env.PORT, env.HOST, () => resolve());
  });
  const addr = httpServer.address();
  const port = typeof addr === "object" && addr ? addr.port : env.PORT;
  const url = `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${port}`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Drain: stop accepting, disconnect sockets, let requests finish (10 s), close the database.
      const httpClosed = new Promise<void>((r) => httpServer.close(() => r()));
      httpServer.closeIdleConnections();
      live.close();
      smsLive.close();
      opinionsLive.close();
      await panelsRuntime.close();
      await consultationReminders.close();
      await new Promise<void>((r) => io.close(() => r()));
      await redis?.close();
      const timer = setTimeout(() => httpServer.closeAllConnections(), 10_000);
      await httpClosed;
      clearTimeout(timer);
      detachConsultations();
      await automationIdle(bus);
      await vite?.close();
      followNotices.stop();
      await followNotices.idle();
      await sms.close();
      await auditCheckpoints.stop();
      if (!opts.db) await db.close();
    })());

  return { url, port, deps, io, httpServer, close };
}
