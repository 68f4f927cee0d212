import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { smsConversations, smsInbound, smsOutbox } from "#db/schema/index.ts";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * A deleted person's SMS rows, found by the keyed hash of their number (issue 21;
 * db/schema/personal.ts): messages to and from the number lose number and text, queued ones are
 * cancelled, conversations forget the number. Opt-outs (sms_opt_outs) stay, so the number is
 * never messaged again. Called by identity's deletePerson inside its transaction.
 */
export async function eraseSmsOfNumber(tx: Tx, hash: string): Promise<void> {
  await tx
    .update(smsOutbox)
    .set({
      toEnc: "",
      toHash: sql`'deleted:' || ${smsOutbox.id}`,
      body: "",
      status: sql`case when ${smsOutbox.status} in ('queued', 'sending') then 'cancelled' else ${smsOutbox.status} end`,
    })
    .where(eq(smsOutbox.toHash, hash));
  await tx
    .update(smsInbound)
    .set({ fromEnc: "", fromHash: sql`'deleted:' || ${smsInbound.id}`, body: "" })
    .where(eq(smsInbound.fromHash, hash));
  await tx
    .update(smsConversations)
    .set({ phoneHash: sql`'deleted:' || ${smsConversations.id}` })
    .where(and(eq(smsConversations.phoneHash, hash), ne(smsConversations.phoneHash, "")));
}
