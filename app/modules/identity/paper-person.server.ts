import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "#app/lib/deps.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { normalizePhone } from "#app/modules/sms/phone.ts";
import { personIdentities, persons } from "#db/schema/index.ts";
import { keyedHash } from "./keys.server.ts";

// A resident who takes part on paper and has no account (issue 17): staff type in what the
// municipality's rules ask (name and birth year, and an address or a phone number). With a phone
// number the person is the one who has (or later gets) that number, so a web vote and a paper
// vote meet in the same voter roll. Without one, the same name, birth year and address in the
// same municipality give the same person (found by a keyed hash, never stored in clear), so the
// same paper voter entered twice is recognised.
export interface PaperPersonInput {
  name: string;
  birthYear: string;
  address?: string;
  phone?: string;
}

const norm = (s: string) => s.normalize("NFKC").toLocaleLowerCase("nb").replace(/\s+/g, " ").trim();

export async function findOrCreatePaperPerson(
  deps: Pick<Deps, "db" | "now" | "env">,
  tenantId: string,
  input: PaperPersonInput,
): Promise<Result<{ personId: string; birthYear: number }>> {
  const name = z.string().trim().min(2).max(200).safeParse(input.name);
  if (!name.success) return fail("errors.paperNameRequired", 400, { field: "name" });
  const year = Number(input.birthYear.trim());
  const thisYear = deps.now().getUTCFullYear();
  if (!/^\d{4}$/.test(input.birthYear.trim()) || year < thisYear - 120 || year > thisYear)
    return fail("errors.paperBirthYear", 400, { field: "birthYear" });
  const phoneRaw = input.phone?.trim() ?? "";
  const address = norm(input.address ?? "");
  const { db } = deps.db;
  if (phoneRaw) {
    const p = normalizePhone(phoneRaw);
    if (!p.ok) return fail("errors.paperPhone", 400, { field: "phone" });
    const phone = p.value as string;
    const [existing] = await db
      .select({ id: persons.id })
      .from(persons)
      .where(and(eq(persons.phone, phone), isNull(persons.deletedAt)))
      .limit(1);
    if (existing) return ok({ personId: existing.id, birthYear: year });
    const [created] = await db
      .insert(persons)
      .values({ displayName: name.data, phone })
      .onConflictDoNothing()
      .returning({ id: persons.id });
    if (created) return ok({ personId: created.id, birthYear: year });
    const [raced] = await db.select({ id: persons.id }).from(persons).where(eq(persons.phone, phone));
    return ok({ personId: raced!.id, birthYear: year });
  }
  if (address.length < 3) return fail("errors.paperAddressOrPhone", 400, { field: "address" });
  const provider = `paper:${tenantId}`;
  const subject = keyedHash(deps.env, "pid", `${norm(name.data)}|${year}|${address}`);
  return db.transaction(async (tx) => {
    const [known] = await tx
      .select({ personId: personIdentities.personId })
      .from(personIdentities)
      .where(and(eq(personIdentities.provider, provider), eq(personIdentities.subject, subject)));
    if (known) return ok({ personId: known.personId, birthYear: year });
    const [p] = await tx.insert(persons).values({ displayName: name.data }).returning({ id: persons.id });
    const [linked] = await tx
      .insert(personIdentities)
      .values({ personId: p!.id, provider, subject })
      .onConflictDoNothing()
      .returning({ personId: personIdentities.personId });
    if (linked) return ok({ personId: linked.personId, birthYear: year });
    await tx.delete(persons).where(eq(persons.id, p!.id));
    const [again] = await tx
      .select({ personId: personIdentities.personId })
      .from(personIdentities)
      .where(and(eq(personIdentities.provider, provider), eq(personIdentities.subject, subject)));
    return ok({ personId: again!.personId, birthYear: year });
  });
}
