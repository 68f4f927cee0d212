import { existsSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "#app/lib/env.ts";
import { startServer, ROOT, type RunningServer, type StartOptions } from "#server/app.ts";
import { createLogger } from "#server/logger.ts";
import { freshDb } from "./db.ts";

/**
 * Starts the real server (production build, Express, socket.io) on a random
 * port against a fresh test database, seeded as `npm start` seeds it.
 */
export async function startTestServer(
  opts: { demo?: boolean; now?: () => Date; env?: Record<string, string>; live?: StartOptions["live"] } = {},
): Promise<RunningServer & { stop(): Promise<void> }> {
  if (!existsSync(path.join(ROOT, "build/server/index.js")))
    throw new Error('no production build: run "npm run build" (npm test does it first)');
  const db = await freshDb();
  const env = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    NODE_ENV: "production",
    MEDVIRK_DEMO: opts.demo === false ? "0" : "1",
    // Tests fetch nothing from outside: no Kartverket tiles unless a test asks for a tile source.
    ...(opts.env?.MEDVIRK_MAP_TILES_URL || opts.env?.MEDVIRK_MAP_TILES_DIR ? {} : { MEDVIRK_MAP_TILES: "off" }),
    ...opts.env,
  });
  const server = await startServer({
    env,
    log: createLogger("silent"),
    mode: "production",
    db,
    now: opts.now,
    live: opts.live,
  });
  return {
    ...server,
    stop: async () => {
      await server.close();
      await db.dispose();
    },
  };
}
