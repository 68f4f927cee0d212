import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { parseEnv } from "#app/lib/env.ts";
import { openDb } from "#db/client.ts";
import { startServer, type RunningServer } from "#server/app.ts";
import { createLogger } from "#server/logger.ts";
import { withDatabase } from "#tests/setup/global-db.ts";

// Issue 21, defect 8: after PostgreSQL ends the pool's connections (a restart,
// a failover, pg_terminate_backend), the next requests must not fail on the
// stale pooled connections. This is about real connections, so the test
// always runs against PostgreSQL (DATABASE_URL, else the local server, as the
// Redis test does with REDIS_URL), on a database of its own.
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `medvirk_drop${randomBytes(4).toString("hex")}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
let server: RunningServer;

beforeAll(async () => {
  await admin.unsafe(`create database ${name}`);
  const env = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    NODE_ENV: "production",
    MEDVIRK_DEMO: "0",
    MEDVIRK_PAGE_CACHE: "0",
    SMS_WORKER: "0",
    DATABASE_URL: withDatabase(ADMIN_URL, name),
  });
  server = await startServer({ env, log: createLogger("silent"), mode: "production" });
});
afterAll(async () => {
  await server?.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const burst = () =>
  Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      fetch(`${server.url}${i % 2 ? "/readyz" : `/vadso/cases?q=drop${i}${Date.now()}`}`).then((r) => r.status),
    ),
  );

const endAll = () => admin<{ ok: boolean }[]>`
  select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;

it("requests right after the database ended every pooled connection are served (no 5xx)", async () => {
  for (let round = 0; round < 3; round++) {
    expect(new Set(await burst())).toEqual(new Set([200])); // the pool is full of open connections
    expect((await endAll()).length).toBeGreaterThan(0);
    expect(await burst()).toEqual(Array(12).fill(200));
  }
});

// postgres.js 3.4.9 left a connection that closed with a write still buffered unable to send
// again (its start-up message never left), and carried the old socket's query and error into
// the new one, so a statement could wait for ever (patches/postgres+3.4.9.patch). Ending the
// connections while statements are on the wire, round after round, finds both.
it("the postgres.js patch is applied by npm install (postinstall: patch-package)", () => {
  const driver = readFileSync(
    createRequire(import.meta.url)
      .resolve("postgres")
      .replace(/cjs\/src\/index\.js$/, "src/connection.js"),
    "utf8",
  );
  expect(driver).toContain("must not hold back the next one's");
  expect(driver).toContain("What was sent on the old socket is lost with it");
});

it("statements on the wire when the database ends the connections all settle, round after round", async () => {
  const h = await openDb({ url: withDatabase(ADMIN_URL, name) });
  try {
    const one = () => h.rows<{ ok: number }>(sql`select pg_sleep(0.005), 1 as ok`).then((r) => r[0]?.ok);
    for (let round = 0; round < 4; round++) {
      await Promise.all(Array.from({ length: 12 }, one)); // every pooled connection open
      const running = Array.from({ length: 12 }, one); // written, then their connections end
      await endAll();
      expect(await Promise.all(running)).toEqual(Array(12).fill(1));
      expect(await Promise.all(Array.from({ length: 12 }, one))).toEqual(Array(12).fill(1));
    }
  } finally {
    await h.close();
  }
});
