import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseEnv } from "#app/lib/env.ts";
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

it("requests right after the database ended every pooled connection are served (no 5xx)", async () => {
  expect(new Set(await burst())).toEqual(new Set([200])); // the pool is full of open connections
  const ended = await admin<{ ok: boolean }[]>`
    select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = ${name}`;
  expect(ended.length).toBeGreaterThan(0);
  expect(await burst()).toEqual(Array(12).fill(200));
});
