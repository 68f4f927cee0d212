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
