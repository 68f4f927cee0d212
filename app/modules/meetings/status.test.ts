import { describe, expect, it } from "vitest";
import {
  canTransition,
  defaultNoticeLeadDays,
  isLateNotice,
  liveStatusOf,
  meetingStatusOfLive,
  noticeDeadline,
  statusActions,
  targetOf,
  TRANSITIONS,
} from "./status.ts";

describe("meeting status machine", () => {
  it("goes planned → notice published → in progress → finished, with adjournments", () => {
    expect(canTransition("planned", "notice_published")).toBe(true);
    expect(canTransition("notice_published", "in_progress")).toBe(true);
    expect(canTransition("in_progress", "adjourned")).toBe(true);
    expect(canTransition("adjourned", "in_progress")).toBe(true);
    expect(canTransition("in_progress", "finished")).toBe(true);
  });
  it("never leaves finished and never skips the notice", () => {
    expect(TRANSITIONS.finished).toEqual([]);
    expect(canTransition("planned", "in_progress")).toBe(false);
    expect(canTransition("planned", "finished")).toBe(false);
    expect(canTransition("finished", "planned")).toBe(false);
  });
});

describe("notice lead time", () => {
  it("defaults to 7 days, 10 for the municipal council", () => {
    expect(defaultNoticeLeadDays("utvalg")).toBe(7);
    expect(defaultNoticeLeadDays("kommunestyre")).toBe(10);
  });
  it("computes the deadline and tells a late notice", () => {
    const start = new Date("2026-12-10T16:00:00Z");
    expect(noticeDeadline(start, 10).toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(isLateNotice(start, 7, new Date("2026-12-02T12:00:00Z"))).toBe(false);
    expect(isLateNotice(start, 7, new Date("2026-12-04T12:00:00Z"))).toBe(true);
  });
});

describe("one machine for the admin page and the live console (issue 17)", () => {
  const MEETING = ["planned", "notice_published", "in_progress", "adjourned", "finished"] as const;
  const LIVE = ["waiting", "in_progress", "paused", "adjourned", "finished"] as const;

  it("every status action the console offers is a change the meeting's machine allows", () => {
    for (const meeting of MEETING)
      for (const live of LIVE) {
        if (liveStatusOf(meeting, live) !== live) continue; // a pair the row overrides never reaches the console
        for (const a of statusActions(live, meeting)) {
          const to = meetingStatusOfLive(targetOf(a));
          if (to !== null && to !== meeting) expect(canTransition(meeting, to), `${meeting}/${live}: ${a}`).toBe(true);
        }
      }
  });

  it("a meeting without its notice cannot start; with it, it can", () => {
    expect(statusActions("waiting", "planned")).toEqual([]);
    expect(statusActions("waiting", "notice_published")).toEqual(["start"]);
    expect(statusActions("adjourned", "adjourned")).toEqual(["start", "end"]);
  });

  it("the row wins where the admin page changed the status after the console", () => {
    expect(liveStatusOf("finished", "in_progress")).toBe("finished");
    expect(liveStatusOf("adjourned", "paused")).toBe("adjourned");
    expect(liveStatusOf("in_progress", "paused")).toBe("paused"); // a pause is the console's own detail
    expect(liveStatusOf("notice_published", "waiting")).toBe("waiting");
    expect(liveStatusOf("in_progress", "waiting")).toBe("in_progress");
    expect(liveStatusOf("planned")).toBe("waiting");
  });
});
