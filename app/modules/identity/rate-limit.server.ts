import { sql } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { rateLimits } from "#db/schema/index.ts";
import { keyedHash } from "./keys.server.ts";

// Rate limits and lockouts kept in the database, so every process counts
// together and a restart clears nothing (issue 21, defect 7;
// docs/decisions/063-audit-checkpoints-shared-limits-and-personal-data.md). One atomic
// upsert per hit on both drivers; the clock is deps.now(). Keys are stored as
// keyed hashes: an address or IP never sits in the table.

export interface Limit {
  /** Names the counter ("code-id", "code-ip", …). */
  prefix: string;
  points: number;
  /** Window in seconds. */
  duration: number;
}

type LimitDeps = Pick<Deps, "db" | "env" | "now">;
const rowKey = (deps: LimitDeps, prefix: string, key: string) => keyedHash(deps.env, "code", `rate:${prefix}:${key}`);

/** Counts one hit; returns 0 when allowed, else the seconds to wait. */
export async function consume(deps: LimitDeps, limit: Limit, key: string): Promise<number> {
  const now = deps.now();
  const until = new Date(now.getTime() + limit.duration * 1000);
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const untilTs = sql`${until.toISOString()}::timestamptz`;
  const [row] = await deps.db.db
    .insert(rateLimits)
    .values({ key: rowKey(deps, limit.prefix, key), points: 1, expiresAt: until })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        points: sql`case when ${rateLimits.expiresAt} <= ${nowTs} then 1 else ${rateLimits.points} + 1 end`,
        expiresAt: sql`case when ${rateLimits.expiresAt} <= ${nowTs} then ${untilTs} else ${rateLimits.expiresAt} end`,
      },
    })
    .returning({ points: rateLimits.points, expiresAt: rateLimits.expiresAt });
  if (!row || row.points <= limit.points) return 0;
  return Math.max(1, Math.ceil((row.expiresAt.getTime() - now.getTime()) / 1000));
}

/** Blocks `key` for `seconds` (a lockout): every consume() until then is refused. */
export async function block(deps: LimitDeps, limit: Limit, key: string, seconds: number): Promise<void> {
  const until = new Date(deps.now().getTime() + seconds * 1000);
  const blocked = 1_000_000_000;
  await deps.db.db
    .insert(rateLimits)
    .values({ key: rowKey(deps, limit.prefix, key), points: blocked, expiresAt: until })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: { points: blocked, expiresAt: sql`greatest(${rateLimits.expiresAt}, ${until.toISOString()}::timestamptz)` },
    });
}

/** Drops counters whose window ended more than a day ago. */
export async function pruneRateLimits(deps: LimitDeps): Promise<void> {
  await deps.db.db
    .delete(rateLimits)
    .where(sql`${rateLimits.expiresAt} < ${new Date(deps.now().getTime() - 24 * 3600_000).toISOString()}::timestamptz`);
}
