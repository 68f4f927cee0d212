// The live meeting engine (issue 9). Pure: no imports from db/, io or Remix.
//
// A live meeting is one versioned state. Every console action goes through
// reduce(): it checks the action against the state, returns the next state
// (version + 1) and the event that describes the change. The event log is the
// list of these events; the public sees them through publicEvent(), which is
// built from publicState() on both sides of the change, so whatever
// publicState() leaves out (closed agenda items, kommuneloven § 11-5, and
// everything said or voted on during them) can never reach a viewer.
// See README.md beside this file for the rules in prose.
import { z } from "zod";
import type { LocalizedText } from "#app/lib/localized.ts";

import type { LiveStatus } from "#app/modules/meetings/status.ts";
export type { LiveStatus };
export type ItemState = "pending" | "current" | "done" | "postponed";

export interface LiveItem {
  id: string;
  position: number;
  closed: boolean;
  caseId: string | null;
  /** "2026/14": the case number, for display. */
  caseNumber: string | null;
  title: LocalizedText | null;
  state: ItemState;
}

export interface Speaker {
  id: string;
  name: string;
  party: string | null;
  /** "reply" is a replikk: a short answer to the speaker who has the floor. */
  kind: "speech" | "reply";
}

export interface Floor {
  speaker: Speaker;
  since: string; // ISO time the floor was given (the timer counts from it)
}

export type VoteChoice = "for" | "against" | "blank";
export interface VoteRecord {
  itemId: string;
  mode: "count" | "party" | "rollcall";
  for: number;
  against: number;
  blank: number;
  parties: { party: string; for: number; against: number; blank: number }[];
  roll: { name: string; party: string | null; vote: VoteChoice }[];
  passed: boolean;
  at: string;
}

export interface LiveState {
  meetingId: string;
  tenantId: string;
  version: number;
  status: LiveStatus;
  currentItemId: string | null;
  /** While paused: when the break ends, if the secretary said. */
  breakUntil: string | null;
  streamUrl: string | null;
  items: LiveItem[];
  queue: Speaker[];
  floor: Floor | null;
  votes: Record<string, VoteRecord>;
  decisions: Record<string, string>;
  startedAt: string | null;
  endedAt: string | null;
}

// ---------------------------------------------------------------- actions
const id = z.string().uuid();
const name = z.string().trim().min(1).max(200);
const count = z.number().int().min(0).max(100_000);
const choice = z.enum(["for", "against", "blank"]);

export const LiveAction = z.discriminatedUnion("type", [
  z.object({ type: z.literal("start") }),
  z.object({ type: z.literal("pause"), until: z.string().datetime({ offset: true }).nullish() }),
  z.object({ type: z.literal("resume") }),
  z.object({ type: z.literal("adjourn") }),
  z.object({ type: z.literal("end") }),
  z.object({ type: z.literal("moveTo"), itemId: id }),
  z.object({ type: z.literal("postpone"), itemId: id }),
  z.object({
    type: z.literal("addSpeaker"),
    name,
    party: z.string().trim().max(100).nullish(),
    kind: z.enum(["speech", "reply"]).default("speech"),
  }),
  z.object({ type: z.literal("removeSpeaker"), speakerId: z.string().min(1).max(60) }),
  z.object({
    type: z.literal("moveSpeaker"),
    speakerId: z.string().min(1).max(60),
    to: z.number().int().min(0).max(1000),
  }),
  z.object({ type: z.literal("nextSpeaker") }),
  z.object({ type: z.literal("endSpeech") }),
  z.object({
    type: z.literal("recordVote"),
    itemId: id,
    mode: z.enum(["count", "party", "rollcall"]).default("count"),
    for: count.default(0),
    against: count.default(0),
    blank: count.default(0),
    parties: z
      .array(z.object({ party: name, for: count, against: count, blank: count }))
      .max(50)
      .default([]),
    roll: z
      .array(z.object({ name, party: z.string().trim().max(100).nullish(), vote: choice }))
      .max(500)
      .default([]),
    passed: z.boolean().nullish(),
  }),
  z.object({ type: z.literal("recordDecision"), itemId: id, text: z.string().trim().min(1).max(20_000) }),
  z.object({
    type: z.literal("setStream"),
    url: z
      .string()
      .trim()
      .max(2000)
      .url()
      .refine((u) => /^https:\/\//i.test(u))
      .nullable(),
  }),
]);
export type LiveAction = z.input<typeof LiveAction>;
type Action = z.output<typeof LiveAction>;
export type LiveActionType = Action["type"];
export const LIVE_ACTION_TYPES = LiveAction.options.map((o) => o.shape.type.value) as LiveActionType[];

// ---------------------------------------------------------------- events
/** Event names (STYLE.md §2: module.entity.pastTense), one per action. */
export const EVENT_OF = {
  start: "live.meeting.started",
  pause: "live.meeting.paused",
  resume: "live.meeting.resumed",
  adjourn: "live.meeting.adjourned",
  end: "live.meeting.ended",
  moveTo: "live.agendaItem.opened",
  postpone: "live.agendaItem.postponed",
  addSpeaker: "live.speaker.added",
  removeSpeaker: "live.speaker.removed",
  moveSpeaker: "live.speaker.moved",
  nextSpeaker: "live.floor.given",
  endSpeech: "live.floor.ended",
  recordVote: "live.vote.recorded",
  recordDecision: "live.decision.recorded",
  setStream: "live.stream.changed",
} as const satisfies Record<LiveActionType, string>;
export type LiveEventType = (typeof EVENT_OF)[LiveActionType];
/** What viewers see instead of an event about a closed item. */
export const REDACTED = "live.closedSession.continued" as const;

export interface LiveEvent {
  version: number;
  type: LiveEventType;
  at: string;
  /** The agenda item the event is about (the current one for speakers). */
  itemId: string | null;
  data: Record<string, unknown>;
}

export interface LiveError {
  code: string; // key in the "live" namespace, e.g. "errors.conflict"
  status: number;
  params?: Record<string, string | number>;
}
export type Reduced = { ok: true; state: LiveState; event: LiveEvent } | { ok: false; error: LiveError };
const fail = (code: string, status = 409, params?: LiveError["params"]): Reduced => ({
  ok: false,
  error: { code, status, ...(params ? { params } : {}) },
});

export function initialState(input: {
  meetingId: string;
  tenantId: string;
  streamUrl: string | null;
  status?: LiveStatus;
  items: Omit<LiveItem, "state">[];
}): LiveState {
  return {
    meetingId: input.meetingId,
    tenantId: input.tenantId,
    version: 0,
    status: input.status ?? "waiting",
    currentItemId: null,
    breakUntil: null,
    streamUrl: input.streamUrl,
    items: [...input.items].sort((a, b) => a.position - b.position).map((i) => ({ ...i, state: "pending" })),
    queue: [],
    floor: null,
    votes: {},
    decisions: {},
    startedAt: null,
    endedAt: null,
  };
}

/** Parses an untrusted action (a form or a socket payload). */
export function parseAction(raw: unknown): { ok: true; action: Action } | { ok: false; error: LiveError } {
  const r = LiveAction.safeParse(raw);
  return r.success ? { ok: true, action: r.data } : { ok: false, error: { code: "errors.invalidAction", status: 400 } };
}

/**
 * The version-conflict rule: an action is applied only to the version the
 * console saw. A stale console gets errors.conflict with the current version,
 * shows the new state and lets the secretary decide again (nothing is merged
 * silently, so two secretaries never undo each other without seeing it).
 */
export function checkVersion(state: LiveState, expected: number): LiveError | null {
  return expected === state.version
    ? null
    : { code: "errors.conflict", status: 409, params: { current: state.version, expected } };
}

const RUNNING: readonly LiveStatus[] = ["in_progress", "paused"];

/** The meeting's status changes the console may offer now: app/modules/meetings/status.ts, one machine for both. */
export { statusActions, type StatusAction } from "#app/modules/meetings/status.ts";

/** Applies one action. `newId` names new speakers (random on the server, fixed in tests). */
export function reduce(state: LiveState, raw: Action | LiveAction, ctx: { at: Date; newId: () => string }): Reduced {
  const parsed = parseAction(raw);
  if (!parsed.ok) return parsed;
  const a = parsed.action;
  const at = ctx.at.toISOString();
  const s: LiveState = structuredClone(state);
  const item = "itemId" in a ? s.items.find((i) => i.id === a.itemId) : undefined;
  if ("itemId" in a && !item) return fail("errors.noSuchItem", 404);
  if (s.status === "finished") return fail("errors.meetingFinished");
  let data: Record<string, unknown> = {};
  let itemId: string | null = item?.id ?? null;

  switch (a.type) {
    case "start":
      if (s.status !== "waiting" && s.status !== "adjourned")
        return fail("errors.badStatus", 409, { from: s.status, action: a.type });
      s.status = "in_progress";
      s.startedAt ??= at;
      break;
    case "pause":
      if (s.status !== "in_progress") return fail("errors.badStatus", 409, { from: s.status, action: a.type });
      s.status = "paused";
      s.breakUntil = a.until ? new Date(a.until).toISOString() : null;
      data = { until: s.breakUntil };
      break;
    case "resume":
      if (s.status !== "paused") return fail("errors.badStatus", 409, { from: s.status, action: a.type });
      s.status = "in_progress";
      s.breakUntil = null;
      break;
    case "adjourn":
      if (!RUNNING.includes(s.status)) return fail("errors.badStatus", 409, { from: s.status, action: a.type });
      s.status = "adjourned";
      s.breakUntil = null;
      s.floor = null;
      break;
    case "end":
      if (!RUNNING.includes(s.status) && s.status !== "adjourned")
        return fail("errors.badStatus", 409, { from: s.status, action: a.type });
      s.status = "finished";
      s.breakUntil = null;
      s.floor = null;
      s.queue = [];
      s.endedAt = at;
      for (const i of s.items) if (i.state === "current") i.state = "done";
      s.currentItemId = null;
      break;
    case "moveTo": {
      if (!RUNNING.includes(s.status)) return fail("errors.notRunning");
      if (s.currentItemId === item!.id) return fail("errors.alreadyCurrent");
      for (const i of s.items) if (i.state === "current") i.state = "done";
      item!.state = "current";
      s.currentItemId = item!.id;
      s.queue = [];
      s.floor = null;
      break;
    }
    case "postpone":
      if (item!.state === "done") return fail("errors.itemDone");
      item!.state = "postponed";
      if (s.currentItemId === item!.id) {
        s.currentItemId = null;
        s.queue = [];
        s.floor = null;
      }
      break;
    case "addSpeaker": {
      if (!s.currentItemId) return fail("errors.noCurrentItem");
      const sp: Speaker = { id: ctx.newId(), name: a.name, party: a.party || null, kind: a.kind };
      // A reply (replikk) goes before the speeches that wait, after earlier replies.
      if (sp.kind === "reply") {
        const firstSpeech = s.queue.findIndex((q) => q.kind === "speech");
        s.queue.splice(firstSpeech < 0 ? s.queue.length : firstSpeech, 0, sp);
      } else s.queue.push(sp);
      itemId = s.currentItemId;
      data = { speakerId: sp.id, name: sp.name, party: sp.party, kind: sp.kind };
      break;
    }
    case "removeSpeaker": {
      const i = s.queue.findIndex((q) => q.id === a.speakerId);
      if (i < 0) return fail("errors.noSuchSpeaker", 404);
      const [gone] = s.queue.splice(i, 1);
      itemId = s.currentItemId;
      data = { speakerId: gone!.id, name: gone!.name };
      break;
    }
    case "moveSpeaker": {
      const i = s.queue.findIndex((q) => q.id === a.speakerId);
      if (i < 0) return fail("errors.noSuchSpeaker", 404);
      const [sp] = s.queue.splice(i, 1);
      s.queue.splice(Math.min(a.to, s.queue.length), 0, sp!);
      itemId = s.currentItemId;
      data = { speakerId: sp!.id, to: Math.min(a.to, s.queue.length - 1) };
      break;
    }
    case "nextSpeaker": {
      if (!s.currentItemId) return fail("errors.noCurrentItem");
      const sp = s.queue.shift();
      if (!sp) return fail("errors.queueEmpty");
      s.floor = { speaker: sp, since: at };
      itemId = s.currentItemId;
      data = { speakerId: sp.id, name: sp.name, party: sp.party, kind: sp.kind };
      break;
    }
    case "endSpeech":
      if (!s.floor) return fail("errors.nobodySpeaking");
      data = {
        speakerId: s.floor.speaker.id,
        name: s.floor.speaker.name,
        seconds: Math.max(0, Math.round((ctx.at.getTime() - Date.parse(s.floor.since)) / 1000)),
      };
      itemId = s.currentItemId;
      s.floor = null;
      break;
    case "recordVote": {
      let { for: f, against, blank } = a;
      if (a.mode === "party") {
        if (!a.parties.length) return fail("errors.voteEmpty", 400);
        f = sum(a.parties, "for");
        against = sum(a.parties, "against");
        blank = sum(a.parties, "blank");
      } else if (a.mode === "rollcall") {
        if (!a.roll.length) return fail("errors.voteEmpty", 400);
        f = a.roll.filter((r) => r.vote === "for").length;
        against = a.roll.filter((r) => r.vote === "against").length;
        blank = a.roll.filter((r) => r.vote === "blank").length;
      }
      if (f + against + blank === 0) return fail("errors.voteEmpty", 400);
      // Kommuneloven § 11-9: a simple majority of the votes cast decides; blank votes are not cast
      // (a tie is decided by the chair's vote, which the secretary records through `passed`).
      const passed = a.passed ?? f > against;
      s.votes[item!.id] = {
        itemId: item!.id,
        mode: a.mode,
        for: f,
        against,
        blank,
        parties: a.mode === "party" ? a.parties : [],
        roll: a.mode === "rollcall" ? a.roll.map((r) => ({ name: r.name, party: r.party || null, vote: r.vote })) : [],
        passed,
        at,
      };
      data = { for: f, against, blank, passed, mode: a.mode };
      break;
    }
    case "recordDecision":
      s.decisions[item!.id] = a.text;
      data = { text: a.text };
      break;
    case "setStream":
      s.streamUrl = a.url;
      data = { url: a.url };
      break;
  }
  s.version = state.version + 1;
  return { ok: true, state: s, event: { version: s.version, type: EVENT_OF[a.type], at, itemId, data } };
}

const sum = (rows: { for: number; against: number; blank: number }[], k: "for" | "against" | "blank") =>
  rows.reduce((n, r) => n + r[k], 0);

// ---------------------------------------------------------------- what is public
export type PublicItem = Omit<LiveItem, "closed">;
export interface PublicState {
  meetingId: string;
  version: number;
  status: LiveStatus;
  /** Null also while a closed item is being dealt with (then inClosedSession is true). */
  currentItemId: string | null;
  inClosedSession: boolean;
  breakUntil: string | null;
  streamUrl: string | null;
  /** Open items only: a closed item's id, title and case never leave the server. */
  items: PublicItem[];
  queue: Speaker[];
  floor: Floor | null;
  votes: Record<string, VoteRecord>;
  decisions: Record<string, string>;
  startedAt: string | null;
  endedAt: string | null;
}

export function publicState(s: LiveState): PublicState {
  const closed = new Set(s.items.filter((i) => i.closed).map((i) => i.id));
  const inClosed = !!s.currentItemId && closed.has(s.currentItemId);
  const keep = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).filter(([k]) => !closed.has(k)));
  return {
    meetingId: s.meetingId,
    version: s.version,
    status: s.status,
    currentItemId: inClosed ? null : s.currentItemId,
    inClosedSession: inClosed,
    breakUntil: s.breakUntil,
    streamUrl: s.streamUrl,
    items: s.items.filter((i) => !i.closed).map(({ closed: _c, ...i }) => i),
    queue: inClosed ? [] : s.queue,
    floor: inClosed ? null : s.floor,
    votes: keep(s.votes),
    decisions: keep(s.decisions),
    startedAt: s.startedAt,
    endedAt: s.endedAt,
  };
}

/** One line of the public timeline. `type` picks the sentence (live:timeline.<type>). */
export interface TimelineEntry {
  version: number;
  at: string;
  type: LiveEventType;
  itemId: string | null;
  data: Record<string, string | number | boolean | null>;
}

/** What a viewer receives for one event: the changed parts of the public state and the timeline line. */
export interface PublicEvent {
  meetingId: string;
  version: number;
  type: LiveEventType | typeof REDACTED;
  patch: Partial<Omit<PublicState, "meetingId" | "version">>;
  entry: TimelineEntry | null;
}

/** Whether viewers may know what this event was (not: anything about a closed item). */
export function isPublicEvent(before: LiveState, event: LiveEvent): boolean {
  const closed = (id: string | null) => !!id && !!before.items.find((i) => i.id === id)?.closed;
  return !closed(event.itemId);
}

/** Public data per event type: a whitelist, so a new field is private until listed here. */
const PUBLIC_DATA: Partial<Record<LiveEventType, readonly string[]>> = {
  "live.meeting.paused": ["until"],
  "live.speaker.added": ["name", "party", "kind"],
  "live.floor.given": ["name", "party", "kind"],
  "live.floor.ended": ["name", "seconds"],
  "live.vote.recorded": ["for", "against", "blank", "passed"],
};

export function publicEvent(before: LiveState, after: LiveState, event: LiveEvent): PublicEvent {
  const a = publicState(before);
  const b = publicState(after);
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(b) as (keyof PublicState)[]) {
    if (k === "meetingId" || k === "version") continue;
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) patch[k] = b[k];
  }
  const visible = isPublicEvent(before, event);
  const fields = PUBLIC_DATA[event.type] ?? [];
  const entry: TimelineEntry | null = visible
    ? {
        version: event.version,
        at: event.at,
        type: event.type,
        itemId: event.itemId,
        data: Object.fromEntries(
          fields.filter((f) => f in event.data).map((f) => [f, event.data[f] as string | number | boolean | null]),
        ),
      }
    : null;
  return { meetingId: after.meetingId, version: after.version, type: visible ? event.type : REDACTED, patch, entry };
}

/**
 * A viewer's reducer: applies public events in version order. Returns null
 * when an event is missing (the viewer then asks for a catch-up).
 */
export function applyPublic(state: PublicState, e: PublicEvent): PublicState | null {
  if (e.version <= state.version) return state; // already seen (catch-up overlap)
  if (e.version !== state.version + 1) return null;
  return { ...state, ...e.patch, version: e.version };
}

/** Whether the meeting is "live now" (for the municipality home). */
export const isLive = (s: Pick<LiveState, "status">) => s.status === "in_progress" || s.status === "paused";
