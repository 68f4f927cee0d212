import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { memberships, municipalities, persons } from "#db/schema/index.ts";
import type { StaffRole } from "#app/modules/identity/roles.ts";
import { DEMO_MUNICIPALITY_NUMBER } from "./constants.ts";

/**
 * The demo's staff, so that a newcomer can try the secretary's side: they sign
 * in at /signin with one of these addresses and read the code at /dev/inbox.
 * Seeded only when MEDVIRK_DEMO_STAFF=1 (set by `npm start` for the embedded
 * demo); the `.invalid` domain can never receive mail.
 */
export const DEMO_STAFF: readonly { email: string; name: string; role: StaffRole }[] = [
  { email: "admin@vadso.demo.invalid", name: "Demo-administrator", role: "admin" },
  { email: "sekretaer@vadso.demo.invalid", name: "Demo-sekretær", role: "secretary" },
  { email: "moderator@vadso.demo.invalid", name: "Demo-moderator", role: "moderator" },
];

/** Idempotent: a second run finds the people and roles and inserts nothing. */
export async function seedDemoStaff(db: Db, now: Date): Promise<number> {
  const [tenant] = await db
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(eq(municipalities.number, DEMO_MUNICIPALITY_NUMBER));
  if (!tenant) return 0;
  let added = 0;
  await db.transaction(async (tx) => {
    for (const s of DEMO_STAFF) {
      await tx
        .insert(persons)
        .values({ email: s.email, emailVerifiedAt: now, displayName: s.name })
        .onConflictDoNothing();
      const [p] = await tx.select({ id: persons.id }).from(persons).where(eq(persons.email, s.email));
      const inserted = await tx
        .insert(memberships)
        .values({ tenantId: tenant.id, personId: p!.id, role: s.role })
        .onConflictDoNothing()
        .returning({ id: memberships.id });
      added += inserted.length;
    }
  });
  return added;
}

/** For tests: whether the demo admin holds the admin role in the demo municipality. */
export async function demoAdminRole(db: Db): Promise<string | null> {
  const rows = await db
    .select({ role: memberships.role })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .innerJoin(municipalities, eq(municipalities.id, memberships.tenantId))
    .where(and(eq(persons.email, DEMO_STAFF[0]!.email), eq(municipalities.number, DEMO_MUNICIPALITY_NUMBER)));
  return rows[0]?.role ?? null;
}
