import { z } from "zod";

// The typed environment, validated at boot. A bad variable stops the process
// with one line naming it (server/index.ts). Pure: takes the env as input.
const postgresUrl = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, "must be a postgres:// or postgresql:// URL with a host");

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: postgresUrl.optional(),
  MEDVIRK_DATA_DIR: z.string().min(1).default("./data"),
  REDIS_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MEDVIRK_DEMO: z.enum(["0", "1"]).optional(),
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** Whole-page cache for anonymous visitors (server/page-cache.ts). */
  MEDVIRK_PAGE_CACHE: z.enum(["0", "1"]).default("0"),
});
export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

/** Validates the environment; throws EnvError with one line per bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset (a common shell mistake: `DATABASE_URL= npm start`).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const r = EnvSchema.safeParse(cleaned);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `invalid environment variable ${i.path.join(".")}: ${i.message}`);
  throw new EnvError(lines.join("\n"));
}

/** Whether the demo municipality is seeded: on by default on the embedded database. */
export function demoEnabled(env: Env): boolean {
  if (env.MEDVIRK_DEMO) return env.MEDVIRK_DEMO === "1";
  return !env.DATABASE_URL;
}
