// When a consultation closes (issue 6). Pure.
//
// A consultation belongs to the body that will decide. It closes a configurable
// number of days before that body's notice (innkalling) goes out, so the input
// can be summarised into the case documents the members receive with the
// notice (kommuneloven § 11-3; the notice lead time is per body, see
// app/modules/meetings/status.ts). Plan consultations (plan- og bygningsloven
// § 5-2) must run at least six weeks; as the county governors ask, days in
// July are not counted towards the six weeks.
import { noticeDeadline } from "#app/modules/meetings/status.ts";

const DAY = 86_400_000;
export const PLAN_MIN_DAYS = 42;
export const DEFAULT_CLOSE_DAYS_BEFORE_NOTICE = 2;

export interface DeadlineInput {
  /** The deciding body's meeting. */
  meetingStartsAt: Date;
  /** The body's notice lead time (bodies.notice_lead_days). */
  noticeLeadDays: number;
  /** Close this many days before the notice goes out (configurable per consultation). */
  closeDaysBeforeNotice: number;
  opensAt: Date;
  /** A plan consultation under pbl § 5-2 (at least six weeks, July not counted). */
  plan: boolean;
}

export type DeadlineError = "closesBeforeOpening" | "planTooShort" | "badCloseDays";
export type Deadline =
  | { ok: true; closesAt: Date; noticeAt: Date; countedDays: number }
  | { ok: false; error: DeadlineError; closesAt: Date; countedDays: number; minDays: number };

/** Whole days between two instants that count towards a plan consultation's period (July excluded). */
export function countedDays(from: Date, to: Date, excludeJuly = true): number {
  if (to <= from) return 0;
  let n = 0;
  for (let t = from.getTime(); t + DAY <= to.getTime(); t += DAY) {
    // The day starting at t counts unless it lies in July (Norwegian time: UTC+1/+2, so noon UTC is the same calendar day).
    const mid = new Date(t + DAY / 2);
    if (excludeJuly && mid.getUTCMonth() === 6) continue;
    n++;
  }
  return n;
}

/** The closing time derived from the deciding meeting. */
export function deriveDeadline(i: DeadlineInput): Deadline {
  if (!Number.isInteger(i.closeDaysBeforeNotice) || i.closeDaysBeforeNotice < 0 || i.closeDaysBeforeNotice > 365)
    return { ok: false, error: "badCloseDays", closesAt: i.meetingStartsAt, countedDays: 0, minDays: 0 };
  const noticeAt = noticeDeadline(i.meetingStartsAt, i.noticeLeadDays);
  const closesAt = new Date(noticeAt.getTime() - i.closeDaysBeforeNotice * DAY);
  const days = countedDays(i.opensAt, closesAt, i.plan);
  if (closesAt <= i.opensAt)
    return {
      ok: false,
      error: "closesBeforeOpening",
      closesAt,
      countedDays: days,
      minDays: i.plan ? PLAN_MIN_DAYS : 1,
    };
  if (i.plan && days < PLAN_MIN_DAYS)
    return { ok: false, error: "planTooShort", closesAt, countedDays: days, minDays: PLAN_MIN_DAYS };
  return { ok: true, closesAt, noticeAt, countedDays: days };
}

export interface Move {
  closesAt: Date;
  /** The closing time changed: participants get a notice. */
  changed: boolean;
  /** The new meeting is so early that the consultation must close now (or is already past its new deadline). */
  closesImmediately: boolean;
}

/**
 * The case moved to another meeting: the consultation's new closing time. A
 * consultation that has already closed stays closed. A move never shortens a
 * plan consultation below six weeks silently: the caller gets planTooShort and
 * keeps the old deadline until the secretary decides.
 */
export function moveDeadline(
  current: { closesAt: Date; closedAt: Date | null },
  i: DeadlineInput,
  now: Date,
): { ok: true; move: Move } | { ok: false; error: DeadlineError } {
  if (current.closedAt)
    return { ok: true, move: { closesAt: current.closesAt, changed: false, closesImmediately: false } };
  const d = deriveDeadline(i);
  if (!d.ok && d.error !== "closesBeforeOpening") return { ok: false, error: d.error };
  const closesAt = d.closesAt;
  return {
    ok: true,
    move: { closesAt, changed: closesAt.getTime() !== current.closesAt.getTime(), closesImmediately: closesAt <= now },
  };
}

export interface Countdown {
  open: boolean;
  days: number;
  hours: number;
  minutes: number;
}

/** What the resident sees: time left until closing (rounded down). */
export function countdown(closesAt: Date, now: Date): Countdown {
  const ms = closesAt.getTime() - now.getTime();
  if (ms <= 0) return { open: false, days: 0, hours: 0, minutes: 0 };
  return {
    open: true,
    days: Math.floor(ms / DAY),
    hours: Math.floor((ms % DAY) / 3_600_000),
    minutes: Math.floor((ms % 3_600_000) / 60_000),
  };
}

/** Open for input: opened, not past its closing time, not closed by the secretary. */
export function isOpen(c: { opensAt: Date; closesAt: Date; closedAt: Date | null }, now: Date): boolean {
  return !c.closedAt && c.opensAt <= now && now < c.closesAt;
}
