import { eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { consultationComments, consultationParticipants } from "#db/schema/index.ts";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * A deleted person's consultation data (issue 21; db/schema/personal.ts): public names and
 * organisations on their comments and their demographic answers go; the contributions stay,
 * without their author. Called by identity's deletePerson inside its transaction.
 */
export async function eraseConsultationPerson(tx: Tx, personId: string): Promise<void> {
  await tx
    .update(consultationComments)
    .set({ publicName: null, organisation: null })
    .where(eq(consultationComments.personId, personId));
  await tx
    .update(consultationParticipants)
    .set({ ageBand: null, gender: null })
    .where(eq(consultationParticipants.personId, personId));
}
