import { and, eq, gt, inArray, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "#app/lib/deps.ts";
import {
  bodies,
  memberships,
  persons,
  processes,
  processRequirements,
  residentVerifications,
  sessions,
  staffInvitations,
  tenantAuthSettings,
} from "#db/schema/index.ts";
import { appendAudit } from "./audit.server.ts";
import { isVerificationLevel, type VerificationLevel } from "./levels.ts";
import { sendMessage } from "./outbox.server.ts";
import { can, type Actor } from "./permissions.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { isStaffRole, type StaffRole } from "./roles.ts";

// Staff administration per municipality (issue 3): invitations by e-mail,
// roles (a secretary may be limited to named bodies), removing a role,
// ending a staff member's sessions, sign-in settings, verification
// requirements per process, and marking a person resident-verified. Every
// command checks the permission and the tenant itself, writes the audit log
// in the same transaction and publishes a domain event after commit.
export const INVITATION_TTL_MS = 14 * 24 * 3600_000;

const denied = () => fail("forbidden", 403);

export async function listStaff(deps: Deps, tenantId: string) {
  const { db } = deps.db;
  const rows = await db
    .select({
      id: memberships.id,
      personId: memberships.personId,
      role: memberships.role,
      bodyIds: memberships.bodyIds,
      email: persons.email,
      phone: persons.phone,
      displayName: persons.displayName,
    })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(persons.email, memberships.role);
  const pending = await db
    .select()
    .from(staffInvitations)
    .where(
      and(
        eq(staffInvitations.tenantId, tenantId),
        isNull(staffInvitations.acceptedAt),
        gt(staffInvitations.expiresAt, deps.now()),
      ),
    )
    .orderBy(staffInvitations.createdAt);
  return { members: rows, pending };
}

async function bodiesOfTenant(deps: Deps, tenantId: string, ids: readonly string[]): Promise<boolean> {
  if (!ids.length) return true;
  if (ids.some((id) => !/^[0-9a-f-]{36}$/i.test(id))) return false;
  const found = await deps.db.db
    .select({ id: bodies.id })
    .from(bodies)
    .where(and(eq(bodies.tenantId, tenantId), inArray(bodies.id, [...ids])));
  return found.length === new Set(ids).size;
}

const emailSchema = z.string().trim().toLowerCase().max(254).email();

export async function inviteStaff(
  deps: Deps,
  actor: Actor,
  tenantId: string,
  input: {
    email: string;
    role: string;
    bodyIds: string[];
    signInUrl: string;
    municipalityName: string;
    roleName: string;
    message: (p: { url: string }) => { subject: string; text: string };
  },
): Promise<Result<{ invitationId: string; email: string }>> {
  if (!can(actor, "manage:staff:tenant", { tenantId })) return denied();
  const email = emailSchema.safeParse(input.email);
  if (!email.success) return fail("staff.email", 400, { field: "email" });
  if (!isStaffRole(input.role)) return fail("role.invalid", 400, { field: "role" });
  const role: StaffRole = input.role;
  const bodyIds = role === "secretary" ? [...new Set(input.bodyIds)] : [];
  if (!(await bodiesOfTenant(deps, tenantId, bodyIds))) return fail("body.invalid", 400, { field: "bodyIds" });
  const now = deps.now();
  const id = await deps.db.db.transaction(async (tx) => {
    await tx
      .delete(staffInvitations)
      .where(
        and(
          eq(staffInvitations.tenantId, tenantId),
          eq(staffInvitations.email, email.data),
          eq(staffInvitations.role, role),
          isNull(staffInvitations.acceptedAt),
        ),
      );
    const [inv] = await tx
      .insert(staffInvitations)
      .values({
        tenantId,
        email: email.data,
        role,
        bodyIds,
        invitedByPersonId: actor.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      })
      .returning({ id: staffInvitations.id });
    await appendAudit(tx, now, {
      tenantId,
      actorPersonId: actor.id,
      action: "identity.staff.invited",
      subjectType: "invitation",
      subjectId: inv!.id,
      data: { role, bodyIds },
    });
    return inv!.id;
  });
  const msg = input.message({ url: input.signInUrl });
  await sendMessage(deps, { channel: "email", to: email.data, subject: msg.subject, text: msg.text });
  deps.bus.publish({ type: "identity.staff.invited", tenantId, invitationId: id });
  return ok({ invitationId: id, email: email.data });
}

/** Removes one role of one person in this municipality. The last admin cannot be removed. */
export async function removeMembership(
  deps: Deps,
  actor: Actor,
  tenantId: string,
  membershipId: string,
): Promise<Result<{ personId: string }>> {
  if (!can(actor, "manage:staff:tenant", { tenantId })) return denied();
  if (!/^[0-9a-f-]{36}$/i.test(membershipId)) return fail("staff.notFound", 404);
  const r = await deps.db.db.transaction(async (tx) => {
    const [m] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.id, membershipId), eq(memberships.tenantId, tenantId)));
    if (!m) return fail("staff.notFound", 404);
    if (m.role === "admin") {
      const [others] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "admin"), ne(memberships.id, m.id)));
      if ((others?.n ?? 0) === 0) return fail("staff.lastAdmin", 409);
    }
    await tx.delete(memberships).where(eq(memberships.id, m.id));
    await appendAudit(tx, deps.now(), {
      tenantId,
      actorPersonId: actor.id,
      action: "identity.role.removed",
      subjectType: "person",
      subjectId: m.personId,
      data: { role: m.role, bodyIds: m.bodyIds },
    });
    return ok({ personId: m.personId });
  });
  if (r.ok) deps.bus.publish({ type: "identity.role.removed", tenantId, personId: r.value.personId });
  return r;
}

/** Ends every session of a staff member of this municipality (not of anyone else). */
export async function endStaffSessions(
  deps: Deps,
  actor: Actor,
  tenantId: string,
  personId: string,
): Promise<Result<{ ended: number }>> {
  if (!can(actor, "end:session:tenant", { tenantId })) return denied();
  if (!/^[0-9a-f-]{36}$/i.test(personId)) return fail("staff.notFound", 404);
  const r = await deps.db.db.transaction(async (tx) => {
    const [m] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.personId, personId)))
      .limit(1);
    if (!m) return fail("staff.notFound", 404);
    const gone = await tx.delete(sessions).where(eq(sessions.personId, personId)).returning({ id: sessions.id });
    await appendAudit(tx, deps.now(), {
      tenantId,
      actorPersonId: actor.id,
      action: "identity.session.ended",
      subjectType: "person",
      subjectId: personId,
      data: { scope: "all", by: "staff", count: gone.length },
    });
    return ok({ ended: gone.length, sessionIds: gone.map((g) => g.id) });
  });
  if (!r.ok) return r;
  deps.bus.publish({ type: "identity.session.ended", tenantId, sessionIds: r.value.sessionIds });
  return ok({ ended: r.value.ended });
}

export async function authSettings(deps: Deps, tenantId: string): Promise<{ oidcEnabled: boolean }> {
  const [s] = await deps.db.db.select().from(tenantAuthSettings).where(eq(tenantAuthSettings.tenantId, tenantId));
  return { oidcEnabled: s?.oidcEnabled ?? true };
}

export async function setOidcEnabled(deps: Deps, actor: Actor, tenantId: string, on: boolean): Promise<Result<null>> {
  if (!can(actor, "manage:auth:tenant", { tenantId })) return denied();
  const now = deps.now();
  await deps.db.db.transaction(async (tx) => {
    await tx
      .insert(tenantAuthSettings)
      .values({ tenantId, oidcEnabled: on, updatedAt: now })
      .onConflictDoUpdate({ target: tenantAuthSettings.tenantId, set: { oidcEnabled: on, updatedAt: now } });
    await appendAudit(tx, now, {
      tenantId,
      actorPersonId: actor.id,
      action: "identity.auth.changed",
      data: { oidcEnabled: on },
    });
  });
  deps.bus.publish({ type: "identity.auth.changed", tenantId });
  return ok(null);
}

export const PROCESS_ACTIONS = ["vote", "comment", "join", "sign"] as const;
export type ProcessAction = (typeof PROCESS_ACTIONS)[number];

/** Requirements per action of a process (missing = "none"). */
export async function requirementsOf(
  deps: Deps,
  tenantId: string,
  processId: string,
): Promise<Partial<Record<ProcessAction, VerificationLevel>>> {
  const rows = await deps.db.db
    .select({ action: processRequirements.action, level: processRequirements.level })
    .from(processRequirements)
    .where(and(eq(processRequirements.tenantId, tenantId), eq(processRequirements.processId, processId)));
  return Object.fromEntries(rows.map((r) => [r.action, r.level]));
}

export async function setRequirement(
  deps: Deps,
  actor: Actor,
  tenantId: string,
  input: { processId: string; action: string; level: string },
): Promise<Result<null>> {
  if (!can(actor, "manage:requirement:tenant", { tenantId })) return denied();
  if (!(PROCESS_ACTIONS as readonly string[]).includes(input.action))
    return fail("level.invalid", 400, { field: "action" });
  if (!isVerificationLevel(input.level)) return fail("level.invalid", 400, { field: "level" });
  if (!/^[0-9a-f-]{36}$/i.test(input.processId)) return fail("staff.notFound", 404);
  const [p] = await deps.db.db
    .select({ id: processes.id })
    .from(processes)
    .where(and(eq(processes.id, input.processId), eq(processes.tenantId, tenantId)));
  if (!p) return fail("staff.notFound", 404);
  const level = input.level;
  await deps.db.db.transaction(async (tx) => {
    await tx
      .insert(processRequirements)
      .values({ tenantId, processId: p.id, action: input.action, level })
      .onConflictDoUpdate({ target: [processRequirements.processId, processRequirements.action], set: { level } });
    await appendAudit(tx, deps.now(), {
      tenantId,
      actorPersonId: actor.id,
      action: "identity.requirement.set",
      subjectType: "process",
      subjectId: p.id,
      data: { action: input.action, level },
    });
  });
  deps.bus.publish({ type: "identity.requirement.set", tenantId, processId: p.id });
  return ok(null);
}

/** Marks a person resident-verified in this municipality (staff checked it, e.g. at the service desk). */
export async function verifyResident(
  deps: Deps,
  actor: Actor,
  tenantId: string,
  personId: string,
): Promise<Result<null>> {
  if (!can(actor, "verify:resident:tenant", { tenantId })) return denied();
  if (!/^[0-9a-f-]{36}$/i.test(personId)) return fail("staff.notFound", 404);
  const [p] = await deps.db.db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.id, personId), isNull(persons.deletedAt)));
  if (!p) return fail("staff.notFound", 404);
  const now = deps.now();
  await deps.db.db.transaction(async (tx) => {
    await tx
      .insert(residentVerifications)
      .values({ tenantId, personId, method: "staff", verifiedByPersonId: actor.id, verifiedAt: now })
      .onConflictDoNothing();
    await appendAudit(tx, now, {
      tenantId,
      actorPersonId: actor.id,
      action: "identity.resident.verified",
      subjectType: "person",
      subjectId: personId,
      data: { method: "staff" },
    });
  });
  return ok(null);
}
