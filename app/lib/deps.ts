import type { DbHandle } from "#db/client.ts";
import type { EventBus } from "./bus.ts";
import type { ReadCache } from "./cache.ts";
import type { Env } from "./env.ts";
import type { FileStorage } from "./storage.ts";
import type { TenantDirectory } from "#app/modules/tenants/directory.server.ts";

// What the process hands to loaders, actions and commands (created once in
// server/index.ts; STYLE.md §0). App code never imports server/.
export interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  debug(obj: unknown, msg?: string): void;
}

export interface Deps {
  env: Env;
  db: DbHandle;
  log: Logger;
  tenants: TenantDirectory;
  /** Uploaded files (case documents): disk by default (app/lib/storage.server.ts). */
  files: FileStorage;
  /** Domain events, published by commands after commit. */
  bus: EventBus;
  /** Cached public reads, invalidated by the bus (app/lib/cache.ts). */
  cache: ReadCache;
  /** Whether the demo municipality is seeded (embedded default). */
  demo: boolean;
  /** Clock, injectable for tests. */
  now(): Date;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    deps: Deps;
    cspNonce: string;
    /** The client's IP (Express req.ip; honours TRUST_PROXY), for rate limits. */
    clientIp?: string;
  }
}
declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    deps: Deps;
    cspNonce: string;
    /** The client's IP (Express req.ip; honours TRUST_PROXY), for rate limits. */
    clientIp?: string;
  }
}
