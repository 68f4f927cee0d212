import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { persons } from "#db/schema/index.ts";
import { audit } from "./audit.server.ts";
import { normalizeIdentifier, spendCode } from "./codes.server.ts";
import { meetsLevel, type VerificationLevel } from "./levels.ts";
import { oidcAvailable } from "./oidc.server.ts";

// Raising a signed-in person's verification level on the way to an action (issue 17): a person
// who signed in by e-mail confirms a mobile number with a one-time SMS code, and the number is
// added to them (level "phone"); where the municipality has ID-porten, signing in with it gives
// "eid". The code is the same one-time code as sign-in (codes.server.ts): sent with
// requestCode, spent here with spendCode.

/** Adds a confirmed mobile number to the signed-in person. A number another person holds is refused. */
export async function confirmPhone(
  deps: Deps,
  personId: string,
  input: { phone: string; code: string; ip: string },
): Promise<Result<{ phone: string }>> {
  const norm = normalizeIdentifier("phone", input.phone);
  if (!norm.ok) return fail(norm.error.code, 400, { field: "phone" });
  const phone = norm.value;
  const { db } = deps.db;
  const [other] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.phone, phone), ne(persons.id, personId), isNull(persons.deletedAt)))
    .limit(1);
  if (other) return fail("phone.taken", 409, { field: "phone" });
  const spent = await spendCode(deps, { channel: "phone", identifier: phone, code: input.code, ip: input.ip });
  if (!spent.ok) return spent;
  const now = deps.now();
  await db.update(persons).set({ phone, phoneVerifiedAt: now }).where(eq(persons.id, personId));
  await audit(db, now, {
    actorPersonId: personId,
    action: "identity.phone.confirmed",
    subjectType: "person",
    subjectId: personId,
  });
  return ok({ phone });
}

export type RaiseWay = "phone" | "oidc" | "staff";

/** The ways a person can reach `need` from here, best first (pure once `oidc` is known). */
export function raiseWays(need: VerificationLevel, oidc: boolean): RaiseWay[] {
  const ways: RaiseWay[] = [];
  if (meetsLevel("phone", need)) ways.push("phone");
  if (oidc && meetsLevel("eid", need)) ways.push("oidc");
  if (need === "resident") ways.push("staff");
  return ways;
}

/** The ways open in this municipality, for a page that returns to `returnTo` afterwards. */
export async function waysToRaise(deps: Deps, need: VerificationLevel, returnTo: string): Promise<RaiseWay[]> {
  return raiseWays(need, await oidcAvailable(deps, returnTo));
}

type Executor = Pick<Deps["db"]["db"], "select" | "insert" | "update">;

/**
 * The person who has this phone (E.164), created when nobody has it (issue 18: SMS answers and
 * questions sent by SMS to a list of numbers). `verified`: the phone is proven (an SMS came from
 * it), so the person's number is marked verified. `locale` is written only when the person has
 * none. Null when the number belongs to an erased person. Runs in the caller's transaction.
 */
export async function findOrCreatePersonByPhone(
  db: Executor,
  input: { phone: string; now: Date; verified?: boolean; locale?: string | null },
): Promise<string | null> {
  const { phone, now } = input;
  await db
    .insert(persons)
    .values({ phone, phoneVerifiedAt: input.verified ? now : null, locale: input.locale ?? null, createdAt: now })
    .onConflictDoNothing();
  const [p] = await db
    .select({ id: persons.id, deletedAt: persons.deletedAt, verified: persons.phoneVerifiedAt, locale: persons.locale })
    .from(persons)
    .where(eq(persons.phone, phone));
  if (!p || p.deletedAt) return null;
  if (input.locale && !p.locale)
    await db
      .update(persons)
      .set({ locale: input.locale })
      .where(and(eq(persons.id, p.id), isNull(persons.locale)));
  if (input.verified && !p.verified)
    await db
      .update(persons)
      .set({ phoneVerifiedAt: now })
      .where(and(eq(persons.id, p.id), isNull(persons.phoneVerifiedAt)));
  return p.id;
}

/** The phone numbers of these persons (not erased, with a number), by person id. */
export async function phonesOfPersons(db: Executor, personIds: readonly string[]): Promise<Map<string, string>> {
  if (!personIds.length) return new Map();
  const rows = await db
    .select({ id: persons.id, phone: persons.phone })
    .from(persons)
    .where(and(inArray(persons.id, [...personIds]), isNull(persons.deletedAt)));
  return new Map(rows.filter((r) => r.phone).map((r) => [r.id, r.phone!]));
}
