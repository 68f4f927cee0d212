import { mkdirSync } from "node:fs";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema/index.ts";

// One drizzle schema, two drivers: postgres.js when a postgres:// URL is given,
// PGlite (embedded PostgreSQL in WebAssembly, kept on disk) otherwise. The same
// query-builder code runs on both (docs/decisions/001-pglite-default-and-two-drivers.md).
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Driver = "postgres" | "pglite";

export interface DbHandle {
  db: Db;
  driver: Driver;
  /** Rows of a raw SQL statement, the same shape on both drivers. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  close(): Promise<void>;
  /**
   * Runs `fn` while this handle holds the session advisory lock `key` on a
   * connection of its own (other processes wait for it). PGlite is one
   * connection in one process: callers on the same instance queue in memory.
   */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /** What this driver cannot do, for /readyz and the logs. */
  limitations: string[];
}

export type DbTarget = { url: string } | { dir: string } | { memory: true } | { pglite: unknown };

export async function openDb(target: DbTarget): Promise<DbHandle> {
  if ("url" in target) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(target.url, {
      max: Number(process.env.DB_POOL_MAX ?? 10),
      onnotice: () => {},
      // A connection not ready in time is given up and its statement retried on another
      // (nothing was sent on it): see isDroppedConnection.
      connect_timeout: Number(process.env.DB_CONNECT_TIMEOUT ?? 10),
      idle_timeout: 60, // idle connections are closed (and so never go stale) after a minute
      max_lifetime: 30 * 60,
      // postgres.js waits before reopening a connection that closed on an error, growing to 20 s
      // with every error in the pool (not only this connection's); a burst of dropped connections
      // then stalls requests for that long. Grow to at most 2 s instead.
      backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, 2),
    });
    const db = drizzle(retryOnDroppedConnection(client, Number(process.env.DB_POOL_MAX ?? 10) + 1), {
      schema,
    }) as unknown as Db;
    return {
      db,
      driver: "postgres",
      rows: async <T>(q: SQL) => (await db.execute(q)) as unknown as T[],
      close: () => client.end({ timeout: 5 }),
      withAdvisoryLock: async (key, fn) => {
        const c = await client.reserve(); // held apart from the pool that `fn` uses
        try {
          await c`select pg_advisory_lock(${key})`;
          try {
            return await fn();
          } finally {
            await c`select pg_advisory_unlock(${key})`;
          }
        } finally {
          c.release();
        }
      },
      limitations: [],
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let pg: InstanceType<typeof PGlite>;
  if ("pglite" in target) pg = target.pglite as InstanceType<typeof PGlite>;
  else if ("dir" in target) {
    mkdirSync(target.dir, { recursive: true }); // PGlite creates only the last path segment
    pg = await PGlite.create(target.dir);
  } else pg = await PGlite.create();
  const db = drizzle(pg, { schema }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    rows: async <T>(q: SQL) => ((await db.execute(q)) as unknown as { rows: T[] }).rows,
    close: () => pg.close(),
    withAdvisoryLock: (key, fn) => inProcessLock(pg, key, fn),
    limitations: [
      "single process: one connection, transactions are serialized",
      "no cross-process LISTEN/NOTIFY: realtime events stay inside this process",
    ],
  };
}

// Codes of errors that mean the connection died (the server ended it, or the
// socket closed), not that the statement failed: the statement did not commit.
const DROPPED = new Set([
  "57P01", // admin_shutdown (pg_terminate_backend, a restart)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08003",
  "08006",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "ECONNRESET", // written to a socket the server had already closed
  "EPIPE",
  "CONNECT_TIMEOUT", // the connection never became ready, so the statement was never sent
]);
export function isDroppedConnection(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    if (DROPPED.has(String((e as { code?: unknown }).code))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The postgres.js client as drizzle sees it, retrying a statement (or a
 * transaction's BEGIN, before its callback ran) that failed because its
 * pooled connection had been dropped. After the database restarts or ends
 * connections, each stale pooled connection fails once and is closed, so at
 * most `attempts` (the pool size + 1) tries reach a fresh one (issue 21,
 * defect 8). Statements inside a transaction are not retried: the
 * transaction fails as a whole.
 */
function retryOnDroppedConnection<C extends object>(client: C, attempts: number): C {
  const retrying = async <T>(run: () => PromiseLike<T>, may: () => boolean = () => true): Promise<T> => {
    for (let i = 1; ; i++) {
      try {
        return await run();
      } catch (err) {
        if (i >= attempts || !may() || !isDroppedConnection(err)) throw err;
      }
    }
  };
  const once = retrying;
  type Pending = PromiseLike<unknown> & { values(): PromiseLike<unknown> };
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop === "unsafe" && typeof value === "function") {
        return (...args: unknown[]) => {
          const make = () => (value as (...a: unknown[]) => Pending).apply(target, args);
          return {
            values: () => once(() => make().values()),
            then: (ok?: (v: unknown) => unknown, ko?: (e: unknown) => unknown) => once(make).then(ok, ko),
          };
        };
      }
      if (prop === "begin" && typeof value === "function") {
        return (...args: unknown[]) => {
          const cb = args[args.length - 1] as (sql: unknown) => unknown;
          let started = false;
          const run = () =>
            (value as (...a: unknown[]) => Promise<unknown>).apply(target, [
              ...args.slice(0, -1),
              (sql: unknown) => {
                started = true;
                return cb(sql);
              },
            ]);
          return retrying(run, () => !started); // once the callback ran, the error is the transaction's own
        };
      }
      return value;
    },
  });
}

// PGlite's one connection holds every session lock it asks for (locks are
// re-entrant within a session), so callers sharing an instance queue here.
const pgliteLocks = new WeakMap<object, Map<number, Promise<unknown>>>();
function inProcessLock<T>(pg: object, key: number, fn: () => Promise<T>): Promise<T> {
  let locks = pgliteLocks.get(pg);
  if (!locks) pgliteLocks.set(pg, (locks = new Map()));
  const run = (locks.get(key) ?? Promise.resolve()).catch(() => {}).then(fn);
  locks.set(key, run);
  return run;
}

export async function ping(h: DbHandle): Promise<boolean> {
  const r = await h.rows<{ ok: number }>(sql`select 1 as ok`);
  return r[0]?.ok === 1;
}
