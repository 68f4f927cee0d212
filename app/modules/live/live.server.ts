import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, gte, inArray, isNull, lte, ne, or } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import type { Db } from "#db/client.ts";
import {
  agendaItems,
  bodies,
  bodyMembers,
  cases,
  liveEvents,
  liveMeetings,
  liveVotes,
  meetingMinutes,
  meetings,
} from "#db/schema/index.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { canTransition, liveStatusOf, meetingStatusOfLive, type MeetingStatus } from "#app/modules/meetings/status.ts";
import { notifyDecisions, type NoticeLinks } from "./notify.server.ts";
import { draftMinutes } from "./minutes.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText, type LocalizedText } from "#app/lib/localized.ts";
import {
  checkVersion,
  initialState,
  isLive,
  parseAction,
  publicEvent,
  publicState,
  reduce,
  type LiveError,
  type LiveEvent,
  type LiveItem,
  type LiveState,
  type LiveStatus,
  type PublicEvent,
  type PublicState,
  type TimelineEntry,
} from "./engine.ts";

// Commands and queries of live meetings (issue 9). The console's actions all
// go through runLiveAction: permission and tenant check, one transaction that
// applies the engine, appends the event log, the audit entry and (for votes
// and status) the rows other modules read; then, after commit, one bus event
// that server/live.ts sends to the meeting's rooms.

export type LiveDeps = Pick<Deps, "db" | "now" | "log" | "bus">;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type LiveResult<T> = { ok: true; value: T } | { ok: false; error: LiveError };
const failure = (code: string, status: number, params?: LiveError["params"]): { ok: false; error: LiveError } => ({
  ok: false,
  error: { code, status, ...(params ? { params } : {}) },
});

/** The bus event a change publishes (server/live.ts routes it to the rooms). */
export interface LiveBusEvent {
  type: LiveEvent["type"];
  tenantId: string;
  meetingId: string;
  version: number;
  public: PublicEvent;
  state: LiveState;
  event: LiveEvent;
  /** "Live now" changed (for the municipality room). */
  liveChanged: boolean;
}
export const isLiveBusEvent = (e: { type: string }): e is LiveBusEvent & { [k: string]: unknown } =>
  e.type.startsWith("live.") && "public" in e && "state" in e;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface MeetingRow {
  id: string;
  tenantId: string;
  bodyId: string;
  status: MeetingStatus;
  streamUrl: string | null;
  noticePublishedAt: Date | null;
  startsAt: Date;
}

async function meetingOf(db: Db | Tx, tenantId: string | null, meetingId: string): Promise<MeetingRow | null> {
  if (!UUID.test(meetingId)) return null;
  const [m] = await db
    .select({
      id: meetings.id,
      tenantId: meetings.tenantId,
      bodyId: meetings.bodyId,
      status: meetings.status,
      streamUrl: meetings.streamUrl,
      noticePublishedAt: meetings.noticePublishedAt,
      startsAt: meetings.startsAt,
    })
    .from(meetings)
    .where(tenantId ? and(eq(meetings.id, meetingId), eq(meetings.tenantId, tenantId)) : eq(meetings.id, meetingId));
  return m ?? null;
}

/** The agenda as the engine sees it; an item whose whole case is exempt counts as closed too. */
async function itemsOf(db: Db | Tx, m: MeetingRow): Promise<Omit<LiveItem, "state">[]> {
  const rows = await db
    .select({
      id: agendaItems.id,
      position: agendaItems.position,
      closed: agendaItems.closed,
      caseId: agendaItems.caseId,
      title: agendaItems.title,
      caseTitle: cases.title,
      year: cases.year,
      seq: cases.sequence,
      caseClosed: cases.closedBasis,
    })
    .from(agendaItems)
    .leftJoin(cases, and(eq(cases.id, agendaItems.caseId), eq(cases.tenantId, m.tenantId)))
    .where(and(eq(agendaItems.meetingId, m.id), eq(agendaItems.tenantId, m.tenantId)))
    .orderBy(asc(agendaItems.position));
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    closed: r.closed || !!r.caseClosed,
    caseId: r.caseId,
    caseNumber: r.year != null ? `${r.year}/${r.seq}` : null,
    title: r.title ?? r.caseTitle ?? null,
  }));
}

/** Keeps the state's agenda in step with agenda_items (items added or changed after the meeting went live). */
export function syncItems(state: LiveState, rows: Omit<LiveItem, "state">[]): LiveState {
  const prev = new Map(state.items.map((i) => [i.id, i]));
  const items: LiveItem[] = rows.map((r) => ({ ...r, state: prev.get(r.id)?.state ?? "pending" }));
  // Keep an item that disappeared only if it is the current one (so the state stays consistent).
  const cur = state.currentItemId ? prev.get(state.currentItemId) : undefined;
  if (cur && !items.some((i) => i.id === cur.id)) items.push(cur);
  return { ...state, items };
}

async function loadState(db: Db | Tx, m: MeetingRow): Promise<LiveState> {
  const [[row], items] = await Promise.all([
    db.select({ state: liveMeetings.state }).from(liveMeetings).where(eq(liveMeetings.meetingId, m.id)),
    itemsOf(db, m),
  ]);
  if (row) {
    const kept = row.state as unknown as LiveState;
    // The meeting's row wins where the admin page changed the status since (one machine: meetings/status.ts).
    return syncItems({ ...kept, status: liveStatusOf(m.status, kept.status) }, items);
  }
  return initialState({
    meetingId: m.id,
    tenantId: m.tenantId,
    streamUrl: m.streamUrl,
    status: liveStatusOf(m.status),
    items,
  });
}

export interface ActionInput {
  tenantId: string;
  meetingId: string;
  expectedVersion: number;
  action: unknown;
}

/**
 * Applies one console action. Refusals: 400 malformed, 404 no such meeting in
 * this municipality, 403 not a secretary of the meeting's body (logged),
 * 409 a stale version or an action that does not fit the state.
 */
export async function runLiveAction(
  deps: LiveDeps,
  actor: Actor | null,
  input: ActionInput,
): Promise<LiveResult<{ version: number; state: LiveState; event: LiveEvent; public: PublicEvent }>> {
  const parsed = parseAction(input.action);
  if (!parsed.ok) return parsed;
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 0)
    return failure("errors.invalidAction", 400);
  const m = await meetingOf(deps.db.db, input.tenantId, input.meetingId);
  if (!m) return failure("errors.notFound", 404);
  if (!can(actor, "manage:meeting:body", { tenantId: m.tenantId, bodyId: m.bodyId })) {
    deps.log.warn(
      { tenantId: input.tenantId, meetingId: m.id, personId: actor?.id ?? null, action: parsed.action.type },
      "live console action refused",
    );
    return failure("errors.forbidden", 403);
  }
  if (parsed.action.type === "start" && !m.noticePublishedAt) return failure("errors.noNotice", 409);
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    // The row is the lock: taken FOR UPDATE, created on first use.
    const locked = () =>
      tx.select({ state: liveMeetings.state }).from(liveMeetings).where(eq(liveMeetings.meetingId, m.id)).for("update");
    let [row] = await locked();
    const items = await itemsOf(tx, m);
    if (!row) {
      const fresh = initialState({
        meetingId: m.id,
        tenantId: m.tenantId,
        streamUrl: m.streamUrl,
        status: liveStatusOf(m.status),
        items,
      });
      await tx
        .insert(liveMeetings)
        .values({
          meetingId: m.id,
          tenantId: m.tenantId,
          version: 0,
          status: fresh.status,
          state: fresh as unknown as Record<string, unknown>,
          updatedAt: now,
        })
        .onConflictDoNothing();
      [row] = await locked();
    }
    const before = syncItems(row!.state as unknown as LiveState, items);
    const conflict = checkVersion(before, input.expectedVersion);
    if (conflict) return { ok: false as const, error: conflict };
    const red = reduce(before, parsed.action, { at: now, newId: () => randomUUID().slice(0, 8) });
    if (!red.ok) return red;
    const { state, event } = red;
    const newMeetingStatus = meetingStatusOfLive(state.status);
    if (newMeetingStatus && newMeetingStatus !== m.status) {
      if (!canTransition(m.status, newMeetingStatus))
        return failure("errors.badStatus", 409, { from: m.status, action: parsed.action.type });
      await tx.update(meetings).set({ status: newMeetingStatus, updatedAt: now }).where(eq(meetings.id, m.id));
    }
    if (event.type === "live.stream.changed")
      await tx.update(meetings).set({ streamUrl: state.streamUrl, updatedAt: now }).where(eq(meetings.id, m.id));
    const pub = publicEvent(before, state, event);
    const updated = await tx
      .update(liveMeetings)
      .set({
        version: state.version,
        status: state.status,
        state: state as unknown as Record<string, unknown>,
        updatedAt: now,
      })
      .where(and(eq(liveMeetings.meetingId, m.id), eq(liveMeetings.version, before.version)))
      .returning({ v: liveMeetings.version });
    if (!updated.length) return { ok: false as const, error: { code: "errors.conflict", status: 409 } };
    await tx.insert(liveEvents).values({
      tenantId: m.tenantId,
      meetingId: m.id,
      version: event.version,
      type: event.type,
      itemId: event.itemId,
      actorPersonId: actor!.id,
      at: now,
      data: event.data,
      public: pub as unknown as Record<string, unknown>,
    });
    if (event.type === "live.vote.recorded" && event.itemId) {
      const v = state.votes[event.itemId]!;
      const item = state.items.find((i) => i.id === event.itemId);
      await tx.insert(liveVotes).values({
        tenantId: m.tenantId,
        meetingId: m.id,
        itemId: event.itemId,
        caseId: item?.caseId ?? null,
        version: event.version,
        mode: v.mode,
        votesFor: v.for,
        votesAgainst: v.against,
        votesBlank: v.blank,
        detail: { parties: v.parties, roll: v.roll },
        passed: v.passed,
        recordedAt: now,
      });
    }
    await appendAudit(tx, now, {
      tenantId: m.tenantId,
      actorPersonId: actor!.id,
      action: event.type,
      subjectType: "meeting",
      subjectId: m.id,
      data: { version: event.version, itemId: event.itemId },
    });
    return {
      ok: true as const,
      value: { version: state.version, state, event, public: pub, liveChanged: isLive(before) !== isLive(state) },
    };
  });
  if (!r.ok) return r;
  const { liveChanged, ...value } = r.value;
  try {
    const busEvent: LiveBusEvent = {
      type: value.event.type,
      tenantId: m.tenantId,
      meetingId: m.id,
      version: value.version,
      public: value.public,
      state: value.state,
      event: value.event,
      liveChanged,
    };
    deps.bus.publish(busEvent as unknown as LiveBusEvent & Record<string, unknown>);
  } catch (e) {
    deps.log.warn({ err: e, type: value.event.type }, "event listener failed");
  }
  return { ok: true, value };
}

// ---------------------------------------------------------------- queries

export interface LiveMeetingInfo {
  meetingId: string;
  tenantId: string;
  bodyId: string;
  status: MeetingStatus;
  public: boolean;
}

/** Who may see a live meeting: any meeting whose notice (and so agenda) is published. */
export async function liveMeetingInfo(
  db: Db,
  meetingId: string,
  tenantId: string | null = null,
): Promise<LiveMeetingInfo | null> {
  const m = await meetingOf(db, tenantId, meetingId);
  return m
    ? { meetingId: m.id, tenantId: m.tenantId, bodyId: m.bodyId, status: m.status, public: !!m.noticePublishedAt }
    : null;
}

/** The full state, for the console (staff only: the caller checks). */
export async function getConsoleState(db: Db, tenantId: string, meetingId: string): Promise<LiveState | null> {
  const m = await meetingOf(db, tenantId, meetingId);
  return m ? loadState(db, m) : null;
}

/** The public state and timeline; null if there is no such public meeting. */
export async function getPublicLive(
  db: Db,
  tenantId: string | null,
  meetingId: string,
): Promise<{ tenantId: string; state: PublicState; timeline: TimelineEntry[] } | null> {
  const m = await meetingOf(db, tenantId, meetingId);
  if (!m || !m.noticePublishedAt) return null;
  const state = publicState(await loadState(db, m));
  const rows = await db
    .select({ p: liveEvents.public })
    .from(liveEvents)
    .where(eq(liveEvents.meetingId, m.id))
    .orderBy(asc(liveEvents.version));
  const timeline = rows.map((r) => (r.p as unknown as PublicEvent).entry).filter((e): e is TimelineEntry => !!e);
  return { tenantId: m.tenantId, state, timeline };
}

/** Public events after `since` (catch-up), in order. */
export async function publicEventsSince(db: Db, meetingId: string, since: number): Promise<PublicEvent[]> {
  const rows = await db
    .select({ p: liveEvents.public })
    .from(liveEvents)
    .where(and(eq(liveEvents.meetingId, meetingId), gt(liveEvents.version, since)))
    .orderBy(asc(liveEvents.version));
  return rows.map((r) => r.p as unknown as PublicEvent);
}

export interface LiveNow {
  meetingId: string;
  status: LiveStatus;
  body: { key: string; name: Record<string, string> };
}

/** The municipality's meetings that are live now (started, not adjourned or ended). */
export async function listLiveNow(db: Db, tenantId: string): Promise<LiveNow[]> {
  const rows = await db
    .select({ meetingId: liveMeetings.meetingId, status: liveMeetings.status, key: bodies.key, name: bodies.name })
    .from(liveMeetings)
    .innerJoin(meetings, eq(meetings.id, liveMeetings.meetingId))
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .where(and(eq(liveMeetings.tenantId, tenantId), inArray(liveMeetings.status, ["in_progress", "paused"])))
    .orderBy(asc(meetings.startsAt));
  return rows.map((r) => ({
    meetingId: r.meetingId,
    status: r.status as LiveStatus,
    body: { key: r.key, name: r.name as Record<string, string> },
  }));
}

/** The full event log (console, minutes). */
export async function listEvents(db: Db, meetingId: string) {
  return db.select().from(liveEvents).where(eq(liveEvents.meetingId, meetingId)).orderBy(asc(liveEvents.version));
}

// ---------------------------------------------------------------- minutes (møtebok)

export interface Minutes {
  body: string;
  publishedAt: Date | null;
}

export async function getMinutes(db: Db, tenantId: string, meetingId: string): Promise<Minutes | null> {
  const [row] = await db
    .select({ body: meetingMinutes.body, publishedAt: meetingMinutes.publishedAt })
    .from(meetingMinutes)
    .where(and(eq(meetingMinutes.meetingId, meetingId), eq(meetingMinutes.tenantId, tenantId)));
  return row ?? null;
}

/**
 * Saves the minutes draft; with `publish` also makes it public and records each
 * decided open item's decision on its case (cases.decision.recorded goes out on
 * the bus, for the case page and for telling the case's followers).
 */
export async function saveMinutes(
  deps: LiveDeps & Pick<Deps, "env">,
  actor: Actor | null,
  input: { tenantId: string; meetingId: string; body: string; publish: boolean; links?: NoticeLinks },
): Promise<LiveResult<{ publishedAt: Date | null; notified: number }>> {
  const m = await meetingOf(deps.db.db, input.tenantId, input.meetingId);
  if (!m) return failure("errors.notFound", 404);
  if (!can(actor, "manage:meeting:body", { tenantId: m.tenantId, bodyId: m.bodyId })) {
    deps.log.warn({ tenantId: input.tenantId, meetingId: m.id, personId: actor?.id ?? null }, "minutes change refused");
    return failure("errors.forbidden", 403);
  }
  const body = input.body.replace(/\r\n/g, "\n").trim();
  if (!body || body.length > 200_000) return failure("errors.minutesEmpty", 400);
  if (input.publish && m.status !== "finished") return failure("errors.notFinished", 409);
  const now = deps.now();
  const state = await loadState(deps.db.db, m);
  const decided = input.publish ? state.items.filter((i) => !i.closed && i.caseId && state.decisions[i.id]) : [];
  const firstPublish = await deps.db.db.transaction(async (tx) => {
    const [old] = await tx
      .select({ publishedAt: meetingMinutes.publishedAt })
      .from(meetingMinutes)
      .where(eq(meetingMinutes.meetingId, m.id))
      .for("update");
    const publishedAt = input.publish ? (old?.publishedAt ?? now) : (old?.publishedAt ?? null);
    await tx
      .insert(meetingMinutes)
      .values({ meetingId: m.id, tenantId: m.tenantId, body, publishedAt, updatedAt: now })
      .onConflictDoUpdate({ target: meetingMinutes.meetingId, set: { body, publishedAt, updatedAt: now } });
    for (const i of decided)
      await tx
        .update(cases)
        // The decision is the meeting's (vedtaksdato = møtedato), not the day the minutes came out.
        .set({ decisionText: state.decisions[i.id]!, decidedAt: m.startsAt, updatedAt: now })
        .where(and(eq(cases.id, i.caseId!), eq(cases.tenantId, m.tenantId)));
    await appendAudit(tx, now, {
      tenantId: m.tenantId,
      actorPersonId: actor!.id,
      action: input.publish ? "live.minutes.published" : "live.minutes.saved",
      subjectType: "meeting",
      subjectId: m.id,
      data: { length: body.length },
    });
    return input.publish && !old?.publishedAt;
  });
  const publish = (type: string, extra: Record<string, unknown>) => {
    try {
      deps.bus.publish({ type, tenantId: m.tenantId, ...extra });
    } catch (e) {
      deps.log.warn({ err: e, type }, "event listener failed");
    }
  };
  if (input.publish) {
    publish("live.minutes.published", { meetingId: m.id });
    for (const i of decided) publish("cases.decision.recorded", { caseId: i.caseId, meetingId: m.id });
  }
  // The followers of each decided case hear of it once: when the minutes are first published.
  let notified = 0;
  if (firstPublish && input.links && decided.length) {
    try {
      notified = await notifyDecisions(deps, {
        tenantId: m.tenantId,
        bodyId: m.bodyId,
        cases: decided.map((i) => ({ caseId: i.caseId!, decision: state.decisions[i.id]! })),
        links: input.links,
      });
    } catch (err) {
      deps.log.error({ err, meetingId: m.id }, "decision notices failed");
    }
  }
  const saved = await getMinutes(deps.db.db, m.tenantId, m.id);
  return { ok: true, value: { publishedAt: saved?.publishedAt ?? null, notified } };
}

/** The draft minutes in `locale`, built from the state and the event log (the editor's starting point). */
export async function minutesDraft(
  db: Db,
  tenantId: string,
  meetingId: string,
  locale: Locale,
): Promise<string | null> {
  const m = await meetingOf(db, tenantId, meetingId);
  if (!m) return null;
  const [state, events, [meta]] = await Promise.all([
    loadState(db, m),
    listEvents(db, m.id),
    db
      .select({ name: bodies.name, startsAt: meetings.startsAt })
      .from(meetings)
      .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
      .where(eq(meetings.id, m.id)),
  ]);
  const t = tFor(locale);
  const lng = locale === "se" ? "nb" : locale;
  const time = (d: Date) =>
    new Intl.DateTimeFormat(lng, { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Oslo" }).format(d);
  const date = meta
    ? new Intl.DateTimeFormat(lng, { dateStyle: "long", timeZone: "Europe/Oslo" }).format(meta.startsAt)
    : "";
  const heading = t("minutes.docTitle", {
    ns: "live",
    body: pickText((meta?.name ?? null) as LocalizedText | null, locale)?.value ?? "",
    date,
  });
  return draftMinutes(
    state,
    events,
    {
      t: (k, p) => t(k, { ns: "live", ...p }),
      time,
      title: (i) => {
        const title = pickText(i.title ?? null, locale)?.value ?? "";
        return i.caseNumber ? t("item.numbered", { ns: "live", number: i.caseNumber, title }) : title;
      },
    },
    heading,
  );
}

export interface RosterMember {
  name: string;
  party: string | null;
}

/** The body's members in their term today (for the roll-call and the per-party vote forms). */
export async function bodyRoster(db: Db, tenantId: string, bodyId: string, today: Date): Promise<RosterMember[]> {
  const day = today.toISOString().slice(0, 10);
  return db
    .select({ name: bodyMembers.name, party: bodyMembers.party })
    .from(bodyMembers)
    .where(
      and(
        eq(bodyMembers.tenantId, tenantId),
        eq(bodyMembers.bodyId, bodyId),
        ne(bodyMembers.role, "secretary"),
        or(isNull(bodyMembers.termEnd), gte(bodyMembers.termEnd, day)),
        or(isNull(bodyMembers.termStart), lte(bodyMembers.termStart, day)),
      ),
    )
    .orderBy(asc(bodyMembers.position), asc(bodyMembers.name));
}
