import { describe, expect, it } from "vitest";
import { canTransition, defaultNoticeLeadDays, isLateNotice, noticeDeadline, TRANSITIONS } from "./status.ts";

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
