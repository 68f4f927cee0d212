import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client.ts";

// The shared rate limiter: one row per sender holds the next free send slot
// (epoch ms). Every worker, in any process, reserves its slot with one atomic
// upsert, then waits until that moment. This spaces sends exactly 1/rate
// apart across all workers, without bursts (Twilio queues the excess on its
// side anyway, at ~10 segments/s per long code). docs/decisions/020-*.md.

/**
 * Reserves the next send slot for `sender` and returns its time (epoch ms); the caller waits
 * until then. `units` is the message's segment count: Twilio's sender limit is in segments, so
 * a 3-segment message takes three slots.
 */
export async function reserveSendSlot(
  db: DbHandle,
  sender: string,
  perSecond: number,
  nowMs = Date.now(),
  units = 1,
): Promise<number> {
  const interval = Math.max(1, Math.ceil((1000 * Math.max(1, units)) / perSecond));
  const [row] = await db.rows<{ next_at_ms: string | number }>(sql`
    insert into sms_rate_slots (sender, next_at_ms) values (${sender}, ${nowMs + interval})
    on conflict (sender) do update set next_at_ms = greatest(sms_rate_slots.next_at_ms, ${nowMs}) + ${interval}
    returning next_at_ms`);
  return Number(row!.next_at_ms) - interval;
}
