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
  /** Where uploaded files are kept; default MEDVIRK_DATA_DIR/files. */
  MEDVIRK_FILES_DIR: z.string().min(1).optional(),
  /** Largest accepted upload (case documents), in megabytes. */
  MEDVIRK_MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(25),
  REDIS_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MEDVIRK_DEMO: z.enum(["0", "1"]).optional(),
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** Whole-page cache for anonymous visitors (server/page-cache.ts). */
  MEDVIRK_PAGE_CACHE: z.enum(["0", "1"]).default("1"),
  // Identity (docs/decisions/020-*.md … 025-*.md). Keys for sessions, CSRF,
  // codes and pid hashes are derived from MEDVIRK_SECRET; without it the
  // embedded default generates one and keeps it in MEDVIRK_DATA_DIR/secret.
  MEDVIRK_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\/./.test(v), "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Medvirk <no-reply@medvirk.invalid>"),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_ACR: z.enum(["idporten-loa-substantial", "idporten-loa-high"]).default("idporten-loa-substantial"),
  /** Show /dev/inbox (sign-in codes and SMS meant for people) even when NODE_ENV=production. Never on a real installation. */
  MEDVIRK_DEV_INBOX: z.enum(["0", "1"]).optional(),
}).superRefine((e, ctx) => {
  if (e.OIDC_ISSUER && (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET))
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["OIDC_ISSUER"], message: "needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET" });
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

/** Whether the local inbox page (/dev/inbox) is served: outside production, or when asked for. */
export function devInboxEnabled(env: Env): boolean {
  if (env.MEDVIRK_DEV_INBOX) return env.MEDVIRK_DEV_INBOX === "1";
  return env.NODE_ENV !== "production";
}

/** Whether sign-in through OpenID Connect (e.g. ID-porten) is configured for this installation. */
export function oidcConfigured(env: Env): boolean {
  return !!(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
}
