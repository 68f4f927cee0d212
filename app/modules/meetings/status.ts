// The meeting's status machine and the notice rule (kommuneloven § 11-3).
// Pure. The law sets no number of days; each municipality's reglement does,
// so the lead time is configured per body (default 7, kommunestyre 10).
import type { BodyKind } from "#db/schema/political.ts";

export type MeetingStatus = "planned" | "notice_published" | "in_progress" | "adjourned" | "finished";

// "notice_published" is reached only through publishNotice (which needs an agenda).
export const TRANSITIONS: Record<MeetingStatus, readonly MeetingStatus[]> = {
  planned: ["notice_published", "adjourned"],
  notice_published: ["in_progress", "adjourned"],
  in_progress: ["adjourned", "finished"],
  adjourned: ["in_progress", "finished"],
  finished: [],
};

export function canTransition(from: MeetingStatus, to: MeetingStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

// The live console works on the same machine, one step finer: before the start a meeting is
// "waiting" (planned or with its notice out), and a meeting in progress may be "paused". The
// meeting's row holds the coarse status (the admin page changes it too); the console's state
// holds the fine one, and where the two disagree the row wins (liveStatusOf).
export type LiveStatus = "waiting" | "in_progress" | "paused" | "adjourned" | "finished";
export type StatusAction = "start" | "pause" | "resume" | "adjourn" | "end";

/** The meeting status a live status means; null while waiting (planned or noticed: the row decides). */
export function meetingStatusOfLive(s: LiveStatus): MeetingStatus | null {
  return s === "waiting" ? null : s === "paused" ? "in_progress" : s;
}

/** The live status to show for a meeting row: the console's own when it agrees with the row, else the row's. */
export function liveStatusOf(meeting: MeetingStatus, live?: LiveStatus | null): LiveStatus {
  if (live) {
    const coarse = meetingStatusOfLive(live);
    if (coarse === meeting || (coarse === null && (meeting === "planned" || meeting === "notice_published")))
      return live;
  }
  return meeting === "planned" || meeting === "notice_published" ? "waiting" : meeting;
}

const ACTION_TARGET: Record<StatusAction, LiveStatus> = {
  start: "in_progress",
  pause: "paused",
  resume: "in_progress",
  adjourn: "adjourned",
  end: "finished",
};
const LIVE_ACTIONS: Record<LiveStatus, readonly StatusAction[]> = {
  waiting: ["start"],
  in_progress: ["pause", "adjourn", "end"],
  paused: ["resume", "adjourn", "end"],
  adjourned: ["start", "end"],
  finished: [],
};

/** Where a console action takes the live status. */
export const targetOf = (a: StatusAction): LiveStatus => ACTION_TARGET[a];

/**
 * The status actions the console may offer: those the live status allows whose meeting
 * status change the meeting's machine allows too (a meeting without its notice cannot start).
 */
export function statusActions(
  live: LiveStatus,
  meeting: MeetingStatus = meetingStatusOfLive(live) ?? "notice_published",
): StatusAction[] {
  return LIVE_ACTIONS[live].filter((a) => {
    const to = meetingStatusOfLive(ACTION_TARGET[a]);
    return to === null || to === meeting || canTransition(meeting, to);
  });
}

export function defaultNoticeLeadDays(kind: BodyKind): number {
  return kind === "kommunestyre" ? 10 : 7;
}

const DAY = 86_400_000;

/** The latest moment the notice should be published. */
export function noticeDeadline(startsAt: Date, leadDays: number): Date {
  return new Date(startsAt.getTime() - leadDays * DAY);
}

/** Whether a notice published at `at` is later than the body's lead time allows. */
export function isLateNotice(startsAt: Date, leadDays: number, at: Date): boolean {
  return at.getTime() > noticeDeadline(startsAt, leadDays).getTime();
}
