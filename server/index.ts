// The process: validate the environment, start the server, shut down gracefully.
import { EnvError, parseEnv } from "#app/lib/env.ts";
import { createLogger } from "./logger.ts";
import { startServer } from "./app.ts";

let env;
try {
  env = parseEnv(process.env);
} catch (err) {
  if (err instanceof EnvError) {
    process.stderr.write(`medvirk: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const log = createLogger(env.LOG_LEVEL);
const mode = env.NODE_ENV === "development" ? "development" : "production";

let server;
try {
  server = await startServer({ env, log, mode });
} catch (err) {
  // One clear line (e.g. a bad DATABASE_URL), not a stack trace.
  // drizzle wraps the driver's error ("Failed query: …"); the innermost cause says why.
  let e = err as { message?: string; code?: string; cause?: unknown };
  while (e.cause && typeof e.cause === "object") e = e.cause as typeof e;
  const reason = [e.code, e.message].filter(Boolean).join(": ").replace(/\s+/g, " ").trim();
  const where = env.DATABASE_URL ? ` (DATABASE_URL ${new URL(env.DATABASE_URL).host})` : "";
  process.stderr.write(`medvirk: cannot start${where}: ${reason || String(err)}\n`);
  process.exit(1);
}

log.info({ url: server.url, driver: server.deps.db.driver, mode }, `Medvirk is listening on ${server.url}`);
if (!env.DATABASE_URL) log.info(`embedded PostgreSQL (PGlite) in ${env.MEDVIRK_DATA_DIR}/pglite`);

let stopping = false;
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal: sig }, "shutting down");
    server
      .close()
      .then(() => {
        log.info("stopped");
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.error({ err }, "error during shutdown");
        process.exit(1);
      });
  });
}
