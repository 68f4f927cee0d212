import { or, sql, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { panelInvitations, panelPoolMembers } from "#db/schema/index.ts";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * A deleted person's panel data (issue 21; db/schema/personal.ts): pool entries found by the
 * person or by their e-mail or number lose name, contact and profile and count as withdrawn;
 * invitations sent to that contact lose name, contact and profile. Called by identity's
 * deletePerson inside its transaction.
 */
export async function erasePanelPerson(
  tx: Tx,
  who: { personId: string; email: string | null; phone: string | null; now: Date },
): Promise<void> {
  const contacts = [who.email, who.phone].filter((v): v is string => !!v);
  const byContact = (col: typeof panelPoolMembers.email | typeof panelInvitations.contact) =>
    contacts.map((c) => eq(col, c));
  await tx
    .update(panelPoolMembers)
    .set({
      name: "",
      email: null,
      phone: null,
      profile: {},
      withdrawnAt: sql`coalesce(${panelPoolMembers.withdrawnAt}, ${who.now.toISOString()}::timestamptz)`,
    })
    .where(
      or(
        eq(panelPoolMembers.personId, who.personId),
        ...(who.email ? [eq(panelPoolMembers.email, who.email)] : []),
        ...(who.phone ? [eq(panelPoolMembers.phone, who.phone)] : []),
      ),
    );
  if (contacts.length)
    await tx
      .update(panelInvitations)
      .set({ name: null, contact: null, profile: {} })
      .where(or(...byContact(panelInvitations.contact)));
}
