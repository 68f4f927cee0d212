import { and, asc, eq, inArray } from "drizzle-orm";
import { bodies, cases, follows, type FollowTarget } from "#db/schema/index.ts";
import type { Db } from "#db/client.ts";
import type { LocalizedText } from "#app/lib/localized.ts";
import { caseSlug, formatCaseNumber, parseCaseNumber } from "#app/modules/cases/case-number.ts";
import { publicCase } from "#app/modules/cases/visibility.server.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";

// Residents follow a case or a body (an area council is a body). Only a
// signed-in person with a verified e-mail address may follow (the notices
// go there; SMS when the SMS issue lands). A case the public may not see
// (exempt, or on a closed agenda item) cannot be followed and answers
// exactly like a missing one.
export interface Follower {
  id: string;
  email: string | null;
  emailVerified: boolean;
  phone?: string | null;
  phoneVerified?: boolean;
}
export type FollowChannel = "email" | "sms";

/** The channels this person can be told on: a verified e-mail address, a verified phone number. */
export function channelsOf(p: Follower): FollowChannel[] {
  return [
    ...(p.email && p.emailVerified ? (["email"] as const) : []),
    ...(p.phone && p.phoneVerified ? (["sms"] as const) : []),
  ];
}
type Ctx = { tenantId: string };

export interface FollowTargetInfo {
  type: FollowTarget;
  id: string;
  name: LocalizedText;
  /** "2026/7001" for a case, the body's key for a body. */
  ref: string;
  /** The public page. */
  path: string;
  kind?: string;
}

/** Finds a public case by number ("2026-7001") or a body by key, in the municipality. */
export async function resolveTarget(
  db: Db,
  tenant: { id: string; slug: string },
  ref: { case?: string | null; body?: string | null },
): Promise<FollowTargetInfo | null> {
  if (ref.case) {
    const n = parseCaseNumber(ref.case);
    if (!n) return null;
    const [c] = await db
      .select({ id: cases.id, year: cases.year, sequence: cases.sequence, title: cases.title })
      .from(cases)
      .where(and(publicCase(tenant.id), eq(cases.year, n.year), eq(cases.sequence, n.sequence)));
    return c
      ? {
          type: "case",
          id: c.id,
          name: c.title,
          ref: formatCaseNumber(c),
          path: `/${tenant.slug}/cases/${caseSlug(c)}`,
        }
      : null;
  }
  if (ref.body) {
    const [b] = await db
      .select({ id: bodies.id, key: bodies.key, kind: bodies.kind, name: bodies.name })
      .from(bodies)
      .where(and(eq(bodies.tenantId, tenant.id), eq(bodies.key, ref.body)));
    return b
      ? { type: "body", id: b.id, name: b.name, ref: b.key, kind: b.kind, path: `/${tenant.slug}/bodies/${b.key}` }
      : null;
  }
  return null;
}

async function targetExists(db: Db, tenantId: string, type: FollowTarget, id: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  if (type === "case")
    return (
      (
        await db
          .select({ id: cases.id })
          .from(cases)
          .where(and(publicCase(tenantId), eq(cases.id, id)))
      ).length > 0
    );
  return (
    (
      await db
        .select({ id: bodies.id })
        .from(bodies)
        .where(and(eq(bodies.tenantId, tenantId), eq(bodies.id, id)))
    ).length > 0
  );
}

export async function follow(
  db: Db,
  person: Follower,
  input: Ctx & { targetType: FollowTarget; targetId: string; channel?: FollowChannel },
): Promise<Result<{ following: true }>> {
  const channels = channelsOf(person);
  if (!channels.length) return fail("follow.errors.needsEmail", 409);
  const channel = input.channel ?? channels[0]!;
  if (!channels.includes(channel))
    return fail(channel === "sms" ? "follow.errors.needsPhone" : "follow.errors.needsEmail", 409);
  if (input.targetType !== "case" && input.targetType !== "body") return fail("errors.notFound", 404);
  if (!(await targetExists(db, input.tenantId, input.targetType, input.targetId))) return fail("errors.notFound", 404);
  await db
    .insert(follows)
    .values({
      tenantId: input.tenantId,
      personId: person.id,
      targetType: input.targetType,
      targetId: input.targetId,
      channel,
    })
    .onConflictDoUpdate({ target: [follows.personId, follows.targetType, follows.targetId], set: { channel } });
  return ok({ following: true });
}

export async function unfollow(
  db: Db,
  person: Pick<Follower, "id">,
  input: Ctx & { targetType: FollowTarget; targetId: string },
): Promise<Result<{ following: false }>> {
  if (!/^[0-9a-f-]{36}$/i.test(input.targetId)) return fail("errors.notFound", 404);
  await db
    .delete(follows)
    .where(
      and(
        eq(follows.personId, person.id),
        eq(follows.tenantId, input.tenantId),
        eq(follows.targetType, input.targetType),
        eq(follows.targetId, input.targetId),
      ),
    );
  return ok({ following: false });
}

/** The channel the person follows this on, or null when they do not follow it. */
export async function followingChannel(
  db: Db,
  personId: string,
  tenantId: string,
  type: FollowTarget,
  id: string,
): Promise<FollowChannel | null> {
  const [row] = await db
    .select({ channel: follows.channel })
    .from(follows)
    .where(
      and(
        eq(follows.personId, personId),
        eq(follows.tenantId, tenantId),
        eq(follows.targetType, type),
        eq(follows.targetId, id),
      ),
    );
  return row?.channel ?? null;
}

/** What the person follows in the municipality, cases first; a case that has since become non-public is left out. */
export async function listFollows(
  db: Db,
  tenant: { id: string; slug: string },
  personId: string,
): Promise<FollowTargetInfo[]> {
  const rows = await db
    .select({ type: follows.targetType, id: follows.targetId })
    .from(follows)
    .where(and(eq(follows.personId, personId), eq(follows.tenantId, tenant.id)))
    .orderBy(asc(follows.createdAt));
  const caseIds = rows.filter((r) => r.type === "case").map((r) => r.id);
  const bodyIds = rows.filter((r) => r.type === "body").map((r) => r.id);
  const cs = caseIds.length
    ? await db
        .select({ id: cases.id, year: cases.year, sequence: cases.sequence, title: cases.title })
        .from(cases)
        .where(and(publicCase(tenant.id), inArray(cases.id, caseIds)))
    : [];
  const bs = bodyIds.length
    ? await db
        .select({ id: bodies.id, key: bodies.key, kind: bodies.kind, name: bodies.name })
        .from(bodies)
        .where(and(eq(bodies.tenantId, tenant.id), inArray(bodies.id, bodyIds)))
    : [];
  return [
    ...cs.map((c): FollowTargetInfo => ({
      type: "case",
      id: c.id,
      name: c.title,
      ref: formatCaseNumber(c),
      path: `/${tenant.slug}/cases/${caseSlug(c)}`,
    })),
    ...bs.map((b): FollowTargetInfo => ({
      type: "body",
      id: b.id,
      name: b.name,
      ref: b.key,
      kind: b.kind,
      path: `/${tenant.slug}/bodies/${b.key}`,
    })),
  ];
}
