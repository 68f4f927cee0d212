import { z } from "zod";

// The typed environment, validated at boot. A bad variable stops the process
// with one line naming it (server/index.ts). Pure: takes the env as input.
const postgresUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "";
  } catch {
    return false;
  }
}, "must be a postgres:// or postgresql:// URL with a host");

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATABASE_URL: postgresUrl.optional(),
    MEDVIRK_DATA_DIR: z.string().min(1).default("./data"),
    /** Where uploaded files are kept; default MEDVIRK_DATA_DIR/files. */
    MEDVIRK_FILES_DIR: z.string().min(1).optional(),
    /** Largest accepted upload (case documents), in megabytes. */
    MEDVIRK_MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(25),
    /** Uploaded files in an S3-compatible bucket instead of on disk (docs/decisions/019-s3-compatible-file-storage.md): the endpoint URL. */
    MEDVIRK_S3_URL: z.string().url().optional(),
    MEDVIRK_S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid bucket name")
      .optional(),
    MEDVIRK_S3_REGION: z.string().min(1).default("us-east-1"),
    MEDVIRK_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    MEDVIRK_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** 1 (default): endpoint/bucket/key, as MinIO and most non-AWS stores want; 0: bucket.endpoint/key. */
    MEDVIRK_S3_PATH_STYLE: z.enum(["0", "1"]).default("1"),
    REDIS_URL: z.string().url().optional(),
    /** Map tiles (docs/decisions/043-maps-leaflet-and-tiles.md): a URL template with {z}, {x} and {y}, absolute (https://…) or a path on this server. Unset: maps draw on a plain background (works offline). */
    MEDVIRK_MAP_TILES_URL: z
      .string()
      .refine(
        (v) => /^(https?:\/\/[^/]+)?\/.*\{z\}.*\{x\}.*\{y\}/.test(v),
        "must be an http(s) URL or a path containing {z}, {x} and {y}",
      )
      .optional(),
    /** A local tile source: a folder of {z}/{x}/{y}.png served at /map-tiles/ (then MEDVIRK_MAP_TILES_URL defaults to /map-tiles/{z}/{x}/{y}.png). */
    MEDVIRK_MAP_TILES_DIR: z.string().min(1).optional(),
    /** `kartverket` (default: Kartverket's open topographic tiles), or `off` (areas on a plain background, nothing fetched from outside). URL and folder above take precedence. */
    MEDVIRK_MAP_TILES: z.enum(["kartverket", "off"]).default("kartverket"),
    /** Attribution shown on the map for the tile source (e.g. "© OpenStreetMap contributors", "© Kartverket"). */
    MEDVIRK_MAP_TILES_ATTRIBUTION: z.string().max(300).default(""),
    MEDVIRK_MAP_MAX_ZOOM: z.coerce.number().int().min(1).max(22).default(18),
    PUBLIC_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    MEDVIRK_DEMO: z.enum(["0", "1"]).optional(),
    /** Seed the demo municipality's staff (app/modules/demo/staff.server.ts); `npm start` sets it for the embedded demo. */
    MEDVIRK_DEMO_STAFF: z.enum(["0", "1"]).default("0"),
    TRUST_PROXY: z.enum(["0", "1"]).default("0"),
    /** Whole-page cache for anonymous visitors (server/page-cache.ts). */
    MEDVIRK_PAGE_CACHE: z.enum(["0", "1"]).default("1"),
    /** A panel draw (LEXIMIN) that has not finished after this many minutes ends as failed (errors.drawTimeout). */
    MEDVIRK_PANEL_DRAW_MAX_MINUTES: z.coerce
      .number()
      .positive()
      .max(24 * 60)
      .default(60),
    // Identity (docs/decisions/010-sessions-and-csrf.md). Keys for sessions, CSRF,
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
    // SMS (issue 5, docs/decisions/020-sms-outbox-skip-locked.md). Without Twilio credentials
    // SMS go to the embedded inbox transport (shown on /dev/inbox outside production).
    SMS_TRANSPORT: z.enum(["twilio", "inbox"]).optional(),
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, "must be AC followed by 32 hex digits")
      .optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
    /** Messaging Service SID (MG…); preferred over TWILIO_FROM. */
    TWILIO_MESSAGING_SERVICE_SID: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, "must be MG followed by 32 hex digits")
      .optional(),
    /** Sender: an E.164 long code (two-way) or an alphanumeric sender id (one-way). */
    TWILIO_FROM: z.string().min(1).optional(),
    /** Tests and local fakes only: where the twilio SDK sends its API calls instead of *.twilio.com. */
    TWILIO_API_BASE_URL: z.string().url().optional(),
    /** Run the SMS outbox worker inside the server process (default 1); 0 when it runs alone (server/sms-worker.ts). */
    SMS_WORKER: z.enum(["0", "1"]).default("1"),
    /** Segments per second per sender (Twilio counts segments), shared by all workers. */
    SMS_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(10),
    /** Attempts before a message is dead-lettered. */
    SMS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  })
  .superRefine((e, ctx) => {
    if (e.OIDC_ISSUER && (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["OIDC_ISSUER"],
        message: "needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
      });
    if (e.MEDVIRK_S3_URL && (!e.MEDVIRK_S3_BUCKET || !e.MEDVIRK_S3_ACCESS_KEY_ID || !e.MEDVIRK_S3_SECRET_ACCESS_KEY))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["MEDVIRK_S3_URL"],
        message: "needs MEDVIRK_S3_BUCKET, MEDVIRK_S3_ACCESS_KEY_ID and MEDVIRK_S3_SECRET_ACCESS_KEY",
      });
    if (
      e.SMS_TRANSPORT === "twilio" &&
      (!e.TWILIO_ACCOUNT_SID || !e.TWILIO_AUTH_TOKEN || !(e.TWILIO_MESSAGING_SERVICE_SID || e.TWILIO_FROM))
    )
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["SMS_TRANSPORT"],
        message: "twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM",
      });
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
