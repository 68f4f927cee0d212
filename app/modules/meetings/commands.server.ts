import { randomUUID } from "node:crypto";
import { and, asc, count, eq, max, sql } from "drizzle-orm";
import { agendaItems, bodies, cases, meetings } from "#db/schema/index.ts";
import type { Db } from "#db/client.ts";
import { publish, type PoliticalDeps } from "./deps.ts";
import { can, type Actor } from "./permissions.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { AgendaItemInput, MeetingInput, MeetingUpdate } from "./schemas.ts";
import { canTransition, isLateNotice, noticeDeadline, type MeetingStatus } from "./status.ts";
import { parseInput } from "./validate.ts";

// Commands on meetings and their agenda: (deps, actor, input) → Result.
type Ctx = { tenantId: string };
const forbidden = () => fail("errors.forbidden", 403);
const notFound = () => fail("errors.notFound", 404);
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function meetingOf(db: Db | Tx, tenantId: string, meetingId: string) {
  const [m] = await db
    .select({
      id: meetings.id,
      bodyId: meetings.bodyId,
      status: meetings.status,
      startsAt: meetings.startsAt,
      location: meetings.location,
      noticePublishedAt: meetings.noticePublishedAt,
      leadDays: bodies.noticeLeadDays,
    })
    .from(meetings)
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .where(and(eq(meetings.id, meetingId), eq(meetings.tenantId, tenantId)));
  return m ?? null;
}

export async function createMeeting(
  deps: PoliticalDeps,
  actor: Actor,
  input: MeetingInput & Ctx,
): Promise<Result<{ id: string }>> {
  const v = parseInput(MeetingInput, input);
  if (!v.ok) return v;
  if (!can(actor, "manage:meeting:body", { tenantId: input.tenantId, bodyId: v.value.bodyId })) return forbidden();
  const [body] = await deps.db.db
    .select({ id: bodies.id })
    .from(bodies)
    .where(and(eq(bodies.id, v.value.bodyId), eq(bodies.tenantId, input.tenantId)));
  if (!body) return notFound();
  const [row] = await deps.db.db
    .insert(meetings)
    .values({
      tenantId: input.tenantId,
      bodyId: body.id,
      key: `m-${randomUUID()}`,
      startsAt: v.value.startsAt,
      endsAt: v.value.endsAt ?? null,
      location: v.value.location || null,
      remoteUrl: v.value.remoteUrl ?? null,
      streamUrl: v.value.streamUrl ?? null,
    })
    .returning({ id: meetings.id });
  publish(deps, "meetings.meeting.created", input.tenantId, { meetingId: row!.id, bodyId: body.id });
  return ok(row!);
}

export async function updateMeeting(
  deps: PoliticalDeps,
  actor: Actor,
  input: Ctx & { meetingId: string } & Partial<MeetingInput>,
): Promise<Result<{ id: string }>> {
  const v = parseInput(MeetingUpdate, input);
  if (!v.ok) return v;
  const m = await meetingOf(deps.db.db, input.tenantId, v.value.meetingId);
  if (!m) return notFound();
  if (!can(actor, "manage:meeting:body", { tenantId: input.tenantId, bodyId: m.bodyId })) return forbidden();
  if (m.status === "finished") return fail("errors.meetingFinished", 409);
  const { meetingId, ...rest } = v.value;
  const set = Object.fromEntries(Object.entries(rest).filter(([, x]) => x !== undefined));
  const startsAt = (set.startsAt as Date | undefined) ?? m.startsAt;
  if (set.endsAt && (set.endsAt as Date) <= startsAt)
    return fail("errors.endBeforeStart", 400, { details: [{ field: "endsAt", code: "errors.endBeforeStart" }] });
  await deps.db.db
    .update(meetings)
    .set({ ...set, updatedAt: deps.now() })
    .where(eq(meetings.id, meetingId));
  // After the notice, a new time or place is news for the people who follow the meeting's body and cases.
  const minute = (d: Date) => Math.floor(d.getTime() / 60_000); // the form's precision
  const timeChanged = set.startsAt !== undefined && minute(set.startsAt as Date) !== minute(m.startsAt);
  const placeChanged = set.location !== undefined && (set.location || null) !== (m.location || null);
  publish(deps, "meetings.meeting.updated", input.tenantId, {
    meetingId,
    moved: !!m.noticePublishedAt && (timeChanged || placeChanged),
  });
  return ok({ id: meetingId });
}

/** Moves a meeting along its status machine; "notice_published" only through publishNotice. */
export async function setMeetingStatus(
  deps: PoliticalDeps,
  actor: Actor,
  input: Ctx & { meetingId: string; status: MeetingStatus },
): Promise<Result<{ status: MeetingStatus }>> {
  const m = await meetingOf(deps.db.db, input.tenantId, input.meetingId);
  if (!m) return notFound();
  if (!can(actor, "manage:meeting:body", { tenantId: input.tenantId, bodyId: m.bodyId })) return forbidden();
  if (input.status === "notice_published") return fail("errors.useNotice", 409);
  if (!canTransition(m.status, input.status))
    return fail("errors.badTransition", 409, { params: { from: m.status, to: input.status } });
  const rows = await deps.db.db
    .update(meetings)
    .set({ status: input.status, updatedAt: deps.now() })
    .where(and(eq(meetings.id, m.id), eq(meetings.status, m.status))) // optimistic: a concurrent change wins once
    .returning({ id: meetings.id });
  if (!rows.length) return fail("errors.conflict", 409);
  publish(deps, "meetings.meeting.statusChanged", input.tenantId, { meetingId: m.id, status: input.status });
  return ok({ status: input.status });
}

export async function addAgendaItem(
  deps: PoliticalDeps,
  actor: Actor,
  input: AgendaItemInput & Ctx,
): Promise<Result<{ id: string; position: number }>> {
  const v = parseInput(AgendaItemInput, input);
  if (!v.ok) return v;
  const m = await meetingOf(deps.db.db, input.tenantId, v.value.meetingId);
  if (!m) return notFound();
  if (!can(actor, "manage:meeting:body", { tenantId: input.tenantId, bodyId: m.bodyId })) return forbidden();
  if (m.status === "finished") return fail("errors.meetingFinished", 409);
  const r = await deps.db.db.transaction(async (tx): Promise<Result<{ id: string; position: number }>> => {
    if (v.value.caseId) {
      const [c] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.id, v.value.caseId), eq(cases.tenantId, input.tenantId)));
      if (!c) return notFound();
    }
    const position = await nextPosition(tx, m.id);
    const [row] = await tx
      .insert(agendaItems)
      .values({
        tenantId: input.tenantId,
        meetingId: m.id,
        caseId: v.value.caseId ?? null,
        title: v.value.title ?? null,
        position,
        closed: v.value.closed,
        closedBasis: v.value.closed ? v.value.closedBasis! : null,
      })
      .returning({ id: agendaItems.id, position: agendaItems.position });
    return ok(row!);
  });
  // After commit (STYLE.md §6): listeners on other connections must see the item.
  if (r.ok) publish(deps, "meetings.agendaItem.added", input.tenantId, { meetingId: m.id });
  return r;
}

export async function nextPosition(tx: Db | Tx, meetingId: string): Promise<number> {
  const [last] = await tx
    .select({ p: max(agendaItems.position) })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId));
  return (last?.p ?? 0) + 1;
}

/** Removes an item and closes the gap, so positions stay 1..n. */
export async function removeAgendaItem(
  deps: PoliticalDeps,
  actor: Actor,
  input: Ctx & { itemId: string },
): Promise<Result<{ id: string }>> {
  const [it] = await deps.db.db
    .select({ id: agendaItems.id, meetingId: agendaItems.meetingId, position: agendaItems.position })
    .from(agendaItems)
    .where(and(eq(agendaItems.id, input.itemId), eq(agendaItems.tenantId, input.tenantId)));
  if (!it) return notFound();
  const m = await meetingOf(deps.db.db, input.tenantId, it.meetingId);
  if (!m || !can(actor, "manage:meeting:body", { tenantId: input.tenantId, bodyId: m.bodyId })) return forbidden();
  await deps.db.db.transaction(async (tx) => {
    await tx.delete(agendaItems).where(eq(agendaItems.id, it.id));
    const rest = await tx
      .select({ id: agendaItems.id })
      .from(agendaItems)
      .where(eq(agendaItems.meetingId, it.meetingId))
      .orderBy(asc(agendaItems.position));
    // Two passes around the unique (meeting, position) index: negative first, then 1..n.
    for (const [i, r] of rest.entries())
      await tx
        .update(agendaItems)
        .set({ position: -(i + 1) })
        .where(eq(agendaItems.id, r.id));
    await tx
      .update(agendaItems)
      .set({ position: sql`-${agendaItems.position}` })
      .where(eq(agendaItems.meetingId, it.meetingId));
  });
  publish(deps, "meetings.agendaItem.removed", input.tenantId, { meetingId: it.meetingId });
  return ok({ id: it.id });
}

/**
 * Publishes the notice (innkalling, kommuneloven § 11-3): stamps the time and
 * makes the agenda public. Refused with an empty agenda. A notice later than
 * the body's lead time is published, and the result says it was late.
 */
export async function publishNotice(
  deps: PoliticalDeps,
  actor: Actor,
  input: Ctx & { meetingId: string },
): Promise<Result<{ publishedAt: Date; late: boolean; deadline: Date }>> {
  const m = await meetingOf(deps.db.db, input.tenantId, input.meetingId);
  if (!m) return notFound();
  if (!can(actor, "manage:meeting:body", { tenantId: input.tenantId, bodyId: m.bodyId })) return forbidden();
  if (m.noticePublishedAt) return fail("errors.noticeAlreadyPublished", 409);
  if (m.status !== "planned")
    return fail("errors.badTransition", 409, { params: { from: m.status, to: "notice_published" } });
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    const [n] = await tx.select({ n: count() }).from(agendaItems).where(eq(agendaItems.meetingId, m.id));
    if (!n || Number(n.n) === 0) return fail("errors.emptyAgenda", 409);
    const rows = await tx
      .update(meetings)
      .set({ status: "notice_published", noticePublishedAt: now, updatedAt: now })
      .where(and(eq(meetings.id, m.id), eq(meetings.status, "planned")))
      .returning({ id: meetings.id });
    if (!rows.length) return fail("errors.conflict", 409);
    return ok(null);
  });
  if (!r.ok) return r;
  const late = isLateNotice(m.startsAt, m.leadDays, now);
  if (late)
    deps.log.warn({ meetingId: m.id, tenantId: input.tenantId }, "notice published later than the body's lead time");
  publish(deps, "meetings.notice.published", input.tenantId, { meetingId: m.id, bodyId: m.bodyId });
  return ok({ publishedAt: now, late, deadline: noticeDeadline(m.startsAt, m.leadDays) });
}
